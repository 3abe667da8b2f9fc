/**
 * The CloudTrail step's decisions, all pure: which trail to adopt or create, what the bucket,
 * log group, delivery role and trail still need, and whether a recorded change still stands
 * (undo drift).
 */
import type { Change, PlanContext, RecordedChange } from '../../src/core/step.js';
import { ROLE_NAME, type CloudTrailState, type ObservedTrail, type TrailPayload, type TrailSettings } from '../shared/cloudtrail-aws.js';
import {
  bucketStatements, deliveryPolicy, LIFECYCLE_RULE_ID, logBucketName, logGroupArnOf, logGroupNameOf, logsAllManagementEvents,
  roleTrust, trailArnOf, trustsCloudTrail, withAllManagementEvents,
} from '../shared/cloudtrail-documents.js';
import { lifecycleDays, logBucketChanges, logBucketDrift, sameJson, type LogBucketPayload, type LogBucketSpec } from '../shared/log-bucket.js';
import { texts } from '../../src/i18n/index.js';
import { notCreatedByRun, tagsText } from '../../src/core/tags.js';

/** A trail that records this account but cannot be changed from here, for `blocked`. */
interface Blocked {
  /** An organization trail of another (the management) account. */
  readonly organization: boolean;
  readonly name: string;
  readonly account: string;
  readonly home: string;
}

const where = (b: Blocked) => (b.organization ? `The organization trail ${b.name} of the management account ${b.account}` : `The multi-region trail ${b.name}, whose home region is ${b.home},`);
const fix = (b: Blocked) => (b.organization ? 'a member account cannot change it: ask the management account to' : `it can only be changed from ${b.home}: run with --region ${b.home} to`);
const jaWhere = (b: Blocked) => (b.organization ? `管理アカウント ${b.account} の組織の証跡 ${b.name}` : `ホームリージョンが ${b.home} のマルチリージョン証跡 ${b.name}`);
const jaFix = (b: Blocked) => (b.organization ? 'メンバーアカウントからは変更できないため、管理アカウントに修正を依頼してください' : `この証跡は ${b.home} からしか変更できないため、--region ${b.home} を付けて実行して修正してください`);

