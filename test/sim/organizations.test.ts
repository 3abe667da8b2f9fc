/**
 * The simulated organization, no kinder than AWS: trusted access before a delegated administrator,
 * only the management account administers, GuardDuty's organization calls only from its
 * administrator, organization analyzers only for the management account or the delegated
 * administrator, and GuardDuty auto-enable enrolling an account created later.
 */
import { describe, expect, it } from 'vitest';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { freshOrganizationState, memberState } from '../../src/sim/organization-state.js';

const SECURITY = '210987654301';
const REGION = 'us-east-1';

function organization() {
  const org = new SimulatedOrganization(freshOrganizationState({ members: 1, securityAccounts: true, enabledRegionCount: 2 }));
  const use = async <S extends 'organizations' | 'guardduty' | 'accessanalyzer'>(accountId: string, service: S) => simulatedClients(org.account(accountId)).forRegion(REGION).use(service);
  return { org, use, management: org.management.state.accountId };
}

describe('simulated Organizations: trusted access and delegated administrators', () => {
  it('refuses a delegated administrator before trusted access, as AWS does; then registers, lists and deregisters it', async () => {
    const { use, management } = await organization();
    const { client, sdk } = await use(management, 'organizations');
    const register = () => client.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: SECURITY, ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await expect(register()).rejects.toMatchObject({ name: 'InvalidInputException', Reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL' });
    await client.send(new sdk.EnableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    expect((await client.send(new sdk.ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map((p) => p.ServicePrincipal)).toEqual(['access-analyzer.amazonaws.com']);
    await register();
    await expect(register()).rejects.toMatchObject({ name: 'AccountAlreadyRegisteredException' });
    const listed = await client.send(new sdk.ListDelegatedAdministratorsCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    expect(listed.DelegatedAdministrators!.map((a) => [a.Id, a.Name])).toEqual([[SECURITY, 'security']]);
    // One administrator per security service.
    await expect(client.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: '210987654302', ServicePrincipal: 'access-analyzer.amazonaws.com' }))).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
    });
    await client.send(new sdk.DeregisterDelegatedAdministratorCommand({ AccountId: SECURITY, ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await expect(client.send(new sdk.DeregisterDelegatedAdministratorCommand({ AccountId: SECURITY, ServicePrincipal: 'access-analyzer.amazonaws.com' }))).rejects.toMatchObject({ name: 'AccountNotRegisteredException' });
    await client.send(new sdk.DisableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    expect((await client.send(new sdk.ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals).toEqual([]);
  });

  it('only the management account may call them; it cannot register itself; an unknown account is not found', async () => {
    const { use, management } = await organization();
    const { client: member, sdk } = await use(SECURITY, 'organizations');
    await expect(member.send(new sdk.EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(member.send(new sdk.ListDelegatedAdministratorsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const { client } = await use(management, 'organizations');
    await client.send(new sdk.EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    await expect(client.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: management, ServicePrincipal: 'guardduty.amazonaws.com' }))).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
    });
    await expect(client.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: '999999999999', ServicePrincipal: 'guardduty.amazonaws.com' }))).rejects.toMatchObject({ name: 'AccountNotFoundException' });
  });
});

describe('simulated GuardDuty for an organization', () => {
  it('refuses admin calls from anyone but the management account and the administrator', async () => {
    const { use, management } = await organization();
    const { client: inSecurity, sdk } = await use(SECURITY, 'guardduty');
    await expect(inSecurity.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }))).rejects.toMatchObject({ name: 'BadRequestException' });
    const { DetectorId } = await inSecurity.send(new sdk.CreateDetectorCommand({ Enable: true }));
    await inSecurity.send(new sdk.UpdateDetectorCommand({ DetectorId, Enable: false }));
    // Not the administrator yet.
    await expect(inSecurity.send(new sdk.UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnableOrganizationMembers: 'ALL' }))).rejects.toMatchObject({ name: 'BadRequestException' });
    const { client: inManagement } = await use(management, 'guardduty');
    await inManagement.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    expect((await inManagement.send(new sdk.ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([{ AdminAccountId: SECURITY, AdminStatus: 'ENABLED' }]);
    // Designating it turned GuardDuty on in the administrator (its suspended detector resumed).
    expect((await inSecurity.send(new sdk.GetDetectorCommand({ DetectorId }))).Status).toBe('ENABLED');
    // Another account as administrator: refused while one is there.
    await expect(inManagement.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: '210987654302' }))).rejects.toMatchObject({ name: 'BadRequestException' });
    // Both values, or neither: refused.
    await expect(inSecurity.send(new sdk.UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnable: true, AutoEnableOrganizationMembers: 'ALL' }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await inSecurity.send(new sdk.UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnableOrganizationMembers: 'ALL' }));
    expect(await inSecurity.send(new sdk.DescribeOrganizationConfigurationCommand({ DetectorId }))).toMatchObject({ AutoEnableOrganizationMembers: 'ALL', AutoEnable: true });
    // Every other account is a member now: the management account and the log archive and workload accounts.
    expect((await inSecurity.send(new sdk.ListMembersCommand({ DetectorId }))).Members!.map((m) => m.AccountId).sort()).toEqual([management, '210987654302', '210987654303']);
  });

  it('auto-enable enrols an account created later, in every region it was set, with no call', async () => {
    const { org, use, management } = await organization();
    const { client: inManagement, sdk } = await use(management, 'guardduty');
    await inManagement.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    const { client: inSecurity } = await use(SECURITY, 'guardduty');
    // The administrator's detector, made when it was designated.
    const [DetectorId] = (await inSecurity.send(new sdk.ListDetectorsCommand({}))).DetectorIds!;
    await inSecurity.send(new sdk.UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnableOrganizationMembers: 'NEW' }));
    // NEW: existing accounts are left alone.
    expect(memberState(org.management.state, '210987654303')!.regional[REGION]?.detectors ?? []).toEqual([]);
    const added = org.addAccount();
    expect(memberState(org.management.state, added)!.regional[REGION]!.detectors.map((d) => [d.Status, d.administratorId])).toEqual([['ENABLED', SECURITY]]);
    // The other region has no administrator: nothing there.
    expect(memberState(org.management.state, added)!.regional['us-east-2']?.detectors ?? []).toEqual([]);
  });
});

describe('simulated IAM Access Analyzer for an organization', () => {
  it('creates an ORGANIZATION analyzer only for the management account or the delegated administrator, with trusted access', async () => {
    const { use, management } = await organization();
    const { client: inSecurity, sdk } = await use(SECURITY, 'accessanalyzer');
    const create = () => inSecurity.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    await expect(create()).rejects.toMatchObject({ name: 'AccessDeniedException' });
    const { client: orgs, sdk: o } = await use(management, 'organizations');
    await orgs.send(new o.EnableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await expect(create()).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await orgs.send(new o.RegisterDelegatedAdministratorCommand({ AccountId: SECURITY, ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    await create();
    // A member that is not the administrator still cannot; its own ACCOUNT analyzer it can.
    const { client: inWorkload } = await use('210987654303', 'accessanalyzer');
    await expect(inWorkload.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await inWorkload.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'mine', type: 'ACCOUNT' }));
  });
});
