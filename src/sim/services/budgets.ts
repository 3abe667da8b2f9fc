/** Budgets in the simulated account: budgets with their notifications and subscribers. */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import type { SimBudget, SimBudgetNotification, SimState } from '../state.js';

const { AccessDeniedException, BudgetsServiceException, CreationLimitExceededException, DuplicateRecordException, InvalidNextTokenException, InvalidParameterException, NotFoundException } = loadSdk('budgets');

type Input = Record<string, unknown>;
type StoredBudget = SimBudget['budget'];
type Subscriber = SimBudget['notifications'][number]['subscribers'][number];
type NotificationIdentity = Omit<SimBudgetNotification, 'NotificationState'>;

const NOW = '2026-01-01T00:00:00.000Z';
/** Where a budget without an end date ends (the API's documented default). */
const NO_END = '2087-06-15T00:00:00.000Z';
/** Per budget (Notification reference: "A budget can have up to ten notifications"). */
const MAX_NOTIFICATIONS = 10;
/** Per notification: up to 10 email subscribers and one SNS topic. */
const MAX_EMAIL_SUBSCRIBERS = 10;
const MAX_SNS_SUBSCRIBERS = 1;

const BUDGET_TYPES = ['USAGE', 'COST', 'RI_UTILIZATION', 'RI_COVERAGE', 'SAVINGS_PLANS_UTILIZATION', 'SAVINGS_PLANS_COVERAGE'];
const TIME_UNITS = ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY', 'CUSTOM'];
const DEFAULT_COST_TYPES = {
  IncludeTax: true, IncludeSubscription: true, UseBlended: false, IncludeRefund: true, IncludeCredit: true, IncludeUpfront: true,
  IncludeRecurring: true, IncludeOtherSubscription: true, IncludeSupport: true, IncludeDiscount: true, UseAmortized: false,
};

const invalid = (message: string) => awsError(InvalidParameterException, message);

function checkAccount({ input, state }: SimRequest): void {
  if (input.AccountId !== state.accountId) {
    throw awsError(AccessDeniedException, `You are not authorized to access the budgets of account ${String(input.AccountId)}.`);
  }
}

function existingBudget(state: SimState, name: unknown, what: string): SimBudget {
  const found = typeof name === 'string' ? state.budgets[name] : undefined;
  if (!found) throw awsError(NotFoundException, `Unable to ${what}: ${String(name)} - the budget doesn't exist.`);
  return found;
}

function budgetName(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 100 || /[:\\]/.test(value) || value.includes('/action/')) {
    throw invalid(`Invalid budget name: ${String(value)}. A name is 1-100 characters without ':', '\\' or '/action/'.`);
  }
  return value;
}

/** Budgets stores amounts as decimals and prints them back that way: "50" comes back as "50.0". */
function spend(value: unknown): { Amount: string; Unit: string } {
  const given = value as { Amount?: unknown; Unit?: unknown } | undefined;
  if (typeof given?.Amount !== 'string' || !/^([0-9]*\.)?[0-9]+$/.test(given.Amount) || typeof given.Unit !== 'string' || !given.Unit) {
    throw invalid('Invalid BudgetLimit: give an Amount made of digits and a Unit.');
  }
  const amount = Number(given.Amount);
  return { Amount: Number.isInteger(amount) ? amount.toFixed(1) : String(amount), Unit: given.Unit };
}

const isoOf = (value: unknown): string | undefined => (value instanceof Date ? value.toISOString() : undefined);

