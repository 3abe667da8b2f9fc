import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step from '../../steps/root-account-security.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

describe('root-account-security', () => {
  it('is a read-only check whose plan never has changes', () => {
    expect(step.readOnly).toBe(true);
    expect(step.permissions.apply).toEqual([]);
  });

  it('gives no advice when root has MFA and no access keys (compliant)', () => {
    expect(step.plan({ mfaEnabled: true, accessKeysPresent: false }, {}, planCtx)).toEqual({ changes: [] });
  });

  it('advises enabling MFA and deleting access keys (noncompliant)', () => {
    const plan = step.plan({ mfaEnabled: false, accessKeysPresent: true }, {}, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.advice).toHaveLength(2);
    expect(plan.advice![0]).toMatch(/^Enable MFA on the root user/);
    expect(plan.advice![1]).toMatch(/^Delete the root user's access keys/);
    expect(step.plan({ mfaEnabled: true, accessKeysPresent: true }, {}, planCtx).advice).toEqual([plan.advice![1]]);
  });

  it('reads the account summary without changing anything', async () => {
    const { sim, ctx } = simEnv();
    expect(await step.observe(ctx())).toEqual({ mfaEnabled: false, accessKeysPresent: false });
    sim.state.iam.summary = { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 };
    expect(await step.observe(ctx())).toEqual({ mfaEnabled: true, accessKeysPresent: true });
    expect(sim.calls.map((c) => c.action)).toEqual(['GetAccountSummary', 'GetAccountSummary']);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('refuses to apply anything', async () => {
    const { ctx } = simEnv();
    await expect(step.apply(ctx(), { summary: '', before: null, after: null, payload: undefined as never }, {})).rejects.toThrow(/read-only check/);
  });

  it('speaks Japanese when asked: title, why, advice and the refusal, with no English left', async () => {
    const { title, why, advice } = withLanguage('ja', () => ({
      title: step.title,
      why: step.why,
      advice: step.plan({ mfaEnabled: false, accessKeysPresent: true }, {}, planCtx).advice!,
    }));
    expect(title).toBe('ルートユーザーに MFA が設定され、アクセスキーがない');
    expect(advice[0]).toMatch(/^ルートユーザーの多要素認証 \(MFA\) を有効にしてください/);
    expect(advice[1]).toMatch(/^ルートユーザーのアクセスキーを削除してください/);
    for (const text of [title, why, ...advice]) expect(englishLeft(text)).toEqual([]);
    // English again outside: the language is read whenever a text is used.
    expect(step.title).toBe('The root user has MFA and no access keys');

    const { ctx } = simEnv();
    setLanguage('ja');
    try {
      await expect(step.apply(ctx(), { summary: '', before: null, after: null, payload: undefined as never }, {})).rejects.toThrow(/読み取り専用のチェック/);
    } finally {
      setLanguage('en');
    }
  });
});
