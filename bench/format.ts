/** Text helpers for the benchmark report: durations, medians, aligned tables, the bound's definition. */
import type { CpuSplit } from './workloads.js';

/** How the critical-path bound is defined; printed under the table and stored with the results. */
export const BOUND_DEFINITION: readonly string[] = [
  'Critical-path bound: the longest chain of calls that had to wait for each other, times the mean latency,',
  'taken from the same workload run once without the engine\'s concurrency limits (--demo-unlimited: no',
  'per-service in-flight limit, every region at once), so calls the limits queue cannot lengthen it.',
  '  - Calls without a lane (identity, region discovery) gate everything: their chain counts first.',
  '  - Every other call belongs to a lane, one step in one region (e.g. default-vpcs@us-east-1). Lanes are',
  '    independent, so only the longest lane counts. Within a lane, calls that overlap in time were made in',
  '    parallel on purpose and count once: the chain is the longest sequence of calls each starting after',
  '    the previous one ended.',
  '  - bound = (set-up chain + longest lane chain) × (latency + jitter/2). No engine, however concurrent, can',
  '    finish sooner with the calls the steps make; wall/bound is what start-up, module loading, phase',
  '    barriers, CPU work and the limits add on top. "chain" in the table is set-up + longest lane.',
  '  - limits add: the measured run\'s own chain minus the unlimited chain: the waits the limits put on the',
  '    critical path (a call queued for a slot starts its simulated latency only when it gets one).',
];

export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `842 ms`, `3.19 s`, `1 min 05 s`: short, but precise enough to compare runs. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '–';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** What the CPU columns mean; printed under them (bench: medians of the runs; bench:org: one run each). */
export function cpuLegend(of: 'median' | 'one run'): string[] {
  return [
    `CPU: the process's CPU time, user + system, start to exit${of === 'median' ? ' (median of the runs)' : ''}; tool: CPU minus simulation.`,
    'simulation: the in-process AWS simulation\'s own work, which a real run does not pay. Targets stay on wall time.',
  ];
}

/** The CPU columns' cells: process CPU, the simulation's (and its share), the tool's; dashes when the run reported none. */
export function cpuCells(cpu: CpuSplit | undefined): [string, string, string] {
  if (!cpu) return ['–', '–', '–'];
  const share = cpu.processMs > 0 ? Math.round((cpu.simulationMs / cpu.processMs) * 100) : 0;
  return [formatMs(cpu.processMs), `${formatMs(cpu.simulationMs)} (${share} %)`, formatMs(cpu.toolMs)];
}

/** A plain-text table: header, a rule, and rows with columns padded to the widest cell. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: ReadonlyArray<'left' | 'right'>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
