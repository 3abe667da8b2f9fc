import { describe, expect, it } from 'vitest';
import step, { type BudgetAlert, type BudgetDefinition, type MonthlyBudgetInputs, type MonthlyBudgetState, type MonthlyBudgetUndo, type ObservedBudget } from '../../../steps/monthly-budget/monthly-budget.js';
import { formatIssues } from '../../../src/validate.js';
import type { SimBudget } from '../../../src/sim/state.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { bootstrapTagList, bootstrapTags } from '../../../src/core/tags.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { withLanguage } from '../../../src/i18n/index.js';
import { englishLeft } from '../../support/english.js';
import { applyAll, undoAll } from '../../support/apply.js';
import { simEnv } from '../../support/sim.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, undoAgainst } from '../../support/wizard.js';
import { inJapanese } from '../../support/language.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };
const NAME = 'aws-bootstrap-monthly-cost';
const parse = (section: Record<string, unknown>): MonthlyBudgetInputs => step.inputs!.schema.parse(section);
const inputs = (section: Record<string, unknown> = {}) => parse({ amount: 50, emails: ['a@example.com'], ...section });

function issuesOf(section: Record<string, unknown>): string[] {
  const result = step.inputs!.schema.safeParse(section);
  if (result.success) throw new Error(`expected ${JSON.stringify(section)} to be rejected`);
  return formatIssues(result.error, 'monthly-budget');
}

const monthly = (amount: string, name = NAME): BudgetDefinition => ({
  BudgetName: name,
  BudgetType: 'COST',
  TimeUnit: 'MONTHLY',
  BudgetLimit: { Amount: amount, Unit: 'USD' },
  TimePeriod: { Start: '2026-01-01T00:00:00.000Z', End: '2087-06-15T00:00:00.000Z' },
});

const alert = (type: 'ACTUAL' | 'FORECASTED', percent: number, ...emails: string[]): BudgetAlert => ({
  notification: { NotificationType: type, ComparisonOperator: 'GREATER_THAN', Threshold: percent, ThresholdType: 'PERCENTAGE' },
  subscribers: emails.map((Address) => ({ SubscriptionType: 'EMAIL', Address })),
});

const defaultAlerts = (...emails: string[]) => [alert('ACTUAL', 80, ...emails), alert('ACTUAL', 100, ...emails), alert('FORECASTED', 100, ...emails)];
const stateWith = (...budgets: ObservedBudget[]): MonthlyBudgetState => ({ budgets });

/** A budget as the simulated account stores it (what the console or another tool left behind). */
function simBudget(name: string, amount: string, alerts: Array<[type: 'ACTUAL' | 'FORECASTED', percent: number, emails: string[]]>, extra: Record<string, unknown> = {}): SimBudget {
  return {
    budget: {
      BudgetName: name,
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: amount, Unit: 'USD' },
      TimePeriod: { Start: '2025-03-01T00:00:00.000Z', End: '2087-06-15T00:00:00.000Z' },
      LastUpdatedTime: '2025-03-01T00:00:00.000Z',
      ...extra,
    },
    notifications: alerts.map(([type, percent, emails]) => ({
      notification: { NotificationType: type, ComparisonOperator: 'GREATER_THAN', Threshold: percent, ThresholdType: 'PERCENTAGE', NotificationState: 'OK' },
      subscribers: emails.map((Address) => ({ SubscriptionType: 'EMAIL' as const, Address })),
    })),
  };
}

