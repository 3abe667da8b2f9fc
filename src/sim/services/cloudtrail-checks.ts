/**
 * What CloudTrail checks when a trail is created or updated, as the simulated account does it:
 * the bucket policy lets cloudtrail.amazonaws.com write this trail's log files, and the role for
 * CloudWatch Logs delivery trusts CloudTrail and may write to the log group. A small policy
 * evaluator: Allow/Deny statements, principals, wildcard actions and resources, and the condition
 * operators these policies use (an operator it does not know never matches, so it is never kinder
 * than AWS).
 */
import type { SimState } from '../state.js';

/**
 * Whether a service handed this role refuses it now because IAM has not spread it yet (a role made
 * moments ago, see SimAlertingAccount). Each refusal uses one up: a later call is not refused.
 * CloudTrail's log delivery and Config's recorder both check this; CloudTrail also checks a
 * role's policy put moments ago (`spreadingRolePolicies`).
 */
export function refusedWhileSpreading(state: SimState, roleArn: string, what: 'spreadingRoles' | 'spreadingRolePolicies' = 'spreadingRoles'): boolean {
  const spreading = state[what];
  const refusals = spreading?.[roleArn] ?? 0;
  if (!spreading || refusals <= 0) return false;
  if (refusals > 1) spreading[roleArn] = refusals - 1;
  else delete spreading[roleArn];
  if (!Object.keys(spreading).length) delete state[what];
  return true;
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** What a request looks like to the policy: who asks, for what, and its context keys. */
export interface PolicyRequest {
  readonly service: string;
  readonly action: string;
  readonly resource?: string;
  readonly context: Readonly<Record<string, string>>;
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcards: `*` any run of characters, `?` one character. */
function matches(pattern: unknown, value: string, ignoreCase = false): boolean {
  if (typeof pattern !== 'string') return false;
  const source = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function principalMatches(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  const p = principal as { Service?: unknown; AWS?: unknown } | undefined;
  return list(p?.Service).includes(service) || list(p?.AWS).includes('*');
}

function conditionHolds(operator: string, key: string, wanted: unknown, context: Readonly<Record<string, string>>): boolean {
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const actual = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  if (actual === undefined) return ifExists;
  const values = list(wanted).map(String);
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
      return values.includes(actual);
    case 'StringEqualsIgnoreCase':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringLike':
    case 'ArnLike':
      return values.some((v) => matches(v, actual));
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !values.includes(actual);
    case 'Bool':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    default:
      return false;
  }
}

function statementApplies(s: Statement, request: PolicyRequest, checkPrincipal: boolean): boolean {
  if (checkPrincipal && !principalMatches(s.Principal, request.service)) return false;
  const actionListed = (patterns: unknown) => list(patterns).some((a) => matches(a, request.action, true));
  if (s.NotAction !== undefined ? actionListed(s.NotAction) : !actionListed(s.Action)) return false;
  if (request.resource !== undefined && !list(s.Resource).some((r) => matches(r, request.resource!))) return false;
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) => Object.entries(keys).every(([key, wanted]) => conditionHolds(operator, key, wanted, request.context)));
}

function statementsOf(document: string | undefined): Statement[] {
  if (!document) return [];
  try {
    return list((JSON.parse(document) as { Statement?: unknown }).Statement) as Statement[];
  } catch {
    return [];
  }
}

/**
 * Whether the policies allow the request: some Allow applies and no Deny does. `checkPrincipal`
 * is for resource policies (a bucket policy, a trust policy); identity policies have none.
 */
export function policiesAllow(documents: ReadonlyArray<string | undefined>, request: PolicyRequest, checkPrincipal: boolean): boolean {
  const statements = documents.flatMap(statementsOf);
  const applying = statements.filter((s) => statementApplies(s, request, checkPrincipal));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}

/** The request context CloudTrail's own calls carry for a trail. */
export function trailContext(state: SimState, trailArn: string): Record<string, string> {
  return { 'aws:SourceArn': trailArn, 'aws:SourceAccount': state.accountId, 'aws:SecureTransport': 'true' };
}

/** Whether the bucket policy keeps CloudTrail from delivering this trail's log files. */
export function bucketRefusesTrail(state: SimState, bucketPolicy: string | undefined, bucket: string, prefix: string | undefined, trailArn: string, region: string, organizationId?: string): boolean {
  const context = trailContext(state, trailArn);
  const file = `CloudTrail/${region}/2026/01/01/${state.accountId}_CloudTrail_${region}_20260101T0000Z_sim.json.gz`;
  // An organization trail writes the management account's files under AWSLogs/<account>/ and every account's under AWSLogs/<organization id>/<account>/.
  const paths = [`AWSLogs/${state.accountId}/`, ...(organizationId ? [`AWSLogs/${organizationId}/${state.accountId}/`] : [])];
  const aclCheck = { service: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${bucket}`, context };
  const writes = paths.map((path) => ({ service: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: `arn:aws:s3:::${bucket}/${prefix ? `${prefix}/` : ''}${path}${file}`, context: { ...context, 's3:x-amz-acl': 'bucket-owner-full-control' } }));
  return !policiesAllow([bucketPolicy], aclCheck, true) || writes.some((write) => !policiesAllow([bucketPolicy], write, true));
}

/**
 * Whether CloudTrail can deliver to the log group through the role: the role trusts CloudTrail
 * and its inline policies let it create a log stream and put events there.
 */
export function roleCanDeliver(state: SimState, roleArn: string, logGroupArn: string, trailArn: string, region: string): boolean {
  const role = Object.values(state.iam.roles).find((r) => r.Arn === roleArn);
  if (!role) return false;
  const context = trailContext(state, trailArn);
  if (!policiesAllow([role.AssumeRolePolicyDocument], { service: 'cloudtrail.amazonaws.com', action: 'sts:AssumeRole', context }, true)) return false;
  const stream = `${logGroupArn.replace(/:\*$/, '')}:log-stream:${state.accountId}_CloudTrail_${region}`;
  const policies = Object.values(role.inlinePolicies);
  return ['logs:CreateLogStream', 'logs:PutLogEvents'].every((action) => policiesAllow(policies, { service: 'cloudtrail.amazonaws.com', action, resource: stream, context: {} }, false));
}
