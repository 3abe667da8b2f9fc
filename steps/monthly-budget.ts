/** A monthly cost budget emails people before the bill surprises them. */
import { z } from 'zod';
import type { AutoAdjustData, Budget, ComparisonOperator, NotificationType, SubscriptionType, ThresholdType } from '@aws-sdk/client-budgets';
import type { ServiceHandle } from '../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../src/aws/create-once.js';
import { isErrorCode } from '../src/aws/errors.js';
import type { AlternateContactsInputs } from './alternate-contacts.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Change, type Question, type StepContext, type UndoAction } from '../src/core/step.js';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, RUN_TAG, tagMap, tagsText } from '../src/tags.js';
import { emailList, emailListQuestion, moneyAmount, promptValidator, sameEmail, sameEmailSet } from '../src/validate.js';

const DEFAULT_NAME = 'aws-bootstrap-monthly-cost';
/** Budgets' limits: 10 notifications per budget, 10 email subscribers per notification. */
const MAX_ALERTS = 10;
const MAX_EMAIL_SUBSCRIBERS = 10;

const budgetName = z
  .string()
  .trim()
  .min(1, 'give a budget name')
  .max(100, 'a budget name is at most 100 characters')
  .refine((name) => !/[:\\]/.test(name) && !name.includes('/action/'), "a budget name may not contain ':', '\\' or '/action/'");

const alertSchema = z
  .object({
    type: z.enum(['ACTUAL', 'FORECASTED'], { error: 'expected ACTUAL (spent so far this month) or FORECASTED (expected by the end of the month)' }),
    percent: z
      .number({ error: 'expected a percentage of the budget, like 80' })
      .min(1, 'a threshold is at least 1 %')
      .max(1000, 'a threshold is at most 1000 %'),
  })
  .strict();
type Alert = z.output<typeof alertSchema>;

const DEFAULT_ALERTS: Alert[] = [
  { type: 'ACTUAL', percent: 80 },
  { type: 'ACTUAL', percent: 100 },
  { type: 'FORECASTED', percent: 100 },
];

const inputSchema = z
  .object({
    name: budgetName.default(DEFAULT_NAME),
    /** USD per month. */
    amount: moneyAmount,
    emails: emailList,
    thresholds: z
      .array(alertSchema)
      .min(1, 'give at least one alert threshold')
      .max(MAX_ALERTS, `a budget can have at most ${MAX_ALERTS} alerts`)
      .refine((alerts) => new Set(alerts.map((a) => `${a.type} ${a.percent}`)).size === alerts.length, 'the same alert threshold is listed twice')
      .default(DEFAULT_ALERTS),
  })
  .strict();
export type MonthlyBudgetInputs = z.output<typeof inputSchema>;

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

