import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step, { type AlternateContactsState, type Contact } from '../../steps/alternate-contacts.js';
import { applyAll, undoAll } from '../support/apply.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const billing: Contact = { name: 'Ada Billing', title: 'Finance lead', email: 'billing@example.com', phone: '+81 3-1111-2222' };
const operations: Contact = { name: 'Oz Ops', title: 'SRE', email: 'ops@example.com', phone: '+81 3-3333-4444' };
const security: Contact = { name: 'Sec Person', title: 'CISO', email: 'security@example.com', phone: '+81 3-5555-6666' };
// The simulated fresh account's primary contact: a Japanese number written nationally.
const primary = { phone: '03-1234-5678', country: 'JP' };
const none: AlternateContactsState = { contacts: { BILLING: null, OPERATIONS: null, SECURITY: null }, primary };
const allSet: AlternateContactsState = { contacts: { BILLING: billing, OPERATIONS: operations, SECURITY: security }, primary };
const inputs = (extra: object = {}) => step.inputs!.schema.parse({ billing, operations, security, ...extra });

describe('alternate-contacts plan', () => {
  it('plans nothing when all three contacts are set (compliant), and says what they are', () => {
    const plan = step.plan(allSet, step.inputs!.schema.parse({}), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual(expect.arrayContaining([expect.stringContaining('billing@example.com')]));
  });

  it('plans one change per contact type that is not set (noncompliant)', () => {
    const plan = step.plan(none, inputs(), planCtx);
    expect(plan.changes.map((c) => c.payload)).toEqual([
      { type: 'BILLING', contact: billing, previous: null },
      { type: 'OPERATIONS', contact: operations, previous: null },
      { type: 'SECURITY', contact: security, previous: null },
    ]);
    expect(plan.changes[0]!.before).toBe('not set');
    expect(plan.changes[0]!.after).toEqual(billing);
  });

  it('leaves a contact that is set alone unless replaceExisting is true', () => {
    const other = { ...security, name: 'Someone Else' };
    const state: AlternateContactsState = { ...allSet, contacts: { ...allSet.contacts, SECURITY: other } };
    const kept = step.plan(state, inputs(), planCtx);
    expect(kept.changes).toEqual([]);
    expect(kept.notes).toEqual(expect.arrayContaining([expect.stringMatching(/Security contact is already set \(Someone Else.*replaceExisting: true/)]));

    const replaced = step.plan(state, inputs({ replaceExisting: true }), planCtx);
    expect(replaced.changes).toHaveLength(1);
    expect(replaced.changes[0]!.payload).toEqual({ type: 'SECURITY', contact: security, previous: other });
    expect(replaced.changes[0]!.before).toEqual(other);
  });

  it('treats an email that differs only in case as the same contact', () => {
    const state: AlternateContactsState = { ...allSet, contacts: { ...allSet.contacts, BILLING: { ...billing, email: 'Billing@Example.com' } } };
    expect(step.plan(state, inputs({ replaceExisting: true }), planCtx).changes).toEqual([]);
  });

  it('skips, naming the config section, when a contact is not set and no values were given', () => {
    const plan = step.plan(none, step.inputs!.schema.parse({}), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toMatch(/billing, operations, security contacts \(config section alternate-contacts:\)/);

    const partly = step.plan(none, step.inputs!.schema.parse({ security }), planCtx);
    expect(partly.skipped).toBeUndefined();
    expect(partly.changes).toHaveLength(1);
    expect(partly.notes).toEqual([expect.stringContaining('billing, operations contacts')]);
  });
});

describe('alternate-contacts questions', () => {
  const questions = (state: AlternateContactsState, given: Record<string, unknown>) => step.inputs!.questions(state, given);

  it('asks for every field of every contact that is not set', () => {
    const asked = questions(none, {});
    expect(asked.map((q) => q.path)).toEqual(
      ['billing', 'operations', 'security'].flatMap((key) => ['name', 'title', 'email', 'phone'].map((field) => `${key}.${field}`)),
    );
    expect(asked.every((q) => q.kind === 'text' && q.default === undefined)).toBe(true);
  });

  it('asks only for the missing fields when some are given, and nothing for contacts that are set', () => {
    const state: AlternateContactsState = { primary, contacts: { BILLING: null, OPERATIONS: operations, SECURITY: security } };
    expect(questions(state, { billing: { name: 'Ada', email: 'a@example.com' } }).map((q) => q.path)).toEqual(['billing.title', 'billing.phone']);
  });

  it('validates answers with the shared validators', () => {
    const byPath = Object.fromEntries(questions(none, {}).map((q) => [q.path, q]));
    expect(byPath['billing.email']!.validate!('not-an-email')).toBe('expected an email address like name@example.com');
    expect(byPath['billing.email']!.validate!('a@example.com')).toBeUndefined();
    expect(byPath['security.phone']!.validate!('call me')).toMatch(/expected a phone number/);
    expect(byPath['operations.title']!.validate!('x'.repeat(51))).toBe('a title is at most 50 characters');
  });

  it('asks once whether to replace contacts that are set and differ from the config (default no)', () => {
    const state: AlternateContactsState = { primary, contacts: { BILLING: { ...billing, phone: '+1 555 0100' }, OPERATIONS: operations, SECURITY: null } };
    const asked = questions(state, { billing, operations, security });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ path: 'replaceExisting', kind: 'confirm', default: false });
    expect(asked[0]!.message).toMatch(/billing \(now Ada Billing/);
    expect(questions(state, { billing, operations, security, replaceExisting: false })).toEqual([]);
    // The same values as already set: nothing to replace, nothing to ask.
    expect(questions(allSet, { billing, operations, security })).toEqual([]);
  });

  it('completes a contact the config only partly gives, even when one is already set', () => {
    const asked = questions(allSet, { security: { email: 'new-security@example.com' } });
    expect(asked.map((q) => q.path)).toEqual(['security.name', 'security.title', 'security.phone', 'replaceExisting']);
    expect(asked[3]!.message).toMatch(/^Already set, and different from the config: security \(now Sec Person/);
  });
});

describe('alternate-contacts inputs', () => {
  const problems = (given: unknown) => {
    const result = step.inputs!.schema.safeParse(given);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('rejects a malformed email, phone or overlong name with a clear message', () => {
    expect(problems({ billing: { ...billing, email: 'billing-at-example.com' } })).toEqual(['billing.email: expected an email address like name@example.com']);
    expect(problems({ security: { ...security, phone: '+81 3 CALL NOW' } })).toContain(
      'security.phone: expected a phone number of digits, spaces and ()+-, like +81 3-1234-5678',
    );
    expect(problems({ operations: { ...operations, name: 'n'.repeat(65) } })).toEqual(['operations.name: a name is at most 64 characters']);
  });

  it('rejects unknown keys (a typo must not pass silently)', () => {
    expect(problems({ biling: billing })[0]).toMatch(/biling/);
  });
});

describe('alternate-contacts against the simulated account', () => {
  it('reads "not set" on a fresh account, sets all three, and then plans nothing', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx());
    expect(before).toEqual(none);
    const undos = await applyAll(step, ctx(), step.plan(before, inputs(), planCtx), inputs());
    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([
      ['PutAlternateContact', { AlternateContactType: 'BILLING', Name: billing.name, Title: billing.title, EmailAddress: billing.email, PhoneNumber: billing.phone }],
      ['PutAlternateContact', { AlternateContactType: 'OPERATIONS', Name: operations.name, Title: operations.title, EmailAddress: operations.email, PhoneNumber: operations.phone }],
      ['PutAlternateContact', { AlternateContactType: 'SECURITY', Name: security.name, Title: security.title, EmailAddress: security.email, PhoneNumber: security.phone }],
    ]);
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);
    expect(undos.map((u) => u.kind)).toEqual(['delete-alternate-contact', 'delete-alternate-contact', 'delete-alternate-contact']);

    await undoAll(step, ctx(), undos);
    expect(sim.state.account.alternateContacts).toEqual({});
    expect(sim.mutatingCalls().slice(3).map((c) => c.action)).toEqual(['DeleteAlternateContact', 'DeleteAlternateContact', 'DeleteAlternateContact']);
  });

  it('replaces a contact only when asked, and undo puts the previous values back', async () => {
    const { sim, ctx } = simEnv();
    const previous = { AlternateContactType: 'SECURITY' as const, Name: 'Old Sec', Title: 'Former CISO', EmailAddress: 'old@example.com', PhoneNumber: '+1 555 0100' };
    sim.state.account.alternateContacts.SECURITY = { ...previous };
    const given = inputs({ replaceExisting: true });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    expect(plan.changes.map((c) => c.summary)).toEqual([
      'Set the billing alternate contact',
      'Set the operations alternate contact',
      'Replace the security alternate contact',
    ]);
    const undos = await applyAll(step, ctx(), plan, given);
    expect(sim.state.account.alternateContacts.SECURITY?.Name).toBe('Sec Person');

    await undoAll(step, ctx(), undos);
    expect(sim.state.account.alternateContacts).toEqual({ SECURITY: previous });
  });

  it('reports drift when a contact was changed after it was set', async () => {
    const { sim, ctx } = simEnv();
    const undo = await step.apply(ctx(), step.plan(none, inputs(), planCtx).changes[0]!, inputs());
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBeUndefined();
    sim.state.account.alternateContacts.BILLING!.EmailAddress = 'someone-else@example.com';
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toMatch(/billing contact was changed since this run \(now .*someone-else@example.com/);
    delete sim.state.account.alternateContacts.BILLING;
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBe('the billing contact was removed since this run');
  });
});

describe('alternate-contacts in Japanese', () => {
  it('shows its plan, questions, validation messages, undo records and drift in Japanese, with no English left', async () => {
    const shared = { billing, operations: { ...operations, email: billing.email, phone: '03-3333-4444' }, security: { ...security, phone: '+81 3-1234-5678' } };
    const ja = withLanguage('ja', () => {
      const plan = step.plan(none, inputs(shared), planCtx);
      const kept = step.plan({ ...allSet, contacts: { ...allSet.contacts, SECURITY: { ...security, name: 'Someone Else' } } }, inputs(), planCtx);
      const skipped = step.plan(none, step.inputs!.schema.parse({}), planCtx);
      const asked = step.inputs!.questions(none, {});
      const replace = step.inputs!.questions({ ...allSet, contacts: { ...allSet.contacts, BILLING: { ...billing, phone: '+1 555 0100' } } }, { billing, operations, security });
      const byPath = Object.fromEntries(asked.map((q) => [q.path, q]));
      const invalid = step.inputs!.schema.safeParse({ billing: { ...billing, name: '', title: 't'.repeat(51), email: 'nope', phone: 'call me' } });
      return {
        title: step.title,
        why: step.why,
        plan,
        kept,
        skipped: skipped.skipped!,
        questions: [...asked, ...replace].map((q) => q.message),
        answers: [byPath['billing.phone']!.validate!('03-1111-2222')!, byPath['billing.email']!.validate!('nope')!, byPath['billing.name']!.validate!('')!],
        invalid: invalid.success ? [] : invalid.error.issues.map((i) => i.message),
      };
    });
    expect(ja.plan.changes.map((c) => c.summary)).toEqual(['代替の連絡先 (請求) を設定する', '代替の連絡先 (オペレーション) を設定する', '代替の連絡先 (セキュリティ) を設定する']);
    expect(ja.plan.changes[0]!.before).toBe('未設定');
    // Data stays data: the contact itself is shown as given.
    expect(ja.plan.changes[0]!.after).toEqual(billing);
    expect(ja.plan.notes).toEqual([
      '警告: 代替の連絡先 (請求、オペレーション) が同じ E メールアドレス billing@example.com を使っています。1 人が不在になる (またはメールボックスが 1 つ満杯になる) だけで、両方に連絡が届かなくなります。それぞれに、複数の人が読む配信リストのアドレスを指定してください (例: aws-billing@example.com, aws-operations@example.com)。',
      expect.stringMatching(/^警告: 代替の連絡先 \(セキュリティ\) と主要連絡先が同じ電話番号 \+81 3-1234-5678 を使っています。/),
      '警告: 代替の連絡先 (オペレーション) の電話番号 03-3333-4444 に +国番号がありません。AWS は受け付けますが、海外からの電話は届きません。+81 3-3333-4444 を使ってください (alternate-contacts.operations.phone)。',
      expect.stringMatching(/^新しい番号を確認してください。/),
    ]);
    expect(ja.kept.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^代替の連絡先 \(セキュリティ\) はすでに設定されているため .*replaceExisting: true/)]));
    expect(ja.questions[0]).toBe('代替の連絡先 (請求) — 氏名:');
    expect(ja.questions[3]).toBe('代替の連絡先 (請求) — 電話番号 (+国番号付き):');
    expect(ja.questions.at(-1)).toMatch(/^すでに設定されていて、設定ファイルと異なります: 請求 \(現在: Ada Billing .*\)。設定ファイルの値で置き換えますか\?$/);
    expect(ja.answers).toEqual(['AWS が海外から電話できるように、国番号を付けてください: +81 3-1111-2222', 'name@example.com のような E メールアドレスを指定してください', '氏名を指定してください']);
    expect(ja.invalid).toEqual([
      '氏名を指定してください',
      '役職は 50 文字以内で指定してください',
      'name@example.com のような E メールアドレスを指定してください',
      '電話番号は数字、空白と ()+- だけを使い、+81 3-1234-5678 のように指定してください',
      '電話番号には 5 桁以上の数字が必要です',
    ]);
    const shown = [ja.title, ja.why, ...ja.plan.changes.map((c) => c.summary), ...ja.plan.notes!, ...ja.kept.notes!, ja.skipped, ...ja.questions, ...ja.answers, ...ja.invalid];
    // The contacts' own names and titles are data, shown as given.
    const data = ['Ada Billing', 'Finance lead', 'Oz Ops', 'Sec Person', 'Someone Else', 'Old Sec', 'Former CISO'];
    for (const text of shown) expect(englishLeft(text, data)).toEqual([]);
    // English again outside withLanguage.
    expect(step.plan(none, inputs(), planCtx).changes[0]!.summary).toBe('Set the billing alternate contact');

    const { sim, ctx } = simEnv();
    sim.state.account.alternateContacts.SECURITY = { AlternateContactType: 'SECURITY', Name: 'Old Sec', Title: 'Former CISO', EmailAddress: 'old@example.com', PhoneNumber: '+1 555 0100' };
    setLanguage('ja');
    try {
      const given = inputs({ replaceExisting: true });
      const [set, , replaced] = step.plan(await step.observe(ctx()), given, planCtx).changes;
      const deleteUndo = await step.apply(ctx(), set!, given);
      const restoreUndo = await step.apply(ctx(), replaced!, given);
      expect(deleteUndo).toMatchObject({ kind: 'delete-alternate-contact', type: 'BILLING', description: '代替の連絡先 (請求) を削除する (以前は未設定)' });
      expect(restoreUndo).toMatchObject({ kind: 'restore-alternate-contact', type: 'SECURITY', description: '代替の連絡先 (セキュリティ) を以前の値 (Old Sec (Former CISO) <old@example.com> +1 555 0100) に戻す' });
      sim.state.account.alternateContacts.SECURITY!.Name = 'Changed';
      delete sim.state.account.alternateContacts.BILLING;
      const state = await step.observe(ctx());
      const drift = [step.undoDrift!(state, deleteUndo)!, step.undoDrift!(state, restoreUndo)!];
      expect(drift).toEqual(['代替の連絡先 (請求) がこの実行の後に削除されている', expect.stringMatching(/^代替の連絡先 \(セキュリティ\) がこの実行の後に変更されている \(現在: Changed /)]);
      for (const text of [deleteUndo.description, restoreUndo.description, ...drift]) expect(englishLeft(text, data)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
