/** A monthly cost budget emails people before the bill surprises them. */
import { z } from 'zod';
import type { AlternateContactsInputs } from '../alternate-contacts.js';
import { collectPages } from '../../src/aws/paginate.js';
import { defineStep, type Change, type Plan, type PlanContext, type Question } from '../../src/core/step.js';
import { notCreatedByRun, tagsText } from '../../src/core/tags.js';
import { budgetsApi, observed, orNone } from './aws.js';
import { alertText, addresses, alertWithRecipients, definitionOf, emailsOf, findAlert, findBudget, hasFilters, limitText, sameAlerts, sameLimit, sameNotification, withMonthlyLimit, type BudgetAlert, type BudgetNotification, type MonthlyBudgetPayload, type MonthlyBudgetState } from './budget.js';
import { emailList, emailListQuestion, moneyAmount, promptValidator, sameEmailSet } from '../../src/validate.js';

const DEFAULT_NAME = 'aws-bootstrap-monthly-cost';
/** Budgets' limit: 10 notifications per budget (and 10 email subscribers per notification, budget.ts). */
const MAX_ALERTS = 10;

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
export type { BudgetAlert, BudgetDefinition, BudgetNotification, BudgetSubscriber, MonthlyBudgetPayload, MonthlyBudgetState, ObservedBudget } from './budget.js';
export type MonthlyBudgetInputs = z.output<typeof inputSchema>;

const notificationOf = (alert: Alert): BudgetNotification => ({
  NotificationType: alert.type,
  ComparisonOperator: 'GREATER_THAN',
  Threshold: alert.percent,
  ThresholdType: 'PERCENTAGE',
});

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