function definitionOf(budget: Budget): BudgetDefinition {
  const { BudgetName, TimePeriod, AutoAdjustData: autoAdjust, CalculatedSpend: _spend, LastUpdatedTime: _updated, HealthStatus: _health, ...rest } = budget;
  const { CostFilters, CostTypes, FilterExpression, Metrics, ...settable } = rest;
  // Budgets takes either FilterExpression + Metrics or CostFilters + CostTypes, never both.
  const filters = FilterExpression !== undefined || Metrics !== undefined ? { FilterExpression, Metrics } : { CostFilters, CostTypes };
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

function toSdkBudget(definition: BudgetDefinition): Budget {
  const { TimePeriod, ...rest } = definition;
  const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
  return { ...rest, ...(TimePeriod ? { TimePeriod: { Start: date(TimePeriod.Start), End: date(TimePeriod.End) } } : {}) };
}

const cents = (amount: string | undefined) => (amount === undefined ? undefined : Math.round(Number(amount) * 100));
const money = (amount: string, unit = 'USD') => `${unit} ${Number(amount).toFixed(2)}`;
const PERIODS: Record<string, string> = { DAILY: 'day', MONTHLY: 'month', QUARTERLY: 'quarter', ANNUALLY: 'year' };

/** "USD 50.00 per month", or what else the budget is: "USAGE budget, Hrs 20.00 per day (planned limits)". */
function limitText(d: BudgetDefinition): string {
  const period = d.TimeUnit ? (PERIODS[d.TimeUnit] ? `per ${PERIODS[d.TimeUnit]}` : `per ${d.TimeUnit.toLowerCase()} period`) : '';
  const limit = d.BudgetLimit?.Amount !== undefined ? `${money(d.BudgetLimit.Amount, d.BudgetLimit.Unit)} ${period}` : `no fixed limit ${period}`;
  const kind = d.PlannedBudgetLimits ? ' (planned limits)' : d.AutoAdjustData ? ' (auto-adjusting)' : '';
  return `${d.BudgetType === 'COST' ? '' : `${d.BudgetType} budget, `}${limit}${kind}`;
}

function sameLimit(a: BudgetDefinition, b: BudgetDefinition): boolean {
  return a.BudgetType === b.BudgetType && a.TimeUnit === b.TimeUnit && a.BudgetLimit?.Unit === b.BudgetLimit?.Unit
    && cents(a.BudgetLimit?.Amount) === cents(b.BudgetLimit?.Amount) && !a.PlannedBudgetLimits === !b.PlannedBudgetLimits && !a.AutoAdjustData === !b.AutoAdjustData;
}

const hasFilters = (d: BudgetDefinition) => Object.keys(d.CostFilters ?? {}).length > 0 || d.FilterExpression !== undefined;

const OPERATORS: Record<string, string> = { GREATER_THAN: '>', LESS_THAN: '<', EQUAL_TO: '=' };

/** "actual > 80 %", "forecasted > 100 %", "actual > 500 (absolute)". */
function alertText(n: BudgetNotification): string {
  const threshold = n.ThresholdType === 'ABSOLUTE_VALUE' ? `${n.Threshold} (absolute)` : `${n.Threshold} %`;
  return `${n.NotificationType.toLowerCase()} ${OPERATORS[n.ComparisonOperator] ?? n.ComparisonOperator} ${threshold}`;
}

const alertWithRecipients = (alert: BudgetAlert) => `${alertText(alert.notification)} to ${alert.subscribers.map((s) => s.Address).join(', ')}`;

const notificationOf = (alert: Alert): BudgetNotification => ({
  NotificationType: alert.type,
  ComparisonOperator: 'GREATER_THAN',
  Threshold: alert.percent,
  ThresholdType: 'PERCENTAGE',
});

const sameNotification = (a: BudgetNotification, b: BudgetNotification) =>
  a.NotificationType === b.NotificationType && a.ComparisonOperator === b.ComparisonOperator && a.Threshold === b.Threshold && a.ThresholdType === b.ThresholdType;

const emailsOf = (alert: BudgetAlert) => alert.subscribers.filter((s) => s.SubscriptionType === 'EMAIL').map((s) => s.Address);

const findBudget = (state: MonthlyBudgetState, name: string) => state.budgets.find((b) => b.definition.BudgetName === name);
const findAlert = (budget: ObservedBudget | undefined, n: BudgetNotification) => budget?.alerts.find((a) => sameNotification(a.notification, n));

/** The same recipients: email addresses in any case, SNS topics exactly. */
function sameSubscribers(a: readonly BudgetSubscriber[], b: readonly BudgetSubscriber[]): boolean {
  const same = (x: BudgetSubscriber, y: BudgetSubscriber) => x.SubscriptionType === y.SubscriptionType && (x.SubscriptionType === 'EMAIL' ? sameEmail(x.Address, y.Address) : x.Address === y.Address);
  return a.length === b.length && a.every((x) => b.some((y) => same(x, y)));
}

function sameAlerts(actual: readonly BudgetAlert[], expected: readonly BudgetAlert[]): boolean {
  return actual.length === expected.length
    && expected.every((alert) => {
      const found = actual.find((a) => sameNotification(a.notification, alert.notification));
      return found !== undefined && sameEmailSet(emailsOf(found), emailsOf(alert));
    });
}

/** A fixed monthly USD cost limit, keeping whatever else the budget had (filters, start date). */
function withMonthlyLimit(name: string, amount: string, previous?: BudgetDefinition): BudgetDefinition {
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
function recipientCalls(from: readonly string[], to: readonly string[]): Array<{ add: boolean; address: string }> {
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

type Budgets = ServiceHandle<'budgets'>;

/** Budgets has answered NotFoundException for "no budgets" / "no notifications" instead of an empty list. */
async function orNone<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return [];
    throw error;
  }
}



/** The recipients of one alert; none when the alert (or the budget) does not exist. */
function readSubscribers({ client, sdk }: Budgets, AccountId: string, BudgetName: string, Notification: BudgetNotification): Promise<BudgetSubscriber[]> {
  return orNone(() => collectPages(sdk.paginateDescribeSubscribersForNotification({ client }, { AccountId, BudgetName, Notification }), (page) => page.Subscribers as BudgetSubscriber[]));
}

async function readAlerts(budgets: Budgets, AccountId: string, BudgetName: string): Promise<BudgetAlert[]> {
  const { client, sdk } = budgets;
  const notifications = await orNone(() => collectPages(sdk.paginateDescribeNotificationsForBudget({ client }, { AccountId, BudgetName }), (page) => page.Notifications));
  return Promise.all(notifications.map(async ({ NotificationState: _state, ...identity }) => {
    // An omitted ThresholdType means PERCENTAGE.
    const notification = { ...identity, ThresholdType: identity.ThresholdType ?? 'PERCENTAGE' } as BudgetNotification;
    return { notification, subscribers: await readSubscribers(budgets, AccountId, BudgetName, notification) };
  }));
}

/** As IAM names a budget: `arn:<partition>:budgets::<account>:budget/<name>`. */
const budgetArn = (partition: string, AccountId: string, BudgetName: string) => `arn:${partition}:budgets::${AccountId}:budget/${BudgetName}`;

/** A budget's tags; none when it is gone (deleted since it was listed). */
async function readTags({ client, sdk }: Budgets, ResourceARN: string): Promise<Record<string, string>> {
  try {
    return tagMap((await client.send(new sdk.ListTagsForResourceCommand({ ResourceARN }))).ResourceTags);
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return {};
    throw error;
  }
}

/** A budget with its alerts and tags (`tags` left out when it has none). */
async function observed(budgets: Budgets, partition: string, AccountId: string, definition: BudgetDefinition): Promise<ObservedBudget> {
  const [alerts, tags] = await Promise.all([readAlerts(budgets, AccountId, definition.BudgetName), readTags(budgets, budgetArn(partition, AccountId, definition.BudgetName))]);
  return { definition, alerts, ...(Object.keys(tags).length ? { tags } : {}) };
}

async function readBudget(budgets: Budgets, partition: string, AccountId: string, BudgetName: string): Promise<ObservedBudget | undefined> {
  const { client, sdk } = budgets;
  try {
    const { Budget } = await client.send(new sdk.DescribeBudgetCommand({ AccountId, BudgetName, ShowFilterExpression: true }));
    return Budget ? await observed(budgets, partition, AccountId, definitionOf(Budget)) : undefined;
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

/**
 * The writes, each safe against an answer lost after Budgets made the change (a timeout, a 5xx,
 * a reset connection): a delete retried into "not found" is done, an update is simply sent
 * again, and no create is made twice or taken for ours unless it is what was asked.
 */
async function budgetsApi(ctx: StepContext) {
  const budgets = await ctx.aws.use('budgets');
  const { client, sdk } = budgets;
  const AccountId = ctx.accountId;
  return {
    // Read again after a lost answer rather than retried into DuplicateRecordException: that
    // answer would equally come for a budget someone else made since observe, which is not ours to undo.
    // The tags go on in the create call itself, so the budget is never there untagged.
    createBudget: (budget: BudgetDefinition, alerts: readonly BudgetAlert[]) => createOnce({
      create: async () => {
        await client.send(withoutBlindRetry(new sdk.CreateBudgetCommand({
          AccountId,
          Budget: toSdkBudget(budget),
          NotificationsWithSubscribers: alerts.map((a) => ({ Notification: a.notification, Subscribers: [...a.subscribers] })),
          ResourceTags: bootstrapTagList(ctx.runId),
        })));
        return true;
      },
      find: async () => {
        const found = await readBudget(budgets, ctx.partition, AccountId, budget.BudgetName);
        if (!found) return undefined;
        // Our request made it only if it carries this run's tag (the create call put it on).
        if (found.tags?.[RUN_TAG] === bootstrapTags(ctx.runId)[RUN_TAG]) return true;
        throw new Error(`A budget named "${budget.BudgetName}" appeared while this run was creating it, with ${limitText(found.definition)} and alerts ${found.alerts.map(alertWithRecipients).join('; ') || 'none'}: not what this run asked for, so it is left alone. Run again to see the plan for it.`);
      },
    }),
    updateBudget: (budget: BudgetDefinition) => client.send(new sdk.UpdateBudgetCommand({ AccountId, NewBudget: toSdkBudget(budget) })),
    deleteBudget: (BudgetName: string) => sendDoneOnRetry(new sdk.DeleteBudgetCommand({ AccountId, BudgetName }), (c) => client.send(c), 'NotFoundException'),
    // Read again after a lost answer, as for the budget: an alert with these recipients is ours only if our request made it.
    createNotification: (BudgetName: string, alert: BudgetAlert) => createOnce({
      create: async () => {
        await client.send(withoutBlindRetry(new sdk.CreateNotificationCommand({ AccountId, BudgetName, Notification: alert.notification, Subscribers: [...alert.subscribers] })));
        return true;
      },
      find: async () => {
        const subscribers = await readSubscribers(budgets, AccountId, BudgetName, alert.notification);
        // A notification always has a subscriber: none means it is not there.
        if (!subscribers.length) return undefined;
        if (sameSubscribers(subscribers, alert.subscribers)) return true;
        throw new Error(`The alert ${alertText(alert.notification)} of budget "${BudgetName}" appeared while this run was adding it, sent to ${subscribers.map((s) => s.Address).join(', ')}: not what this run asked for, so it is left alone. Run again to see the plan for it.`);
      },
    }),
    deleteNotification: (BudgetName: string, Notification: BudgetNotification) =>
      sendDoneOnRetry(new sdk.DeleteNotificationCommand({ AccountId, BudgetName, Notification }), (c) => client.send(c), 'NotFoundException'),
    async changeRecipients(BudgetName: string, Notification: BudgetNotification, from: readonly string[], to: readonly string[]) {
      for (const { add, address } of recipientCalls(from, to)) {
        const Subscriber = { SubscriptionType: 'EMAIL' as const, Address: address };
        // A subscriber is nothing but its address: DuplicateRecordException on a retry says
        // exactly what was asked is there (Budgets cannot hold it twice), so no read is needed.
        if (add) await sendDoneOnRetry(new sdk.CreateSubscriberCommand({ AccountId, BudgetName, Notification, Subscriber }), (c) => client.send(c), 'DuplicateRecordException');
        else await sendDoneOnRetry(new sdk.DeleteSubscriberCommand({ AccountId, BudgetName, Notification, Subscriber }), (c) => client.send(c), 'NotFoundException');
      }
    },
  };
}

const budgetNameOf = (p: MonthlyBudgetPayload) => ('budget' in p ? p.budget.BudgetName : p.budgetName);

// ---- the step ----------------------------------------------------------------------------

export default defineStep<MonthlyBudgetState, MonthlyBudgetInputs, MonthlyBudgetPayload>({
  id: 'monthly-budget',
  title: 'A monthly cost budget emails alerts before the bill surprises anyone',
  why: 'AWS bills after the fact: a leaked access key mining crypto or a forgotten test cluster can run up thousands before the invoice arrives. A budget alert is the cheapest early warning.',
  scope: 'account',
  // Apply and undo read too: after a lost answer, to see whether a create went through.
  // Creating a budget with ResourceTags needs budgets:TagResource besides ModifyBudget.
  permissions: {
    observe: ['budgets:ViewBudget', 'budgets:ListTagsForResource'],
    apply: ['budgets:ViewBudget', 'budgets:ListTagsForResource', 'budgets:ModifyBudget', 'budgets:TagResource'],
    undo: ['budgets:ViewBudget', 'budgets:ListTagsForResource', 'budgets:ModifyBudget'],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given, earlier = {}) {
      const existing = findBudget(state as MonthlyBudgetState, typeof given.name === 'string' ? given.name : DEFAULT_NAME);
      const questions: Question[] = [];
      if (given.amount === undefined) {
        const current = existing?.definition.BudgetLimit;
        const known = current?.Unit === 'USD' && moneyAmount.safeParse(current.Amount).success;
        questions.push({
          path: 'amount',
          message: 'Monthly budget in USD (e.g. 50):',
          kind: 'text',
          validate: promptValidator(moneyAmount),
          ...(known ? { default: current.Amount } : {}),
        });
      }
      if (given.emails === undefined) {
        // Offer the addresses the budget already alerts, so a re-run keeps them.
        const current = [...new Set(existing?.alerts.flatMap(emailsOf) ?? [])];
        // The billing contact given a moment ago is the likely recipient.
        const billing = (earlier['alternate-contacts'] as AlternateContactsInputs | undefined)?.billing?.email;
        questions.push(emailListQuestion('Email addresses for budget alerts (comma-separated, up to 10):', current, billing ? [billing] : []));
      }
      return questions;
    },
  },

  async observe(ctx) {
    const budgets = await ctx.aws.use('budgets');
    const { client, sdk } = budgets;
    const AccountId = ctx.accountId;
    const described = await orNone(() => collectPages(sdk.paginateDescribeBudgets({ client }, { AccountId, ShowFilterExpression: true }), (page) => page.Budgets));
    // Tags are read for every budget: the configured name is not known here.
    return { budgets: await Promise.all(described.map((budget) => observed(budgets, ctx.partition, AccountId, definitionOf(budget)))) };
  },

  plan(state, inputs, ctx) {
    const { name, amount, emails } = inputs;
    const wantedAlerts: BudgetAlert[] = inputs.thresholds.map((alert) => ({
      notification: notificationOf(alert),
      subscribers: emails.map((Address) => ({ SubscriptionType: 'EMAIL', Address })),
    }));
    const others = state.budgets.filter((b) => b.definition.BudgetName !== name);
    const notes = others.length ? [`Other budgets are left as they are: ${others.map((b) => `"${b.definition.BudgetName}" (${limitText(b.definition)})`).join(', ')}.`] : [];
    const existing = findBudget(state, name);

    if (!existing) {
      const budget = withMonthlyLimit(name, amount);
      if (inputs.thresholds.some((a) => a.type === 'FORECASTED')) {
        notes.push('Forecasted alerts start once AWS has enough usage history to forecast (about five weeks in a new account).');
      }
      return {
        changes: [{
          summary: `Create the monthly cost budget "${name}" with ${wantedAlerts.length} email alert${wantedAlerts.length === 1 ? '' : 's'}`,
          before: `no budget named "${name}"`,
          after: `${limitText(budget)}; alerts: ${wantedAlerts.map((a) => alertText(a.notification)).join(', ')}; to ${emails.join(', ')}; tags: ${tagsText(ctx.runId)}`,
          payload: { action: 'create-budget', budget, alerts: wantedAlerts },
        }],
        notes,
      };
    }

    if (hasFilters(existing.definition)) notes.push(`Budget "${name}" only counts costs that match its filters; the filters are left as they are.`);
    const changes: Change<MonthlyBudgetPayload>[] = [];
    const budget = withMonthlyLimit(name, amount, existing.definition);
    if (!sameLimit(existing.definition, budget)) {
      changes.push({
        summary: `Set the limit of budget "${name}" to ${limitText(budget)}`,
        before: limitText(existing.definition),
        after: limitText(budget),
        payload: { action: 'update-limit', budget, previous: existing.definition },
      });
    }
    for (const wanted of wantedAlerts) {
      const current = findAlert(existing, wanted.notification);
      if (!current || sameEmailSet(emailsOf(current), emails)) continue;
      changes.push({
        summary: `Change who gets the alert ${alertText(wanted.notification)} of budget "${name}"`,
        before: alertWithRecipients(current),
        after: alertWithRecipients({ notification: current.notification, subscribers: [...current.subscribers.filter((s) => s.SubscriptionType !== 'EMAIL'), ...wanted.subscribers] }),
        payload: { action: 'change-recipients', budgetName: name, notification: current.notification, from: emailsOf(current), to: [...emails] },
      });
    }
    // Removals before additions: a budget holds at most 10 alerts.
    for (const current of existing.alerts.filter((a) => !wantedAlerts.some((w) => sameNotification(w.notification, a.notification)))) {
      changes.push({
        summary: `Remove the alert ${alertText(current.notification)} from budget "${name}"`,
        before: alertWithRecipients(current),
        after: `no alert at ${alertText(current.notification)}`,
        payload: { action: 'remove-alert', budgetName: name, alert: current },
      });
    }
    for (const wanted of wantedAlerts.filter((w) => !findAlert(existing, w.notification))) {
      changes.push({
        summary: `Add the alert ${alertText(wanted.notification)} to budget "${name}"`,
        before: `no alert at ${alertText(wanted.notification)}`,
        after: alertWithRecipients(wanted),
        payload: { action: 'add-alert', budgetName: name, alert: wanted },
      });
    }
    return { changes, notes };
  },

  async apply(ctx, change) {
    const api = await budgetsApi(ctx);
    const p = change.payload;
    const name = budgetNameOf(p);
    const undo = (kind: string, description: string): UndoAction => ({ kind, description, change: p });
    switch (p.action) {
      case 'create-budget':
        await api.createBudget(p.budget, p.alerts);
        return undo('delete-budget', `Delete the budget "${name}" (it did not exist before)`);
      case 'update-limit':
        await api.updateBudget(p.budget);
        return undo('restore-budget-limit', `Set the limit of budget "${name}" back to ${limitText(p.previous)}`);
      case 'add-alert':
        await api.createNotification(name, p.alert);
        return undo('remove-alert', `Remove the alert ${alertText(p.alert.notification)} from budget "${name}"`);
      case 'remove-alert':
        await api.deleteNotification(name, p.alert.notification);
        return undo('restore-alert', `Put back the alert ${alertText(p.alert.notification)} of budget "${name}", to ${p.alert.subscribers.map((s) => s.Address).join(', ')}`);
      case 'change-recipients':
        await api.changeRecipients(name, p.notification, p.from, p.to);
        return undo('restore-recipients', `Send the alert ${alertText(p.notification)} of budget "${name}" to ${p.from.join(', ')} again`);
    }
  },

  async undo(ctx, action) {
    const api = await budgetsApi(ctx);
    const p = action.change as MonthlyBudgetPayload;
    const name = budgetNameOf(p);
    switch (p.action) {
      case 'create-budget':
        return void (await api.deleteBudget(name));
      case 'update-limit':
        return void (await api.updateBudget(p.previous));
      case 'add-alert':
        return void (await api.deleteNotification(name, p.alert.notification));
      case 'remove-alert':
        return void (await api.createNotification(name, p.alert));
      case 'change-recipients':
        return api.changeRecipients(name, p.notification, p.to, p.from);
    }
  },

  undoDrift(state, action, recorded) {
    const p = action.change as MonthlyBudgetPayload;
    const name = budgetNameOf(p);
    const budget = findBudget(state, name);
    if (!budget) return `the budget "${name}" no longer exists`;
    switch (p.action) {
      case 'create-budget': {
        // Deleting is for a budget this run created; the other changes are to a budget it adopted.
        const foreign = recorded && notCreatedByRun(budget.tags, recorded.runId, `the budget "${name}"`);
        if (foreign) return foreign;
        if (!sameLimit(budget.definition, p.budget)) return `the limit of budget "${name}" is now ${limitText(budget.definition)} (this run set ${limitText(p.budget)})`;
        return sameAlerts(budget.alerts, p.alerts) ? undefined : `the alerts of budget "${name}" were changed since this run`;
      }
      case 'update-limit':
        return sameLimit(budget.definition, p.budget) ? undefined : `the limit of budget "${name}" is now ${limitText(budget.definition)} (this run set ${limitText(p.budget)})`;
      case 'add-alert': {
        const alert = findAlert(budget, p.alert.notification);
        if (!alert) return `the alert ${alertText(p.alert.notification)} of budget "${name}" was removed since this run`;
        return sameEmailSet(emailsOf(alert), emailsOf(p.alert)) ? undefined : `the recipients of the alert ${alertText(p.alert.notification)} of budget "${name}" were changed since this run`;
      }
      case 'remove-alert':
        return findAlert(budget, p.alert.notification) ? `budget "${name}" has an alert at ${alertText(p.alert.notification)} again` : undefined;
      case 'change-recipients': {
        const alert = findAlert(budget, p.notification);
        if (!alert) return `the alert ${alertText(p.notification)} of budget "${name}" was removed since this run`;
        return sameEmailSet(emailsOf(alert), p.to) ? undefined : `the alert ${alertText(p.notification)} of budget "${name}" now goes to ${emailsOf(alert).join(', ')} (this run set ${p.to.join(', ')})`;
      }
    }
  },
});
