/**
 * Dangerous activity raises an alarm: CloudWatch Logs metric filters on the CloudTrail log group
 * for the CloudWatch.1–14 controls (CIS section 4), AWS Organizations changes and the checklist's
 * extra ones, each with an alarm that notifies the alerts topic. The patterns are data, in
 * templates/log-alarms.json, each with its source.
 */
import { z } from 'zod';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import { sendDoneOnRetry } from '../src/aws/create-once.js';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages, hasItems, withoutEmpty } from '../src/aws/paginate.js';
import { defineStep, type Change } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { bootstrapTagList, notCreatedByRun, tagMap, tagsText } from '../src/core/tags.js';
import { readTemplate } from '../src/templates.js';
import type { AlertsTopicProvides } from './alerts-topic/alerts-topic.js';
import type { CloudTrailProvides as TrailLogGroup } from './cloudtrail/cloudtrail.js';

const catalogueSchema = z.object({
  namespace: z.string().min(1),
  alarms: z.array(z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    control: z.string(),
    watches: z.string(),
    metricName: z.string().min(1),
    filterPattern: z.string().min(1).max(1024),
    threshold: z.number().int().min(1).default(1),
    source: z.string().min(1),
    /** The source in short, for the preview: "AWS Security Hub CSPM", "CIS AWS Foundations v3.0 4.13 / Prowler". */
    follows: z.string().min(1),
    /** Earlier published forms: a filter already there with one counts as done (not replaced). */
    olderPatterns: z.array(z.object({ filterPattern: z.string().min(1).max(1024), follows: z.string().min(1) })).default([]),
  })),
});
export type AlarmSpec = z.output<typeof catalogueSchema>['alarms'][number];

const catalogue = catalogueSchema.parse(readTemplate('log-alarms'));
/** Every alarm the step knows, in the order they are shown. */
export const ALARM_SPECS: readonly AlarmSpec[] = catalogue.alarms;
/** AWS's remediation steps for CloudWatch.1–14 put the metrics in `LogMetrics` (see the template). */
export const METRIC_NAMESPACE = catalogue.namespace;
/** Filter and alarm names: the prefix says who made them, the rest what they watch. */
const NAME_PREFIX = 'aws-bootstrap-';
export const nameOf = (spec: AlarmSpec) => `${NAME_PREFIX}${spec.id}`;
/** The alarm names this step can create: the only ones whose tags observe reads. */
const OWN_NAMES = new Set(ALARM_SPECS.map(nameOf));
const PERIOD_SECONDS = 300;
/** USD a month for one standard-resolution alarm (CloudWatch pricing). */
const ALARM_MONTHLY_USD = 0.1;

/**
 * What each alarm watches, in Japanese, by id (the template's `watches` is the English). A test
 * holds that every alarm of the template has one.
 */
export const WATCHES_JA: Readonly<Record<string, string>> = {
  'root-account-usage': 'ルートユーザーのアクティビティ',
  'unauthorized-api-calls': '権限がないため拒否された API コール',
  'console-sign-in-without-mfa': 'MFA を使わないコンソールへのサインイン',
  'iam-policy-changes': 'IAM ポリシーの変更',
  'cloudtrail-changes': 'CloudTrail の設定の変更',
  'console-sign-in-failures': 'コンソールへのサインインの失敗',
  'kms-key-disabled-or-deleted': 'カスタマーマネージド KMS キーの無効化または削除のスケジュール',
  's3-bucket-policy-changes': 'S3 バケットポリシー、ACL、CORS、ライフサイクル、レプリケーションの変更',
  'config-changes': 'AWS Config のレコーダーと配信チャネルの変更',
  'security-group-changes': 'セキュリティグループの変更',
  'network-acl-changes': 'ネットワーク ACL の変更',
  'network-gateway-changes': 'インターネットゲートウェイとカスタマーゲートウェイの変更',
  'route-table-changes': 'ルートテーブルの変更',
  'vpc-changes': 'VPC と VPC ピアリングの変更',
  'organizations-changes': 'AWS Organizations の変更',
  'iam-user-created': 'IAM ユーザーの作成',
  'access-key-created': 'IAM アクセスキーの作成',
  'iam-role-changes': 'IAM ロールの作成、削除、信頼ポリシーの変更',
  'assume-role-failures': 'ロールの切り替えの繰り返しの失敗 (AssumeRole またはコンソールのロールの切り替え)',
};

/** What the current form of a pattern has that an older published one lacks. */
interface PatternAdds {
  /** Event names the current form catches and the older does not. */
  readonly events: readonly string[];
}

/** What an alarm's sentences need to know of it. */
interface AlarmFacts {
  readonly statistic: string | undefined;
  readonly threshold: number | undefined;
  readonly minutes: number;
  readonly metric: string;
  readonly topics: readonly string[];
  readonly disabled: boolean;
}

