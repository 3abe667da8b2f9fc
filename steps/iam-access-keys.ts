/**
 * IAM users' access keys are rotated and in use (checked only): an active key older than 90 days,
 * or not used for 90 days, is listed from the credential report. The report is read by
 * steps/shared/credential-report.ts, which iam-users-mfa uses too.
 */
import { z } from 'zod';
import { defineStep, type Finding } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { readCredentialReport, reportDate, type CredentialReportRow } from './shared/credential-report.js';
import { daysBetween } from './shared/days.js';

/** Older than this, or unused for this long, a key is listed. */
export const KEY_MAX_AGE_DAYS = 90;

const en = {
  title: 'IAM users\' access keys are less than 90 days old and in use',
  why: 'An access key works from anywhere until it is deleted: an old key has had years to leak from laptops, scripts and repositories, and an unused one is risk with no benefit.',
  never: 'never',
  what: (user: string, key: string, age: number, lastUsed: string) => `Access key …${key} of IAM user ${user} is ${age} days old, last used ${lastUsed}.`,
  usedWith: (date: string, service: string) => `${date} (${service})`,
  findingWhy: 'A long-lived key that leaks gives its holder the user\'s permissions from anywhere, with no password or MFA.',
  fix: (user: string, key: string) =>
    `Rotate or delete it: IAM console → Users → ${user} → Security credentials (if an application needs AWS access, give it an IAM role instead of a key). CLI: \`aws iam update-access-key --user-name ${user} --access-key-id <the key ending ${key}> --status Inactive\`, then \`aws iam delete-access-key\`.`,
  readOnly: 'iam-access-keys is a read-only check; rotate or delete the keys yourself',
};

const t = texts('iam-access-keys', en, {
  title: 'IAM ユーザーのアクセスキーが 90 日未満で、使われている',
  why: 'アクセスキーは削除するまでどこからでも使えます。古いキーはノート PC やスクリプト、リポジトリから漏えいする機会が長く、使われていないキーは利点がなくリスクだけがあります。',
  never: '未使用',
  what: (user: string, key: string, age: number, lastUsed: string) => `IAM ユーザー ${user} のアクセスキー …${key} は作成から ${age} 日経過しています (最終使用: ${lastUsed})。`,
  usedWith: (date: string, service: string) => `${date}、${service}`,
  findingWhy: '長く使われるキーが漏えいすると、パスワードも MFA もなしに、どこからでもそのユーザーの権限が使われます。',
  fix: (user: string, key: string) =>
    `ローテーションするか削除してください: IAM コンソール →「ユーザー」→ ${user} →「セキュリティ認証情報」(アプリケーションに AWS へのアクセスが必要なら、キーではなく IAM ロールを使います)。CLI: \`aws iam update-access-key --user-name ${user} --access-key-id <末尾が ${key} のキー> --status Inactive\` のあと \`aws iam delete-access-key\`。`,
  readOnly: 'iam-access-keys は読み取り専用のチェックです。キーのローテーションや削除はご自身で行ってください。',
});



// ---- The step.

/** One active access key (only the id's last four characters are kept). */
export interface ObservedKey {
  readonly user: string;
  /** When it was created or last rotated. */
  readonly created: string;
  readonly lastUsed?: string;
  readonly lastService?: string;
  /** The id's last four characters; read only for keys that are listed. */
  readonly idEnd?: string;
}

export interface IamAccessKeysState {
  /** When IAM generated the report: the ages are counted to this moment. */
  readonly asOf: string;
  readonly keys: readonly ObservedKey[];
}

/** Older than 90 days, or not used in the last 90 (never used counts from its creation). */
export function isStale(key: Pick<ObservedKey, 'created' | 'lastUsed'>, asOf: string): boolean {
  return daysBetween(key.created, asOf) > KEY_MAX_AGE_DAYS || daysBetween(key.lastUsed ?? key.created, asOf) > KEY_MAX_AGE_DAYS;
}

/** The active keys of the report's user rows (the root user's keys are root-account-security's). */
function activeKeys(rows: readonly CredentialReportRow[]): ObservedKey[] {
  return rows
    .filter((row) => row.user !== '<root_account>')
    .flatMap((row) => [1, 2].flatMap((n) => {
      const created = reportDate(row[`access_key_${n}_last_rotated`]);
      if (row[`access_key_${n}_active`] !== 'true' || !created) return [];
      const lastUsed = reportDate(row[`access_key_${n}_last_used_date`]);
      const service = row[`access_key_${n}_last_used_service`];
      return [{ user: row.user!, created, ...(lastUsed ? { lastUsed } : {}), ...(service && service !== 'N/A' ? { lastService: service } : {}) }];
    }));
}

export default defineStep<IamAccessKeysState, Record<string, never>, never, never>({
  id: 'iam-access-keys',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  readOnly: true,
  // GenerateCredentialReport only has IAM write the report: it changes no setting (a dry run may call it).
  permissions: { observe: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:ListAccessKeys'], apply: [] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const report = await readCredentialReport(ctx);
    const keys = activeKeys(report.rows);
    // The report has no key ids: the listed keys' ids come from ListAccessKeys, matched by creation time.
    const users = [...new Set(keys.filter((k) => isStale(k, report.generatedAt)).map((k) => k.user))];
    const ids = new Map<string, string>();
    if (users.length) {
      const { client, sdk } = await ctx.aws.use('iam');
      await Promise.all(users.map(async (user) => {
        const { AccessKeyMetadata: listed = [] } = await client.send(new sdk.ListAccessKeysCommand({ UserName: user }));
        for (const key of listed) {
          if (key.AccessKeyId && key.CreateDate) ids.set(`${user}|${Math.floor(key.CreateDate.getTime() / 1000)}`, key.AccessKeyId.slice(-4));
        }
      }));
    }
    return {
      asOf: report.generatedAt,
      keys: keys.map((k) => {
        const idEnd = ids.get(`${k.user}|${Math.floor(Date.parse(k.created) / 1000)}`);
        return idEnd ? { ...k, idEnd } : k;
      }),
    };
  },

  plan(state) {
    const findings: Finding[] = state.keys
      .filter((k) => isStale(k, state.asOf))
      .map((k) => {
        const key = k.idEnd ?? '????';
        const lastUsed = k.lastUsed ? (k.lastService ? t.usedWith(k.lastUsed.slice(0, 10), k.lastService) : k.lastUsed.slice(0, 10)) : t.never;
        return { resource: `${k.user} …${key}`, severity: 'medium', what: t.what(k.user, key, daysBetween(k.created, state.asOf), lastUsed), why: t.findingWhy, advice: t.fix(k.user, key) };
      });
    return findings.length ? { changes: [], findings, advice: findings.map((f) => `${f.what} ${f.why} ${f.advice}`) } : { changes: [] };
  },

  apply() {
    return Promise.reject(new Error(t.readOnly));
  },
});
