/**
 * guardduty when AWS makes the change and the answer is lost (a 5xx, a reset connection, a hung
 * answer): the SDK retries, and every mutating call of the step and its undo still ends with one
 * detector per region, no failure and exactly one undo record per change.
 */
import { describe, expect, it } from 'vitest';
import step, { type GuardDutyUndo } from '../../steps/guardduty.js';
import type { StepContext } from '../../src/core/step.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState, type SimState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const regions = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];
// Short enough that a hung answer times out quickly, long enough for any simulated call.
const clientOptions = { attemptTimeoutMs: 100 };

type LostAnswer = Omit<SimFault, 'service' | 'action' | 'region'>;
const timeout: LostAnswer = { code: 'InternalServerErrorException', status: 500, after: true, times: 1, hangMs: 300 };
const lostAnswers: Array<[string, LostAnswer]> = [
  ['a 500', { code: 'InternalServerErrorException', status: 500, after: true, times: 1 }],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }],
  ['a timeout', timeout],
];

/** Loses the first answer of `action` in every region. */
function loseAnswers(sim: SimulatedAccount, action: string, fault: LostAnswer): void {
  for (const region of regions) sim.inject({ service: 'guardduty', action, region, ...fault });
}

const callsOf = (sim: SimulatedAccount, action: string, region: string) => sim.calls.filter((c) => c.action === action && c.region === region);

/** The undo log's change records as region and kind, sorted. */
function recordKinds(logPath: string): string[][] {
  return readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [[r.region, r.undo.kind]] : [])).sort();
}

/** An account whose detectors were suspended in every test region. */
function suspendedDetectors(): SimState {
  const state = freshAccountState();
  regions.forEach((region, i) => {
    state.regional[region]!.detectors.push({
      DetectorId: `${i}`.repeat(32), Status: 'DISABLED', CreatedAt: '2025-06-01T00:00:00.000Z', UpdatedAt: '2025-06-01T00:00:00.000Z', FindingPublishingFrequency: 'SIX_HOURS',
      ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
    });
  });
  return state;
}

/**
 * Undoes each recorded change through the step itself, with the short attempt timeout (the
 * engine's undo helper takes no client settings, so a hung answer would wait 30 s there).
 */
async function undoEach(sim: SimulatedAccount, logPath: string): Promise<void> {
  const clients = simulatedClients(sim, clientOptions);
  for (const record of readUndoLog(logPath).records) {
    if (record.type !== 'change') continue;
    const ctx: StepContext = { accountId: sim.state.accountId, partition: 'aws', region: record.region, dryRun: false, aws: clients.forRegion(record.region) };
    // The log holds what this step wrote: its own records.
    await step.undo!(ctx, record.undo as GuardDutyUndo);
  }
}

const statusesOf = (sim: SimulatedAccount) => regions.map((region) => sim.state.regional[region]!.detectors.map((d) => d.Status));

describe('guardduty: answers lost after AWS made the change', () => {
  for (const [name, fault] of lostAnswers) {
    describe(name, () => {
      it('CreateDetector: the retry carries the same client token and gets the same detector; one detector and one record per region', async () => {
        const sim = new SimulatedAccount(freshAccountState());
        loseAnswers(sim, 'CreateDetector', fault);
        const { report, undoLogPath } = await runAgainst(sim, { steps: [step], regions, clientOptions });
        expect(report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
        expect(statusesOf(sim)).toEqual(regions.map(() => ['ENABLED']));
        for (const region of regions) {
          const creates = callsOf(sim, 'CreateDetector', region);
          // Two calls: the one whose answer was lost, and the SDK's retry, answered.
          expect(creates, region).toHaveLength(2);
          expect(creates[1]!.error, region).toBeUndefined();
          expect(new Set(creates.map((c) => (c.input as { ClientToken?: string }).ClientToken)).size, region).toBe(1);
        }
        expect(recordKinds(undoLogPath)).toEqual(regions.map((region) => [region, 'delete-detector']));
        // The record names the detector that exists.
        const ids = readUndoLog(undoLogPath).records.flatMap((r) => (r.type === 'change' ? [r.undo.detectorId] : [])).sort();
        expect(ids).toEqual(regions.map((region) => sim.state.regional[region]!.detectors[0]!.DetectorId).sort());
      });

      it('UpdateDetector (resume): the retry enables it again, harmlessly; one record per region', async () => {
        const sim = new SimulatedAccount(suspendedDetectors());
        loseAnswers(sim, 'UpdateDetector', fault);
        const { report, undoLogPath } = await runAgainst(sim, { steps: [step], regions, clientOptions });
        expect(report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
        expect(statusesOf(sim)).toEqual(regions.map(() => ['ENABLED']));
        for (const region of regions) expect(callsOf(sim, 'UpdateDetector', region), region).toHaveLength(2);
        expect(recordKinds(undoLogPath)).toEqual(regions.map((region) => [region, 'suspend-detector']));
      });

      it('undo: UpdateDetector (suspend) whose answer was lost is retried harmlessly and done', async () => {
        const sim = new SimulatedAccount(suspendedDetectors());
        const { undoLogPath } = await runAgainst(sim, { steps: [step], regions });
        loseAnswers(sim, 'UpdateDetector', fault);
        if (fault === timeout) {
          await undoEach(sim, undoLogPath);
        } else {
          const undo = await undoAgainst(sim, undoLogPath);
          expect(undo.report.results.map((r) => r.status)).toEqual(['undone', 'undone', 'undone']);
        }
        expect(statusesOf(sim)).toEqual(regions.map(() => ['DISABLED']));
        for (const region of regions) expect(callsOf(sim, 'UpdateDetector', region), region).toHaveLength(3);
      });

      it('undo: DeleteDetector whose retry finds the detector gone is done, not a failure', async () => {
        const sim = new SimulatedAccount(freshAccountState());
        const { undoLogPath } = await runAgainst(sim, { steps: [step], regions });
        loseAnswers(sim, 'DeleteDetector', fault);
        if (fault === timeout) {
          await undoEach(sim, undoLogPath);
        } else {
          const undo = await undoAgainst(sim, undoLogPath);
          expect(undo.report.results.map((r) => r.status)).toEqual(['undone', 'undone', 'undone']);
          expect((await undoAgainst(sim, undoLogPath)).output).toMatch(/Nothing to undo/);
        }
        expect(statusesOf(sim)).toEqual(regions.map(() => []));
        for (const region of regions) {
          expect(callsOf(sim, 'DeleteDetector', region).map((c) => c.error).slice(1), region).toEqual(['BadRequestException']);
        }
      });
    });
  }

  it('undo: a DeleteDetector refused while the detector is still there is a failure, not taken as done', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [step], regions: ['eu-west-1'] });
    sim.inject({ service: 'guardduty', action: 'DeleteDetector', code: 'BadRequestException', message: 'The request is rejected because the detector is in use.' });
    const undo = await undoAgainst(sim, undoLogPath);
    expect(undo.report.results.map((r) => r.status)).toEqual(['failed']);
    expect(sim.state.regional['eu-west-1']!.detectors).toHaveLength(1);
  });
});
