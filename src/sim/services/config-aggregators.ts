/**
 * AWS Config aggregators in the simulated account, per region, as PutConfigurationAggregator,
 * DescribeConfigurationAggregators and DeleteConfigurationAggregator answer. An organization
 * aggregator is refused to an account that is neither the management account nor Config's
 * registered delegated administrator (with trusted access on), and its role must exist, trust
 * Config, allow the Organizations reads and be spread by IAM (a role made moments ago is refused
 * once). Put is idempotent by name; tags are taken at creation only.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import type { SimConfigAggregator } from '../compliance-state.js';
import { freshRegion, nextResourceId } from '../state.js';
import { refusedWhileSpreading } from './cloudtrail-checks.js';

const {
  InvalidParameterValueException, InvalidRoleException, NoAvailableOrganizationException, NoSuchConfigurationAggregatorException,
  OrganizationAccessDeniedException, ValidationException,
} = loadSdk('config');

type Input = Record<string, unknown>;

const NOW = '2026-01-01T00:00:00.000Z';
const PRINCIPAL = 'config.amazonaws.com';

function aggregatorsIn({ state, region }: SimRequest): SimConfigAggregator[] {
  const regional = (state.regional[region] ??= freshRegion(state, region));
  return (regional.configAggregators ??= []);
}

/** The region's aggregators to read: a read leaves the state as it was (no empty list where there was none). */
const aggregatorsRead = ({ state, region }: SimRequest): readonly SimConfigAggregator[] => state.regional[region]?.configAggregators ?? [];

/** The caller may aggregate its organization: the management account, or Config's delegated administrator (trusted access on). */
function checkOrganizationCaller(request: SimRequest): void {
  const { state } = request;
  const root = request.organization;
  const org = root?.organization;
  if (!org) throw awsError(NoAvailableOrganizationException, 'Organization is not available. Make sure the account is a member of an organization in AWS Organizations.');
  if (state.accountId === org.MasterAccountId) {
    // Config turns on its trusted access itself for the management account.
    const trusted = (org.trustedServices ??= []);
    if (!trusted.some((t) => t.ServicePrincipal === PRINCIPAL)) trusted.push({ ServicePrincipal: PRINCIPAL, DateEnabled: NOW });
    return;
  }
  const registered = (org.delegatedAdministrators ?? []).some((a) => a.AccountId === state.accountId && a.ServicePrincipal === PRINCIPAL);
  const trusted = (org.trustedServices ?? []).some((t) => t.ServicePrincipal === PRINCIPAL);
  if (!registered || !trusted) {
    throw awsError(OrganizationAccessDeniedException, 'You are not authorized to create an organization aggregator: the account must be the management account or a registered delegated administrator for config.amazonaws.com, with trusted access enabled.');
  }
}

/** Config assumes the role to read the organization: it must trust Config, allow the Organizations reads, and be spread by IAM. */
function checkRole(request: SimRequest, roleArn: unknown): string {
  const { state } = request;
  if (typeof roleArn !== 'string' || !roleArn) throw awsError(ValidationException, "1 validation error detected: Value null at 'organizationAggregationSource.roleArn' failed to satisfy constraint: Member must not be null");
  const invalid = () => awsError(InvalidRoleException, `The role ${roleArn} is not valid: AWS Config cannot assume it or it does not allow reading the organization.`);
  const role = Object.values(state.iam.roles).find((r) => r.Arn === roleArn);
  if (!role || !role.AssumeRolePolicyDocument.includes('config.amazonaws.com')) throw invalid();
  const readsOrganization = role.attachedPolicies.some((p) => p.endsWith('/AWSConfigRoleForOrganizations')) || Object.values(role.inlinePolicies).some((d) => d.includes('organizations:'));
  if (!readsOrganization) throw invalid();
  if (refusedWhileSpreading(state, roleArn)) throw invalid();
  return roleArn;
}

const shown = ({ Tags: _tags, ...a }: SimConfigAggregator) => ({ ...structuredClone(a), CreationTime: new Date(a.CreationTime), LastUpdatedTime: new Date(a.LastUpdatedTime) });

