/** The benchmark's critical-path math on hand-made call lists (the expensive runs stay out of the suite). */
import { describe, expect, it } from 'vitest';
import { criticalPath, limitsAdd, longestChain, peakInFlight, stepOf, summarizeCalls, timeWithoutCalls, type RecordedCall } from '../../bench/critical-path.js';
import { formatMs, median } from '../../bench/format.js';

let seq = 0;
/** A read call in a lane, from `start` to `end` ms. */
function call(lane: string | undefined, start: number, end: number, extra: Partial<RecordedCall> = {}): RecordedCall {
  seq += 1;
  return { seq, service: 'ec2', action: 'DescribeVpcs', region: lane?.split('@')[1] ?? 'us-east-1', mutating: false, ...(lane ? { lane } : {}), start, end, ...extra };
}

const latency = { latencyMs: 100, jitterMs: 20 };

describe('longestChain', () => {
  it('counts every call of a strict sequence', () => {
    const calls = [call('a@r', 0, 100), call('a@r', 100, 210), call('a@r', 215, 320), call('a@r', 330, 440)];
    expect(longestChain(calls)).toHaveLength(4);
  });

  it('counts calls made side by side once', () => {
    // One read, then eight reads at once, then one more: a chain of three.
    const parallel = Array.from({ length: 8 }, (_, i) => call('a@r', 110, 205 + i * 3));
    const calls = [call('a@r', 0, 105), ...parallel, call('a@r', 230, 340)];
    expect(longestChain(calls)).toHaveLength(3);
  });

  it('finds the longest path through staggered overlaps, not just the first call to start', () => {
    // A long call overlaps three short ones in sequence: the three short ones are the chain.
    const calls = [call('a@r', 0, 300), call('a@r', 1, 90), call('a@r', 95, 190), call('a@r', 195, 290)];
    expect(longestChain(calls).map((c) => c.start)).toEqual([1, 95, 195]);
  });

  it('ignores input order and calls still in flight at exit', () => {
    const inFlight: RecordedCall = { seq: 99, service: 'ec2', action: 'DeleteVpc', region: 'r', mutating: true, lane: 'a@r', start: 500 };
    const calls = [call('a@r', 200, 300), inFlight, call('a@r', 0, 100), call('a@r', 100, 200)];
    expect(longestChain(calls).map((c) => c.start)).toEqual([0, 100, 200]);
  });

  it('is empty for no calls', () => {
    expect(longestChain([])).toEqual([]);
  });
});

describe('criticalPath', () => {
  it('adds the set-up chain to the longest lane and multiplies by latency + jitter/2', () => {
    const calls = [
      // Set-up: identity, then region discovery.
      call(undefined, 0, 110),
      call(undefined, 110, 220),
      // A lane of two calls in sequence.
      call('guardduty@eu-west-1', 220, 330),
      call('guardduty@eu-west-1', 330, 440),
      // A lane of four: one read, two at once, then two in sequence.
      call('default-vpcs@us-east-1', 220, 330),
      call('default-vpcs@us-east-1', 330, 440),
      call('default-vpcs@us-east-1', 331, 445),
      call('default-vpcs@us-east-1', 446, 550),
      call('default-vpcs@us-east-1', 550, 660),
      // Many lanes of one call each.
      ...['a', 'b', 'c'].map((r) => call(`ebs@${r}`, 220, 330)),
    ];
    const path = criticalPath(calls, latency);
    expect(path.setupChain).toBe(2);
    expect(path.longestLane).toBe('default-vpcs@us-east-1');
    expect(path.longestLaneChain).toBe(4);
    expect(path.chainLength).toBe(6);
    expect(path.meanLatencyMs).toBe(110);
    expect(path.boundMs).toBe(660);
    // One lane at a time: 2 (set-up) + 2 + 4 + 1 + 1 + 1.
    expect(path.oneLaneAtATimeChain).toBe(11);
    expect(path.lanes[0]).toEqual({ lane: 'default-vpcs@us-east-1', chain: 4, calls: 5 });
    expect(path.lanes.find((l) => l.lane === 'guardduty@eu-west-1')).toEqual({ lane: 'guardduty@eu-west-1', chain: 2, calls: 2 });
  });

  it('does not add lanes up: lanes that ran one after the other still count as independent', () => {
    // Two lanes that happened to run in turn (a sequential run): each is a chain of 2, the bound is 2.
    const calls = [call('x@r', 0, 100), call('x@r', 100, 200), call('y@r', 200, 300), call('y@r', 300, 400)];
    const path = criticalPath(calls, latency);
    expect(path.setupChain).toBe(0);
    expect(path.chainLength).toBe(2);
    expect(path.longestLane).toBe('x@r'); // a tie goes to the first by name
  });

  it('works for a run with only set-up calls, and with zero latency', () => {
    const path = criticalPath([call(undefined, 0, 1), call(undefined, 1, 2)], { latencyMs: 0, jitterMs: 0 });
    expect(path).toMatchObject({ setupChain: 2, longestLaneChain: 0, chainLength: 2, boundMs: 0 });
    expect(path.longestLane).toBeUndefined();
  });
});

