import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step, { type RootContactPhoneState } from '../../steps/root-contact-phone.js';
import { freshAccountState } from '../../src/sim/state.js';
import { applyAll, undoAll } from '../support/apply.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const record = freshAccountState().account.contactInformation;
const withPhone = (PhoneNumber: string): RootContactPhoneState => ({ contact: { ...record, PhoneNumber } });
const inputs = (given: object) => step.inputs!.schema.parse(given);

describe('root-contact-phone plan', () => {
  it('plans nothing when the phone has its international prefix (compliant)', () => {
    expect(step.plan(withPhone('+81 3-1234-5678'), inputs({}), planCtx)).toEqual({ changes: [] });
  });

  it('plans the corrected number (noncompliant)', () => {
    const plan = step.plan(withPhone('03-1234-5678'), inputs({ countryCode: '81' }), planCtx);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ before: '03-1234-5678', after: '+81 3-1234-5678', payload: { previousPhone: '03-1234-5678', phone: '+81 3-1234-5678' } });
    // Why it matters is the step's `why`, which the engine prints with the change.
    expect(step.why).toMatch(/MFA device is lost.*cannot be called from abroad/);
    expect(plan.notes!.join(' ')).toMatch(/trunk prefix.*dropped/);
  });

  it('skips with a reason when no country code was given or the number cannot be converted', () => {
    expect(step.plan(withPhone('03-1234-5678'), inputs({}), planCtx).skipped).toMatch(/no country code and none was given \(root-contact-phone.countryCode\)/);
    const odd = step.plan(withPhone('03-1234-5678 ext 9'), inputs({ countryCode: '+81' }), planCtx);
    expect(odd.changes).toEqual([]);
    expect(odd.skipped).toMatch(/cannot be rewritten as a \+81 number automatically/);
  });
});

describe('root-contact-phone inputs', () => {
  it('asks for the country code, without a default, only when the phone lacks the prefix', () => {
    const [question, ...rest] = step.inputs!.questions(withPhone('03-1234-5678'), {});
    expect(rest).toEqual([]);
    expect(question).toMatchObject({ path: 'countryCode', kind: 'text' });
    expect(question!.default).toBeUndefined();
    // A person is offered the address country's code; an unattended run still has to be told.
    expect(question!.suggestion).toBe('+81');
    expect(question!.message).toMatch(/03-1234-5678 \(address country: JP\)/);
    expect(question!.validate!('abc')).toBe('expected a country calling code like +81 or +1');
    expect(question!.validate!('+81')).toBeUndefined();
    expect(step.inputs!.questions(withPhone('+81 3-1234-5678'), {})).toEqual([]);
    expect(step.inputs!.questions(withPhone('03-1234-5678'), { countryCode: '+81' })).toEqual([]);
  });

  it("rejects country code 'abc' with a clear message and normalises '81' to '+81'", () => {
    const result = step.inputs!.schema.safeParse({ countryCode: 'abc' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['countryCode'], message: 'expected a country calling code like +81 or +1' });
    expect(inputs({ countryCode: '81' })).toEqual({ countryCode: '+81' });
    // YAML (config file or --set) reads +81 as the number 81.
    expect(inputs({ countryCode: 81 })).toEqual({ countryCode: '+81' });
  });
});

describe('root-contact-phone against the simulated account', () => {
  it('writes the whole record back with only the phone changed, then plans nothing', async () => {
    const { sim, ctx } = simEnv();
    const original = structuredClone(sim.state.account.contactInformation);
    const given = inputs({ countryCode: '+81' });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    expect(plan.changes).toHaveLength(1);
    const undo = await step.apply(ctx(), plan.changes[0]!, given);

    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([
      ['PutContactInformation', { ContactInformation: { ...original, PhoneNumber: '+81 3-1234-5678' } }],
    ]);
    expect(sim.state.account.contactInformation).toEqual({ ...original, PhoneNumber: '+81 3-1234-5678' });
    expect(step.plan(await step.observe(ctx()), given, planCtx).changes).toEqual([]);
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBeUndefined();
  });

  it('says before the change, and again on undo, that the old national format cannot be written back', async () => {
    const { sim, ctx } = simEnv();
    const given = inputs({ countryCode: '+81' });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    expect(plan.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Undo cannot write 03-1234-5678 back/)]));
    const undos = await applyAll(step, ctx(), plan, given);
    expect(undos[0]!.manual).toMatch(/03-1234-5678 cannot be written back.*console/);

    await expect(undoAll(step, ctx(), undos)).rejects.toThrow(/03-1234-5678 cannot be written back.*Nothing was changed/);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['PutContactInformation']);
  });

  it('undo of a number the API accepts writes the current record back with only the phone changed', async () => {
    const { sim, ctx } = simEnv();
    sim.state.account.contactInformation.PhoneNumber = '+81 3-1234-5678';
    sim.state.account.contactInformation.AddressLine2 = 'Floor 5'; // edited since the change: must survive
    const current = structuredClone(sim.state.account.contactInformation);
    await step.undo!(ctx(), { kind: 'restore-contact-phone', description: '', previousPhone: '+81 (3) 1234-5678', phone: '+81 3-1234-5678' });
    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([
      ['PutContactInformation', { ContactInformation: { ...current, PhoneNumber: '+81 (3) 1234-5678' } }],
    ]);
    expect(sim.state.account.contactInformation).toEqual({ ...current, PhoneNumber: '+81 (3) 1234-5678' });
  });

  it('refuses to apply when the phone changed after the plan, writing nothing', async () => {
    const { sim, ctx } = simEnv();
    const given = inputs({ countryCode: '+81' });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    sim.state.account.contactInformation.PhoneNumber = '+81 90-0000-0000';
    await expect(step.apply(ctx(), plan.changes[0]!, given)).rejects.toThrow(/changed since it was read \(expected 03-1234-5678, found \+81 90-0000-0000\)/);
    expect(sim.mutatingCalls()).toEqual([]);
    expect(step.undoDrift!(await step.observe(ctx()), { kind: 'restore-contact-phone', description: '', previousPhone: '03-1234-5678', phone: '+81 3-1234-5678' })).toMatch(
      /changed since this run \(now \+81 90-0000-0000\)/,
    );
  });
});

