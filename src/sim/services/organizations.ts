/**
 * Organizations in the simulated account: ListAccounts and DescribeOrganization, trusted access
 * (Enable/Disable/ListAWSServiceAccess…) and delegated administrators (Register/Deregister/
 * ListDelegatedAdministrators), answered only to the management account (a member is denied, a
 * standalone account is not in one). As on AWS: a delegated administrator can be registered only
 * for a service with trusted access, only for an ACTIVE member (never the management account),
 * and only one per service for the security services.
 */
import { loadSdk } from '../../aws/clients.js';
import { pageOf } from '../paging.js';
import { releaseCentralPolicy, rootIdOf } from '../securityhub-central.js';
import type { SimRequest, SimService } from '../service.js';
import type { SimOrganization, SimState } from '../state.js';

const {
  AccessDeniedException,
  AccountAlreadyRegisteredException,
  AccountNotFoundException,
  AccountNotRegisteredException,
  AWSOrganizationsNotInUseException,
  ConstraintViolationException,
  InvalidInputException,
  OrganizationsServiceException,
} = loadSdk('organizations');

const NOW = '2026-06-01T00:00:00.000Z';

/** Services that take one delegated administrator for the whole organization. */
const ONE_ADMIN = new Set(['guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'access-analyzer.amazonaws.com', 'config.amazonaws.com', 'cloudtrail.amazonaws.com']);

function organizationOf(state: SimState): SimOrganization {
  if (state.memberOf) {
    // A member may describe its organization, but only the management account (or a delegated administrator) lists accounts.
    throw new AccessDeniedException({ message: "You don't have permissions to access this resource.", $metadata: { httpStatusCode: 400 } });
  }
  if (!state.organization) {
    throw new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: { httpStatusCode: 400 } });
  }
  return state.organization;
}

function invalidInput(message: string, reason: string): Error {
  return new InvalidInputException({ message, Reason: reason as never, $metadata: { httpStatusCode: 400 } });
}

function constraint(message: string, reason: string): Error {
  return new ConstraintViolationException({ message, Reason: reason as never, $metadata: { httpStatusCode: 400 } });
}

/** A service principal as the API reference constrains it: 1–128 characters of `[\w+=,.@-]`. */
function principalOf(input: Record<string, unknown>): string {
  const principal = input.ServicePrincipal;
  if (typeof principal !== 'string' || !/^[\w+=,.@-]{1,128}$/.test(principal)) {
    throw invalidInput('You provided a value that does not match the required pattern.', 'INVALID_PATTERN');
  }
  return principal;
}

function accountIdOf(input: Record<string, unknown>): string {
  const id = input.AccountId;
  if (typeof id !== 'string' || !/^\d{12}$/.test(id)) throw invalidInput('You provided a value that does not match the required pattern.', 'INVALID_PATTERN');
  return id;
}

const notFound = () => new AccountNotFoundException({ message: "You specified an account that doesn't exist.", $metadata: { httpStatusCode: 400 } });