/** Validates a Budget structure from CreateBudget / UpdateBudget and turns it into stored JSON. */
function storedBudget(given: Input, previous?: StoredBudget): StoredBudget {
  const name = budgetName(given.BudgetName);
  const type = given.BudgetType;
  if (typeof type !== 'string' || !BUDGET_TYPES.includes(type)) throw invalid(`Invalid BudgetType: ${String(type)}`);
  const timeUnit = given.TimeUnit;
  if (typeof timeUnit !== 'string' || !TIME_UNITS.includes(timeUnit)) throw invalid(`Invalid TimeUnit: ${String(timeUnit)}`);
  if (given.BudgetLimit && given.PlannedBudgetLimits) throw invalid('Only one of BudgetLimit or PlannedBudgetLimits can be present.');
  if ((type === 'COST' || type === 'USAGE') && !given.BudgetLimit && !given.PlannedBudgetLimits && !given.AutoAdjustData) {
    throw invalid('Unable to create/update budget - please provide one of the followings: Budget Limit/ Planned Budget Limit/ Auto Adjust Data');
  }
  const filterStyle = given.FilterExpression !== undefined || given.Metrics !== undefined;
  if (filterStyle && (given.CostFilters !== undefined || given.CostTypes !== undefined)) {
    throw invalid('Use either FilterExpression and Metrics or CostFilters and CostTypes, not both.');
  }
  // Server-managed fields are ignored on input, as the service does.
  const { CalculatedSpend: _spend, LastUpdatedTime: _updated, HealthStatus: _health, TimePeriod: period, AutoAdjustData: autoAdjust, ...rest } = given;
  const { Start, End } = (period ?? {}) as { Start?: unknown; End?: unknown };
  const { LastAutoAdjustTime: _adjusted, ...autoAdjustSettings } = (autoAdjust ?? {}) as Input;
  return {
    ...rest,
    BudgetName: name,
    BudgetType: type,
    TimeUnit: timeUnit,
    ...(given.BudgetLimit ? { BudgetLimit: spend(given.BudgetLimit) } : {}),
    ...(type === 'COST' && !filterStyle && !given.CostTypes ? { CostTypes: DEFAULT_COST_TYPES } : {}),
    ...(autoAdjust ? { AutoAdjustData: autoAdjustSettings } : {}),
    TimePeriod: { Start: isoOf(Start) ?? previous?.TimePeriod.Start ?? NOW, End: isoOf(End) ?? previous?.TimePeriod.End ?? NO_END },
    LastUpdatedTime: NOW,
  };
}

function budgetOutput(budget: StoredBudget, showFilterExpression: boolean) {
  const { FilterExpression, ...rest } = budget;
  const unit = budget.BudgetLimit?.Unit ?? 'USD';
  return {
    ...rest,
    ...(showFilterExpression && FilterExpression !== undefined ? { FilterExpression } : {}),
    TimePeriod: { Start: new Date(budget.TimePeriod.Start), End: new Date(budget.TimePeriod.End) },
    LastUpdatedTime: new Date(budget.LastUpdatedTime),
    CalculatedSpend: { ActualSpend: { Amount: '0', Unit: unit }, ForecastedSpend: { Amount: '0', Unit: unit } },
  };
}

function notificationIdentity(value: unknown): NotificationIdentity {
  const given = (value ?? {}) as Input;
  const { NotificationType, ComparisonOperator, Threshold } = given;
  const ThresholdType = given.ThresholdType ?? 'PERCENTAGE';
  if (NotificationType !== 'ACTUAL' && NotificationType !== 'FORECASTED') throw invalid(`Invalid NotificationType: ${String(NotificationType)}`);
  if (ComparisonOperator !== 'GREATER_THAN' && ComparisonOperator !== 'LESS_THAN' && ComparisonOperator !== 'EQUAL_TO') {
    throw invalid(`Invalid ComparisonOperator: ${String(ComparisonOperator)}`);
  }
  if (typeof Threshold !== 'number' || !(Threshold >= 0 && Threshold <= 15_000_000_000)) throw invalid(`Invalid Threshold: ${String(Threshold)}`);
  if (ThresholdType !== 'PERCENTAGE' && ThresholdType !== 'ABSOLUTE_VALUE') throw invalid(`Invalid ThresholdType: ${String(ThresholdType)}`);
  return { NotificationType, ComparisonOperator, Threshold, ThresholdType };
}

const sameNotification = (a: NotificationIdentity, b: NotificationIdentity) =>
  a.NotificationType === b.NotificationType && a.ComparisonOperator === b.ComparisonOperator && a.Threshold === b.Threshold && a.ThresholdType === b.ThresholdType;

function existingNotification(budget: SimBudget, value: unknown): SimBudget['notifications'][number] {
  const wanted = notificationIdentity(value);
  const found = budget.notifications.find((entry) => sameNotification(entry.notification, wanted));
  if (!found) throw awsError(NotFoundException, `Unable to find notification for budget: ${budget.budget.BudgetName}`);
  return found;
}

