/**
 * IAM roles nobody has used for 90 days are listed (information only): from each role's
 * RoleLastUsed, which ListRoles leaves out and GetAccountAuthorizationDetails carries (one paged
 * call for every role). Service-linked roles and the roles aws-bootstrap made are left out.
 */
import { z } from 'zod';
import { defineStep, type Finding } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { MANAGED_TAG } from '../src/core/tags.js';
import { authorizationDetails } from './shared/authorization-details.js';
import { daysBetween } from './shared/days.js';

export const ROLE_UNUSED_DAYS = 90;
/** Where IAM puts service-linked roles (AWS's to keep, under /aws-service-role/<service>/) and where aws-bootstrap puts what it makes. */
const LEFT_OUT_PATHS = ['/aws-service-role/', '/aws-bootstrap/'];

const en = {
  title: 'IAM roles not used for 90 days are reviewed',
  why: 'A role nobody uses still holds its permissions and its trust: whoever can assume it later (a forgotten partner account, an old CI system) gets them without anyone noticing.',
  what: (role: string, days: number, lastUsed: string) => `IAM role ${role} has not been used for ${days} days (last used: ${lastUsed}).`,
  never: 'never, as far as IAM has tracked',
  usedIn: (date: string, region: string) => `${date} in ${region}`,
  findingWhy: 'An unused role is access nobody watches; if it is no longer needed, it is only risk.',
  fix: (role: string) => `Check who trusts it (IAM console → Roles → ${role} → Trust relationships) and delete it if nothing needs it: \`aws iam delete-role --role-name ${role}\` (after detaching its policies).`,
  readOnly: 'unused-iam-roles is a read-only check; delete roles yourself once you know nothing needs them',
};

const t = texts('unused-iam-roles', en, {
  title: '90 日使われていない IAM ロールを見直している',
  why: '使われていないロールも権限と信頼関係を持ち続けます。後でそれを引き受けられる誰か (忘れられた取引先のアカウント、古い CI システム) が、誰にも気付かれずにその権限を得ます。',
  what: (role: string, days: number, lastUsed: string) => `IAM ロール ${role} は ${days} 日使われていません (最終使用: ${lastUsed})。`,
  never: 'IAM が追跡している期間には未使用',
  usedIn: (date: string, region: string) => `${date}、${region}`,
  findingWhy: '使われていないロールは誰も見ていないアクセス経路です。不要なら、リスクでしかありません。',
  fix: (role: string) => `誰が信頼されているかを確かめ (IAM コンソール →「ロール」→ ${role} →「信頼関係」)、不要なら削除してください: \`aws iam delete-role --role-name ${role}\` (先にポリシーをデタッチします)。`,
  readOnly: 'unused-iam-roles は読み取り専用のチェックです。不要と確かめてから、ロールはご自身で削除してください。',
});

export interface ObservedRole {
  readonly name: string;
  readonly path: string;
  readonly created: string;
  readonly lastUsed?: string;
  readonly lastRegion?: string;
  /** Carries aws-bootstrap's managed tag: made by this tool. */
  readonly madeByBootstrap: boolean;
}

export interface UnusedIamRolesState {
  /** When the roles were read: the days are counted to this moment. */
  readonly asOf: string;
  readonly roles: readonly ObservedRole[];
}


export default defineStep<UnusedIamRolesState, Record<string, never>, never, never>({
  id: 'unused-iam-roles',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  readOnly: true,
  permissions: { observe: ['iam:GetAccountAuthorizationDetails'], apply: [] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    // admin-group-and-role reads the same details (with users and groups): one read per run.
    const { roles } = await authorizationDetails(ctx);
    return {
      asOf: new Date().toISOString(),
      roles: roles.map((r) => ({
        name: r.RoleName!,
        path: r.Path ?? '/',
        created: (r.CreateDate ?? new Date()).toISOString(),
        ...(r.RoleLastUsed?.LastUsedDate ? { lastUsed: r.RoleLastUsed.LastUsedDate.toISOString() } : {}),
        ...(r.RoleLastUsed?.Region ? { lastRegion: r.RoleLastUsed.Region } : {}),
        madeByBootstrap: (r.Tags ?? []).some((tag) => tag.Key === MANAGED_TAG),
      })),
    };
  },

  plan(state) {
    const findings: Finding[] = state.roles
      .filter((r) => !r.madeByBootstrap && !LEFT_OUT_PATHS.some((path) => r.path.startsWith(path)))
      .filter((r) => daysBetween(r.lastUsed ?? r.created, state.asOf) > ROLE_UNUSED_DAYS)
      .map((r) => {
        const lastUsed = r.lastUsed ? (r.lastRegion ? t.usedIn(r.lastUsed.slice(0, 10), r.lastRegion) : r.lastUsed.slice(0, 10)) : t.never;
        return { resource: r.name, severity: 'info', what: t.what(r.name, daysBetween(r.lastUsed ?? r.created, state.asOf), lastUsed), why: t.findingWhy, advice: t.fix(r.name) };
      });
    // Information, not a failure: the step stays compliant and the notes name the roles.
    return findings.length ? { changes: [], findings, notes: findings.map((f) => `${f.what} ${f.why} ${f.advice}`) } : { changes: [] };
  },

  apply() {
    return Promise.reject(new Error(t.readOnly));
  },
});