const organizations: SimService = {
  ServiceException: OrganizationsServiceException,
  global: true,
  handlers: {
    DescribeOrganization: ({ state }: SimRequest) => {
      const org = organizationOf(state);
      return { Organization: { Id: org.Id, Arn: org.Arn, FeatureSet: 'ALL', MasterAccountId: org.MasterAccountId, MasterAccountArn: `arn:aws:organizations::${org.MasterAccountId}:account/${org.Id}/${org.MasterAccountId}` } };
    },
    ListAccounts: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const listed = org.accounts.map(({ member: _member, ...account }) => ({ ...account, JoinedTimestamp: new Date(account.JoinedTimestamp) }));
      const invalid = () => new InvalidInputException({ message: 'The provided NextToken is not valid.', Reason: 'INVALID_PAGINATION_TOKEN' as never, $metadata: { httpStatusCode: 400 } });
      // ListAccounts pages are at most 20 accounts.
      const { page, next } = pageOf(listed, input.NextToken, Math.min(Number(input.MaxResults ?? 20), 20), 20, invalid);
      return { Accounts: page, ...(next ? { NextToken: next } : {}) };
    },
    EnableAWSServiceAccess: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const principal = principalOf(input);
      const trusted = (org.trustedServices ??= []);
      if (!trusted.some((t) => t.ServicePrincipal === principal)) trusted.push({ ServicePrincipal: principal, DateEnabled: NOW });
      return {};
    },
    DisableAWSServiceAccess: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const principal = principalOf(input);
      org.trustedServices = (org.trustedServices ?? []).filter((t) => t.ServicePrincipal !== principal);
      return {};
    },
    ListAWSServiceAccessForOrganization: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const listed = (org.trustedServices ?? []).map((t) => ({ ServicePrincipal: t.ServicePrincipal, DateEnabled: new Date(t.DateEnabled) }));
      const { page, next } = pageOf(listed, input.NextToken, input.MaxResults, 20, () => invalidInput('The provided NextToken is not valid.', 'INVALID_PAGINATION_TOKEN'));
      return { EnabledServicePrincipals: page, ...(next ? { NextToken: next } : {}) };
    },
    RegisterDelegatedAdministrator: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const accountId = accountIdOf(input);
      const principal = principalOf(input);
      const account = org.accounts.find((a) => a.Id === accountId);
      if (!account) throw notFound();
      if (accountId === org.MasterAccountId) {
        throw constraint('You cannot register the management account of the organization as a delegated administrator.', 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
      }
      if (account.State !== 'ACTIVE') throw constraint('You cannot register a suspended account as a delegated administrator.', 'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR');
      // Without trusted access, Organizations does not know the service at all (as AWS answers).
      if (!(org.trustedServices ?? []).some((t) => t.ServicePrincipal === principal)) {
        throw invalidInput('You specified an unrecognized service principal.', 'UNRECOGNIZED_SERVICE_PRINCIPAL');
      }
      const admins = (org.delegatedAdministrators ??= []);
      if (admins.some((a) => a.AccountId === accountId && a.ServicePrincipal === principal)) {
        throw new AccountAlreadyRegisteredException({ message: 'The provided account is already a delegated administrator for your organization.', $metadata: { httpStatusCode: 400 } });
      }
      if (ONE_ADMIN.has(principal) && admins.some((a) => a.ServicePrincipal === principal)) {
        throw constraint('You have exceeded the allowed number of delegated administrators for the delegated service.', 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE');
      }
      admins.push({ AccountId: accountId, ServicePrincipal: principal, DelegationEnabledDate: NOW });
      return {};
    },
    DeregisterDelegatedAdministrator: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const accountId = accountIdOf(input);
      const principal = principalOf(input);
      if (!org.accounts.some((a) => a.Id === accountId)) throw notFound();
      const admins = org.delegatedAdministrators ?? [];
      const index = admins.findIndex((a) => a.AccountId === accountId && a.ServicePrincipal === principal);
      if (index < 0) throw new AccountNotRegisteredException({ message: 'The provided account is not a registered delegated administrator for your organization.', $metadata: { httpStatusCode: 400 } });
      admins.splice(index, 1);
      // Security Hub: removed through Organizations, the administrator goes in every region, and central configuration
      // stops (AWS deletes the configuration policies and their associations; accounts keep their settings).
      const securityhub = org.securityhub;
      if (principal === 'securityhub.amazonaws.com' && securityhub) {
        for (const [region, id] of Object.entries(securityhub.admins)) if (id === accountId) delete securityhub.admins[region];
        if (securityhub.configurationType === 'CENTRAL') {
          for (const policy of securityhub.policies) releaseCentralPolicy(state, policy.Id);
          Object.assign(securityhub, { configurationType: 'LOCAL', policies: [], associations: [] });
          delete securityhub.homeRegion;
        }
      }
      return {};
    },
    // One root, every account under it (the simulation has no OUs).
    ListRoots: ({ state }: SimRequest) => {
      const org = organizationOf(state);
      const id = rootIdOf(org);
      return { Roots: [{ Id: id, Arn: `arn:aws:organizations::${org.MasterAccountId}:root/${org.Id}/${id}`, Name: 'Root', PolicyTypes: [] }] };
    },
    ListDelegatedAdministrators: ({ state, input }: SimRequest) => {
      const org = organizationOf(state);
      const principal = input.ServicePrincipal === undefined ? undefined : principalOf(input);
      const byAccount = new Map<string, string>();
      for (const admin of org.delegatedAdministrators ?? []) {
        if (principal !== undefined && admin.ServicePrincipal !== principal) continue;
        if (!byAccount.has(admin.AccountId)) byAccount.set(admin.AccountId, admin.DelegationEnabledDate);
      }
      const listed = [...byAccount].map(([id, since]) => {
        const { member: _member, ...account } = org.accounts.find((a) => a.Id === id)!;
        return { ...account, JoinedTimestamp: new Date(account.JoinedTimestamp), DelegationEnabledDate: new Date(since) };
      });
      const { page, next } = pageOf(listed, input.NextToken, input.MaxResults, 20, () => invalidInput('The provided NextToken is not valid.', 'INVALID_PAGINATION_TOKEN'));
      return { DelegatedAdministrators: page, ...(next ? { NextToken: next } : {}) };
    },
  },
};
export default organizations;
