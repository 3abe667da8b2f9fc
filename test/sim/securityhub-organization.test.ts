/**
 * The simulated organization's Security Hub CSPM and Config aggregator calls, no kinder than AWS:
 * admin calls only from the delegated administrator, central configuration only after the
 * aggregator, policies only under it, a policy on the root governing every account, and an
 * organization aggregator only for the management account or Config's delegated administrator.
 */
import { describe, expect, it } from 'vitest';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { freshOrganizationState, memberState } from '../../src/sim/organization-state.js';

const SECURITY = '210987654301';
const WORKLOAD = '210987654303';
const REGION = 'us-east-1';

function organization() {
  const org = new SimulatedOrganization(freshOrganizationState({ members: 1, securityAccounts: true, enabledRegionCount: 2 }));
  const use = async <S extends 'organizations' | 'securityhub' | 'config' | 'iam'>(accountId: string, service: S) => simulatedClients(org.account(accountId)).forRegion(REGION).use(service);
  return { org, use, management: org.management.state.accountId };
}

describe('simulated Security Hub CSPM for an organization', () => {
  it('only the management account designates; only the administrator reads the organization configuration; it is enabled there by AWS', async () => {
    const { org, use, management } = organization();
    const fromSecurity = await use(SECURITY, 'securityhub');
    await expect(fromSecurity.client.send(new fromSecurity.sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }))).rejects.toMatchObject({ name: 'InvalidAccessException' });
    const { client, sdk } = await use(management, 'securityhub');
    expect(await client.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }))).toMatchObject({ AdminAccountId: SECURITY, Feature: 'SecurityHub' });
    expect((await client.send(new sdk.ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([{ AccountId: SECURITY, Status: 'ENABLED' }]);
    expect(memberState(org.management.state, SECURITY)!.regional[REGION]!.securityHub).toBeDefined();
    expect(org.management.state.organization!.trustedServices!.map((t) => t.ServicePrincipal)).toEqual(['securityhub.amazonaws.com']);
    const workload = await use(WORKLOAD, 'securityhub');
    await expect(workload.client.send(new workload.sdk.DescribeOrganizationConfigurationCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessException' });
    expect(await fromSecurity.client.send(new fromSecurity.sdk.DescribeOrganizationConfigurationCommand({}))).toMatchObject({ AutoEnable: false, OrganizationConfiguration: { ConfigurationType: 'LOCAL' } });
  });

  it('central configuration needs the aggregator first and AutoEnable off; policies only under it; a policy on the root governs every account; still associated, it cannot be deleted', async () => {
    const { org, use, management } = organization();
    const m = await use(management, 'securityhub');
    await m.client.send(new m.sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    const { client, sdk } = await use(SECURITY, 'securityhub');
    const policy = { SecurityHub: { ServiceEnabled: true, EnabledStandardIdentifiers: [`arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`], SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] } } };
    await expect(client.send(new sdk.CreateConfigurationPolicyCommand({ Name: 'p', ConfigurationPolicy: policy }))).rejects.toMatchObject({ name: 'InvalidAccessException' });
    const central = (autoEnable: boolean) => client.send(new sdk.UpdateOrganizationConfigurationCommand({ AutoEnable: autoEnable, AutoEnableStandards: 'NONE', OrganizationConfiguration: { ConfigurationType: 'CENTRAL' } }));
    await expect(central(false)).rejects.toThrow(/finding aggregator in the home Region first/);
    await client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    await expect(central(true)).rejects.toThrow(/Auto Enable and AutoEnableStandards can not be enabled for Central Configuration/);
    await central(false);
    // PENDING for a moment: no policy yet.
    await expect(client.send(new sdk.CreateConfigurationPolicyCommand({ Name: 'p', ConfigurationPolicy: policy }))).rejects.toThrow(/PENDING/);
    expect((await client.send(new sdk.DescribeOrganizationConfigurationCommand({}))).OrganizationConfiguration!.Status).toBe('PENDING');
    expect((await client.send(new sdk.DescribeOrganizationConfigurationCommand({}))).OrganizationConfiguration!.Status).toBe('ENABLED');
    const made = await client.send(new sdk.CreateConfigurationPolicyCommand({ Name: 'p', ConfigurationPolicy: policy }));
    expect(made.Arn).toBe(`arn:aws:securityhub:${REGION}:${SECURITY}:configuration-policy/${made.Id}`);
    const o = await use(management, 'organizations');
    const [rootNode] = (await o.client.send(new o.sdk.ListRootsCommand({}))).Roots!;
    const associated = await client.send(new sdk.StartConfigurationPolicyAssociationCommand({ ConfigurationPolicyIdentifier: made.Id, Target: { RootId: rootNode!.Id! } }));
    expect(associated).toMatchObject({ AssociationStatus: 'PENDING', AssociationType: 'APPLIED', TargetType: 'ROOT' });
    for (const account of org.management.state.organization!.accounts) {
      const state = account.member ?? org.management.state;
      for (const region of Object.keys(state.regional)) expect(state.regional[region]!.securityHub?.centralPolicyId, `${account.Id} ${region}`).toBe(made.Id);
    }
    await expect(client.send(new sdk.DeleteConfigurationPolicyCommand({ Identifier: made.Id }))).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await expect(client.send(new sdk.UpdateOrganizationConfigurationCommand({ AutoEnable: false, OrganizationConfiguration: { ConfigurationType: 'LOCAL' } }))).rejects.toThrow(/disassociate/);
    // Central configuration on: the administrator cannot be removed through Security Hub.
    await expect(m.client.send(new m.sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }))).rejects.toThrow(/central configuration/);
    const added = org.addAccount('later');
    expect(memberState(org.management.state, added)!.regional[REGION]!.securityHub!.centralPolicyId).toBe(made.Id);
  });
});

describe('simulated Config organization aggregator', () => {
  it('refused to an account neither management nor Config\'s delegated administrator; the new role refused once while IAM spreads it', async () => {
    const { use, management } = organization();
    const iam = await use(SECURITY, 'iam');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const { Role } = await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: 'agg', AssumeRolePolicyDocument: trust }));
    await iam.client.send(new iam.sdk.AttachRolePolicyCommand({ RoleName: 'agg', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations' }));
    const { client, sdk } = await use(SECURITY, 'config');
    const put = () => client.send(new sdk.PutConfigurationAggregatorCommand({ ConfigurationAggregatorName: 'org', OrganizationAggregationSource: { RoleArn: Role!.Arn, AllAwsRegions: true } }));
    await expect(put()).rejects.toMatchObject({ name: 'OrganizationAccessDeniedException' });
    const o = await use(management, 'organizations');
    await o.client.send(new o.sdk.EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
    await o.client.send(new o.sdk.RegisterDelegatedAdministratorCommand({ AccountId: SECURITY, ServicePrincipal: 'config.amazonaws.com' }));
    await expect(put()).rejects.toMatchObject({ name: 'InvalidRoleException' });
    const made = await put();
    expect(made.ConfigurationAggregator).toMatchObject({ ConfigurationAggregatorName: 'org', OrganizationAggregationSource: { RoleArn: Role!.Arn, AllAwsRegions: true } });
    expect((await client.send(new sdk.DescribeConfigurationAggregatorsCommand({}))).ConfigurationAggregators!.map((a) => a.ConfigurationAggregatorName)).toEqual(['org']);
  });
});
