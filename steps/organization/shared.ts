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
  /** The organization aggregator's (config-multiaccountsetup.amazonaws.com is for organization rules and conformance packs only). */
  config: 'config.amazonaws.com',
  account: 'account.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
} as const;

/**
 * The services whose trusted access (and, with `register`, whose delegated administrator: the
 * security account) the organization-access step sets through Organizations itself. GuardDuty
 * and Security Hub are not here: their own EnableOrganizationAdminAccount does both.
 */
export interface ServiceAccess {
  readonly principal: string;
  /** The service as people read it. */
  readonly service: string;
  /** Register the security account as this service's delegated administrator. */
  readonly register: boolean;
}

export const SERVICE_ACCESS: readonly ServiceAccess[] = [
  { principal: PRINCIPAL.accessAnalyzer, service: 'IAM Access Analyzer', register: true },
  { principal: PRINCIPAL.config, service: 'AWS Config', register: true },
  // The management account sets every member's alternate contacts (organization-contacts): no administrator.
  { principal: PRINCIPAL.account, service: 'AWS Account Management', register: false },
  // The organization trail is made from the management account: trusted access only, no delegated administrator.
  { principal: PRINCIPAL.cloudtrail, service: 'AWS CloudTrail', register: false },
];

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

/** The organization trail this tool makes (an existing organization trail is adopted instead, whatever its name). */
export const ORGANIZATION_TRAIL_NAME = 'aws-bootstrap-organization-trail';

/** The organization trail's ARN: the management account's, in its home region. */
export const organizationTrailArn = (partition: string, region: string, managementAccountId: string, name = ORGANIZATION_TRAIL_NAME) =>
  `arn:${partition}:cloudtrail:${region}:${managementAccountId}:trail/${name}`;
