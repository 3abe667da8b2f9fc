/**
 * A kill between AWS accepting a change and its record reaching the log loses that one record.
 * The random kills in kill.test.ts land in that window only by chance; here every kind of
 * record is dropped on purpose, one at a time, and undo must still take back everything else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog, type ChangeRecord } from '../../src/undo/log.js';
import { comparable, differences } from '../support/state.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, tempDir, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;
const REGIONS = ['us-east-1', 'eu-west-1'];

/**
 * Resources a lost change keeps in use, which AWS will not let undo remove: a Config recorder
 * left running keeps Config's service-linked role (IAM refuses to delete a role in use).
 */
const KEPT_IN_USE: Readonly<Record<string, readonly string[]>> = {
  'aws-config delete-recorder': ['iam.roles.AWSServiceRoleForConfig'],
};

describe('a change whose undo record was lost', async () => {
  const start = freshAccountState();
  const sim = new SimulatedAccount(structuredClone(start));
  const { undoLogPath } = await runAgainst(sim, { config, regions: REGIONS });
  const after = sim.state;
  const lines = readFileSync(undoLogPath, 'utf8').split('\n').filter(Boolean);
  const changes = readUndoLog(undoLogPath).records.filter((r): r is ChangeRecord => r.type === 'change');
  // One record of each kind (the same kind in another region is undone the same way).
  const kinds = new Map(changes.map((r) => [`${r.step} ${r.undo.kind}`, r] as const));

  it('covers every step that changes something', () => {
    expect(new Set(changes.map((r) => r.step)).size).toBeGreaterThanOrEqual(10);
  });

  for (const [kind, lost] of kinds) {
    it(`${kind}: a rerun changes nothing, and undo takes back everything but that change`, async () => {
      const account = new SimulatedAccount(structuredClone(after));
      const log = join(tempDir(), 'lost.jsonl');
      // As the log would be had that record never been written: the chain links what was.
      writeFileSync(log, rechained(lines.filter((line) => !line.includes(`"id":"${lost.id}"`))).map((line) => `${line}\n`).join(''));
      expect(readUndoLog(log).records).toHaveLength(lines.length - 1);

      const rerun = await runAgainst(account, { config, regions: REGIONS });
      expect(rerun.report.exitCode).toBe(0);
      expect(account.mutatingCalls()).toEqual([]);

      const { report } = await undoAgainst(account, log);
      expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
      // What the lost change keeps in use stays too, and undo says so (action needed).
      const keptInUse = KEPT_IN_USE[kind] ?? [];
      for (const path of keptInUse) expect(report.results.some((r) => r.status === 'action needed' && r.detail!.includes(path.split('.').at(-1)!)), path).toBe(true);
      // What is left is the lost change's own resource, nothing else (the phone cannot be put back: documented).
      const left = new Set(
        differences(comparable(account.state), comparable(start))
          .filter((path) => path !== 'account.contactInformation.PhoneNumber' && !keptInUse.includes(path.split('.').slice(0, 3).join('.')))
          .map((path) => path.split('.').slice(0, 3).join('.')),
      );
      expect(left.size, `left over: ${[...left].join(', ')}`).toBeLessThanOrEqual(1);
    });
  }
});
