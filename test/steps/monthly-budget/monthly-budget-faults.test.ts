/**
 * Budgets makes the change and the answer is lost (a 5xx, a reset connection, a timeout), in
 * apply and in undo: the run still ends compliant, nothing is doubled, and each change has
 * exactly one undo record.
 */
import { describe, expect, it } from 'vitest';
import step from '../../../steps/monthly-budget/monthly-budget.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { RUN_TAG } from '../../../src/core/tags.js';
import { describeLostAnswers, type LostAnswerScenario } from '../../support/lost-answers.js';
import { simEnv } from '../../support/sim.js';
import { runAgainst } from '../../support/wizard.js';



const ACTUAL_80 = { type: 'ACTUAL', percent: 80 };
const ACTUAL_100 = { type: 'ACTUAL', percent: 100 };

const scenarios: LostAnswerScenario[] = [
  { name: 'create the budget', run: {}, kinds: ['delete-budget'], applyCalls: ['CreateBudget'], undoCalls: ['DeleteBudget'] },
  { name: 'change its limit', before: {}, run: { amount: 80 }, kinds: ['restore-budget-limit'], applyCalls: ['UpdateBudget'], undoCalls: ['UpdateBudget'] },
  { name: 'add alerts', before: { thresholds: [ACTUAL_80] }, run: {}, kinds: ['remove-alert', 'remove-alert'], applyCalls: ['CreateNotification'], undoCalls: ['DeleteNotification'] },
  { name: 'remove an alert', before: {}, run: { thresholds: [ACTUAL_80, ACTUAL_100] }, kinds: ['restore-alert'], applyCalls: ['DeleteNotification'], undoCalls: ['CreateNotification'] },
  {
    name: 'change the recipients',
    before: {},
    run: { emails: ['b@example.com'] },
    kinds: ['restore-recipients', 'restore-recipients', 'restore-recipients'],
    applyCalls: ['CreateSubscriber', 'DeleteSubscriber'],
    undoCalls: ['CreateSubscriber', 'DeleteSubscriber'],
  },
];

const config = (section: Record<string, unknown>) => ({ 'monthly-budget': { amount: 50, emails: ['a@example.com'], ...section } });
const inputsOf = (section: Record<string, unknown>) => step.inputs!.schema.parse(config(section)['monthly-budget']);
const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

/** The budgets, with the run id in their tags masked: each run tags what it creates with its own. */
const budgetsOf = (sim: SimulatedAccount) => Object.fromEntries(Object.entries(sim.state.budgets).map(([name, budget]) => [
  name,
  { ...budget, ...(budget.tags ? { tags: budget.tags.map((t) => (t.Key === RUN_TAG ? { ...t, Value: '<run id>' } : t)) } : {}) },
]));

describeLostAnswers({ step, service: 'budgets', config, stateOf: budgetsOf, scenarios });

