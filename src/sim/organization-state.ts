/**
 * An AWS Organization in the simulation: the management account's state holds the
 * organization, and each member's own account state nested in its entry (one JSON file keeps
 * the whole organization between `--demo --org` runs).
 */
import { freshAccountState, nextResourceId, type SimAccountState, type SimIamRole, type SimOrgAccount, type SimState } from './state.js';

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
  const member = (kind: 'created' | 'invited' | 'suspended') => {
    n += 1;
    const id = String(210987654300 + n).padStart(12, '0');
    const state = freshAccountState({ accountId: id, enabledRegionCount: options.enabledRegionCount });
    // A member's caller is whoever assumed the access role into it.
    state.callerArn = `arn:aws:sts::${id}:assumed-role/${ORGANIZATION_ACCESS_ROLE}/aws-bootstrap`;
    state.memberOf = managementId;
    if (kind !== 'invited') state.iam.roles[ORGANIZATION_ACCESS_ROLE] = accessRole(state, managementId);
    const name = kind === 'created' ? `workload-${n}` : `${kind}-${n}`;
    accounts.push(entry(id, name, kind === 'suspended' ? 'SUSPENDED' : 'ACTIVE', kind === 'invited' ? 'INVITED' : 'CREATED', state));
  };
  for (let i = 0; i < (options.members ?? 3); i++) member('created');
  for (let i = 0; i < (options.invited ?? 0); i++) member('invited');
  for (let i = 0; i < (options.suspended ?? 0); i++) member('suspended');
  management.organization = { Id: ORG_ID, Arn: `arn:aws:organizations::${managementId}:organization/${ORG_ID}`, MasterAccountId: managementId, accounts };
  return management;
}

/** A member account's state, by id (undefined for the management account or an unknown id). */
export function memberState(management: SimState, accountId: string): SimState | undefined {
  return management.organization?.accounts.find((a) => a.Id === accountId)?.member;
}