describe('monthly-budget inputs', () => {
  it('fills in the name and the three usual alerts', () => {
    expect(inputs()).toEqual({
      name: NAME,
      amount: '50',
      emails: ['a@example.com'],
      thresholds: [{ type: 'ACTUAL', percent: 80 }, { type: 'ACTUAL', percent: 100 }, { type: 'FORECASTED', percent: 100 }],
    });
    expect(inputs({ amount: '49.99' }).amount).toBe('49.99');
  });

  it.each([-5, 0, 1.234, 'abc'])('rejects the amount %s', (amount) => {
    expect(issuesOf({ amount, emails: ['a@example.com'] })).toEqual(['monthly-budget.amount: expected a positive amount like 50 or 49.99 (at most 2 decimal places)']);
  });

  it('rejects bad, repeated and too many email addresses', () => {
    expect(issuesOf({ amount: 50, emails: ['not-an-email'] })).toEqual(['monthly-budget.emails.0: expected an email address like name@example.com']);
    expect(issuesOf({ amount: 50, emails: ['a@example.com', 'A@example.com'] })).toEqual(['monthly-budget.emails: the same email address is listed twice']);
    const eleven = Array.from({ length: 11 }, (_, i) => `user${i}@example.com`);
    expect(issuesOf({ amount: 50, emails: eleven })).toEqual(['monthly-budget.emails: AWS accepts at most 10 email addresses here']);
    expect(issuesOf({ amount: 50, emails: [] })).toEqual(['monthly-budget.emails: give at least one email address']);
  });

  it('rejects thresholds out of range, of an unknown type, or listed twice', () => {
    const base = { amount: 50, emails: ['a@example.com'] };
    expect(issuesOf({ ...base, thresholds: [{ type: 'ACTUAL', percent: 0 }] })).toEqual(['monthly-budget.thresholds.0.percent: a threshold is at least 1 %']);
    expect(issuesOf({ ...base, thresholds: [{ type: 'ACTUAL', percent: 5000 }] })).toEqual(['monthly-budget.thresholds.0.percent: a threshold is at most 1000 %']);
    expect(issuesOf({ ...base, thresholds: [{ type: 'SPENT', percent: 80 }] })[0]).toMatch(/thresholds\.0\.type: expected ACTUAL .* or FORECASTED/);
    expect(issuesOf({ ...base, thresholds: [{ type: 'ACTUAL', percent: 80 }, { type: 'ACTUAL', percent: 80 }] })).toEqual(['monthly-budget.thresholds: the same alert threshold is listed twice']);
  });

  it('rejects a budget name Budgets would refuse, and unknown keys', () => {
    expect(issuesOf({ amount: 50, emails: ['a@example.com'], name: 'team:cost' })).toEqual(["monthly-budget.name: a budget name may not contain ':', '\\' or '/action/'"]);
    expect(issuesOf({ amount: 50, emails: ['a@example.com'], limit: 50 })[0]).toMatch(/limit/);
  });
});

describe('monthly-budget questions', () => {
  it('asks for the amount and a comma-separated email list when neither is given', () => {
    const questions = step.inputs!.questions(stateWith(), {});
    expect(questions.map((q) => q.path)).toEqual(['amount', 'emails']);
    const [amount, emails] = questions;
    expect(amount!.validate!('1.234')).toMatch(/at most 2 decimal places/);
    expect(amount!.validate!('50')).toBeUndefined();
    expect(amount!.default).toBeUndefined();
    expect(emails!.parse!(' a@example.com, b@example.com ,')).toEqual(['a@example.com', 'b@example.com']);
    expect(emails!.validate!('a@example.com, nope')).toBe('expected an email address like name@example.com');
    expect(emails!.validate!('a@example.com,b@example.com')).toBeUndefined();
  });

  it('asks nothing that was given, and offers what the existing budget has as defaults', () => {
    expect(step.inputs!.questions(stateWith(), { amount: 50, emails: ['a@example.com'] })).toEqual([]);
    const existing = { definition: monthly('70.0'), alerts: defaultAlerts('a@example.com', 'b@example.com') };
    const questions = step.inputs!.questions(stateWith(existing), {});
    expect(questions.map((q) => q.default)).toEqual(['70.0', 'a@example.com, b@example.com']);
  });

  it('offers the billing contact given earlier in the run as the alert address, as a suggestion only', () => {
    const earlier = { 'alternate-contacts': { billing: { name: 'Ada', title: 'CFO', email: 'ada@example.com', phone: '+81 3-1234-5678' }, replaceExisting: false } };
    const emails = step.inputs!.questions(stateWith(), {}, earlier).find((q) => q.path === 'emails')!;
    expect(emails).toMatchObject({ suggestion: 'ada@example.com' });
    expect(emails.default).toBeUndefined();
    expect(step.inputs!.questions(stateWith(), {}, { 'alternate-contacts': { replaceExisting: false } }).find((q) => q.path === 'emails')!.suggestion).toBeUndefined();
  });
});

