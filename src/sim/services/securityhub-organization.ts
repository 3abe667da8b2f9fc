/**
 * Security Hub CSPM for an organization in the simulation, no kinder than AWS: only the
 * management account designates or removes the delegated administrator (which turns on trusted
 * access, registers it in Organizations and enables Security Hub in it, in that region); only the
 * administrator reads or changes the organization configuration, in a region where it is the
 * administrator; central configuration needs the administrator's finding aggregator, in its home
 * region, first (and the management account cannot use it); configuration policies are managed
 * from the home region only, under central configuration; a policy associated with the root
 * governs every account (and one that joins later) in every linked region; a policy still
 * associated cannot be deleted; local configuration comes back only once no policy is left; and
 * while central configuration is on, the administrator cannot be removed through Security Hub.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import type { SimConfigurationPolicy, SimSecurityHubOrganization } from '../compliance-state.js';
import { pageOf } from '../paging.js';
import { applyCentralPolicies, freshSecurityHubOrganization, releaseCentralPolicy, rootIdOf } from '../securityhub-central.js';
import { organizationAccountState } from '../organization-state.js';
import { freshRegion, nextUuid, type SimOrganization, type SimState } from '../state.js';
import { hubOf, invalidInput } from './securityhub-hub.js';

const { InvalidAccessException, ResourceConflictException, ResourceNotFoundException } = loadSdk('securityhub');

type Input = Record<string, unknown>;

const NOW = '2026-01-01T00:00:00.000Z';
const PRINCIPAL = 'securityhub.amazonaws.com';
/** Reads while central configuration is being turned on, and while a new association is applied. */
const PENDING_READS = 1;

const invalidAccess = (message: string) => awsError(InvalidAccessException, message, 401);

/** The organization, for a call only its management account may make. */
function asManagement({ state }: SimRequest): SimOrganization {
  if (!state.organization || state.memberOf) throw invalidAccess(`Account ${state.accountId} is not the management account of an organization`);
  return state.organization;
}

/** The organization's Security Hub settings, for a call only its administrator in this region may make. */
function asAdministrator(request: SimRequest): { root: SimState; org: SimOrganization; settings: SimSecurityHubOrganization } {
  const root = request.organization;
  const org = root?.organization;
  const settings = org?.securityhub;
  if (!root || !org || !settings || settings.admins[request.region] !== request.state.accountId) {
    throw invalidAccess(`Account ${request.state.accountId} is not an administrator for this organization`);
  }
  hubOf(request);
  return { root, org, settings };
}

/** For the configuration policy calls: the administrator, in the home region, under central configuration. */
function asCentralAdministrator(request: SimRequest) {
  const found = asAdministrator(request);
  const { settings } = found;
  if (settings.configurationType !== 'CENTRAL') throw invalidAccess('Central configuration is not enabled for this organization: configuration policies cannot be used under local configuration');
  if (settings.homeRegion !== request.region) throw invalidInput(`Configuration policies can only be managed from the home Region ${settings.homeRegion}`);
  return found;
}

function policyNamed(settings: SimSecurityHubOrganization, identifier: unknown): SimConfigurationPolicy {
  const found = settings.policies.find((p) => p.Id === identifier || p.Arn === identifier);
  if (!found) throw awsError(ResourceNotFoundException, `Configuration policy ${String(identifier)} not found`, 404);
  return found;
}

/** A target as the Target union takes it: exactly one of RootId, OrganizationalUnitId, AccountId. */
function targetOf(org: SimOrganization, value: unknown): { TargetId: string; TargetType: 'ROOT' | 'ACCOUNT' } {
  const target = (value ?? {}) as Input;
  const given = Object.entries(target).filter(([, v]) => v !== undefined);
  if (given.length !== 1) throw invalidInput('Target must specify exactly one of AccountId, OrganizationalUnitId or RootId');
  const [[field, id]] = given as [[string, unknown]];
  if (field === 'RootId') {
    if (id !== rootIdOf(org)) throw awsError(ResourceNotFoundException, `Root ${String(id)} not found in the organization`, 404);
    return { TargetId: id, TargetType: 'ROOT' };
  }
  if (field === 'AccountId') {
    if (!org.accounts.some((a) => a.Id === id && a.State === 'ACTIVE')) throw awsError(ResourceNotFoundException, `Account ${String(id)} not found in the organization`, 404);
    return { TargetId: id as string, TargetType: 'ACCOUNT' };
  }
  throw awsError(ResourceNotFoundException, `${field} ${String(id)} not found in the organization`, 404);
}

