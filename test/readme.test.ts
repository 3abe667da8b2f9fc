/** The README's "Code layout" section names every folder of src/ and steps/, and every loose module of src/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The README's section of this title, up to the next section of its level. */
export function section(readme: string, title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** What the layout must name: `src/<folder>/`, `src/<file>.ts`, `steps/<folder>/`. */
export function namesToFind(): string[] {
  const entries = (dir: string) => readdirSync(join(root, dir)).map((name) => ({ name, folder: statSync(join(root, dir, name)).isDirectory() }));
  return [
    ...entries('src').map(({ name, folder }) => (folder ? `src/${name}/` : `src/${name}`)),
    ...entries('steps').filter(({ folder }) => folder).map(({ name }) => `steps/${name}/`),
  ];
}

describe('README code layout', () => {
  const layout = section(readFileSync(join(root, 'README.md'), 'utf8'), 'Code layout');

  it('has the section', () => {
    expect(layout).toContain('| folder or file | what it holds |');
  });

  it('names every folder of src/ and steps/ and every loose module of src/', () => {
    expect(namesToFind().filter((name) => !layout.includes(`\`${name}\``))).toEqual([]);
  });

  it('names nothing that is not there (the check itself works both ways)', () => {
    const named = [...layout.matchAll(/`((?:src|steps)\/[a-z0-9-]+(?:\/|\.ts))`/g)].map((m) => m[1]!);
    const present = new Set(namesToFind());
    expect(named.filter((name) => !present.has(name) && !/^steps\/[a-z-]+\.ts$|^steps\/index\.ts$/.test(name))).toEqual([]);
  });
});
