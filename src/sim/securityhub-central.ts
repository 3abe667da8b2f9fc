/**
 * Security Hub CSPM's central configuration in a simulated organization: a configuration policy
 * associated with the root (or an account) governs every account it reaches, in the home region
 * and every linked region of the administrator's finding aggregator. Shared by the securityhub
 * service (when a policy is associated) and organization-state.ts (an account added later
 * inherits the root's policy at once, with no run), so it imports no service module.
 */
import type { SimConfigurationPolicy, SimSecurityHubOrganization } from './compliance-state.js';
import { freshRegion, type SimOrganization, type SimState } from './state.js';

/** Reads of a region's standards a subscription stays PENDING (as securityhub-hub.ts counts them). */
const READS_WHILE_PENDING = 2;
const SUBSCRIBED_AT = '2026-01-01T00:00:00.000Z';

/** What a simulated organization starts with for Security Hub: no administrator, local configuration. */
export function freshSecurityHubOrganization(): SimSecurityHubOrganization {
  return { admins: {}, configurationType: 'LOCAL', autoEnable: false, autoEnableStandards: 'DEFAULT', policies: [], associations: [] };
}

/** The root's id, as organizations:ListRoots names it (`r-` and 4–32 lower-case letters or digits). */
export const rootIdOf = (org: SimOrganization): string => `r-${org.Id.slice(2).toLowerCase()}`;

const enabled = (state: SimState, region: string) => state.regions[region] === 'ENABLED' || state.regions[region] === 'ENABLED_BY_DEFAULT';

/** The regions a policy takes effect in for an account: the home region and the aggregator's linked regions. */
export function linkedRegions(root: SimState, settings: SimSecurityHubOrganization, account: SimState): string[] {
  const home = settings.homeRegion;
  if (!home) return [];
  const adminId = settings.admins[home];
  const admin = adminId === root.accountId ? root : root.organization?.accounts.find((a) => a.Id === adminId)?.member;
  const aggregator = admin?.regional[home]?.findingAggregators?.[0];
  const all = Object.keys(account.regions).filter((r) => enabled(account, r));
  const listed = aggregator?.Regions ?? [];
  const linked =
    aggregator?.RegionLinkingMode === 'ALL_REGIONS' ? all
    : aggregator?.RegionLinkingMode === 'ALL_REGIONS_EXCEPT_SPECIFIED' ? all.filter((r) => !listed.includes(r))
    : aggregator?.RegionLinkingMode === 'SPECIFIED_REGIONS' ? listed.filter((r) => enabled(account, r))
    : [];
  return [...new Set([home, ...linked])].filter((r) => enabled(account, r));
}

/** A standard's ARN in a region: the policy names them by the home region's ARNs (CIS v1.2.0's ruleset ARN is global). */
const inRegion = (arn: string, region: string) => arn.replace(/^(arn:[^:]+:securityhub:)[^:]*(::standards\/)/, `$1${region}$2`);

/** The policy that governs an account: its own association, else the root's (undefined: self-managed). */
export function effectivePolicy(org: SimOrganization, accountId: string): SimConfigurationPolicy | undefined {
  const settings = org.securityhub;
  if (!settings || settings.configurationType !== 'CENTRAL') return undefined;
  const own = settings.associations.find((a) => a.TargetType === 'ACCOUNT' && a.TargetId === accountId);
  const inherited = settings.associations.find((a) => a.TargetType === 'ROOT' && a.TargetId === rootIdOf(org));
  const association = own ?? inherited;
  return association ? settings.policies.find((p) => p.Id === association.ConfigurationPolicyId) : undefined;
}

/**
 * Makes an account's Security Hub what its policy says in every region the policy reaches: on
 * (made if off) with exactly the policy's standards, or off. True when something changed.
 */
export function applyCentralPolicy(root: SimState, account: SimState): boolean {
  const org = root.organization;
  const policy = org && effectivePolicy(org, account.accountId);
  if (!org?.securityhub || !policy) return false;
  const wanted = policy.ConfigurationPolicy.SecurityHub;
  let changed = false;
  for (const region of linkedRegions(root, org.securityhub, account)) {
    const regional = (account.regional[region] ??= freshRegion(account, region));
    if (!wanted.ServiceEnabled) {
      if (regional.securityHub) {
        delete regional.securityHub;
        changed = true;
      }
      continue;
    }
    if (!regional.securityHub) {
      regional.securityHub = {
        HubArn: `arn:aws:securityhub:${region}:${account.accountId}:hub/default`,
        SubscribedAt: SUBSCRIBED_AT,
        AutoEnableControls: true,
        ControlFindingGenerator: 'SECURITY_CONTROL',
        standards: [],
      };
      changed = true;
    }
    const hub = regional.securityHub;
    const arns = (wanted.EnabledStandardIdentifiers ?? []).map((arn) => inRegion(arn, region));
    const kept = hub.standards.filter((s) => arns.includes(s.StandardsArn));
    if (kept.length !== hub.standards.length) changed = true;
    for (const arn of arns.filter((a) => !kept.some((s) => s.StandardsArn === a))) {
      const path = /:(?:standards|ruleset)\/(.+)$/.exec(arn)?.[1] ?? arn;
      kept.push({ StandardsArn: arn, StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${account.accountId}:subscription/${path}`, StandardsStatus: 'PENDING', StandardsInput: {}, readsLeft: READS_WHILE_PENDING });
      changed = true;
    }
    hub.standards = kept;
    if (hub.centralPolicyId !== policy.Id) {
      hub.centralPolicyId = policy.Id;
      changed = true;
    }
  }
  return changed;
}

/** Every ACTIVE account of the organization (the management account and the administrator included) made what its policy says. */
export function applyCentralPolicies(root: SimState, touched?: (state: SimState) => void): void {
  for (const account of root.organization?.accounts ?? []) {
    if (account.State !== 'ACTIVE') continue;
    const state = account.Id === root.accountId ? root : account.member;
    if (state && applyCentralPolicy(root, state) && state !== root) touched?.(state);
  }
}

/** An account no longer governed by a policy keeps its settings, self-managed. */
export function releaseCentralPolicy(root: SimState, policyId: string): void {
  for (const account of root.organization?.accounts ?? []) {
    const state = account.Id === root.accountId ? root : account.member;
    for (const regional of Object.values(state?.regional ?? {})) {
      if (regional.securityHub?.centralPolicyId === policyId) delete regional.securityHub.centralPolicyId;
    }
  }
}
