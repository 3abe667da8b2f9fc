import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step, { CIS_POLICY, noExpiryNote, type PasswordPolicy } from '../../steps/iam-password-policy.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState, type SimPasswordPolicy } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { applyAll, undoAll } from '../support/apply.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const inputs = (given: object = {}) => step.inputs!.schema.parse(given);
const weak: PasswordPolicy = {
  minimumPasswordLength: 8,
  requireSymbols: false,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  hardExpiry: false,
};

describe('iam-password-policy plan', () => {
  it('plans nothing when the policy already has the CIS values (compliant)', () => {
    expect(step.plan({ policy: CIS_POLICY }, inputs(), planCtx)).toEqual({ changes: [], notes: [] });
  });

  it('plans the CIS policy when none is set, showing every field', () => {
    const [change, ...rest] = step.plan({ policy: null }, inputs(), planCtx).changes;
    expect(rest).toEqual([]);
    expect(change!.summary).toBe('Set an IAM password policy');
    expect(change!.before).toBe("no password policy (IAM's defaults apply)");
    expect(change!.after).toEqual({
      minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true,
      requireLowercaseCharacters: true, allowUsersToChangePassword: true, maxPasswordAge: 'never expire',
      passwordReusePrevention: 24, hardExpiry: false,
    });
    expect(change!.payload).toEqual({ policy: CIS_POLICY, previous: null });
  });

  it('shows only the fields that differ when updating a weak policy (noncompliant)', () => {
    const [change] = step.plan({ policy: weak }, inputs(), planCtx).changes;
    expect(change!.summary).toBe('Update the IAM password policy (minimumPasswordLength, requireSymbols, passwordReusePrevention)');
    expect(change!.before).toEqual({ minimumPasswordLength: 8, requireSymbols: false, passwordReusePrevention: 'off' });
    expect(change!.after).toEqual({ minimumPasswordLength: 14, requireSymbols: true, passwordReusePrevention: 24 });
    expect(change!.payload).toEqual({ policy: CIS_POLICY, previous: weak });
  });

  it('never silently weakens: a stricter current value, or an existing expiry, is kept unless configured', () => {
    const stricter: PasswordPolicy = { ...CIS_POLICY, minimumPasswordLength: 20, maxPasswordAge: 90, hardExpiry: true };
    const kept = step.plan({ policy: stricter }, inputs(), planCtx);
    expect(kept.changes).toEqual([]);
    expect(kept.notes).toEqual(['Kept the current, stricter setting for minimumPasswordLength, maxPasswordAge, hardExpiry (set it in the config to change it).']);

    const configured = step.plan({ policy: stricter }, inputs({ minimumPasswordLength: 16 }), planCtx);
    expect(configured.changes[0]!.before).toEqual({ minimumPasswordLength: 20 });
    expect(configured.changes[0]!.after).toEqual({ minimumPasswordLength: 16 });
  });

  it('uses configured values, including a weaker policy when explicitly allowed', () => {
    const given = inputs({ minimumPasswordLength: 10, requireSymbols: false, maxPasswordAge: 365, allowWeakerThanChecklist: true });
    const [change] = step.plan({ policy: CIS_POLICY }, given, planCtx).changes;
    expect(change!.after).toEqual({ minimumPasswordLength: 10, requireSymbols: false, maxPasswordAge: 365 });
  });
});