export const aggregatorHandlers = {
  PutConfigurationAggregator: (request: SimRequest<Input>) => {
    const { input, state, region } = request;
    const name = input.ConfigurationAggregatorName;
    if (typeof name !== 'string' || !/^[\w-]{1,256}$/.test(name)) throw awsError(ValidationException, `1 validation error detected: Value '${String(name)}' at 'configurationAggregatorName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\-]+`);
    const source = input.OrganizationAggregationSource as Input | undefined;
    const accounts = input.AccountAggregationSources as Array<Record<string, unknown>> | undefined;
    if ((source === undefined) === (accounts === undefined || !accounts.length)) {
      throw awsError(InvalidParameterValueException, 'The configuration aggregator must have either AccountAggregationSources or OrganizationAggregationSource, not both.');
    }
    let organization: SimConfigAggregator['OrganizationAggregationSource'];
    if (source) {
      const all = source.AllAwsRegions === true;
      const regions = source.AwsRegions as string[] | undefined;
      if (all && regions?.length) throw awsError(InvalidParameterValueException, 'You cannot specify AwsRegions when AllAwsRegions is true.');
      if (!all && !regions?.length) throw awsError(InvalidParameterValueException, 'Specify AwsRegions or set AllAwsRegions to true.');
      checkOrganizationCaller(request);
      organization = { RoleArn: checkRole(request, source.RoleArn), ...(all ? { AllAwsRegions: true } : { AwsRegions: [...regions!] }) };
    }
    const aggregators = aggregatorsIn(request);
    const existing = aggregators.find((a) => a.ConfigurationAggregatorName === name);
    if (existing) {
      // An update: the sources change, the tags stay as they were made.
      delete existing.OrganizationAggregationSource;
      delete existing.AccountAggregationSources;
      Object.assign(existing, organization ? { OrganizationAggregationSource: organization } : { AccountAggregationSources: structuredClone(accounts) }, { LastUpdatedTime: NOW });
      return { ConfigurationAggregator: shown(existing) };
    }
    const created: SimConfigAggregator = {
      ConfigurationAggregatorName: name,
      ConfigurationAggregatorArn: `arn:aws:config:${region}:${state.accountId}:config-aggregator/config-aggregator-${nextResourceId(state, 'x', 8).slice(2).toLowerCase()}`,
      ...(organization ? { OrganizationAggregationSource: organization } : { AccountAggregationSources: structuredClone(accounts) }),
      CreationTime: NOW,
      LastUpdatedTime: NOW,
      ...(Array.isArray(input.Tags) ? { Tags: structuredClone(input.Tags as SimConfigAggregator['Tags']) } : {}),
    };
    aggregators.push(created);
    return { ConfigurationAggregator: shown(created) };
  },
  DescribeConfigurationAggregators: (request: SimRequest<Input>) => {
    const names = (request.input.ConfigurationAggregatorNames ?? []) as string[];
    const all = aggregatorsRead(request);
    const missing = names.filter((n) => !all.some((a) => a.ConfigurationAggregatorName === n));
    if (missing.length) throw awsError(NoSuchConfigurationAggregatorException, `The configuration aggregator does not exist: ${missing.join(', ')}`);
    const listed = names.length ? all.filter((a) => names.includes(a.ConfigurationAggregatorName)) : all;
    return { ConfigurationAggregators: listed.map(shown) };
  },
  DeleteConfigurationAggregator: (request: SimRequest<Input>) => {
    const name = request.input.ConfigurationAggregatorName;
    const all = aggregatorsIn(request);
    const found = all.find((a) => a.ConfigurationAggregatorName === name);
    if (!found) throw awsError(NoSuchConfigurationAggregatorException, `The configuration aggregator does not exist: ${String(name)}`);
    all.splice(all.indexOf(found), 1);
    if (!all.length) delete request.state.regional[request.region]!.configAggregators;
    return {};
  },
};

/** The tags of an aggregator of the region, if the ARN names one (ListTagsForResource answers recorders and aggregators). */
export function aggregatorTags(request: SimRequest, arn: string): Array<{ Key: string; Value: string }> | undefined {
  const found = aggregatorsRead(request).find((a) => a.ConfigurationAggregatorArn === arn);
  return found ? structuredClone(found.Tags ?? []) : undefined;
}
