/**
 * The documents the CloudTrail step writes and checks, all pure: the log bucket's policy and
 * lifecycle rule, the delivery role's trust and permissions, and which event selectors log
 * every management event. Policies are compared by meaning (statement by statement, a single
 * value the same as a one-element list), never as text.
 */
import { fillTemplate, readTemplate } from './templates.js';

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const LIFECYCLE_RULE_ID = 'aws-bootstrap-cloudtrail-expiry';
export const DELIVERY_POLICY_NAME = 'cloudtrail-to-cloudwatch-logs';

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface LifecycleRule {
  ID?: string;
  Status?: string;
  Filter?: Record<string, unknown>;
  Prefix?: string;
  Expiration?: { Days?: number; Date?: unknown; ExpiredObjectDeleteMarker?: boolean };
  [other: string]: unknown;
}

export interface BasicSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  DataResources?: unknown[];
  ExcludeManagementEventSources?: string[];
}

export interface AdvancedSelector {
  Name?: string;
  FieldSelectors?: Array<{ Field?: string; Equals?: string[]; NotEquals?: string[]; StartsWith?: string[]; NotStartsWith?: string[]; EndsWith?: string[]; NotEndsWith?: string[] }>;
}

/** A trail's event selectors: one kind or the other. */
export interface TrailSelectors {
  basic?: BasicSelector[];
  advanced?: AdvancedSelector[];
}

const BUCKET_TEMPLATE = readTemplate('cloudtrail-bucket-policy') as PolicyDocument;
const TRUST_TEMPLATE = readTemplate('cloudtrail-logs-role-trust-policy') as PolicyDocument;
const DELIVERY_TEMPLATE = readTemplate('cloudtrail-logs-role-policy') as PolicyDocument;

/** A name no other account has a reason to take: the account id and region are in it. */
export const logBucketName = (accountId: string, region: string) => `aws-bootstrap-cloudtrail-${accountId}-${region}`;

export const trailArnOf = (partition: string, region: string, accountId: string, name: string) => `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`;

/** A log group's ARN without the `:*` CloudTrail wants after it. */
export const logGroupArnOf = (partition: string, region: string, accountId: string, name: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;

/** The log group name in a log group ARN (with or without `:*`). */
export const logGroupNameOf = (arn: string) => arn.replace(/:\*$/, '').split(':log-group:')[1] ?? arn;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A statement in a canonical form: single values as sorted lists, keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).map((v) => JSON.stringify(v)).sort().map((v) => JSON.parse(v) as unknown);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => {
      const inner = (value as Record<string, unknown>)[key];
      // Action, Resource and condition values may be a string or a list of one.
      return [key, typeof inner === 'string' && key !== 'Effect' && key !== 'Sid' && key !== 'Version' ? canonical([inner]) : canonical(inner)];
    }));
  }
  return value;
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { Version?: string; Statement?: unknown };
    return { Version: parsed.Version ?? '2012-10-17', Statement: list(parsed.Statement) as PolicyStatement[] };
  } catch {
    return undefined;
  }
}

/**
 * The bucket policy statements CloudTrail needs (AWS's documented ones, with the aws:SourceArn
 * guard so only this trail can write here), and a deny for plain HTTP
 * (templates/cloudtrail-bucket-policy.json).
 */
export function bucketStatements(partition: string, bucket: string, accountId: string, trailArn: string): PolicyStatement[] {
  return fillTemplate(BUCKET_TEMPLATE, { partition, bucket, accountId, trailArn }).Statement;
}

/** Whether the policy holds these statements as they are (by Sid). */
export function policyHas(current: string | undefined, wanted: readonly PolicyStatement[]): boolean {
  const statements = parsePolicy(current)?.Statement ?? [];
  return wanted.every((w) => statements.some((s) => s.Sid === w.Sid && sameJson(s, w)));
}

/** The policy with our statements put in (replacing ours by Sid), everything else kept. */
export function policyWith(current: string | undefined, wanted: readonly PolicyStatement[]): string {
  const parsed = parsePolicy(current);
  const kept = (parsed?.Statement ?? []).filter((s) => !wanted.some((w) => w.Sid === s.Sid));
  return JSON.stringify({ Version: parsed?.Version ?? '2012-10-17', Statement: [...kept, ...wanted] });
}

/** Log files (and digests) expire after `days`; the whole bucket holds nothing else. */
export const lifecycleRule = (days: number): LifecycleRule => ({ ID: LIFECYCLE_RULE_ID, Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: days } });

export const ourLifecycleDays = (rules: readonly LifecycleRule[] | undefined) => {
  const rule = rules?.find((r) => r.ID === LIFECYCLE_RULE_ID && r.Status === 'Enabled');
  return rule?.Expiration?.Days;
};

export function lifecycleWith(current: readonly LifecycleRule[] | undefined, days: number): LifecycleRule[] {
  return [...(current ?? []).filter((r) => r.ID !== LIFECYCLE_RULE_ID), lifecycleRule(days)];
}

/** The delivery role's trust: CloudTrail, as AWS's own CloudTrail_CloudWatchLogs_Role has it (templates/cloudtrail-logs-role-trust-policy.json). */
export const roleTrust = (): PolicyDocument => structuredClone(TRUST_TEMPLATE);

/** Whether a trust policy lets CloudTrail assume the role, without conditions it may not meet. */
export function trustsCloudTrail(document: string | undefined): boolean {
  return (parsePolicy(document)?.Statement ?? []).some((s) => s.Effect === 'Allow' && !s.Condition
    && list((s.Principal as { Service?: unknown } | undefined)?.Service).includes('cloudtrail.amazonaws.com')
    && list(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*'));
}

/**
 * CloudTrail may create its log streams (named `<account>_CloudTrail_<region>…`) and put events,
 * in this group only (templates/cloudtrail-logs-role-policy.json).
 */
export function deliveryPolicy(logGroupArn: string, accountId: string): PolicyDocument {
  return fillTemplate(DELIVERY_TEMPLATE, { logGroupArn, accountId });
}

/**
 * Whether the selectors log every management event, read and write, of every source. Data
 * events do not matter here; excluding sources (KMS, RDS Data API) leaves events the alarms need.
 */
export function logsAllManagementEvents({ basic, advanced }: TrailSelectors): boolean {
  if (advanced) {
    return advanced.some((s) => {
      const fields = s.FieldSelectors ?? [];
      return fields.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')) && fields.every((f) => f.Field === 'eventCategory');
    });
  }
  return (basic ?? []).some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All' && !s.ExcludeManagementEventSources?.length);
}

/** The selectors with all management events added; what they log besides is left as it is. */
export function withAllManagementEvents({ basic, advanced }: TrailSelectors): TrailSelectors {
  if (advanced) return { advanced: [...advanced, { Name: 'All management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] };
  const all: BasicSelector = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };
  const current = basic ?? [];
  // A trail takes at most five basic selectors: with five, the first is widened instead of adding a sixth.
  if (current.length < 5) return { basic: [...current, all] };
  return { basic: current.map((s, i) => (i === 0 ? { ...s, ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] } : s)) };
}
