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
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Change, type UndoAction } from '../src/core/step.js';
import { bootstrapTagList, notCreatedByRun, tagMap, tagsText } from '../src/tags.js';
import { readTemplate } from '../src/templates.js';
import type { AlertsTopicProvides } from './alerts-topic.js';
import type { CloudTrailProvides as TrailLogGroup } from './cloudtrail.js';

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

const ids = ALARM_SPECS.map((spec) => spec.id) as [string, ...string[]];
const inputSchema = z
  .object({
    /** Alarms to leave out, by id (e.g. `unauthorized-api-calls` where denied calls are routine). */
    exclude: z
      .array(z.enum(ids, { error: `expected one of: ${ids.join(', ')}` }))
      .refine((list) => new Set(list).size === list.length, 'the same alarm is listed twice')
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
  /** The tags of the alarms named as this step names them, by name (an alarm it made carries its run). */
  readonly alarmTags: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** One planned change; `previous` is what a same-named filter or alarm was, to put back on undo. */
export type LogAlarmsPayload =
  | { action: 'put-filter'; id: string; filter: FilterDefinition; previous?: FilterDefinition }
  | { action: 'put-alarm'; id: string; alarm: AlarmDefinition; previous?: AlarmDefinition };

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

function alarmOf(alarm: MetricAlarm): AlarmDefinition {
  const picked = Object.fromEntries(ALARM_FIELDS.filter((key) => alarm[key] !== undefined).map((key) => [key, alarm[key]]));
  return { ...picked, AlarmName: alarm.AlarmName ?? '' };
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

/** The one metric a filter publishes without dimensions (what an alarm can watch), if so. */
function metricOf(filter: FilterDefinition): MetricRef | undefined {
  const [only] = filter.metricTransformations;
  return only && !only.dimensions ? { namespace: only.metricNamespace, name: only.metricName } : undefined;
}

const metricText = (metric: MetricRef) => `${metric.namespace}/${metric.name}`;
const watches = (alarm: AlarmDefinition, metric: MetricRef) =>
  alarm.Namespace === metric.namespace && alarm.MetricName === metric.name && !alarm.Dimensions?.length && !alarm.Metrics;
const notifies = (alarm: AlarmDefinition, topicArn: string) => alarm.ActionsEnabled !== false && (alarm.AlarmActions ?? []).includes(topicArn);

function sameFilter(a: FilterDefinition, b: FilterDefinition): boolean {
  return a.filterPattern === b.filterPattern && JSON.stringify(a.metricTransformations) === JSON.stringify(b.metricTransformations);
}

function sameAlarm(a: AlarmDefinition, b: AlarmDefinition): boolean {
  const key = (alarm: AlarmDefinition) => JSON.stringify([
    alarm.MetricName, alarm.Namespace, alarm.Statistic, alarm.Period, alarm.EvaluationPeriods, alarm.Threshold, alarm.ComparisonOperator,
    alarm.TreatMissingData, alarm.ActionsEnabled !== false, [...(alarm.AlarmActions ?? [])].sort(), alarm.Dimensions ?? [],
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
    AlarmDescription: `${spec.control}: ${spec.watches}, counted by a metric filter on the CloudTrail log group ${logGroupName}. Made by aws-bootstrap.`,
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
  const condition = `${alarm.Statistic ?? alarm.ExtendedStatistic ?? 'metric math'} ≥ ${alarm.Threshold} in ${Math.round((alarm.Period ?? 0) / 60)} minutes of ${alarm.Namespace}/${alarm.MetricName}`;
  return `${condition}, ${topics.length ? `notifies ${topics.join(', ')}` : 'notifies nobody'}${alarm.ActionsEnabled === false ? ' (actions disabled)' : ''}`;
}

const usd = (amount: number) => `USD ${amount.toFixed(2)}`;

/** The changes for one alarm spec: a filter if none with its pattern is there, an alarm if none notifies the topic. */
function planSpec(spec: AlarmSpec, state: LogAlarmsState, trail: TrailLogGroup, topicArn: string, notes: string[]): Change<LogAlarmsPayload>[] {
  const name = nameOf(spec);
  const onGroup = state.filters.filter((f) => f.logGroupName === trail.logGroupName);
  const samePattern = onGroup.filter((f) => canonicalPattern(f.filterPattern) === canonicalPattern(spec.filterPattern) && metricOf(f));
  const found = samePattern.find((f) => f.filterName === name) ?? samePattern[0];
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
      summary: `${previous ? 'Replace' : 'Add'} the metric filter "${name}"`,
      before: { 'metric filter': previous ? `another pattern, counted as ${metricText(metricOf(previous) ?? { namespace: '?', name: '?' })}` : `none with the ${spec.control} pattern` },
      after: { 'metric filter': `the ${spec.control} pattern, counted as ${metricText(metric)}` },
      payload: { action: 'put-filter', id: spec.id, filter, ...(previous ? { previous } : {}) },
    });
  }
  const covering = state.alarms.find((a) => watches(a, metric) && notifies(a, topicArn));
  if (covering) {
    // Another tool's filter and alarm are named; ours need no word.
    if (found && (found.filterName !== name || covering.AlarmName !== name)) notes.push(`Already watched: ${spec.watches} (filter "${found.filterName}", alarm "${covering.AlarmName}").`);
    return changes;
  }
  for (const other of state.alarms.filter((a) => watches(a, metric) && a.AlarmName !== name)) {
    notes.push(`The alarm "${other.AlarmName}" watches ${metricText(metric)} but does not notify the alerts topic; it is left as it is.`);
  }
  const alarm = wantedAlarm(spec, metric, topicArn, trail.logGroupName);
  const previous = state.alarms.find((a) => a.AlarmName === name);
  changes.push({
    summary: `${previous ? 'Replace' : 'Create'} the alarm "${name}" (${spec.control}: ${spec.watches})`,
    before: { alarm: previous ? alarmText(previous) : 'none notifies the alerts topic' },
    after: { alarm: alarmText(alarm) },
    payload: { action: 'put-alarm', id: spec.id, alarm, ...(previous ? { previous } : {}) },
  });
  return changes;
}

// ---- the step -----------------------------------------------------------------------------

export default defineStep<LogAlarmsState, LogAlarmsInputs, LogAlarmsPayload>({
  id: 'log-alarms',
  title: 'Dangerous activity raises an alarm',
  why: 'CloudTrail records every call, but nobody reads it: root sign-ins, a switched-off trail, a new access key or an opened security group go unnoticed until the bill or the breach. A metric filter and an alarm per kind of event turn them into an email within minutes.',
  scope: 'account',
  needs: ['cloudtrail', 'alerts-topic'],
  permissions: {
    // ListTagsForResource: undo deletes an alarm only if it carries the tag of the run that made it.
    observe: ['logs:DescribeMetricFilters', 'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    // TagResource: PutMetricAlarm with Tags needs it as well.
    apply: ['logs:PutMetricFilter', 'cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'],
    undo: ['logs:DeleteMetricFilter', 'logs:PutMetricFilter', 'cloudwatch:DeleteAlarms', 'cloudwatch:PutMetricAlarm'],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    const logs = await ctx.aws.use('logs');
    const cloudwatch = await ctx.aws.use('cloudwatch');
    const [filters, alarms] = await Promise.all([
      collectPages(logs.sdk.paginateDescribeMetricFilters({ client: logs.client }, {}), (page) => page.metricFilters),
      collectPages(cloudwatch.sdk.paginateDescribeAlarms({ client: cloudwatch.client }, { MaxRecords: 100 }), (page) => page.MetricAlarms),
    ]);
    const own = alarms.filter((a) => a.AlarmName && a.AlarmArn && OWN_NAMES.has(a.AlarmName));
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
    if (!trail?.logGroupName || !topic?.topicArn) return { changes: [], skipped: 'needs the CloudTrail log group and the alerts topic' };
    // Filters live in the log group's region, alarms beside their metric, and an alarm can only
    // notify a topic in its own region: all three must be in the home region.
    const groupRegion = trail.logGroupArn.split(':')[3];
    if (groupRegion && groupRegion !== ctx.region) {
      return {
        changes: [],
        skipped: `the trail delivers to the log group ${trail.logGroupName} in ${groupRegion}, not in the home region ${ctx.region}, where the alerts topic is; alarms can only notify a topic in their own region. Run with --region ${groupRegion} to put the alarms and a topic there, or have the trail deliver to a log group in ${ctx.region}`,
      };
    }
    const notes: string[] = [];
    const specs = ALARM_SPECS.filter((spec) => !inputs.exclude.includes(spec.id));
    const changes = specs.flatMap((spec) => planSpec(spec, state, trail, topic.topicArn, notes));
    if (inputs.exclude.length) notes.push(`Left out (exclude): ${inputs.exclude.join(', ')}.`);
    const newAlarms = changes.filter((c) => c.payload.action === 'put-alarm' && !c.payload.previous).length;
    const replaced = changes.some((c) => c.payload.action === 'put-alarm' && c.payload.previous);
    if (changes.length) {
      notes.push([
        newAlarms ? `The new alarms are tagged ${tagsText(ctx.runId)}.` : '',
        replaced ? 'A replaced alarm keeps its own tags: this run did not make it.' : '',
        changes.some((c) => c.payload.action === 'put-filter') ? 'Metric filters cannot be tagged (CloudWatch Logs tags log groups, not their filters).' : '',
      ].filter(Boolean).join(' '));
    }
    if (changes.length) {
      notes.unshift(
        `Filters on the CloudTrail log group ${trail.logGroupName}; alarms notify ${topic.topicArn}. Patterns: AWS's published ones (templates/log-alarms.json names each source).`,
        `Cost: ${newAlarms} new alarm${newAlarms === 1 ? '' : 's'} × about ${usd(ALARM_MONTHLY_USD)} a month = about ${usd(newAlarms * ALARM_MONTHLY_USD)} a month (the AWS Free Tier covers 10 alarms per account). `
          + 'Metric filters are free; each metric they publish is billed as a custom metric (about USD 0.30 a month) only for the hours in which a matching event is logged.',
      );
    }
    // A filter and an alarm on its metric need not exist in that order: CloudWatch takes an alarm on a metric not yet published.
    return { changes, notes, ...(changes.length ? { independent: true } : {}) };
  },

  async apply(ctx, change) {
    const p = change.payload;
    const kind = p.previous ? 'restore' : 'delete';
    const why = p.previous ? 'as it was before this run' : '(it did not exist before)';
    // PutMetricFilter and PutMetricAlarm create or overwrite by name: sent again after a lost
    // answer, they leave the same one filter or alarm, so the SDK's plain retry is safe.
    if (p.action === 'put-filter') {
      const { client, sdk } = await ctx.aws.use('logs');
      await client.send(new sdk.PutMetricFilterCommand(p.filter as ConstructorParameters<typeof sdk.PutMetricFilterCommand>[0]));
      const description = `${p.previous ? 'Put back' : 'Delete'} the metric filter "${p.filter.filterName}" on ${p.filter.logGroupName} ${why}`;
      return { kind: `${kind}-metric-filter`, description, change: p };
    }
    const { client, sdk } = await ctx.aws.use('cloudwatch');
    // Tagged in the create call itself. A replaced alarm is not tagged: this run did not make it
    // (and CloudWatch ignores Tags when it updates an alarm, so one that appeared since the plan
    // keeps its own tags, and undo will not take it for this run's).
    await client.send(new sdk.PutMetricAlarmCommand(p.previous ? p.alarm : { ...p.alarm, Tags: bootstrapTagList(ctx.runId) }));
    return { kind: `${kind}-alarm`, description: `${p.previous ? 'Put back' : 'Delete'} the alarm "${p.alarm.AlarmName}" in ${ctx.region} ${why}`, change: p };
  },

  async undo(ctx, action: UndoAction) {
    const p = action.change as LogAlarmsPayload;
    if (p.action === 'put-filter') {
      const { client, sdk } = await ctx.aws.use('logs');
      if (p.previous) return void (await client.send(new sdk.PutMetricFilterCommand(p.previous as ConstructorParameters<typeof sdk.PutMetricFilterCommand>[0])));
      const { logGroupName, filterName } = p.filter;
      // A retry after a lost answer finds the filter gone: that is this delete, done.
      return sendDoneOnRetry(new sdk.DeleteMetricFilterCommand({ logGroupName, filterName }), (command) => client.send(command), 'ResourceNotFoundException');
    }
    const { client, sdk } = await ctx.aws.use('cloudwatch');
    if (p.previous) return void (await client.send(new sdk.PutMetricAlarmCommand(p.previous)));
    return sendDoneOnRetry(new sdk.DeleteAlarmsCommand({ AlarmNames: [p.alarm.AlarmName] }), (command) => client.send(command), 'ResourceNotFound');
  },

  undoDrift(state, action, recorded) {
    const p = action.change as LogAlarmsPayload;
    if (p.action === 'put-filter') {
      const { logGroupName, filterName } = p.filter;
      const current = state.filters.find((f) => f.logGroupName === logGroupName && f.filterName === filterName);
      if (!current) return `the metric filter "${filterName}" on ${logGroupName} no longer exists`;
      return sameFilter(current, p.filter) ? undefined : `the metric filter "${filterName}" on ${logGroupName} was changed since this run`;
    }
    const current = state.alarms.find((a) => a.AlarmName === p.alarm.AlarmName);
    if (!current) return `the alarm "${p.alarm.AlarmName}" no longer exists`;
    // An alarm this run made is deleted only if it carries the run's tag (a log edited to name another is not).
    const notOurs = !p.previous && recorded && notCreatedByRun(state.alarmTags[p.alarm.AlarmName], recorded.runId, `the alarm "${p.alarm.AlarmName}"`);
    if (notOurs) return notOurs;
    return sameAlarm(current, p.alarm) ? undefined : `the alarm "${p.alarm.AlarmName}" was changed since this run (now ${alarmText(current)})`;
  },
});