const en = {
  title: 'Dangerous activity raises an alarm',
  why: 'CloudTrail records every call, but nobody reads it: root sign-ins, a switched-off trail, a new access key or an opened security group go unnoticed until the bill or the breach. A metric filter and an alarm per kind of event turn them into an email within minutes.',
  /** The control an alarm answers to: "CloudWatch.1", "CIS 4.15", "checklist 8". */
  control: (spec: AlarmSpec) => spec.control,
  watches: (spec: AlarmSpec) => spec.watches,
  input: {
    unknown: (ids: readonly string[]) => `expected one of: ${ids.join(', ')}`,
    twice: 'the same alarm is listed twice',
  },
  /** The alarm's AlarmDescription, sent into the account (the plan never compares it: see sameAlarm). */
  description: (control: string, watches: string, logGroup: string) => `${control}: ${watches}, counted by a metric filter on the CloudTrail log group ${logGroup}. Made by aws-bootstrap.`,
  alarm: (a: AlarmFacts) => `${a.statistic ?? 'metric math'} ≥ ${a.threshold} in ${a.minutes} minutes of ${a.metric}, ${a.topics.length ? `notifies ${a.topics.join(', ')}` : 'notifies nobody'}${a.disabled ? ' (actions disabled)' : ''}`,
  filter: {
    /** The label of the one key each side of a filter change. */
    label: 'metric filter',
    add: (name: string) => `Add the metric filter "${name}"`,
    replace: (name: string) => `Replace the metric filter "${name}"`,
    other: (metric: string) => `another pattern, counted as ${metric}`,
    none: (control: string) => `none with the ${control} pattern`,
    wanted: (control: string, follows: string, metric: string) => `the ${control} pattern (${follows}), counted as ${metric}`,
  },
  alarmChange: {
    label: 'alarm',
    create: (name: string, control: string, watches: string) => `Create the alarm "${name}" (${control}: ${watches})`,
    replace: (name: string, control: string, watches: string) => `Replace the alarm "${name}" (${control}: ${watches})`,
    none: 'none notifies the alerts topic',
  },
  notes: {
    watched: (watches: string, filter: string, alarm: string) => `Already watched: ${watches} (filter "${filter}", alarm "${alarm}").`,
    older: (filter: string, olderFollows: string, follows: string, adds: PatternAdds) => `The metric filter "${filter}" has the older published pattern of ${olderFollows}; it is kept. The current one (${follows}) also ${
      adds.events.length ? `catches ${adds.events.length === 1 ? adds.events[0] : `${adds.events.slice(0, -1).join(', ')} and ${adds.events.at(-1)}`}` : 'checks the event source'}.`,
    silent: (alarm: string, metric: string) => `The alarm "${alarm}" watches ${metric} but does not notify the alerts topic; it is left as it is.`,
    excluded: (ids: readonly string[]) => `Left out (exclude): ${ids.join(', ')}.`,
    tagged: (tags: string) => `The new alarms are tagged ${tags}.`,
    replacedTags: 'A replaced alarm keeps its own tags: this run did not make it.',
    filtersUntagged: 'Metric filters cannot be tagged (CloudWatch Logs tags log groups, not their filters).',
    /** Between the sentences of one note. */
    join: ' ',
    where: (logGroup: string, topicArn: string) => `Filters on the CloudTrail log group ${logGroup}; alarms notify ${topicArn}. Patterns: as AWS Security Hub CSPM (CloudWatch.1–14), CIS AWS Foundations v3.0 (4.13, 4.15) and Prowler's checks publish them, and the checklist's own (templates/log-alarms.json names each source).`,
    cost: (count: number, each: string, total: string) => `Cost: ${count} new alarm${count === 1 ? '' : 's'} × about ${each} a month = about ${total} a month (the AWS Free Tier covers 10 alarms per account). `
      + 'Metric filters are free; each metric they publish is billed as a custom metric (about USD 0.30 a month) only for the hours in which a matching event is logged.',
  },
  skipped: {
    needs: 'needs the CloudTrail log group and the alerts topic',
    otherAccount: (account: string) => `the organization trail's log group is in ${account}; its alarms are set there`,
    region: (logGroup: string, groupRegion: string, home: string) => `the trail delivers to the log group ${logGroup} in ${groupRegion}, not in the home region ${home}, where the alerts topic is; alarms can only notify a topic in their own region. Run with --region ${groupRegion} to put the alarms and a topic there, or have the trail deliver to a log group in ${home}`,
  },
  undo: {
    deleteFilter: (filter: string, logGroup: string) => `Delete the metric filter "${filter}" on ${logGroup} (it did not exist before)`,
    restoreFilter: (filter: string, logGroup: string) => `Put back the metric filter "${filter}" on ${logGroup} as it was before this run`,
    deleteAlarm: (alarm: string, region: string) => `Delete the alarm "${alarm}" in ${region} (it did not exist before)`,
    restoreAlarm: (alarm: string, region: string) => `Put back the alarm "${alarm}" in ${region} as it was before this run`,
  },
  drift: {
    filterGone: (filter: string, logGroup: string) => `the metric filter "${filter}" on ${logGroup} no longer exists`,
    filterChanged: (filter: string, logGroup: string) => `the metric filter "${filter}" on ${logGroup} was changed since this run`,
    alarm: (alarm: string) => `the alarm "${alarm}"`,
    alarmGone: (alarm: string) => `the alarm "${alarm}" no longer exists`,
    alarmChanged: (alarm: string, now: string) => `the alarm "${alarm}" was changed since this run (now ${now})`,
  },
};

