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
export function writeStateFile(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  renameSync(temp, path);
}

/**
 * One account's state file: the bytes of `JSON.stringify(state)`, with each region's JSON (most
 * of the file) kept, already encoded, and made again only where touched.
 */
export class StateFileWriter {
  private readonly regionBytes = new Map<string, Buffer>();
  private cachedFor: SimState['regional'] | undefined;

  constructor(private readonly path: string) {}

  save(state: SimState, touched: TouchedRegions): void {
    writeStateFile(this.path, this.bytes(state, touched));
  }

  bytes(state: SimState, touched: TouchedRegions): Buffer {
    const regional = state.regional;
    if (regional !== this.cachedFor) {
      this.regionBytes.clear();
      this.cachedFor = regional;
    }
    const entries: Buffer[] = [];
    for (const [key, value] of Object.entries(state)) {
      if (key === 'regional' && regional) {
        entries.push(Buffer.from(`${entries.length ? ',' : ''}"regional":`), this.regionalBytes(regional, touched));
        continue;
      }
      const json = JSON.stringify(value);
      // As JSON.stringify: a property whose value has no JSON (undefined, a function) is left out.
      if (json !== undefined) entries.push(Buffer.from(`${entries.length ? ',' : ''}${JSON.stringify(key)}:${json}`));
    }
    return Buffer.concat([OPEN, ...entries, CLOSE]);
  }

  private regionalBytes(regional: SimState['regional'], touched: TouchedRegions): Buffer {
    const parts: Buffer[] = [];
    const present = new Set<string>();
    for (const [region, value] of Object.entries(regional)) {
      present.add(region);
      let bytes = touched === 'all' || touched.has(region) ? undefined : this.regionBytes.get(region);
      if (!bytes) {
        const json = JSON.stringify(value);
        if (json === undefined) continue;
        bytes = Buffer.from(`${JSON.stringify(region)}:${json}`);
        this.regionBytes.set(region, bytes);
      }
      parts.push(parts.length ? COMMA : OPEN, bytes);
    }
    for (const region of this.regionBytes.keys()) if (!present.has(region)) this.regionBytes.delete(region);
    if (!parts.length) parts.push(OPEN);
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }
}

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');
