/**
 * Which unit of work an AWS call belongs to (`<step id>@<region>`, or none for the run's own
 * set-up calls). Carried through async calls so the simulated account can attribute every call,
 * which the benchmark needs to find the longest chain of dependent calls.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const lanes = new AsyncLocalStorage<string>();

/**
 * Lanes are carried only once something reads them (a simulated account, see `trackLanes`): on
 * Node.js 20 and 22 a running AsyncLocalStorage hooks the creation of every promise, CPU that a
 * run against AWS, where nothing reads the lane, need not pay.
 */
let tracking = false;

/** From now on, every unit of work carries its lane (the simulation calls this). */
export function trackLanes(): void {
  tracking = true;
}

export function inLane<T>(lane: string, work: () => Promise<T>): Promise<T> {
  return tracking ? lanes.run(lane, work) : work();
}

export function currentLane(): string | undefined {
  return lanes.getStore();
}