const t = texts('log-alarms', en, {
  title: '危険な操作でアラームが発生する',
  why: 'CloudTrail はすべてのコールを記録しますが、誰も読みません。ルートユーザーのサインイン、停止された証跡、新しいアクセスキー、開放されたセキュリティグループは、請求書や侵害で発覚するまで気付かれません。イベントの種類ごとにメトリクスフィルターとアラームを置くと、数分以内にメールで届きます。',
  control: (spec: AlarmSpec) => spec.control.replace(/^checklist /, 'チェックリスト '),
  watches: (spec: AlarmSpec) => WATCHES_JA[spec.id] ?? spec.watches,
  input: {
    unknown: (ids: readonly string[]) => `次のいずれかを指定してください: ${ids.join(', ')}`,
    twice: '同じアラームが 2 回指定されています',
  },
  description: (control: string, watches: string, logGroup: string) => `${control}: ${watches}。CloudTrail のロググループ ${logGroup} のメトリクスフィルターで数えます。aws-bootstrap が作成しました。`,
  alarm: (a: AlarmFacts) => `${a.metric} の ${a.minutes} 分間の ${a.statistic ?? 'メトリクス計算'} ≥ ${a.threshold}、${a.topics.length ? `通知先 ${a.topics.join(', ')}` : '通知先なし'}${a.disabled ? ' (アクション無効)' : ''}`,
  filter: {
    label: 'メトリクスフィルター',
    add: (name: string) => `メトリクスフィルター「${name}」を追加する`,
    replace: (name: string) => `メトリクスフィルター「${name}」を置き換える`,
    other: (metric: string) => `別のパターン (${metric} として集計)`,
    none: (control: string) => `${control} のパターンのものはなし`,
    wanted: (control: string, follows: string, metric: string) => `${control} のパターン (出典: ${follows}、${metric} として集計)`,
  },
  alarmChange: {
    label: 'アラーム',
    create: (name: string, control: string, watches: string) => `アラーム「${name}」を作成する (${control}: ${watches})`,
    replace: (name: string, control: string, watches: string) => `アラーム「${name}」を置き換える (${control}: ${watches})`,
    none: 'アラートトピックに通知するものはなし',
  },
  notes: {
    watched: (watches: string, filter: string, alarm: string) => `すでに監視されています: ${watches} (フィルター「${filter}」、アラーム「${alarm}」)。`,
    older: (filter: string, olderFollows: string, follows: string, adds: PatternAdds) => `メトリクスフィルター「${filter}」は ${olderFollows} の以前の公開パターンです。そのままにします。現在のパターン (${follows}) は${
      adds.events.length ? `さらに ${adds.events.join('、')} も検知します` : 'イベントソースも確認します'}。`,
    silent: (alarm: string, metric: string) => `アラーム「${alarm}」は ${metric} を監視していますが、アラートトピックには通知しません。そのままにします。`,
    excluded: (ids: readonly string[]) => `対象外 (exclude): ${ids.join(', ')}。`,
    tagged: (tags: string) => `新しいアラームにはタグ ${tags} を付けます。`,
    replacedTags: '置き換えるアラームは元のタグのままです (この実行で作成したものではないため)。',
    filtersUntagged: 'メトリクスフィルターにはタグを付けられません (CloudWatch Logs がタグを付けられるのはロググループで、フィルターではありません)。',
    join: '',
    where: (logGroup: string, topicArn: string) => `フィルターは CloudTrail のロググループ ${logGroup} に置き、アラームは ${topicArn} に通知します。パターンは AWS Security Hub CSPM (CloudWatch.1～14)、CIS AWS Foundations v3.0 (4.13、4.15)、Prowler のチェックが公開しているものと、チェックリスト独自のものです (templates/log-alarms.json に各出典があります)。`,
    cost: (count: number, each: string, total: string) => `料金: 新しいアラーム ${count} 個 × 月約 ${each} = 月約 ${total} (AWS 無料利用枠にはアカウントあたり 10 個のアラームが含まれます)。`
      + 'メトリクスフィルターは無料です。フィルターが発行するメトリクスはカスタムメトリクスとして課金されます (月約 USD 0.30) が、課金されるのは一致するイベントが記録された時間帯だけです。',
  },
  skipped: {
    needs: 'CloudTrail のロググループとアラートトピックが必要です',
    otherAccount: (account: string) => `組織の証跡のロググループは ${account} にあります。そのアラームはそこで設定します`,
    region: (logGroup: string, groupRegion: string, home: string) => `証跡の配信先は、アラートトピックのあるホームリージョン ${home} ではなく ${groupRegion} のロググループ ${logGroup} です。アラームは同じリージョンのトピックにしか通知できません。--region ${groupRegion} を付けて実行してアラームとトピックをそこに置くか、証跡の配信先を ${home} のロググループにしてください`,
  },
  undo: {
    deleteFilter: (filter: string, logGroup: string) => `${logGroup} のメトリクスフィルター「${filter}」を削除する (以前は存在しなかった)`,
    restoreFilter: (filter: string, logGroup: string) => `${logGroup} のメトリクスフィルター「${filter}」をこの実行の前の状態に戻す`,
    deleteAlarm: (alarm: string, region: string) => `${region} のアラーム「${alarm}」を削除する (以前は存在しなかった)`,
    restoreAlarm: (alarm: string, region: string) => `${region} のアラーム「${alarm}」をこの実行の前の状態に戻す`,
  },
  drift: {
    filterGone: (filter: string, logGroup: string) => `${logGroup} のメトリクスフィルター「${filter}」はもう存在しない`,
    filterChanged: (filter: string, logGroup: string) => `${logGroup} のメトリクスフィルター「${filter}」はこの実行の後に変更されている`,
    alarm: (alarm: string) => `アラーム「${alarm}」`,
    alarmGone: (alarm: string) => `アラーム「${alarm}」はもう存在しない`,
    alarmChanged: (alarm: string, now: string) => `アラーム「${alarm}」はこの実行の後に変更されている (現在: ${now})`,
  },
});

