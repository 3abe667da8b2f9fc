/**
 * The undo log's promise: a record is in the file the moment its change succeeds, and on disk
 * (fdatasync) before its step's next change in that region starts. fdatasync is slowed down here
 * so a next change that does not wait for it shows.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst } from '../support/wizard.js';

const events = vi.hoisted(() => [] as Array<{ kind: 'write' | 'sync start' | 'sync end'; at: number; lane?: string }>);

vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const writeSync = ((fd: number, text: unknown, ...rest: unknown[]) => {
    const written = (fs.writeSync as (...args: unknown[]) => number)(fd, text, ...rest);
    if (typeof text === 'string' && text.startsWith('{"v":1,"type":"change"')) {
      const record = JSON.parse(text) as { step: string; region: string };
      events.push({ kind: 'write', at: performance.now(), lane: `${record.step}@${record.region}` });
    }
    return written;
  }) as typeof fs.writeSync;
  const fdatasync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    events.push({ kind: 'sync start', at: performance.now() });
    setTimeout(() => fs.fdatasync(fd, (error) => {
      events.push({ kind: 'sync end', at: performance.now() });
      callback(error);
    }), 5);
  }) as typeof fs.fdatasync;
  return { ...fs, default: { ...fs, writeSync, fdatasync }, writeSync, fdatasync };
});

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

describe('undo log records on disk', () => {
  it("each record is synced before its step's next change in the region starts, one sync for many records", async () => {
    const sim = new SimulatedAccount(freshAccountState(), { lanes: true });
    const { report } = await runAgainst(sim, { config, regions: ['us-east-1', 'eu-west-1'] });
    expect(report.exitCode).toBe(0);
    const writes = events.filter((e) => e.kind === 'write');
    expect(writes.length).toBeGreaterThan(20);
    const mutating = sim.mutatingCalls();
    let checked = 0;
    for (const write of writes) {
      const next = mutating.find((call) => call.lane === write.lane && call.start > write.at);
      if (!next) continue;
      checked++;
      const synced = events.some((e) => e.kind === 'sync end' && e.at <= next.start && events.some((s) => s.kind === 'sync start' && s.at >= write.at && s.at <= e.at));
      expect(synced, `${write.lane}: a change started before the record before it was on disk`).toBe(true);
    }
    expect(checked).toBeGreaterThan(5);
    // Records written side by side share a sync.
    expect(events.filter((e) => e.kind === 'sync start').length).toBeLessThan(writes.length);
  });
});
