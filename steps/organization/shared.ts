/** What the organization-wide steps share: the organization a step acts on, and the service principals. */
import type { OrganizationContext, StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';

const t = texts(
  'organization-steps',
  { notInOrgRun: (step: string) => `internal: the organization-wide step ${step} ran outside an --org run with the two accounts chosen` },
  { notInOrgRun: (step: string) => `内部エラー: 組織全体のステップ ${step} が、2 つのアカウントを選んだ --org の実行の外で実行されました` },
);

/** Service principals, as Organizations' trusted access and delegated administrators name the services. */
export const PRINCIPAL = {
  guardduty: 'guardduty.amazonaws.com',
  accessAnalyzer: 'access-analyzer.amazonaws.com',
} as const;

/** The organization an organization-wide step acts on (the engine gives it in an `--org` run only). */
export function organizationOf(ctx: StepContext, step: string): OrganizationContext {
  if (!ctx.organization) throw new Error(t.notInOrgRun(step));
  return ctx.organization;
}

/** An account as people read it: "210987654301 (security)". */
export function named(org: OrganizationContext, accountId: string): string {
  const name = org.accounts.find((a) => a.id === accountId)?.name;
  return name ? `${accountId} (${name})` : accountId;
}
