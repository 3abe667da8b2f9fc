/**
 * Which unit of work an AWS call belongs to (`<step id>@<region>`, or none for the run's own
 * set-up calls). Carried through async calls so the simulated account can attribute every call,
 * which the benchmark needs to find the longest chain of dependent calls.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const lanes = new AsyncLocalStorage<string>();

export function inLane<T>(lane: string, work: () => Promise<T>): Promise<T> {
  return lanes.run(lane, work);
}

export function currentLane(): string | undefined {
  return lanes.getStore();
}
