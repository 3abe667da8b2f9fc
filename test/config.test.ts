import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySetFlags, loadConfigFile, parseYaml } from '../src/config.js';
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