const ids = ALARM_SPECS.map((spec) => spec.id) as [string, ...string[]];
const inputSchema = z
  .object({
    /** Alarms to leave out, by id (e.g. `unauthorized-api-calls` where denied calls are routine). */
    exclude: z
      .array(z.enum(ids, { error: () => t.input.unknown(ids) }))
      .refine((list) => new Set(list).size === list.length, { error: () => t.input.twice })
      .default([]),
  })
  .strict();
export type LogAlarmsInputs = z.output<typeof inputSchema>;

/** A metric filter as PutMetricFilter takes it (and DescribeMetricFilters shows it). */
export interface FilterDefinition {
  readonly logGroupName: string;
  readonly filterName: string;
  readonly filterPattern: string;
  readonly metricTransformations: ReadonlyArray<{ metricName: string; metricNamespace: string; metricValue: string; defaultValue?: number; dimensions?: Record<string, string>; unit?: string }>;
}

/** A metric alarm's settable fields as DescribeAlarms shows them, sendable back to PutMetricAlarm. */
export type AlarmDefinition = Pick<MetricAlarm, 'AlarmDescription' | 'ActionsEnabled' | 'OKActions' | 'AlarmActions' | 'InsufficientDataActions' | 'MetricName' | 'Namespace' | 'Statistic' | 'ExtendedStatistic' | 'Dimensions' | 'Period' | 'Unit' | 'EvaluationPeriods' | 'DatapointsToAlarm' | 'Threshold' | 'ComparisonOperator' | 'TreatMissingData' | 'EvaluateLowSampleCountPercentile' | 'Metrics' | 'ThresholdMetricId'> & { AlarmName: string };

