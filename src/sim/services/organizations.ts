/**
 * Organizations in the simulated account: ListAccounts and DescribeOrganization, answered only
 * to the management account (a member is denied, a standalone account is not in one).
 */
import { loadSdk } from '../../aws/clients.js';
import { pageOf } from '../paging.js';
import type { SimRequest, SimService } from '../service.js';
import type { SimState } from '../state.js';

const { AccessDeniedException, AWSOrganizationsNotInUseException, InvalidInputException, OrganizationsServiceException } = loadSdk('organizations');

function organizationOf(state: SimState) {
  if (state.memberOf) {
    // A member may describe its organization, but only the management account (or a delegated administrator) lists accounts.
    throw new AccessDeniedException({ message: "You don't have permissions to access this resource.", $metadata: { httpStatusCode: 400 } });
  }
  if (!state.organization) {
    throw new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: { httpStatusCode: 400 } });
  }
  return state.organization;
}

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
  },
};
export default organizations;
