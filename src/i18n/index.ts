/**
 * The wizard's two languages. Every human-facing text lives in a catalogue made with `texts`:
 * the English one defines the keys and their types, the Japanese one must have the same keys
 * with the same types (a missing or extra key fails the build). The language is chosen once per
 * process (`--lang`, else the locale variables) and read whenever a text is used, so steps keep
 * their texts beside their code and need no language parameter.
 *
 * Machine output never goes through a catalogue: JSON keys, status values, step ids, config keys
 * and undo-log records stay the same in every language.
 */

export const LANGUAGES = ['en', 'ja'] as const;
export type Lang = (typeof LANGUAGES)[number];

let current: Lang = 'en';

export function setLanguage(lang: Lang): void {
  current = lang;
}

export function language(): Lang {
  return current;
}

/** Runs `body` with another language (the JSON report's English titles, tests), then restores it. */
export function withLanguage<T>(lang: Lang, body: () => T): T {
  const before = current;
  current = lang;
  try {
    return body();
  } finally {
    current = before;
  }
}

export function isLanguage(value: string): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of the locale, as POSIX picks it: the first set of LC_ALL, LC_MESSAGES, LANG;
 * `ja` or `ja_JP.UTF-8` (any `ja_*`) is Japanese, anything else English.
 */
export function languageFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja(?:[_.@]|$)/i.test(locale) ? 'ja' : 'en';
}

/** A catalogue entry: a text, a function making one from values, a list of texts, or a nested section. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Entry = string | readonly string[] | ((...args: any[]) => string) | { readonly [key: string]: Entry };
export type Catalogue = { readonly [key: string]: Entry };

/** Every catalogue made, by name, for the test that checks none has an empty or missing text. */
const registry = new Map<string, { readonly en: Catalogue; readonly ja: Catalogue }>();

/**
 * A catalogue in both languages. `name` identifies it in the completeness test (a step's id, or
 * the module's name). Reading a key gives the current language's entry at that moment.
 */
export function texts<T extends Catalogue>(name: string, en: T, ja: NoInfer<T>): T {
  if (registry.has(name)) throw new Error(`internal: two text catalogues are named "${name}"`);
  registry.set(name, { en, ja });
  return new Proxy(en, {
    get: (_target, key) => (current === 'ja' ? ja : en)[key as keyof T],
  });
}

/** Every catalogue made so far (the modules that define them must have been imported). */
export function catalogues(): ReadonlyMap<string, { readonly en: Catalogue; readonly ja: Catalogue }> {
  return registry;
}