/** The policy as the Create/Get/Update calls answer it. */
const shownPolicy = ({ Tags: _tags, ...policy }: SimConfigurationPolicy) => ({ ...policy, CreatedAt: new Date(policy.CreatedAt), UpdatedAt: new Date(policy.UpdatedAt) });

/** The standards a policy may name: what DescribeStandards offers in the home region. */
function checkPolicy(request: SimRequest, value: unknown): SimConfigurationPolicy['ConfigurationPolicy'] {
  const hub = (value as Input | undefined)?.SecurityHub as Input | undefined;
  if (!hub || typeof hub.ServiceEnabled !== 'boolean') throw invalidInput('ConfigurationPolicy.SecurityHub.ServiceEnabled is required');
  const standards = hub.EnabledStandardIdentifiers as unknown;
  const controls = hub.SecurityControlsConfiguration as Input | undefined;
  if (hub.ServiceEnabled) {
    if (!Array.isArray(standards) || !controls) throw invalidInput('EnabledStandardIdentifiers and SecurityControlsConfiguration are required when ServiceEnabled is true');
    const both = controls.EnabledSecurityControlIdentifiers !== undefined && controls.DisabledSecurityControlIdentifiers !== undefined;
    if (both) throw invalidInput('SecurityControlsConfiguration can specify either EnabledSecurityControlIdentifiers or DisabledSecurityControlIdentifiers, not both');
    const pattern = new RegExp(`^arn:[^:]+:securityhub:(${request.region})?::(standards|ruleset)/[a-z0-9-]+/v/[\\d.]+$`);
    const invalid = (standards as unknown[]).filter((s) => typeof s !== 'string' || !pattern.test(s));
    if (invalid.length) throw invalidInput(`Invalid EnabledStandardIdentifiers: ${JSON.stringify(invalid)}`);
  } else if (Array.isArray(standards) && standards.length) {
    throw invalidInput('EnabledStandardIdentifiers cannot be specified when ServiceEnabled is false');
  }
  return { SecurityHub: { ServiceEnabled: hub.ServiceEnabled, ...(Array.isArray(standards) ? { EnabledStandardIdentifiers: [...(standards as string[])] } : {}), ...(controls ? { SecurityControlsConfiguration: { ...controls } } : {}) } };
}

/** An association as the Start and List calls answer it. */
const summaryOf = (a: SimSecurityHubOrganization['associations'][number], type: 'APPLIED' | 'INHERITED', targetId = a.TargetId, targetType: string = a.TargetType) => ({
  ConfigurationPolicyId: a.ConfigurationPolicyId,
  TargetId: targetId,
  TargetType: targetType,
  AssociationType: type,
  AssociationStatus: a.readsLeft ? 'PENDING' : 'SUCCESS',
  UpdatedAt: new Date(NOW),
});

