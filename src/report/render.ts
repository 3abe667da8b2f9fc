/**
 * Everything people read: the plan preview (before → after), the summary table and the JSON
 * report. One place each, so every step looks the same.
 */
import { createRequire } from 'node:module';
import { redactSecrets } from '../aws/errors.js';
import { ExitCode } from '../core/errors.js';
import type { Change } from '../core/step.js';

export type ResultStatus = 'compliant' | 'changed' | 'would change' | 'skipped' | 'failed' | 'action needed' | 'undone' | 'would undo';

/** One row of the summary: a step in one region (or account-wide). */
export interface ResultRow {
  readonly step: string;
  readonly title: string;
  /** `undefined` for account-wide steps. */
  readonly region?: string;
  status: ResultStatus;
  /** Why it was skipped or failed, or what to do. */
  detail?: string;
  /** Summaries of the changes made (or planned, under --dry-run). */
  changes: string[];
}

/** A note shown beside a step's plan (a warning, something kept as it is): not a failure. */
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
  if (value === undefined || value === null) return '(none)';
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
    lines.push(`${indent}    before: ${s.red(formatValue(before, `${indent}    `))}`);
    lines.push(`${indent}    after:  ${s.green(formatValue(after, `${indent}    `))}`);
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
    if (regions.length) out.push(`  ${s.bold(regions.length === 1 ? `In ${regions[0]}:` : `In ${regions.length} regions (${regions.join(', ')}):`)}`);
    for (const change of changes) out.push(renderChange(change, s));
  }
  return out.join('\n');
}

const statusMark: Record<ResultStatus, (s: Style) => string> = {
  compliant: (s) => s.green('✓ compliant'),
  changed: (s) => s.green('✓ changed'),
  'would change': (s) => s.yellow('~ would change'),
  skipped: (s) => s.dim('- skipped'),
  failed: (s) => s.red('✗ failed'),
  'action needed': (s) => s.yellow('! action needed'),
  undone: (s) => s.green('↶ undone'),
  'would undo': (s) => s.yellow('↶ would undo'),
};

/** More changes than this in one summary row are counted, not listed. */
const MAX_CHANGES_IN_SUMMARY = 4;

/** The end-of-run table: one row per step (and region), with the reason for skips and failures. */
export function renderSummary(report: RunReport, s: Style): string {
  const lines: string[] = [s.bold(report.dryRun ? 'Summary (dry run: nothing was changed)' : 'Summary')];
  const stepWidth = Math.max(4, ...report.results.map((r) => r.step.length));
  const regionWidth = Math.max(6, ...report.results.map((r) => (r.region ?? 'account').length));
  // Many region rows of one step and status (e.g. 17 × compliant) collapse into one line.
  const collapsed = new Map<string, ResultRow[]>();
  for (const row of report.results) {
    const key = row.status === 'failed' || row.detail ? `${row.step}|${row.region}|${row.status}|${row.detail}` : `${row.step}|${row.status}`;
    collapsed.set(key, [...(collapsed.get(key) ?? []), row]);
  }
  for (const rows of collapsed.values()) {
    const row = rows[0]!;
    const where = row.region === undefined ? 'account' : rows.length > 1 ? `${rows.length} regions` : row.region;
    const mark = statusMark[row.status](s);
    const sameChanges = rows.every((r) => r.changes.join('; ') === row.changes.join('; '));
    const count = rows.reduce((n, r) => n + r.changes.length, 0);
    // A long list (19 alarms) would be one line wider than any terminal: the preview has it.
    const changes = sameChanges && row.changes.length <= MAX_CHANGES_IN_SUMMARY ? row.changes.join('; ') : `${count} changes, as listed above`;
    const what = row.detail ?? changes;
    lines.push(`  ${row.step.padEnd(stepWidth)}  ${where.padEnd(regionWidth)}  ${mark}${what ? `  ${what}` : ''}`);
  }
  const counts = new Map<ResultStatus, number>();
  for (const row of report.results) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const failed = counts.get('failed') ?? 0;
  counts.delete('failed');
  lines.push('');
  if (!report.results.length) {
    lines.push('No step was reached.');
    return lines.join('\n');
  }
  lines.push([...[...counts].map(([status, n]) => `${n} ${status === 'compliant' ? 'already compliant' : status}`), failed ? s.red(`${failed} failed`) : '0 failed'].join(', '));
  return lines.join('\n');
}

/** The exit code a finished run (or undo) ends with. */
export function exitCodeFor(report: Pick<RunReport, 'quit' | 'dryRun' | 'results'>): number {
  if (report.quit) return ExitCode.Quit;
  if (report.results.some((r) => r.status === 'failed')) return ExitCode.Failed;
  const pending = report.results.some((r) => r.status === 'would change' || r.status === 'would undo');
  return report.dryRun && pending ? ExitCode.PendingChanges : ExitCode.Done;
}

/** The `--json` report: everything in the summary, machine-readable, secrets scrubbed. */
export function renderJson(report: RunReport): string {
  return redactSecrets(JSON.stringify(report, null, 2));
}
