/**
 * `aws-bootstrap permissions`: the least IAM policy a run needs, built from what each step
 * declares (`Step.permissions`) for the chosen mode, plus the engine's own calls. Every action
 * is listed by name (no wildcards), and each is granted on the resources the step acts on where
 * IAM can say so (an ARN pattern, sometimes a condition), on `*` only where AWS offers nothing
 * narrower (list and describe calls, account settings, creates whose id AWS picks).
 *
 * Each step declares its patterns beside its actions (`Step.permissions.scopes`): the names come
 * from the step's own constants and from its inputs (the config file's section, else the input's
 * default). The
 * account part is `*` unless an account id is given (the command does not call STS), the region
 * part `*` (region steps act in every enabled region). `test/engine/policy.test.ts` replays
 * every call of a full run, a plan, an undo and an adopting run against the printed policy,
 * resource by resource; `test/engine/policy-snapshot.test.ts` pins the printed policy of each
 * mode whole, so a change that widens a resource or drops a condition must update it on purpose.
 */
import { accountScope, type PermissionMode, type PolicyCondition, type Scope, type ScopeContext } from './core/permission-scopes.js';
import type { AnyStep } from './core/step.js';
import { sectionName } from './engine/inputs.js';

export type { PermissionMode, PolicyCondition } from './core/permission-scopes.js';

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

/** The engine's: the regions of this account. */
const engineScopes = (c: ScopeContext): Scope[] => [accountScope(c, ['account:ListRegions'])];

// ---- building the document ----------------------------------------------------------------------

/** A statement id: letters and digits only, as IAM requires. */
function sid(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}

/** A step's input section parsed by its schema, or the default of one input where the section does not parse as a whole. */
function inputReader(step: AnyStep | undefined, config: Readonly<Record<string, unknown>>): (key: string) => string {
  const section = (config[step ? sectionName(step) : ''] ?? {}) as Record<string, unknown>;
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
  return statement(sid(name), actions, [...resources].sort(), condition.size ? joined : undefined);
}

/**
 * The policy document for these steps in this mode: the engine's statements, those several of
 * the chosen steps share (their log buckets, the service-linked roles they may create), then
 * each step's (so a reader sees which step needs what): its actions on `*` first, then one
 * statement per resource pattern.
 */
export function policyFor(steps: readonly AnyStep[], mode: PermissionMode, options: PolicyOptions = {}): PolicyDocument {
  const shared = new Map<string, SharedStatement>();
  const engine = statementsFor('engine', [...ENGINE_ACTIONS].sort(), engineScopes(scopeContext(mode, options, undefined)), shared);
  const perStep = steps.flatMap((step) => statementsFor(step.id, stepActions(step, mode), step.permissions.scopes?.(scopeContext(mode, options, step)) ?? [], shared));
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

/** `permissions --org`: what each kind of account needs, labelled. */
export interface OrganizationPolicies {
  /** The caller in the management account: its own per-account steps, reaching the members, and the organization-wide steps' calls made there. */
  readonly managementAccount: PolicyDocument;
  /** The member role in the security account: a member's, and the organization-wide steps' calls made there. */
  readonly securityAccount: PolicyDocument;
  /** The member role in every other account: the per-account steps. */
  readonly memberRole: PolicyDocument;
}

/**
 * The three policies of an `--org` run with the organization-wide steps: each of their actions
 * goes to the account it is made in (`Step.organization.inSecurityAccount`), on `*` (the
 * organization's settings and the delegated administrator's have no narrower resource here).
 */
export function organizationPolicies(steps: readonly AnyStep[], organizationWide: readonly AnyStep[], mode: PermissionMode, options: PolicyOptions & { readonly orgRoleName: string }): OrganizationPolicies {
  const { orgRoleName: _role, ...memberOptions } = options;
  const memberRole = policyFor(steps, mode, memberOptions);
  const management = policyFor(steps, mode, options);
  const inSecurity: PolicyStatement[] = [];
  for (const step of organizationWide) {
    const there = new Set(step.organization?.inSecurityAccount ?? []);
    const both = new Set(step.organization?.inBothAccounts ?? []);
    const actions = stepActions(step, mode);
    const here = actions.filter((a) => !there.has(a) || both.has(a));
    const away = actions.filter((a) => there.has(a));
    if (here.length) management.Statement.push(statement(sid(`organization-${step.id}`), here, ['*']));
    if (away.length) inSecurity.push(statement(sid(`organization-${step.id}`), away, ['*']));
  }
  return { managementAccount: management, securityAccount: { ...memberRole, Statement: [...memberRole.Statement, ...inSecurity] }, memberRole };
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

/** IAM's size limit for all of a role's inline policies together, counted as policySize counts. */
export const INLINE_POLICY_LIMIT = 10_240;

/**
 * A policy too large for one managed policy, as several that each fit (`permissions --split`):
 * statements packed in order; a statement too large alone is cut into statements over parts of
 * its actions (same resources and condition, Sids numbered). Together they allow exactly what the
 * whole allows.
 */
export function splitPolicy(policy: PolicyDocument, limit = MANAGED_POLICY_LIMIT): PolicyDocument[] {
  const empty = (): PolicyDocument => ({ Version: policy.Version, Statement: [] });
  const fits = (statements: PolicyStatement[]) => policySize({ Version: policy.Version, Statement: statements }) <= limit;
  const pieces = policy.Statement.flatMap((s) => (fits([s]) ? [s] : cutStatement(s, fits)));
  const parts: PolicyDocument[] = [empty()];
  for (const piece of pieces) {
    const last = parts[parts.length - 1]!;
    if (last.Statement.length && !fits([...last.Statement, piece])) parts.push(empty());
    parts[parts.length - 1]!.Statement.push(piece);
  }
  return parts;
}

function cutStatement(statement: PolicyStatement, fits: (statements: PolicyStatement[]) => boolean): PolicyStatement[] {
  const cut: PolicyStatement[] = [];
  let actions: string[] = [];
  const piece = (list: string[], n: number): PolicyStatement => ({ ...statement, Sid: `${statement.Sid}${n}`, Action: list });
  for (const action of statement.Action) {
    if (actions.length && !fits([piece([...actions, action], cut.length + 1)])) {
      cut.push(piece(actions, cut.length + 1));
      actions = [];
    }
    actions.push(action);
  }
  if (actions.length) cut.push(piece(actions, cut.length + 1));
  // One action with its resources still too large cannot be cut further: left as it is, IAM will say so.
  return cut;
}