describe('the bound from a run without limits', () => {
  // The same lane twice: a read, ten deletes the step issues at once, a read again. Without
  // limits the ten overlap (a chain of 3); with 8 slots two of them wait for a slot and, as
  // the simulation starts a call's clock only then, run after the first eight ended.
  const setup = () => [call(undefined, 0, 110), call(undefined, 110, 220)];
  const tenAtOnce = (start: number) => Array.from({ length: 10 }, (_, i) => call('default-vpcs@us-east-1', start, start + 105 + i));
  const unlimited = [...setup(), call('default-vpcs@us-east-1', 220, 330), ...tenAtOnce(330), call('default-vpcs@us-east-1', 450, 560), call('ebs@us-east-1', 220, 330)];
  const limited = [
    ...setup(),
    call('default-vpcs@us-east-1', 220, 330),
    ...tenAtOnce(330).slice(0, 8),
    // The two that waited for a slot: they start as the first two of the eight end.
    call('default-vpcs@us-east-1', 435, 545),
    call('default-vpcs@us-east-1', 436, 546),
    call('default-vpcs@us-east-1', 550, 660),
    call('ebs@us-east-1', 220, 330),
  ];

  it('takes the chain from the unlimited calls and says how many waits the limits added', () => {
    const bound = criticalPath(unlimited, latency);
    const own = criticalPath(limited, latency);
    expect(bound).toMatchObject({ setupChain: 2, longestLane: 'default-vpcs@us-east-1', longestLaneChain: 3, boundMs: 550 });
    expect(own).toMatchObject({ setupChain: 2, longestLaneChain: 4, boundMs: 660 });
    expect(limitsAdd(own, bound)).toEqual({ chain: 1, ms: 110 });
    // Nothing to add when the limits never queued a call on the critical path.
    expect(limitsAdd(bound, criticalPath(unlimited, latency))).toEqual({ chain: 0, ms: 0 });
  });

  it('sees the limit in the peak of calls in flight per service and region', () => {
    // The first delete of the ten ends at 435 and the first waiter starts then: no overlap.
    expect(peakInFlight(limited)).toEqual({ calls: 8, at: 'ec2@us-east-1' });
    expect(peakInFlight(unlimited)).toEqual({ calls: 10, at: 'ec2@us-east-1' });
    // Other regions and services are counted apart; a call still in flight at exit counts to the end.
    const apart = [call('a@eu-west-1', 0, 100), call('a@us-east-1', 0, 100), call('b@us-east-1', 50, 150, { service: 'guardduty' })];
    const inFlight: RecordedCall = { seq: 98, service: 'guardduty', action: 'ListDetectors', region: 'us-east-1', mutating: false, lane: 'b@us-east-1', start: 60 };
    expect(peakInFlight([...apart, inFlight])).toEqual({ calls: 2, at: 'guardduty@us-east-1' });
    expect(peakInFlight([])).toEqual({ calls: 0 });
  });
});

describe('call summaries', () => {
  it('counts calls per service and per step, mutating calls, and idle time between calls', () => {
    const calls = [
      call(undefined, 0, 100, { service: 'sts', action: 'GetCallerIdentity' }),
      call('guardduty@eu-west-1', 150, 250, { service: 'guardduty', action: 'ListDetectors' }),
      call('guardduty@eu-west-1', 200, 300, { service: 'guardduty', action: 'CreateDetector', mutating: true }),
      call('guardduty@us-east-1', 400, 500, { service: 'guardduty', action: 'ListDetectors', error: 'ThrottlingException' }),
    ];
    const summary = summarizeCalls(calls);
    expect(summary).toMatchObject({ total: 4, mutating: 1, failed: 1, firstCallStart: 0, lastCallEnd: 500, meanCallMs: 100, peakInFlight: { calls: 2, at: 'guardduty@eu-west-1' } });
    expect(summary.byService).toEqual({ guardduty: 3, sts: 1 });
    expect(summary.byStep).toEqual({ '(set-up)': { GetCallerIdentity: 1 }, guardduty: { ListDetectors: 2, CreateDetector: 1 } });
    // Gaps 100–150 and 300–400.
    expect(timeWithoutCalls(calls)).toBe(150);
    expect(stepOf(calls[1]!)).toBe('guardduty');
  });
});

describe('format helpers', () => {
  it('takes medians of odd and even counts and formats durations', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(formatMs(842.4)).toBe('842 ms');
    expect(formatMs(3190)).toBe('3.19 s');
    expect(formatMs(65_000)).toBe('1 min 05 s');
  });
});