describe('root-contact-phone in Japanese', () => {
  it('shows its plan, question, validation message, undo record and errors in Japanese, with no English left', async () => {
    const ja = withLanguage('ja', () => {
      const invalid = step.inputs!.schema.safeParse({ countryCode: 'abc' });
      const [question] = step.inputs!.questions(withPhone('03-1234-5678'), {});
      const [unknown] = step.inputs!.questions({ contact: { ...record, PhoneNumber: '555 0100', CountryCode: undefined } }, {});
      return {
        title: step.title,
        why: step.why,
        plan: step.plan(withPhone('03-1234-5678'), inputs({ countryCode: '+81' }), planCtx),
        missing: step.plan(withPhone('03-1234-5678'), inputs({}), planCtx),
        odd: step.plan(withPhone('03-1234-5678 ext 9'), inputs({ countryCode: '+81' }), planCtx),
        questions: [question!.message, unknown!.message],
        answer: question!.validate!('abc')!,
        invalid: invalid.success ? '' : invalid.error.issues[0]!.message,
      };
    });
    expect(ja.plan.changes[0]).toMatchObject({ summary: '主要連絡先の電話番号に国番号を付ける', before: '03-1234-5678', after: '+81 3-1234-5678' });
    expect(ja.plan.notes).toEqual([expect.stringMatching(/^新しい番号を確認してください。/), expect.stringMatching(/^取り消しでは 03-1234-5678 に戻せません。/)]);
    expect(ja.missing.skipped).toBe('電話番号 03-1234-5678 に国番号がなく、国番号も指定されていない (root-contact-phone.countryCode)');
    expect(ja.odd.skipped).toMatch(/^03-1234-5678 ext 9 を \+81 の番号に自動では書き換えられないため、/);
    expect(ja.questions).toEqual(['主要連絡先の電話番号 03-1234-5678 の国番号 (住所の国: JP):', '主要連絡先の電話番号 555 0100 の国番号 (住所の国: 不明)、例: +81:']);
    expect(ja.answer).toBe('+81 や +1 のような国番号を指定してください');
    expect(ja.invalid).toBe(ja.answer);
    const shown = [ja.title, ja.why, ja.plan.changes[0]!.summary, ...ja.plan.notes!, ja.missing.skipped!, ...ja.missing.notes!, ja.odd.skipped!, ...ja.questions, ja.answer];
    for (const text of shown) expect(englishLeft(text)).toEqual([]);

    const { sim, ctx } = simEnv();
    setLanguage('ja');
    try {
      const given = inputs({ countryCode: '+81' });
      const plan = step.plan(await step.observe(ctx()), given, planCtx);
      const undo = await step.apply(ctx(), plan.changes[0]!, given);
      expect(undo).toMatchObject({ kind: 'restore-contact-phone', previousPhone: '03-1234-5678', phone: '+81 3-1234-5678', description: '主要連絡先の電話番号を以前の番号 (03-1234-5678) に戻す' });
      expect(undo.manual).toMatch(/^Account API は主要連絡先の電話番号を \+国番号付きでしか受け付けないため、03-1234-5678 には戻せません。/);
      const refused = await step.undo!(ctx(), undo).then(() => '', (error: Error) => error.message);
      expect(refused).toMatch(/^以前の番号 03-1234-5678 には戻せません。.*何も変更していません。/);
      sim.state.account.contactInformation.PhoneNumber = '+81 90-0000-0000';
      const drift = step.undoDrift!(await step.observe(ctx()), undo)!;
      expect(drift).toBe('主要連絡先の電話番号がこの実行の後に変更されている (現在は +81 90-0000-0000)');
      const changed = await step.apply(ctx(), plan.changes[0]!, given).then(() => '', (error: Error) => error.message);
      expect(changed).toBe('主要連絡先の電話番号が読み取った後に変更されていました (想定 03-1234-5678、実際 +81 90-0000-0000)。何も書き込んでいません');
      for (const text of [undo.description, undo.manual!, refused, drift, changed]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