/** Every metric filter and metric alarm in the home region (observe cannot know the log group yet). */
export interface LogAlarmsState {
  readonly filters: readonly FilterDefinition[];
  readonly alarms: readonly AlarmDefinition[];
  /** The tags of the alarms named as this step names them, by name (an alarm it made carries its run); read for undo only (`StepContext.readTags`). */
  readonly alarmTags: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** One planned change; `previous` is what a same-named filter or alarm was, to put back on undo. */
export type LogAlarmsPayload =
  | { action: 'put-filter'; id: string; filter: FilterDefinition; previous?: FilterDefinition }
  | { action: 'put-alarm'; id: string; alarm: AlarmDefinition; previous?: AlarmDefinition };

type FilterPayload = Extract<LogAlarmsPayload, { action: 'put-filter' }>;
type AlarmPayload = Extract<LogAlarmsPayload, { action: 'put-alarm' }>;

/** The undo records: a filter or alarm this run made is deleted; one it replaced is put back (`previous`). */
export type LogAlarmsUndo =
  | { kind: 'delete-metric-filter'; description: string; change: FilterPayload }
  | { kind: 'restore-metric-filter'; description: string; change: FilterPayload & { previous: FilterDefinition } }
  | { kind: 'delete-alarm'; description: string; change: AlarmPayload }
  | { kind: 'restore-alarm'; description: string; change: AlarmPayload & { previous: AlarmDefinition } };

interface MetricRef {
  readonly namespace: string;
  readonly name: string;
}

// ---- reading and comparing ----------------------------------------------------------------

function filterOf(filter: MetricFilter): FilterDefinition {
  return {
    logGroupName: filter.logGroupName ?? '',
    filterName: filter.filterName ?? '',
    filterPattern: filter.filterPattern ?? '',
    metricTransformations: (filter.metricTransformations ?? []).map(({ metricName, metricNamespace, metricValue, defaultValue, dimensions, unit }) => ({
      metricName: metricName ?? '', metricNamespace: metricNamespace ?? '', metricValue: metricValue ?? '',
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      ...(dimensions && Object.keys(dimensions).length ? { dimensions } : {}),
      ...(unit ? { unit } : {}),
    })),
  };
}

const ALARM_FIELDS = [
  'AlarmDescription', 'ActionsEnabled', 'OKActions', 'AlarmActions', 'InsufficientDataActions', 'MetricName', 'Namespace', 'Statistic',
  'ExtendedStatistic', 'Dimensions', 'Period', 'Unit', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator',
  'TreatMissingData', 'EvaluateLowSampleCountPercentile', 'Metrics', 'ThresholdMetricId',
] as const;

/** Empty lists left out (`Metrics: []` on a plain alarm means no metric math), so it compares, and is sent back, as AWS keeps it. */
function alarmOf(alarm: MetricAlarm): AlarmDefinition {
  const picked = Object.fromEntries(ALARM_FIELDS.filter((key) => alarm[key] !== undefined).map((key) => [key, alarm[key]]));
  return withoutEmpty({ ...picked, AlarmName: alarm.AlarmName ?? '' });
}

/**
 * A pattern in a form where layout does not count: whitespace outside quotes dropped, and quotes
 * taken off plain values (`"ConsoleLogin"` and `ConsoleLogin` match the same events). So a filter
 * with the published pattern typed with other spacing or quoting (CIS prints them with spaces
 * and quotes) is recognised as the same.
 */
export function canonicalPattern(pattern: string): string {
  return pattern
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 ? (/^"[\w.*-]+"$/.test(part) ? part.slice(1, -1) : part) : part.replace(/\s+/g, '')))
    .join('');
}

const eventNames = (pattern: string) => new Set([...pattern.matchAll(/\$\.eventName\s*=\s*"?([\w*]+)"?/g)].map((m) => m[1]!));

/** What `current` adds to `older`: event names it catches besides (none: it checks more, such as the event source). */
function patternAdds(current: string, older: string): PatternAdds {
  const before = eventNames(older);
  return { events: [...eventNames(current)].filter((name) => !before.has(name)) };
}

/** The one metric a filter publishes without dimensions (what an alarm can watch), if so. */
function metricOf(filter: FilterDefinition): MetricRef | undefined {
  const [only] = filter.metricTransformations;
  return only && !hasItems(only.dimensions) ? { namespace: only.metricNamespace, name: only.metricName } : undefined;
}

const metricText = (metric: MetricRef) => `${metric.namespace}/${metric.name}`;
const watches = (alarm: AlarmDefinition, metric: MetricRef) =>
  alarm.Namespace === metric.namespace && alarm.MetricName === metric.name && !hasItems(alarm.Dimensions) && !hasItems(alarm.Metrics);
const notifies = (alarm: AlarmDefinition, topicArn: string) => alarm.ActionsEnabled !== false && (alarm.AlarmActions ?? []).includes(topicArn);

function sameFilter(a: FilterDefinition, b: FilterDefinition): boolean {
  return a.filterPattern === b.filterPattern && JSON.stringify(withoutEmpty(a.metricTransformations)) === JSON.stringify(withoutEmpty(b.metricTransformations));
}

function sameAlarm(a: AlarmDefinition, b: AlarmDefinition): boolean {
  const key = (alarm: AlarmDefinition) => JSON.stringify([
    alarm.MetricName, alarm.Namespace, alarm.Statistic, alarm.Period, alarm.EvaluationPeriods, alarm.Threshold, alarm.ComparisonOperator,
    alarm.TreatMissingData, alarm.ActionsEnabled !== false, [...(alarm.AlarmActions ?? [])].sort(), alarm.Dimensions ?? [], hasItems(alarm.Metrics),
  ]);
  return key(a) === key(b);
}

// ---- planning -----------------------------------------------------------------------------