function subscriber(value: unknown): Subscriber {
  const { SubscriptionType, Address } = (value ?? {}) as Input;
  if (SubscriptionType !== 'EMAIL' && SubscriptionType !== 'SNS') throw invalid(`Invalid SubscriptionType: ${String(SubscriptionType)}`);
  const valid = typeof Address === 'string' && (SubscriptionType === 'EMAIL' ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/ : /^arn:aws[\w-]*:sns:/).test(Address);
  if (!valid) throw invalid(`Invalid ${SubscriptionType} subscriber address: ${String(Address)}`);
  return { SubscriptionType, Address };
}

/** Adds subscribers to a notification, enforcing uniqueness and the per-notification limits. */
function addSubscribers(list: Subscriber[], added: readonly Subscriber[]): void {
  for (const entry of added) {
    if (list.some((s) => s.SubscriptionType === entry.SubscriptionType && s.Address === entry.Address)) {
      throw awsError(DuplicateRecordException, `Error creating subscriber: ${entry.Address} - the subscriber already exists.`);
    }
    list.push(entry);
  }
  const count = (type: Subscriber['SubscriptionType']) => list.filter((s) => s.SubscriptionType === type).length;
  if (count('EMAIL') > MAX_EMAIL_SUBSCRIBERS || count('SNS') > MAX_SNS_SUBSCRIBERS) {
    throw awsError(CreationLimitExceededException, `A notification can have at most ${MAX_EMAIL_SUBSCRIBERS} email subscribers and ${MAX_SNS_SUBSCRIBERS} SNS subscriber.`);
  }
}

/**
 * The ResourceTags given to CreateBudget, checked as the ResourceTag reference states (at most
 * 200, key 1-128 characters, value up to 256); keys starting with `aws:` are AWS's own.
 */
function resourceTags(value: unknown): Array<{ Key: string; Value: string }> | undefined {
  if (value === undefined) return undefined;
  const tags = Array.isArray(value) ? (value as Input[]) : [];
  const fits = Array.isArray(value) && tags.length <= 200 && tags.every(({ Key, Value }) => typeof Key === 'string' && Key.length >= 1 && Key.length <= 128
    && !Key.toLowerCase().startsWith('aws:') && typeof Value === 'string' && Value.length <= 256);
  if (!fits) throw invalid('Invalid ResourceTags: give at most 200 tags, each a Key of 1-128 characters (not starting with aws:) and a Value of up to 256.');
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw invalid('Invalid ResourceTags: a tag key is given twice.');
  return tags.map(({ Key, Value }) => ({ Key: Key as string, Value: Value as string }));
}

/** The budget a ResourceARN names: `arn:<partition>:budgets::<account>:budget/<name>`. */
function budgetOfArn(state: SimState, arn: unknown): SimBudget {
  const match = typeof arn === 'string' ? /^arn:aws[\w-]*:budgets::(\d{12}):budget\/(.+)$/.exec(arn) : null;
  if (!match) throw invalid(`Invalid ResourceARN: ${String(arn)}`);
  if (match[1] !== state.accountId) throw awsError(AccessDeniedException, `You are not authorized to access the budgets of account ${match[1]}.`);
  return existingBudget(state, match[2], 'list tags');
}

/** Adds a notification with its subscribers to a budget (CreateBudget and CreateNotification). */
function addNotification(budget: SimBudget, notification: unknown, subscribers: unknown): void {
  const identity = notificationIdentity(notification);
  if (budget.notifications.some((entry) => sameNotification(entry.notification, identity))) {
    throw awsError(DuplicateRecordException, `Error creating notification: the notification already exists for budget ${budget.budget.BudgetName}.`);
  }
  if (budget.notifications.length >= MAX_NOTIFICATIONS) {
    throw awsError(CreationLimitExceededException, `A budget can have at most ${MAX_NOTIFICATIONS} notifications.`);
  }
  if (!Array.isArray(subscribers) || subscribers.length === 0) throw invalid('A notification needs at least one subscriber.');
  const list: Subscriber[] = [];
  addSubscribers(list, subscribers.map(subscriber));
  budget.notifications.push({ notification: { ...identity, NotificationState: 'OK' }, subscribers: list });
}

