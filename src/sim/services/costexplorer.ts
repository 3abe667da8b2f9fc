/** Cost Explorer in the simulated account: cost anomaly monitors and their alert subscriptions. */
import { loadSdk } from '../../aws/clients.js';
import { awsCodeError, awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { nextUuid, type SimAnomalyMonitor, type SimAnomalySubscription, type SimState } from '../state.js';

const { CostExplorerServiceException, InvalidNextTokenException, ResourceNotFoundException, UnknownMonitorException, UnknownSubscriptionException } = loadSdk('costexplorer');

type Input = Record<string, unknown>;

const TODAY = '2026-01-01';
const MAX_EMAIL_SUBSCRIBERS = 10;
const IMPACT_DIMENSIONS = ['ANOMALY_TOTAL_IMPACT_ABSOLUTE', 'ANOMALY_TOTAL_IMPACT_PERCENTAGE'];

/** Cost Explorer's input errors are unmodeled `ValidationException`s. */
const validation = (message: string) => awsCodeError(costexplorer, 'ValidationException', message);

function monitorNamed(state: SimState, arn: unknown): SimAnomalyMonitor {
  const found = state.costExplorer.monitors.find((m) => m.MonitorArn === arn);
  if (!found) throw awsError(UnknownMonitorException, `Monitor ${String(arn)} does not exist for account ${state.accountId}.`);
  return found;
}

function subscriptionNamed(state: SimState, arn: unknown): SimAnomalySubscription {
  const found = state.costExplorer.subscriptions.find((s) => s.SubscriptionArn === arn);
  if (!found) throw awsError(UnknownSubscriptionException, `Subscription ${String(arn)} does not exist for account ${state.accountId}.`);
  return found;
}

function checkMonitor(state: SimState, given: Input): Omit<SimAnomalyMonitor, 'MonitorArn' | 'CreationDate'> {
  const { MonitorName, MonitorType, MonitorDimension, MonitorSpecification } = given;
  if (typeof MonitorName !== 'string' || MonitorName.length === 0 || MonitorName.length > 1024) throw validation('MonitorName must be 1-1024 characters.');
  if (MonitorType === 'DIMENSIONAL') {
    if (MonitorDimension !== 'SERVICE' && MonitorDimension !== 'LINKED_ACCOUNT' && MonitorDimension !== 'TAG' && MonitorDimension !== 'COST_CATEGORY') {
      throw validation('A DIMENSIONAL monitor needs a MonitorDimension.');
    }
    if ((MonitorDimension === 'SERVICE' || MonitorDimension === 'LINKED_ACCOUNT') && MonitorSpecification !== undefined) {
      throw validation(`A ${MonitorDimension} monitor takes no MonitorSpecification.`);
    }
    // Only one AWS-managed services monitor per account: accounts often already have one.
    if (MonitorDimension === 'SERVICE' && state.costExplorer.monitors.some((m) => m.MonitorType === 'DIMENSIONAL' && m.MonitorDimension === 'SERVICE')) {
      throw validation('Limit exceeded on dimensional spend monitor creation');
    }
    return { MonitorName, MonitorType, MonitorDimension, ...(MonitorSpecification ? { MonitorSpecification: MonitorSpecification as Input } : {}) };
  }
  if (MonitorType === 'CUSTOM') {
    if (MonitorDimension !== undefined || MonitorSpecification === undefined) throw validation('A CUSTOM monitor takes a MonitorSpecification and no MonitorDimension.');
    return { MonitorName, MonitorType, MonitorSpecification: MonitorSpecification as Input };
  }
  throw validation(`Invalid MonitorType: ${String(MonitorType)}`);
}

/** A ThresholdExpression: impact dimensions with GREATER_THAN_OR_EQUAL and one number, nested with And / Or. */
function checkThresholdExpression(expression: unknown): void {
  const node = (expression ?? {}) as { And?: unknown[]; Or?: unknown[]; Dimensions?: { Key?: unknown; Values?: unknown; MatchOptions?: unknown } };
  if (Array.isArray(node.And) || Array.isArray(node.Or)) {
    for (const child of node.And ?? node.Or ?? []) checkThresholdExpression(child);
    return;
  }
  const dimension = node.Dimensions;
  const values = dimension?.Values;
  const matchOptions = dimension?.MatchOptions;
  const valid = typeof dimension?.Key === 'string' && IMPACT_DIMENSIONS.includes(dimension.Key)
    && Array.isArray(matchOptions) && matchOptions.length === 1 && matchOptions[0] === 'GREATER_THAN_OR_EQUAL'
    && Array.isArray(values) && values.length === 1 && typeof values[0] === 'string' && /^\d+(\.\d+)?$/.test(values[0]) && Number(values[0]) <= 10_000_000_000;
  if (!valid) {
    throw validation('ThresholdExpression supports ANOMALY_TOTAL_IMPACT_ABSOLUTE and ANOMALY_TOTAL_IMPACT_PERCENTAGE with MatchOptions [GREATER_THAN_OR_EQUAL] and one value between 0 and 10,000,000,000.');
  }
}

function checkSubscribers(value: unknown): SimAnomalySubscription['Subscribers'] {
  if (!Array.isArray(value) || value.length === 0) throw validation('Subscribers must contain at least one subscriber.');
  const subscribers = value.map((entry: Input) => {
    const { Address, Type } = entry;
    if (Type !== 'EMAIL' && Type !== 'SNS') throw validation(`Invalid subscriber Type: ${String(Type)}`);
    const valid = typeof Address === 'string' && (Type === 'EMAIL' ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/ : /^arn:aws[\w-]*:sns:/).test(Address);
    if (!valid) throw validation(`Invalid ${Type} subscriber address: ${String(Address)}`);
    return { Address, Type, Status: 'CONFIRMED' } as const;
  });
  if (subscribers.filter((s) => s.Type === 'EMAIL').length > MAX_EMAIL_SUBSCRIBERS) {
    throw validation(`A subscription can have at most ${MAX_EMAIL_SUBSCRIBERS} email subscribers.`);
  }
  return subscribers;
}

/** Email goes out as DAILY or WEEKLY digests only; IMMEDIATE alerts go to an SNS topic. */
function checkFrequencyFitsSubscribers(subscription: Pick<SimAnomalySubscription, 'Frequency' | 'Subscribers'>): void {
  const immediate = subscription.Frequency === 'IMMEDIATE';
  if (subscription.Subscribers.some((s) => (s.Type === 'EMAIL') === immediate)) {
    throw validation(immediate ? 'IMMEDIATE frequency supports only SNS subscribers.' : `${subscription.Frequency} frequency supports only EMAIL subscribers.`);
  }
}

function checkFrequency(value: unknown): SimAnomalySubscription['Frequency'] {
  if (value !== 'DAILY' && value !== 'WEEKLY' && value !== 'IMMEDIATE') throw validation(`Invalid Frequency: ${String(value)}`);
  return value;
}

/** Threshold (deprecated) or ThresholdExpression, never both; the shorthand also reads back as an expression. */
function threshold(given: Input): Pick<SimAnomalySubscription, 'Threshold' | 'ThresholdExpression'> {
  if (given.Threshold !== undefined && given.ThresholdExpression !== undefined) throw validation('Specify either Threshold or ThresholdExpression, not both.');
  if (given.ThresholdExpression !== undefined) {
    checkThresholdExpression(given.ThresholdExpression);
    return { ThresholdExpression: given.ThresholdExpression as Input };
  }
  if (typeof given.Threshold !== 'number' || given.Threshold < 0) throw validation('One of Threshold or ThresholdExpression is required.');
  const expression = { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(given.Threshold)] } };
  return { Threshold: given.Threshold, ThresholdExpression: expression };
}