export const organizationHandlers = {
  EnableOrganizationAdminAccount: (request: SimRequest<Input>) => {
    const org = asManagement(request);
    const adminId = request.input.AdminAccountId;
    const account = org.accounts.find((a) => a.Id === adminId);
    if (typeof adminId !== 'string' || !account || account.State !== 'ACTIVE') throw invalidInput(`Account ${String(adminId)} is not an active account of the organization`);
    const settings = (org.securityhub ??= freshSecurityHubOrganization());
    const registered = (org.delegatedAdministrators ?? []).find((a) => a.ServicePrincipal === PRINCIPAL);
    const other = registered && registered.AccountId !== adminId ? registered.AccountId : Object.values(settings.admins).find((id) => id !== adminId);
    if (other) throw invalidInput(`The organization already has a Security Hub administrator account (${other}): remove it before designating another`);
    if (settings.admins[request.region] === adminId) throw invalidInput(`Account ${adminId} is already the Security Hub administrator account in this Region`);
    settings.admins[request.region] = adminId;
    // As the user guide says: trusted access, the delegated administrator in Organizations, and Security Hub on in it here.
    const trusted = (org.trustedServices ??= []);
    if (!trusted.some((t) => t.ServicePrincipal === PRINCIPAL)) trusted.push({ ServicePrincipal: PRINCIPAL, DateEnabled: NOW });
    if (adminId !== org.MasterAccountId && !registered) (org.delegatedAdministrators ??= []).push({ AccountId: adminId, ServicePrincipal: PRINCIPAL, DelegationEnabledDate: NOW });
    const admin = organizationAccountState(request.state, adminId);
    if (admin) {
      const regional = (admin.regional[request.region] ??= freshRegion(admin, request.region));
      if (!regional.securityHub) {
        const fsbp = `arn:aws:securityhub:${request.region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
        regional.securityHub = {
          HubArn: `arn:aws:securityhub:${request.region}:${adminId}:hub/default`,
          SubscribedAt: NOW,
          AutoEnableControls: true,
          ControlFindingGenerator: 'SECURITY_CONTROL',
          // Enabled as EnableSecurityHub does by default: FSBP and the outdated CIS v1.2.0.
          standards: [
            { StandardsArn: fsbp, StandardsSubscriptionArn: `arn:aws:securityhub:${request.region}:${adminId}:subscription/aws-foundational-security-best-practices/v/1.0.0`, StandardsStatus: 'READY', StandardsInput: {} },
            { StandardsArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0', StandardsSubscriptionArn: `arn:aws:securityhub:${request.region}:${adminId}:subscription/cis-aws-foundations-benchmark/v/1.2.0`, StandardsStatus: 'READY', StandardsInput: {} },
          ],
        };
        if (admin !== request.state) request.touched?.(admin);
      }
    }
    return { AdminAccountId: adminId, Feature: 'SecurityHub' };
  },
  DisableOrganizationAdminAccount: (request: SimRequest<Input>) => {
    const org = asManagement(request);
    const adminId = request.input.AdminAccountId;
    const settings = org.securityhub;
    if (!settings || settings.admins[request.region] !== adminId) throw invalidInput(`Account ${String(adminId)} is not the Security Hub administrator account in this Region`);
    if (settings.configurationType === 'CENTRAL') {
      throw invalidInput('The delegated administrator cannot be removed through Security Hub while the organization uses central configuration');
    }
    delete settings.admins[request.region];
    if (!Object.values(settings.admins).includes(adminId as string)) {
      org.delegatedAdministrators = (org.delegatedAdministrators ?? []).filter((a) => !(a.AccountId === adminId && a.ServicePrincipal === PRINCIPAL));
    }
    return {};
  },
  ListOrganizationAdminAccounts: (request: SimRequest<Input>) => {
    const org = asManagement(request);
    const admin = org.securityhub?.admins[request.region];
    const listed = admin ? [{ AccountId: admin, Status: 'ENABLED' }] : [];
    const { page, next } = pageOf(listed, request.input.NextToken, request.input.MaxResults, 10, () => invalidInput('Invalid NextToken'));
    return { AdminAccounts: page, Feature: 'SecurityHub', ...(next ? { NextToken: next } : {}) };
  },
  DescribeOrganizationConfiguration: (request: SimRequest<Input>) => {
    const { settings } = asAdministrator(request);
    const status = settings.pendingReads ? 'PENDING' : 'ENABLED';
    if (settings.pendingReads) settings.pendingReads -= 1;
    return {
      AutoEnable: settings.autoEnable,
      MemberAccountLimitReached: false,
      AutoEnableStandards: settings.autoEnableStandards,
      OrganizationConfiguration: { ConfigurationType: settings.configurationType, Status: status },
    };
  },
  UpdateOrganizationConfiguration: (request: SimRequest<Input>) => {
    const { org, settings } = asAdministrator(request);
    const { AutoEnable: autoEnable, AutoEnableStandards: standards, OrganizationConfiguration: configuration } = request.input;
    if (typeof autoEnable !== 'boolean') throw invalidInput('AutoEnable is required');
    if (standards !== undefined && standards !== 'DEFAULT' && standards !== 'NONE') throw invalidInput(`Invalid AutoEnableStandards: ${String(standards)}`);
    const type = ((configuration as Input | undefined)?.ConfigurationType ?? settings.configurationType) as string;
    if (type !== 'CENTRAL' && type !== 'LOCAL') throw invalidInput(`Invalid ConfigurationType: ${type}`);
    if (type === 'CENTRAL') {
      if (autoEnable || (standards ?? 'DEFAULT') !== 'NONE') throw invalidInput('Auto Enable and AutoEnableStandards can not be enabled for Central Configuration');
      if (request.state.accountId === org.MasterAccountId) throw invalidInput('The organization management account cannot use central configuration as the delegated administrator');
      // The aggregation Region is the home Region: central configuration needs the administrator's aggregator, here.
      const aggregator = Object.values(request.state.regional).flatMap((r) => r.findingAggregators ?? [])[0];
      if (!aggregator) throw invalidInput('Central configuration requires cross-Region aggregation: create a finding aggregator in the home Region first');
      if (aggregator.FindingAggregationRegion !== request.region) throw invalidInput(`Central configuration can only be enabled from the aggregation Region ${aggregator.FindingAggregationRegion}`);
      if (settings.configurationType !== 'CENTRAL') settings.pendingReads = PENDING_READS;
      settings.configurationType = 'CENTRAL';
      settings.homeRegion = request.region;
      // The same administrator in every linked region.
      for (const region of Object.keys(request.state.regions)) settings.admins[region] = request.state.accountId;
      settings.autoEnable = false;
      settings.autoEnableStandards = 'NONE';
      return {};
    }
    if (settings.configurationType === 'CENTRAL') {
      if (settings.homeRegion !== request.region) throw invalidInput(`Central configuration can only be changed from the home Region ${settings.homeRegion}`);
      if (settings.associations.length || settings.policies.length) {
        throw invalidInput('Before you can disable central configuration, disassociate your accounts and OUs from their configuration and delete your configuration policies');
      }
      settings.configurationType = 'LOCAL';
      delete settings.homeRegion;
      delete settings.pendingReads;
    }
    settings.autoEnable = autoEnable;
    settings.autoEnableStandards = (standards as 'DEFAULT' | 'NONE' | undefined) ?? 'DEFAULT';
    return {};
  },
  CreateConfigurationPolicy: (request: SimRequest<Input>) => {
    const { settings } = asCentralAdministrator(request);
    if (settings.pendingReads) throw invalidInput('Central configuration is still being enabled (PENDING): try again later');
    const { Name: name, Description: description, Tags: tags } = request.input;
    if (typeof name !== 'string' || !/^[\w\-.!*/ ]{1,128}$/.test(name)) throw invalidInput(`Invalid Name: ${String(name)}`);
    if (description !== undefined && (typeof description !== 'string' || description.length > 512)) throw invalidInput('Description can have at most 512 characters');
    if (settings.policies.some((p) => p.Name === name)) throw awsError(ResourceConflictException, `A configuration policy named ${name} already exists`, 409);
    const configuration = checkPolicy(request, request.input.ConfigurationPolicy);
    const id = nextUuid(request.state);
    const policy: SimConfigurationPolicy = {
      Arn: `arn:aws:securityhub:${request.region}:${request.state.accountId}:configuration-policy/${id}`,
      Id: id,
      Name: name,
      ...(typeof description === 'string' ? { Description: description } : {}),
      CreatedAt: NOW,
      UpdatedAt: NOW,
      ConfigurationPolicy: configuration,
      ...(tags ? { Tags: { ...(tags as Record<string, string>) } } : {}),
    };
    settings.policies.push(policy);
    return shownPolicy(policy);
  },
  GetConfigurationPolicy: (request: SimRequest<Input>) => {
    const { settings } = asCentralAdministrator(request);
    return shownPolicy(policyNamed(settings, request.input.Identifier));
  },
  ListConfigurationPolicies: (request: SimRequest<Input>) => {
    const { settings } = asCentralAdministrator(request);
    const summaries = settings.policies.map((p) => ({ Arn: p.Arn, Id: p.Id, Name: p.Name, ...(p.Description ? { Description: p.Description } : {}), UpdatedAt: new Date(p.UpdatedAt), ServiceEnabled: p.ConfigurationPolicy.SecurityHub.ServiceEnabled }));
    const { page, next } = pageOf(summaries, request.input.NextToken, request.input.MaxResults, 100, () => invalidInput('Invalid NextToken'));
    return { ConfigurationPolicySummaries: page, ...(next ? { NextToken: next } : {}) };
  },
  DeleteConfigurationPolicy: (request: SimRequest<Input>) => {
    const { settings } = asCentralAdministrator(request);
    const policy = policyNamed(settings, request.input.Identifier);
    if (settings.associations.some((a) => a.ConfigurationPolicyId === policy.Id)) {
      throw awsError(ResourceConflictException, `Configuration policy ${policy.Id} is associated with targets: disassociate it (StartConfigurationPolicyDisassociation) before deleting it`, 409);
    }
    settings.policies = settings.policies.filter((p) => p !== policy);
    return {};
  },
  StartConfigurationPolicyAssociation: (request: SimRequest<Input>) => {
    const { root, org, settings } = asCentralAdministrator(request);
    const policy = policyNamed(settings, request.input.ConfigurationPolicyIdentifier);
    const target = targetOf(org, request.input.Target);
    settings.associations = settings.associations.filter((a) => !(a.TargetId === target.TargetId && a.TargetType === target.TargetType));
    const association = { ConfigurationPolicyId: policy.Id, ...target, readsLeft: PENDING_READS };
    settings.associations.push(association);
    // AWS applies it in a while; the simulation at once (reads see PENDING for a moment).
    applyCentralPolicies(root, request.touched);
    return summaryOf(association, 'APPLIED');
  },
  StartConfigurationPolicyDisassociation: (request: SimRequest<Input>) => {
    const { org, root, settings } = asCentralAdministrator(request);
    const policy = policyNamed(settings, request.input.ConfigurationPolicyIdentifier);
    const target = targetOf(org, request.input.Target);
    const found = settings.associations.find((a) => a.ConfigurationPolicyId === policy.Id && a.TargetId === target.TargetId);
    if (!found) throw awsError(ResourceNotFoundException, `Configuration policy ${policy.Id} is not associated with ${target.TargetId}`, 404);
    settings.associations = settings.associations.filter((a) => a !== found);
    // Accounts keep their settings, self-managed (or governed by what is still associated).
    releaseCentralPolicy(root, policy.Id);
    applyCentralPolicies(root, request.touched);
    return {};
  },
  ListConfigurationPolicyAssociations: (request: SimRequest<Input>) => {
    const { org, settings } = asCentralAdministrator(request);
    const filters = (request.input.Filters ?? {}) as Input;
    const root = settings.associations.find((a) => a.TargetType === 'ROOT');
    const listed = [
      ...settings.associations.map((a) => summaryOf(a, 'APPLIED')),
      // Every account without its own association inherits the root's.
      ...(root ? org.accounts.filter((a) => a.State === 'ACTIVE' && !settings.associations.some((s) => s.TargetId === a.Id)).map((a) => summaryOf(root, 'INHERITED', a.Id, 'ACCOUNT')) : []),
    ].filter((s) => (filters.ConfigurationPolicyId === undefined || s.ConfigurationPolicyId === filters.ConfigurationPolicyId) && (filters.AssociationType === undefined || s.AssociationType === filters.AssociationType) && (filters.AssociationStatus === undefined || s.AssociationStatus === filters.AssociationStatus));
    for (const a of settings.associations) if (a.readsLeft) a.readsLeft -= 1;
    const { page, next } = pageOf(listed, request.input.NextToken, request.input.MaxResults, 100, () => invalidInput('Invalid NextToken'));
    return { ConfigurationPolicyAssociationSummaries: page, ...(next ? { NextToken: next } : {}) };
  },
};
