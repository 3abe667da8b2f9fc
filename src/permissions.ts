/**
 * `aws-bootstrap permissions`: the least IAM policy a run needs, built from what each step
 * declares (`Step.permissions`) for the chosen mode, plus the engine's own calls. Every action
 * is listed by name (no wildcards), and each is granted on the resources the step acts on where
 * IAM can say so (an ARN pattern, sometimes a condition), on `*` only where AWS offers nothing
 * narrower (list and describe calls, account settings, creates whose id AWS picks).
 *
 * The patterns live here, keyed by step id (`STEP_SCOPES`): the names come from the steps' own
 * constants and from their inputs (the config file's section, else the input's default). The
 * account part is `*` unless an account id is given (the command does not call STS), the region
 * part `*` (region steps act in every enabled region). `test/engine/policy.test.ts` replays
 * every call of a full run, a plan, an undo and an adopting run against the printed policy,
 * resource by resource.
 */
import { logBucketName } from './cloudtrail-documents.js';
import { ROLE_NAME as CLOUDTRAIL_ROLE } from './cloudtrail-aws.js';
import type { AnyStep } from './core/step.js';
import { GUARDDUTY_RULE, ROLE_NAME as FINDINGS_ROLE, SECURITY_HUB_RULE } from './finding-events.js';
import { RULE_NAME as HEALTH_RULE, ROLE_NAME as HEALTH_ROLE } from './health-events.js';
import { LOG_BUCKET_PERMISSIONS } from './log-bucket-aws.js';
import { CONFIG_ROLE_NAME, configBucketName, configRoleArn } from '../steps/config-bucket.js';
import { TEARDOWN_TAG } from '../steps/default-vpcs.js';
import { nameOf as alarmName, type AlarmSpec } from '../steps/log-alarms.js';

/** What the policy is for: applying (`run`), previewing (`plan`) or taking a run back (`undo`). */
export type PermissionMode = 'run' | 'plan' | 'undo';

export const PERMISSION_MODES: readonly PermissionMode[] = ['run', 'plan', 'undo'];

/**
 * The engine's own calls, made outside any step: who is calling, and which regions are enabled
 * (account:ListRegions, or ec2:DescribeRegions when that is denied).
 */
export const ENGINE_ACTIONS: readonly string[] = ['sts:GetCallerIdentity', 'account:ListRegions', 'ec2:DescribeRegions'];

/**
 * The actions a step needs in a mode. A dry run reads, and proves EC2 changes with `DryRun`
 * (which IAM authorises as the change itself); undo reads (to see what changed since) and takes
 * changes back.
 */
export function stepActions(step: AnyStep, mode: PermissionMode): string[] {
  const { observe, apply, undo = [] } = step.permissions;
  const probes = step.probe ? apply.filter((action) => action.startsWith('ec2:')) : [];
  const actions = mode === 'run' ? [...observe, ...apply] : mode === 'plan' ? [...observe, ...probes] : [...observe, ...undo];
  return [...new Set(actions)].sort();
}

/** An IAM condition block: operator → context key → value(s). */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

export interface PolicyOptions {
  /**
   * The config file's sections by step id (what `--config` gives a run): resource names that
   * are inputs (the admin role and group, the topic, the trail, the log group, the budget, the
   * analyzer) are taken from here. Absent: each input's default, as a run without a config uses.
   */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The account the policy is for (12 digits); absent, `*` (any account). */
  readonly accountId?: string;
  /** The partition (`aws`, `aws-cn`, `aws-us-gov`); absent, `aws`. */
  readonly partition?: string;
  /**
   * `--org`: the role assumed in every member account (`--role-name`). The policy then also
   * lets the caller list the organization's accounts and assume that role. It is what the
   * management account's caller needs; in each member the role itself must allow the steps.
   */
  readonly orgRoleName?: string;
}

