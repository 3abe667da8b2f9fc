/**
 * Cost Explorer makes the change and the answer is lost (a 5xx, a reset connection, a timeout),
 * in apply and in undo: the run still ends compliant, no monitor or subscription is doubled,
 * and each change has exactly one undo record. Also: an account that already has the services
 * monitor AWS creates itself.
 */
import { describe, expect, it } from 'vitest';
import step from '../../steps/cost-anomaly-detection.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { addDefaultServicesMonitor, freshAccountState } from '../../src/sim/state.js';
import { RUN_TAG } from '../../src/core/tags.js';
import { changeKinds, describeLostAnswers, type LostAnswerScenario } from '../support/lost-answers.js';
import { simEnv } from '../support/sim.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';



const scenarios: LostAnswerScenario[] = [
  {
    name: 'create the monitor and the subscription',
    run: {},
    kinds: ['delete-monitor', 'delete-subscription'],
    applyCalls: ['CreateAnomalyMonitor', 'CreateAnomalySubscription'],
    undoCalls: ['DeleteAnomalySubscription', 'DeleteAnomalyMonitor'],
  },
  {
    name: 'subscribe to the services monitor AWS made',
    fresh: { defaultServicesMonitor: true },
    run: {},
    kinds: ['delete-subscription'],
    applyCalls: ['CreateAnomalySubscription'],
    undoCalls: ['DeleteAnomalySubscription'],
  },
  { name: 'update the subscription', before: {}, run: { threshold: 250 }, kinds: ['restore-subscription'], applyCalls: ['UpdateAnomalySubscription'], undoCalls: ['UpdateAnomalySubscription'] },
];

const config = (section: Record<string, unknown>) => ({ 'cost-anomaly-detection': { emails: ['a@example.com'], ...section } });
const inputsOf = (section: Record<string, unknown>) => step.inputs!.schema.parse(config(section)['cost-anomaly-detection']);
const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

/** The monitors and subscriptions, with the run id in their tags masked: each run tags what it creates with its own. */
function costExplorerOf(sim: SimulatedAccount) {
  const masked = <T extends { tags?: Array<{ Key: string; Value: string }> }>(resource: T): T =>
    (resource.tags ? { ...resource, tags: resource.tags.map((t) => (t.Key === RUN_TAG ? { ...t, Value: '<run id>' } : t)) } : resource);
  const { monitors, subscriptions } = sim.state.costExplorer;
  return { monitors: monitors.map(masked), subscriptions: subscriptions.map(masked) };
}

describeLostAnswers({ step, service: 'costexplorer', config, stateOf: costExplorerOf, scenarios });

describe('cost-anomaly-detection: what appeared while a create was lost is not taken for ours', () => {
  // The request is lost before it arrives (so nothing was created), and meanwhile someone else made one.
  const lostRequest = { code: 'InternalServerError', status: 500, times: 1 } as const;

  it('a services monitor of another name: a clear error, and no second create', async () => {
    const { sim, ctx } = simEnv();
    const [createMonitor] = step.plan(await step.observe(ctx()), inputsOf({}), planCtx).changes;
    addDefaultServicesMonitor(sim.state);
    sim.inject({ service: 'costexplorer', action: 'CreateAnomalyMonitor', ...lostRequest });
    await expect(step.apply(ctx(), createMonitor!, inputsOf({})))
      .rejects.toThrow('A services cost monitor "Default-Services-Monitor" appeared while this run was creating "aws-bootstrap-services"; an account can have only one. Run again to use it.');
    expect(sim.calls.filter((c) => c.action === 'CreateAnomalyMonitor')).toHaveLength(1);
  });

  it('a subscription of our name that sends something else: a clear error, and no second create', async () => {
    const { sim, ctx } = simEnv({ fresh: { defaultServicesMonitor: true } });
    const [createSubscription] = step.plan(await step.observe(ctx()), inputsOf({}), planCtx).changes;
    const { client, sdk } = await ctx().aws.use('costexplorer');
    await client.send(new sdk.CreateAnomalySubscriptionCommand({
      AnomalySubscription: {
        SubscriptionName: 'aws-bootstrap-cost-anomalies',
        MonitorArnList: [sim.state.costExplorer.monitors[0]!.MonitorArn],
        Subscribers: [{ Type: 'EMAIL', Address: 'someone@example.com' }],
        Frequency: 'WEEKLY',
        ThresholdExpression: { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['100'] } },
      },
    }));
    sim.inject({ service: 'costexplorer', action: 'CreateAnomalySubscription', ...lostRequest });
    await expect(step.apply(ctx(), createSubscription!, inputsOf({}))).rejects.toThrow(
      'An anomaly alert subscription "aws-bootstrap-cost-anomalies" appeared while this run was creating it, sending weekly summary of anomalies with impact ≥ USD 100, to someone@example.com: not what this run asked for, so it is left alone. Run again to see the plan for it.',
    );
    expect(sim.calls.filter((c) => c.action === 'CreateAnomalySubscription')).toHaveLength(2);
    expect(sim.state.costExplorer.subscriptions).toHaveLength(1);
  });
});

