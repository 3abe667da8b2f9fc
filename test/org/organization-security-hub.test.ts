/**
 * `--org`: Security Hub CSPM (administrator, aggregator, central configuration, a policy on the
 * root) and the Config organization aggregator, against a simulated organization.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { organizationSteps } from '../../steps/organization/index.js';
import { organizationAccountState, memberState } from '../../src/sim/organization-state.js';
import type { SimState } from '../../src/sim/state.js';
import type { ConfirmRequest } from '../../src/engine/host.js';
import { ScriptedHost } from '../support/wizard.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const SECURITY = '210987654301';
const chosen = { securityAccount: SECURITY, logArchiveAccount: '210987654302' };
const steps = checklist.filter((s) => ['ebs-encryption-by-default', 'security-hub'].includes(s.id));
// Only what these tests are about (organization-access first: Config's delegated administrator).
const ours = organizationSteps.filter((s) => ['organization-access', 'organization-security-hub', 'organization-config-aggregator'].includes(s.id));

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS_V5 = 'cis-aws-foundations-benchmark/v/5.0.0';

type Org = ReturnType<typeof freshOrganization>;
const root = (org: Org) => org.management.state;
const regionsOf = (state: SimState) => Object.keys(state.regional);
const active = (org: Org) => root(org).organization!.accounts.filter((a) => a.State === 'ACTIVE').map((a) => a.Id);

/** Security Hub on in every region of the account, governed by the policy, with FSBP and the newest CIS. */
function expectGoverned(org: Org, accountId: string, policyId: string): void {
  const state = organizationAccountState(root(org), accountId)!;
  for (const region of regionsOf(root(org))) {
    const hub = state.regional[region]?.securityHub;
    expect(hub?.centralPolicyId, `${accountId} ${region}`).toBe(policyId);
    expect(hub!.standards.map((s) => s.StandardsArn).sort(), `${accountId} ${region}`).toEqual([
      `arn:aws:securityhub:${region}::standards/${FSBP}`,
      `arn:aws:securityhub:${region}::standards/${CIS_V5}`,
    ]);
  }
}

class KeepsWhatDestroys extends ScriptedHost {
  override async confirm(request: ConfirmRequest) {
    this.confirmations.push(request);
    return request.destructive ? ('no' as const) : ('yes' as const);
  }
}

