/**
 * A budget as the step works with it: Budgets' shapes made plain (definitionOf, toSdkBudget),
 * compared as Budgets means them, and described for people.
 */
import type { AutoAdjustData, Budget, ComparisonOperator, NotificationType, SubscriptionType, ThresholdType } from '@aws-sdk/client-budgets';
import { hasItems, withoutEmpty } from '../../src/aws/paginate.js';
import { sameEmail, sameEmailSet } from '../../src/validate.js';
import { t } from './texts.js';

/** Budgets' limit: 10 email subscribers per notification. */
export const MAX_EMAIL_SUBSCRIBERS = 10;

/** A notification as Budgets identifies it; sent back verbatim to change or delete it. */
export interface BudgetNotification {
  readonly NotificationType: NotificationType;
  readonly ComparisonOperator: ComparisonOperator;
  readonly Threshold: number;
  readonly ThresholdType: ThresholdType;
}
export interface BudgetSubscriber {
  readonly SubscriptionType: SubscriptionType;
  readonly Address: string;
}
export interface BudgetAlert {
  readonly notification: BudgetNotification;
  readonly subscribers: readonly BudgetSubscriber[];
}

/**
 * A budget's settable fields as Budgets returned them, with dates as ISO strings so the
 * definition survives the JSON undo log and can be sent back unchanged by undo.
 */
export type BudgetDefinition = Omit<Budget, 'BudgetName' | 'TimePeriod' | 'AutoAdjustData' | 'CalculatedSpend' | 'LastUpdatedTime' | 'HealthStatus'> & {
  BudgetName: string;
  TimePeriod?: { Start?: string; End?: string };
  AutoAdjustData?: Omit<AutoAdjustData, 'LastAutoAdjustTime'>;
};

