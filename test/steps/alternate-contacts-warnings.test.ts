/**
 * Issue 18: contacts that share an email address or phone number are warned about (a note, not an
 * error, in the preview and in --json), and phones without +country code get their international
 * form offered: at the prompt they are asked again, from a file they are accepted with a warning.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import step, { type AlternateContactsState, type Contact } from '../../steps/alternate-contacts.js';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { cli } from '../support/cli.js';
import { simEnv } from '../support/sim.js';
import { runAgainst, ScriptedHost, tempDir } from '../support/wizard.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const billing: Contact = { name: 'Ada Billing', title: 'Finance lead', email: 'billing@example.com', phone: '+81 3-1111-2222' };
const operations: Contact = { name: 'Oz Ops', title: 'SRE', email: 'ops@example.com', phone: '+81 3-3333-4444' };
const security: Contact = { name: 'Sec Person', title: 'CISO', email: 'security@example.com', phone: '+81 3-5555-6666' };
// The simulated fresh account's primary contact: a Japanese number written nationally.
const primary = { phone: '03-1234-5678', country: 'JP' };
const none: AlternateContactsState = { contacts: { BILLING: null, OPERATIONS: null, SECURITY: null }, primary };
const inputs = (given: object) => step.inputs!.schema.parse(given);
const warnings = (plan: { notes?: readonly string[] }) => (plan.notes ?? []).filter((note) => note.startsWith('Warning:'));

describe('contacts that share an email address or phone number', () => {
  it('one address for all three: one warning naming it and the contacts, suggesting distribution lists; still planned', () => {
    const same = 'Me@Example.com';
    const plan = step.plan(none, inputs({ billing: { ...billing, email: same }, operations: { ...operations, email: 'me@example.com' }, security: { ...security, email: same } }), planCtx);
    expect(plan.changes).toHaveLength(3);
    expect(plan.skipped).toBeUndefined();
    expect(plan.advice).toBeUndefined();
    expect(warnings(plan)).toEqual([
      'Warning: the billing, operations and security contacts share the email address Me@Example.com: one person away (or one full mailbox) silences all of them. ' +
        'Give each a distribution-list address that more than one person reads, e.g. aws-billing@Example.com, aws-operations@Example.com, aws-security@Example.com.',
    ]);
  });

  it('names only the contacts that share, including one already set in the account', () => {
    const state: AlternateContactsState = { ...none, contacts: { ...none.contacts, BILLING: { ...billing, email: 'finance@example.com' } } };
    const plan = step.plan(state, inputs({ operations, security: { ...security, email: 'finance@example.com' } }), planCtx);
    expect(warnings(plan)).toEqual([expect.stringMatching(/^Warning: the billing and security contacts share the email address finance@example\.com: .*aws-billing@example\.com, aws-security@example\.com\.$/)]);
  });

  it("a phone shared with the primary contact's, however it is written", () => {
    const plan = step.plan(none, inputs({ billing, operations, security: { ...security, phone: '+81 (3) 1234 5678' } }), planCtx);
    expect(warnings(plan)).toEqual([
      'Warning: the security and primary contacts share the phone number +81 (3) 1234 5678: one person away silences both. Give each a number that reaches more than one person (a team line or an on-call rotation).',
    ]);
  });

  it('a phone shared between contacts, and an email too: one warning each', () => {
    const plan = step.plan(none, inputs({ billing, operations: { ...operations, phone: billing.phone, email: billing.email }, security }), planCtx);
    expect(warnings(plan)).toEqual([
      expect.stringMatching(/^Warning: the billing and operations contacts share the email address billing@example\.com:/),
      expect.stringMatching(/^Warning: the billing and operations contacts share the phone number \+81 3-1111-2222:/),
    ]);
  });

  it("the example config's contacts get no warning on the demo account", () => {
    const example = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;
    expect(warnings(step.plan(none, inputs(example['alternate-contacts'] ?? {}), planCtx))).toEqual([]);
  });

  it('distinct contacts get no warning; an unreadable primary contact is simply not compared', () => {
    expect(warnings(step.plan(none, inputs({ billing, operations, security }), planCtx))).toEqual([]);
    const unread: AlternateContactsState = { ...none, primary: null };
    expect(warnings(step.plan(unread, inputs({ billing, operations, security: { ...security, phone: '+81 3-1234-5678' } }), planCtx))).toEqual([]);
  });
});

describe('alternate contact phones without +country code', () => {
  it('from a file: accepted as they are, with a warning giving the international form', () => {
    const given = { billing: { ...billing, phone: '03-1111-2222' }, operations, security };
    expect(step.inputs!.schema.safeParse(given).success).toBe(true);
    const plan = step.plan(none, inputs(given), planCtx);
    expect(plan.changes[0]!.payload).toMatchObject({ type: 'BILLING', contact: { phone: '03-1111-2222' } });
    expect(warnings(plan)).toEqual([
      "Warning: the billing contact's phone 03-1111-2222 has no +country code: AWS accepts it, but a call from abroad cannot reach it; use +81 3-1111-2222 (alternate-contacts.billing.phone).",
    ]);
    // The primary phone's preview note: what to check in the suggested number.
    expect(plan.notes).toContain('Check the new number: the national trunk prefix (e.g. the leading 0) is dropped after the country code, as dialling from abroad requires.');
  });

  it('without a known country, asks for the +country code without guessing one', () => {
    const plan = step.plan({ ...none, primary: null }, inputs({ billing, operations: { ...operations, phone: '555 0100' }, security }), planCtx);
    expect(warnings(plan)).toEqual([expect.stringMatching(/operations contact's phone 555 0100 has no \+country code: .*; write it with its \+country code, like \+81 3-1234-5678/)]);
    expect(plan.notes!.join(' ')).not.toMatch(/trunk prefix/);
  });

  it('at the prompt: asked again with the international form offered', () => {
    const phone = step.inputs!.questions(none, {}).find((q) => q.path === 'billing.phone')!;
    expect(phone.message).toBe('Billing contact — phone number, with +country code:');
    expect(phone.validate!('03-1111-2222')).toBe('add the country code, so AWS can call it from abroad: +81 3-1111-2222');
    expect(phone.validate!('+81 3-1111-2222')).toBeUndefined();
    expect(phone.validate!('call me')).toMatch(/expected a phone number/);
    const unknown = step.inputs!.questions({ ...none, primary: null }, {}).find((q) => q.path === 'billing.phone')!;
    expect(unknown.validate!('03-1111-2222')).toBe('add the country code, so AWS can call it from abroad, like +81 3-1234-5678');
  });
});

describe('against the simulated account', () => {
  const answers = (email: string) =>
    Object.fromEntries(
      (['billing', 'operations', 'security'] as const).flatMap((key, i) => [
        [`${key}.name`, `Person ${i}`],
        [`${key}.title`, 'Lead'],
        [`${key}.email`, email],
        [`${key}.phone`, `+81 3-0000-000${i}`],
      ]),
    );

  it('reads the primary contact, and an interactive run shows the warning in the preview', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const host = new ScriptedHost(true, answers('me@example.com'));
    const { report, output } = await runAgainst(sim, { steps: [step], host });
    expect(output).toContain('Warning: the billing, operations and security contacts share the email address me@example.com');
    // A warning, not a failure: the contacts are set.
    expect(report.results.map((r) => r.status)).toEqual(['changed']);
    expect(report.notes).toEqual(expect.arrayContaining([{ step: 'alternate-contacts', note: expect.stringMatching(/^Warning: the billing, operations and security contacts share/) }]));
    // The person was offered the international form of a national number.
    expect(host.asked.find((q) => q.path === 'security.phone')!.validate!('03-5555-6666')).toMatch(/\+81 3-5555-6666$/);
  });

  it('without permission to read the primary contact, the step still runs', async () => {
    const { ctx } = simEnv({ faults: [{ service: 'account', action: 'GetContactInformation', code: 'AccessDeniedException', status: 403 }] });
    expect(await step.observe(ctx())).toEqual({ ...none, primary: null });
  });
});

describe('--json', () => {
  let home: string;
  beforeEach(() => {
    home = tempDir();
    process.env.AWS_BOOTSTRAP_HOME = home;
  });

  it('carries the warning as a note, and the notes of every other step too', async () => {
    const config = join(home, 'contacts.yaml');
    const contact = (name: string) => ({ name, title: 'Lead', email: 'me@example.com', phone: '03-1111-2222' });
    writeFileSync(config, JSON.stringify({ 'alternate-contacts': { billing: contact('A'), operations: contact('B'), security: contact('C') } }));
    const result = await cli('plan', { demo: true, demoState: join(home, 'account.json'), json: true, config, only: ['alternate-contacts', 'iam-password-policy'] });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { results: Array<{ step: string; status: string }>; notes: Array<{ step: string; note: string }> };
    expect(report.results.map((r) => [r.step, r.status])).toEqual([['alternate-contacts', 'would change'], ['iam-password-policy', 'would change']]);
    const notes = (id: string) => report.notes.filter((n) => n.step === id).map((n) => n.note);
    expect(notes('alternate-contacts')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Warning: the billing, operations and security contacts share the email address me@example\.com/),
      expect.stringMatching(/^Warning: the billing, operations and security contacts share the phone number 03-1111-2222/),
      expect.stringMatching(/^Warning: the billing contact's phone 03-1111-2222 has no \+country code: .*use \+81 3-1111-2222/),
    ]));
    expect(notes('iam-password-policy')).toEqual(expect.arrayContaining([expect.stringMatching(/^Most settings apply when a password is next set/)]));
    // The human preview (on stderr under --json) shows the same warning.
    expect(result.stderr).toContain('Warning: the billing, operations and security contacts share the email address me@example.com');
  });
});

describe('after a warning about the answers, a person may edit them (issue 26)', () => {
  /** Answers each question from `rounds[n]`, moving to the next round when the step is asked again. */
  class EditingHost extends ScriptedHost {
    round = 0;
    constructor(private readonly rounds: Array<Record<string, string>>, decisions: Array<'edit' | 'yes' | 'no'>) {
      super(true, {}, decisions);
    }
    override async ask(question: Parameters<ScriptedHost['ask']>[0]): Promise<string | boolean> {
      this.asked.push(question);
      return this.rounds[this.round]![question.path] ?? (question.default as string);
    }
    override async confirm(request: Parameters<ScriptedHost['confirm']>[0]) {
      const decision = await super.confirm(request);
      if (decision === 'edit') this.round++;
      return decision;
    }
  }
  const answersOf = (contacts: Record<'billing' | 'operations' | 'security', Contact>) =>
    Object.fromEntries(Object.entries(contacts).flatMap(([key, c]) => Object.entries(c).map(([field, value]) => [`${key}.${field}`, value])));

  it.each(['en', 'ja'] as const)('in %s: contacts sharing one email offer "edit the answers"; they are asked again with the previous answers as defaults, and the new ones are applied', async (lang) => {
    const shared = 'me@corp.example.com';
    const first = answersOf({ billing: { ...billing, email: shared }, operations: { ...operations, email: shared }, security: { ...security, email: shared } });
    // Only the operations and security addresses change; every other answer is taken as offered (the default).
    const second = { 'operations.email': 'ops@corp.example.com', 'security.email': 'security@corp.example.com' };
    const host = new EditingHost([first, second], ['edit', 'yes']);
    const sim = new SimulatedAccount(freshAccountState());
    const { setLanguage } = await import('../../src/i18n/index.js');
    setLanguage(lang);
    try {
      await runAgainst(sim, { steps: [step], host });
    } finally {
      setLanguage('en');
    }
    expect(host.confirmations).toHaveLength(2);
    expect(host.confirmations[0]!.edit).toBe(true);
    // No warning the second time: no edit offered.
    expect(host.confirmations[1]!.edit).toBeUndefined();
    const again = host.asked.slice(host.asked.length / 2);
    expect(again.map((q) => q.path)).toEqual(host.asked.slice(0, host.asked.length / 2).map((q) => q.path));
    expect(Object.fromEntries(again.map((q) => [q.path, q.default]))).toEqual(first);
    const contacts = sim.state.account.alternateContacts;
    expect(contacts.BILLING?.EmailAddress).toBe(shared);
    expect(contacts.OPERATIONS?.EmailAddress).toBe('ops@corp.example.com');
    expect(contacts.SECURITY?.EmailAddress).toBe('security@corp.example.com');
    expect(host.output.match(lang === 'ja' ? /警告:/g : /Warning:/g)).toHaveLength(1);
  });
});
