/** The root user has MFA and no access keys (checked only: both are fixed by signing in as root). */
import { z } from 'zod';
import { defineStep } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';

const en = {
  title: 'The root user has MFA and no access keys',
  why: 'The root user can do anything, including closing the account, and no policy can restrict it: its password alone must not be enough, and it should have no keys that can leak.',
  advice: {
    mfa: 'Enable MFA on the root user: sign in as root, open "Security credentials" and assign an MFA device (a passkey or security key, ideally two).',
    accessKeys: 'Delete the root user\'s access keys: sign in as root, open "Security credentials" and delete them (use IAM roles or users for programmatic access).',
  },
  readOnly: 'root-account-security is a read-only check; only the root user can make these changes',
};

const t = texts('root-account-security', en, {
  title: 'ルートユーザーに MFA が設定され、アクセスキーがない',
  why: 'ルートユーザーはアカウントの解約を含めて何でもでき、どのポリシーでも制限できません。パスワードだけでサインインできてはならず、漏えいし得るアクセスキーも持たせるべきではありません。',
  advice: {
    mfa: 'ルートユーザーの多要素認証 (MFA) を有効にしてください。ルートユーザーとしてサインインし、「セキュリティ認証情報」を開いて MFA デバイス (パスキーまたはセキュリティキー、できれば 2 つ) を割り当てます。',
    accessKeys: 'ルートユーザーのアクセスキーを削除してください。ルートユーザーとしてサインインし、「セキュリティ認証情報」を開いて削除します (プログラムによるアクセスには IAM ロールまたは IAM ユーザーを使います)。',
  },
  readOnly: 'root-account-security は読み取り専用のチェックです。これらの変更はルートユーザーにしかできません。',
});

/** From iam:GetAccountSummary: AccountMFAEnabled and AccountAccessKeysPresent. */
export type RootAccountSecurityState = { mfaEnabled: boolean; accessKeysPresent: boolean };

// A read-only check: no change payload, and no undo record (`never` for both).
export default defineStep<RootAccountSecurityState, Record<string, never>, never, never>({
  id: 'root-account-security',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  readOnly: true,
  permissions: { observe: ['iam:GetAccountSummary'], apply: [] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('iam');
    const { SummaryMap: summary = {} } = await client.send(new sdk.GetAccountSummaryCommand({}));
    return { mfaEnabled: summary.AccountMFAEnabled === 1, accessKeysPresent: (summary.AccountAccessKeysPresent ?? 0) > 0 };
  },

  plan(state) {
    const advice: string[] = [];
    if (!state.mfaEnabled) advice.push(t.advice.mfa);
    if (state.accessKeysPresent) advice.push(t.advice.accessKeys);
    return advice.length ? { changes: [], advice } : { changes: [] };
  },

  apply() {
    return Promise.reject(new Error(t.readOnly));
  },
});
