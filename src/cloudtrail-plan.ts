/**
 * The CloudTrail step's decisions, all pure: which trail to adopt or create, what the bucket,
 * log group, delivery role and trail still need, and whether a recorded change still stands
 * (undo drift).
 */
import type { Change, PlanContext, RecordedChange, UndoAction } from './core/step.js';
import { ROLE_NAME, type CloudTrailState, type ObservedTrail, type TrailSettings } from './cloudtrail-aws.js';
import {
  bucketStatements, deliveryPolicy, LIFECYCLE_RULE_ID, logBucketName, logGroupArnOf, logGroupNameOf, logsAllManagementEvents,
  roleTrust, trailArnOf, trustsCloudTrail, withAllManagementEvents, type TrailSelectors,
} from './cloudtrail-documents.js';
import { lifecycleDays, logBucketChanges, logBucketDrift, sameJson, type LogBucketPayload, type LogBucketSpec } from './log-bucket.js';
import { notCreatedByRun, tagsText } from './tags.js';

/** The step's inputs, as planning uses them. */
export interface CloudTrailSettings {
  readonly trailName: string;
  readonly logGroupName: string;
  /** Absent: what the step's log group or bucket already keeps, else DEFAULT_RETENTION_DAYS. */
  readonly logRetentionDays?: number;
  readonly bucketRetentionDays?: number;
}

/** How long events and log files are kept when nothing says otherwise. */
export const DEFAULT_RETENTION_DAYS = 365;

/** The retentions to make true, in days. */
interface Retention {
  readonly bucket: number;
  readonly logs: number;
}

/** One planned change; each carries what undo needs (the bucket's are the log bucket module's). */
export type CloudTrailPayload =
  | LogBucketPayload
  | { action: 'create-log-group'; name: string; retentionInDays: number }
  | { action: 'set-retention'; name: string; retentionInDays: number; previous?: number }
  | { action: 'create-role'; trust: string }
  | { action: 'update-role-trust'; trust: string; previous: string }
  | { action: 'put-role-policy'; document: string; previous?: string }
  | { action: 'create-trail'; name: string; bucket: string; logGroupArn: string; roleArn: string }
  | { action: 'update-trail'; trailArn: string; name: string; set: TrailSettings; previous: TrailSettings }
  | { action: 'put-event-selectors'; trailArn: string; name: string; selectors: TrailSelectors; previous: TrailSelectors }
  | { action: 'start-logging'; trailArn: string; name: string };

// ---- deciding ---------------------------------------------------------------------------------

/** What the plan builds on: the trail to create or adopt, and where it delivers. */
interface Decision {
  readonly trailArn: string;
  /** The trail adopted (absent: one is created). */
  readonly adopted?: ObservedTrail;
  /** Why nothing can be done here (a trail this account cannot change), if so. */
  readonly blocked?: string;
  readonly group: { readonly name: string; readonly arn: string };
  /** The group is the one named in the inputs (created and kept by this step), not one the adopted trail brought. */
  readonly ourGroup: boolean;
  /** The delivery role is this step's own. */
  readonly ourRole: boolean;
}

const rank = (t: ObservedTrail, name: string) => [t.name === name, t.logging, t.logGroupArn !== undefined, t.validation].filter(Boolean).length;

function blockedReason(t: ObservedTrail, ctx: PlanContext): string {
  const where = t.accountId !== ctx.accountId
    ? `The organization trail ${t.name} of the management account ${t.accountId}`
    : `The multi-region trail ${t.name}, whose home region is ${t.homeRegion},`;
  const fix = t.accountId !== ctx.accountId ? 'a member account cannot change it: ask the management account to' : `it can only be changed from ${t.homeRegion}: run with --region ${t.homeRegion} to`;
  const missing = [
    !t.logging && 'it is not logging',
    !t.validation && 'log file validation is off',
    !logsAllManagementEvents(t.selectors) && 'it does not log every management event',
    !t.logGroupArn && 'it does not deliver to CloudWatch Logs',
  ].filter(Boolean);
  if (missing.length) return `${where} records this account's API calls, but ${missing.join(', ')}; ${fix} fix that. No log group is offered to the log alarms.`;
  return `${where} records this account's API calls and delivers them to ${t.logGroupArn!}: alarms on it belong ${t.accountId !== ctx.accountId ? 'in that account' : `in ${t.homeRegion}`}, so no log group is offered to the log alarms here.`;
}

