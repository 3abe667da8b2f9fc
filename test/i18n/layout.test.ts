/**
 * Issue 12: text fits the terminal, and machine output does not change with the language. The
 * demo account's whole checklist, previewed (dry run), applied and undone, in English and in
 * Japanese, printed through the real host's printer on a terminal of 80, 100 and 120 columns: no
 * line is wider than the terminal (in display columns: wide characters count 2), and (issue 26)
 * no name is cut: every bucket name, ARN, path, email and command in backticks that the run
 * printed (found by pattern in the text before it was wrapped) is whole on one line, unless it is
 * wider than the line, and then broken only where marked. And the `--json` report of the same run
 * is the same in both languages apart from `detail`.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { printer } from '../../src/engine/host.js';
import { setLanguage, type Lang } from '../../src/i18n/index.js';
import { CONTINUES, displayWidth } from '../../src/i18n/wrap.js';
import { renderJson, renderSummary, styles, type RunReport } from '../../src/report/render.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, ScriptedHost, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

/** A scripted person at a terminal of `columns` columns: printing goes through the real host's printer. */
class TerminalHost extends ScriptedHost {
  private readonly write: (text: string) => void;
  /** What was printed, before the printer wrapped it. */
  readonly raw: string[] = [];

  constructor(readonly columns: number) {
    super(false);
    Object.assign(this.out, { isTTY: true, columns });
    this.write = printer(this.out);
  }

  override print(text: string): void {
    this.raw.push(text);
    this.write(text);
  }
}

/** Names a person may copy: commands in backticks, ARNs, emails, paths and s3:// URLs, our bucket names. */
const NAME_PATTERNS = [
  /`[^`\n]+`/g,
  /\barn:[\w-]+:[\w-]*:[\w-]*:\d*:[^\s,;"'`)」、。]+/g,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /(?:s3:\/)?\/[\w.@~-]+(?:\/[\w.@~-]+)+\/?/g,
  /\baws-bootstrap-[a-z0-9-]+[a-z0-9]/g,
];

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** Every name in `texts` (trailing sentence punctuation left off). */
export function namesIn(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts.map(plain)) {
    for (const pattern of NAME_PATTERNS) for (const [name] of text.matchAll(pattern)) names.add(name.replace(/[.:]+$/, ''));
  }
  return names;
}

/**
 * Names cut across two lines: a line ends with the start of a name and the next line has the rest
 * (after its indentation or another column). Allowed only for a name wider than the line it
 * started on, and only where the line ends with the mark.
 */
export function cutNames(output: string, names: ReadonlySet<string>, columns: number): string[] {
  const lines = plain(output).split('\n');
  const cut: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const marked = lines[i]!.trimEnd().endsWith(CONTINUES);
    const line = lines[i]!.trimEnd().replace(new RegExp(`${CONTINUES}$`), '');
    const next = lines[i + 1]!;
    const starts = [...next.matchAll(/(?<=^|\s)\S/g)].map((m) => next.slice(m.index));
    const spanning: Array<{ name: string; head: string }> = [];
    for (const name of names) {
      for (let k = 1; k < name.length; k++) {
        const head = name.slice(0, k);
        const tail = name.slice(k).trimStart();
        if (!tail || !line.endsWith(head.trimEnd()) || !starts.some((start) => start.startsWith(tail))) continue;
        spanning.push({ name, head });
        break;
      }
    }
    if (!spanning.length) continue;
    // A marked break of a name (or of the longer name around it: a URL, a command, an ARN with a
    // path) wider than the line it was put on.
    const indent = /^\s*/.exec(lines[i]!)![0].length;
    const around = `${/\S*$/.exec(line)![0]}${/^\s*(\S*)/.exec(next)![1]}`;
    if (marked && Math.max(displayWidth(around), ...spanning.map(({ name }) => displayWidth(name))) > columns - indent) continue;
    for (const { name, head } of spanning) cut.push(`${name} cut after "${head}" (line ${i + 1}: ${lines[i]}\n  next: ${next})`);
  }
  return cut;
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

  it.each([80, 100, 120])('previewed (dry run) at %i columns: no line wider than the terminal, no name cut', async (columns) => {
    const host = new TerminalHost(columns);
    const { report, output } = await runAgainst(new SimulatedAccount(freshAccountState()), { config, dryRun: true, host });
    runs.set(`${lang} dry ${columns}`, { output, report });
    expect(output).toContain(lang === 'ja' ? 'まとめ (ドライラン' : 'Summary (dry run');
    expect(tooWide(output, columns)).toEqual([]);
    const names = namesIn([...host.raw, renderSummary(report, styles(host.out)), renderJson(report)]);
    expect(names.size).toBeGreaterThan(20);
    expect(cutNames(output, names, columns)).toEqual([]);
  }, 60_000);

  it.each([80, 100, 120])('applied and undone at %i columns: no line wider than the terminal, no name cut', async (columns) => {
    const sim = new SimulatedAccount(freshAccountState());
    const host = new TerminalHost(columns);
    const { report, output, undoLogPath } = await runAgainst(sim, { config, host });
    runs.set(`${lang} apply ${columns}`, { output, report });
    expect(report.exitCode).toBe(0);
    expect(tooWide(output, columns)).toEqual([]);
    const names = namesIn([...host.raw, renderSummary(report, styles(host.out)), renderJson(report)]);
    expect([...names]).toContain('aws-bootstrap-config-123456789012-us-east-1');
    expect(cutNames(output, names, columns)).toEqual([]);
    const undoHost = new TerminalHost(columns);
    const undo = await undoAgainst(sim, undoLogPath, { host: undoHost });
    expect(undo.report.exitCode).toBe(0);
    expect(tooWide(undo.output, columns)).toEqual([]);
    expect(cutNames(undo.output, namesIn([...undoHost.raw, renderSummary(undo.report, styles(host.out)), renderJson(undo.report)]), columns)).toEqual([]);
  }, 120_000);
});