function wantedFilter(spec: AlarmSpec, logGroupName: string): FilterDefinition {
  // No defaultValue: the metric gets a data point only when a matching event is logged, so it is
  // billed only for those hours, and TreatMissingData notBreaching reads the gaps as "nothing".
  return { logGroupName, filterName: nameOf(spec), filterPattern: spec.filterPattern, metricTransformations: [{ metricName: spec.metricName, metricNamespace: METRIC_NAMESPACE, metricValue: '1' }] };
}

function wantedAlarm(spec: AlarmSpec, metric: MetricRef, topicArn: string, logGroupName: string): AlarmDefinition {
  return {
    AlarmName: nameOf(spec),
    // Follows the language of the run that makes it; sameAlarm leaves it out, so a run in either language converges.
    AlarmDescription: t.description(t.control(spec), t.watches(spec), logGroupName),
    ActionsEnabled: true,
    AlarmActions: [topicArn],
    MetricName: metric.name,
    Namespace: metric.namespace,
    Statistic: 'Sum',
    Period: PERIOD_SECONDS,
    EvaluationPeriods: 1,
    // 1 for all but repeated role-switch failures (3): see thresholdReason in the template.
    Threshold: spec.threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  };
}

/** "Sum ≥ 1 in 5 minutes of LogMetrics/RootAccountUsage, notifies aws-bootstrap-alerts" (topics by name). */
function alarmText(alarm: AlarmDefinition): string {
  const topics = (alarm.AlarmActions ?? []).map((arn) => (arn.startsWith('arn:') && arn.includes(':sns:') ? arn.split(':').at(-1) : arn));
  return t.alarm({
    statistic: alarm.Statistic ?? alarm.ExtendedStatistic, threshold: alarm.Threshold, minutes: Math.round((alarm.Period ?? 0) / 60),
    metric: `${alarm.Namespace}/${alarm.MetricName}`, topics: topics.filter((topic): topic is string => topic !== undefined), disabled: alarm.ActionsEnabled === false,
  });
}

const usd = (amount: number) => `USD ${amount.toFixed(2)}`;

/** The changes for one alarm spec: a filter if none with its pattern is there, an alarm if none notifies the topic. */
function planSpec(spec: AlarmSpec, state: LogAlarmsState, trail: TrailLogGroup, topicArn: string, notes: string[]): Change<LogAlarmsPayload>[] {
  const name = nameOf(spec);
  const onGroup = state.filters.filter((f) => f.logGroupName === trail.logGroupName);
  // The current form, or else an older published one (a filter made to it is not replaced for that).
  const olderOf = (f: FilterDefinition) => spec.olderPatterns.find((o) => canonicalPattern(o.filterPattern) === canonicalPattern(f.filterPattern));
  const usable = onGroup.filter((f) => metricOf(f));
  const current = usable.filter((f) => canonicalPattern(f.filterPattern) === canonicalPattern(spec.filterPattern));
  const samePattern = current.length ? current : usable.filter((f) => olderOf(f));
  const found = samePattern.find((f) => f.filterName === name) ?? samePattern[0];
  const older = found && olderOf(found);
  if (found && older) notes.push(t.notes.older(found.filterName, older.follows, spec.follows, patternAdds(spec.filterPattern, older.filterPattern)));
  const changes: Change<LogAlarmsPayload>[] = [];
  let metric: MetricRef;
  if (found) {
    metric = metricOf(found)!;
  } else {
    const filter = wantedFilter(spec, trail.logGroupName);
    const previous = onGroup.find((f) => f.filterName === name);
    metric = metricOf(filter)!;
    // One key each side: the preview shows it as one "before → after" line.
    changes.push({
      summary: previous ? t.filter.replace(name) : t.filter.add(name),
      before: { [t.filter.label]: previous ? t.filter.other(metricText(metricOf(previous) ?? { namespace: '?', name: '?' })) : t.filter.none(t.control(spec)) },
      after: { [t.filter.label]: t.filter.wanted(t.control(spec), spec.follows, metricText(metric)) },
      payload: { action: 'put-filter', id: spec.id, filter, ...(previous ? { previous } : {}) },
    });
  }
  const covering = state.alarms.find((a) => watches(a, metric) && notifies(a, topicArn));
  if (covering) {
    // Another tool's filter and alarm are named; ours need no word.
    if (found && (found.filterName !== name || covering.AlarmName !== name)) notes.push(t.notes.watched(t.watches(spec), found.filterName, covering.AlarmName));
    return changes;
  }
  for (const other of state.alarms.filter((a) => watches(a, metric) && a.AlarmName !== name)) {
    notes.push(t.notes.silent(other.AlarmName, metricText(metric)));
  }
  const alarm = wantedAlarm(spec, metric, topicArn, trail.logGroupName);
  const previous = state.alarms.find((a) => a.AlarmName === name);
  changes.push({
    summary: (previous ? t.alarmChange.replace : t.alarmChange.create)(name, t.control(spec), t.watches(spec)),
    before: { [t.alarmChange.label]: previous ? alarmText(previous) : t.alarmChange.none },
    after: { [t.alarmChange.label]: alarmText(alarm) },
    payload: { action: 'put-alarm', id: spec.id, alarm, ...(previous ? { previous } : {}) },
  });
  return changes;
}