/** Where some of a step's actions may act. */
interface Scope {
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
interface ScopeContext {
  readonly mode: PermissionMode;
  readonly partition: string;
  readonly account: string;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; region `*` unless given. */
  arn(service: string, resource: string, region?: string): string;
  /** A string input of the step: the config's value, else the input's default; `*` if neither. */
  input(key: string): string;
}

// ---- the patterns -----------------------------------------------------------------------------

/**
 * The account itself (account:* calls without an AccountId act on the caller's account; another
 * member account of an organization would be `accountInOrganization`, not allowed). One
 * statement for the engine and the steps that need it.
 */
const accountScope = (c: ScopeContext, actions: readonly string[]): Scope => ({ name: 'Account', shared: 'account', actions, resources: [`arn:${c.partition}:account::${c.account}:account`] });

/** A role the tool names and creates (at the path `/`). */
const roleArn = (c: ScopeContext, name: string) => `arn:${c.partition}:iam::${c.account}:role/${name}`;
/**
 * A role or group whose name is an input: one of that name the step adopts may sit under any
 * path (names are unique in an account whatever the path), so both forms.
 */
const roleArns = (c: ScopeContext, name: string) => [roleArn(c, name), `arn:${c.partition}:iam::${c.account}:role/*/${name}`];
const groupArns = (c: ScopeContext, name: string) => [`arn:${c.partition}:iam::${c.account}:group/${name}`, `arn:${c.partition}:iam::${c.account}:group/*/${name}`];

/**
 * iam:CreateServiceLinkedRole for these services only (the first detector, analyzer or hub of an
 * account creates its role), on the roles' paths.
 */
const serviceLinkedRole = (c: ScopeContext, ...services: string[]): Scope => ({
  name: 'ServiceLinkedRoles',
  shared: 'service-linked-roles',
  actions: ['iam:CreateServiceLinkedRole'],
  resources: services.map((service) => `arn:${c.partition}:iam::${c.account}:role/aws-service-role/${service}/*`),
  condition: { StringEquals: { 'iam:AWSServiceName': services } },
});

/** iam:PassRole on these roles, to this service only. */
const passRole = (resources: readonly string[], service: string): Scope => ({
  name: 'PassRole', actions: ['iam:PassRole'], resources, condition: { StringEquals: { 'iam:PassedToService': service } },
});

/** The S3 actions on a log bucket (ListAllMyBuckets takes no resource). */
const LOG_BUCKET_ACTIONS = [...new Set([...LOG_BUCKET_PERMISSIONS.observe, ...LOG_BUCKET_PERMISSIONS.apply, ...LOG_BUCKET_PERMISSIONS.undo])].filter((a) => a !== 's3:ListAllMyBuckets');

/** The forwarding steps: their own rules by name, their role, and passing it to EventBridge (the region's other rules about the same events are read on `*`). */
function forwarding(c: ScopeContext, rules: readonly string[], role: string): Scope[] {
  return [
    { name: 'Rule', actions: ['events:ListTagsForResource', 'events:PutRule', 'events:TagResource', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule'], resources: rules.map((rule) => c.arn('events', `rule/${rule}`)) },
    {
      name: 'Role',
      actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
      resources: [roleArn(c, role)],
    },
    passRole([roleArn(c, role)], 'events.amazonaws.com'),
  ];
}

/**
 * Per step id: where its actions may act. An action no scope names is granted on `*`: for
 * those, the Service Authorization Reference lists no resource type (List*, Describe*, the
 * account's settings, CreateDetector, CreateFindingAggregator, CreateAnomalyMonitor, ...), or
 * the step acts on resources whose names it does not choose, so the narrowest pattern would be
 * every resource of that type in the account, which for these actions is what `*` allows
 * anyway: ids AWS picks (detectors, anomaly monitors and subscriptions, finding aggregators,
 * Config's recorder, the default VPC's parts), and what the step reads or adopts whatever its
 * name (every topic, trail, alarm and rule it reads, a trail it adopts, the log group that
 * trail delivers to, a failed analyzer it replaces).
 */
const STEP_SCOPES: Readonly<Record<string, (c: ScopeContext) => Scope[]>> = {
  'alternate-contacts': (c) => [accountScope(c, ['account:GetAlternateContact', 'account:GetContactInformation', 'account:PutAlternateContact', 'account:DeleteAlternateContact'])],
  'root-contact-phone': (c) => [accountScope(c, ['account:GetContactInformation', 'account:PutContactInformation'])],

  'admin-group-and-role': (c) => [
    {
      name: 'Role',
      actions: ['iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:DeleteRole', 'iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy'],
      resources: roleArns(c, c.input('roleName')),
    },
    // The only policy it attaches.
    {
      name: 'RoleAdminPolicy',
      actions: ['iam:AttachRolePolicy'],
      resources: roleArns(c, c.input('roleName')),
      condition: { ArnEquals: { 'iam:PolicyARN': `arn:${c.partition}:iam::aws:policy/AdministratorAccess` } },
    },
    // A new group goes under /aws-bootstrap/ (ADMIN_GROUP_PATH); one of that name it adopts may be under any path.
    {
      name: 'Group',
      actions: ['iam:CreateGroup', 'iam:GetGroup', 'iam:PutGroupPolicy', 'iam:AddUserToGroup', 'iam:ListGroupPolicies', 'iam:DeleteGroup', 'iam:DeleteGroupPolicy', 'iam:RemoveUserFromGroup'],
      resources: groupArns(c, c.input('groupName')),
    },
  ],

  'access-analyzer': (c) => [
    // A run first deletes failed analyzers, whatever their names (they hold the region's one place): on `*`; undo deletes only its own.
    { name: 'Analyzer', actions: ['access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', ...(c.mode === 'undo' ? ['access-analyzer:DeleteAnalyzer'] : [])], resources: [c.arn('access-analyzer', `analyzer/${c.input('name')}`)] },
    serviceLinkedRole(c, 'access-analyzer.amazonaws.com'),
  ],

  // Detector ids are AWS's (one detector a region); CreateDetector and ListDetectors take no resource.
  // A new detector can bring Malware Protection's role too.
  guardduty: (c) => [serviceLinkedRole(c, 'guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com')],

  // The default VPC's parts are EC2's ids and AWS offers nothing narrower than their types; what the step may tag is narrowed instead.
  'default-vpcs': () => [
    { name: 'TeardownTag', actions: ['ec2:CreateTags'], resources: ['*'], condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [TEARDOWN_TAG] } } },
  ],

  // Every budget is read, with its tags (DescribeBudgets): on `*`.
  'monthly-budget': (c) => [
    { name: 'Budget', actions: ['budgets:ModifyBudget', 'budgets:TagResource'], resources: [`arn:${c.partition}:budgets::${c.account}:budget/${c.input('name')}`] },
  ],

  // (cost-anomaly-detection has none: monitor and subscription ids are AWS's; creating and listing them take no resource.)

  // Every topic is read (GetTopicAttributes, ListSubscriptionsByTopic, ListTagsForResource): on `*`.
  'alerts-topic': (c) => [
    { name: 'Topic', actions: ['sns:CreateTopic', 'sns:TagResource', 'sns:SetTopicAttributes', 'sns:DeleteTopic', 'sns:Unsubscribe'], resources: [c.arn('sns', c.input('name'))] },
    { name: 'EmailSubscriptions', actions: ['sns:Subscribe'], resources: [c.arn('sns', c.input('name'))], condition: { StringEquals: { 'sns:Protocol': 'email' } } },
  ],

  // Every trail is read, and an existing multi-region trail is adopted (updated, started) whatever its name: on `*`.
  cloudtrail: (c) => [
    { name: 'Trail', actions: ['cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:DeleteTrail'], resources: [c.arn('cloudtrail', `trail/${c.input('trailName')}`)] },
    { name: 'LogBuckets', shared: 'log-buckets', actions: LOG_BUCKET_ACTIONS, resources: [`arn:${c.partition}:s3:::${logBucketName(c.account, '*')}`] },
    {
      name: 'LogGroup',
      // TagLogGroup: the Service Authorization Reference lists it beside TagResource for CreateLogGroup with tags, should the step declare it.
      actions: ['logs:CreateLogGroup', 'logs:TagResource', 'logs:TagLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy'],
      resources: [c.arn('logs', `log-group:${c.input('logGroupName')}`), c.arn('logs', `log-group:${c.input('logGroupName')}:*`)],
    },
    {
      name: 'Role',
      actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:CreateRole', 'iam:TagRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
      resources: [roleArn(c, CLOUDTRAIL_ROLE)],
    },
    passRole([roleArn(c, CLOUDTRAIL_ROLE)], 'cloudtrail.amazonaws.com'),
  ],

  // DescribeAlarms lists every alarm; the metric filters go on the trail's log group, cloudtrail's own or the
  // one an adopted trail delivers to, whatever its name: on `*`.
  'log-alarms': (c) => [
    // Its alarms' names, whichever alarms are chosen: aws-bootstrap-*.
    { name: 'Alarms', actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource', 'cloudwatch:DeleteAlarms', 'cloudwatch:ListTagsForResource'], resources: [c.arn('cloudwatch', `alarm:${alarmName({ id: '*' } as AlarmSpec)}`)] },
  ],

  // public-s3-buckets reads every bucket's policy status, ACL and Block Public Access, whatever its name.
  'public-s3-buckets': (c) => [
    { name: 'Buckets', actions: ['s3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:GetBucketPublicAccessBlock'], resources: [`arn:${c.partition}:s3:::*`] },
  ],

  'health-notifications': (c) => forwarding(c, [HEALTH_RULE], HEALTH_ROLE),
  'findings-alerts': (c) => forwarding(c, [GUARDDUTY_RULE, SECURITY_HUB_RULE], FINDINGS_ROLE),

  'config-bucket': (c) => [
    { name: 'LogBuckets', shared: 'log-buckets', actions: LOG_BUCKET_ACTIONS, resources: [`arn:${c.partition}:s3:::${configBucketName(c.account, '*')}`] },
    // Before the role exists IAM cannot know its path: GetRole of a role not there yet is checked against the name alone.
    { name: 'ConfigRole', actions: ['iam:GetRole', 'iam:TagRole', 'iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'], resources: [configRoleArn(c.partition, c.account), roleArn(c, CONFIG_ROLE_NAME)] },
    serviceLinkedRole(c, configService()),
  ],

  // Config's recorder and channel: one each a region, the recorder's id is AWS's and the channel has no resource type.
  // An adopted recorder keeps its own role, whatever it is: passed to Config only.
  'aws-config': (c) => [passRole([`arn:${c.partition}:iam::${c.account}:role/*`], configService())],

  'security-hub': (c) => [
    {
      name: 'Hub',
      actions: ['securityhub:EnableSecurityHub', 'securityhub:TagResource', 'securityhub:DescribeHub', 'securityhub:ListTagsForResource', 'securityhub:GetEnabledStandards', 'securityhub:BatchEnableStandards', 'securityhub:BatchDisableStandards', 'securityhub:DisableSecurityHub'],
      resources: [c.arn('securityhub', 'hub/default')],
    },
    // Finding aggregator ids are AWS's: on `*`.
    serviceLinkedRole(c, 'securityhub.amazonaws.com'),
  ],
};

/** The engine's: the regions of this account. */
const engineScopes = (c: ScopeContext): Scope[] => [accountScope(c, ['account:ListRegions'])];

/** Config's service principal, as its service-linked role's path names it. */
function configService(): string {
  return /aws-service-role\/([^/]+)\//.exec(configRoleArn('aws', '0'))![1]!;
}

// ---- building the document ----------------------------------------------------------------------

/** A statement id: letters and digits only, as IAM requires. */
function sid(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}

/** A step's input section parsed by its schema, or the default of one input where the section does not parse as a whole. */
function inputReader(step: AnyStep | undefined, config: Readonly<Record<string, unknown>>): (key: string) => string {
  const section = (config[step?.id ?? ''] ?? {}) as Record<string, unknown>;
  const whole = step?.inputs?.schema.safeParse(section);
  return (key) => {
    const value = whole?.success ? (whole.data as Record<string, unknown>)[key] : fieldOf(step?.inputs?.schema, key)?.safeParse(section[key]).data;
    return typeof value === 'string' && value !== '' ? value : '*';
  };
}

interface ParsesOne {
  safeParse(value: unknown): { data?: unknown };
}

/** One field's schema inside an object schema (through defaults, refinements and pipes). */
function fieldOf(schema: unknown, key: string): ParsesOne | undefined {
  let current = schema as { shape?: Record<string, ParsesOne>; _zod?: { def?: { innerType?: unknown; in?: unknown; schema?: unknown } } } | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    if (current.shape) return current.shape[key];
    const def = current._zod?.def;
    current = (def?.innerType ?? def?.in ?? def?.schema) as typeof current;
  }
  return undefined;
}

function scopeContext(mode: PermissionMode, options: PolicyOptions, step: AnyStep | undefined): ScopeContext {
  const partition = options.partition ?? 'aws';
  const account = options.accountId ?? '*';
  return {
    mode,
    partition,
    account,
    arn: (service, resource, region = '*') => `arn:${partition}:${service}:${region}:${account}:${resource}`,
    input: inputReader(step, options.config ?? {}),
  };
}

/** A statement several steps' scopes add to (see `Scope.shared`). */
interface SharedStatement {
  readonly actions: Set<string>;
  readonly resources: Set<string>;
  readonly condition: Map<string, Map<string, Set<string>>>;
}

/**
 * One statement per scope that has actions in this mode, after one with the rest on `*`; shared
 * scopes add to `shared` instead.
 */
function statementsFor(name: string, actions: readonly string[], scopes: readonly Scope[], shared: Map<string, SharedStatement>): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const scoped = new Set<string>();
  for (const scope of scopes) {
    const here = scope.actions.filter((action) => actions.includes(action));
    if (!here.length) continue;
    here.forEach((action) => scoped.add(action));
    if (scope.shared) {
      const into = shared.get(scope.shared) ?? { actions: new Set(), resources: new Set(), condition: new Map() };
      shared.set(scope.shared, into);
      here.forEach((action) => into.actions.add(action));
      scope.resources.forEach((resource) => into.resources.add(resource));
      for (const [operator, keys] of Object.entries(scope.condition ?? {})) {
        const byKey = into.condition.get(operator) ?? new Map<string, Set<string>>();
        into.condition.set(operator, byKey);
        for (const [key, values] of Object.entries(keys)) {
          const set = byKey.get(key) ?? new Set<string>();
          byKey.set(key, set);
          ([] as string[]).concat(values as string | string[]).forEach((value) => set.add(value));
        }
      }
      continue;
    }
    statements.push(statement(sid(`${name}-${scope.name}`), here, scope.resources, scope.condition));
  }
  const rest = actions.filter((action) => !scoped.has(action));
  if (rest.length) statements.unshift(statement(sid(name), rest, ['*']));
  return statements;
}