describe('the summary is as wide as the terminal (issue 26)', () => {
  it('counts regions, not rows: an undo with two records in each of two regions is "2 regions"', () => {
    const row = (region: string, n: number) => ({ step: 'security-hub', title: 't', region, status: 'undone' as const, changes: [`change ${n}`] });
    const report: RunReport = { regions: [], dryRun: false, undoRecords: 0, quit: false, exitCode: 0, results: [row('eu-west-1', 1), row('eu-west-1', 2), row('us-east-1', 1), row('us-east-1', 2)] };
    const summary = renderSummary(report, styles(new PassThrough()), 100);
    expect(summary).toMatch(/security-hub +2 regions +↶ undone/);
    // The same reason in many regions is one line; failures keep their regions.
    const kept = (region: string) => ({ step: 'security-hub', title: 't', region, status: 'skipped' as const, detail: 'you chose to keep it', changes: [] });
    const failed = (region: string) => ({ step: 'guardduty', title: 't', region, status: 'failed' as const, detail: 'denied', changes: [] });
    const many: RunReport = { ...report, results: [kept('eu-west-1'), kept('us-east-1'), kept('us-west-2'), failed('eu-west-1'), failed('us-east-1')] };
    const lines = renderSummary(many, styles(new PassThrough()), 100).split('\n');
    expect(lines.filter((line) => /security-hub +3 regions +- skipped +you chose to keep it/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /guardduty +(eu-west-1|us-east-1) +✗ failed +denied/.test(line))).toHaveLength(2);
  });

  it.each([80, 100, 120])('at %i columns its lines use the width and the detail column gets what is left', (columns) => {
    const { report } = runs.get(`en apply ${columns}`) ?? {};
    if (!report) throw new Error('the runs above did not finish');
    const summary = renderSummary(report, styles(Object.assign(new PassThrough(), { isTTY: true })), columns);
    const widest = Math.max(...summary.split('\n').map(displayWidth));
    expect(widest).toBeLessThanOrEqual(columns);
    expect(widest).toBeGreaterThan(columns - 12);
    // The bucket name stays whole on one line.
    expect(summary.split('\n').filter((line) => line.includes('aws-bootstrap-config-123456789012-us-east-1'))).not.toEqual([]);
    expect(cutNames(summary, namesIn([renderSummary(report, styles(new PassThrough()))]), columns)).toEqual([]);
  });
});

describe('--json is the same in English and Japanese apart from detail', () => {
  it.each(['dry 80', 'dry 120', 'apply 80'])('%s', (kind) => {
    const en = runs.get(`en ${kind}`);
    const ja = runs.get(`ja ${kind}`);
    if (!en || !ja) throw new Error('the runs above did not finish');
    expect(ja.output).not.toEqual(en.output);
    expect(machine(ja.report)).toEqual(machine(en.report));
  });
});
