/**
 * Issue 12: the engine's own texts (progress, previews, confirmations, the summary, undo, errors
 * and their hints) in both languages: every entry of its catalogues, rendered with sample values,
 * is non-empty, and the Japanese leaves nothing in English apart from AWS names, ids and values.
 */
import { describe, expect, it } from 'vitest';
import '../../src/engine/run.js';
import '../../src/engine/undo.js';
import '../../src/engine/host.js';
import '../../src/core/errors.js';
import { catalogues, setLanguage, withLanguage, type Catalogue, type Entry } from '../../src/i18n/index.js';
import { renderSummary, styles, type ResultStatus, type RunReport } from '../../src/report/render.js';
import { explainSetupFailure } from '../../src/engine/setup.js';
import { englishLeft } from '../support/english.js';

const ENGINE_CATALOGUES = [
  'engine.run',
  'engine.preview',
  'engine.apply',
  'engine.undo',
  'engine.probe',
  'engine.progress',
  'engine.inputs',
  'engine.needs',
  'engine.setup',
  'engine.observe',
  'host',
  'report',
  'errors',
];

/**
 * A value that stands in for any argument: a string ("us-east-1"), a number (2), a list of
 * two region codes, a boolean (true) or a function that returns its argument.
 */
const anything: unknown = new Proxy((text: unknown) => text, {
  get(target, key) {
    if (key === Symbol.toPrimitive) return (hint: string) => (hint === 'number' ? 2 : 'us-east-1');
    if (key === 'length') return 2;
    if (key === 'join') return (separator = ',') => ['us-east-1', 'eu-west-1'].join(separator);
    if (key === 'map') return (f: (x: string) => string) => ['us-east-1', 'eu-west-1'].map(f);
    return Reflect.get(target, key);
  },
});

/** Every text of an entry, with functions called on stand-ins (and both answers of a yes/no). */
function rendered(entry: Entry, path: string): Array<[string, string]> {
  if (typeof entry === 'string') return [[path, entry]];
  if (Array.isArray(entry)) return entry.map((text, i) => [`${path}[${i}]`, text as string]);
  if (typeof entry === 'function') {
    const args = Array.from({ length: entry.length }, () => anything);
    const out: Array<[string, string]> = [[path, entry(...args)]];
    // A yes/no argument: the other answer too.
    for (let i = 0; i < entry.length; i++) {
      const flipped = args.map((a, j) => (j === i ? false : a));
      try {
        const text = entry(...flipped) as string;
        // Not a yes/no argument if it shows up as a value.
        if (!/\b(?:false|undefined)\b/.test(text)) out.push([`${path} (argument ${i + 1} false)`, text]);
      } catch {
        // Not a yes/no argument.
      }
    }
    return out;
  }
  return Object.entries(entry as Catalogue).flatMap(([key, value]) => rendered(value, `${path}.${key}`));
}

describe('the engine texts', () => {
  for (const name of ENGINE_CATALOGUES) {
    it(`${name}: every entry is non-empty in both languages, and the Japanese leaves no English`, () => {
      const catalogue = catalogues().get(name);
      expect(catalogue, name).toBeDefined();
      for (const [path, text] of rendered(catalogue!.en, name)) expect(text.trim(), path).not.toBe('');
      for (const [path, text] of rendered(catalogue!.ja, name)) {
        expect(text.trim(), path).not.toBe('');
        expect(englishLeft(text), `${path}: ${text}`).toEqual([]);
      }
    });
  }

  it('the summary shows the status words in the language of the run, and the report keeps the status values', () => {
    const statuses: ResultStatus[] = ['compliant', 'changed', 'would change', 'skipped', 'failed', 'action needed', 'undone', 'would undo'];
    // As the engine makes them: the summaries as shown only when the run is not in English.
    const reportIn = (shown?: string[]): RunReport => ({
      regions: ['us-east-1'],
      dryRun: true,
      undoRecords: 0,
      results: statuses.map((status, i) => ({ step: `step-${i}`, title: 'A title', region: 'us-east-1', status, changes: ['Turn it on'], ...(shown ? { changesShown: shown } : {}) })),
      quit: false,
      exitCode: 0,
    });
    const s = styles({} as NodeJS.WritableStream);
    const english = renderSummary(reportIn(), s);
    expect(english).toMatch(/step-2 +us-east-1 +~ would change +Turn it on/);
    expect(english).toContain('1 already compliant, 1 changed, 1 would change');
    setLanguage('ja');
    try {
      const report = reportIn(['有効にする']);
      const japanese = renderSummary(report, s);
      expect(japanese).toMatch(/step-2 +us-east-1 +~ 変更予定 +有効にする/);
      expect(japanese).toContain('まとめ (ドライラン: 何も変更していません)');
      expect(japanese).toContain('すでに準拠 1 件、変更済み 1 件、変更予定 1 件');
      expect(englishLeft(japanese)).toEqual([]);
      expect(report.results.map((r) => r.status)).toEqual(statuses);
    } finally {
      setLanguage('en');
    }
  });

  it('errors with their hints in Japanese', () => {
    const error = (name: string, message: string) => Object.assign(new Error(message), { name });
    const text = withLanguage('ja', () => explainSetupFailure(error('CredentialsProviderError', 'Could not load credentials from any providers')));
    expect(text).toMatch(/^AWS の認証情報が見つかりませんでした。--profile/);
    expect(englishLeft(text)).toEqual([]);
  });
});
