/**
 * CloudWatch in the simulated account: metric alarms (PutMetricAlarm, DescribeAlarms,
 * DeleteAlarms). Inputs are checked as the API reference describes (periods, statistics,
 * comparison operators, missing-data treatments, at most 5 actions of each kind, an SNS action
 * only in the alarm's own region), and a put with an existing name overwrites that alarm's
 * configuration but keeps its state, as on AWS. Tags are taken only when an alarm is created
 * (PutMetricAlarm ignores them on an update, as the API reference says) and read back with
 * ListTagsForResource.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimAlarm } from '../alerting-state.js';
import { pageOf } from '../paging.js';
import { awsCodeError, awsError, type SimRequest, type SimService } from '../service.js';
import { freshRegion } from '../state.js';

const { CloudWatchServiceException, InvalidNextToken, InvalidParameterCombinationException, InvalidParameterValueException, ResourceNotFound, ResourceNotFoundException } = loadSdk('cloudwatch');

type Input = Record<string, unknown>;

const NOW = '2026-01-01T00:00:00.000Z';
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const OPERATORS = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold',
];
const MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'];
/** "The maximum number of actions of each kind (ALARM, OK, INSUFFICIENT_DATA) is 5." */
const MAX_ACTIONS = 5;

/** CloudWatch answers a bad input with the Query API's common (unmodeled) ValidationError. */
const validation = (message: string) => awsCodeError({ ServiceException: CloudWatchServiceException, handlers: {} }, 'ValidationError', message);
const alarmsOf = ({ state, region }: SimRequest): SimAlarm[] => ((state.regional[region] ??= freshRegion(state, region)).alarms ??= []);