export interface ObservedBudget {
  readonly definition: BudgetDefinition;
  readonly alerts: readonly BudgetAlert[];
  /** Its tags (absent when it has none): a budget this tool created carries the run's. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every budget of the account (observe cannot know the configured name), with alerts and recipients. */
export type MonthlyBudgetState = { budgets: readonly ObservedBudget[] };

/** One planned change; each carries what it replaces so undo needs nothing else. */
export type MonthlyBudgetPayload =
  | { action: 'create-budget'; budget: BudgetDefinition; alerts: BudgetAlert[] }
  | { action: 'update-limit'; budget: BudgetDefinition; previous: BudgetDefinition }
  | { action: 'add-alert'; budgetName: string; alert: BudgetAlert }
  | { action: 'remove-alert'; budgetName: string; alert: BudgetAlert }
  | { action: 'change-recipients'; budgetName: string; notification: BudgetNotification; from: string[]; to: string[] };

// ---- reading and describing -------------------------------------------------------------

export function definitionOf(budget: Budget): BudgetDefinition {
  const { BudgetName, TimePeriod, AutoAdjustData: autoAdjust, CalculatedSpend: _spend, LastUpdatedTime: _updated, HealthStatus: _health, ...rest } = budget;
  const { CostFilters, CostTypes, FilterExpression, Metrics, ...settable } = rest;
  // Budgets takes either FilterExpression + Metrics or CostFilters + CostTypes, never both. An
  // empty list or map is no filter ("absent" and "empty" alike: some endpoints answer Metrics: []).
  const filters = hasItems(FilterExpression) || hasItems(Metrics) ? withoutEmpty({ FilterExpression, Metrics }) : withoutEmpty({ CostFilters, CostTypes });
  const definition = {
    ...settable,
    ...filters,
    BudgetName: BudgetName ?? '',
    ...(TimePeriod ? { TimePeriod: { Start: TimePeriod.Start?.toISOString(), End: TimePeriod.End?.toISOString() } } : {}),
    ...(autoAdjust ? { AutoAdjustData: { AutoAdjustType: autoAdjust.AutoAdjustType, HistoricalOptions: autoAdjust.HistoricalOptions } } : {}),
  };
  // Absent fields stay absent, so the definition reads (and logs) as Budgets returned it.
  return Object.fromEntries(Object.entries(definition).filter(([, value]) => value !== undefined)) as BudgetDefinition;
}

export function toSdkBudget(definition: BudgetDefinition): Budget {
  const { TimePeriod, ...rest } = definition;
  const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
  return { ...rest, ...(TimePeriod ? { TimePeriod: { Start: date(TimePeriod.Start), End: date(TimePeriod.End) } } : {}) };
}

export const cents = (amount: string | undefined) => (amount === undefined ? undefined : Math.round(Number(amount) * 100));
export const money = (amount: string, unit = 'USD') => `${unit} ${Number(amount).toFixed(2)}`;

/** "USD 50.00 per month", or what else the budget is: "USAGE budget, Hrs 20.00 per day (planned limits)". */
export function limitText(d: BudgetDefinition): string {
  const period = d.TimeUnit ? t.limit.per(d.TimeUnit) : '';
  const limit = d.BudgetLimit?.Amount !== undefined ? t.limit.amount(money(d.BudgetLimit.Amount, d.BudgetLimit.Unit), period) : t.limit.none(period);
  const kind = d.PlannedBudgetLimits ? t.limit.planned : d.AutoAdjustData ? t.limit.autoAdjusting : '';
  return `${d.BudgetType === 'COST' ? '' : t.limit.ofType(String(d.BudgetType))}${limit}${kind}`;
}

export function sameLimit(a: BudgetDefinition, b: BudgetDefinition): boolean {
  return a.BudgetType === b.BudgetType && a.TimeUnit === b.TimeUnit && a.BudgetLimit?.Unit === b.BudgetLimit?.Unit
    && cents(a.BudgetLimit?.Amount) === cents(b.BudgetLimit?.Amount) && !a.PlannedBudgetLimits === !b.PlannedBudgetLimits && !a.AutoAdjustData === !b.AutoAdjustData;
}

export const hasFilters = (d: BudgetDefinition) => hasItems(d.CostFilters) || hasItems(d.FilterExpression);

export const OPERATORS: Record<string, string> = { GREATER_THAN: '>', LESS_THAN: '<', EQUAL_TO: '=' };

/** "actual > 80 %", "forecasted > 100 %", "actual > 500 (absolute)". */
export function alertText(n: BudgetNotification): string {
  const threshold = n.ThresholdType === 'ABSOLUTE_VALUE' ? t.alert.absolute(n.Threshold) : `${n.Threshold} %`;
  return `${t.alert.type(n.NotificationType)} ${OPERATORS[n.ComparisonOperator] ?? n.ComparisonOperator} ${threshold}`;
}

export const addresses = (subscribers: readonly BudgetSubscriber[]) => subscribers.map((s) => s.Address).join(', ');
export const alertWithRecipients = (alert: BudgetAlert) => t.alert.withRecipients(alertText(alert.notification), addresses(alert.subscribers));

export const sameNotification = (a: BudgetNotification, b: BudgetNotification) =>
  a.NotificationType === b.NotificationType && a.ComparisonOperator === b.ComparisonOperator && a.Threshold === b.Threshold && a.ThresholdType === b.ThresholdType;

export const emailsOf = (alert: BudgetAlert) => alert.subscribers.filter((s) => s.SubscriptionType === 'EMAIL').map((s) => s.Address);

export const findBudget = (state: MonthlyBudgetState, name: string) => state.budgets.find((b) => b.definition.BudgetName === name);
export const findAlert = (budget: ObservedBudget | undefined, n: BudgetNotification) => budget?.alerts.find((a) => sameNotification(a.notification, n));

/** The same recipients: email addresses in any case, SNS topics exactly. */
export function sameSubscribers(a: readonly BudgetSubscriber[], b: readonly BudgetSubscriber[]): boolean {
  const same = (x: BudgetSubscriber, y: BudgetSubscriber) => x.SubscriptionType === y.SubscriptionType && (x.SubscriptionType === 'EMAIL' ? sameEmail(x.Address, y.Address) : x.Address === y.Address);
  return a.length === b.length && a.every((x) => b.some((y) => same(x, y)));
}

export function sameAlerts(actual: readonly BudgetAlert[], expected: readonly BudgetAlert[]): boolean {
  return actual.length === expected.length
    && expected.every((alert) => {
      const found = actual.find((a) => sameNotification(a.notification, alert.notification));
      return found !== undefined && sameEmailSet(emailsOf(found), emailsOf(alert));
    });
}

/** A fixed monthly USD cost limit, keeping whatever else the budget had (filters, start date). */
export function withMonthlyLimit(name: string, amount: string, previous?: BudgetDefinition): BudgetDefinition {
  // Planned and auto-adjusting limits cannot be combined with a fixed limit.
  const { PlannedBudgetLimits: _planned, AutoAdjustData: _autoAdjust, TimePeriod, ...kept } = previous ?? {};
  return {
    ...kept,
    ...(previous?.TimeUnit === 'MONTHLY' && TimePeriod ? { TimePeriod } : {}),
    BudgetName: name,
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    BudgetLimit: { Amount: amount, Unit: 'USD' },
  };
}

/**
 * The add / remove calls that turn one recipient list into another, ordered so a notification
 * never has no subscriber nor more than 10 email subscribers on the way (Budgets rejects both).
 */
export function recipientCalls(from: readonly string[], to: readonly string[]): Array<{ add: boolean; address: string }> {
  const adds = to.filter((address) => !from.some((other) => sameEmail(address, other)));
  const removes = from.filter((address) => !to.some((other) => sameEmail(address, other)));
  const calls: Array<{ add: boolean; address: string }> = [];
  let count = from.length;
  while (adds.length || removes.length) {
    const add = adds.length > 0 && (count < MAX_EMAIL_SUBSCRIBERS || removes.length === 0);
    calls.push({ add, address: (add ? adds : removes).shift()! });
    count += add ? 1 : -1;
  }
  return calls;
}

// ---- AWS calls ---------------------------------------------------------------------------