describe('cost-anomaly-detection: what appeared while a create was lost is ours only with this run\'s tag', () => {
  const lostRequest = { code: 'InternalServerError', status: 500, times: 1 } as const;
  const ctxOfRun = (ctx: ReturnType<ReturnType<typeof simEnv>['ctx']>) => ({ ...ctx, runId: '20260101000000000' });

  it('a services monitor of our name, untagged: not ours, a clear error', async () => {
    const { sim, ctx } = simEnv();
    const [createMonitor] = step.plan(await step.observe(ctx()), inputsOf({}), planCtx).changes;
    const { client, sdk } = await ctx().aws.use('costexplorer');
    await client.send(new sdk.CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: 'aws-bootstrap-services', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' } }));
    sim.inject({ service: 'costexplorer', action: 'CreateAnomalyMonitor', ...lostRequest });
    await expect(step.apply(ctxOfRun(ctx()), createMonitor!, inputsOf({}))).rejects.toThrow('A services cost monitor "aws-bootstrap-services" appeared while this run was creating "aws-bootstrap-services"');
  });

  it('a subscription just like ours, untagged: not ours, a clear error', async () => {
    const { sim, ctx } = simEnv({ fresh: { defaultServicesMonitor: true } });
    const [createSubscription] = step.plan(await step.observe(ctx()), inputsOf({}), planCtx).changes;
    const { client, sdk } = await ctx().aws.use('costexplorer');
    await client.send(new sdk.CreateAnomalySubscriptionCommand({
      AnomalySubscription: {
        SubscriptionName: 'aws-bootstrap-cost-anomalies',
        MonitorArnList: [sim.state.costExplorer.monitors[0]!.MonitorArn],
        Subscribers: [{ Type: 'EMAIL', Address: 'a@example.com' }],
        Frequency: 'DAILY',
        ThresholdExpression: { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['100'] } },
      },
    }));
    sim.inject({ service: 'costexplorer', action: 'CreateAnomalySubscription', ...lostRequest });
    await expect(step.apply(ctxOfRun(ctx()), createSubscription!, inputsOf({}))).rejects.toThrow(/^An anomaly alert subscription "aws-bootstrap-cost-anomalies" appeared while this run was creating it/);
    expect(sim.state.costExplorer.subscriptions).toHaveLength(1);
  });
});

describe('cost-anomaly-detection undo: "unknown" is done only after a lost answer', () => {
  it('a subscription someone deleted since is an error on a first attempt', async () => {
    const { sim, ctx } = simEnv({ fresh: { defaultServicesMonitor: true } });
    const [create] = step.plan(await step.observe(ctx()), inputsOf({}), planCtx).changes;
    const undo = await step.apply(ctx(), create!, inputsOf({}));
    sim.state.costExplorer.subscriptions = [];
    await expect(step.undo!(ctx(), undo)).rejects.toMatchObject({ name: 'UnknownSubscriptionException' });
  });
});

describe('cost-anomaly-detection on an account that already has the services monitor AWS made', () => {
  it('subscribes to it instead of creating one; a second run changes nothing; undo leaves the monitor', async () => {
    const sim = new SimulatedAccount(freshAccountState({ defaultServicesMonitor: true }));
    const start = structuredClone(sim.state.costExplorer);
    const [monitor] = start.monitors;
    expect(monitor).toMatchObject({ MonitorName: 'Default-Services-Monitor', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' });

    const first = await runAgainst(sim, { steps: [step], config: config({}) });
    expect(first.report.exitCode).toBe(0);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateAnomalySubscription']);
    expect(sim.state.costExplorer.monitors).toEqual([monitor]);
    expect(sim.state.costExplorer.subscriptions.map((s) => s.MonitorArnList)).toEqual([[monitor!.MonitorArn]]);
    expect(changeKinds(first.undoLogPath)).toEqual(['delete-subscription']);

    const writes = sim.mutatingCalls().length;
    expect((await runAgainst(sim, { steps: [step], config: config({}) })).report.exitCode).toBe(0);
    expect(sim.mutatingCalls()).toHaveLength(writes);

    const { report } = await undoAgainst(sim, first.undoLogPath);
    expect(report.results.map((r) => r.status)).toEqual(['undone']);
    expect(sim.state.costExplorer).toEqual(start);
  });
});
