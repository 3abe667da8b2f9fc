/**
 * The undo log cannot be turned against the account (issue 15), shown on a full run's log (all
 * 25 steps): a line edited by hand, removed or moved is refused before any change, naming the
 * line, even with --force; a log edited by someone who also recomputed the checksums (they are
 * tamper evidence, not a signature) to name a role someone else made gets past the chain, but
 * undo leaves that role alone, as it lacks the run's tag, and deletes nothing this run did not
 * create; --force still undoes what was changed since; a log cut off mid-line by a crash still
 * undoes everything else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState, type SimState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, tempDir, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;
const ADMIN_ROLE = 'AdministratorAccessWithMFA';
/** Someone else's role, made after the run, that an edited log names. */
const FOREIGN_ROLE = 'OpsRole';

type Result = { step: string; region?: string; title: string; status: string; detail?: string };
const rows = (results: readonly Result[]) => results.map((r) => `${r.step} ${r.region ?? ''} ${r.title}: ${r.status}`);
const write = (path: string, lines: readonly string[]) => writeFileSync(path, lines.map((line) => `${line}\n`).join(''));

describe('a full run\'s undo log, tampered with', async () => {
  const ran = new SimulatedAccount(freshAccountState());
  const { undoLogPath, report } = await runAgainst(ran, { config });
  const afterRun: SimState = structuredClone(ran.state);
  const lines = readFileSync(undoLogPath, 'utf8').split('\n').filter(Boolean);
  /** The index of the line whose undo deletes the admin role. */
  const roleLine = lines.findIndex((line) => (JSON.parse(line) as { undo?: { kind?: string } }).undo?.kind === 'delete-role');

  /** The account as the run left it (with someone else's role beside the run's), and the log to undo, written as `lines`. */
  async function accountAndLog(logLines: readonly string[], { withPolicy = true } = {}) {
    const sim = new SimulatedAccount(structuredClone(afterRun));
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    // The same trust policy as the run's role: only the missing tag tells them apart.
    await client.send(new sdk.CreateRoleCommand({ RoleName: FOREIGN_ROLE, AssumeRolePolicyDocument: afterRun.iam.roles[ADMIN_ROLE]!.AssumeRolePolicyDocument }));
    if (withPolicy) await client.send(new sdk.AttachRolePolicyCommand({ RoleName: FOREIGN_ROLE, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    sim.settle();
    const path = join(tempDir(), 'undo.jsonl');
    write(path, logLines);
    return { sim, path, foreign: structuredClone(sim.state.iam.roles[FOREIGN_ROLE]!), before: sim.mutatingCalls().length };
  }

  /** The log with the admin role's delete record naming someone else's role. */
  const naming = (role: string) => lines.map((line, i) => {
    if (i !== roleLine) return line;
    const record = JSON.parse(line) as { undo: { roleName: string } };
    record.undo.roleName = role;
    return JSON.stringify(record);
  });

  // The undo of the log as written: what every tampered case is compared with.
  const clean = await accountAndLog(lines);
  const cleanUndo = await undoAgainst(clean.sim, clean.path);

  it('the run and its clean undo: every step ran, and the log holds its changes, chained', () => {
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(lines.length).toBeGreaterThan(200);
    expect(roleLine).toBeGreaterThan(1);
    expect(readUndoLog(clean.path).chained).toBe(true);
    expect(cleanUndo.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(clean.sim.state.iam.roles[ADMIN_ROLE]).toBeUndefined();
  });

  it('a name edited by hand: refused at that line before any change, even with --force', async () => {
    for (const force of [false, true]) {
      const { sim, path, before } = await accountAndLog(naming(FOREIGN_ROLE));
      await expect(undoAgainst(sim, path, { force })).rejects.toThrow(`line ${roleLine + 1}: its content does not match its checksum (the line was edited). Undo refuses a log that was changed after it was written; nothing was undone.`);
      expect(sim.mutatingCalls()).toHaveLength(before);
    }
  });

  it('a name edited and the checksums recomputed: someone else\'s role is left alone ("not created by this run"), everything else is undone', async () => {
    const { sim, path, foreign, before } = await accountAndLog(rechained(naming(FOREIGN_ROLE)));
    const { report: undone } = await undoAgainst(sim, path);
    const tampered = undone.results.find((r) => r.status !== cleanUndo.report.results.find((c) => c.title === r.title && c.region === r.region)?.status);
    expect(tampered).toMatchObject({ step: 'admin-group-and-role', status: 'skipped', detail: `the role ${FOREIGN_ROLE} was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway` });
    // Every other change as in the clean undo.
    expect(rows(undone.results).filter((row) => !row.includes(tampered!.title))).toEqual(rows(cleanUndo.report.results).filter((row) => !row.includes(tampered!.title)));
    // Nothing deleted that this run did not create: the foreign role is as it was, and no call named it.
    expect(sim.state.iam.roles[FOREIGN_ROLE]).toEqual(foreign);
    expect(sim.mutatingCalls().slice(before).filter((c) => JSON.stringify(c.input).includes(FOREIGN_ROLE))).toEqual([]);
    // The run's own role stays too: its record now names another (its policy, another record, was detached).
    expect(sim.state.iam.roles[ADMIN_ROLE]!.attachedPolicies).toEqual([]);
  });

  it('--force still works: it undoes what a plain undo skips, the foreign role included (as the skip said)', async () => {
    // (Without a policy of its own: IAM refuses to delete a role with one attached, forced or not.)
    const { sim, path } = await accountAndLog(rechained(naming(FOREIGN_ROLE)), { withPolicy: false });
    const plain = await undoAgainst(sim, path);
    expect(plain.report.results.filter((r) => r.status === 'skipped').map((r) => r.detail)).toContain(`the role ${FOREIGN_ROLE} was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway`);
    const forced = await undoAgainst(sim, path, { force: true });
    expect(forced.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(forced.report.results.find((r) => r.step === 'admin-group-and-role' && r.status === 'undone')).toBeDefined();
    expect(sim.state.iam.roles[FOREIGN_ROLE]).toBeUndefined();
  });

  it('lines moved: refused at the first line out of order, nothing changed', async () => {
    const moved = [...lines];
    [moved[roleLine], moved[roleLine + 1]] = [moved[roleLine + 1]!, moved[roleLine]!];
    const { sim, path, before } = await accountAndLog(moved);
    await expect(undoAgainst(sim, path)).rejects.toThrow(`line ${roleLine + 1}: it does not follow from the line before it (a line before it was removed or moved)`);
    expect(sim.mutatingCalls()).toHaveLength(before);
  });

  it('a line removed from the middle: refused, naming the line after the gap, nothing changed', async () => {
    const middle = Math.floor(lines.length / 2);
    const { sim, path, before } = await accountAndLog(lines.filter((_, i) => i !== middle));
    await expect(undoAgainst(sim, path)).rejects.toThrow(`line ${middle + 1}: it does not follow from the line before it`);
    expect(sim.mutatingCalls()).toHaveLength(before);
  });

  it('a log cut off mid-line by a crash still undoes everything else', async () => {
    const { sim, path } = await accountAndLog(lines);
    const last = lines.at(-1)!;
    writeFileSync(path, `${lines.slice(0, -1).map((line) => `${line}\n`).join('')}${last.slice(0, Math.floor(last.length / 2))}`);
    const { report: undone, output } = await undoAgainst(sim, path);
    expect(output).toMatch(/1 line of the log is incomplete/);
    expect(undone.results.filter((r) => r.status === 'failed')).toEqual([]);
    // Only the change whose record was cut off is missing from the undo.
    // (An account-wide step's record names the home region, its result row no region: either form.)
    const lost = JSON.parse(last) as { step: string; region: string; summary: string };
    const isLost = (row: string) => [`${lost.step} ${lost.region} ${lost.summary}:`, `${lost.step}  ${lost.summary}:`].some((start) => row.startsWith(start));
    expect(rows(undone.results)).toEqual(rows(cleanUndo.report.results).filter((row) => !isLost(row)));
    expect(rows(undone.results)).toHaveLength(cleanUndo.report.results.length - 1);
  });
});
