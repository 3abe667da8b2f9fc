/** The Account API in the simulated account: alternate contacts, primary contact, regions. */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import type { AlternateContactType, SimAlternateContact, SimContactInformation } from '../state.js';

const { AccountServiceException, ResourceNotFoundException, ValidationException } = loadSdk('account');

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
  if (input.AccountId !== undefined && input.AccountId === state.accountId) {
    throw awsError(
      ValidationException,
      "The management account can't specify its own AccountId. Call the operation without the AccountId parameter.",
    );
  }
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
      rejectOwnAccountId(request);
      const contact = request.state.account.alternateContacts[contactType(request.input)];
      if (!contact) throw awsError(ResourceNotFoundException, 'No contact of the inputted alternate contact type found.', 404);
      return { AlternateContact: contact };
    },
    PutAlternateContact: (request: SimRequest) => {
      rejectOwnAccountId(request);
      const { input, state } = request;
      const type = contactType(input);
      const contact: SimAlternateContact = {
        AlternateContactType: type,
        Name: text(input, 'Name', 64),
        Title: text(input, 'Title', 50),
        EmailAddress: text(input, 'EmailAddress', 254, /^[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*$/),
        PhoneNumber: text(input, 'PhoneNumber', 25, ALTERNATE_PHONE),
      };
      state.account.alternateContacts[type] = contact;
      return {};
    },
    DeleteAlternateContact: (request: SimRequest) => {
      rejectOwnAccountId(request);
      const type = contactType(request.input);
      if (!request.state.account.alternateContacts[type]) {
        throw awsError(ResourceNotFoundException, 'No contact of the inputted alternate contact type found.', 404);
      }
      delete request.state.account.alternateContacts[type];
      return {};
    },
    GetContactInformation: (request: SimRequest) => {
      rejectOwnAccountId(request);
      return { ContactInformation: request.state.account.contactInformation };
    },
    PutContactInformation: (request: SimRequest) => {
      rejectOwnAccountId(request);
      const info = request.input.ContactInformation as Record<string, unknown> | undefined;
      if (!info) throw invalid('ContactInformation is required');
      // Put replaces the whole record: required fields must all be present.
      for (const field of ['FullName', 'AddressLine1', 'City', 'PostalCode', 'CountryCode', 'PhoneNumber']) {
        if (typeof info[field] !== 'string' || (info[field] as string).length === 0) throw invalid(`ContactInformation.${field} is required`);
      }
      text(info, 'PhoneNumber', 20, PRIMARY_PHONE);
      request.state.account.contactInformation = info as unknown as SimContactInformation;
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
