/** A monthly cost budget emails people before the bill surprises them. */
import { z } from 'zod';
import type { AutoAdjustData, Budget, ComparisonOperator, NotificationType, SubscriptionType, ThresholdType } from '@aws-sdk/client-budgets';
import type { ServiceHandle } from '../../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';
import type { AlternateContactsInputs } from '../alternate-contacts.js';
import { collectPages, hasItems, withoutEmpty } from '../../src/aws/paginate.js';
import { defineStep, type Change, type Plan, type PlanContext, type Question, type StepContext } from '../../src/core/step.js';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, RUN_TAG, tagMap, tagsText } from '../../src/core/tags.js';
import { emailList, emailListQuestion, moneyAmount, promptValidator, sameEmail, sameEmailSet } from '../../src/validate.js';

const DEFAULT_NAME = 'aws-bootstrap-monthly-cost';
/** Budgets' limits: 10 notifications per budget, 10 email subscribers per notification. */
const MAX_ALERTS = 10;
const MAX_EMAIL_SUBSCRIBERS = 10;

import { t } from './texts.js';

const budgetName = z
  .string()
  .trim()
  .min(1, { error: () => t.input.nameEmpty })
  .max(100, { error: () => t.input.nameTooLong })
  .refine((name) => !/[:\\]/.test(name) && !name.includes('/action/'), { error: () => t.input.nameChars });