type Tag = { Key: string; Value: string };

/**
 * The ResourceTags given to a create call, checked as the ResourceTag reference states (at most
 * 200, key 1-128 characters, value up to 256, no `aws:` prefix); the character set is left unchecked.
 */
function checkResourceTags(value: unknown): Tag[] | undefined {
  if (value === undefined) return undefined;
  const tags = Array.isArray(value) ? (value as Input[]) : [];
  const fits = Array.isArray(value) && tags.length <= 200 && tags.every(({ Key, Value }) => typeof Key === 'string' && Key.length >= 1 && Key.length <= 128
    && !Key.toLowerCase().startsWith('aws:') && typeof Value === 'string' && Value.length <= 256);
  if (!fits) throw validation('ResourceTags: at most 200 tags, each a Key of 1-128 characters (not starting with aws:) and a Value of up to 256.');
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw validation('ResourceTags: a tag key is given twice.');
  return tags.map(({ Key, Value }) => ({ Key: Key as string, Value: Value as string }));
}

/** Monitors and subscriptions as the Get calls answer them: their tags only through ListTagsForResource. */
const untagged = <T extends { tags?: Tag[] }>({ tags: _tags, ...rest }: T) => rest;

function checkMonitorArns(state: SimState, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw validation('MonitorArnList must contain at least one monitor.');
  return value.map((arn) => monitorNamed(state, arn).MonitorArn);
}

