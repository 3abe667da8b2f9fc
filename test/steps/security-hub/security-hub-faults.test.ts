/**
 * Security Hub CSPM makes the change and the answer is lost (a 5xx, a reset connection, a
 * timeout), for each mutating call of apply and of undo: the run still ends compliant, nothing is
 * made twice (the simulation refuses a second hub, standard or aggregator, as AWS does), each
 * change has exactly one undo record, and undo still gets back to the start.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState, type SimState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { faultFired, lostAnswers } from '../../support/lost-answers.js';
import { runAgainst, undoAgainst } from '../../support/wizard.js';
import { HOME, provided, step, STEPS } from './security-hub-setup.js';

const REGIONS = ['eu-west-1', HOME];
const APPLY_CALLS = ['EnableSecurityHub', 'BatchEnableStandards', 'CreateFindingAggregator'];
const UNDO_CALLS = ['DeleteFindingAggregator', 'BatchDisableStandards', 'DisableSecurityHub'];

const run = (sim: SimulatedAccount, clientOptions = {}) => runAgainst(sim, { steps: STEPS, allSteps: STEPS, regions: REGIONS, clientOptions });

/** What Security Hub holds per region; standards being disabled (DELETING) count as gone, PENDING ones as there. */
function securityHubOf(state: SimState) {
  return REGIONS.map((region) => {
    const { securityHub: hub, findingAggregators = [] } = state.regional[region]!;
    return {
      region,
      hub: hub ? { generator: hub.ControlFindingGenerator, standards: hub.standards.filter((s) => s.StandardsStatus !== 'DELETING').map((s) => s.StandardsSubscriptionArn) } : null,
      aggregators: findingAggregators.map((a) => [a.FindingAggregatorArn.replace(/[0-9a-f-]{36}$/, '<id>'), a.RegionLinkingMode]),
    };
  });
}

/** The undo records of the security-hub step, as region and kind, sorted. */
const kinds = (logPath: string) =>
  readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' && r.step === 'security-hub' ? [`${r.region} ${r.undo.kind}`] : [])).sort();

/** What the step would still change in each region (nothing, when compliant). */
async function stillPlanned(sim: SimulatedAccount): Promise<string[]> {
  const clients = simulatedClients(sim);
  const planned = await Promise.all(REGIONS.map(async (region) => {
    const ctx = { accountId: sim.state.accountId, partition: 'aws', region, dryRun: false, aws: clients.forRegion(region), provided };
    return step.plan(await step.observe(ctx), step.inputs!.schema.parse({}), ctx).changes.map((c) => `${region}: ${c.summary}`);
  }));
  return planned.flat();
}

describe('security-hub: a lost answer after Security Hub made the change', async () => {
  // The same run without faults: what every faulted run must end in.
  const clean = new SimulatedAccount(freshAccountState());
  const cleanRun = await run(clean);

  for (const action of APPLY_CALLS) {
    for (const [faultName, fault, clientOptions] of lostAnswers) {
      it(`apply, ${action} answered by ${faultName}: compliant, made once, one undo record per change`, async () => {
        const sim = new SimulatedAccount(freshAccountState());
        sim.inject({ service: 'securityhub', action, ...fault });
        const { report, undoLogPath } = await run(sim, clientOptions);
        expect(faultFired(sim, action)).toBe(true);
        expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
        expect(report.exitCode).toBe(0);
        expect(kinds(undoLogPath)).toEqual(kinds(cleanRun.undoLogPath));
        expect(securityHubOf(sim.state)).toEqual(securityHubOf(clean.state));
        expect(await stillPlanned(sim)).toEqual([]);
      });
    }
  }

  for (const action of UNDO_CALLS) {
    for (const [faultName, fault, clientOptions] of lostAnswers) {
      it(`undo, ${action} answered by ${faultName}: the account is back where it started`, async () => {
        const sim = new SimulatedAccount(freshAccountState());
        const start = securityHubOf(sim.state);
        const { undoLogPath } = await run(sim);
        sim.inject({ service: 'securityhub', action, ...fault });
        const { report } = await undoAgainst(sim, undoLogPath, { allSteps: STEPS, clientOptions });
        expect(faultFired(sim, action)).toBe(true);
        expect(report.results.filter((r) => r.step === 'security-hub' && r.status !== 'undone')).toEqual([]);
        expect(securityHubOf(sim.state)).toEqual(start);
      });
    }
  }
});

describe('security-hub: what appeared while a create was lost is not taken for ours', () => {
  it('a hub enabled meanwhile by someone else, with the default standards: a clear error, not adopted', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const aws = simulatedClients(sim).forRegion('eu-west-1');
    const { client, sdk } = await aws.use('securityhub');
    await client.send(new sdk.EnableSecurityHubCommand({ ControlFindingGenerator: 'STANDARD_CONTROL' }));
    // This run's request is lost before it arrives (a 500), and what is there is not what it asked.
    sim.inject({ service: 'securityhub', action: 'EnableSecurityHub', code: 'InternalException', status: 500, times: 1 });
    const ctx = { accountId: sim.state.accountId, partition: 'aws', region: 'eu-west-1', dryRun: false, aws };
    await expect(step.apply(ctx, { summary: '', before: null, after: null, payload: { action: 'enable-hub', standards: [] } }, { standards: [] })).rejects.toThrow(
      'Security Hub CSPM was enabled in eu-west-1 while this run was enabling it, with STANDARD_CONTROL findings and standards AWS Foundational Security Best Practices v1.0.0, CIS AWS Foundations Benchmark v1.2.0: not what this run asked for, so it is left alone.',
    );
    expect(sim.calls.filter((c) => c.action === 'EnableSecurityHub').map((c) => c.error)).toEqual([undefined, 'InternalException']);
  });
});
