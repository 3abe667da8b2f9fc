/**
 * access-analyzer when AWS makes the change and the answer is lost (a 5xx, a reset connection, a
 * hung answer): the SDK retries, and every mutating call of the step and its undo still ends with
 * one analyzer per region, no failure and exactly one undo record per change.
 */
import { describe, expect, it } from 'vitest';
import step, { type AccessAnalyzerUndo } from '../../steps/access-analyzer.js';
import type { StepContext } from '../../src/core/step.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const regions = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];
const config = { 'access-analyzer': { name: 'account-analyzer' } };
// Short enough that a hung answer times out quickly, long enough for any simulated call.
const clientOptions = { attemptTimeoutMs: 100 };

type LostAnswer = Omit<SimFault, 'service' | 'action' | 'region'>;
const timeout: LostAnswer = { code: 'InternalServerException', status: 500, after: true, times: 1, hangMs: 300 };
const lostAnswers: Array<[string, LostAnswer]> = [
  ['a 500', { code: 'InternalServerException', status: 500, after: true, times: 1 }],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }],
  ['a timeout', timeout],
];

/** Loses the first answer of `action` in every region. */
function loseAnswers(sim: SimulatedAccount, action: string, fault: LostAnswer): void {
  for (const region of regions) sim.inject({ service: 'accessanalyzer', action, region, ...fault });
}

const callsOf = (sim: SimulatedAccount, action: string, region: string) => sim.calls.filter((c) => c.action === action && c.region === region);

/**
 * Undoes each recorded change through the step itself, with the short attempt timeout (the
 * engine's undo helper takes no client settings, so a hung answer would wait 30 s there).
 */
async function undoEach(sim: SimulatedAccount, logPath: string): Promise<void> {
  const clients = simulatedClients(sim, clientOptions);
  for (const record of changeRecords(logPath)) {
    const ctx: StepContext = { accountId: sim.state.accountId, partition: 'aws', region: record.region, dryRun: false, aws: clients.forRegion(record.region) };
    // The log holds what this step wrote: its own records.
    await step.undo!(ctx, record.undo as AccessAnalyzerUndo);
  }
}

function changeRecords(logPath: string) {
  return readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [r] : []));
}

describe('access-analyzer: answers lost after AWS made the change', () => {
  for (const [name, fault] of lostAnswers) {
    describe(name, () => {
      it('CreateAnalyzer: the retry carries the same client token and gets the same analyzer; one analyzer and one record per region', async () => {
        const sim = new SimulatedAccount(freshAccountState());
        loseAnswers(sim, 'CreateAnalyzer', fault);
        const { report, undoLogPath } = await runAgainst(sim, { steps: [step], regions, config, clientOptions });
        expect(report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
        for (const region of regions) {
          expect(sim.state.regional[region]!.analyzers.map((a) => a.name), region).toEqual(['account-analyzer']);
          const creates = callsOf(sim, 'CreateAnalyzer', region);
          // Two calls: the one whose answer was lost, and the SDK's retry, answered.
          expect(creates.map((c) => c.error ?? 'ok').at(-1), region).toBe('ok');
          expect(creates, region).toHaveLength(2);
          expect(new Set(creates.map((c) => (c.input as { clientToken?: string }).clientToken)).size, region).toBe(1);
        }
        expect(changeRecords(undoLogPath).map((r) => [r.region, r.undo.kind]).sort()).toEqual(regions.map((region) => [region, 'delete-analyzer']));
      });

      it('DeleteAnalyzer of a failed analyzer: the retry finds it gone and counts it done; replaced once, each change recorded once', async () => {
        const state = freshAccountState();
        for (const region of regions) {
          state.regional[region]!.analyzers.push({
            arn: `arn:aws:access-analyzer:${region}:123456789012:analyzer/broken`, name: 'broken', type: 'ACCOUNT', status: 'FAILED', createdAt: '2025-06-01T00:00:00.000Z',
          });
        }
        const sim = new SimulatedAccount(state);
        loseAnswers(sim, 'DeleteAnalyzer', fault);
        const { report, undoLogPath } = await runAgainst(sim, { steps: [step], regions, config, clientOptions });
        expect(report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
        for (const region of regions) {
          expect(sim.state.regional[region]!.analyzers.map((a) => a.name), region).toEqual(['account-analyzer']);
          expect(callsOf(sim, 'DeleteAnalyzer', region).map((c) => c.error).slice(1), region).toEqual(['ResourceNotFoundException']);
        }
        expect(changeRecords(undoLogPath).map((r) => r.undo.kind).sort()).toEqual([...regions.map(() => 'delete-analyzer'), ...regions.map(() => 'recreate-failed-analyzer')]);
      });

      it('undo: DeleteAnalyzer whose retry finds the analyzer gone is done, not a failure', async () => {
        const sim = new SimulatedAccount(freshAccountState());
        const { undoLogPath } = await runAgainst(sim, { steps: [step], regions, config });
        loseAnswers(sim, 'DeleteAnalyzer', fault);
        if (fault === timeout) {
          await undoEach(sim, undoLogPath);
        } else {
          const undo = await undoAgainst(sim, undoLogPath);
          expect(undo.report.results.map((r) => [r.region, r.status]).sort()).toEqual(regions.map((region) => [region, 'undone']));
          // Recorded as undone: a second undo has nothing left to do.
          expect((await undoAgainst(sim, undoLogPath)).output).toMatch(/Nothing to undo/);
        }
        for (const region of regions) {
          expect(sim.state.regional[region]!.analyzers, region).toEqual([]);
          expect(callsOf(sim, 'DeleteAnalyzer', region).map((c) => c.error).slice(1), region).toEqual(['ResourceNotFoundException']);
        }
      });
    });
  }
});
