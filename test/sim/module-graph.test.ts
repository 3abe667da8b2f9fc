/**
 * The simulated account loads its services on first use while they take helpers from a shared
 * module: no import (static or dynamic) may lead back to where it started, or a module can be
 * read before it has finished evaluating (issue 16).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceOf } from '../../src/sim/account.js';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Runtime imports of a file: `import … from`, `export … from` and `import()`, not `import type`. */
export function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms),
    ...text.matchAll(/\bimport\('([^']+)'\)/g),
  ].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

function cycles(files: readonly string[]): string[][] {
  const edges = new Map(files.map((f) => [f, runtimeImports(f)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)));
      return;
    }
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  return found;
}

describe('module graph', () => {
  it('has no import cycle in src/ and steps/, dynamic imports included', () => {
    expect(cycles([...sources(join(root, 'src')), ...sources(join(root, 'steps'))])).toEqual([]);
  });

  it('sees a cycle through a dynamic import (the check itself works)', () => {
    const account = join(root, 'src/sim/account.ts');
    expect(runtimeImports(account)).toContain(join(root, 'src/sim/services/costexplorer.ts'));
    for (const service of sources(join(root, 'src/sim/services'))) expect(runtimeImports(service)).not.toContain(account);
  });
});

describe('loading a simulated service', () => {
  it('names the service when its module has no default export', () => {
    expect(() => serviceOf('costexplorer', {})).toThrow(/internal error: the simulated costexplorer service module has no default export/);
  });
});
