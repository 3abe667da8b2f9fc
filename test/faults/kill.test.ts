/**
 * SIGKILL at random points of a real CLI run (the built artefact, against the demo account's
 * state file): the undo log's complete lines are all valid, a second run finishes what is
 * left without doing anything twice, and undo puts the account back.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { openDemoAccount } from '../../src/sim/demo.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { CLI } from '../support/cli.js';
import { comparable, differences } from '../support/state.js';
import { runAgainst, tempDir, undoAgainst } from '../support/wizard.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml');
const config = loadConfigFile(EXAMPLE).sections;
const KILLS = 20;

/** A small seeded generator, so the kill points are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Runs the CLI and kills it with SIGKILL once the undo log holds `afterLines` lines plus a
 * further `extraMs` (so the kill lands between, or in the middle of, changes).
 */
function killedRun(statePath: string, logPath: string, afterLines: number, extraMs: number): Promise<void> {
  return new Promise((resolve) => {
    const home = tempDir();
    const child = spawn(process.execPath, [CLI, '--demo', '--demo-state', statePath, '--demo-reset', '--demo-latency', '10', '--yes', '--config', EXAMPLE, '--undo-log', logPath], {
      env: { PATH: process.env.PATH, HOME: home, AWS_BOOTSTRAP_HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: 'ignore',
    });
    const watch = setInterval(() => {
      const lines = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').length - 1 : 0;
      if (lines >= afterLines) {
        clearInterval(watch);
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    }, 2);
    child.on('exit', () => {
      clearInterval(watch);
      resolve();
    });
  });
}

const changesIn = (path: string) => (existsSync(path) ? readUndoLog(path).records.filter((r) => r.type === 'change') : []);
const changeCount = (path: string) => changesIn(path).length;
/** A change as its unit of work and summary (resource ids made alike: they are handed out in completion order). */
const changeKey = (record: object) => {
  const { step, region, summary } = record as Record<string, string>;
  return { lane: `${step}@${region}`, key: `${step}@${region}: ${summary.replace(/\b[a-z]+-[0-9a-f]{8,17}\b|\b[0-9a-f]{32}\b/g, '#')}` };
};

/**
 * What two runs recorded against what one clean run records: the changes neither recorded (AWS
 * accepted them, or the first of their calls, but the kill came before the record) and the ones
 * only they recorded (the rest of a change the kill cut in two, finished by the second run).
 */
function againstCleanRun(cleanLog: string, logs: readonly string[]) {
  const missing = changesIn(cleanLog).map(changeKey);
  const extra: ReturnType<typeof changeKey>[] = [];
  for (const change of logs.flatMap(changesIn).map(changeKey)) {
    const at = missing.findIndex((m) => m.key === change.key);
    if (at >= 0) missing.splice(at, 1);
    else extra.push(change);
  }
  return { missing, extra };
}

describe(`SIGKILL at ${KILLS} points of a full --yes run`, async () => {
  const cleanLog = join(tempDir(), 'clean.jsonl');
  const expected = (await runAgainst(openDemoAccount({ statePath: join(tempDir(), 's.json'), reset: true }), { config, undoLogPath: cleanLog })).report.undoRecords;
  const start = comparable(freshAccountState());

  const random = seeded(20261123);
  // The log's first line is the run header; change records follow it.
  const points = Array.from({ length: KILLS }, () => ({ afterLines: 1 + Math.floor(random() * expected), extraMs: Math.floor(random() * 15) }));
  for (const [i, { afterLines, extraMs }] of points.entries()) {
    it(`kill #${i + 1} after ${afterLines - 1} recorded change(s) + ${extraMs} ms`, async () => {
      const dir = tempDir();
      const statePath = join(dir, 'account.json');
      const firstLog = join(dir, 'first.jsonl');
      await killedRun(statePath, firstLog, afterLines, extraMs);
      // Killed before the demo account file was written: nothing can have changed.
      if (!existsSync(statePath)) expect(existsSync(firstLog)).toBe(false);

      // Every complete line is a valid record; at most the last one is torn.
      const first = existsSync(firstLog) ? readUndoLog(firstLog) : { records: [], tornLines: [] };
      expect(first.tornLines.length).toBeLessThanOrEqual(1);

      // A second run converges: it finishes what is left and repeats nothing.
      const sim = openDemoAccount({ statePath, reset: false });
      const secondLog = join(dir, 'second.jsonl');
      const second = await runAgainst(sim, { config, undoLogPath: secondLog });
      expect(second.report.exitCode).toBe(0);
      const recorded = changeCount(firstLog) + changeCount(secondLog);
      // Changes AWS accepted whose record the kill cut off are not redone, so they are missing here.
      const lost = expected - recorded;
      expect(lost).toBeGreaterThanOrEqual(0);
      // Only changes in flight at the kill: a unit of work (a step in a region) makes its changes
      // one after another, each recorded before the next starts, so it has at most one missing
      // (log-alarms makes its alarms side by side: each may be in flight). Steps that do not
      // depend on each other run side by side, so several units may have one.
      const { missing, extra } = againstCleanRun(cleanLog, [firstLog, secondLog]);
      const lanes = missing.map((m) => m.lane);
      const oneAtATime = lanes.filter((lane) => !lane.startsWith('log-alarms@'));
      expect(oneAtATime.filter((lane, i) => oneAtATime.indexOf(lane) !== i), 'units of work with more than one change missing').toEqual([]);
      expect(missing.length - extra.length).toBe(lost);
      // A change recorded only by these runs is the rest of one cut in two, in the same unit.
      expect(extra.filter((e) => !lanes.includes(e.lane)), 'recorded, but not by a clean run').toEqual([]);

      // Undo both runs, newest first: the account is as it started, apart from documented differences.
      const leftForAPerson: string[] = [];
      for (const log of [secondLog, firstLog].filter(existsSync)) {
        const { report } = await undoAgainst(sim, log);
        expect(report.results.filter((r) => r.status === 'failed'), log).toEqual([]);
        leftForAPerson.push(...report.results.flatMap((r) => (r.status === 'action needed' ? [r.detail ?? ''] : [])));
      }
      // One resource per missing change (a default VPC shows as its VPC and its gateway: one resource),
      // besides what undo reported as left for a person (a role the lost change keeps in use).
      const reported = (path: string) => leftForAPerson.some((detail) => detail.includes(path.split('.').at(-1)!));
      const resources = new Set(
        differences(comparable(sim.state), start)
          .filter((path) => path !== 'account.contactInformation.PhoneNumber')
          .filter((path) => !reported(path.split('.').slice(0, 3).join('.')))
          .map((path) => path.split('.').slice(0, 3).join('.')),
      );
      expect(resources.size, `left over after undo: ${[...resources].join(', ')}`).toBeLessThanOrEqual(missing.length);
    });
  }
});
