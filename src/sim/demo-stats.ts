/**
 * `--demo-stats <file>` (hidden, for the benchmark): at exit, every simulated call with its unit
 * of work and timing, and the process's CPU with the simulation's share of it. The demo simulates
 * AWS in the tool's own process, which a run against AWS does not pay, so the benchmark reports
 * the tool's CPU as the process's minus the simulation's.
 */
import { writeFileSync } from 'node:fs';

export interface DemoCpu {
  /** The whole process's CPU time, user + system (ms), from its start to the exit. */
  readonly processMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  /** Of processMs: the simulation's own work (SimulatedAccount.cpuMs, summed over every account). */
  readonly simulationMs: number;
  /** The main thread's event loop: the share of its time spent busy rather than waiting. */
  readonly eventLoopUtilization: number;
}

/** The process's CPU now, with the simulation's share. */
export function demoCpu(simulationMs: number): DemoCpu {
  const { user, system } = process.cpuUsage();
  return {
    processMs: (user + system) / 1000,
    userMs: user / 1000,
    systemMs: system / 1000,
    simulationMs,
    eventLoopUtilization: performance.eventLoopUtilization().utilization,
  };
}

/**
 * Writes the stats file when the process exits. The CPU is read first, so writing the file (the
 * benchmark's own cost) counts for neither the tool nor the simulation.
 */
export function writeDemoStatsAtExit(path: string, simulation: { readonly cpuMs: number }, calls: () => readonly object[]): void {
  process.once('exit', () => {
    const cpu = demoCpu(simulation.cpuMs);
    writeFileSync(path, JSON.stringify({ calls: calls(), cpu }));
  });
}
