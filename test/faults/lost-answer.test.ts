/**
 * Faults after the change: AWS made it, and the answer was lost (a 5xx, a reset connection, a
 * hung answer). For every kind of mutating call a full run and its undo make, lose the first
 * answer of that kind, with eventually consistent IAM and S3 Control reads on as well: the run
 * still ends compliant, nothing is made twice, and the undo log holds exactly one record per
 * change; the undo still takes everything back.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount, type SimCall, type SimFault, type SimOptions } from '../../src/sim/account.js';
import { freshAccountState, type SimState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { comparable } from '../support/state.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;
const consistency: SimOptions['consistency'] = { services: ['iam', 's3control'], staleReads: 2 };

/** The simulation's own bookkeeping (idempotency tokens, reads until an analyzer is ACTIVE). */
const bookkeeping = new Set(['createdWith', 'readsWhileCreating', 'readsLeft']);

/** States AWS passes through on its own after a create (counted in reads by the simulation): taken as done. */
const settling: Readonly<Record<string, readonly [string, string]>> = { status: ['CREATING', 'ACTIVE'], StandardsStatus: ['PENDING', 'READY'] };

/**
 * The account with ids, times and bookkeeping blanked, and resources AWS is still setting up
 * counted as made: two accounts with the same resources compare equal, a duplicate does not.
 */
function shape(state: Partial<SimState>): unknown {
  const { nextId: _nextId, ...rest } = state;
  return JSON.parse(
    JSON.stringify(rest, (key, value: unknown) => {
      if (bookkeeping.has(key)) return undefined;
      if (settling[key]?.[0] === value) return settling[key][1];
      return typeof value === 'string'
        ? value.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/[0-9a-f]{8,}/g, '<id>').replace(/[\w-]*<id>[\w-]*/g, '<id>')
        : value;
    }),
  );
}

/** What a run's undo log holds: change kinds per step and region, sorted. */
function recordKinds(logPath: string): string[] {
  return readUndoLog(logPath)
    .records.flatMap((r) => (r.type === 'change' ? [`${r.step}@${r.region} ${r.undo.kind}`] : []))
    .sort();
}

const kindOf = (call: SimCall) => `${call.service}:${call.action}`;

/** Whether the fault hit: a hung call ends (with its error) only after the client gave up on it. */
async function lostAnAnswer(sim: SimulatedAccount, kind: string): Promise<boolean> {
  for (let waited = 0; waited < 2000 && sim.calls.some((c) => c.end === undefined); waited += 20) await new Promise((r) => setTimeout(r, 20));
  return sim.calls.some((c) => kindOf(c) === kind && c.error);
}
const mutatingKinds = (calls: readonly SimCall[]) => [...new Set(calls.filter((c) => c.mutating).map(kindOf))].sort();

/** Three ways an answer is lost, taken in turn so every kind meets one of them. */
const lostAnswers: ReadonlyArray<Omit<SimFault, 'service' | 'action'>> = [
  { code: 'InternalFailure', status: 500, after: true, times: 1 },
  { code: 'ECONNRESET', after: true, times: 1 },
  { code: 'InternalFailure', status: 500, after: true, times: 1, hangMs: 300 },
];

describe('answers lost after AWS made the change', async () => {
  // The reference: a clean run and a clean undo, with the same reads lagging.
  const clean = new SimulatedAccount(freshAccountState(), { consistency });
  const cleanRun = await runAgainst(clean, { config });
  const cleanState = shape(clean.state);
  const cleanRecords = recordKinds(cleanRun.undoLogPath);
  const applyKinds = mutatingKinds(clean.calls);
  const applied = clean.calls.length;
  clean.settle();
  const cleanUndo = await undoAgainst(clean, cleanRun.undoLogPath);
  const undoKinds = mutatingKinds(clean.calls.slice(applied));
  // After undo: compared without the logs undo keeps on purpose (see comparable).
  const undoneState = shape(comparable(clean.state));

  it('the clean reference run and undo are themselves complete', () => {
    expect(cleanRun.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(cleanUndo.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    // Back to the start, but for the phone number's prefix, which the Account API cannot take back.
    const start = freshAccountState();
    start.account.contactInformation.PhoneNumber = clean.state.account.contactInformation.PhoneNumber;
    expect(undoneState).toEqual(shape(comparable(start)));
  });

  applyKinds.forEach((kind, i) => {
    const fault = lostAnswers[i % lostAnswers.length]!;
    it(`apply, ${kind}, ${fault.code}${fault.hangMs ? ' (hung)' : ''}`, async () => {
      const [service, action] = kind.split(':') as [SimFault['service'], string];
      const sim = new SimulatedAccount(freshAccountState(), { consistency, faults: [{ service, action, ...fault }] });
      const { report, undoLogPath } = await runAgainst(sim, { config, clientOptions: { attemptTimeoutMs: 100 } });
      expect(await lostAnAnswer(sim, kind)).toBe(true);
      expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
      expect(shape(sim.state)).toEqual(cleanState);
      expect(recordKinds(undoLogPath)).toEqual(cleanRecords);
    });
  });

  undoKinds.forEach((kind, i) => {
    const fault = lostAnswers[i % lostAnswers.length]!;
    it(`undo, ${kind}, ${fault.code}${fault.hangMs ? ' (hung)' : ''}`, async () => {
      const [service, action] = kind.split(':') as [SimFault['service'], string];
      const sim = new SimulatedAccount(freshAccountState(), { consistency });
      const { undoLogPath } = await runAgainst(sim, { config });
      sim.settle();
      sim.inject({ service, action, ...fault });
      const { report } = await undoAgainst(sim, undoLogPath, { clientOptions: { attemptTimeoutMs: 100 } });
      expect(await lostAnAnswer(sim, kind)).toBe(true);
      expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
      expect(shape(comparable(sim.state))).toEqual(undoneState);
    });
  });
});
