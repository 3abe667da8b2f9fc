/**
 * Everything people read: the plan preview (before → after), the summary table and the JSON
 * report. One place each, so every step looks the same.
 */
import { createRequire } from 'node:module';
import { redactSecrets } from '../aws/errors.js';
import { ExitCode } from '../core/errors.js';
import type { Change, Finding } from '../core/step.js';
import { texts } from '../i18n/index.js';
import { displayWidth, padDisplay, widestName, wrapText } from '../i18n/wrap.js';

export type ResultStatus = 'compliant' | 'changed' | 'would change' | 'skipped' | 'failed' | 'action needed' | 'undone' | 'would undo';

const en = {
  none: '(none)',
  before: 'before:',
  after: 'after:',
  inRegion: (region: string) => `In ${region}:`,
  inRegions: (regions: readonly string[]) => `In ${regions.length} regions (${regions.join(', ')}):`,
  /** Each status as the summary shows it (the report and JSON keep the status values themselves). */
  status: {
    compliant: 'compliant',
    changed: 'changed',
    'would change': 'would change',
    skipped: 'skipped',
    failed: 'failed',
    'action needed': 'action needed',
    undone: 'undone',
    'would undo': 'would undo',
  } satisfies Record<ResultStatus, string>,
  summary: 'Summary',
  summaryDryRun: 'Summary (dry run: nothing was changed)',
  account: 'account',
  organization: 'organization',
  regions: (n: number) => `${n} regions`,
  /** Change summaries side by side in one summary cell (on one line). */
  changesJoin: '; ',
  changesListed: (n: number) => `${n} changes, as listed above`,
  noStep: 'No step was reached.',
  /** One count of the last line: "12 changed", "3 already compliant". */
  tally: (n: number, status: ResultStatus) => `${n} ${status === 'compliant' ? 'already compliant' : status}`,
  tallyJoin: ', ',
};

const jaStatus: Record<ResultStatus, string> = {
  compliant: '準拠',
  changed: '変更済み',
  'would change': '変更予定',
  skipped: 'スキップ',
  failed: '失敗',
  'action needed': '要対応',
  undone: '取り消し済み',
  'would undo': '取り消し予定',
};

const t = texts('report', en, {
  none: '(なし)',
  before: '変更前:',
  after: '変更後:',
  inRegion: (region: string) => `${region} での変更:`,
  inRegions: (regions: readonly string[]) => `${regions.length} リージョン (${regions.join(', ')}) での変更:`,
  status: jaStatus,
  summary: 'まとめ',
  summaryDryRun: 'まとめ (ドライラン: 何も変更していません)',
  account: 'アカウント',
  organization: '組織',
  regions: (n: number) => `${n} リージョン`,
  changesJoin: '、',
  changesListed: (n: number) => `${n} 件の変更 (上記のとおり)`,
  noStep: 'どのステップにも到達しませんでした。',
  tally: (n: number, status: ResultStatus) => `${status === 'compliant' ? 'すでに準拠' : jaStatus[status]} ${n} 件`,
  tallyJoin: '、',
});

/** A status as the summary shows it, in the run's language (the report keeps the value itself). */
export function statusText(status: ResultStatus): string {
  return t.status[status];
}

/**
 * One row of the summary: a step in one region (or account-wide). `title` and `changes` are
 * machine output (the same in every language: English); `changesShown` is what the summary shows
 * when the language is not English, and is left out of the JSON.
 */
export interface ResultRow {
  readonly step: string;
  readonly title: string;
  /** `undefined` for account-wide steps. */
  readonly region?: string;
  /** An organization-wide step's row (`--org`): run once, from the management account. */
  readonly organization?: true;
  /** A per-account step not run because this organization-wide step covers every account (`--org`). */
  readonly coveredBy?: string;
  status: ResultStatus;
  /** Why it was skipped or failed, or what to do. */
  detail?: string;
  /** Summaries of the changes made (or planned, under --dry-run), in English. */
  changes: string[];
  /** The same summaries in the language of the run, when it is not English (never in the JSON). */
  changesShown?: string[];
  /** A pending change deletes what cannot be had again with the same id (default VPCs): asked on its own. */
  destructive?: true;
  /**
   * For a step with a compact preview (default VPCs): what each change takes away, item by item
   * and in English, as `--verbose` lists it.
   */
  listing?: string[];
  /** Inputs the step still needs before it can be previewed (`<step>.<field>` paths), when that is why it is pending. */
  missingInputs?: string[];
  /** What a read-only check found here, as data (in English, as all machine output). */
  findings?: ReportFinding[];
}

