/**
 * An AWS Organization in the simulation: the management account's state holds the
 * organization, and each member's own account state nested in its entry (one JSON file keeps
 * the whole organization between `--demo --org` runs).
 */
import { applyCentralPolicy } from './securityhub-central.js';
import { freshAccountState, freshRegion, nextResourceId, type SimAccountState, type SimDetector, type SimIamRole, type SimOrgAccount, type SimState } from './state.js';

export type { SimAccountState, SimOrgAccount, SimOrganization } from './state.js';

/** The role Organizations creates in every account it creates (Control Tower: AWSControlTowerExecution). */
export const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';

export interface FreshOrganizationOptions {
  /** Member accounts created by Organizations, each with the access role (3 unless said). */
  readonly members?: number;
  /** Members that were invited and have no access role. */
  readonly invited?: number;
  /** Members that are suspended (listed, never worked on). */
  readonly suspended?: number;
  readonly enabledRegionCount?: number;
  /** Also a Security Tooling account (`security`) and a Log Archive account (`log-archive`), as AWS SRA lays out (`--demo --org`). */
  readonly securityAccounts?: boolean;
}

const ORG_ID = 'o-demo0000001';

/** The access role Organizations makes in an account it creates: admin, trusted by the management account. */
function accessRole(member: SimState, managementId: string, name = ORGANIZATION_ACCESS_ROLE): SimIamRole {
  return {
    RoleName: name,
    RoleId: nextResourceId(member, 'AROA', 16).replace('-', '').toUpperCase(),
    Arn: `arn:aws:iam::${member.accountId}:role/${name}`,
    Path: '/',
    CreateDate: '2026-01-01T00:00:00.000Z',
    MaxSessionDuration: 3600,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${managementId}:root` }, Action: 'sts:AssumeRole' }],
    }),
    inlinePolicies: {},
    attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  };
}

/** A management account and its members, none of the checklist done in any of them. */
export function freshOrganizationState(options: FreshOrganizationOptions = {}): SimState {
  const management = freshAccountState({ enabledRegionCount: options.enabledRegionCount });
  const managementId = management.accountId;
  const entry = (id: string, name: string, state: SimAccountState, joined: SimOrgAccount['JoinedMethod'], member?: SimState): SimOrgAccount => ({
    Id: id,
    Arn: `arn:aws:organizations::${managementId}:account/${ORG_ID}/${id}`,
    Email: `${name}@example.com`,
    Name: name,
    State: state,
    JoinedMethod: joined,
    JoinedTimestamp: '2026-01-01T00:00:00.000Z',
    ...(member ? { member } : {}),
  });
  const accounts: SimOrgAccount[] = [entry(managementId, 'management', 'ACTIVE', 'CREATED')];
  let n = 0;
  const member = (kind: 'created' | 'invited' | 'suspended', named?: string) => {
    n += 1;
    const id = String(210987654300 + n).padStart(12, '0');
    const state = memberAccountState(id, managementId, options.enabledRegionCount, kind !== 'invited');
    const name = named ?? (kind === 'created' ? `workload-${n}` : `${kind}-${n}`);
    accounts.push(entry(id, name, kind === 'suspended' ? 'SUSPENDED' : 'ACTIVE', kind === 'invited' ? 'INVITED' : 'CREATED', state));
  };
  if (options.securityAccounts) {
    member('created', 'security');
    member('created', 'log-archive');
  }
  for (let i = 0; i < (options.members ?? 3); i++) member('created');
  for (let i = 0; i < (options.invited ?? 0); i++) member('invited');
  for (let i = 0; i < (options.suspended ?? 0); i++) member('suspended');
  management.organization = { Id: ORG_ID, Arn: `arn:aws:organizations::${managementId}:organization/${ORG_ID}`, MasterAccountId: managementId, accounts };
  return management;
}

/** A fresh member account: reached through the access role Organizations makes (unless invited). */
function memberAccountState(id: string, managementId: string, enabledRegionCount: number | undefined, withRole: boolean): SimState {
  const state = freshAccountState({ accountId: id, enabledRegionCount });
  // A member's caller is whoever assumed the access role into it.
  state.callerArn = `arn:aws:sts::${id}:assumed-role/${ORGANIZATION_ACCESS_ROLE}/aws-bootstrap`;
  state.memberOf = managementId;
  if (withRole) state.iam.roles[ORGANIZATION_ACCESS_ROLE] = accessRole(state, managementId);
  return state;
}

/**
 * An account created in the organization after the fact (`--demo-add-account`): made by
 * Organizations (so it has the access role), and enrolled at once by what the organization
 * turned on for new accounts (GuardDuty auto-enable, the Security Hub policy on the root).
 * Returns its state.
 */
export function addMemberAccount(root: SimState, name?: string): SimState {
  const org = root.organization!;
  const last = Math.max(...org.accounts.map((a) => Number(a.Id)));
  const id = String(last + 1).padStart(12, '0');
  const state = memberAccountState(id, root.accountId, Object.values(root.regions).filter((s) => s === 'ENABLED' || s === 'ENABLED_BY_DEFAULT').length, true);
  const accountName = name ?? `new-account-${org.accounts.length}`;
  org.accounts.push({
    Id: id,
    Arn: `arn:aws:organizations::${root.accountId}:account/${org.Id}/${id}`,
    Email: `${accountName}@example.com`,
    Name: accountName,
    State: 'ACTIVE',
    JoinedMethod: 'CREATED',
    JoinedTimestamp: '2026-06-01T00:00:00.000Z',
    member: state,
  });
  for (const [region, settings] of Object.entries(org.guardduty ?? {})) {
    if (settings.autoEnable === 'NEW' || settings.autoEnable === 'ALL') enrolInGuardDuty(state, region, settings.adminAccountId);
  }
  // Security Hub: the configuration policy associated with the root governs it at once.
  applyCentralPolicy(root, state);
  return state;
}

/** An account's own state in the organization: the management account's, or a member's. */
export function organizationAccountState(root: SimState, accountId: string): SimState | undefined {
  return accountId === root.accountId ? root : memberState(root, accountId);
}

/**
 * GuardDuty's administrator enables an account as a member in a region: its detector (made if
 * there is none, resumed if suspended) reports to the administrator. Its earlier findings stay.
 */
export function enrolInGuardDuty(account: SimState, region: string, adminAccountId: string): boolean {
  if (account.regions[region] !== 'ENABLED' && account.regions[region] !== 'ENABLED_BY_DEFAULT') return false;
  const regional = (account.regional[region] ??= freshRegion(account, region));
  const existing = regional.detectors[0];
  if (existing) {
    if (existing.Status === 'ENABLED' && existing.administratorId === adminAccountId) return false;
    existing.Status = 'ENABLED';
    existing.administratorId = adminAccountId;
    return true;
  }
  const created: SimDetector = {
    DetectorId: nextResourceId(account, 'd', 31).replace('-', ''),
    Status: 'ENABLED',
    CreatedAt: '2026-01-01T00:00:00.000Z',
    UpdatedAt: '2026-01-01T00:00:00.000Z',
    FindingPublishingFrequency: 'SIX_HOURS',
    ServiceRole: `arn:aws:iam::${account.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    administratorId: adminAccountId,
  };
  regional.detectors.push(created);
  return true;
}

/** A member account's state, by id (undefined for the management account or an unknown id). */
export function memberState(management: SimState, accountId: string): SimState | undefined {
  return management.organization?.accounts.find((a) => a.Id === accountId)?.member;
}
