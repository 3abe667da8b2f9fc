/** Listing and choosing an organization's accounts, and the credentials that reach a member. */
import { describe, expect, it } from 'vitest';
import { InputError, SetupError } from '../../src/core/errors.js';
import { assumedRoleCredentials, listAccounts, selectAccounts, type OrgAccount } from '../../src/org/accounts.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { memberState } from '../../src/sim/organization-state.js';
import { freshAccountState } from '../../src/sim/state.js';
import { freshOrganization } from './support.js';

const account = (id: string, state = 'ACTIVE'): OrgAccount => ({ id, name: id, email: `${id}@example.com`, state });

describe('listAccounts', () => {
  it('reads every page (ListAccounts gives at most 20 a page) and the State field', async () => {
    const org = freshOrganization({ members: 24, suspended: 1, enabledRegionCount: 1 });
    const accounts = await listAccounts(simulatedClients(org.management), 'us-east-1');
    expect(accounts).toHaveLength(26);
    expect(org.management.calls.filter((c) => c.action === 'ListAccounts')).toHaveLength(2);
    expect(accounts.filter((a) => a.state === 'SUSPENDED')).toHaveLength(1);
  });

  it('says what to do from a standalone account and from a member', async () => {
    await expect(listAccounts(simulatedClients(new SimulatedAccount(freshAccountState())), 'us-east-1')).rejects.toThrow(SetupError);
    await expect(listAccounts(simulatedClients(new SimulatedAccount(freshAccountState())), 'us-east-1')).rejects.toThrow(/not in an AWS Organization/);
    const org = freshOrganization({ members: 1, enabledRegionCount: 1 });
    const memberId = org.management.state.organization!.accounts[1]!.Id;
    await expect(listAccounts(simulatedClients(org.account(memberId)), 'us-east-1')).rejects.toThrow(/management account or of a delegated administrator/);
  });
});

describe('selectAccounts', () => {
  const all = [account('111111111111'), account('222222222222'), account('333333333333', 'SUSPENDED')];
  it('works on the active ones, lists the others, and honours --accounts and --exclude-accounts', () => {
    expect(selectAccounts(all, {})).toEqual({ work: all.slice(0, 2), untouched: [all[2]] });
    expect(selectAccounts(all, { only: ['222222222222'] }).work.map((a) => a.id)).toEqual(['222222222222']);
    expect(selectAccounts(all, { exclude: ['111111111111'] }).work.map((a) => a.id)).toEqual(['222222222222']);
  });
  it('refuses an id the organization does not have, and a selection that leaves nothing', () => {
    expect(() => selectAccounts(all, { only: ['999999999999'] })).toThrow(InputError);
    expect(() => selectAccounts(all, { only: ['999999999999'] })).toThrow(/not in this organization: 999999999999/);
    expect(() => selectAccounts(all, { exclude: all.map((a) => a.id) })).toThrow(/leave no account/);
  });
});

describe('assumedRoleCredentials', () => {
  it('assumes once, shares it between callers, and assumes again five minutes before the hour is up', async () => {
    const org = freshOrganization({ members: 1, enabledRegionCount: 1 });
    const memberId = org.management.state.organization!.accounts[1]!.Id;
    let now = Date.now();
    const provider = assumedRoleCredentials(simulatedClients(org.management), 'us-east-1', `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`, () => now);
    const assumes = () => org.management.calls.filter((c) => c.action === 'AssumeRole');
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toBe(b);
    expect(assumes()).toHaveLength(1);
    expect(assumes()[0]!.input).toMatchObject({ RoleSessionName: 'aws-bootstrap' });
    now += 54 * 60 * 1000;
    await provider();
    expect(assumes()).toHaveLength(1);
    now += 2 * 60 * 1000; // 56 minutes in: less than five minutes left
    await provider();
    expect(assumes()).toHaveLength(2);
  });

  it('is refused where the member has no role that trusts the management account', async () => {
    const org = freshOrganization({ members: 1, invited: 1, enabledRegionCount: 1 });
    const [, created, invited] = org.management.state.organization!.accounts.map((a) => a.Id);
    const clients = simulatedClients(org.management);
    await expect(assumedRoleCredentials(clients, 'us-east-1', `arn:aws:iam::${invited}:role/OrganizationAccountAccessRole`)()).rejects.toThrow(/not authorized to perform: sts:AssumeRole/);
    // A role that trusts someone else is no way in either.
    const role = memberState(org.management.state, created!)!.iam.roles.OrganizationAccountAccessRole!;
    role.AssumeRolePolicyDocument = role.AssumeRolePolicyDocument.replace(org.management.state.accountId, '999999999999');
    await expect(assumedRoleCredentials(clients, 'us-east-1', `arn:aws:iam::${created}:role/OrganizationAccountAccessRole`)()).rejects.toThrow(/AccessDenied|not authorized/);
  });
});