describe('monthly-budget: what appeared while a create was lost is not taken for ours', () => {
  // The request is lost before it arrives (so nothing was created), and meanwhile someone else made one.
  const lostRequest = { code: 'InternalErrorException', status: 500, times: 1 } as const;
  const AccountId = '123456789012';
  const ACTUAL_80_ALERT = { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' } as const;

  /** The plan for a fresh account, then a budget of the same name made by someone else with `amount`. */
  async function budgetMadeMeanwhile(amount: string) {
    const env = simEnv();
    const [create] = step.plan(await step.observe(env.ctx()), inputsOf({}), planCtx).changes;
    const { client, sdk } = await env.ctx().aws.use('budgets');
    await client.send(new sdk.CreateBudgetCommand({
      AccountId,
      Budget: { BudgetName: 'aws-bootstrap-monthly-cost', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: amount, Unit: 'USD' } },
      NotificationsWithSubscribers: [ACTUAL_80, ACTUAL_100, { type: 'FORECASTED', percent: 100 }].map((a) => ({
        Notification: { NotificationType: a.type as 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: a.percent, ThresholdType: 'PERCENTAGE' },
        Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'a@example.com' }],
      })),
    }));
    return { ...env, create: create! };
  }

  it('a budget of our name with another limit: a clear error, and no second create', async () => {
    const { sim, ctx, create } = await budgetMadeMeanwhile('20');
    sim.inject({ service: 'budgets', action: 'CreateBudget', ...lostRequest });
    await expect(step.apply(ctx(), create, inputsOf({}))).rejects.toThrow(
      'A budget named "aws-bootstrap-monthly-cost" appeared while this run was creating it, with USD 20.00 per month and alerts actual > 80 % to a@example.com; actual > 100 % to a@example.com; forecasted > 100 % to a@example.com: not what this run asked for, so it is left alone. Run again to see the plan for it.',
    );
    expect(sim.calls.filter((c) => c.action === 'CreateBudget')).toHaveLength(2);
  });

  it('an identical budget of our name without this run\'s tag: not ours either, a clear error', async () => {
    const { sim, ctx, create } = await budgetMadeMeanwhile('50');
    sim.inject({ service: 'budgets', action: 'CreateBudget', ...lostRequest });
    await expect(step.apply({ ...ctx(), runId: '20260101000000000' }, create, inputsOf({}))).rejects.toThrow(
      /^A budget named "aws-bootstrap-monthly-cost" appeared while this run was creating it, with USD 50\.00 per month .*: not what this run asked for, so it is left alone/,
    );
    expect(sim.calls.filter((c) => c.action === 'CreateBudget')).toHaveLength(2);
  });

  it('without a lost answer, even an identical budget made since observe is not ours: DuplicateRecordException', async () => {
    const { ctx, create } = await budgetMadeMeanwhile('50');
    await expect(step.apply(ctx(), create, inputsOf({}))).rejects.toMatchObject({ name: 'DuplicateRecordException' });
  });

  it('an alert of ours with other recipients: a clear error, and no second create', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await runAgainst(sim, { steps: [step], config: config({ thresholds: [ACTUAL_100] }) });
    const ctx = { ...planCtx, dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
    const [addAlert] = step.plan(await step.observe(ctx), inputsOf({ thresholds: [ACTUAL_80, ACTUAL_100] }), planCtx).changes;
    expect(addAlert!.payload.action).toBe('add-alert');
    const { client, sdk } = await ctx.aws.use('budgets');
    await client.send(new sdk.CreateNotificationCommand({
      AccountId, BudgetName: 'aws-bootstrap-monthly-cost', Notification: ACTUAL_80_ALERT, Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'someone@example.com' }],
    }));
    sim.inject({ service: 'budgets', action: 'CreateNotification', ...lostRequest });
    await expect(step.apply(ctx, addAlert!, inputsOf({}))).rejects.toThrow(
      'The alert actual > 80 % of budget "aws-bootstrap-monthly-cost" appeared while this run was adding it, sent to someone@example.com: not what this run asked for, so it is left alone. Run again to see the plan for it.',
    );
    expect(sim.calls.filter((c) => c.action === 'CreateNotification')).toHaveLength(2);
  });

  /** A budget made by a clean run, and a plan for `section` read right after. */
  async function planAfterCleanRun(section: Record<string, unknown>) {
    const sim = new SimulatedAccount(freshAccountState());
    await runAgainst(sim, { steps: [step], config: config({}) });
    const ctx = { ...planCtx, dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
    const [change] = step.plan(await step.observe(ctx), inputsOf(section), planCtx).changes;
    const { client, sdk } = await ctx.aws.use('budgets');
    return { sim, ctx, change: change!, client, sdk };
  }

  it('without a lost answer, an alert someone removed since observe is not taken for our removal: NotFoundException', async () => {
    const { ctx, change, client, sdk } = await planAfterCleanRun({ thresholds: [ACTUAL_80, ACTUAL_100] });
    expect(change.payload.action).toBe('remove-alert');
    const forecasted = { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' } as const;
    await client.send(new sdk.DeleteNotificationCommand({ AccountId, BudgetName: 'aws-bootstrap-monthly-cost', Notification: forecasted }));
    await expect(step.apply(ctx, change, inputsOf({}))).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('without a lost answer, a recipient someone added since observe is not taken for ours: DuplicateRecordException', async () => {
    const { ctx, change, client, sdk } = await planAfterCleanRun({ emails: ['b@example.com'] });
    expect(change.payload.action).toBe('change-recipients');
    const subscriber = { SubscriptionType: 'EMAIL', Address: 'b@example.com' } as const;
    await client.send(new sdk.CreateSubscriberCommand({ AccountId, BudgetName: 'aws-bootstrap-monthly-cost', Notification: ACTUAL_80_ALERT, Subscriber: subscriber }));
    await expect(step.apply(ctx, change, inputsOf({}))).rejects.toMatchObject({ name: 'DuplicateRecordException' });
  });
});