const alertSchema = z
  .object({
    type: z.enum(['ACTUAL', 'FORECASTED'], { error: () => t.input.alertType }),
    percent: z
      .number({ error: () => t.input.percent })
      .min(1, { error: () => t.input.percentMin })
      .max(1000, { error: () => t.input.percentMax }),
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
      .min(1, { error: () => t.input.noAlerts })
      .max(MAX_ALERTS, { error: () => t.input.tooManyAlerts(MAX_ALERTS) })
      .refine((alerts) => new Set(alerts.map((a) => `${a.type} ${a.percent}`)).size === alerts.length, { error: () => t.input.sameAlertTwice })
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

function toSdkBudget(definition: BudgetDefinition): Budget {
  const { TimePeriod, ...rest } = definition;
  const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
  return { ...rest, ...(TimePeriod ? { TimePeriod: { Start: date(TimePeriod.Start), End: date(TimePeriod.End) } } : {}) };
}

const cents = (amount: string | undefined) => (amount === undefined ? undefined : Math.round(Number(amount) * 100));
const money = (amount: string, unit = 'USD') => `${unit} ${Number(amount).toFixed(2)}`;

/** "USD 50.00 per month", or what else the budget is: "USAGE budget, Hrs 20.00 per day (planned limits)". */
function limitText(d: BudgetDefinition): string {
  const period = d.TimeUnit ? t.limit.per(d.TimeUnit) : '';
  const limit = d.BudgetLimit?.Amount !== undefined ? t.limit.amount(money(d.BudgetLimit.Amount, d.BudgetLimit.Unit), period) : t.limit.none(period);
  const kind = d.PlannedBudgetLimits ? t.limit.planned : d.AutoAdjustData ? t.limit.autoAdjusting : '';
  return `${d.BudgetType === 'COST' ? '' : t.limit.ofType(String(d.BudgetType))}${limit}${kind}`;
}

function sameLimit(a: BudgetDefinition, b: BudgetDefinition): boolean {
  return a.BudgetType === b.BudgetType && a.TimeUnit === b.TimeUnit && a.BudgetLimit?.Unit === b.BudgetLimit?.Unit
    && cents(a.BudgetLimit?.Amount) === cents(b.BudgetLimit?.Amount) && !a.PlannedBudgetLimits === !b.PlannedBudgetLimits && !a.AutoAdjustData === !b.AutoAdjustData;
}

const hasFilters = (d: BudgetDefinition) => hasItems(d.CostFilters) || hasItems(d.FilterExpression);

const OPERATORS: Record<string, string> = { GREATER_THAN: '>', LESS_THAN: '<', EQUAL_TO: '=' };

/** "actual > 80 %", "forecasted > 100 %", "actual > 500 (absolute)". */
function alertText(n: BudgetNotification): string {
  const threshold = n.ThresholdType === 'ABSOLUTE_VALUE' ? t.alert.absolute(n.Threshold) : `${n.Threshold} %`;
  return `${t.alert.type(n.NotificationType)} ${OPERATORS[n.ComparisonOperator] ?? n.ComparisonOperator} ${threshold}`;
}

const addresses = (subscribers: readonly BudgetSubscriber[]) => subscribers.map((s) => s.Address).join(', ');
const alertWithRecipients = (alert: BudgetAlert) => t.alert.withRecipients(alertText(alert.notification), addresses(alert.subscribers));

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

/** A budget with its alerts and tags (`tags` left out when it has none, or unless `withTags`: undo's read, and after a lost answer). */
async function observed(budgets: Budgets, partition: string, AccountId: string, definition: BudgetDefinition, withTags = true): Promise<ObservedBudget> {
  const [alerts, tags] = await Promise.all([readAlerts(budgets, AccountId, definition.BudgetName), withTags ? readTags(budgets, budgetArn(partition, AccountId, definition.BudgetName)) : {}]);
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
        throw new Error(t.error.budgetAppeared(budget.BudgetName, limitText(found.definition), found.alerts.map(alertWithRecipients).join('; ')));
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
        throw new Error(t.error.alertAppeared(alertText(alert.notification), BudgetName, addresses(subscribers)));
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

type PayloadOf<A extends MonthlyBudgetPayload['action']> = Extract<MonthlyBudgetPayload, { action: A }>;

/** The undo records this step writes: each carries the change it takes back. */
export type MonthlyBudgetUndo =
  | { kind: 'delete-budget'; description: string; change: PayloadOf<'create-budget'> }
  | { kind: 'restore-budget-limit'; description: string; change: PayloadOf<'update-limit'> }
  | { kind: 'remove-alert'; description: string; change: PayloadOf<'add-alert'> }
  | { kind: 'restore-alert'; description: string; change: PayloadOf<'remove-alert'> }
  | { kind: 'restore-recipients'; description: string; change: PayloadOf<'change-recipients'> };

// ---- the step ----------------------------------------------------------------------------

/** Not a no-reply address, nor one at a reserved domain (RFC 2606/6761) that no mailbox can have. */
function readByAPerson(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  if (/^(no-?reply|do-?not-?reply|mailer-daemon)([+.-]|$)/.test(local)) return false;
  return !/(^|\.)(invalid|test|example|localhost)$/.test(domain);
}

/** The budget's plan (see `plan`, which adds the warning about addresses nobody reads). */
function planBudget(state: MonthlyBudgetState, inputs: MonthlyBudgetInputs, ctx: PlanContext): Plan<MonthlyBudgetPayload> {
  const { name, amount, emails } = inputs;
  const wantedAlerts: BudgetAlert[] = inputs.thresholds.map((alert) => ({
    notification: notificationOf(alert),
    subscribers: emails.map((Address) => ({ SubscriptionType: 'EMAIL', Address })),
  }));
  const others = state.budgets.filter((b) => b.definition.BudgetName !== name);
  const notes = others.length ? [t.plan.others(others.map((b) => t.plan.other(b.definition.BudgetName, limitText(b.definition))).join(', '))] : [];
  const existing = findBudget(state, name);

  if (!existing) {
    const budget = withMonthlyLimit(name, amount);
    if (inputs.thresholds.some((a) => a.type === 'FORECASTED')) {
      notes.push(t.plan.forecasted);
    }
    return {
      changes: [{
        summary: t.plan.create(name, wantedAlerts.length),
        before: t.plan.noBudget(name),
        after: t.plan.created(limitText(budget), wantedAlerts.map((a) => alertText(a.notification)).join(', '), emails.join(', '), tagsText(ctx.runId)),
        payload: { action: 'create-budget', budget, alerts: wantedAlerts },
      }],
      notes,
    };
  }

  if (hasFilters(existing.definition)) notes.push(t.plan.filters(name));
  const changes: Change<MonthlyBudgetPayload>[] = [];
  const budget = withMonthlyLimit(name, amount, existing.definition);
  if (!sameLimit(existing.definition, budget)) {
    changes.push({
      summary: t.plan.setLimit(name, limitText(budget)),
      before: limitText(existing.definition),
      after: limitText(budget),
      payload: { action: 'update-limit', budget, previous: existing.definition },
    });
  }
  for (const wanted of wantedAlerts) {
    const current = findAlert(existing, wanted.notification);
    if (!current || sameEmailSet(emailsOf(current), emails)) continue;
    changes.push({
      summary: t.plan.changeRecipients(alertText(wanted.notification), name),
      before: alertWithRecipients(current),
      after: alertWithRecipients({ notification: current.notification, subscribers: [...current.subscribers.filter((s) => s.SubscriptionType !== 'EMAIL'), ...wanted.subscribers] }),
      payload: { action: 'change-recipients', budgetName: name, notification: current.notification, from: emailsOf(current), to: [...emails] },
    });
  }
  // Removals before additions: a budget holds at most 10 alerts.
  for (const current of existing.alerts.filter((a) => !wantedAlerts.some((w) => sameNotification(w.notification, a.notification)))) {
    changes.push({
      summary: t.plan.removeAlert(alertText(current.notification), name),
      before: alertWithRecipients(current),
      after: t.plan.noAlert(alertText(current.notification)),
      payload: { action: 'remove-alert', budgetName: name, alert: current },
    });
  }
  for (const wanted of wantedAlerts.filter((w) => !findAlert(existing, w.notification))) {
    changes.push({
      summary: t.plan.addAlert(alertText(wanted.notification), name),
      before: t.plan.noAlert(alertText(wanted.notification)),
      after: alertWithRecipients(wanted),
      payload: { action: 'add-alert', budgetName: name, alert: wanted },
    });
  }
  return { changes, notes };
}

export default defineStep<MonthlyBudgetState, MonthlyBudgetInputs, MonthlyBudgetPayload, MonthlyBudgetUndo>({
  id: 'monthly-budget',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  // Apply and undo read too: after a lost answer, to see whether a create went through.
  // Creating a budget with ResourceTags needs budgets:TagResource besides ModifyBudget.
  permissions: {
    observe: ['budgets:ViewBudget', 'budgets:ListTagsForResource'],
    apply: ['budgets:ViewBudget', 'budgets:ListTagsForResource', 'budgets:ModifyBudget', 'budgets:TagResource'],
    undo: ['budgets:ViewBudget', 'budgets:ListTagsForResource', 'budgets:ModifyBudget'],
    // Every budget is read, with its tags (DescribeBudgets): on `*`.
    scopes: (c) => [
      { name: 'Budget', actions: ['budgets:ModifyBudget', 'budgets:TagResource'], resources: [`arn:${c.partition}:budgets::${c.account}:budget/${c.input('name')}`] },
    ],
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
          message: t.question.amount,
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
        questions.push(emailListQuestion(t.question.emails, current, billing ? [billing] : []));
      }
      return questions;
    },
  },

  async observe(ctx) {
    const budgets = await ctx.aws.use('budgets');
    const { client, sdk } = budgets;
    const AccountId = ctx.accountId;
    const described = await orNone(() => collectPages(sdk.paginateDescribeBudgets({ client }, { AccountId, ShowFilterExpression: true }), (page) => page.Budgets));
    // Tags, for undo only (`StepContext.readTags`), are read for every budget: the configured name is not known here.
    return { budgets: await Promise.all(described.map((budget) => observed(budgets, ctx.partition, AccountId, definitionOf(budget), ctx.readTags === true))) };
  },

  plan(state, inputs, ctx) {
    const plan = planBudget(state, inputs, ctx);
    // Alerts that reach no one who reads them: warned, and a person may give other addresses.
    if (!plan.changes.length || inputs.emails.some(readByAPerson)) return plan;
    return { ...plan, notes: [t.plan.unread(inputs.emails.join(', ')), ...(plan.notes ?? [])], answersWarned: true };
  },

  async apply(ctx, change) {
    const api = await budgetsApi(ctx);
    const p = change.payload;
    const name = budgetNameOf(p);
    switch (p.action) {
      case 'create-budget':
        await api.createBudget(p.budget, p.alerts);
        return { kind: 'delete-budget', description: t.undo.deleteBudget(name), change: p };
      case 'update-limit':
        await api.updateBudget(p.budget);
        return { kind: 'restore-budget-limit', description: t.undo.restoreLimit(name, limitText(p.previous)), change: p };
      case 'add-alert':
        await api.createNotification(name, p.alert);
        return { kind: 'remove-alert', description: t.undo.removeAlert(alertText(p.alert.notification), name), change: p };
      case 'remove-alert':
        await api.deleteNotification(name, p.alert.notification);
        return { kind: 'restore-alert', description: t.undo.restoreAlert(alertText(p.alert.notification), name, addresses(p.alert.subscribers)), change: p };
      case 'change-recipients':
        await api.changeRecipients(name, p.notification, p.from, p.to);
        return { kind: 'restore-recipients', description: t.undo.restoreRecipients(alertText(p.notification), name, p.from.join(', ')), change: p };
    }
  },

  async undo(ctx, action) {
    const api = await budgetsApi(ctx);
    const name = budgetNameOf(action.change);
    switch (action.kind) {
      case 'delete-budget':
        return void (await api.deleteBudget(name));
      case 'restore-budget-limit':
        return void (await api.updateBudget(action.change.previous));
      case 'remove-alert':
        return void (await api.deleteNotification(name, action.change.alert.notification));
      case 'restore-alert':
        return void (await api.createNotification(name, action.change.alert));
      case 'restore-recipients': {
        const p = action.change;
        return api.changeRecipients(name, p.notification, p.to, p.from);
      }
    }
  },

  undoDrift(state, action, recorded) {
    const name = budgetNameOf(action.change);
    const budget = findBudget(state, name);
    if (!budget) return t.drift.gone(name);
    switch (action.kind) {
      case 'delete-budget': {
        const p = action.change;
        // Deleting is for a budget this run created; the other changes are to a budget it adopted.
        const foreign = recorded && notCreatedByRun(budget.tags, recorded.runId, t.drift.theBudget(name));
        if (foreign) return foreign;
        if (!sameLimit(budget.definition, p.budget)) return t.drift.limit(name, limitText(budget.definition), limitText(p.budget));
        return sameAlerts(budget.alerts, p.alerts) ? undefined : t.drift.alerts(name);
      }
      case 'restore-budget-limit': {
        const p = action.change;
        return sameLimit(budget.definition, p.budget) ? undefined : t.drift.limit(name, limitText(budget.definition), limitText(p.budget));
      }
      case 'remove-alert': {
        const p = action.change;
        const alert = findAlert(budget, p.alert.notification);
        if (!alert) return t.drift.alertRemoved(alertText(p.alert.notification), name);
        return sameEmailSet(emailsOf(alert), emailsOf(p.alert)) ? undefined : t.drift.recipients(alertText(p.alert.notification), name);
      }
      case 'restore-alert': {
        const p = action.change;
        return findAlert(budget, p.alert.notification) ? t.drift.alertBack(name, alertText(p.alert.notification)) : undefined;
      }
      case 'restore-recipients': {
        const p = action.change;
        const alert = findAlert(budget, p.notification);
        if (!alert) return t.drift.alertRemoved(alertText(p.notification), name);
        return sameEmailSet(emailsOf(alert), p.to) ? undefined : t.drift.goesTo(alertText(p.notification), name, emailsOf(alert).join(', '), p.to.join(', '));
      }
    }
  },
});
