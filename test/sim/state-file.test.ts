/**
 * The demo's state file is made again only in the regions the calls since the last save reached:
 * after every change of a full run and of its undo, it is exactly what writing the whole state
 * would give.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { openDemoAccount } from '../../src/sim/demo.js';
import { RegionTracker, StateFileWriter } from '../../src/sim/state-file.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, tempDir, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

describe('the demo state file', () => {
  it('after every change of a full run and its undo, is the whole state as JSON, though most saves remake one or two regions', async () => {
    const tracker = new RegionTracker();
    const writer = new StateFileWriter(join(tempDir(), 'unused.json'));
    const remade: number[] = [];
    const mismatches: string[] = [];
    const sim: SimulatedAccount = new SimulatedAccount(freshAccountState(), {
      regionTracker: tracker,
      onChange: (changed) => {
        const touched = tracker.take();
        remade.push(touched === 'all' ? Object.keys(changed.regional).length : touched.size);
        const call = sim.calls.at(-1)!;
        if (writer.bytes(changed, touched).toString() !== JSON.stringify(changed)) mismatches.push(`${call.service}:${call.action} in ${call.region}`);
      },
    });
    const { report, undoLogPath } = await runAgainst(sim, { config });
    expect(report.exitCode).toBe(0);
    const undone = await undoAgainst(sim, undoLogPath);
    expect(undone.report.results.filter((r) => r.status === 'failed')).toEqual([]);

    expect(mismatches).toEqual([]);
    expect(remade.length).toBeGreaterThan(300);
    // The point of it: a typical save remakes a region or two, not all seventeen.
    const sorted = [...remade].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(2);
  });

  it('a region changed by a read (a detector leaving CREATING) or listed by a call is remade at the next save', () => {
    const state = freshAccountState();
    const tracker = new RegionTracker();
    const writer = new StateFileWriter(join(tempDir(), 'unused.json'));
    expect(writer.bytes(state, tracker.take()).toString()).toBe(JSON.stringify(state));
    // Reached through the regions object, as a handler does: noted, and remade.
    tracker.during(state, () => {
      state.regional['eu-west-1']!.detectors.push({ DetectorId: 'd-1' } as never);
    });
    expect(writer.bytes(state, tracker.take()).toString()).toBe(JSON.stringify(state));
    // Changed behind the tracker's back: the kept JSON is used, which is how a missed region would show.
    state.regional['eu-west-2']!.detectors.push({ DetectorId: 'd-2' } as never);
    expect(writer.bytes(state, tracker.take()).toString()).not.toBe(JSON.stringify(state));
    // A call that lists every region makes every region new again.
    tracker.during(state, () => Object.keys(state.regional).length);
    expect(writer.bytes(state, tracker.take()).toString()).toBe(JSON.stringify(state));
    // A region removed and one added.
    tracker.during(state, () => {
      delete state.regional['eu-west-1'];
      state.regional['xx-test-1'] = structuredClone(state.regional['us-east-1']!);
    });
    expect(writer.bytes(state, tracker.take()).toString()).toBe(JSON.stringify(state));
  });

  it('--demo writes it after each change: the file read back is the account as the run left it', async () => {
    const statePath = join(tempDir(), 'account.json');
    const sim = openDemoAccount({ statePath, reset: true });
    const { report } = await runAgainst(sim, { config });
    expect(report.undoRecords).toBeGreaterThan(100);
    expect(readFileSync(statePath, 'utf8')).toBe(JSON.stringify(sim.state));
  });
});