describe('iam-password-policy inputs', () => {
  const problems = (given: unknown) => {
    const result = step.inputs!.schema.safeParse(given);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('rejects a policy weaker than the checklist without allowWeakerThanChecklist, saying how to proceed', () => {
    expect(problems({ minimumPasswordLength: 8 })).toEqual([
      "minimumPasswordLength: 8 is below the checklist's minimum of 12 characters; use 12 or more (CIS asks for 14), or set allowWeakerThanChecklist: true to accept a weaker policy",
    ]);
    expect(problems({ requireSymbols: false })).toEqual([
      'requireSymbols: the checklist requires all four character classes; remove this line or set it to true, or set allowWeakerThanChecklist: true to accept a weaker policy',
    ]);
    expect(problems({ minimumPasswordLength: 8, requireSymbols: false, allowWeakerThanChecklist: true })).toEqual([]);
    expect(problems({ minimumPasswordLength: 12 })).toEqual([]);
  });

  it("rejects values outside IAM's ranges and unknown keys", () => {
    expect(problems({ minimumPasswordLength: 200 })).toEqual(['minimumPasswordLength: IAM accepts 6 to 128']);
    expect(problems({ passwordReusePrevention: 25 })).toEqual(['passwordReusePrevention: IAM accepts 1 to 24']);
    expect(problems({ minLength: 14 })[0]).toMatch(/minLength/);
  });
});

describe('iam-password-policy: password expiry (maxPasswordAge)', () => {
  const problems = (given: unknown) => {
    const result = step.inputs!.schema.safeParse(given);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('is unset by default, and accepts 1 to 1095 whole days only, saying so', () => {
    expect(inputs().maxPasswordAge).toBeUndefined();
    expect(problems({ maxPasswordAge: 1 })).toEqual([]);
    expect(problems({ maxPasswordAge: 1095 })).toEqual([]);
    const expected = ["maxPasswordAge: expected a whole number of days from 1 to 1095 (IAM's range); leave it out for passwords that never expire"];
    for (const wrong of [0, 1096, -5, 1.5, 'ninety', true]) expect(problems({ maxPasswordAge: wrong }), String(wrong)).toEqual(expected);
  });

  it('the preview gives the reason for no expiry in one line, only when the planned policy has none', () => {
    expect(noExpiryNote()).toMatch(/NIST.*CIS.*maxPasswordAge/);
    expect(noExpiryNote()).not.toContain('\n');
    expect(step.plan({ policy: null }, inputs(), planCtx).notes).toContain(noExpiryNote());
    expect(step.plan({ policy: weak }, inputs(), planCtx).notes).toContain(noExpiryNote());
    expect(step.plan({ policy: null }, inputs({ maxPasswordAge: 90 }), planCtx).notes).not.toContain(noExpiryNote());
    // An expiry already in place is kept, so there is nothing to explain.
    expect(step.plan({ policy: { ...weak, maxPasswordAge: 90 } }, inputs(), planCtx).notes).not.toContain(noExpiryNote());
  });

  it('an existing expiry is kept when the policy is tightened, never dropped', () => {
    const [change] = step.plan({ policy: { ...weak, maxPasswordAge: 60, hardExpiry: true } }, inputs(), planCtx).changes;
    expect(change!.payload.policy).toMatchObject({ maxPasswordAge: 60, hardExpiry: true, minimumPasswordLength: 14 });
    expect(change!.after).not.toHaveProperty('maxPasswordAge');
  });

  const policyOf = (maxAge?: number): SimPasswordPolicy => ({
    MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: true, ExpirePasswords: maxAge !== undefined, ...(maxAge !== undefined ? { MaxPasswordAge: maxAge } : {}), HardExpiry: false,
  });
  const starts: Array<[name: string, before: SimPasswordPolicy | undefined]> = [
    ['no policy', undefined],
    ['a policy without expiry', policyOf()],
    ['a policy expiring after 180 days', policyOf(180)],
  ];
  for (const [name, before] of starts) {
    it(`round-trips through undo from ${name}: set to 90 days by the run, back as it was after undo`, async () => {
      const sim = new SimulatedAccount(freshAccountState());
      if (before) sim.state.iam.passwordPolicy = structuredClone(before);
      const config = { 'iam-password-policy': { maxPasswordAge: 90 } };
      const { report, undoLogPath } = await runAgainst(sim, { steps: [step], config });
      expect(report.results.map((r) => r.status)).toEqual(['changed']);
      expect(sim.state.iam.passwordPolicy).toMatchObject({ ExpirePasswords: true, MaxPasswordAge: 90, MinimumPasswordLength: 14 });
      // A second run with the same config changes nothing.
      expect((await runAgainst(sim, { steps: [step], config })).report.results.map((r) => r.status)).toEqual(['compliant']);

      const { report: undone } = await undoAgainst(sim, undoLogPath);
      expect(undone.results.map((r) => r.status)).toEqual(['undone']);
      expect(sim.state.iam.passwordPolicy).toEqual(before);
    });
  }
});

describe('iam-password-policy against the simulated account', () => {
  it('reads "no policy" on a fresh account, sends every field, then plans nothing; undo deletes the policy', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx());
    expect(before).toEqual({ policy: null });
    const undos = await applyAll(step, ctx(), step.plan(before, inputs(), planCtx), inputs());
    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([
      ['UpdateAccountPasswordPolicy', {
        MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, PasswordReusePrevention: 24, HardExpiry: false,
      }],
    ]);
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);

    await undoAll(step, ctx(), undos);
    expect(sim.state.iam.passwordPolicy).toBeUndefined();
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy']);
  });

  it('undo restores the previous policy exactly, expiry and reuse settings included', async () => {
    const { sim, ctx } = simEnv();
    const previous: SimPasswordPolicy = {
      MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: true, AllowUsersToChangePassword: false, ExpirePasswords: true, MaxPasswordAge: 90,
      PasswordReusePrevention: 3, HardExpiry: false,
    };
    sim.state.iam.passwordPolicy = structuredClone(previous);
    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    expect(plan.changes).toHaveLength(1);
    const undo = await step.apply(ctx(), plan.changes[0]!, inputs());
    // The existing expiry was kept; everything else went to the CIS values.
    expect(sim.state.iam.passwordPolicy).toEqual({
      MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90,
      PasswordReusePrevention: 24, HardExpiry: false,
    });
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBeUndefined();

    await undoAll(step, ctx(), [undo]);
    expect(sim.state.iam.passwordPolicy).toEqual(previous);
  });

  it('reports drift when the policy was changed or removed after the run', async () => {
    const { sim, ctx } = simEnv();
    const undo = await step.apply(ctx(), step.plan({ policy: null }, inputs(), planCtx).changes[0]!, inputs());
    sim.state.iam.passwordPolicy!.MinimumPasswordLength = 30;
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBe('the password policy was changed since this run');
    delete sim.state.iam.passwordPolicy;
    expect(step.undoDrift!(await step.observe(ctx()), undo)).toBe('the password policy was removed since this run');
  });
});

