/**
 * Pure analysis of the calls one run made against the simulated account (the `--demo-stats`
 * file): the longest chain of dependent calls, the critical-path bound it implies, and the
 * summaries the benchmark prints. No I/O here, so the math can be tested on hand-made lists.
 */

/** One call as `--demo-stats` writes it (timestamps are ms since the CLI process started). */
export interface RecordedCall {
  readonly seq: number;
  readonly service: string;
  readonly action: string;
  readonly region: string;
  readonly mutating: boolean;
  /** `<step id>@<region>`; absent for the run's own set-up calls (identity, region discovery). */
  readonly lane?: string;
  readonly start: number;
  /** Absent if the call was still in flight when the process exited. */
  readonly end?: number;
  readonly error?: string;
}

type FinishedCall = RecordedCall & { readonly end: number };

const finished = (calls: readonly RecordedCall[]): FinishedCall[] => calls.filter((c): c is FinishedCall => typeof c.end === 'number');

/**
 * The longest sequence of calls in which each call starts after the previous one ended.
 * Calls that overlap in time were issued side by side, so at most one of them can be on a
 * chain. This is the classic "most non-overlapping intervals" problem, and picking the call
 * that ends first among those that start after the chain's end is optimal for it.
 */
export function longestChain(calls: readonly RecordedCall[]): FinishedCall[] {
  const byEnd = finished(calls).sort((a, b) => a.end - b.end || a.start - b.start);
  const chain: FinishedCall[] = [];
  let chainEnd = -Infinity;
  for (const call of byEnd) {
    // `>=`: the engine issues the next dependent call after the previous one resolved, which
    // can land in the same millisecond tick.
    if (call.start >= chainEnd) {
      chain.push(call);
      chainEnd = call.end;
    }
  }
  return chain;
}

export interface CriticalPath {
  /** Chain length of the calls without a lane (identity, region discovery): they gate everything. */
  readonly setupChain: number;
  /** The lane (`step@region`) with the longest chain; undefined when no call had a lane. */
  readonly longestLane?: string;
  readonly longestLaneChain: number;
  /** setupChain + longestLaneChain. */
  readonly chainLength: number;
  /** Mean simulated latency per call: latency + jitter / 2 (jitter is uniform in [0, jitter)). */
  readonly meanLatencyMs: number;
  /** chainLength × meanLatencyMs: no run can be faster, however concurrent. */
  readonly boundMs: number;
  /**
   * setupChain + the sum of every lane's chain: the waits of a run that works on one lane at a
   * time (`--concurrency 1`) but keeps each lane's own parallel calls. Used to estimate how long
   * a sequential run takes before starting one.
   */
  readonly oneLaneAtATimeChain: number;
  /** Every lane's chain length, longest first (ties by name), for the report. */
  readonly lanes: ReadonlyArray<{ readonly lane: string; readonly chain: number; readonly calls: number }>;
}

/**
 * The critical-path bound: (set-up chain + the longest lane chain) × mean latency. Lanes run
 * after set-up and independently of each other, so with unlimited concurrency and zero CPU
 * time a run takes exactly this long. From the calls of a run without the engine's limits
 * (`--demo-unlimited`) it is the bound the benchmark reports; from a limited run's own calls it
 * also holds the waits the limits put on the critical path (see limitsAdd).
 */
export function criticalPath(calls: readonly RecordedCall[], latency: { readonly latencyMs: number; readonly jitterMs: number }): CriticalPath {
  const setup: RecordedCall[] = [];
  const byLane = new Map<string, RecordedCall[]>();
  for (const call of calls) {
    if (call.lane === undefined) setup.push(call);
    else byLane.set(call.lane, [...(byLane.get(call.lane) ?? []), call]);
  }
  const lanes = [...byLane]
    .map(([lane, laneCalls]) => ({ lane, chain: longestChain(laneCalls).length, calls: laneCalls.length }))
    .sort((a, b) => b.chain - a.chain || a.lane.localeCompare(b.lane));
  const setupChain = longestChain(setup).length;
  const longest = lanes[0];
  const longestLaneChain = longest?.chain ?? 0;
  const meanLatencyMs = latency.latencyMs + latency.jitterMs / 2;
  const chainLength = setupChain + longestLaneChain;
  return {
    setupChain,
    ...(longest ? { longestLane: longest.lane } : {}),
    longestLaneChain,
    chainLength,
    meanLatencyMs,
    boundMs: chainLength * meanLatencyMs,
    oneLaneAtATimeChain: setupChain + lanes.reduce((sum, l) => sum + l.chain, 0),
    lanes,
  };
}