function decide(state: CloudTrailState, inputs: CloudTrailSettings, ctx: PlanContext): Decision {
  const own = state.trails.filter((t) => t.accountId === ctx.accountId && t.homeRegion === ctx.region);
  const byRank = (trails: ObservedTrail[]) => [...trails].sort((a, b) => rank(b, inputs.trailName) - rank(a, inputs.trailName) || a.name.localeCompare(b.name));
  // Ours by name even if it lost its multi-region setting; otherwise the best multi-region trail we can change.
  const adopted = own.find((t) => t.name === inputs.trailName) ?? byRank(own.filter((t) => t.multiRegion))[0];
  const elsewhere = byRank(state.trails.filter((t) => t.multiRegion && !own.includes(t)))[0];
  const ourGroup = { name: inputs.logGroupName, arn: logGroupArnOf(ctx.partition, ctx.region, ctx.accountId, inputs.logGroupName) };
  if (!adopted && elsewhere) {
    return { trailArn: elsewhere.arn, adopted: elsewhere, blocked: blockedReason(elsewhere, ctx), group: ourGroup, ourGroup: false, ourRole: false };
  }
  const trailArn = adopted?.arn ?? trailArnOf(ctx.partition, ctx.region, ctx.accountId, inputs.trailName);
  const theirs = adopted?.logGroupArn;
  const group = theirs ? { name: logGroupNameOf(theirs), arn: theirs.replace(/:\*$/, '') } : ourGroup;
  return {
    trailArn,
    ...(adopted ? { adopted } : {}),
    group,
    ourGroup: group.name === inputs.logGroupName,
    ourRole: !theirs || (adopted?.roleArn ?? '').endsWith(`:role/${ROLE_NAME}`),
  };
}

// ---- planning ---------------------------------------------------------------------------------

type PlannedChange = Change<CloudTrailPayload>;

/** The trail's log bucket: only CloudTrail may write, for this trail; log files kept `days`. */
function bucketSpec(name: string, trailArn: string, days: number, ctx: PlanContext): LogBucketSpec {
  return {
    name,
    writer: 'the trail',
    contents: 'log files',
    statements: bucketStatements(ctx.partition, name, ctx.accountId, trailArn),
    allows: `only CloudTrail may write AWSLogs/${ctx.accountId}/ (for ${trailArn})`,
    lifecycleRuleId: LIFECYCLE_RULE_ID,
    retentionDays: days,
  };
}

const ourLifecycleDays = (state: CloudTrailState) => lifecycleDays(state.bucket?.lifecycle, LIFECYCLE_RULE_ID);