describe('organization-security-hub and organization-config-aggregator', () => {
  it('fresh organization: applied and read back; one aggregator of each kind in the whole organization; every account governed by the policy; security-hub covered', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours });
    expect(report.organization!.results.filter((r) => r.status !== 'changed'), JSON.stringify(report.organization!.results)).toEqual([]);
    expect(report.exitCode).toBe(0);
    const organization = root(org).organization!;
    const settings = organization.securityhub!;
    expect(settings.configurationType).toBe('CENTRAL');
    expect(settings.homeRegion).toBe('us-east-1');
    expect(settings.admins['us-east-1']).toBe(SECURITY);
    expect(settings.policies.map((p) => p.Name)).toEqual(['aws-bootstrap']);
    expect(settings.associations.map((a) => [a.TargetType, a.ConfigurationPolicyId])).toEqual([['ROOT', settings.policies[0]!.Id]]);
    expect(organization.trustedServices!.map((t) => t.ServicePrincipal).sort()).toEqual(['access-analyzer.amazonaws.com', 'account.amazonaws.com', 'cloudtrail.amazonaws.com', 'config.amazonaws.com', 'securityhub.amazonaws.com']);
    expect(organization.delegatedAdministrators!.map((a) => `${a.ServicePrincipal}=${a.AccountId}`).sort()).toEqual(
      [`access-analyzer.amazonaws.com=${SECURITY}`, `config.amazonaws.com=${SECURITY}`, `securityhub.amazonaws.com=${SECURITY}`],
    );
    // One finding aggregator and one Config aggregator in the whole organization, both in the security account.
    const all = active(org).map((id) => organizationAccountState(root(org), id)!);
    const findingAggregators = all.flatMap((s) => Object.values(s.regional).flatMap((r) => (r.findingAggregators ?? []).map((a) => [s.accountId, a.FindingAggregationRegion, a.RegionLinkingMode])));
    expect(findingAggregators).toEqual([[SECURITY, 'us-east-1', 'ALL_REGIONS']]);
    const configAggregators = all.flatMap((s) => Object.values(s.regional).flatMap((r) => (r.configAggregators ?? []).map((a) => [s.accountId, a.ConfigurationAggregatorName, a.OrganizationAggregationSource])));
    expect(configAggregators).toEqual([[SECURITY, 'aws-bootstrap-organization', { RoleArn: `arn:aws:iam::${SECURITY}:role/aws-bootstrap-config-aggregator`, AllAwsRegions: true }]]);
    expect(memberState(root(org), SECURITY)!.iam.roles['aws-bootstrap-config-aggregator']!.attachedPolicies).toEqual(['arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations']);
    // Every account (the management account too) governed by the policy in every region.
    for (const id of active(org)) expectGoverned(org, id, settings.policies[0]!.Id);
    for (const outcome of report.accounts) {
      expect(outcome.report!.results.filter((r) => r.step === 'security-hub').map((r) => [r.status, r.detail])).toEqual([['skipped', 'covered by the organization (organization-security-hub)']]);
    }
    expect(output).toMatch(/Make 210987654301 \(security\) the Security Hub CSPM delegated administrator/);
    expect(output).toMatch(/billed per security check and per finding ingested/);
  });

  it('a dry run makes no mutating call and previews every change; a second run makes none', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const plan = await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours, dryRun: true });
    expect([...mutationsByAccount(org).values()].every((n) => n === 0)).toBe(true);
    expect(plan.report.exitCode).toBe(2);
    expect(plan.output).toMatch(/Create a finding aggregator in 210987654301 \(security\), in us-east-1, that links every region/);
    expect(plan.output).toMatch(/Turn on central configuration, managed from 210987654301 \(security\)/);
    expect(plan.output).toMatch(/Create the configuration policy "aws-bootstrap": Security Hub CSPM on, with AWS Foundational Security Best Practices v1\.0\.0, CIS AWS Foundations Benchmark v5\.0\.0/);
    expect(plan.output).toMatch(/Apply the configuration policy "aws-bootstrap" to the organization's root r-demo0000001/);
    expect(plan.output).toMatch(/Create the organization aggregator aws-bootstrap-organization in 210987654301 \(security\), in us-east-1, over every region/);
    await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours });
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours });
    expect(mutationsByAccount(org)).toEqual(before);
    expect(again.report.organization!.results.map((r) => [r.step, r.status])).toEqual(ours.map((s) => [s.id, 'compliant']));
  });

  it('an account added after the run is governed by the policy at once, with no run', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours });
    const added = org.addAccount('new-team');
    expectGoverned(org, added, root(org).organization!.securityhub!.policies[0]!.Id);
  });

  it('another account already Security Hub administrator: reported and left as it is under --yes', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const other = '210987654303';
    // The management account designated another account before.
    const { client, sdk } = await simulatedClients(org.management).forRegion('us-east-1').use('securityhub');
    await client.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: other }));
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours });
    expect(root(org).organization!.securityhub!.admins['us-east-1']).toBe(other);
    expect(report.organization!.results.find((r) => r.step === 'organization-security-hub')!.status).toBe('skipped');
    expect(output).toMatch(/Security Hub CSPM's delegated administrator is 210987654303 \(workload-3\), not the security account/);
  });

  it('undo: policy off the root and deleted, local configuration, aggregators and role deleted; the administrator removed only when asked; findings and hubs kept', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    await runOrgAgainst(org, { steps, organization: chosen, organizationSteps: ours });
    org.accounts().forEach((sim) => sim.settle());
    const { output } = await undoOrgAgainst(org, { host: new KeepsWhatDestroys(true) });
    const settings = root(org).organization!.securityhub!;
    expect(settings.configurationType).toBe('LOCAL');
    expect(settings.policies).toEqual([]);
    expect(settings.associations).toEqual([]);
    // Destructive, declined: the administrator stays.
    expect(settings.admins['us-east-1']).toBe(SECURITY);
    const security = memberState(root(org), SECURITY)!;
    expect(Object.values(security.regional).flatMap((r) => r.findingAggregators ?? [])).toEqual([]);
    expect(Object.values(security.regional).flatMap((r) => r.configAggregators ?? [])).toEqual([]);
    expect(security.iam.roles['aws-bootstrap-config-aggregator']).toBeUndefined();
    // Every account keeps Security Hub (and its findings), self-managed.
    for (const id of active(org)) {
      const hub = organizationAccountState(root(org), id)!.regional['us-east-1']!.securityHub;
      expect(hub, id).toBeDefined();
      expect(hub!.centralPolicyId).toBeUndefined();
    }
    expect(output).toMatch(/Take the configuration policy "aws-bootstrap" off the organization's root/);
  });
});