describe('iam-password-policy: an answer lost after IAM made the change', () => {
  const lostAnswers: Array<[name: string, fault: Omit<SimFault, 'service' | 'action'>]> = [
    ['a 500', { code: 'InternalFailure', status: 500, after: true, times: 1 }],
    ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }],
    ['a hung answer (attempt timeout)', { code: 'InternalFailure', status: 500, after: true, times: 1, hangMs: 200 }],
  ];
  const weak: SimPasswordPolicy = {
    MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: false, HardExpiry: false,
  };
  /** No policy yet (undo deletes the one set), or a weak one (undo puts it back). */
  const starts: Array<[name: string, policy: SimPasswordPolicy | undefined, undoAction: string]> = [
    ['no policy before', undefined, 'DeleteAccountPasswordPolicy'],
    ['a weak policy before', weak, 'UpdateAccountPasswordPolicy'],
  ];
  const account = (policy: SimPasswordPolicy | undefined) => {
    const state = freshAccountState();
    if (policy) state.iam.passwordPolicy = structuredClone(policy);
    return state;
  };
  const ctxFor = (sim: SimulatedAccount) => ({ accountId: '123456789012', partition: 'aws', region: 'us-east-1', dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') });
  /** Whether the fault hit (a hung call ends, with its error, only after the client gave up on it). */
  async function answerLost(sim: SimulatedAccount, action: string): Promise<boolean> {
    for (let waited = 0; waited < 2000 && sim.calls.some((c) => c.end === undefined); waited += 20) await new Promise((r) => setTimeout(r, 20));
    return sim.calls.some((c) => c.action === action && c.error);
  }

  for (const [start, policy] of starts) {
    for (const [name, fault] of lostAnswers) {
      it(`apply, ${start}, ${name}: the policy is set, with one undo record`, async () => {
        const sim = new SimulatedAccount(account(policy), { faults: [{ service: 'iam', action: 'UpdateAccountPasswordPolicy', ...fault }] });
        const { report, undoLogPath } = await runAgainst(sim, { steps: [step], clientOptions: { attemptTimeoutMs: 50 } });
        expect(await answerLost(sim, 'UpdateAccountPasswordPolicy')).toBe(true);
        expect(report.results.map((r) => [r.status, r.detail])).toEqual([['changed', undefined]]);
        expect(step.plan(await step.observe(ctxFor(sim)), inputs(), planCtx).changes).toEqual([]);
        expect(readUndoLog(undoLogPath).records.filter((r) => r.type === 'change')).toHaveLength(1);
      });
    }
  }

  for (const [start, policy, action] of starts) {
    for (const [name, fault] of lostAnswers.slice(0, 2)) {
      it(`undo, ${start}, ${action}, ${name}: the account is as it was`, async () => {
        const sim = new SimulatedAccount(account(policy));
        const { undoLogPath } = await runAgainst(sim, { steps: [step] });
        sim.inject({ service: 'iam', action, ...fault });
        const { report } = await undoAgainst(sim, undoLogPath);
        expect(await answerLost(sim, action)).toBe(true);
        expect(report.results.map((r) => [r.status, r.detail])).toEqual([['undone', undefined]]);
        expect(sim.state.iam.passwordPolicy).toEqual(policy);
      });
    }
  }
});

