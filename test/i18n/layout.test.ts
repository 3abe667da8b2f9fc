/**
 * Issue 12: text fits the terminal, and machine output does not change with the language. The
 * demo account's whole checklist, previewed (dry run), applied and undone, in English and in
 * Japanese, printed through the real host's printer on a terminal of 80 and of 120 columns: no
 * line is wider than the terminal (in display columns: wide characters count 2). And the
 * `--json` report of the same run is the same in both languages apart from `detail`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { printer } from '../../src/engine/host.js';
import { setLanguage, type Lang } from '../../src/i18n/index.js';
import { displayWidth } from '../../src/i18n/wrap.js';
import { renderJson, renderSummary, styles, type RunReport } from '../../src/report/render.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, ScriptedHost, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

/** A scripted person at a terminal of `columns` columns: printing goes through the real host's printer. */
class TerminalHost extends ScriptedHost {
  private readonly write: (text: string) => void;

  constructor(readonly columns: number) {
    super(false);
    Object.assign(this.out, { isTTY: true, columns });
    this.write = printer(this.out);
  }

  override print(text: string): void {
    this.write(text);
  }
}

/** Lines wider than `columns` display columns, with their widths. */
function tooWide(output: string, columns: number): string[] {
  return output.split('\n').filter((line) => displayWidth(line) > columns).map((line) => `${displayWidth(line)}: ${line}`);
}

/** The JSON report without what may differ between languages (and runs): `detail`, the undo log's path, the run id. */
function machine(report: RunReport): unknown {
  const json = JSON.parse(renderJson(report).replace(/aws-bootstrap:run=\d+/g, 'aws-bootstrap:run=<run>')) as { undoLog?: string; results: Array<{ detail?: string }> };
  delete json.undoLog;
  for (const row of json.results) delete row.detail;
  return json;
}

const runs = new Map<string, { output: string; report: RunReport }>();

describe.each<Lang>(['en', 'ja'])('the demo checklist in %s', (lang) => {
  beforeAll(() => setLanguage(lang));
  afterAll(() => setLanguage('en'));

  it.each([80, 120])('previewed (dry run) at %i columns: no line wider than the terminal', async (columns) => {
    const host = new TerminalHost(columns);
    const { report, output } = await runAgainst(new SimulatedAccount(freshAccountState()), { config, dryRun: true, host });
    runs.set(`${lang} dry ${columns}`, { output, report });
    expect(output).toContain(lang === 'ja' ? 'まとめ (ドライラン' : 'Summary (dry run');
    expect(tooWide(output, columns)).toEqual([]);
  }, 60_000);

  it('applied and undone at 80 columns, the summary also laid out for 120: no line wider than the terminal', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const host = new TerminalHost(80);
    const { report, output, undoLogPath } = await runAgainst(sim, { config, host });
    runs.set(`${lang} apply`, { output, report });
    expect(report.exitCode).toBe(0);
    expect(tooWide(output, 80)).toEqual([]);
    expect(tooWide(renderSummary(report, styles(host.out), 120), 120)).toEqual([]);
    const undo = await undoAgainst(sim, undoLogPath, { host: new TerminalHost(80) });
    expect(undo.report.exitCode).toBe(0);
    expect(tooWide(undo.output, 80)).toEqual([]);
  }, 120_000);
});

describe('--json is the same in English and Japanese apart from detail', () => {
  it.each(['dry 80', 'apply'])('%s', (kind) => {
    const en = runs.get(`en ${kind}`);
    const ja = runs.get(`ja ${kind}`);
    if (!en || !ja) throw new Error('the runs above did not finish');
    expect(ja.output).not.toEqual(en.output);
    expect(machine(ja.report)).toEqual(machine(en.report));
  });
});
