/** bench/cpu-profile.ts: self time of a `--cpu-prof` profile charged to packages, project folders and Node.js. */
import { describe, expect, it } from 'vitest';
import { chargeOf, ownerOf, selfTimes } from '../../bench/cpu-profile.js';

const frame = (url: string, functionName = 'f') => ({ url, functionName, lineNumber: 0, columnNumber: 0 });

describe('cpu profile summary', () => {
  it('charges a source to its package or project folder', () => {
    expect(ownerOf('../../../node_modules/@smithy/core/dist-es/submodules/protocols/x.js')).toBe('@smithy/core');
    expect(ownerOf('../../../node_modules/yaml/dist/index.js')).toBe('yaml');
    expect(ownerOf('../../../src/engine/run.ts')).toBe('project src/engine');
    expect(ownerOf('/work/main/steps/default-vpcs.ts')).toBe('project steps');
  });

  it('charges garbage collection, V8, Node.js module loading and native calls apart', () => {
    expect(chargeOf(frame('', '(garbage collector)'))).toBe('(garbage collection)');
    expect(chargeOf(frame('node:internal/modules/esm/translators'))).toBe('node:internal/modules (loading modules)');
    expect(chargeOf(frame('node:fs'))).toBe('node:fs');
    expect(chargeOf(frame('', 'fsync'))).toBe('(native) fsync');
  });

  it('sums each sample\'s time delta (µs) into its node\'s charge, in ms', () => {
    const times = selfTimes({
      nodes: [
        { id: 1, callFrame: frame('', '(garbage collector)') },
        { id: 2, callFrame: frame('node:fs') },
      ],
      samples: [1, 2, 1, 1],
      timeDeltas: [1000, 2000, 500, 1500],
      startTime: 0,
      endTime: 5000,
    });
    expect(Object.fromEntries(times)).toEqual({ '(garbage collection)': 3, 'node:fs': 2 });
  });
});