describe('monthly-budget plan', () => {
  it('plans nothing when the budget, its alerts and recipients match (compliant)', () => {
    const state = stateWith({ definition: monthly('50.0'), alerts: defaultAlerts('A@Example.com') });
    expect(step.plan(state, inputs(), planCtx).changes).toEqual([]);
  });

  it('plans one budget with all alerts when there is none (noncompliant)', () => {
    const plan = step.plan(stateWith(), inputs({ emails: ['a@example.com', 'b@example.com'] }), planCtx);
    expect(plan.changes).toHaveLength(1);
    const [change] = plan.changes;
    expect(change!.before).toBe(`no budget named "${NAME}"`);
    expect(change!.after).toBe('USD 50.00 per month; alerts: actual > 80 %, actual > 100 %, forecasted > 100 %; to a@example.com, b@example.com; tags: aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
    expect(change!.payload).toEqual({
      action: 'create-budget',
      budget: { BudgetName: NAME, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '50', Unit: 'USD' } },
      alerts: defaultAlerts('a@example.com', 'b@example.com'),
    });
    expect(plan.notes?.join(' ')).toMatch(/Forecasted alerts start once AWS has enough usage history/);
  });

  it('changes only what differs on a same-name budget: limit, recipients, then removals before additions', () => {
    const existing = {
      definition: monthly('70.0'),
      alerts: [alert('ACTUAL', 80, 'old@example.com'), alert('ACTUAL', 100, 'a@example.com'), alert('ACTUAL', 50, 'a@example.com')],
    };
    const plan = step.plan(stateWith(existing), inputs(), planCtx);
    expect(plan.changes.map((c) => [c.payload.action, c.before, c.after])).toEqual([
      ['update-limit', 'USD 70.00 per month', 'USD 50.00 per month'],
      ['change-recipients', 'actual > 80 % to old@example.com', 'actual > 80 % to a@example.com'],
      ['remove-alert', 'actual > 50 % to a@example.com', 'no alert at actual > 50 %'],
      ['add-alert', 'no alert at forecasted > 100 %', 'forecasted > 100 % to a@example.com'],
    ]);
    const [update, recipients] = plan.changes;
    expect(update!.payload).toMatchObject({ previous: existing.definition, budget: { ...existing.definition, BudgetLimit: { Amount: '50', Unit: 'USD' } } });
    expect(recipients!.payload).toMatchObject({ from: ['old@example.com'], to: ['a@example.com'] });
  });

  it('turns a same-name budget of another kind into a fixed monthly USD budget', () => {
    const daily = { definition: { ...monthly('50.0'), TimeUnit: 'DAILY' as const }, alerts: defaultAlerts('a@example.com') };
    const [change] = step.plan(stateWith(daily), inputs(), planCtx).changes;
    expect([change!.before, change!.after]).toEqual(['USD 50.00 per day', 'USD 50.00 per month']);
    // A daily budget's start date does not fit a monthly one: AWS picks the month's start.
    expect((change!.payload as { budget: BudgetDefinition }).budget.TimePeriod).toBeUndefined();
  });

  it('leaves other budgets alone and names them, and says when our budget is filtered', () => {
    const other = { definition: monthly('10.0', 'team-x'), alerts: [] };
    const filtered = { definition: { ...monthly('50.0'), CostFilters: { Service: ['Amazon Elastic Compute Cloud - Compute'] } }, alerts: defaultAlerts('a@example.com') };
    const plan = step.plan(stateWith(other, filtered), inputs(), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([
      'Other budgets are left as they are: "team-x" (USD 10.00 per month).',
      `Budget "${NAME}" only counts costs that match its filters; the filters are left as they are.`,
    ]);
  });
});

describe('monthly-budget against the simulated account', () => {
  it('creates the budget with its alerts through us-east-1, whatever the home region, and then plans nothing', async () => {
    const { sim, ctx } = simEnv();
    const given = inputs({ emails: ['a@example.com', 'b@example.com'] });
    const before = await step.observe(ctx('eu-west-1'));
    expect(before).toEqual({ budgets: [] });
    const [change] = step.plan(before, given, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, given);
    expect(undo.kind).toBe('delete-budget');

    const created = sim.state.budgets[NAME]!;
    expect(created.budget).toMatchObject({ BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '50.0', Unit: 'USD' } });
    expect(created.notifications.map((n) => [n.notification.NotificationType, n.notification.Threshold, n.subscribers.map((s) => s.Address)])).toEqual([
      ['ACTUAL', 80, ['a@example.com', 'b@example.com']],
      ['ACTUAL', 100, ['a@example.com', 'b@example.com']],
      ['FORECASTED', 100, ['a@example.com', 'b@example.com']],
    ]);

    const mutatingBefore = sim.mutatingCalls().length;
    expect(step.plan(await step.observe(ctx('eu-west-1')), given, planCtx).changes).toEqual([]);
    expect(sim.mutatingCalls().length).toBe(mutatingBefore);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateBudget']);
    const budgetCalls = sim.calls.filter((c) => c.service === 'budgets');
    expect(budgetCalls.length).toBeGreaterThan(3);
    expect(new Set(budgetCalls.map((c) => c.region))).toEqual(new Set(['us-east-1']));
  });

  it('undo deletes a budget it created, and sees when the budget was edited since', async () => {
    const { sim, ctx } = simEnv();
    const [change] = step.plan(await step.observe(ctx()), inputs(), planCtx).changes;
    const undo = await step.apply(ctx(), change!, inputs());
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBeUndefined();
    sim.state.budgets[NAME]!.budget.BudgetLimit = { Amount: '500.0', Unit: 'USD' };
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBe(`the limit of budget "${NAME}" is now USD 500.00 per month (this run set USD 50.00 per month)`);
    await step.undo!(ctx(), undo);
    expect(sim.state.budgets[NAME]).toBeUndefined();
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBe(`the budget "${NAME}" no longer exists`);
  });

  it('updates only the amount of a same-name budget, and undo restores the old amount and start date', async () => {
    const { sim, ctx } = simEnv();
    sim.state.budgets[NAME] = simBudget(NAME, '70.0', [['ACTUAL', 80, ['a@example.com']], ['ACTUAL', 100, ['a@example.com']], ['FORECASTED', 100, ['a@example.com']]]);
    const { changes } = step.plan(await step.observe(ctx()), inputs(), planCtx);
    expect(changes.map((c) => c.summary)).toEqual([`Set the limit of budget "${NAME}" to USD 50.00 per month`]);
    const undo = await step.apply(ctx(), changes[0]!, inputs());
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateBudget']);
    expect(sim.state.budgets[NAME]!.budget.BudgetLimit).toEqual({ Amount: '50.0', Unit: 'USD' });
    expect(sim.state.budgets[NAME]!.budget.TimePeriod.Start).toBe('2025-03-01T00:00:00.000Z');
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);

    // The undo record goes through the JSON undo log.
    await step.undo!(ctx(), JSON.parse(JSON.stringify(undo)));
    expect(sim.state.budgets[NAME]!.budget.BudgetLimit).toEqual({ Amount: '70.0', Unit: 'USD' });
    expect(sim.state.budgets[NAME]!.budget.TimePeriod.Start).toBe('2025-03-01T00:00:00.000Z');
    expect(sim.state.budgets[NAME]!.notifications).toHaveLength(3);
  });

  it('keeps the filters of a same-name budget when it changes the amount', async () => {
    const { sim, ctx } = simEnv();
    const onlyEc2 = { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } };
    sim.state.budgets[NAME] = simBudget(NAME, '70.0', [['ACTUAL', 80, ['a@example.com']]], { FilterExpression: onlyEc2, Metrics: ['UnblendedCost'] });
    const given = inputs({ thresholds: [{ type: 'ACTUAL', percent: 80 }] });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    expect(plan.notes).toEqual([`Budget "${NAME}" only counts costs that match its filters; the filters are left as they are.`]);
    const undo = await step.apply(ctx(), plan.changes[0]!, given);
    expect(sim.state.budgets[NAME]!.budget).toMatchObject({ BudgetLimit: { Amount: '50.0' }, FilterExpression: onlyEc2, Metrics: ['UnblendedCost'] });
    expect(sim.state.budgets[NAME]!.budget).not.toHaveProperty('CostTypes');
    await step.undo!(ctx(), undo);
    expect(sim.state.budgets[NAME]!.budget).toMatchObject({ BudgetLimit: { Amount: '70.0' }, FilterExpression: onlyEc2 });
  });

  it('reads "absent" and "empty" alike: a budget with CostFilters read back with Metrics: [] and FilterExpression {} keeps its filters', async () => {
    const { sim, ctx } = simEnv();
    const costFilters = { Service: ['Amazon Elastic Compute Cloud - Compute'] };
    // As an AWS-compatible endpoint may answer for a budget that has the older CostFilters and no Metrics.
    sim.state.budgets[NAME] = simBudget(NAME, '70.0', [['ACTUAL', 80, ['a@example.com']]], { CostFilters: costFilters, Metrics: [], FilterExpression: {} });
    const given = inputs({ thresholds: [{ type: 'ACTUAL', percent: 80 }] });
    const state = await step.observe(ctx());
    expect(state.budgets[0]!.definition).toMatchObject({ CostFilters: costFilters });
    expect(state.budgets[0]!.definition).not.toHaveProperty('Metrics');
    const plan = step.plan(state, given, planCtx);
    expect(plan.notes).toEqual([`Budget "${NAME}" only counts costs that match its filters; the filters are left as they are.`]);
    const undo = await step.apply(ctx(), plan.changes[0]!, given);
    await step.undo!(ctx(), undo);
    expect(sim.state.budgets[NAME]!.budget).toMatchObject({ BudgetLimit: { Amount: '70.0' }, CostFilters: costFilters });
  });

  it('replaces all ten recipients of an alert without ever breaking the subscriber limits, and undo puts them back', async () => {
    const { sim, ctx } = simEnv();
    const oldTen = Array.from({ length: 10 }, (_, i) => `old${i}@example.com`);
    const newTen = Array.from({ length: 10 }, (_, i) => `new${i}@example.com`);
    sim.state.budgets[NAME] = simBudget(NAME, '50.0', [['ACTUAL', 80, oldTen], ['ACTUAL', 100, ['solo@example.com']]]);
    const given = inputs({ emails: newTen, thresholds: [{ type: 'ACTUAL', percent: 80 }] });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['change-recipients', 'remove-alert']);
    const undos = await applyAll(step, ctx(), plan, given);
    const addresses = (threshold: number) => sim.state.budgets[NAME]!.notifications.find((n) => n.notification.Threshold === threshold)?.subscribers.map((s) => s.Address);
    expect(addresses(80)).toEqual(newTen);
    expect(addresses(100)).toBeUndefined();
    expect(step.plan(await step.observe(ctx()), given, planCtx).changes).toEqual([]);

    await undoAll(step, ctx(), undos);
    expect(new Set(addresses(80))).toEqual(new Set(oldTen));
    expect(addresses(100)).toEqual(['solo@example.com']);
  });

  it('swaps the only recipient of an alert without leaving it with none', async () => {
    const { sim, ctx } = simEnv();
    sim.state.budgets[NAME] = simBudget(NAME, '50.0', [['ACTUAL', 80, ['old@example.com']]]);
    const given = inputs({ emails: ['new@example.com'], thresholds: [{ type: 'ACTUAL', percent: 80 }] });
    const [change] = step.plan(await step.observe(ctx()), given, planCtx).changes;
    await step.apply(ctx(), change!, given);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateSubscriber', 'DeleteSubscriber']);
    expect(sim.state.budgets[NAME]!.notifications[0]!.subscribers).toEqual([{ SubscriptionType: 'EMAIL', Address: 'new@example.com' }]);
  });

  it('adds and removes alerts on a same-name budget, and undo restores the removed one with all its subscribers', async () => {
    const { sim, ctx } = simEnv();
    sim.state.budgets[NAME] = simBudget(NAME, '50.0', [['ACTUAL', 50, ['a@example.com']]]);
    sim.state.budgets[NAME]!.notifications[0]!.subscribers.push({ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:123456789012:billing' });
    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    expect(plan.changes.map((c) => c.summary)).toEqual([
      `Remove the alert actual > 50 % from budget "${NAME}"`,
      `Add the alert actual > 80 % to budget "${NAME}"`,
      `Add the alert actual > 100 % to budget "${NAME}"`,
      `Add the alert forecasted > 100 % to budget "${NAME}"`,
    ]);
    const undos = await applyAll(step, ctx(), plan, inputs());
    expect(sim.state.budgets[NAME]!.notifications.map((n) => n.notification.Threshold)).toEqual([80, 100, 100]);
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);

    const state = await step.observe(ctx());
    expect(undos.map((undo) => step.undoDrift!(state, undo as MonthlyBudgetUndo))).toEqual([undefined, undefined, undefined, undefined]);
    await undoAll(step, ctx(), undos);
    expect(sim.state.budgets[NAME]!.notifications).toEqual(simBudget(NAME, '50.0', [['ACTUAL', 50, ['a@example.com']]]).notifications.map((n) => ({
      ...n,
      subscribers: [...n.subscribers, { SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:123456789012:billing' }],
    })));
  });

  it('finds its budget past the first page of budgets and leaves the others alone', async () => {
    const { sim, ctx } = simEnv();
    for (let i = 0; i < 120; i++) sim.state.budgets[`team-${i}`] = simBudget(`team-${i}`, '10.0', []);
    sim.state.budgets[NAME] = simBudget(NAME, '50.0', [['ACTUAL', 80, ['a@example.com']], ['ACTUAL', 100, ['a@example.com']], ['FORECASTED', 100, ['a@example.com']]]);
    const state = await step.observe(ctx());
    expect(state.budgets).toHaveLength(121);
    const plan = step.plan(state, inputs(), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes?.[0]).toMatch(/^Other budgets are left as they are: "team-0" \(USD 10\.00 per month\), /);
    expect(sim.calls.filter((c) => c.action === 'DescribeBudgets')).toHaveLength(2);
  });

  it('reads a NotFoundException from DescribeBudgets as "no budgets"', async () => {
    const { sim, ctx } = simEnv();
    sim.inject({ service: 'budgets', action: 'DescribeBudgets', code: 'NotFoundException', message: 'No budgets found for account', times: 1 });
    expect(await step.observe(ctx())).toEqual({ budgets: [] });
  });
});

describe('monthly-budget: tags on what it creates (issue 15)', () => {
  const config = { 'monthly-budget': { amount: 50, emails: ['a@example.com'] } };
  const sameAlertsAsOurs: Array<[type: 'ACTUAL' | 'FORECASTED', percent: number, emails: string[]]> = [['ACTUAL', 80, ['a@example.com']], ['ACTUAL', 100, ['a@example.com']], ['FORECASTED', 100, ['a@example.com']]];

  it('the budget it creates carries both tags, with the run id of the undo log, in the create call itself; the preview shows them', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const run = await runAgainst(sim, { steps: [step], config });
    expect(run.report.exitCode).toBe(0);
    const runId = readUndoLog(run.undoLogPath).records[0]!.run;
    expect(sim.state.budgets[NAME]!.tags).toEqual(bootstrapTagList(runId));
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateBudget']);
    // ListTagsForResource answers them, so observe has them for undo (`readTags`); a plan's read leaves them.
    const { sim: reader, ctx } = simEnv({ state: sim.state });
    expect((await step.observe({ ...ctx(), readTags: true })).budgets[0]!.tags).toEqual(bootstrapTags(runId));
    const tagReads = reader.calls.filter((c) => c.action === 'ListTagsForResource').length;
    expect(tagReads).toBe(1);
    expect((await step.observe(ctx())).budgets[0]!.tags).toBeUndefined();
    expect(reader.calls.filter((c) => c.action === 'ListTagsForResource')).toHaveLength(tagReads);

    const preview = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], config, dryRun: true });
    expect(preview.output).toContain('tags: aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
  });

  it('a budget of the same name it adopts is changed, not tagged', async () => {
    const state = freshAccountState();
    state.budgets[NAME] = simBudget(NAME, '70.0', sameAlertsAsOurs);
    const sim = new SimulatedAccount(state);
    await runAgainst(sim, { steps: [step], config });
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateBudget']);
    expect(sim.state.budgets[NAME]!.budget.BudgetLimit).toEqual({ Amount: '50.0', Unit: 'USD' });
    expect(sim.state.budgets[NAME]!.tags).toBeUndefined();
  });

  it('undo leaves alone a budget a tampered log names that this run did not create; --force deletes it anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const run = await runAgainst(sim, { steps: [step], config });
    // Someone else's budget, just like ours but untagged, and the log edited to name it.
    sim.state.budgets['team-costs'] = simBudget('team-costs', '50.0', sameAlertsAsOurs);
    const lines = readFileSync(run.undoLogPath, 'utf8').split('\n').filter(Boolean);
    const edited = lines.map((line) => line.replaceAll(`"BudgetName":"${NAME}"`, '"BudgetName":"team-costs"'));
    expect(edited).not.toEqual(lines);
    writeFileSync(run.undoLogPath, rechained(edited).map((line) => `${line}\n`).join(''));

    const undo = await undoAgainst(sim, run.undoLogPath);
    expect(undo.report.results.map((r) => [r.status, r.detail])).toEqual([
      ['skipped', 'the budget "team-costs" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway'],
    ]);
    expect(Object.keys(sim.state.budgets).sort()).toEqual([NAME, 'team-costs']);

    const forced = await undoAgainst(sim, run.undoLogPath, { force: true });
    expect(forced.report.results.map((r) => r.status)).toEqual(['undone']);
    expect(Object.keys(sim.state.budgets)).toEqual([NAME]);
  });

  it('undo deletes the budget this run created: the run tag is what makes it ours', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const run = await runAgainst(sim, { steps: [step], config });
    const undo = await undoAgainst(sim, run.undoLogPath);
    expect(undo.report.results.map((r) => r.status)).toEqual(['undone']);
    expect(sim.state.budgets).toEqual({});
  });
});