/**
 * What the engine's concurrency limits add to a run's critical path: its own chain minus the
 * chain of the same workload run without them (`--demo-unlimited`), in calls and in ms at the
 * mean latency. A call the limits queue starts its simulated clock only when a slot is free, so
 * calls the steps issue side by side can line up one after another in the limited run.
 */
export function limitsAdd(limited: CriticalPath, unlimited: CriticalPath): { readonly chain: number; readonly ms: number } {
  const chain = limited.chainLength - unlimited.chainLength;
  return { chain, ms: chain * limited.meanLatencyMs };
}

/**
 * The most calls in flight at once to one service in one region, and where (`ec2@us-east-1`).
 * The engine allows 8 by default, so more shows a run without its limits. A call still in
 * flight at exit counts until the end; one that starts the moment another ends does not overlap it.
 */
export function peakInFlight(calls: readonly RecordedCall[]): { readonly calls: number; readonly at?: string } {
  const events = new Map<string, Array<{ at: number; delta: number }>>();
  for (const call of calls) {
    const key = `${call.service}@${call.region}`;
    const list = events.get(key) ?? [];
    list.push({ at: call.start, delta: 1 }, { at: call.end ?? Infinity, delta: -1 });
    events.set(key, list);
  }
  let peak: { calls: number; at?: string } = { calls: 0 };
  for (const [key, list] of events) {
    // Ends before starts at the same instant.
    list.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let inFlight = 0;
    for (const event of list) {
      inFlight += event.delta;
      if (inFlight > peak.calls) peak = { calls: inFlight, at: key };
    }
  }
  return peak;
}

/** The step id of a lane (`guardduty@eu-west-1` → `guardduty`); `(set-up)` for calls without one. */
export function stepOf(call: RecordedCall): string {
  return call.lane === undefined ? '(set-up)' : call.lane.slice(0, call.lane.lastIndexOf('@'));
}

/** Total time, between the first call's start and the last call's end, with no call in flight. */
export function timeWithoutCalls(calls: readonly RecordedCall[]): number {
  const sorted = finished(calls).sort((a, b) => a.start - b.start);
  let idle = 0;
  let coveredUntil = sorted[0]?.end ?? 0;
  for (const call of sorted) {
    if (call.start > coveredUntil) idle += call.start - coveredUntil;
    coveredUntil = Math.max(coveredUntil, call.end);
  }
  return idle;
}

export interface CallSummary {
  readonly total: number;
  readonly mutating: number;
  readonly failed: number;
  /** Calls per service, e.g. `{ ec2: 340, iam: 12 }`, most first. */
  readonly byService: Readonly<Record<string, number>>;
  /** Per step, what it called: `{ guardduty: { ListDetectors: 17, GetDetector: 17 } }`. */
  readonly byStep: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** ms after process start. */
  readonly firstCallStart: number;
  readonly lastCallEnd: number;
  /** Mean measured duration of a call: above latency + jitter/2 when the event loop was busy. */
  readonly meanCallMs: number;
  readonly timeWithoutCallsMs: number;
  /** The most calls in flight at once to one service in one region (see peakInFlight). */
  readonly peakInFlight: { readonly calls: number; readonly at?: string };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export function summarizeCalls(calls: readonly RecordedCall[]): CallSummary {
  const done = finished(calls);
  const byStep: Record<string, Record<string, number>> = {};
  for (const step of new Set(calls.map(stepOf))) {
    byStep[step] = countBy(
      calls.filter((c) => stepOf(c) === step),
      (c) => c.action,
    );
  }
  return {
    total: calls.length,
    mutating: calls.filter((c) => c.mutating).length,
    failed: calls.filter((c) => c.error !== undefined).length,
    byService: countBy(calls, (c) => c.service),
    byStep,
    firstCallStart: calls.length ? Math.min(...calls.map((c) => c.start)) : 0,
    lastCallEnd: done.length ? Math.max(...done.map((c) => c.end)) : 0,
    meanCallMs: done.length ? done.reduce((sum, c) => sum + (c.end - c.start), 0) / done.length : 0,
    timeWithoutCallsMs: timeWithoutCalls(calls),
    peakInFlight: peakInFlight(calls),
  };
}