describe('iam-password-policy in Japanese', () => {
  it('shows its plan, validation messages, undo records and drift in Japanese, with no English left', async () => {
    const ja = withLanguage('ja', () => {
      const problems = (given: object) => {
        const result = step.inputs!.schema.safeParse(given);
        return result.success ? [] : result.error.issues.map((i) => i.message);
      };
      return {
        title: step.title,
        why: step.why,
        none: step.plan({ policy: null }, inputs(), planCtx),
        weak: step.plan({ policy: weak }, inputs(), planCtx),
        kept: step.plan({ policy: { ...CIS_POLICY, minimumPasswordLength: 20 } }, inputs(), planCtx),
        invalid: [
          ...problems({ minimumPasswordLength: 8, requireSymbols: false }),
          ...problems({ minimumPasswordLength: 200, passwordReusePrevention: 25, maxPasswordAge: 'ninety' }),
        ],
      };
    });
    const [set] = ja.none.changes;
    expect(set).toMatchObject({ summary: 'IAM のパスワードポリシーを設定する', before: 'パスワードポリシーなし (IAM のデフォルトが適用される)' });
    // Values stay data; only the phrases for "no value" are words.
    expect(set!.after).toMatchObject({ minimumPasswordLength: 14, requireSymbols: true, maxPasswordAge: '失効しない' });
    expect(ja.weak.changes[0]).toMatchObject({
      summary: 'IAM のパスワードポリシーを更新する (minimumPasswordLength、requireSymbols、passwordReusePrevention)',
      before: { minimumPasswordLength: 8, requireSymbols: false, passwordReusePrevention: 'オフ' },
    });
    expect(ja.none.notes).toEqual([expect.stringMatching(/^パスワードは失効しません。.*maxPasswordAge/), expect.stringMatching(/^ほとんどの設定は、/)]);
    expect(ja.kept.notes).toEqual(['minimumPasswordLength は、現在のより厳しい設定を維持します (変更するには設定ファイルで指定してください)。']);
    expect(ja.invalid).toEqual([
      '8 はチェックリストの最小値 12 文字を下回っています。12 以上を指定するか (CIS は 14 を求めています)、弱いポリシーを受け入れる場合は allowWeakerThanChecklist: true を指定してください',
      expect.stringMatching(/^チェックリストでは 4 種類の文字/),
      'IAM が受け付けるのは 6 から 128 までです',
      '1 から 1095 までの整数の日数を指定してください (IAM の範囲)。パスワードを失効させない場合は指定しないでください',
      'IAM が受け付けるのは 1 から 24 までです',
    ]);
    const shown = [ja.title, ja.why, set!.summary, String(set!.before), ...ja.none.notes!, ja.weak.changes[0]!.summary, ...ja.kept.notes!, ...ja.invalid];
    for (const text of shown) expect(englishLeft(text)).toEqual([]);

    const { sim, ctx } = simEnv();
    setLanguage('ja');
    try {
      const undo = await step.apply(ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx).changes[0]!, inputs());
      expect(undo).toMatchObject({ kind: 'delete-password-policy', description: 'IAM のパスワードポリシーを削除する (以前は未設定)' });
      sim.state.iam.passwordPolicy!.MinimumPasswordLength = 30;
      const changed = step.undoDrift!(await step.observe(ctx()), undo)!;
      delete sim.state.iam.passwordPolicy;
      const removed = step.undoDrift!(await step.observe(ctx()), undo)!;
      expect([changed, removed]).toEqual(['パスワードポリシーがこの実行の後に変更されている', 'パスワードポリシーがこの実行の後に削除されている']);
      sim.state.iam.passwordPolicy = { MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: false, HardExpiry: false };
      const restore = await step.apply(ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx).changes[0]!, inputs());
      expect(restore).toMatchObject({ kind: 'restore-password-policy', description: 'IAM のパスワードポリシーを以前のものに戻す' });
      for (const text of [undo.description, restore.description, changed, removed]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
