/**
 * Every text catalogue, in both languages: the same keys (the build already checks the types; this
 * catches a catalogue built from a value, not a literal), and no entry empty. Every module that
 * can hold one is imported first (cli.ts runs the program when loaded; its texts are in cli-texts.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogues, type Catalogue, type Entry } from '../../src/i18n/index.js';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Sample values for a text function's parameters: a text with a number in it works for strings and numbers alike. */
const SAMPLES = ['x1', 2, 'y3', 4, 'z5', 6];

/** Every entry, by dotted key, as text (a function called with sample values; a list joined). */
function texts(entry: Entry, key: string): Array<[string, string]> {
  if (typeof entry === 'string') return [[key, entry]];
  if (typeof entry === 'function') {
    try {
      return [[key, String(entry(...SAMPLES.slice(0, entry.length)))]];
    } catch {
      // A function that needs structured values (a list, a record) is covered by its module's own tests.
      return [];
    }
  }
  if (Array.isArray(entry)) return entry.map((text, i) => [`${key}[${i}]`, text as string]);
  return Object.entries(entry as Catalogue).flatMap(([k, v]) => texts(v, key ? `${key}.${k}` : k));
}

function keysOf(entry: Entry, key = ''): string[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [key];
  return Object.entries(entry as Catalogue).flatMap(([k, v]) => keysOf(v, key ? `${key}.${k}` : k));
}

/** What is wrong with these catalogues: keys in one language only, texts empty in one language. */
function problemsOf(all: ReadonlyMap<string, { readonly en: Catalogue; readonly ja: Catalogue }>): string[] {
  const problems: string[] = [];
  for (const [name, { en, ja }] of all) {
    const enKeys = keysOf(en);
    const jaKeys = keysOf(ja);
    for (const key of enKeys.filter((k) => !jaKeys.includes(k))) problems.push(`${name}: "${key}" missing in Japanese`);
    for (const key of jaKeys.filter((k) => !enKeys.includes(k))) problems.push(`${name}: "${key}" only in Japanese`);
    const enTexts = new Map(texts(en, ''));
    const jaTexts = new Map(texts(ja, ''));
    for (const [lang, mine, other] of [['en', enTexts, jaTexts], ['ja', jaTexts, enTexts]] as const) {
      // An entry that is empty on purpose (a suffix that is sometimes nothing) is empty in both.
      for (const [key, text] of mine) if (!text.trim() && other.get(key)?.trim()) problems.push(`${name}: "${key}" is empty in ${lang}`);
    }
  }
  return problems;
}

describe('text catalogues', () => {
  beforeAll(async () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'steps'))].filter((file) => !/[/\\]cli\.ts$/.test(file));
    for (const file of files) await import(pathToFileURL(file).href);
  });

  it('are many: every step has one, and the engine, the CLI and the reports do', () => {
    const names = [...catalogues().keys()];
    expect(names.length).toBeGreaterThan(40);
    for (const id of ['ebs-encryption-by-default', 'guardduty', 'security-hub', 'findings-alerts', 'monthly-budget', 'alternate-contacts', 'cli', 'org-report']) {
      expect(names, id).toContain(id);
    }
  });

  it('have the same keys in English and Japanese, and no empty text in either', () => {
    expect(problemsOf(catalogues())).toEqual([]);
  });

  it('the check finds a missing key and an empty text (so it can fail)', () => {
    const broken = new Map([['broken', { en: { hello: 'Hello', bye: 'Bye' } as Catalogue, ja: { hello: ' ' } as Catalogue }]]);
    expect(problemsOf(broken)).toEqual(['broken: "bye" missing in Japanese', 'broken: "hello" is empty in ja']);
  });
});
