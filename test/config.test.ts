import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySetFlags, loadConfigFile, parseYaml, settingsFromSet } from '../src/config.js';
import { withLanguage } from '../src/i18n/index.js';
import { englishLeft } from './support/english.js';
import { tempDir } from './support/wizard.js';

describe('config file and --set', () => {
  it('keeps numbers that are really phone numbers or calling codes as text', () => {
    expect(parseYaml('a: 0312345678\nb: +81\nc: 50\nd: 1.5\ne: "x"\n')).toEqual({ a: '0312345678', b: '+81', c: 50, d: 1.5, e: 'x' });
  });

  it('splits run settings from step sections and validates the settings with the field path', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'regions: [eu-west-1]\nconcurrency: 4\nmonthly-budget:\n  amount: 50\n');
    expect(loadConfigFile(file)).toEqual({ settings: { regions: ['eu-west-1'], concurrency: 4 }, sections: { 'monthly-budget': { amount: 50 } } });
    writeFileSync(file, 'regions: [EU-West-1]\n');
    expect(() => loadConfigFile(file)).toThrow(/regions\.0: expected a region name like eu-west-1/);
    expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/cannot read .*missing\.yaml \(ENOENT\)/);
    writeFileSync(file, '[1, 2]\n');
    expect(() => loadConfigFile(file)).toThrow(/must hold a mapping/);
  });

  it('organization.securityAccount and logArchiveAccount: from the file, or --set over it, as 12-digit text', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'organization:\n  securityAccount: 210987654301\n  logArchiveAccount: "012345678901"\n');
    const loaded = loadConfigFile(file);
    expect(loaded.settings.organization).toEqual({ securityAccount: '210987654301', logArchiveAccount: '012345678901' });
    const sections: Record<string, unknown> = { ...loaded.sections };
    applySetFlags(sections, ['organization.securityAccount=210987654309', 'monthly-budget.amount=5']);
    expect(settingsFromSet(loaded.settings, sections).organization).toEqual({ securityAccount: '210987654309', logArchiveAccount: '012345678901' });
    // The setting is not left among the step sections.
    expect(sections).toEqual({ 'monthly-budget': { amount: 5 } });
    const bad: Record<string, unknown> = {};
    applySetFlags(bad, ['organization.securityAccount=1234']);
    expect(() => settingsFromSet({}, bad)).toThrow(/organization\.securityAccount: expected a 12-digit account id/);
    writeFileSync(file, 'organization:\n  security: 210987654301\n');
    expect(() => loadConfigFile(file)).toThrow(/organization/);
  });

  it('reads JSON too', () => {
    const file = join(tempDir(), 'c.json');
    writeFileSync(file, JSON.stringify({ 'monthly-budget': { emails: ['a@example.com'] } }));
    expect(loadConfigFile(file).sections).toEqual({ 'monthly-budget': { emails: ['a@example.com'] } });
  });

  it('--set reads values as YAML into nested step fields', () => {
    const sections: Record<string, unknown> = { 'monthly-budget': { name: 'x' } };
    applySetFlags(sections, ['monthly-budget.amount=50', 'monthly-budget.emails=[a@example.com, b@example.com]', 'alternate-contacts.billing.phone=0312345678']);
    expect(sections).toEqual({
      'monthly-budget': { name: 'x', amount: 50, emails: ['a@example.com', 'b@example.com'] },
      'alternate-contacts': { billing: { phone: '0312345678' } },
    });
    expect(() => applySetFlags(sections, ['nodot=1'])).toThrow(/expected <step-id>\.<field>=<value>/);
  });
});

describe('config errors in Japanese', () => {
  /** The message `body` throws with the language set to Japanese. */
  const japanese = (body: () => unknown) => {
    try {
      withLanguage('ja', body);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  };

  it('name the field path as written in the file, with the reason in Japanese', () => {
    const file = join(tempDir(), 'c.yaml');
    const cases: Array<[string, string]> = [
      ['regions: [EU-West-1]\n', 'regions.0: eu-west-1 のようなリージョン名を指定してください'],
      ['concurrency: 0\n', 'concurrency: 1 以上の値にしてください'],
      ['concurrency: 65\n', 'concurrency: 64 以下の値にしてください'],
      ['concurrency: many\n', 'concurrency: 数値を指定してください (文字列が指定されています)'],
      ['only: guardduty\n', 'only: リストを指定してください (文字列が指定されています)'],
      ['regions: []\n', 'regions: 要素の数は 1 個以上にしてください'],
      ['skip: [""]\n', 'skip.0: 文字数は 1 文字以上にしてください'],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(file, text);
      const message = japanese(() => loadConfigFile(file));
      expect(message, text).toContain(`--config ${file}:\n  ${expected}`);
      expect(englishLeft(message), text).toEqual([]);
      // English is as before.
      expect(() => loadConfigFile(file)).toThrow(/^--config .*:\n {2}(regions|concurrency|only|skip)(\.0)?: [A-Za-z]/);
    }
  });

  it('a file that cannot be read, is not YAML, or is not a mapping; a malformed --set', () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    expect(japanese(() => loadConfigFile(join(dir, 'missing.yaml')))).toBe(`--config: ${join(dir, 'missing.yaml')} を読めません (ENOENT)。`);
    writeFileSync(file, 'foo: [1, 2\n');
    const notYaml = japanese(() => loadConfigFile(file));
    expect(notYaml).toMatch(/^--config: .*c\.yaml は YAML としても JSON としても正しくありません \(\d+ 行 \d+ 文字目、[A-Z_]+\)$/);
    expect(englishLeft(notYaml)).toEqual([]);
    writeFileSync(file, '[1, 2]\n');
    expect(japanese(() => loadConfigFile(file))).toBe(`--config: ${file} には設定とステップ ID のマッピングを書いてください。`);
    expect(japanese(() => applySetFlags({}, ['nodot=1']))).toBe('--set nodot=1: <ステップ ID>.<フィールド>=<値> の形で指定してください (例: --set monthly-budget.amount=50)');
  });
});