function statement(id: string, actions: Iterable<string>, resources: Iterable<string>, condition?: PolicyCondition): PolicyStatement {
  const unique = [...new Set(resources)];
  return {
    Sid: id,
    Effect: 'Allow',
    Action: [...new Set(actions)].sort(),
    Resource: unique.length === 1 ? unique[0]! : unique,
    ...(condition ? { Condition: condition } : {}),
  };
}

/** A shared statement as it is printed: a lone condition value as a string, several as a sorted list. */
function sharedStatement(name: string, { actions, resources, condition }: SharedStatement): PolicyStatement {
  const joined = Object.fromEntries([...condition].map(([operator, keys]) => [
    operator,
    Object.fromEntries([...keys].map(([key, values]) => [key, values.size === 1 ? [...values][0]! : [...values].sort()])),
  ]));
  return statement(sid(`aws-bootstrap-${name}`), actions, [...resources].sort(), condition.size ? joined : undefined);
}

/**
 * The policy document for these steps in this mode: the engine's statements, those several of
 * the chosen steps share (their log buckets, the service-linked roles they may create), then
 * each step's (so a reader sees which step needs what): its actions on `*` first, then one
 * statement per resource pattern.
 */
export function policyFor(steps: readonly AnyStep[], mode: PermissionMode, options: PolicyOptions = {}): PolicyDocument {
  const shared = new Map<string, SharedStatement>();
  const engine = statementsFor('aws-bootstrap-engine', [...ENGINE_ACTIONS].sort(), engineScopes(scopeContext(mode, options, undefined)), shared);
  const perStep = steps.flatMap((step) => statementsFor(step.id, stepActions(step, mode), STEP_SCOPES[step.id]?.(scopeContext(mode, options, step)) ?? [], shared));
  const common = [...shared].sort(([a], [b]) => a.localeCompare(b)).map(([name, joined]) => sharedStatement(name, joined));
  return { Version: '2012-10-17', Statement: onceOnStar([...engine, ...orgStatements(options), ...common, ...perStep]) };
}