function alarmName(value: unknown, field = 'alarmName'): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
    throw validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have length between 1 and 255`);
  }
  return value;
}

function actions(input: Input, field: 'AlarmActions' | 'OKActions' | 'InsufficientDataActions', region: string): string[] {
  const list = input[field] ?? [];
  if (!Array.isArray(list) || list.length > MAX_ACTIONS) throw validation(`The collection ${field} must not have a size greater than ${MAX_ACTIONS}.`);
  for (const arn of list) {
    const sns = typeof arn === 'string' ? /^arn:aws[\w-]*:sns:([a-z0-9-]+):\d{12}:[\w-]{1,256}$/.exec(arn) : null;
    const other = typeof arn === 'string' && /^arn:aws[\w-]*:(automate|swf|ssm|ssm-incidents|lambda|autoscaling|ec2|opsworks):/.test(arn);
    if (!sns && !other) throw validation(`Invalid arn syntax: ${String(arn)}`);
    // An alarm can only notify a topic in its own region.
    if (sns && sns[1] !== region) throw validation(`Invalid region ${sns[1]} specified. Only ${region} is supported.`);
  }
  return list as string[];
}

function number(input: Input, field: string, required: boolean): number | undefined {
  const value = input[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validation(`The parameter ${field} is required${value === undefined ? '' : ' and must be a number'}.`);
  return value;
}

/** Checks PutMetricAlarm's Tags (keys 1–128 characters, values up to 256, at most 50). */
function tags(value: unknown): SimAlarm['Tags'] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) throw validation('The collection Tags must not have a size greater than 50.');
  return value.map((tag: Input) => {
    if (typeof tag.Key !== 'string' || typeof tag.Value !== 'string' || tag.Key.length < 1 || tag.Key.length > 128 || tag.Value.length > 256) {
      throw validation('Tags: each Key must have length between 1 and 128 and each Value at most 256.');
    }
    return { Key: tag.Key, Value: tag.Value };
  });
}

/** Validates a PutMetricAlarm input for a single-metric alarm and returns the stored configuration. */
function configuration(input: Input, region: string): Omit<SimAlarm, 'AlarmArn' | 'StateValue' | 'StateReason' | 'StateUpdatedTimestamp' | 'Tags'> {
  const name = alarmName(input.AlarmName);
  if (input.Metrics !== undefined) throw validation('This simulation models single-metric alarms only (no Metrics).');
  const { MetricName, Namespace, Statistic, ExtendedStatistic, ComparisonOperator, TreatMissingData } = input;
  if (typeof MetricName !== 'string' || typeof Namespace !== 'string' || !MetricName || !Namespace) throw validation('MetricName and Namespace must be specified.');
  if ((Statistic === undefined) === (ExtendedStatistic === undefined)) throw validation('Exactly one of Statistic or ExtendedStatistic must be specified.');
  if (Statistic !== undefined && (typeof Statistic !== 'string' || !STATISTICS.includes(Statistic))) throw validation(`Invalid Statistic: ${String(Statistic)}`);
  const period = number(input, 'Period', true)!;
  // "Valid values are 10, 20, 30, and any multiple of 60."
  if (!([10, 20, 30].includes(period) || (period >= 60 && period % 60 === 0))) throw validation('Period must be 10, 20, 30 or a multiple of 60.');
  const evaluationPeriods = number(input, 'EvaluationPeriods', true)!;
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) throw validation('EvaluationPeriods must be at least 1.');
  if (period * evaluationPeriods > 7 * 86_400) throw validation('The evaluation period (Period multiplied by EvaluationPeriods) must not exceed 7 days.');
  const datapoints = number(input, 'DatapointsToAlarm', false);
  if (datapoints !== undefined && (datapoints < 1 || datapoints > evaluationPeriods)) throw validation('DatapointsToAlarm must be between 1 and EvaluationPeriods.');
  const threshold = number(input, 'Threshold', true)!;
  if (typeof ComparisonOperator !== 'string' || !OPERATORS.includes(ComparisonOperator)) throw validation(`Invalid ComparisonOperator: ${String(ComparisonOperator)}`);
  if (TreatMissingData !== undefined && (typeof TreatMissingData !== 'string' || !MISSING_DATA.includes(TreatMissingData))) {
    throw validation(`Invalid TreatMissingData: ${String(TreatMissingData)}. Valid values are breaching, notBreaching, ignore and missing.`);
  }
  const dimensions = (input.Dimensions ?? []) as Array<{ Name: string; Value: string }>;
  if (!Array.isArray(dimensions) || dimensions.length > 30) throw validation('The collection Dimensions must not have a size greater than 30.');
  return {
    AlarmName: name,
    ...(typeof input.AlarmDescription === 'string' ? { AlarmDescription: input.AlarmDescription } : {}),
    ActionsEnabled: input.ActionsEnabled !== false,
    AlarmActions: actions(input, 'AlarmActions', region),
    OKActions: actions(input, 'OKActions', region),
    InsufficientDataActions: actions(input, 'InsufficientDataActions', region),
    MetricName,
    Namespace,
    ...(typeof Statistic === 'string' ? { Statistic } : { ExtendedStatistic: String(ExtendedStatistic) }),
    Dimensions: dimensions.map(({ Name, Value }) => ({ Name, Value })),
    ...(typeof input.Unit === 'string' ? { Unit: input.Unit } : {}),
    Period: period,
    EvaluationPeriods: evaluationPeriods,
    ...(datapoints !== undefined ? { DatapointsToAlarm: datapoints } : {}),
    Threshold: threshold,
    ComparisonOperator,
    ...(typeof TreatMissingData === 'string' ? { TreatMissingData } : {}),
    AlarmConfigurationUpdatedTimestamp: NOW,
  };
}

/**
 * An alarm as DescribeAlarms shows it: timestamps as dates, no tags (ListTagsForResource has
 * those), and every list as a list, `Metrics: []` for a single-metric alarm included: the Query
 * protocol turns an empty element into an empty list, and AWS-compatible endpoints answer so, so
 * the simulation does too (a reader must take "empty" as "absent").
 */
function shown(alarm: SimAlarm) {
  const { Tags: _tags, StateUpdatedTimestamp, AlarmConfigurationUpdatedTimestamp, ...rest } = alarm;
  return {
    Metrics: [],
    ...rest,
    StateUpdatedTimestamp: new Date(StateUpdatedTimestamp),
    StateTransitionedTimestamp: new Date(StateUpdatedTimestamp),
    AlarmConfigurationUpdatedTimestamp: new Date(AlarmConfigurationUpdatedTimestamp),
  };
}

const handlers: SimService['handlers'] = {
  PutMetricAlarm: (request: SimRequest) => {
    const { input, region, state } = request;
    const config = configuration(input, region);
    const alarms = alarmsOf(request);
    const existing = alarms.find((a) => a.AlarmName === config.AlarmName);
    const given = tags(input.Tags);
    if (existing) {
      // "The update completely overwrites the previous configuration of the alarm", state left as
      // it is; "if you are using this operation to update an existing alarm, any tags you specify
      // in this parameter are ignored".
      for (const key of ['AlarmDescription', 'DatapointsToAlarm', 'TreatMissingData', 'Statistic', 'ExtendedStatistic', 'Unit'] as const) delete existing[key];
      Object.assign(existing, config);
      return {};
    }
    alarms.push({
      ...config,
      AlarmArn: `arn:aws:cloudwatch:${region}:${state.accountId}:alarm:${config.AlarmName}`,
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: NOW,
      Tags: given,
    });
    return {};
  },

  DescribeAlarms: (request: SimRequest) => {
    const { input } = request;
    const { AlarmNames, AlarmNamePrefix, AlarmTypes, StateValue, ActionPrefix, MaxRecords } = input;
    if (AlarmNames !== undefined && AlarmNamePrefix !== undefined) {
      throw awsError(InvalidParameterCombinationException, 'AlarmNames and AlarmNamePrefix cannot be specified together.');
    }
    if (Array.isArray(AlarmNames) && AlarmNames.length > 100) throw validation('The collection AlarmNames must not have a size greater than 100.');
    if (MaxRecords !== undefined && (typeof MaxRecords !== 'number' || MaxRecords < 1 || MaxRecords > 100)) throw validation('MaxRecords must be between 1 and 100.');
    // Without AlarmTypes, only metric alarms are returned; there are no composite alarms here.
    const metricAlarms = AlarmTypes === undefined || (Array.isArray(AlarmTypes) && AlarmTypes.includes('MetricAlarm'));
    const matching = (metricAlarms ? alarmsOf(request) : [])
      .filter((a) => !Array.isArray(AlarmNames) || AlarmNames.includes(a.AlarmName))
      .filter((a) => typeof AlarmNamePrefix !== 'string' || a.AlarmName.startsWith(AlarmNamePrefix))
      .filter((a) => StateValue === undefined || a.StateValue === StateValue)
      .filter((a) => typeof ActionPrefix !== 'string' || a.AlarmActions.some((arn) => arn.startsWith(ActionPrefix)))
      .sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
    const { page, next } = pageOf(matching, input.NextToken, MaxRecords, 50, () => awsError(InvalidNextToken, 'The service returned an error with HTTP Body: Invalid next token'));
    return { MetricAlarms: page.map(shown), CompositeAlarms: [], ...(next ? { NextToken: next } : {}) };
  },

  ListTagsForResource: (request: SimRequest) => {
    const arn = request.input.ResourceARN;
    if (typeof arn !== 'string' || arn.length < 1 || arn.length > 1024) throw awsError(InvalidParameterValueException, 'ResourceARN must have length between 1 and 1024.');
    // Only alarms are simulated: any other ARN (or an alarm that is gone) names nothing here.
    const alarm = alarmsOf(request).find((a) => a.AlarmArn === arn);
    if (!alarm) throw awsError(ResourceNotFoundException, 'The named resource does not exist.', 404);
    return { Tags: alarm.Tags.map(({ Key, Value }) => ({ Key, Value })) };
  },

  DeleteAlarms: (request: SimRequest) => {
    const names = request.input.AlarmNames;
    if (!Array.isArray(names) || names.length < 1 || names.length > 100) throw validation('AlarmNames must name 1 to 100 alarms.');
    names.forEach((name) => alarmName(name, 'alarmNames.member'));
    const alarms = alarmsOf(request);
    // "If you specify any incorrect alarm names, the alarms you specify with correct names are
    // still deleted"; when none of them exists, the call is answered with ResourceNotFound, the
    // error the reference lists (so a delete sent twice fails the second time).
    if (!names.some((name) => alarms.some((a) => a.AlarmName === name))) throw awsError(ResourceNotFound, 'The named resource does not exist.', 404);
    for (const name of names) {
      const index = alarms.findIndex((a) => a.AlarmName === name);
      if (index >= 0) alarms.splice(index, 1);
    }
    return {};
  },
};

const cloudwatch: SimService = { ServiceException: CloudWatchServiceException, handlers };
export default cloudwatch;
