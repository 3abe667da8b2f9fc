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

/** Every import of a file, `import type` included: a circle of types is still a circle a reader walks. */
export function allImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\s+[^;]*?from\s+'([^']+)'/gms),
    ...text.matchAll(/\bimport\('([^']+)'\)/g),
  ].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** The imports of a file that bring in code (not `import type`), by the file imported. */
function typeOnly(file: string, target: string): boolean {
  return allImports(file).includes(target) && !runtimeImports(file).includes(target);
}

function cycles(files: readonly string[], importsOf: (file: string) => string[] = runtimeImports): string[][] {
  const edges = new Map(files.map((f) => [f, importsOf(f)]));
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

  it('has no import cycle either when type imports count', () => {
    expect(cycles([...sources(join(root, 'src')), ...sources(join(root, 'steps'))], allImports)).toEqual([]);
  });

  it('finds a circle of type imports (the check itself works)', () => {
    // state.ts holds the organization's types so that organization-state.ts is the only one of the two importing the other.
    const state = join(root, 'src/sim/state.ts');
    const organization = join(root, 'src/sim/organization-state.ts');
    const withTypeBack = (file: string) => (file === state ? [...allImports(state), organization] : allImports(file));
    expect(cycles([state, organization], withTypeBack)).not.toEqual([]);
  });

  it('sees a cycle through a dynamic import (the check itself works)', () => {
    const account = join(root, 'src/sim/account.ts');
    expect(runtimeImports(account)).toContain(join(root, 'src/sim/services/costexplorer.ts'));
    for (const service of sources(join(root, 'src/sim/services'))) expect(runtimeImports(service)).not.toContain(account);
  });
});

describe('layers', () => {
  const src = join(root, 'src');
  const steps = join(root, 'steps');
  const shared = join(steps, 'shared');
  const inside = (dir: string, file: string) => !relative(dir, file).startsWith('..');
  /** The step folder (or file) a module of steps/ belongs to: `steps/cloudtrail/aws.ts` → `steps/cloudtrail`. */
  const home = (file: string) => join(steps, relative(steps, file).split(/[/\\]/)[0]!.replace(/\.ts$/, ''));

  it('src/ reaches steps/ only through the checklist (steps/index.ts): no module of the program exists for one step', () => {
    const wrong = sources(src).flatMap((file) => allImports(file).filter((to) => inside(steps, to) && to !== join(steps, 'index.ts')).map((to) => `${relative(root, file)} -> ${relative(root, to)}`));
    expect(wrong).toEqual([]);
  });

  it("a step's modules import src/, their own folder and steps/shared/; another step only for its contract's types", () => {
    const wrong = sources(steps).filter((file) => file !== join(steps, 'index.ts')).flatMap((file) =>
      allImports(file)
        .filter((to) => inside(steps, to))
        .filter((to) => !(inside(shared, to) || home(to) === home(file) || (!inside(shared, file) && typeOnly(file, to))))
        .map((to) => `${relative(root, file)} -> ${relative(root, to)}`),
    );
    expect(wrong).toEqual([]);
  });

  it('steps/shared/ imports only src/ and itself', () => {
    const wrong = sources(shared).flatMap((file) => allImports(file).filter((to) => inside(steps, to) && !inside(shared, to)).map((to) => `${relative(root, file)} -> ${relative(root, to)}`));
    expect(wrong).toEqual([]);
  });
});

describe('loading a simulated service', () => {
  it('names the service when its module has no default export', () => {
    expect(() => serviceOf('costexplorer', {})).toThrow(/internal error: the simulated costexplorer service module has no default export/);
  });
});
