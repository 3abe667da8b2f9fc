/**
 * The undo log is tamper-evident: each line carries the hash of the line before it and of
 * itself. An edited, removed or reordered line makes undo refuse the log, naming the line,
 * before any change; a line cut off by a crash still works as before.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import s3 from '../../steps/s3-block-public-access.js';
import ebs from '../../steps/ebs-encryption-by-default.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { withLanguage } from '../../src/i18n/index.js';
import { readUndoLog } from '../../src/undo/log.js';
import { englishLeft } from '../support/english.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

/** A run with a few changes, and its log's lines. */
async function loggedRun() {
  const sim = new SimulatedAccount(freshAccountState());
  const { undoLogPath } = await runAgainst(sim, { steps: [ebs, s3], regions: REGIONS });
  const lines = readFileSync(undoLogPath, 'utf8').split('\n').filter(Boolean);
  expect(lines).toHaveLength(5);
  const mutating = sim.mutatingCalls().length;
  return { sim, undoLogPath, lines, mutating };
}

const write = (path: string, lines: readonly string[]) => writeFileSync(path, lines.map((l) => `${l}\n`).join(''));

describe('a changed undo log', () => {
  it('an intact log is chained and undoes', async () => {
    const { sim, undoLogPath } = await loggedRun();
    expect(readUndoLog(undoLogPath).chained).toBe(true);
    const { report } = await undoAgainst(sim, undoLogPath);
    expect(report.results.map((r) => r.status)).toEqual(['undone', 'undone', 'undone', 'undone']);
    // The undo's own records continue the chain.
    expect(readUndoLog(undoLogPath).records.filter((r) => r.type === 'undone')).toHaveLength(4);
  });

  it('an edited line (a value changed by hand) is refused, naming it, and nothing is undone', async () => {
    const { sim, undoLogPath, lines, mutating } = await loggedRun();
    write(undoLogPath, lines.map((line, i) => (i === 2 ? line.replace('us-east-1', 'us-west-2') : line)));
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(/line 3: its content does not match its checksum \(the line was edited\)\. Undo refuses a log that was changed/);
    expect(sim.mutatingCalls()).toHaveLength(mutating);
  });

  it('the last line edited is noticed too', async () => {
    const { sim, undoLogPath, lines } = await loggedRun();
    write(undoLogPath, [...lines.slice(0, -1), lines.at(-1)!.replace('"summary":"', '"summary":"X')]);
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(/line 5: its content does not match/);
  });

  it('a line removed from the middle is refused at the line after it', async () => {
    const { sim, undoLogPath, lines, mutating } = await loggedRun();
    write(undoLogPath, lines.filter((_, i) => i !== 2));
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(/line 3: it does not follow from the line before it \(a line before it was removed or moved\)/);
    expect(sim.mutatingCalls()).toHaveLength(mutating);
  });

  it('reordered lines are refused', async () => {
    const { sim, undoLogPath, lines } = await loggedRun();
    write(undoLogPath, [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)]);
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(/line 2: it does not follow from the line before it/);
  });

  it('a line without a checksum after chained lines is refused', async () => {
    const { sim, undoLogPath, lines } = await loggedRun();
    const bare = JSON.parse(lines[4]!) as Record<string, unknown>;
    delete bare.prev;
    delete bare.sum;
    write(undoLogPath, [...lines.slice(0, 4), JSON.stringify(bare)]);
    await expect(undoAgainst(sim, undoLogPath)).rejects.toThrow(/line 5: it has no checksum, though the lines before it do/);
  });

  it('a line cut off by a crash is still tolerated, and the next run continues the chain after it', async () => {
    const { sim, undoLogPath } = await loggedRun();
    appendFileSync(undoLogPath, '{"v":1,"type":"change","id":"x');
    const { report, output } = await undoAgainst(sim, undoLogPath);
    expect(output).toMatch(/1 line of the log is incomplete/);
    expect(report.results.every((r) => r.status === 'undone')).toBe(true);
    const log = readUndoLog(undoLogPath);
    expect(log.tornLines).toHaveLength(1);
    expect(log.chained).toBe(true);
  });

  it('a log written before records were chained is read as it is', async () => {
    const { sim, undoLogPath, lines } = await loggedRun();
    write(undoLogPath, lines.map((line) => {
      const { prev: _prev, sum: _sum, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    }));
    expect(readUndoLog(undoLogPath).chained).toBe(false);
    const { report, output } = await undoAgainst(sim, undoLogPath);
    expect(output).toMatch(/written before undo logs carried checksums/);
    expect(report.results.every((r) => r.status === 'undone')).toBe(true);
  });
});

describe('a changed undo log, in Japanese', () => {
  /** What reading the log says, in Japanese. */
  const refusal = (path: string) => {
    try {
      withLanguage('ja', () => readUndoLog(path));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the log to be refused');
  };

  it('names the line and why, and says nothing was undone', async () => {
    const { undoLogPath, lines } = await loggedRun();
    const cases: Array<[string[], string]> = [
      [lines.map((line, i) => (i === 2 ? line.replace('us-east-1', 'us-west-2') : line)), '3 行目: 内容がチェックサムと一致しません (行が編集されています)。'],
      [lines.filter((_, i) => i !== 2), '3 行目: 前の行から続いていません (前の行が削除されたか移動されています)。'],
      [[...lines.slice(0, 4), JSON.stringify({ ...(JSON.parse(lines[4]!) as object), prev: undefined, sum: undefined })], '5 行目: これより前の行にはチェックサムがあるのに、この行にはありません。'],
    ];
    for (const [changed, why] of cases) {
      write(undoLogPath, changed);
      const message = refusal(undoLogPath);
      expect(message).toBe(`取り消しログ ${undoLogPath} の ${why}書き込み後に変更されたログでは元に戻しません。何も元に戻していません。`);
      expect(englishLeft(message)).toEqual([]);
    }
  });

  it('a damaged line, a line that is not a record, a log that is not there', async () => {
    const { undoLogPath, lines } = await loggedRun();
    write(undoLogPath, [lines[0]!, '{oops', ...lines.slice(1)]);
    expect(refusal(undoLogPath)).toBe(`取り消しログ ${undoLogPath} の 2 行目: 正しい JSON ではありません。ファイルが編集されたか壊れています。その行を直すか削除してください。`);
    write(undoLogPath, [...lines, '{"type":"change","v":1}']);
    const notRecord = refusal(undoLogPath);
    expect(notRecord).toMatch(/の 6 行目: aws-bootstrap の記録ではありません \(\w+: .+\)。ファイルが編集されたか壊れています。/);
    expect(englishLeft(notRecord)).toEqual([]);
    expect(refusal(`${undoLogPath}.missing`)).toBe(`取り消しログ ${undoLogPath}.missing がありません。`);
  });
});