const en = {
  blocked: {
    notLogging: 'it is not logging',
    noValidation: 'log file validation is off',
    notAllEvents: 'it does not log every management event',
    noLogs: 'it does not deliver to CloudWatch Logs',
    missing: (b: Blocked, missing: readonly string[]) => `${where(b)} records this account's API calls, but ${missing.join(', ')}; ${fix(b)} fix that. No log group is offered to the log alarms.`,
    elsewhere: (b: Blocked, groupArn: string) => `${where(b)} records this account's API calls and delivers them to ${groupArn}: alarms on it belong ${b.organization ? 'in that account' : `in ${b.home}`}, so no log group is offered to the log alarms here.`,
  },
  bucket: {
    writer: 'the trail',
    contents: 'log files',
    allows: (accountId: string, trailArn: string) => `only CloudTrail may write AWSLogs/${accountId}/ (for ${trailArn})`,
  },
  group: {
    create: (name: string, days: number) => `Create the CloudWatch Logs group ${name}, keeping events ${days} days`,
    none: 'no log group',
    created: (days: number, tags: string) => `retention ${days} days; tagged ${tags}`,
    retention: (name: string, days: number) => `Keep events in the log group ${name} for ${days} days`,
    days: (days: number) => `${days} days`,
    neverExpire: 'never expire',
  },
  role: {
    create: (role: string) => `Create the role ${role}, which CloudTrail uses to deliver to CloudWatch Logs`,
    none: 'no role',
    created: (tags: string) => `trusted by cloudtrail.amazonaws.com; tagged ${tags}`,
    trust: (role: string) => `Let CloudTrail use the role ${role}`,
    policy: (role: string, group: string) => `Let the role ${role} write the trail's events to ${group} (logs:CreateLogStream, logs:PutLogEvents)`,
    noPolicy: 'no such permission',
    policyAfter: (groupArn: string) => `only in ${groupArn}`,
  },
  trail: {
    create: (name: string) => `Create the multi-region trail ${name}`,
    none: 'no multi-region trail',
    created: (bucket: string, group: string, tags: string) => `management events (read and write) of every region and global services, log file validation, to s3://${bucket} and ${group}; tagged ${tags}`,
    start: (name: string) => `Start logging on the trail ${name}`,
    notLogging: 'not logging',
    logging: 'logging',
    multiRegion: 'log every region',
    globalEvents: 'include global service events',
    validation: 'turn on log file validation',
    deliver: (group: string) => `deliver to the CloudWatch Logs group ${group}`,
    update: (name: string, what: readonly string[]) => `Update the trail ${name}: ${what.join(', ')}`,
    selectors: (name: string) => `Log every management event (read and write) on the trail ${name}`,
  },
  cost: {
    s3: (days: number) => `S3 storage of the log files (S3 Standard, about USD 0.023 per GB-month in us-east-1; kept ${days} days)`,
    logs: (days: number) => `CloudWatch Logs: about USD 0.50 per GB ingested plus USD 0.03 per GB-month stored in us-east-1 (prices differ by region; kept ${days} days)`,
    note: (billed: readonly string[]) => `Costs: the first copy of management events in each region is free. Billed: ${billed.join('; and ')}. A new account's management events come to a few MB a month, a busy one's to GBs.`,
  },
  notes: {
    others: (names: readonly string[]) => `Also logging management events here: ${names.join(', ')}. Each copy after the first is billed (USD 2.00 per 100,000 events): consider deleting the ones you do not need.`,
    adopting: (name: string) => `Adopting the existing trail ${name} instead of creating a second one (a second copy of management events would be billed).`,
    covered: (name: string, account: string, home: string) =>
      `The organization trail ${name} of the management account ${account} (home region ${home}) records this account's API calls, with log file validation and CloudWatch Logs delivery: this account needs no trail of its own. Its log group, and the alarms on it, are in ${account}.`,
    theirGroup: (group: string) => `The trail delivers to the log group ${group}, which is left as it is.`,
    undoKeeps: 'Undo stops and deletes the trail and role this run makes, but keeps the bucket and log group: logs are evidence.',
  },
  drift: {
    logGroup: (name: string) => `the log group ${name}`,
    role: (name: string) => `the role ${name}`,
    trail: (name: string) => `the trail ${name}`,
    gone: (what: string) => `${what} no longer exists`,
    retention: (name: string, now: number | undefined, set: number) => `the log group ${name} now keeps events ${now ?? 'forever'} days (this run set ${set})`,
    otherPolicies: (role: string, policies: readonly string[]) => `the role ${role} has other policies since this run: ${policies.join(', ')}`,
    trust: (role: string) => `the trust policy of the role ${role} was changed since this run`,
    delivery: (role: string) => `the delivery permissions of the role ${role} were changed since this run`,
    delivers: (name: string, bucket: string, group: string | undefined, setBucket: string, setGroup: string) =>
      `the trail ${name} now delivers to s3://${bucket} and ${group ?? 'no log group'} (this run set s3://${setBucket} and ${setGroup})`,
    trailChanged: (name: string, keys: readonly string[]) => `the trail ${name} was changed since this run (${keys.join(', ')})`,
    selectors: (name: string) => `the event selectors of the trail ${name} were changed since this run`,
    stopped: (name: string) => `logging on the trail ${name} was stopped since this run`,
  },
};