const budgets: SimService = {
  ServiceException: BudgetsServiceException,
  global: true,
  handlers: {
    DescribeBudgets: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const all = Object.values(state.budgets).map((b) => budgetOutput(b.budget, input.ShowFilterExpression === true));
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults, 100, () => awsError(InvalidNextTokenException, 'Invalid NextToken.'));
      return { Budgets: page, ...(next ? { NextToken: next } : {}) };
    },
    DescribeBudget: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      return { Budget: budgetOutput(existingBudget(state, input.BudgetName, 'get budget').budget, input.ShowFilterExpression === true) };
    },
    CreateBudget: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const tags = resourceTags(input.ResourceTags);
      const budget: SimBudget = { budget: storedBudget((input.Budget ?? {}) as Input), notifications: [], ...(tags ? { tags } : {}) };
      const name = budget.budget.BudgetName;
      if (state.budgets[name]) throw awsError(DuplicateRecordException, `Error creating budget: ${name} - the budget already exists.`);
      // All or nothing: the notifications are validated before the budget is stored.
      for (const entry of (input.NotificationsWithSubscribers ?? []) as Input[]) addNotification(budget, entry.Notification, entry.Subscribers);
      state.budgets[name] = budget;
      return {};
    },
    UpdateBudget: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const given = (input.NewBudget ?? {}) as Input;
      const existing = existingBudget(state, given.BudgetName, 'update budget');
      existing.budget = storedBudget(given, existing.budget);
      return {};
    },
    DeleteBudget: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const existing = existingBudget(state, input.BudgetName, 'delete budget');
      delete state.budgets[existing.budget.BudgetName];
      return {};
    },
    ListTagsForResource: ({ input, state }: SimRequest) => ({ ResourceTags: budgetOfArn(state, input.ResourceARN).tags ?? [] }),

    DescribeNotificationsForBudget: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const notifications = existingBudget(state, input.BudgetName, 'get notifications').notifications.map((entry) => entry.notification);
      const { page, next } = pageOf(notifications, input.NextToken, input.MaxResults, 100, () => awsError(InvalidNextTokenException, 'Invalid NextToken.'));
      return { Notifications: page, ...(next ? { NextToken: next } : {}) };
    },
    CreateNotification: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      addNotification(existingBudget(state, input.BudgetName, 'create notification'), input.Notification, input.Subscribers);
      return {};
    },
    DeleteNotification: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const budget = existingBudget(state, input.BudgetName, 'delete notification');
      const entry = existingNotification(budget, input.Notification);
      budget.notifications = budget.notifications.filter((other) => other !== entry);
      return {};
    },

    DescribeSubscribersForNotification: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const entry = existingNotification(existingBudget(state, input.BudgetName, 'get subscribers'), input.Notification);
      const { page, next } = pageOf(entry.subscribers, input.NextToken, input.MaxResults, 100, () => awsError(InvalidNextTokenException, 'Invalid NextToken.'));
      return { Subscribers: page, ...(next ? { NextToken: next } : {}) };
    },
    CreateSubscriber: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const entry = existingNotification(existingBudget(state, input.BudgetName, 'create subscriber'), input.Notification);
      const added = subscriber(input.Subscriber);
      const subscribers = [...entry.subscribers];
      addSubscribers(subscribers, [added]);
      entry.subscribers = subscribers;
      return {};
    },
    DeleteSubscriber: (request: SimRequest) => {
      checkAccount(request);
      const { input, state } = request;
      const entry = existingNotification(existingBudget(state, input.BudgetName, 'delete subscriber'), input.Notification);
      const removed = subscriber(input.Subscriber);
      const remaining = entry.subscribers.filter((s) => !(s.SubscriptionType === removed.SubscriptionType && s.Address === removed.Address));
      if (remaining.length === entry.subscribers.length) throw awsError(NotFoundException, `Unable to find subscriber: ${removed.Address}`);
      // "Each notification must have at least one subscriber" (Notification reference).
      if (remaining.length === 0) throw invalid('A notification must have at least one subscriber; delete the notification instead.');
      entry.subscribers = remaining;
      return {};
    },
  },
};
export default budgets;
