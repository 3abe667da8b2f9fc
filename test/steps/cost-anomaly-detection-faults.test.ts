/**
 * Cost Explorer makes the change and the answer is lost (a 5xx, a reset connection, a timeout),
 * in apply and in undo: the run still ends compliant, no monitor or subscription is doubled,
 * and each change has exactly one undo record. Also: an account that already has the services
 * monitor AWS creates itself.
 */
import { describe, expect, it } from 'vitest';
import step from '../../steps/cost-anomaly-detection.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { addDefaultServicesMonitor, freshAccountState, type FreshAccountOptions } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { simEnv } from '../support/sim.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

type LostAnswer = Omit<SimFault, 'service' | 'action'>;

const lostAnswers: Array<[string, LostAnswer, { attemptTimeoutMs?: number }]> = [
  ['a 500', { code: 'InternalServerError', status: 500, after: true, times: 1 }, {}],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }, {}],
  ['a timeout', { code: 'InternalServerError', status: 500, after: true, times: 1, hangMs: 200 }, { attemptTimeoutMs: 50 }],
];

interface Scenario {
  readonly name: string;
  readonly fresh?: FreshAccountOptions;
  /** The step's section for a first, clean run (none: nothing done yet). */
  readonly before?: Record<string, unknown>;
  /** The step's section for the run under test. */
  readonly run: Record<string, unknown>;
  /** The undo records that run writes, one per change. */
  readonly kinds: readonly string[];
  /** The mutating calls its apply makes, and those its undo makes. */
  readonly applyCalls: readonly string[];
  readonly undoCalls: readonly string[];
}

const scenarios: Scenario[] = [
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

async function startOf(scenario: Scenario): Promise<SimulatedAccount> {
  const sim = new SimulatedAccount(freshAccountState(scenario.fresh));
  if (scenario.before) expect((await runAgainst(sim, { steps: [step], config: config(scenario.before) })).report.exitCode).toBe(0);
  return sim;
}

/** What the step would still change (nothing, when compliant). */
async function stillPlanned(sim: SimulatedAccount, section: Record<string, unknown>) {
  const ctx = { ...planCtx, dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
  return step.plan(await step.observe(ctx), inputsOf(section), ctx).changes.map((c) => c.summary);
}

const changeKinds = (logPath: string) => readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [r.undo.kind] : []));
const failures = (report: { results: ReadonlyArray<{ status: string }> }) => report.results.filter((r) => r.status === 'failed');
/** The injected fault hit a call (a hung one has no answer yet: its client gave up on it). */
const faultFired = (sim: SimulatedAccount, action: string) => sim.calls.some((c) => c.action === action && (c.error !== undefined || c.end === undefined));

describe('cost-anomaly-detection: a lost answer after Cost Explorer made the change', () => {
  for (const scenario of scenarios) {
    describe(scenario.name, async () => {
      // The same run without faults: the state every faulted run must end in.
      const clean = await startOf(scenario);
      await runAgainst(clean, { steps: [step], config: config(scenario.run) });

      for (const action of scenario.applyCalls) {
        for (const [faultName, fault, clientOptions] of lostAnswers) {
          it(`apply, ${action} answered by ${faultName}: compliant, nothing doubled, one undo record per change`, async () => {
            const sim = await startOf(scenario);
            sim.inject({ service: 'costexplorer', action, ...fault });
            const { report, undoLogPath } = await runAgainst(sim, { steps: [step], config: config(scenario.run), clientOptions });
            expect(faultFired(sim, action)).toBe(true);
            expect(failures(report)).toEqual([]);
            expect(report.exitCode).toBe(0);
            expect(changeKinds(undoLogPath)).toEqual(scenario.kinds);
            expect(sim.state.costExplorer).toEqual(clean.state.costExplorer);
            expect(await stillPlanned(sim, scenario.run)).toEqual([]);
          });
        }
      }

      for (const action of scenario.undoCalls) {
        // undoAgainst has no client options, so no attempt-timeout case here.
        for (const [faultName, fault] of lostAnswers.filter(([, f]) => !f.hangMs)) {
          it(`undo, ${action} answered by ${faultName}: the account is back where it started`, async () => {
            const sim = await startOf(scenario);
            const start = structuredClone(sim.state.costExplorer);
            const { undoLogPath } = await runAgainst(sim, { steps: [step], config: config(scenario.run) });
            sim.inject({ service: 'costexplorer', action, ...fault });
            const { report } = await undoAgainst(sim, undoLogPath);
            expect(faultFired(sim, action)).toBe(true);
            expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
            expect(sim.state.costExplorer).toEqual(start);
          });
        }
      }
    });
  }
});

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
