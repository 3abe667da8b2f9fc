/**
 * Where a step's actions may act, for the least-privilege policy (`aws-bootstrap permissions`):
 * each step declares its resource patterns beside its actions (`Step.permissions.scopes`), and
 * src/permissions.ts builds the document from them. An action no scope names is granted on `*`.
 */

/** An IAM condition block: operator → context key → value(s). */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** What the policy is for: applying (`run`), previewing (`plan`) or taking a run back (`undo`). */
export type PermissionMode = 'run' | 'plan' | 'undo';

/** Where some of a step's actions may act. */
export interface Scope {
  /** Appended to the step's statement id ("Role" → `CloudtrailRole`). */
  readonly name: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: PolicyCondition;
  /**
   * Set for what several steps need alike (the log bucket module's calls, service-linked roles):
   * such scopes of all chosen steps become one statement of this name, their actions, resources
   * and condition values joined.
   */
  readonly shared?: string;
}

/** What a step's scopes are built from. */
export interface ScopeContext {
  readonly mode: PermissionMode;
  readonly partition: string;
  /** The account id, or `*` when the policy is for any account. */
  readonly account: string;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; region `*` unless given. */
  arn(service: string, resource: string, region?: string): string;
  /** A string input of the step: the config's value, else the input's default; `*` if neither. */
  input(key: string): string;
}

/**
 * The account itself (account:* calls without an AccountId act on the caller's account; another
 * member account of an organization would be `accountInOrganization`, not allowed). One
 * statement for the engine and the steps that need it.
 */
export const accountScope = (c: ScopeContext, actions: readonly string[]): Scope => ({ name: 'Account', shared: 'account', actions, resources: [`arn:${c.partition}:account::${c.account}:account`] });

/** A role the tool names and creates (at the path `/`). */
export const roleArn = (c: ScopeContext, name: string): string => `arn:${c.partition}:iam::${c.account}:role/${name}`;

/**
 * A role or group whose name is an input: one of that name the step adopts may sit under any
 * path (names are unique in an account whatever the path), so both forms.
 */
export const roleArns = (c: ScopeContext, name: string): string[] => [roleArn(c, name), `arn:${c.partition}:iam::${c.account}:role/*/${name}`];
export const groupArns = (c: ScopeContext, name: string): string[] => [`arn:${c.partition}:iam::${c.account}:group/${name}`, `arn:${c.partition}:iam::${c.account}:group/*/${name}`];

/**
 * iam:CreateServiceLinkedRole for these services only (the first detector, analyzer or hub of an
 * account creates its role), on the roles' paths.
 */
export const serviceLinkedRole = (c: ScopeContext, ...services: string[]): Scope => ({
  name: 'ServiceLinkedRoles',
  shared: 'service-linked-roles',
  actions: ['iam:CreateServiceLinkedRole'],
  resources: services.map((service) => `arn:${c.partition}:iam::${c.account}:role/aws-service-role/${service}/*`),
  condition: { StringEquals: { 'iam:AWSServiceName': services } },
});

/** iam:PassRole on these roles, to this service only. */
export const passRole = (resources: readonly string[], service: string): Scope => ({
  name: 'PassRole', actions: ['iam:PassRole'], resources, condition: { StringEquals: { 'iam:PassedToService': service } },
});
