/**
 * The simulated Account API in an organization, no kinder than AWS: the management account may
 * name a member with AccountId only once trusted access for account.amazonaws.com is on, never
 * itself; a member (or a standalone account) may not name any account.
 */
import { describe, expect, it } from 'vitest';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { freshOrganizationState, memberState } from '../../src/sim/organization-state.js';
import { simService } from '../support/sim.js';

const MEMBER = '210987654301';
const OTHER = '210987654302';
const contact = { AlternateContactType: 'SECURITY' as const, Name: 'Sec Team', Title: 'Security', EmailAddress: 'sec@example.com', PhoneNumber: '+81 3-1234-5678' };

function organization() {
  const org = new SimulatedOrganization(freshOrganizationState({ members: 2, enabledRegionCount: 1 }));
  const use = async <S extends 'organizations' | 'account'>(accountId: string, service: S) => simulatedClients(org.account(accountId)).forRegion('us-east-1').use(service);
  return { org, use, management: org.management.state.accountId };
}

describe('simulated Account API with AccountId', () => {
  it('refuses AccountId without trusted access for account.amazonaws.com (AccessDeniedException), then reads and writes the member', async () => {
    const { org, use, management } = organization();
    const { client, sdk } = await use(management, 'account');
    await expect(client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/is not authorized to perform: account:GetAlternateContact/),
    });
    await expect(client.send(new sdk.PutAlternateContactCommand({ ...contact, AccountId: MEMBER }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const { client: orgs, sdk: o } = await use(management, 'organizations');
    await orgs.send(new o.EnableAWSServiceAccessCommand({ ServicePrincipal: 'account.amazonaws.com' }));
    await expect(client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await client.send(new sdk.PutAlternateContactCommand({ ...contact, AccountId: MEMBER }));
    // The member's own state holds it; the management account's own contacts are untouched.
    expect(memberState(org.management.state, MEMBER)!.account.alternateContacts.SECURITY).toMatchObject({ Name: 'Sec Team' });
    expect(org.management.state.account.alternateContacts.SECURITY).toBeUndefined();
    expect((await client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }))).AlternateContact).toMatchObject({ Name: 'Sec Team' });
    await client.send(new sdk.DeleteAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }));
    expect(memberState(org.management.state, MEMBER)!.account.alternateContacts.SECURITY).toBeUndefined();
    // The management account may not name itself, trusted access or not.
    await expect(client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: management }))).rejects.toMatchObject({ name: 'ValidationException' });
    // An account outside the organization.
    await expect(client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: '999999999999' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('refuses AccountId from a member account, even its own id, even with trusted access on', async () => {
    const { use, management } = organization();
    const { client: orgs, sdk: o } = await use(management, 'organizations');
    await orgs.send(new o.EnableAWSServiceAccessCommand({ ServicePrincipal: 'account.amazonaws.com' }));
    const { client, sdk } = await use(MEMBER, 'account');
    await expect(client.send(new sdk.PutAlternateContactCommand({ ...contact, AccountId: OTHER }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // Without AccountId, a member works on itself as before.
    await client.send(new sdk.PutAlternateContactCommand(contact));
  });

  it('refuses AccountId from a standalone account', async () => {
    const { client, sdk } = await simService('account', 'us-east-1');
    await expect(client.send(new sdk.GetAlternateContactCommand({ AlternateContactType: 'SECURITY', AccountId: MEMBER }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