describe('monthly-budget in Japanese (issue 12)', () => {
  /** Every text a plan shows, as one list. */
  const shown = (plan: ReturnType<typeof step.plan>) => [
    ...plan.changes.flatMap((c) => [c.summary, String(c.before), String(c.after)]),
    ...(plan.notes ?? []),
    ...(plan.advice ?? []),
  ];


  it('shows the title, why, questions and the plan of a new budget in Japanese, amounts and addresses as data', () => {
    withLanguage('ja', () => {
      expect(step.title).toBe('月次のコスト予算が、請求額に驚く前に E メールで通知する');
      expect(englishLeft(step.why)).toEqual([]);
      const questions = step.inputs!.questions(stateWith(), {});
      expect(questions.map((q) => q.message)).toEqual(['月ごとの予算額 (USD、例: 50):', '予算の通知を送る E メールアドレス (カンマ区切り、10 件まで):']);
      const plan = step.plan(stateWith(), inputs({ emails: ['a@example.com', 'b@example.com'] }), { ...planCtx, runId: '20260101T000000Z-1a2b' });
      const [change] = plan.changes;
      expect(change!.summary).toBe(`月次のコスト予算「${NAME}」を作成する (E メール通知 3 件)`);
      expect(change!.before).toBe(`「${NAME}」という名前の予算なし`);
      expect(change!.after).toBe('月あたり USD 50.00、通知: 実績 > 80 %, 実績 > 100 %, 予測 > 100 %、宛先: a@example.com, b@example.com、タグ: aws-bootstrap:managed=true, aws-bootstrap:run=20260101T000000Z-1a2b');
      expect(plan.notes).toEqual(['予測に基づく通知は、AWS が予測できるだけの使用履歴がたまってから動き始めます (新しいアカウントでは約 5 週間)。']);
      expect(shown(plan).flatMap((text) => englishLeft(text))).toEqual([]);
    });
    // The language is read when a text is used: English again afterwards.
    expect(step.title).toBe('A monthly cost budget emails alerts before the bill surprises anyone');
  });

  it('describes the changes to a same-name budget, other budgets and filters in Japanese', () => {
    const existing = {
      definition: { ...monthly('70.0'), CostFilters: { Service: ['Amazon Elastic Compute Cloud - Compute'] } },
      alerts: [alert('ACTUAL', 80, 'old@example.com'), alert('ACTUAL', 100, 'a@example.com'), alert('ACTUAL', 50, 'a@example.com')],
    };
    const usage = { definition: { ...monthly('20.0', 'hours'), BudgetType: 'USAGE' as const, TimeUnit: 'DAILY' as const, BudgetLimit: { Amount: '20', Unit: 'Hrs' }, PlannedBudgetLimits: {} }, alerts: [] };
    const plan = withLanguage('ja', () => step.plan(stateWith(existing, usage), inputs(), planCtx));
    expect(plan.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
      [`予算「${NAME}」の予算額を 月あたり USD 50.00 にする`, '月あたり USD 70.00', '月あたり USD 50.00'],
      [`予算「${NAME}」の通知 実績 > 80 % の宛先を変更する`, '実績 > 80 % (宛先: old@example.com)', '実績 > 80 % (宛先: a@example.com)'],
      [`予算「${NAME}」から通知 実績 > 50 % を削除する`, '実績 > 50 % (宛先: a@example.com)', '実績 > 50 % の通知なし'],
      [`予算「${NAME}」に通知 予測 > 100 % を追加する`, '予測 > 100 % の通知なし', '予測 > 100 % (宛先: a@example.com)'],
    ]);
    expect(plan.notes).toEqual([
      '他の予算はそのままです: 「hours」(USAGE 予算、1 日あたり Hrs 20.00 (期間ごとに計画された予算額))。',
      `予算「${NAME}」はフィルターに一致するコストだけを集計します。フィルターはそのままです。`,
    ]);
    expect(shown(plan).flatMap((text) => englishLeft(text))).toEqual([]);
  });

  it('says what is wrong with an input in Japanese', () => {
    const base = { amount: 50, emails: ['a@example.com'] };
    const issues = withLanguage('ja', () => [
      ...issuesOf({ ...base, thresholds: [{ type: 'ACTUAL', percent: 0 }] }),
      ...issuesOf({ ...base, thresholds: [{ type: 'SPENT', percent: 80 }] }),
      ...issuesOf({ ...base, thresholds: [{ type: 'ACTUAL', percent: 80 }, { type: 'ACTUAL', percent: 80 }] }),
      ...issuesOf({ ...base, thresholds: [] }),
      ...issuesOf({ ...base, name: 'team:cost' }),
    ]);
    expect(issues).toEqual([
      'monthly-budget.thresholds.0.percent: しきい値は 1 % 以上で指定してください',
      'monthly-budget.thresholds.0.type: ACTUAL (今月これまでの実績) か FORECASTED (月末までの予測) を指定してください',
      'monthly-budget.thresholds: 同じ通知のしきい値が 2 回指定されています',
      'monthly-budget.thresholds: 通知のしきい値を 1 つ以上指定してください',
      "monthly-budget.name: 予算名には ':'、'\\'、'/action/' を使えません",
    ]);
  });

  it('records undo descriptions and reports drift in Japanese; the account holds no text, so a re-run in either language changes nothing', async () => {
    const { sim, ctx } = simEnv();
    sim.state.budgets[NAME] = simBudget(NAME, '70.0', [['ACTUAL', 80, ['old@example.com']], ['ACTUAL', 50, ['a@example.com']]]);
    const undos = await inJapanese(async () => {
      const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
      return (await applyAll(step, ctx(), plan, inputs())) as MonthlyBudgetUndo[];
    });
    expect(undos.map((u) => [u.kind, u.description])).toEqual([
      ['restore-budget-limit', `予算「${NAME}」の予算額を 月あたり USD 70.00 に戻す`],
      ['restore-recipients', `予算「${NAME}」の通知 実績 > 80 % の宛先を old@example.com に戻す`],
      ['restore-alert', `予算「${NAME}」の通知 実績 > 50 % を元に戻す (宛先: a@example.com)`],
      ['remove-alert', `予算「${NAME}」から通知 実績 > 100 % を削除する`],
      ['remove-alert', `予算「${NAME}」から通知 予測 > 100 % を削除する`],
    ]);
    const state = await step.observe(ctx());
    for (const lang of ['ja', 'en'] as const) expect(withLanguage(lang, () => step.plan(state, inputs(), planCtx)).changes).toEqual([]);

    sim.state.budgets[NAME]!.budget.BudgetLimit = { Amount: '500.0', Unit: 'USD' };
    sim.state.budgets[NAME]!.notifications = sim.state.budgets[NAME]!.notifications.filter((n) => n.notification.Threshold !== 100);
    const drifted = await step.observe(ctx());
    const drift = withLanguage('ja', () => undos.map((u) => step.undoDrift!(drifted, u)));
    expect(drift).toEqual([
      `予算「${NAME}」の予算額は現在 月あたり USD 500.00 (この実行で設定したのは 月あたり USD 50.00)`,
      undefined,
      undefined,
      `予算「${NAME}」の通知 実績 > 100 % はこの実行の後に削除された`,
      `予算「${NAME}」の通知 予測 > 100 % はこの実行の後に削除された`,
    ]);
    delete sim.state.budgets[NAME];
    expect(withLanguage('ja', () => step.undoDrift!({ budgets: [] }, undos[0]!))).toBe(`予算「${NAME}」はもう存在しない`);
  });
});

describe('alerts to an address nobody reads (issue 26)', () => {
  const ctx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
  const given = (emails: string[]) => step.inputs!.schema.parse({ amount: 50, emails });
  it.each([[['noreply@corp.com']], [['alerts@example.invalid', 'do-not-reply@corp.com']], [['ops@corp.test']]])('%j: warned, and a person is offered to edit the answers', (emails) => {
    const plan = step.plan({ budgets: [] }, given(emails), ctx);
    expect(plan.answersWarned).toBe(true);
    expect(plan.notes?.[0]).toMatch(/^Warning: the alerts go to .* only: no-reply addresses and reserved domains/);
    expect(withLanguage('ja', () => step.plan({ budgets: [] }, given(emails), ctx).notes?.[0])).toMatch(/^警告: アラートの送信先は/);
  });
  it('one address a person reads is enough: no warning', () => {
    const plan = step.plan({ budgets: [] }, given(['noreply@corp.com', 'finance@corp.com']), ctx);
    expect(plan.answersWarned).toBeUndefined();
    expect(plan.notes?.join(' ') ?? '').not.toMatch(/Warning/);
  });
});