/**
 * Each action granted on `*` once: a later step's statement on `*` leaves out what an earlier one
 * already grants there (the read calls several steps make), and is left out when nothing is left.
 * The whole checklist then still fits one inline role policy.
 */
function onceOnStar(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const granted = new Set<string>();
  return statements.flatMap((s) => {
    if (s.Resource !== '*' || s.Condition) return [s];
    const Action = s.Action.filter((action) => !granted.has(action));
    Action.forEach((action) => granted.add(action));
    return Action.length ? [{ ...s, Action }] : [];
  });
}

/** `--org`: listing the organization's accounts (no narrower resource) and assuming the member role. */
function orgStatements({ orgRoleName, partition = 'aws' }: PolicyOptions): PolicyStatement[] {
  if (!orgRoleName) return [];
  return [
    { Sid: 'AwsBootstrapOrganization', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
    { Sid: 'AwsBootstrapMemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:${partition}:iam::*:role/${orgRoleName}` },
  ];
}

/** Whether the policy names an action at all (on any resource). */
export function allows(policy: PolicyDocument, action: string): boolean {
  return policy.Statement.some((statement) => statement.Action.includes(action));
}

// ---- evaluating (what IAM would decide, for the tests and for a reader) ------------------------

/** One authorised request: an action on a resource (absent: one with no resource type), with the condition keys it carries. */
export interface PolicyRequest {
  readonly action: string;
  readonly resource?: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** IAM's wildcard matching: `*` any run of characters (slashes and colons too), `?` one. */
export function resourceMatches(pattern: string, arn: string): boolean {
  const regex = new RegExp(`^${pattern.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return regex.test(arn);
}

/** The condition operators the policy uses, as IAM evaluates them (a key the request lacks fails all but ForAllValues). */
function conditionHolds(condition: PolicyCondition | undefined, context: Readonly<Record<string, string | readonly string[]>>): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, wanted]) => {
      const allowed = ([] as string[]).concat(wanted as string | string[]);
      const given = context[key];
      const values = given === undefined ? undefined : ([] as string[]).concat(given as string | string[]);
      const like = operator.endsWith('Like');
      const one = (value: string) => allowed.some((a) => (like ? resourceMatches(a, value) : a === value));
      if (operator.startsWith('ForAllValues:')) return (values ?? []).every(one);
      if (!values?.length) return false;
      return values.some(one);
    }),
  );
}

/** Whether the policy allows this request: some statement names the action, matches the resource (or is `*`), and its condition holds. */
export function allowsRequest(policy: PolicyDocument, request: PolicyRequest): boolean {
  return policy.Statement.some((statement) => {
    if (!statement.Action.includes(request.action)) return false;
    const resources = ([] as string[]).concat(statement.Resource);
    const resourceOk = request.resource === undefined ? resources.includes('*') : resources.some((pattern) => resourceMatches(pattern, request.resource!));
    return resourceOk && conditionHolds(statement.Condition, request.context ?? {});
  });
}

/**
 * IAM's size limit for a customer managed policy, counted without white space: a larger policy
 * must be split over several policies (or used inline on a role, up to 10,240).
 */
export const MANAGED_POLICY_LIMIT = 6144;

export function policySize(policy: PolicyDocument): number {
  return JSON.stringify(policy).length;
}