function deliveryChanges(state: CloudTrailState, d: Decision, keep: Retention, ctx: PlanContext): PlannedChange[] {
  const changes: PlannedChange[] = [];
  const group = state.logGroups.find((g) => g.name === d.group.name);
  const days = keep.logs;
  if (d.ourGroup && !group) {
    changes.push({ summary: `Create the CloudWatch Logs group ${d.group.name}, keeping events ${days} days`, before: 'no log group', after: `retention ${days} days; tagged ${tagsText(ctx.runId)}`, payload: { action: 'create-log-group', name: d.group.name, retentionInDays: days } });
  } else if (d.ourGroup && group!.retentionInDays !== days) {
    const before = group!.retentionInDays ? `${group!.retentionInDays} days` : 'never expire';
    changes.push({ summary: `Keep events in the log group ${d.group.name} for ${days} days`, before, after: `${days} days`, payload: { action: 'set-retention', name: d.group.name, retentionInDays: days, ...(group!.retentionInDays ? { previous: group!.retentionInDays } : {}) } });
  }
  if (!d.ourRole) return changes;
  const trust = JSON.stringify(roleTrust());
  const policy = JSON.stringify(deliveryPolicy(d.group.arn, ctx.accountId));
  if (!state.role) {
    changes.push({ summary: `Create the role ${ROLE_NAME}, which CloudTrail uses to deliver to CloudWatch Logs`, before: 'no role', after: `trusted by cloudtrail.amazonaws.com; tagged ${tagsText(ctx.runId)}`, payload: { action: 'create-role', trust } });
  } else if (!trustsCloudTrail(state.role.trust)) {
    changes.push({ summary: `Let CloudTrail use the role ${ROLE_NAME}`, before: state.role.trust, after: trust, payload: { action: 'update-role-trust', trust, previous: state.role.trust } });
  }
  if (!state.role?.deliveryPolicy || !sameJson(JSON.parse(state.role.deliveryPolicy), JSON.parse(policy))) {
    changes.push({
      summary: `Let the role ${ROLE_NAME} write the trail's events to ${d.group.name} (logs:CreateLogStream, logs:PutLogEvents)`,
      before: state.role?.deliveryPolicy ?? 'no such permission', after: `only in ${d.group.arn}`,
      payload: { action: 'put-role-policy', document: policy, ...(state.role?.deliveryPolicy ? { previous: state.role.deliveryPolicy } : {}) },
    });
  }
  return changes;
}

function trailChanges(d: Decision, inputs: CloudTrailSettings, bucket: string, ctx: PlanContext): PlannedChange[] {
  const roleArn = `arn:${ctx.partition}:iam::${ctx.accountId}:role/${ROLE_NAME}`;
  const t = d.adopted;
  if (!t) {
    return [
      {
        summary: `Create the multi-region trail ${inputs.trailName}`,
        before: 'no multi-region trail',
        after: `management events (read and write) of every region and global services, log file validation, to s3://${bucket} and ${d.group.name}; tagged ${tagsText(ctx.runId)}`,
        payload: { action: 'create-trail', name: inputs.trailName, bucket, logGroupArn: d.group.arn, roleArn },
      },
      { summary: `Start logging on the trail ${inputs.trailName}`, before: 'not logging', after: 'logging', payload: { action: 'start-logging', trailArn: d.trailArn, name: inputs.trailName } },
    ];
  }
  const changes: PlannedChange[] = [];
  const set: TrailSettings = {};
  const previous: TrailSettings = {};
  const what: string[] = [];
  const fix = (description: string, after: TrailSettings, before: TrailSettings) => {
    Object.assign(set, after);
    Object.assign(previous, before);
    what.push(description);
  };
  if (!t.multiRegion) fix('log every region', { IsMultiRegionTrail: true }, { IsMultiRegionTrail: false });
  if (!t.globalEvents) fix('include global service events', { IncludeGlobalServiceEvents: true }, { IncludeGlobalServiceEvents: false });
  if (!t.validation) fix('turn on log file validation', { EnableLogFileValidation: true }, { EnableLogFileValidation: false });
  // '' removes Logs delivery again on undo.
  if (!t.logGroupArn) fix(`deliver to the CloudWatch Logs group ${d.group.name}`, { CloudWatchLogsLogGroupArn: `${d.group.arn}:*`, CloudWatchLogsRoleArn: roleArn }, { CloudWatchLogsLogGroupArn: '', CloudWatchLogsRoleArn: '' });
  if (what.length) {
    changes.push({ summary: `Update the trail ${t.name}: ${what.join(', ')}`, before: previous, after: set, payload: { action: 'update-trail', trailArn: t.arn, name: t.name, set, previous } });
  }
  if (!logsAllManagementEvents(t.selectors)) {
    const selectors = withAllManagementEvents(t.selectors);
    changes.push({ summary: `Log every management event (read and write) on the trail ${t.name}`, before: t.selectors, after: selectors, payload: { action: 'put-event-selectors', trailArn: t.arn, name: t.name, selectors, previous: t.selectors } });
  }
  if (!t.logging) changes.push({ summary: `Start logging on the trail ${t.name}`, before: 'not logging', after: 'logging', payload: { action: 'start-logging', trailArn: t.arn, name: t.name } });
  return changes;
}

