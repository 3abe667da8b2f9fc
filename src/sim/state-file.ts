/**
 * The demo's state file, rewritten after every change AWS would have accepted (so a killed run
 * leaves the account as AWS would have it). Most of the file is the regions' state, and a call
 * reaches one or two regions: the writer keeps each region's JSON and makes again only what the
 * calls since the last save reached.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SimState } from './state.js';

/** Regions a call reached, or every region (a call listed them all). */
export type TouchedRegions = ReadonlySet<string> | 'all';

/**
 * Notes which regions of `state.regional` code reaches while `run` runs: every read, write and
 * listing goes through the one object, which stands in for the regions meanwhile.
 */
export class RegionTracker {
  private touched: Set<string> | 'all' = 'all';

  during<T>(state: SimState, run: () => T): T {
    const regions = state.regional;
    const note = (key: string | symbol) => {
      if (this.touched !== 'all' && typeof key === 'string') this.touched.add(key);
    };
    state.regional = new Proxy(regions, {
      get: (target, key) => (note(key), Reflect.get(target, key)),
      has: (target, key) => (note(key), Reflect.has(target, key)),
      set: (target, key, value) => (note(key), Reflect.set(target, key, value)),
      defineProperty: (target, key, descriptor) => (note(key), Reflect.defineProperty(target, key, descriptor)),
      deleteProperty: (target, key) => (note(key), Reflect.deleteProperty(target, key)),
      getOwnPropertyDescriptor: (target, key) => (note(key), Reflect.getOwnPropertyDescriptor(target, key)),
      ownKeys: (target) => ((this.touched = 'all'), Reflect.ownKeys(target)),
    });
    try {
      return run();
    } finally {
      state.regional = regions;
    }
  }

  /** The regions reached since the last take (every region before the first). */
  take(): TouchedRegions {
    const touched = this.touched;
    this.touched = new Set();
    return touched;
  }
}

/** Writes the state file atomically (temp file + rename), so a crash never leaves half a file. */
export function writeStateFile(path: string, json: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, json, { mode: 0o600 });
  renameSync(temp, path);
}

/** One account's state file: the same text as `JSON.stringify(state)`, made again only where touched. */
export class StateFileWriter {
  private readonly regionJson = new Map<string, string>();
  private cachedFor: SimState['regional'] | undefined;

  constructor(private readonly path: string) {}

  save(state: SimState, touched: TouchedRegions): void {
    writeStateFile(this.path, this.json(state, touched));
  }

  json(state: SimState, touched: TouchedRegions): string {
    const regional = state.regional;
    if (regional !== this.cachedFor) {
      this.regionJson.clear();
      this.cachedFor = regional;
    }
    const parts: string[] = [];
    for (const [key, value] of Object.entries(state)) {
      const json = key === 'regional' && regional ? this.regionalJson(regional, touched) : JSON.stringify(value);
      // As JSON.stringify: a property whose value has no JSON (undefined, a function) is left out.
      if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
    }
    return `{${parts.join(',')}}`;
  }

  private regionalJson(regional: SimState['regional'], touched: TouchedRegions): string {
    const parts: string[] = [];
    const present = new Set<string>();
    for (const [region, value] of Object.entries(regional)) {
      present.add(region);
      let json = touched === 'all' || touched.has(region) ? undefined : this.regionJson.get(region);
      if (json === undefined) {
        json = JSON.stringify(value);
        this.regionJson.set(region, json);
      }
      if (json !== undefined) parts.push(`${JSON.stringify(region)}:${json}`);
    }
    for (const region of this.regionJson.keys()) if (!present.has(region)) this.regionJson.delete(region);
    return `{${parts.join(',')}}`;
  }
}
