/**
 * The documents the CloudTrail step writes and checks, all pure: what CloudTrail needs in its log
 * bucket's policy (the bucket itself is `log-bucket.ts`'s), the delivery role's trust and
 * permissions, and which event selectors log every management event.
 */
import { denyInsecureTransport, parsePolicy, type PolicyDocument, type PolicyStatement } from './log-bucket.js';
import { fillTemplate, readTemplate } from '../../src/templates.js';

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const LIFECYCLE_RULE_ID = 'aws-bootstrap-cloudtrail-expiry';
export const DELIVERY_POLICY_NAME = 'cloudtrail-to-cloudwatch-logs';

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

/**
 * The bucket policy statements CloudTrail needs (AWS's documented ones, with the aws:SourceArn
 * guard so only this trail can write here; templates/cloudtrail-bucket-policy.json). The
 * template's deny for plain HTTP is left out: the log bucket module adds that one itself.
 */
export function bucketStatements(partition: string, bucket: string, accountId: string, trailArn: string): PolicyStatement[] {
  const { Sid } = denyInsecureTransport(partition, bucket);
  return fillTemplate(BUCKET_TEMPLATE, { partition, bucket, accountId, trailArn }).Statement.filter((s) => s.Sid !== Sid);
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

/**
 * The name the console gives the management-events advanced selector; scanners (Prowler) look
 * for it, so a selector this step adds carries it.
 */
export const MANAGEMENT_SELECTOR_NAME = 'Management events selector';

/** The selectors with all management events added; what they log besides is left as it is. */
export function withAllManagementEvents({ basic, advanced }: TrailSelectors): TrailSelectors {
  if (advanced) return { advanced: [...advanced, { Name: MANAGEMENT_SELECTOR_NAME, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] };
  const all: BasicSelector = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };
  const current = basic ?? [];
  // A trail takes at most five basic selectors: with five, the first is widened instead of adding a sixth.
  if (current.length < 5) return { basic: [...current, all] };
  return { basic: current.map((s, i) => (i === 0 ? { ...s, ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] } : s)) };
}
