/** The benchmark's check that a run ended as its workload should, and how its runs are held to the bound. */
import { describe, expect, it } from 'vitest';
import { criticalPath, summarizeCalls, type RecordedCall } from '../../bench/critical-path.js';
import { EXPECTED_EXIT, runProblem, summarizeRuns, type WorkloadRun } from '../../bench/workloads.js';

const ok = { signal: null, output: 'Summary: 12 steps\n', calls: 100 };

describe('runProblem', () => {
  it('accepts exit 0 for --yes runs and 2 for plan on a fresh account', () => {
    expect(EXPECTED_EXIT).toEqual({ full: 0, plan: 2, second: 0 });
    expect(runProblem('full', { ...ok, exitCode: 0 })).toBeUndefined();
    expect(runProblem('plan', { ...ok, exitCode: 2 })).toBeUndefined();
    expect(runProblem('second', { ...ok, exitCode: 0 })).toBeUndefined();
  });

  it('refuses any other exit code, with the last lines of the output', () => {
    const output = 'reading…\napplying…\n\nguardduty@eu-west-1 failed: AccessDenied\nSummary: 1 failed\n\n';
    expect(runProblem('full', { ...ok, exitCode: 1, output })).toBe('exited 1, expected 0; its last output: applying… / guardduty@eu-west-1 failed: AccessDenied / Summary: 1 failed');
    // A plan that finds nothing to do on a fresh account did not measure the workload.
    expect(runProblem('plan', { ...ok, exitCode: 0 })).toMatch(/^exited 0, expected 2/);
    // A second run that still finds changes pending is no compliant re-run either.
    expect(runProblem('second', { ...ok, exitCode: 2 })).toMatch(/^exited 2, expected 0/);
    expect(runProblem('full', { ...ok, exitCode: 64, output: '' })).toBe('exited 64, expected 0');
  });

  it('refuses a killed run and a run without call statistics', () => {
    expect(runProblem('full', { ...ok, exitCode: null, signal: 'SIGKILL' })).toMatch(/^was killed \(SIGKILL\), expected 0/);
    expect(runProblem('plan', { ...ok, exitCode: 2, calls: 0 })).toBe('wrote no --demo-stats calls');
  });
});

describe('summarizeRuns', () => {
  const latency = { latencyMs: 100, jitterMs: 20 };
  let seq = 0;
  const call = (lane: string | undefined, start: number, end: number): RecordedCall => ({
    seq: ++seq,
    service: 'ec2',
    action: 'DeleteSubnet',
    region: 'us-east-1',
    mutating: true,
    ...(lane ? { lane } : {}),
    start,
    end,
  });
  const run = (wallMs: number, calls: RecordedCall[]): WorkloadRun => ({ wallMs, exitCode: 0, calls: summarizeCalls(calls), path: criticalPath(calls, latency) });
  // Set-up (one call), then a lane whose two deletes the step makes at once.
  const side = (secondStart: number) => [call(undefined, 0, 110), call('default-vpcs@us-east-1', 110, 220), call('default-vpcs@us-east-1', secondStart, secondStart + 110)];
  // Without limits the two overlap: chain 1 + 1, bound 220 ms.
  const unlimited = run(900, side(111));
  // A run where the second waited for a slot: its own chain is 1 + 2.
  const queued = side(220);

  it('holds the median wall to the unlimited run\'s bound, and says what the limits add in the median run', () => {
    const runs = [run(1500, queued), run(1300, side(112)), run(1400, queued)];
    const result = summarizeRuns('full', 17, runs, unlimited);
    expect(result.boundMs).toBe(220);
    expect(result.medianWallMs).toBe(1400);
    expect(result.wallOverBound).toBeCloseTo(1400 / 220);
    expect(result.typical.wallMs).toBe(1400);
    // The median run's own chain is one call longer than the unlimited chain.
    expect(result.limitsAdd).toEqual({ chain: 1, ms: 110 });
    expect(result.typical.path.boundMs).toBe(330);
    expect(result).toMatchObject({ workload: 'full', regions: 17, sequential: false, terminal: false });
  });

  it('adds nothing when the median run was not queued', () => {
    const result = summarizeRuns('plan', 8, [run(1500, queued), run(1300, side(112)), run(1200, side(113))], unlimited, { terminal: true });
    expect(result.limitsAdd).toEqual({ chain: 0, ms: 0 });
    expect(result.terminal).toBe(true);
  });
});