const text = texts('cloudtrail-plan', en, {
  blocked: {
    notLogging: 'ログ記録が停止している',
    noValidation: 'ログファイルの検証が無効',
    notAllEvents: 'すべての管理イベントは記録していない',
    noLogs: 'CloudWatch Logs に配信していない',
    missing: (b: Blocked, missing: readonly string[]) => `${jaWhere(b)} がこのアカウントの API コールを記録していますが、次の点が不足しています: ${missing.join('、')}。${jaFix(b)}。log-alarms ステップにはロググループを渡しません。`,
    elsewhere: (b: Blocked, groupArn: string) => `${jaWhere(b)} がこのアカウントの API コールを記録し、${groupArn} に配信しています。その証跡に対するアラームは${b.organization ? 'そのアカウント' : ` ${b.home} `}に置くものなので、ここでは log-alarms ステップにロググループを渡しません。`,
  },
  bucket: {
    writer: '証跡',
    contents: 'ログファイル',
    allows: (accountId: string, trailArn: string) => `AWSLogs/${accountId}/ に書き込めるのは CloudTrail のみ (${trailArn} 用)`,
  },
  group: {
    create: (name: string, days: number) => `CloudWatch Logs のロググループ ${name} を作成する (イベントの保持期間 ${days} 日)`,
    none: 'ロググループなし',
    created: (days: number, tags: string) => `保持期間 ${days} 日。タグ: ${tags}`,
    retention: (name: string, days: number) => `ロググループ ${name} のイベントの保持期間を ${days} 日にする`,
    days: (days: number) => `${days} 日`,
    neverExpire: '失効しない',
  },
  role: {
    create: (role: string) => `CloudTrail が CloudWatch Logs への配信に使うロール ${role} を作成する`,
    none: 'ロールなし',
    created: (tags: string) => `cloudtrail.amazonaws.com を信頼。タグ: ${tags}`,
    trust: (role: string) => `CloudTrail がロール ${role} を使えるようにする`,
    policy: (role: string, group: string) => `ロール ${role} が証跡のイベントを ${group} に書き込めるようにする (logs:CreateLogStream, logs:PutLogEvents)`,
    noPolicy: 'その権限なし',
    policyAfter: (groupArn: string) => `${groupArn} の中だけ`,
  },
  trail: {
    create: (name: string) => `マルチリージョン証跡 ${name} を作成する`,
    none: 'マルチリージョン証跡なし',
    created: (bucket: string, group: string, tags: string) => `すべてのリージョンとグローバルサービスの管理イベント (読み取りと書き込み)、ログファイルの検証、s3://${bucket} と ${group} に配信。タグ: ${tags}`,
    start: (name: string) => `証跡 ${name} のログ記録を開始する`,
    notLogging: 'ログ記録なし',
    logging: 'ログ記録中',
    multiRegion: 'すべてのリージョンを記録する',
    globalEvents: 'グローバルサービスイベントを含める',
    validation: 'ログファイルの検証を有効にする',
    deliver: (group: string) => `CloudWatch Logs のロググループ ${group} に配信する`,
    update: (name: string, what: readonly string[]) => `証跡 ${name} を更新する: ${what.join('、')}`,
    selectors: (name: string) => `証跡 ${name} ですべての管理イベント (読み取りと書き込み) を記録する`,
  },
  cost: {
    s3: (days: number) => `ログファイルの S3 ストレージ (S3 Standard、us-east-1 で 1 GB・月あたり約 USD 0.023、保持期間 ${days} 日)`,
    logs: (days: number) => `CloudWatch Logs: us-east-1 で取り込み 1 GB あたり約 USD 0.50 と保存 1 GB・月あたり約 USD 0.03 (料金はリージョンにより異なります。保持期間 ${days} 日)`,
    note: (billed: readonly string[]) => `料金: 各リージョンの管理イベントの最初のコピーは無料です。課金されるもの: ${billed.join('、および ')}。新しいアカウントの管理イベントは月に数 MB、活発なアカウントでは数 GB になります。`,
  },
  notes: {
    others: (names: readonly string[]) => `ここでは次の証跡も管理イベントを記録しています: ${names.join('、')}。2 つ目以降のコピーは課金されます (100,000 イベントあたり USD 2.00)。不要なものは削除を検討してください。`,
    adopting: (name: string) => `2 つ目の証跡を作成する代わりに、既存の証跡 ${name} を引き継ぎます (管理イベントの 2 つ目のコピーは課金されるため)。`,
    covered: (name: string, account: string, home: string) =>
      `管理アカウント ${account} の組織の証跡 ${name} (ホームリージョン ${home}) が、ログファイルの検証と CloudWatch Logs への配信を含めて、このアカウントの API コールを記録しています。このアカウントに独自の証跡は要りません。ロググループとそのアラームは ${account} にあります。`,
    theirGroup: (group: string) => `証跡はロググループ ${group} に配信しています。このロググループはそのままにします。`,
    undoKeeps: 'undo では、この実行で作成する証跡とロールを停止して削除しますが、バケットとロググループは残します。ログは証拠になるためです。',
  },
  drift: {
    logGroup: (name: string) => `ロググループ ${name}`,
    role: (name: string) => `ロール ${name}`,
    trail: (name: string) => `証跡 ${name}`,
    gone: (what: string) => `${what} はもう存在しない`,
    retention: (name: string, now: number | undefined, set: number) => `ロググループ ${name} のイベントの保持期間は現在 ${now ? `${now} 日` : '無期限'} (この実行で設定したのは ${set} 日)`,
    otherPolicies: (role: string, policies: readonly string[]) => `ロール ${role} にはこの実行の後にほかのポリシーが付けられている: ${policies.join(', ')}`,
    trust: (role: string) => `ロール ${role} の信頼ポリシーはこの実行の後に変更されている`,
    delivery: (role: string) => `ロール ${role} の配信権限はこの実行の後に変更されている`,
    delivers: (name: string, bucket: string, group: string | undefined, setBucket: string, setGroup: string) =>
      `証跡 ${name} の配信先は現在 s3://${bucket} と ${group ?? 'ロググループなし'} (この実行で設定したのは s3://${setBucket} と ${setGroup})`,
    trailChanged: (name: string, keys: readonly string[]) => `証跡 ${name} はこの実行の後に変更されている (${keys.join(', ')})`,
    selectors: (name: string) => `証跡 ${name} のイベントセレクターはこの実行の後に変更されている`,
    stopped: (name: string) => `証跡 ${name} のログ記録はこの実行の後に停止されている`,
  },
});

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
export type CloudTrailPayload = LogBucketPayload | TrailPayload;

