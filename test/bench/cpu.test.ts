/** The benchmark's CPU split: the process's CPU, the in-process simulation's share, and the tool's (the rest). */
import { describe, expect, it } from 'vitest';
import { criticalPath, summarizeCalls } from '../../bench/critical-path.js';
import { cpuCells, cpuLegend } from '../../bench/format.js';
import { cpuOfStats, medianCpu, summarizeRuns, type WorkloadRun } from '../../bench/workloads.js';

describe('cpuOfStats', () => {
  it('takes the process CPU and the simulation\'s share from a --demo-stats file', () => {
    const stats = { calls: [], cpu: { processMs: 5350.7, userMs: 4918.5, systemMs: 432.2, simulationMs: 1922.1, eventLoopUtilization: 0.98 } };
    expect(cpuOfStats(stats)).toEqual({ processMs: 5350.7, simulationMs: 1922.1, eventLoopUtilization: 0.98 });
  });

  it('has none for a file without CPU (a CLI from before it was written) or with nonsense in it', () => {
    expect(cpuOfStats({ calls: [] })).toBeUndefined();
    expect(cpuOfStats({ cpu: { processMs: 'a lot', simulationMs: 3 } })).toBeUndefined();
    // The simulation's work is part of the process's: more than all of it is a broken file.
    expect(cpuOfStats({ cpu: { processMs: 100, simulationMs: 150 } })).toBeUndefined();
  });
});

describe('medianCpu', () => {
  it('takes the median of the process CPU and of the simulation\'s; the tool\'s is the difference', () => {
    const split = medianCpu([
      { processMs: 3000, simulationMs: 900 },
      { processMs: 2000, simulationMs: 1000 },
      { processMs: 2500, simulationMs: 700 },
    ]);
    expect(split).toEqual({ processMs: 2500, simulationMs: 900, toolMs: 1600 });
  });

  it('leaves out runs without CPU, and has none when no run has it', () => {
    expect(medianCpu([undefined, { processMs: 1000, simulationMs: 400 }, { processMs: 2000, simulationMs: 600 }])).toEqual({ processMs: 1500, simulationMs: 500, toolMs: 1000 });
    expect(medianCpu([undefined, undefined])).toBeUndefined();
    expect(medianCpu([])).toBeUndefined();
  });
});

describe('summarizeRuns', () => {
  const run = (wallMs: number, cpu?: WorkloadRun['cpu']): WorkloadRun => {
    const calls = [{ seq: 1, service: 'sts', action: 'GetCallerIdentity', region: 'us-east-1', mutating: false, start: 0, end: 100 }];
    return { wallMs, exitCode: 0, calls: summarizeCalls(calls), path: criticalPath(calls, { latencyMs: 100, jitterMs: 0 }), ...(cpu ? { cpu } : {}) };
  };

  it('carries the runs\' median CPU split, while the wall time stays what the target is held to', () => {
    const result = summarizeRuns('full', 17, [run(1500, { processMs: 1200, simulationMs: 300 }), run(1400, { processMs: 1000, simulationMs: 350 }), run(1300, { processMs: 1100, simulationMs: 200 })], run(900));
    expect(result.cpu).toEqual({ processMs: 1100, simulationMs: 300, toolMs: 800 });
    expect(result.medianWallMs).toBe(1400);
    expect(result.wallOverBound).toBeCloseTo(14);
  });
});

describe('cpuCells', () => {
  it('shows the process CPU, the simulation\'s share with its percentage, and the tool\'s', () => {
    expect(cpuCells({ processMs: 5350.7, simulationMs: 1922.1, toolMs: 3428.6 })).toEqual(['5.35 s', '1.92 s (36 %)', '3.43 s']);
    expect(cpuCells({ processMs: 812, simulationMs: 0, toolMs: 812 })).toEqual(['812 ms', '0 ms (0 %)', '812 ms']);
  });

  it('shows dashes when the run wrote no CPU', () => {
    expect(cpuCells(undefined)).toEqual(['–', '–', '–']);
  });

  it('has a one-line legend that says what "simulation" is, and whether the figures are medians', () => {
    for (const of of ['median', 'one run'] as const) {
      expect(cpuLegend(of).filter((line) => line.startsWith('simulation: the in-process AWS simulation\'s own work, which a real run does not pay'))).toHaveLength(1);
    }
    expect(cpuLegend('median')[0]).toContain('(median of the runs)');
    expect(cpuLegend('one run')[0]).not.toContain('median');
  });
});