const costexplorer: SimService = {
  ServiceException: CostExplorerServiceException,
  global: true,
  handlers: {
    GetAnomalyMonitors: ({ state, input }: SimRequest) => {
      const arns = input.MonitorArnList as string[] | undefined;
      const monitors = arns?.length ? arns.map((arn) => monitorNamed(state, arn)) : state.costExplorer.monitors;
      const { page, next } = pageOf(monitors, input.NextPageToken, input.MaxResults, 100, () => awsError(InvalidNextTokenException, 'Invalid NextPageToken.'));
      return { AnomalyMonitors: page.map(untagged), ...(next ? { NextPageToken: next } : {}) };
    },
    CreateAnomalyMonitor: ({ state, input }: SimRequest) => {
      const monitor = checkMonitor(state, (input.AnomalyMonitor ?? {}) as Input);
      const tags = checkResourceTags(input.ResourceTags);
      const MonitorArn = `arn:aws:ce::${state.accountId}:anomalymonitor/${nextUuid(state)}`;
      state.costExplorer.monitors.push({ ...monitor, MonitorArn, CreationDate: TODAY, LastUpdatedDate: TODAY, ...(tags ? { tags } : {}) });
      return { MonitorArn };
    },
    DeleteAnomalyMonitor: ({ state, input }: SimRequest) => {
      const monitor = monitorNamed(state, input.MonitorArn);
      state.costExplorer.monitors = state.costExplorer.monitors.filter((m) => m !== monitor);
      return {};
    },

    GetAnomalySubscriptions: ({ state, input }: SimRequest) => {
      const arns = input.SubscriptionArnList as string[] | undefined;
      let subscriptions = arns?.length ? arns.map((arn) => subscriptionNamed(state, arn)) : state.costExplorer.subscriptions;
      if (typeof input.MonitorArn === 'string') subscriptions = subscriptions.filter((s) => s.MonitorArnList.includes(input.MonitorArn as string));
      const { page, next } = pageOf(subscriptions, input.NextPageToken, input.MaxResults, 100, () => awsError(InvalidNextTokenException, 'Invalid NextPageToken.'));
      return { AnomalySubscriptions: page.map(untagged), ...(next ? { NextPageToken: next } : {}) };
    },
    CreateAnomalySubscription: ({ state, input }: SimRequest) => {
      const given = (input.AnomalySubscription ?? {}) as Input;
      if (typeof given.SubscriptionName !== 'string' || given.SubscriptionName.length === 0 || given.SubscriptionName.length > 1024) {
        throw validation('SubscriptionName must be 1-1024 characters.');
      }
      const subscription: SimAnomalySubscription = {
        SubscriptionArn: `arn:aws:ce::${state.accountId}:anomalysubscription/${nextUuid(state)}`,
        AccountId: state.accountId,
        SubscriptionName: given.SubscriptionName,
        MonitorArnList: checkMonitorArns(state, given.MonitorArnList),
        Subscribers: checkSubscribers(given.Subscribers),
        Frequency: checkFrequency(given.Frequency),
        ...threshold(given),
      };
      const tags = checkResourceTags(input.ResourceTags);
      if (tags) subscription.tags = tags;
      checkFrequencyFitsSubscribers(subscription);
      state.costExplorer.subscriptions.push(subscription);
      return { SubscriptionArn: subscription.SubscriptionArn };
    },
    UpdateAnomalySubscription: ({ state, input }: SimRequest) => {
      const existing = subscriptionNamed(state, input.SubscriptionArn);
      // Only the fields given change; a new threshold replaces both threshold forms.
      const updated: SimAnomalySubscription = {
        ...existing,
        ...(input.SubscriptionName !== undefined ? { SubscriptionName: String(input.SubscriptionName) } : {}),
        ...(input.MonitorArnList !== undefined ? { MonitorArnList: checkMonitorArns(state, input.MonitorArnList) } : {}),
        ...(input.Subscribers !== undefined ? { Subscribers: checkSubscribers(input.Subscribers) } : {}),
        ...(input.Frequency !== undefined ? { Frequency: checkFrequency(input.Frequency) } : {}),
      };
      if (input.Threshold !== undefined || input.ThresholdExpression !== undefined) {
        delete updated.Threshold;
        Object.assign(updated, threshold(input));
      }
      checkFrequencyFitsSubscribers(updated);
      state.costExplorer.subscriptions = state.costExplorer.subscriptions.map((s) => (s === existing ? updated : s));
      return { SubscriptionArn: existing.SubscriptionArn };
    },
    ListTagsForResource: ({ state, input }: SimRequest) => {
      const { monitors, subscriptions } = state.costExplorer;
      const found = monitors.find((m) => m.MonitorArn === input.ResourceArn) ?? subscriptions.find((s) => s.SubscriptionArn === input.ResourceArn);
      if (!found) throw awsError(ResourceNotFoundException, `Resource ${String(input.ResourceArn)} does not exist.`);
      return { ResourceTags: found.tags ?? [] };
    },
    DeleteAnomalySubscription: ({ state, input }: SimRequest) => {
      const subscription = subscriptionNamed(state, input.SubscriptionArn);
      state.costExplorer.subscriptions = state.costExplorer.subscriptions.filter((s) => s !== subscription);
      return {};
    },
  },
};
export default costexplorer;

