/** IAM users who can sign in to the console have MFA (checked only, from the credential report). */
import { z } from 'zod';
import { defineStep, type Finding } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { readCredentialReport, reportDate } from './shared/credential-report.js';

const en = {
  title: 'IAM users who sign in to the console have MFA',
  why: 'A console password alone is one phishing e-mail or reused password away from someone else signing in as that user.',
  never: 'never',
  what: (user: string, lastUsed: string) => `IAM user ${user} has a console password and no MFA (password last used: ${lastUsed}).`,
  findingWhy: 'Anyone who learns the password signs in with all of the user\'s permissions.',
  fix: (user: string) =>
    `Assign an MFA device (a passkey or security key): IAM console → Users → ${user} → Security credentials → Assign MFA device; or give the person a user in IAM Identity Center and delete this one's password (\`aws iam delete-login-profile --user-name ${user}\`).`,
  readOnly: 'iam-users-mfa is a read-only check; MFA devices are assigned by the person who holds them',
};

const t = texts('iam-users-mfa', en, {
  title: 'コンソールにサインインする IAM ユーザーに MFA が設定されている',
  why: 'コンソールのパスワードだけでは、フィッシングメール 1 通やパスワードの使い回しで、他人がそのユーザーとしてサインインできてしまいます。',
  never: '未使用',
  what: (user: string, lastUsed: string) => `IAM ユーザー ${user} はコンソールのパスワードを持ち、MFA が設定されていません (パスワードの最終使用: ${lastUsed})。`,
  findingWhy: 'パスワードを知った人は誰でも、そのユーザーのすべての権限でサインインできます。',
  fix: (user: string) =>
    `MFA デバイス (パスキーまたはセキュリティキー) を割り当ててください: IAM コンソール →「ユーザー」→ ${user} →「セキュリティ認証情報」→「MFA デバイスの割り当て」。または、その人に IAM Identity Center のユーザーを用意し、このユーザーのパスワードを削除します (\`aws iam delete-login-profile --user-name ${user}\`)。`,
  readOnly: 'iam-users-mfa は読み取り専用のチェックです。MFA デバイスはそれを持つ本人が登録します。',
});

/** Each IAM user as the credential report shows it. */
export interface IamUsersMfaState {
  readonly users: ReadonlyArray<{ readonly name: string; readonly password: boolean; readonly mfa: boolean; readonly passwordLastUsed?: string }>;
}

export default defineStep<IamUsersMfaState, Record<string, never>, never, never>({
  id: 'iam-users-mfa',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  readOnly: true,
  // GenerateCredentialReport only has IAM write the report: it changes no setting (a dry run may call it).
  permissions: { observe: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'], apply: [] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const { rows } = await readCredentialReport(ctx);
    return {
      users: rows
        .filter((row) => row.user !== '<root_account>')
        .map((row) => {
          const lastUsed = reportDate(row.password_last_used);
          return { name: row.user!, password: row.password_enabled === 'true', mfa: row.mfa_active === 'true', ...(lastUsed ? { passwordLastUsed: lastUsed } : {}) };
        }),
    };
  },

  plan(state) {
    const findings: Finding[] = state.users
      .filter((u) => u.password && !u.mfa)
      .map((u) => ({ resource: u.name, severity: 'high', what: t.what(u.name, u.passwordLastUsed?.slice(0, 10) ?? t.never), why: t.findingWhy, advice: t.fix(u.name) }));
    return findings.length ? { changes: [], findings, advice: findings.map((f) => `${f.what} ${f.why} ${f.advice}`) } : { changes: [] };
  },

  apply() {
    return Promise.reject(new Error(t.readOnly));
  },
});