function costNote(keep: Retention, bucket: boolean, logs: boolean): string {
  const billed = [
    bucket && `S3 storage of the log files (S3 Standard, about USD 0.023 per GB-month in us-east-1; kept ${keep.bucket} days)`,
    logs && `CloudWatch Logs: about USD 0.50 per GB ingested plus USD 0.03 per GB-month stored in us-east-1 (prices differ by region; kept ${keep.logs} days)`,
  ].filter(Boolean);
  return `Costs: the first copy of management events in each region is free. Billed: ${billed.join('; and ')}. A new account's management events come to a few MB a month, a busy one's to GBs.`;
}

export function planFor(state: CloudTrailState, inputs: CloudTrailSettings, ctx: PlanContext) {
  const d = decide(state, inputs, ctx);
  const bucket = logBucketName(ctx.accountId, ctx.region);
  const others = state.trails.filter((t) => t.arn !== d.adopted?.arn && (t.multiRegion || t.homeRegion === ctx.region));
  const notes = others.length ? [`Also logging management events here: ${others.map((t) => t.name).join(', ')}. Each copy after the first is billed (USD 2.00 per 100,000 events): consider deleting the ones you do not need.`] : [];
  if (d.blocked) return { d, plan: { changes: [], notes, skipped: d.blocked } };
  const ownBucket = !d.adopted || d.adopted.bucket === bucket;
  // Without an input, what the step's own bucket and group keep now stands: never shortened unasked.
  const keep: Retention = {
    bucket: inputs.bucketRetentionDays ?? ourLifecycleDays(state) ?? DEFAULT_RETENTION_DAYS,
    logs: inputs.logRetentionDays ?? (d.ourGroup ? state.logGroups.find((g) => g.name === d.group.name)?.retentionInDays : undefined) ?? DEFAULT_RETENTION_DAYS,
  };
  const changes = [...(ownBucket ? logBucketChanges(state.bucket, bucketSpec(bucket, d.trailArn, keep.bucket, ctx), ctx.partition, ctx.runId) : []), ...deliveryChanges(state, d, keep, ctx), ...trailChanges(d, inputs, bucket, ctx)];
  if (d.adopted && d.adopted.name !== inputs.trailName) notes.unshift(`Adopting the existing trail ${d.adopted.name} instead of creating a second one (a second copy of management events would be billed).`);
  if (!d.ourGroup) notes.push(`The trail delivers to the log group ${d.group.name}, which is left as it is.`);
  const creates = changes.map((c) => c.payload.action);
  // What starts to be billed: S3 storage once a trail of ours writes there, Logs ingestion once delivery starts.
  const s3Billed = creates.includes('create-bucket') || creates.includes('create-trail');
  const logsBilled = creates.includes('create-log-group') || creates.includes('create-trail') || changes.some((c) => c.payload.action === 'update-trail' && c.payload.set.CloudWatchLogsLogGroupArn);
  if (s3Billed || logsBilled) notes.push(costNote(keep, s3Billed, logsBilled));
  if (creates.includes('create-bucket') || creates.includes('create-log-group')) notes.push('Undo stops and deletes the trail and role this run makes, but keeps the bucket and log group: logs are evidence.');
  return { d, plan: { changes, notes } };
}