// ---- deciding ---------------------------------------------------------------------------------

/** What the plan builds on: the trail to create or adopt, and where it delivers. */
interface Decision {
  readonly trailArn: string;
  /** The trail adopted (absent: one is created). */
  readonly adopted?: ObservedTrail;
  /** Why nothing can be done here (a trail this account cannot change), if so. */
  readonly blocked?: string;
  /** The organization trail that covers this account as it should (nothing to do here), as said in the preview. */
  readonly covered?: string;
  readonly group: { readonly name: string; readonly arn: string };
  /** The group is the one named in the inputs (created and kept by this step), not one the adopted trail brought. */
  readonly ourGroup: boolean;
  /** The delivery role is this step's own. */
  readonly ourRole: boolean;
}

const rank = (t: ObservedTrail, name: string) => [t.name === name, t.logging, t.logGroupArn !== undefined, t.validation].filter(Boolean).length;

const blockedOf = (t: ObservedTrail, ctx: PlanContext): Blocked => ({ organization: t.accountId !== ctx.accountId, name: t.name, account: t.accountId, home: t.homeRegion });

function blockedReason(t: ObservedTrail, ctx: PlanContext): string {
  const b = blockedOf(t, ctx);
  const missing = [
    !t.logging && text.blocked.notLogging,
    !t.validation && text.blocked.noValidation,
    !logsAllManagementEvents(t.selectors) && text.blocked.notAllEvents,
    !t.logGroupArn && text.blocked.noLogs,
  ].filter((m): m is string => Boolean(m));
  return missing.length ? text.blocked.missing(b, missing) : text.blocked.elsewhere(b, t.logGroupArn!);
}

