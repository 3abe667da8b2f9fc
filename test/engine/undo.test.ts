import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import s3 from '../../steps/s3-block-public-access.js';
import { InputError } from '../../src/core/errors.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { setLanguage } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

describe('undo', () => {
  it('takes a run back and records it, so a second undo does nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
    expect(sim.state.s3control.publicAccessBlock).toBeDefined();

    const first = await undoAgainst(sim, undoLogPath);
    expect(first.report.exitCode).toBe(0);
    expect(first.report.results.map((r) => r.status)).toEqual(['undone']);
    expect(sim.state.s3control.publicAccessBlock).toBeUndefined();
    expect(readUndoLog(undoLogPath).records.map((r) => r.type)).toEqual(['run', 'change', 'run', 'undone']);

    const mutating = sim.mutatingCalls().length;
    const second = await undoAgainst(sim, undoLogPath);
    expect(second.output).toMatch(/already been undone/);
    expect(sim.mutatingCalls().length).toBe(mutating);
  });

  it('restores a previous value rather than deleting', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const previous = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    sim.state.s3control.publicAccessBlock = { ...previous };
    const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
    await undoAgainst(sim, undoLogPath);
    expect(sim.state.s3control.publicAccessBlock).toEqual(previous);
  });

  it('dry run previews with zero mutating calls and exit 2', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
    const before = sim.mutatingCalls().length;
    const { report } = await undoAgainst(sim, undoLogPath, { dryRun: true });
    expect(report.exitCode).toBe(2);
    expect(report.results[0]!.status).toBe('would undo');
    expect(sim.mutatingCalls().length).toBe(before);
  });

  it('skips a change whose resource was changed since, unless forced', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
    sim.state.s3control.publicAccessBlock!.BlockPublicAcls = false;
    const { report } = await undoAgainst(sim, undoLogPath);
    expect(report.results[0]).toMatchObject({ status: 'skipped' });
    expect(report.results[0]!.detail).toMatch(/changed since.*--force/);
    expect(sim.state.s3control.publicAccessBlock).toBeDefined();
    const forced = await undoAgainst(sim, undoLogPath, { force: true });
    expect(forced.report.results[0]!.status).toBe('undone');
    expect(sim.state.s3control.publicAccessBlock).toBeUndefined();
  });

  it('refuses a log written for another account', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
    const other = new SimulatedAccount(freshAccountState({ accountId: '210987654321' }));
    await expect(undoAgainst(other, undoLogPath)).rejects.toThrow(/account 123456789012, but you are signed in to 210987654321/);
    expect(other.mutatingCalls()).toEqual([]);
  });

  it('tolerates a torn last line and refuses a malformed line in the middle', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
    appendFileSync(undoLogPath, '{"v":1,"type":"change","id":"x');
    const torn = await undoAgainst(sim, undoLogPath);
    expect(torn.output).toMatch(/1 line of the log is incomplete/);
    // The torn line stays readable after a later run appended behind it.
    expect(readUndoLog(undoLogPath).tornLines).toHaveLength(1);
    expect(torn.report.results[0]!.status).toBe('undone');

    const lines = readFileSync(undoLogPath, 'utf8').split('\n');
    lines.splice(1, 0, '{"hand": "edited"}');
    writeFileSync(undoLogPath, lines.join('\n'));
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(InputError);
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(/line 2: not an aws-bootstrap record/);
  });
});

describe('undo in Japanese', () => {
  it('previews, takes back and sums up in Japanese; the records and statuses stay as they are', async () => {
    setLanguage('ja');
    try {
      const sim = new SimulatedAccount(freshAccountState());
      const { undoLogPath } = await runAgainst(sim, { steps: [s3] });
      const { report, output } = await undoAgainst(sim, undoLogPath);
      expect(output).toContain(`取り消しログ ${undoLogPath}`);
      expect(output).toContain('元に戻す変更 1 件 (新しい順):');
      expect(output).toMatch(/ {2}↶ .+ {2}s3-block-public-access、記録 \d{4}-/);
      expect(output).toMatch(/まとめ\n {2}s3-block-public-access +アカウント +↶ 取り消し済み/);
      expect(output).toContain('取り消し済み 1 件、失敗 0 件');
      expect(englishLeft(output)).toEqual([]);
      expect(report.results.map((r) => r.status)).toEqual(['undone']);
      expect(readUndoLog(undoLogPath).records.map((r) => r.type)).toEqual(['run', 'change', 'run', 'undone']);

      const again = await undoAgainst(sim, undoLogPath);
      expect(again.output).toContain('元に戻すものはありません: このログの変更はすべて取り消し済みです。');
      const other = new SimulatedAccount(freshAccountState({ accountId: '210987654321' }));
      await expect(undoAgainst(other, undoLogPath)).rejects.toThrow(/アカウント 123456789012 への変更を記録していますが、サインインしているのは 210987654321 です/);
    } finally {
      setLanguage('en');
    }
  });
});