/** A finding in the report: which step found it, where, and the finding itself (see `Finding`). */
export interface ReportFinding extends Finding {
  readonly step: string;
  /** `undefined` for account-wide steps. */
  readonly region?: string;
}

/** A note shown beside a step's plan (a warning, something kept as it is): not a failure. In English in the report. */
export interface ReportNote {
  readonly step: string;
  /** For region steps, the regions it applies to. */
  readonly regions?: readonly string[];
  readonly note: string;
}

export interface RunReport {
  readonly account?: string;
  readonly caller?: string;
  readonly regions: readonly string[];
  readonly dryRun: boolean;
  readonly undoLog?: string;
  undoRecords: number;
  readonly results: ResultRow[];
  /** The plans' notes, as shown in the preview (so `--json` carries the warnings too). */
  notes?: ReportNote[];
  /** The user quit or pressed Ctrl-C before the end. */
  quit: boolean;
  exitCode: number;
}

// Loaded on first use (a preview of a structured value), off the path to the first question.
const require = createRequire(import.meta.url);
const yaml = () => require('yaml') as typeof import('yaml');

const useColor = (stream: NodeJS.WritableStream) =>
  Boolean((stream as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;

/** Minimal ANSI styling, off when the stream is not a terminal or NO_COLOR is set. */
export function styles(stream: NodeJS.WritableStream) {
  const on = useColor(stream);
  const wrap = (open: number, close: number) => (text: string) => (on ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

type Style = ReturnType<typeof styles>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value on one line when short, else as an indented YAML block. */
function formatValue(value: unknown, indent: string): string {
  if (value === undefined || value === null) return t.none;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = yaml().stringify(value, { lineWidth: 0 }).trimEnd();
  if (!text.includes('\n') && text.length < 70) return text;
  return `\n${text.split('\n').map((line) => `${indent}  ${line}`).join('\n')}`;
}

/** Renders one change as "summary" plus a before → after comparison (field by field for objects). */
export function renderChange(change: Pick<Change, 'summary' | 'before' | 'after' | 'destructive'>, s: Style, indent = '    '): string {
  const lines = [`${indent}${change.destructive ? s.red('✗') : s.yellow('~')} ${change.summary}`];
  const { before, after } = change;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const was = formatValue(before[key], `${indent}    `);
      const will = formatValue(after[key], `${indent}    `);
      if (was === will) lines.push(s.dim(`${indent}    ${key}: ${was}`));
      else lines.push(`${indent}    ${key}: ${s.red(was)} → ${s.green(will)}`);
    }
  } else {
    // The two labels padded to one width, so the values line up.
    const width = Math.max(displayWidth(t.before), displayWidth(t.after)) + 1;
    lines.push(`${indent}    ${padDisplay(t.before, width)}${s.red(formatValue(before, `${indent}    `))}`);
    lines.push(`${indent}    ${padDisplay(t.after, width)}${s.green(formatValue(after, `${indent}    `))}`);
  }
  return lines.join('\n');
}

/** Plans of one step across regions, grouped so identical plans are shown once with their regions. */
export function renderRegionalChanges(
  byRegion: ReadonlyArray<{ region?: string; changes: readonly Change[] }>,
  s: Style,
): string {
  const groups = new Map<string, { regions: string[]; changes: readonly Change[] }>();
  for (const { region, changes } of byRegion) {
    if (!changes.length) continue;
    const key = JSON.stringify(changes.map(({ summary, before, after, destructive }) => ({ summary, before, after, destructive })));
    const group = groups.get(key) ?? { regions: [], changes };
    if (region) group.regions.push(region);
    groups.set(key, group);
  }
  const out: string[] = [];
  for (const { regions, changes } of groups.values()) {
    if (regions.length) out.push(`  ${s.bold(regions.length === 1 ? t.inRegion(regions[0]!) : t.inRegions(regions))}`);
    for (const change of changes) out.push(renderChange(change, s));
  }
  return out.join('\n');
}

const statusMark: Record<ResultStatus, (s: Style, word: string) => string> = {
  compliant: (s, word) => s.green(`✓ ${word}`),
  changed: (s, word) => s.green(`✓ ${word}`),
  'would change': (s, word) => s.yellow(`~ ${word}`),
  skipped: (s, word) => s.dim(`- ${word}`),
  failed: (s, word) => s.red(`✗ ${word}`),
  'action needed': (s, word) => s.yellow(`! ${word}`),
  undone: (s, word) => s.green(`↶ ${word}`),
  'would undo': (s, word) => s.yellow(`↶ ${word}`),
};

/** A status as the summary shows it: its mark and word, coloured. */
export function statusLabel(status: ResultStatus, s: Style): string {
  return statusMark[status](s, t.status[status]);
}

/** More changes than this in one summary row are counted, not listed. */
const MAX_CHANGES_IN_SUMMARY = 4;

/**
 * Below this many columns for its last cell, the summary stacks the region under the step id
 * (three columns instead of four); below MIN_DETAIL_WIDTH even then, the last cell goes under its row.
 */
const STACK_BELOW_DETAIL_WIDTH = 40;
const MIN_DETAIL_WIDTH = 16;

/**
 * The end-of-run table: one row per step (and region), with the reason for skips and failures.
 * With `columns` (a terminal) it fits that width: cells wrap inside their column, the other
 * columns blank on continuation lines; on a narrow terminal (80) the region goes under the step
 * id, leaving the last column room. Without `columns` (piped output) every row is one line.
 */
export function renderSummary(report: RunReport, s: Style, columns?: number): string {
  const lines: string[] = [s.bold(report.dryRun ? t.summaryDryRun : t.summary)];
  // Many region rows of one step and status (e.g. 17 × compliant) collapse into one line.
  const collapsed = new Map<string, ResultRow[]>();
  for (const row of report.results) {
    // A failure keeps its region; the same reason in many regions (16 × "you chose to keep it") is one line.
    const key = row.status === 'failed' ? `${row.step}|${row.region}|${row.status}|${row.detail}` : `${row.step}|${row.status}|${row.detail ?? ''}`;
    collapsed.set(key, [...(collapsed.get(key) ?? []), row]);
  }
  const cells = [...collapsed.values()].map((rows) => {
    const row = rows[0]!;
    // (Undo has a row per record: several in one region count once.)
    const regionCount = new Set(rows.map((r) => r.region)).size;
    const where = row.region === undefined ? (row.organization ? t.organization : t.account) : regionCount > 1 ? t.regions(regionCount) : row.region;
    const shown = (r: ResultRow) => r.changesShown ?? r.changes;
    const sameChanges = rows.every((r) => shown(r).join('\n') === shown(row).join('\n'));
    const count = rows.reduce((n, r) => n + r.changes.length, 0);
    // A long list (19 alarms) would be one line wider than any terminal: the preview has it.
    const changes = sameChanges && shown(row).length <= MAX_CHANGES_IN_SUMMARY ? shown(row) : [t.changesListed(count)];
    // In a wrapped cell each change starts a line of its own (a list when there are several).
    const what = row.detail ?? (columns ? changes.map((c) => (changes.length > 1 ? `- ${c}` : c)).join('\n') : changes.join(t.changesJoin));
    return { step: row.step, where, mark: statusLabel(row.status, s), what };
  });
  const stepWidth = Math.max(4, ...cells.map((c) => displayWidth(c.step)));
  const whereWidth = Math.max(6, ...cells.map((c) => displayWidth(c.where)));
  const markWidth = Math.max(0, ...cells.map((c) => displayWidth(c.mark)));
  const side = 2 + stepWidth + 2 + whereWidth + 2 + markWidth + 2;
  const stacked = 2 + Math.max(stepWidth, 2 + whereWidth) + 2 + markWidth + 2;
  /** Cells side by side, each a list of lines padded to its column's width (the last one not). */
  const row = (columnsOfRow: ReadonlyArray<{ lines: readonly string[]; width?: number }>) => {
    const height = Math.max(...columnsOfRow.map((c) => c.lines.length));
    for (let i = 0; i < height; i++) {
      const parts = columnsOfRow.map((c) => (c.width === undefined ? (c.lines[i] ?? '') : padDisplay(c.lines[i] ?? '', c.width)));
      lines.push(`  ${parts.join('  ')}`.trimEnd());
    }
  };
  for (const { step, where, mark, what } of cells) {
    // A name (bucket, ARN, path, command) wider than the last cell would be cut there: that row's
    // text goes under it instead, as wide as the terminal allows (the `- ` of a list item counted).
    const name = widestName(what) + 2;
    const under = (head: string) => lines.push(wrapText(head, columns!), ...(what ? wrapText(what, columns! - 6).split('\n').map((line) => `      ${line}`) : []));
    if (columns === undefined) {
      lines.push(`  ${padDisplay(step, stepWidth)}  ${padDisplay(where, whereWidth)}  ${what ? `${padDisplay(mark, markWidth)}  ${what}` : mark}`);
    } else if (columns - side >= STACK_BELOW_DETAIL_WIDTH) {
      if (name <= columns - side) row([{ lines: [step], width: stepWidth }, { lines: [where], width: whereWidth }, { lines: [mark], width: markWidth }, { lines: wrapText(what, columns - side).split('\n') }]);
      else under(`  ${padDisplay(step, stepWidth)}  ${padDisplay(where, whereWidth)}  ${mark}`);
    } else if (columns - stacked >= MIN_DETAIL_WIDTH) {
      const first = Math.max(stepWidth, 2 + whereWidth);
      if (name <= columns - stacked) row([{ lines: [step, `  ${where}`], width: first }, { lines: [mark], width: markWidth }, { lines: wrapText(what, columns - stacked).split('\n') }]);
      else {
        row([{ lines: [step, `  ${where}`], width: first }, { lines: [mark] }]);
        if (what) lines.push(...wrapText(what, columns - 6).split('\n').map((line) => `      ${line}`));
      }
    } else {
      under(`  ${step}  ${where}  ${mark}`);
    }
  }
  const counts = new Map<ResultStatus, number>();
  for (const row of report.results) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const failed = counts.get('failed') ?? 0;
  counts.delete('failed');
  lines.push('');
  if (!report.results.length) {
    lines.push(t.noStep);
    return lines.join('\n');
  }
  const tally = [...[...counts].map(([status, n]) => t.tally(n, status)), failed ? s.red(t.tally(failed, 'failed')) : t.tally(0, 'failed')].join(t.tallyJoin);
  lines.push(columns === undefined ? tally : wrapText(tally, columns));
  return lines.join('\n');
}

/** The exit code a finished run (or undo) ends with. */
export function exitCodeFor(report: Pick<RunReport, 'quit' | 'dryRun' | 'results'>): number {
  if (report.quit) return ExitCode.Quit;
  if (report.results.some((r) => r.status === 'failed')) return ExitCode.Failed;
  const pending = report.results.some((r) => r.status === 'would change' || r.status === 'would undo');
  return report.dryRun && pending ? ExitCode.PendingChanges : ExitCode.Done;
}

/**
 * The `--json` report: everything in the summary, machine-readable, secrets scrubbed. The same
 * in every language apart from `detail` (titles, change summaries and notes are in English).
 */
export function renderJson(report: RunReport): string {
  const results = report.results.map(({ changesShown: _, ...row }) => row);
  return redactSecrets(JSON.stringify({ ...report, results }, null, 2));
}
