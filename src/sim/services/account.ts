/**
 * The Account API in the simulated account: alternate contacts, primary contact, regions. With
 * `AccountId`, as on AWS: only the management account (or the account's delegated administrator)
 * may name another account of its organization, once trusted access for account.amazonaws.com is
 * on; the management account may never name itself (it leaves AccountId out).
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { organizationAccountState } from '../organization-state.js';
import type { AlternateContactType, SimAlternateContact, SimContactInformation, SimState } from '../state.js';

const { AccessDeniedException, AccountServiceException, ResourceNotFoundException, ValidationException } = loadSdk('account');

const PRINCIPAL = 'account.amazonaws.com';

const CONTACT_TYPES = ['BILLING', 'OPERATIONS', 'SECURITY'];
// Patterns and lengths from the Account API reference.
const ALTERNATE_PHONE = /^[\s0-9()+-]+$/;
const PRIMARY_PHONE = /^[+][\s0-9()-]+$/;

function invalid(message: string): Error {
  return awsError(ValidationException, message);
}

function contactType(input: Record<string, unknown>): AlternateContactType {
  const type = input.AlternateContactType;
  if (typeof type !== 'string' || !CONTACT_TYPES.includes(type)) {
    throw invalid(`1 validation error detected: Value '${String(type)}' at 'alternateContactType' failed to satisfy constraint: Member must satisfy enum value set: [SECURITY, OPERATIONS, BILLING]`);
  }
  return type as AlternateContactType;
}

function rejectOwnAccountId({ input, state }: SimRequest): void {
  // A standalone or management account must leave AccountId out.
  if (input.AccountId !== undefined && input.AccountId === state.accountId && !state.memberOf) {
    throw awsError(
      ValidationException,
      "The management account can't specify its own AccountId. Call the operation without the AccountId parameter.",
    );
  }
}

/**
 * The account a call works on: the caller's own, or with AccountId another account of the
 * organization, named by its management account (or the delegated administrator for account
 * management) with trusted access on. AWS answers anything else as a permission it lacks.
 */
function target(request: SimRequest, action: string): SimState {
  rejectOwnAccountId(request);
  const { input, state } = request;
  if (input.AccountId === undefined) return state;
  const denied = () => awsError(AccessDeniedException, `User: ${state.callerArn} is not authorized to perform: account:${action}`, 403);
  const root = request.organization;
  const org = root?.organization;
  if (!root || !org || !(org.trustedServices ?? []).some((t) => t.ServicePrincipal === PRINCIPAL)) throw denied();
  const administers = state === root || (org.delegatedAdministrators ?? []).some((a) => a.AccountId === state.accountId && a.ServicePrincipal === PRINCIPAL);
  // A member names no account with AccountId, not even itself; only members may be named.
  if (!administers || input.AccountId === state.accountId || input.AccountId === root.accountId) throw denied();
  const named = organizationAccountState(root, String(input.AccountId));
  if (!named) throw denied();
  return named;
}

function text(input: Record<string, unknown>, field: string, max: number, pattern?: RegExp): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length < 1 || value.length > max || (pattern && !pattern.test(value))) {
    throw invalid(`1 validation error detected: Value at '${field}' failed to satisfy constraint`);
  }
  return value;
}

const account: SimService = {
  ServiceException: AccountServiceException,
  global: true,
  handlers: {
    GetAlternateContact: (request: SimRequest) => {
      const account = target(request, 'GetAlternateContact');
      const contact = account.account.alternateContacts[contactType(request.input)];
      if (!contact) throw awsError(ResourceNotFoundException, 'No contact of the inputted alternate contact type found.', 404);
      return { AlternateContact: contact };
    },
    PutAlternateContact: (request: SimRequest) => {
      const state = target(request, 'PutAlternateContact');
      const { input } = request;
      const type = contactType(input);
      const contact: SimAlternateContact = {
        AlternateContactType: type,
        Name: text(input, 'Name', 64),
        Title: text(input, 'Title', 50),
        EmailAddress: text(input, 'EmailAddress', 254, /^[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*$/),
        PhoneNumber: text(input, 'PhoneNumber', 25, ALTERNATE_PHONE),
      };
      state.account.alternateContacts[type] = contact;
      if (state !== request.state) request.touched?.(state);
      return {};
    },
    DeleteAlternateContact: (request: SimRequest) => {
      const state = target(request, 'DeleteAlternateContact');
      const type = contactType(request.input);
      if (!state.account.alternateContacts[type]) {
        throw awsError(ResourceNotFoundException, 'No contact of the inputted alternate contact type found.', 404);
      }
      delete state.account.alternateContacts[type];
      if (state !== request.state) request.touched?.(state);
      return {};
    },
    GetContactInformation: (request: SimRequest) => {
      return { ContactInformation: target(request, 'GetContactInformation').account.contactInformation };
    },
    PutContactInformation: (request: SimRequest) => {
      const state = target(request, 'PutContactInformation');
      const info = request.input.ContactInformation as Record<string, unknown> | undefined;
      if (!info) throw invalid('ContactInformation is required');
      // Put replaces the whole record: required fields must all be present.
      for (const field of ['FullName', 'AddressLine1', 'City', 'PostalCode', 'CountryCode', 'PhoneNumber']) {
        if (typeof info[field] !== 'string' || (info[field] as string).length === 0) throw invalid(`ContactInformation.${field} is required`);
      }
      text(info, 'PhoneNumber', 20, PRIMARY_PHONE);
      state.account.contactInformation = info as unknown as SimContactInformation;
      if (state !== request.state) request.touched?.(state);
      return {};
    },
    ListRegions: ({ state, input }: SimRequest) => {
      const wanted = input.RegionOptStatusContains as string[] | undefined;
      const all = Object.entries(state.regions)
        .filter(([, status]) => !wanted || wanted.includes(status))
        .map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus }));
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults, 20, () => invalid('Invalid NextToken'));
      return { Regions: page, ...(next ? { NextToken: next } : {}) };
    },
  },
};
export default account;