// ---- the step -----------------------------------------------------------------------------

export default defineStep<LogAlarmsState, LogAlarmsInputs, LogAlarmsPayload, LogAlarmsUndo>({
  id: 'log-alarms',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  needs: ['cloudtrail', 'alerts-topic'],
  permissions: {
    // ListTagsForResource: undo deletes an alarm only if it carries the tag of the run that made it.
    observe: ['logs:DescribeMetricFilters', 'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    // TagResource: PutMetricAlarm with Tags needs it as well.
    apply: ['logs:PutMetricFilter', 'cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'],
    undo: ['logs:DeleteMetricFilter', 'logs:PutMetricFilter', 'cloudwatch:DeleteAlarms', 'cloudwatch:PutMetricAlarm'],
    // DescribeAlarms lists every alarm; the metric filters go on the trail's log group, cloudtrail's own or the
    // one an adopted trail delivers to, whatever its name: on `*`. Its alarms' names, whichever are chosen: aws-bootstrap-*.
    scopes: (c) => [
      { name: 'Alarms', actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource', 'cloudwatch:DeleteAlarms', 'cloudwatch:ListTagsForResource'], resources: [c.arn('cloudwatch', `alarm:${nameOf({ id: '*' } as AlarmSpec)}`)] },
    ],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    const logs = await ctx.aws.use('logs');
    const cloudwatch = await ctx.aws.use('cloudwatch');
    const [filters, alarms] = await Promise.all([
      collectPages(logs.sdk.paginateDescribeMetricFilters({ client: logs.client }, {}), (page) => page.metricFilters),
      collectPages(cloudwatch.sdk.paginateDescribeAlarms({ client: cloudwatch.client }, { MaxRecords: 100 }), (page) => page.MetricAlarms),
    ]);
    // Their tags only for undo's check (whether a run created the alarm): nothing else decides on them.
    const own = ctx.readTags ? alarms.filter((a) => a.AlarmName && a.AlarmArn && OWN_NAMES.has(a.AlarmName)) : [];
    const tagLists = await Promise.all(own.map(async (a) => {
      try {
        return tagMap((await cloudwatch.client.send(new cloudwatch.sdk.ListTagsForResourceCommand({ ResourceARN: a.AlarmArn }))).Tags);
      } catch (error) {
        // Deleted since DescribeAlarms: no tags, as if it were not there.
        if (isErrorCode(error, 'ResourceNotFoundException')) return {};
        throw error;
      }
    }));
    const alarmTags = Object.fromEntries(own.map((a, i) => [a.AlarmName!, tagLists[i]!]));
    return { filters: filters.map(filterOf), alarms: alarms.map(alarmOf), alarmTags };
  },

  plan(state, inputs, ctx) {
    const trail = ctx.provided?.cloudtrail as TrailLogGroup | undefined;
    const topic = ctx.provided?.['alerts-topic'] as AlertsTopicProvides | undefined;
    // An organization trail's group (--org) is the management account's: metric filters can only be put on a group of this account.
    const groupAccount = trail?.logGroupArn.split(':')[4];
    if (groupAccount && groupAccount !== ctx.accountId) return { changes: [], skipped: t.skipped.otherAccount(groupAccount) };
    if (!trail?.logGroupName || !topic?.topicArn) return { changes: [], skipped: t.skipped.needs };
    // Filters live in the log group's region, alarms beside their metric, and an alarm can only
    // notify a topic in its own region: all three must be in the home region.
    const groupRegion = trail.logGroupArn.split(':')[3];
    if (groupRegion && groupRegion !== ctx.region) {
      return {
        changes: [],
        skipped: t.skipped.region(trail.logGroupName, groupRegion, ctx.region),
      };
    }
    const notes: string[] = [];
    const specs = ALARM_SPECS.filter((spec) => !inputs.exclude.includes(spec.id));
    const changes = specs.flatMap((spec) => planSpec(spec, state, trail, topic.topicArn, notes));
    if (inputs.exclude.length) notes.push(t.notes.excluded(inputs.exclude));
    const newAlarms = changes.filter((c) => c.payload.action === 'put-alarm' && !c.payload.previous).length;
    const replaced = changes.some((c) => c.payload.action === 'put-alarm' && c.payload.previous);
    if (changes.length) {
      notes.push([
        newAlarms ? t.notes.tagged(tagsText(ctx.runId)) : '',
        replaced ? t.notes.replacedTags : '',
        changes.some((c) => c.payload.action === 'put-filter') ? t.notes.filtersUntagged : '',
      ].filter(Boolean).join(t.notes.join));
    }
    if (changes.length) {
      notes.unshift(
        t.notes.where(trail.logGroupName, topic.topicArn),
        t.notes.cost(newAlarms, usd(ALARM_MONTHLY_USD), usd(newAlarms * ALARM_MONTHLY_USD)),
      );
    }
    // A filter and an alarm on its metric need not exist in that order: CloudWatch takes an alarm on a metric not yet published.
    return { changes, notes, ...(changes.length ? { independent: true } : {}) };
  },

  async apply(ctx, change) {
    const p = change.payload;
    // PutMetricFilter and PutMetricAlarm create or overwrite by name: sent again after a lost
    // answer, they leave the same one filter or alarm, so the SDK's plain retry is safe.
    if (p.action === 'put-filter') {
      const { client, sdk } = await ctx.aws.use('logs');
      await client.send(new sdk.PutMetricFilterCommand(p.filter as ConstructorParameters<typeof sdk.PutMetricFilterCommand>[0]));
      const { filterName, logGroupName } = p.filter;
      return p.previous
        ? { kind: 'restore-metric-filter', description: t.undo.restoreFilter(filterName, logGroupName), change: { ...p, previous: p.previous } }
        : { kind: 'delete-metric-filter', description: t.undo.deleteFilter(filterName, logGroupName), change: p };
    }
    const { client, sdk } = await ctx.aws.use('cloudwatch');
    // Tagged in the create call itself. A replaced alarm is not tagged: this run did not make it
    // (and CloudWatch ignores Tags when it updates an alarm, so one that appeared since the plan
    // keeps its own tags, and undo will not take it for this run's).
    await client.send(new sdk.PutMetricAlarmCommand(p.previous ? p.alarm : { ...p.alarm, Tags: bootstrapTagList(ctx.runId) }));
    return p.previous
      ? { kind: 'restore-alarm', description: t.undo.restoreAlarm(p.alarm.AlarmName, ctx.region), change: { ...p, previous: p.previous } }
      : { kind: 'delete-alarm', description: t.undo.deleteAlarm(p.alarm.AlarmName, ctx.region), change: p };
  },

  async undo(ctx, action) {
    switch (action.kind) {
      case 'restore-metric-filter': {
        const { client, sdk } = await ctx.aws.use('logs');
        return void (await client.send(new sdk.PutMetricFilterCommand(action.change.previous as ConstructorParameters<typeof sdk.PutMetricFilterCommand>[0])));
      }
      case 'delete-metric-filter': {
        const { client, sdk } = await ctx.aws.use('logs');
        const { logGroupName, filterName } = action.change.filter;
        // A retry after a lost answer finds the filter gone: that is this delete, done.
        return sendDoneOnRetry(new sdk.DeleteMetricFilterCommand({ logGroupName, filterName }), (command) => client.send(command), 'ResourceNotFoundException');
      }
      case 'restore-alarm': {
        const { client, sdk } = await ctx.aws.use('cloudwatch');
        return void (await client.send(new sdk.PutMetricAlarmCommand(action.change.previous)));
      }
      case 'delete-alarm': {
        const { client, sdk } = await ctx.aws.use('cloudwatch');
        return sendDoneOnRetry(new sdk.DeleteAlarmsCommand({ AlarmNames: [action.change.alarm.AlarmName] }), (command) => client.send(command), 'ResourceNotFound');
      }
    }
  },

  undoDrift(state, action, recorded) {
    if (action.kind === 'delete-metric-filter' || action.kind === 'restore-metric-filter') {
      const { filter } = action.change;
      const { logGroupName, filterName } = filter;
      const current = state.filters.find((f) => f.logGroupName === logGroupName && f.filterName === filterName);
      if (!current) return t.drift.filterGone(filterName, logGroupName);
      return sameFilter(current, filter) ? undefined : t.drift.filterChanged(filterName, logGroupName);
    }
    const { alarm } = action.change;
    const current = state.alarms.find((a) => a.AlarmName === alarm.AlarmName);
    if (!current) return t.drift.alarmGone(alarm.AlarmName);
    // An alarm this run made is deleted only if it carries the run's tag (a log edited to name another is not).
    const notOurs = action.kind === 'delete-alarm' && recorded && notCreatedByRun(state.alarmTags[alarm.AlarmName], recorded.runId, t.drift.alarm(alarm.AlarmName));
    if (notOurs) return notOurs;
    return sameAlarm(current, alarm) ? undefined : t.drift.alarmChanged(alarm.AlarmName, alarmText(current));
  },
});
