/**
 * The benchmark's workloads, how each must end, and how a workload's runs are summed up. A run
 * that ends otherwise (a failed step, a crash, no call statistics) measured something else, so
 * it stops the benchmark instead of counting toward the medians. No I/O here, so the checks and
 * the math can be tested on their own.
 */
import { limitsAdd, type CallSummary, type CriticalPath } from './critical-path.js';
import { median } from './format.js';

/** The three workloads of the issue. */
export type Workload = 'full' | 'plan' | 'second';
export const WORKLOADS: readonly Workload[] = ['full', 'plan', 'second'];
export const WORKLOAD_TITLES: Record<Workload, string> = {
  full: '--yes, fresh account',
  plan: 'plan, fresh account',
  second: '--yes again (compliant)',
};
/** What each workload exits with when it works: `plan` exits 2 while changes are pending. */
export const EXPECTED_EXIT: Record<Workload, number> = { full: 0, plan: 2, second: 0 };

/** A run that cannot be a measurement: the benchmark reports it and exits non-zero. */
export class BenchFailure extends Error {
  override readonly name = 'BenchFailure';
}

/** How one child run ended, as far as the check needs it. */
export interface RunEnding {
  readonly exitCode: number | null;
  /** Set when the process was killed (e.g. by the benchmark's timeout). */
  readonly signal?: string | null;
  /** Its human output (stderr, or the terminal's), whose last lines say what went wrong. */
  readonly output: string;
  /** How many calls its `--demo-stats` file holds. */
  readonly calls: number;
}

/** Why a run of `workload` cannot count as a measurement, or undefined when it ended as it should. */
export function runProblem(workload: Workload, ending: RunEnding): string | undefined {
  const problems: string[] = [];
  const expected = EXPECTED_EXIT[workload];
  if (ending.exitCode !== expected) {
    const how = ending.exitCode === null ? `was killed (${ending.signal ?? 'no exit code'})` : `exited ${ending.exitCode}`;
    const lastLines = ending.output
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(-3)
      .join(' / ');
    problems.push(`${how}, expected ${expected}${lastLines ? `; its last output: ${lastLines}` : ''}`);
  }
  if (ending.calls === 0) problems.push('wrote no --demo-stats calls');
  return problems.length ? problems.join('; ') : undefined;
}

/** One run's CPU, from its `--demo-stats` file (user + system, ms). */
export interface RunCpu {
  /** The whole process, start to exit. */
  readonly processMs: number;
  /** Of it, the in-process simulation of AWS: work a run against AWS does not do. */
  readonly simulationMs: number;
  /** The main thread's share of time busy (1: never waiting). */
  readonly eventLoopUtilization?: number;
}

/** A workload's CPU: the medians of the process's and the simulation's; the tool's is their difference. */
export interface CpuSplit {
  readonly processMs: number;
  readonly simulationMs: number;
  readonly toolMs: number;
}

/** The CPU a `--demo-stats` file reports, or undefined when it has none that makes sense (an older CLI wrote it). */
export function cpuOfStats(stats: unknown): RunCpu | undefined {
  const cpu = (stats as { cpu?: { processMs?: unknown; simulationMs?: unknown; eventLoopUtilization?: unknown } } | null)?.cpu;
  if (!cpu) return undefined;
  const { processMs, simulationMs, eventLoopUtilization } = cpu;
  if (typeof processMs !== 'number' || typeof simulationMs !== 'number' || !(simulationMs >= 0) || !(simulationMs <= processMs)) return undefined;
  return { processMs, simulationMs, ...(typeof eventLoopUtilization === 'number' ? { eventLoopUtilization } : {}) };
}

/** The median split of the runs that reported CPU (undefined if none did). */
export function medianCpu(runs: ReadonlyArray<RunCpu | undefined>): CpuSplit | undefined {
  const reported = runs.filter((cpu): cpu is RunCpu => cpu !== undefined);
  if (!reported.length) return undefined;
  const processMs = median(reported.map((cpu) => cpu.processMs));
  const simulationMs = median(reported.map((cpu) => cpu.simulationMs));
  return { processMs, simulationMs, toolMs: processMs - simulationMs };
}

/** One run that ended as its workload should (any other stops the benchmark). */
export interface WorkloadRun {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly calls: CallSummary;
  /** The critical path of this run's own calls. */
  readonly path: CriticalPath;
  /** Its CPU, when its stats file said. */
  readonly cpu?: RunCpu;
}

/** How a run is started; the default is output to pipes (as in a log or CI), every region at once, at the chosen latency. */
export interface RunMode {
  /** `--concurrency 1`: one step and one region at a time. */
  readonly sequential?: boolean;
  /** On a pseudo-terminal, with the live progress display. */
  readonly terminal?: boolean;
  /** `--demo-latency 0 --demo-jitter 0`: what is left is the CLI's own cost (start-up, loading, CPU). */
  readonly zeroLatency?: boolean;
  /** `--demo-unlimited`: no per-service in-flight limit, every region at once; its calls give the bound. */
  readonly unlimited?: boolean;
}

export interface WorkloadResult {
  readonly workload: Workload;
  readonly regions: number;
  /** `--concurrency 1`, like a plain script; otherwise the default (every region at once). */
  readonly sequential: boolean;
  /** On a pseudo-terminal (live progress display); otherwise output to pipes. */
  readonly terminal: boolean;
  /** The same runs at 0 ms latency (first region count only): the CLI's own cost. */
  readonly zeroLatencyWallMs?: number;
  /** Their CPU split. */
  readonly zeroLatencyCpu?: CpuSplit;
  readonly runs: readonly WorkloadRun[];
  /** The same workload once with `--demo-unlimited`: its critical path is the bound. */
  readonly unlimited: WorkloadRun;
  readonly medianWallMs: number;
  /** The runs' median CPU, the simulation's part of it and the tool's (the targets are held on wall time, not on this). */
  readonly cpu?: CpuSplit;
  /** The unlimited run's critical path × mean latency: each lane's inherent chain, no engine limit in it. */
  readonly boundMs: number;
  readonly wallOverBound: number;
  /** The run whose wall time is the median (or just below it): its counts and breakdown are shown. */
  readonly typical: WorkloadRun;
  /** What the limits add to the critical path: the typical run's own chain minus the unlimited one. */
  readonly limitsAdd: { readonly chain: number; readonly ms: number };
}

/** A workload's runs held to the bound from its run without limits. */
export function summarizeRuns(workload: Workload, regions: number, runs: readonly WorkloadRun[], unlimited: WorkloadRun, mode: RunMode = {}): WorkloadResult {
  const medianWallMs = median(runs.map((r) => r.wallMs));
  const boundMs = unlimited.path.boundMs;
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const typical = byWall[Math.floor((byWall.length - 1) / 2)]!;
  const cpu = medianCpu(runs.map((r) => r.cpu));
  return {
    workload,
    regions,
    sequential: Boolean(mode.sequential),
    terminal: Boolean(mode.terminal),
    runs,
    unlimited,
    medianWallMs,
    ...(cpu ? { cpu } : {}),
    boundMs,
    wallOverBound: boundMs > 0 ? medianWallMs / boundMs : NaN,
    typical,
    limitsAdd: limitsAdd(typical.path, unlimited.path),
  };
}