/**
 * Why the resource a change touched is no longer as it left it, if so (undo then skips it). The
 * role and trail this run made are deleted only if they carry its tag (`recorded`: the run that
 * recorded making them), so an edited log cannot name someone else's.
 */
export function driftOf(state: CloudTrailState, action: UndoAction, recorded?: RecordedChange): string | undefined {
  const p = action.change as CloudTrailPayload;
  const trailOf = (arn: string) => state.trails.find((t) => t.arn === arn);
  const gone = (what: string) => `${what} no longer exists`;
  switch (p.action) {
    case 'create-bucket':
    case 'bucket-setting':
      return logBucketDrift(state.bucket, p, LIFECYCLE_RULE_ID);
    case 'set-retention': {
      const group = state.logGroups.find((g) => g.name === p.name);
      if (!group) return gone(`the log group ${p.name}`);
      return group.retentionInDays === p.retentionInDays ? undefined : `the log group ${p.name} now keeps events ${group.retentionInDays ?? 'forever'} days (this run set ${p.retentionInDays})`;
    }
    case 'create-role': {
      if (!state.role) return gone(`the role ${ROLE_NAME}`);
      const notOurs = recorded && notCreatedByRun(state.role.tags, recorded.runId, `the role ${ROLE_NAME}`);
      if (notOurs) return notOurs;
      return state.role.otherPolicies.length ? `the role ${ROLE_NAME} has other policies since this run: ${state.role.otherPolicies.join(', ')}` : undefined;
    }
    case 'update-role-trust':
      if (!state.role) return gone(`the role ${ROLE_NAME}`);
      return sameJson(JSON.parse(state.role.trust), JSON.parse(p.trust)) ? undefined : `the trust policy of the role ${ROLE_NAME} was changed since this run`;
    case 'put-role-policy':
      if (!state.role) return gone(`the role ${ROLE_NAME}`);
      return state.role.deliveryPolicy && sameJson(JSON.parse(state.role.deliveryPolicy), JSON.parse(p.document)) ? undefined : `the delivery permissions of the role ${ROLE_NAME} were changed since this run`;
    case 'create-trail': {
      const t = trailOf(action.trailArn as string);
      if (!t) return gone(`the trail ${p.name}`);
      const notOurs = recorded && notCreatedByRun(t.tags, recorded.runId, `the trail ${p.name}`);
      if (notOurs) return notOurs;
      return t.bucket === p.bucket && t.logGroupArn === `${p.logGroupArn}:*` ? undefined : `the trail ${p.name} now delivers to s3://${t.bucket} and ${t.logGroupArn ?? 'no log group'} (this run set s3://${p.bucket} and ${p.logGroupArn})`;
    }
    case 'update-trail': {
      const t = trailOf(p.trailArn);
      if (!t) return gone(`the trail ${p.trailArn}`);
      const now: TrailSettings = { IsMultiRegionTrail: t.multiRegion, IncludeGlobalServiceEvents: t.globalEvents, EnableLogFileValidation: t.validation, CloudWatchLogsLogGroupArn: t.logGroupArn ?? '', CloudWatchLogsRoleArn: t.roleArn ?? '' };
      const changed = (Object.keys(p.set) as Array<keyof TrailSettings>).filter((key) => now[key] !== p.set[key]);
      return changed.length ? `the trail ${t.name} was changed since this run (${changed.join(', ')})` : undefined;
    }
    case 'put-event-selectors': {
      const t = trailOf(p.trailArn);
      if (!t) return gone(`the trail ${p.trailArn}`);
      return sameJson(t.selectors, p.selectors) ? undefined : `the event selectors of the trail ${t.name} were changed since this run`;
    }
    case 'start-logging': {
      const t = trailOf(p.trailArn);
      if (!t) return gone(`the trail ${p.trailArn}`);
      return t.logging ? undefined : `logging on the trail ${t.name} was stopped since this run`;
    }
    default:
      return undefined;
  }
}