function decide(state: CloudTrailState, inputs: CloudTrailSettings, ctx: PlanContext): Decision {
  const own = state.trails.filter((t) => t.accountId === ctx.accountId && t.homeRegion === ctx.region);
  const byRank = (trails: ObservedTrail[]) => [...trails].sort((a, b) => rank(b, inputs.trailName) - rank(a, inputs.trailName) || a.name.localeCompare(b.name));
  // Ours by name even if it lost its multi-region setting; otherwise the best multi-region trail we can change.
  const adopted = own.find((t) => t.name === inputs.trailName) ?? byRank(own.filter((t) => t.multiRegion))[0];
  const elsewhere = byRank(state.trails.filter((t) => t.multiRegion && !own.includes(t)))[0];
  const ourGroup = { name: inputs.logGroupName, arn: logGroupArnOf(ctx.partition, ctx.region, ctx.accountId, inputs.logGroupName) };
  if (!adopted && elsewhere) {
    const blocked = blockedReason(elsewhere, ctx);
    // The management account's organization trail, as it should be: it covers this account, which needs no trail of its own.
    if (elsewhere.organization && elsewhere.accountId !== ctx.accountId && elsewhere.logGroupArn && blocked === text.blocked.elsewhere(blockedOf(elsewhere, ctx), elsewhere.logGroupArn)) {
      const group = { name: logGroupNameOf(elsewhere.logGroupArn), arn: elsewhere.logGroupArn.replace(/:\*$/, '') };
      return { trailArn: elsewhere.arn, adopted: elsewhere, covered: text.notes.covered(elsewhere.name, elsewhere.accountId, elsewhere.homeRegion), group, ourGroup: false, ourRole: false };
    }
    return { trailArn: elsewhere.arn, adopted: elsewhere, blocked, group: ourGroup, ourGroup: false, ourRole: false };
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
    writer: text.bucket.writer,
    contents: text.bucket.contents,
    statements: bucketStatements(ctx.partition, name, ctx.accountId, trailArn),
    allows: text.bucket.allows(ctx.accountId, trailArn),
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
    changes.push({ summary: text.group.create(d.group.name, days), before: text.group.none, after: text.group.created(days, tagsText(ctx.runId)), payload: { action: 'create-log-group', name: d.group.name, retentionInDays: days } });
  } else if (d.ourGroup && group!.retentionInDays !== days) {
    const before = group!.retentionInDays ? text.group.days(group!.retentionInDays) : text.group.neverExpire;
    changes.push({ summary: text.group.retention(d.group.name, days), before, after: text.group.days(days), payload: { action: 'set-retention', name: d.group.name, retentionInDays: days, ...(group!.retentionInDays ? { previous: group!.retentionInDays } : {}) } });
  }
  if (!d.ourRole) return changes;
  const trust = JSON.stringify(roleTrust());
  const policy = JSON.stringify(deliveryPolicy(d.group.arn, ctx.accountId));
  if (!state.role) {
    changes.push({ summary: text.role.create(ROLE_NAME), before: text.role.none, after: text.role.created(tagsText(ctx.runId)), payload: { action: 'create-role', trust } });
  } else if (!trustsCloudTrail(state.role.trust)) {
    changes.push({ summary: text.role.trust(ROLE_NAME), before: state.role.trust, after: trust, payload: { action: 'update-role-trust', trust, previous: state.role.trust } });
  }
  if (!state.role?.deliveryPolicy || !sameJson(JSON.parse(state.role.deliveryPolicy), JSON.parse(policy))) {
    changes.push({
      summary: text.role.policy(ROLE_NAME, d.group.name),
      before: state.role?.deliveryPolicy ?? text.role.noPolicy, after: text.role.policyAfter(d.group.arn),
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
        summary: text.trail.create(inputs.trailName),
        before: text.trail.none,
        after: text.trail.created(bucket, d.group.name, tagsText(ctx.runId)),
        payload: { action: 'create-trail', name: inputs.trailName, bucket, logGroupArn: d.group.arn, roleArn },
      },
      { summary: text.trail.start(inputs.trailName), before: text.trail.notLogging, after: text.trail.logging, payload: { action: 'start-logging', trailArn: d.trailArn, name: inputs.trailName } },
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
  if (!t.multiRegion) fix(text.trail.multiRegion, { IsMultiRegionTrail: true }, { IsMultiRegionTrail: false });
  if (!t.globalEvents) fix(text.trail.globalEvents, { IncludeGlobalServiceEvents: true }, { IncludeGlobalServiceEvents: false });
  if (!t.validation) fix(text.trail.validation, { EnableLogFileValidation: true }, { EnableLogFileValidation: false });
  // '' removes Logs delivery again on undo.
  if (!t.logGroupArn) fix(text.trail.deliver(d.group.name), { CloudWatchLogsLogGroupArn: `${d.group.arn}:*`, CloudWatchLogsRoleArn: roleArn }, { CloudWatchLogsLogGroupArn: '', CloudWatchLogsRoleArn: '' });
  if (what.length) {
    changes.push({ summary: text.trail.update(t.name, what), before: previous, after: set, payload: { action: 'update-trail', trailArn: t.arn, name: t.name, set, previous } });
  }
  if (!logsAllManagementEvents(t.selectors)) {
    const selectors = withAllManagementEvents(t.selectors);
    changes.push({ summary: text.trail.selectors(t.name), before: t.selectors, after: selectors, payload: { action: 'put-event-selectors', trailArn: t.arn, name: t.name, selectors, previous: t.selectors } });
  }
  if (!t.logging) changes.push({ summary: text.trail.start(t.name), before: text.trail.notLogging, after: text.trail.logging, payload: { action: 'start-logging', trailArn: t.arn, name: t.name } });
  return changes;
}

function costNote(keep: Retention, bucket: boolean, logs: boolean): string {
  const billed = [bucket && text.cost.s3(keep.bucket), logs && text.cost.logs(keep.logs)].filter((b): b is string => Boolean(b));
  return text.cost.note(billed);
}

export function planFor(state: CloudTrailState, inputs: CloudTrailSettings, ctx: PlanContext) {
  const d = decide(state, inputs, ctx);
  const bucket = logBucketName(ctx.accountId, ctx.region);
  const others = state.trails.filter((t) => t.arn !== d.adopted?.arn && (t.multiRegion || t.homeRegion === ctx.region));
  const notes = others.length ? [text.notes.others(others.map((t) => t.name))] : [];
  if (d.blocked) return { d, plan: { changes: [], notes, skipped: d.blocked } };
  if (d.covered) return { d, plan: { changes: [], notes: [d.covered, ...notes] } };
  const ownBucket = !d.adopted || d.adopted.bucket === bucket;
  // Without an input, what the step's own bucket and group keep now stands: never shortened unasked.
  const keep: Retention = {
    bucket: inputs.bucketRetentionDays ?? ourLifecycleDays(state) ?? DEFAULT_RETENTION_DAYS,
    logs: inputs.logRetentionDays ?? (d.ourGroup ? state.logGroups.find((g) => g.name === d.group.name)?.retentionInDays : undefined) ?? DEFAULT_RETENTION_DAYS,
  };
  const changes = [...(ownBucket ? logBucketChanges(state.bucket, bucketSpec(bucket, d.trailArn, keep.bucket, ctx), ctx.partition, ctx.runId) : []), ...deliveryChanges(state, d, keep, ctx), ...trailChanges(d, inputs, bucket, ctx)];
  if (d.adopted && d.adopted.name !== inputs.trailName) notes.unshift(text.notes.adopting(d.adopted.name));
  if (!d.ourGroup) notes.push(text.notes.theirGroup(d.group.name));
  const creates = changes.map((c) => c.payload.action);
  // What starts to be billed: S3 storage once a trail of ours writes there, Logs ingestion once delivery starts.
  const s3Billed = creates.includes('create-bucket') || creates.includes('create-trail');
  const logsBilled = creates.includes('create-log-group') || creates.includes('create-trail') || changes.some((c) => c.payload.action === 'update-trail' && c.payload.set.CloudWatchLogsLogGroupArn);
  if (s3Billed || logsBilled) notes.push(costNote(keep, s3Billed, logsBilled));
  if (creates.includes('create-bucket') || creates.includes('create-log-group')) notes.push(text.notes.undoKeeps);
  return { d, plan: { changes, notes } };
}

type Of<A extends CloudTrailPayload['action']> = Extract<CloudTrailPayload, { action: A }>;

/** The undo records the step writes, one kind per change (each with the change it takes back). */
export type CloudTrailUndo =
  | { kind: 'keep-bucket'; description: string; manual: string; change: Of<'create-bucket'> }
  | { kind: 'restore-bucket-setting'; description: string; change: Of<'bucket-setting'> }
  | { kind: 'keep-log-group'; description: string; manual: string; change: Of<'create-log-group'> }
  | { kind: 'restore-retention'; description: string; change: Of<'set-retention'> }
  | { kind: 'delete-role'; description: string; change: Of<'create-role'> }
  | { kind: 'restore-role-trust'; description: string; change: Of<'update-role-trust'> }
  | { kind: 'restore-role-policy'; description: string; change: Of<'put-role-policy'> }
  | { kind: 'delete-trail'; description: string; change: Of<'create-trail'>; trailArn: string }
  | { kind: 'restore-trail'; description: string; change: Of<'update-trail'> }
  | { kind: 'restore-event-selectors'; description: string; change: Of<'put-event-selectors'> }
  | { kind: 'stop-logging'; description: string; change: Of<'start-logging'> };

/**
 * Why the resource a change touched is no longer as it left it, if so (undo then skips it). The
 * role and trail this run made are deleted only if they carry its tag (`recorded`: the run that
 * recorded making them), so an edited log cannot name someone else's.
 */
export function driftOf(state: CloudTrailState, action: CloudTrailUndo, recorded?: RecordedChange): string | undefined {
  const trailOf = (arn: string) => state.trails.find((t) => t.arn === arn);
  const { drift } = text;
  switch (action.kind) {
    case 'keep-bucket':
    case 'restore-bucket-setting':
      return logBucketDrift(state.bucket, action.change, LIFECYCLE_RULE_ID);
    case 'keep-log-group':
      // The log group is kept: undo calls nothing for it.
      return undefined;
    case 'restore-retention': {
      const p = action.change;
      const group = state.logGroups.find((g) => g.name === p.name);
      if (!group) return drift.gone(drift.logGroup(p.name));
      return group.retentionInDays === p.retentionInDays ? undefined : drift.retention(p.name, group.retentionInDays, p.retentionInDays);
    }
    case 'delete-role': {
      if (!state.role) return drift.gone(drift.role(ROLE_NAME));
      const notOurs = recorded && notCreatedByRun(state.role.tags, recorded.runId, drift.role(ROLE_NAME));
      if (notOurs) return notOurs;
      return state.role.otherPolicies.length ? drift.otherPolicies(ROLE_NAME, state.role.otherPolicies) : undefined;
    }
    case 'restore-role-trust':
      if (!state.role) return drift.gone(drift.role(ROLE_NAME));
      return sameJson(JSON.parse(state.role.trust), JSON.parse(action.change.trust)) ? undefined : drift.trust(ROLE_NAME);
    case 'restore-role-policy':
      if (!state.role) return drift.gone(drift.role(ROLE_NAME));
      return state.role.deliveryPolicy && sameJson(JSON.parse(state.role.deliveryPolicy), JSON.parse(action.change.document)) ? undefined : drift.delivery(ROLE_NAME);
    case 'delete-trail': {
      const p = action.change;
      const t = trailOf(action.trailArn);
      if (!t) return drift.gone(drift.trail(p.name));
      const notOurs = recorded && notCreatedByRun(t.tags, recorded.runId, drift.trail(p.name));
      if (notOurs) return notOurs;
      return t.bucket === p.bucket && t.logGroupArn === `${p.logGroupArn}:*` ? undefined : drift.delivers(p.name, t.bucket, t.logGroupArn, p.bucket, p.logGroupArn);
    }
    case 'restore-trail': {
      const p = action.change;
      const t = trailOf(p.trailArn);
      if (!t) return drift.gone(drift.trail(p.trailArn));
      const now: TrailSettings = { IsMultiRegionTrail: t.multiRegion, IncludeGlobalServiceEvents: t.globalEvents, EnableLogFileValidation: t.validation, CloudWatchLogsLogGroupArn: t.logGroupArn ?? '', CloudWatchLogsRoleArn: t.roleArn ?? '' };
      const changed = (Object.keys(p.set) as Array<keyof TrailSettings>).filter((key) => now[key] !== p.set[key]);
      return changed.length ? drift.trailChanged(t.name, changed) : undefined;
    }
    case 'restore-event-selectors': {
      const p = action.change;
      const t = trailOf(p.trailArn);
      if (!t) return drift.gone(drift.trail(p.trailArn));
      return sameJson(t.selectors, p.selectors) ? undefined : drift.selectors(t.name);
    }
    case 'stop-logging': {
      const t = trailOf(action.change.trailArn);
      if (!t) return drift.gone(drift.trail(action.change.trailArn));
      return t.logging ? undefined : drift.stopped(t.name);
    }
  }
}
