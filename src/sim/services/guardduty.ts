/**
 * GuardDuty in the simulated account: at most one detector per region, enabled or suspended. A
 * create's retry with the same client token gets the same detector back, as on AWS.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimRequest, SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { enrolInGuardDuty, organizationAccountState } from '../organization-state.js';
import { freshRegion, nextResourceId, type SimDetector, type SimOrganization, type SimState } from '../state.js';

const { BadRequestException, GuardDutyServiceException } = loadSdk('guardduty');

type Input = Record<string, unknown>;

const CREATED = '2026-01-01T00:00:00.000Z';

/** GuardDuty reports nearly every client error as BadRequestException, with a `Type` saying which. */
function badRequest(message: string): Error {
  return new BadRequestException({ message, Message: message, Type: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
}

function detectorsOf({ state, region }: SimRequest): SimDetector[] {
  return (state.regional[region] ??= freshRegion(state, region)).detectors;
}

function detector(request: SimRequest): SimDetector {
  const id = request.input.DetectorId;
  const found = detectorsOf(request).find((d) => d.DetectorId === id);
  // What GuardDuty answers for any id that is not this account's detector in this region.
  if (!found) throw badRequest('The request is rejected because the input detectorId is not owned by the current account.');
  return found;
}

function enableFlag(input: Input, required: boolean): boolean | undefined {
  const enable = input.Enable;
  if (enable === undefined && !required) return undefined;
  if (typeof enable !== 'boolean') throw badRequest('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
  return enable;
}

// Key pattern from the CreateDetector reference (`+-=` is a range there, which takes in digits).
const TAG_KEY = /^(?!aws:)[a-zA-Z+-=._:/]+$/;

/** The tags given to CreateDetector, checked as the reference states: at most 200, key 1–128 characters, value up to 256. */
function detectorTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const tags = Object.entries(value as Record<string, unknown>);
  const fits = tags.length <= 200 && tags.every(([key, tagValue]) => key.length <= 128 && TAG_KEY.test(key) && typeof tagValue === 'string' && tagValue.length <= 256);
  if (!fits) throw badRequest('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
  return Object.fromEntries(tags) as Record<string, string>;
}

/** The organization, for a call only its management account may make (GuardDuty answers BadRequest to anyone else). */
function asManagement({ state }: SimRequest): SimOrganization {
  if (!state.organization || state.memberOf) throw badRequest('The request is rejected because the current account is not the management account of an organization.');
  return state.organization;
}

/** The organization's GuardDuty settings in this region, for a call only its delegated administrator may make. */
function asAdministrator(request: SimRequest): { org: SimOrganization; root: SimState; settings: NonNullable<SimOrganization['guardduty']>[string] } {
  const root = request.organization;
  const settings = root?.organization?.guardduty?.[request.region];
  if (!root || !settings || settings.adminAccountId !== request.state.accountId) {
    throw badRequest('The request is rejected because the current account is not the GuardDuty delegated administrator account of an organization in this Region.');
  }
  return { org: root.organization!, root, settings };
}

const AUTO_ENABLE = ['NEW', 'ALL', 'NONE'] as const;

/** GuardDuty on in an account and region: its detector made, or resumed. True when something changed. */
function enableIn(account: SimState, region: string): boolean {
  const regional = (account.regional[region] ??= freshRegion(account, region));
  const existing = regional.detectors[0];
  if (existing) {
    if (existing.Status === 'ENABLED') return false;
    existing.Status = 'ENABLED';
    return true;
  }
  regional.detectors.push({
    DetectorId: nextResourceId(account, 'd', 31).replace('-', ''),
    Status: 'ENABLED',
    CreatedAt: CREATED,
    UpdatedAt: CREATED,
    FindingPublishingFrequency: 'SIX_HOURS',
    ServiceRole: `arn:aws:iam::${account.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
  });
  return true;
}

/** Every ACTIVE account of the organization but the administrator, enrolled as a member in this region. */
function enrolAll(request: SimRequest, root: SimState, org: SimOrganization, adminAccountId: string): void {
  for (const account of org.accounts) {
    if (account.State !== 'ACTIVE' || account.Id === adminAccountId) continue;
    const state = organizationAccountState(root, account.Id);
    if (state && enrolInGuardDuty(state, request.region, adminAccountId)) request.touched?.(state);
  }
}

const guardduty: SimService = {
  ServiceException: GuardDutyServiceException,
  handlers: {
    ListDetectors: (request: SimRequest) => {
      const { input } = request;
      const ids = detectorsOf(request).map((d) => d.DetectorId);
      const { page, next } = pageOf(ids, input.NextToken, input.MaxResults, 50, () => badRequest('The request is rejected because the input nextToken is invalid.'));
      return { DetectorIds: page, ...(next ? { NextToken: next } : {}) };
    },
    GetDetector: (request: SimRequest) => {
      const { DetectorId: _id, createdWith: _created, administratorId: _admin, ...shown } = detector(request);
      return shown;
    },
    CreateDetector: (request: SimRequest) => {
      const enable = enableFlag(request.input, true);
      const tags = detectorTags(request.input.Tags);
      const detectors = detectorsOf(request);
      // A client token seen before: a retry of that create gets its answer again.
      const { ClientToken: token, ...rest } = request.input;
      if (token !== undefined && (typeof token !== 'string' || token.length > 64)) throw badRequest('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
      const clientToken = token ? token : undefined;
      const requestShape = JSON.stringify(rest);
      const earlier = clientToken ? detectors.find((d) => d.createdWith?.clientToken === clientToken) : undefined;
      if (earlier) {
        if (earlier.createdWith!.request === requestShape) return { DetectorId: earlier.DetectorId };
        throw badRequest('The request is rejected because the client token was already used for a different request.');
      }
      if (detectors.length) throw badRequest('The request is rejected because a detector already exists for the current account.');
      const created: SimDetector = {
        // Detector ids are 32 hex characters.
        DetectorId: nextResourceId(request.state, 'd', 31).replace('-', ''),
        Status: enable ? 'ENABLED' : 'DISABLED',
        CreatedAt: CREATED,
        UpdatedAt: CREATED,
        FindingPublishingFrequency: (request.input.FindingPublishingFrequency as SimDetector['FindingPublishingFrequency'] | undefined) ?? 'SIX_HOURS',
        ServiceRole: `arn:aws:iam::${request.state.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        ...(tags ? { Tags: tags } : {}),
        ...(clientToken ? { createdWith: { clientToken, request: requestShape } } : {}),
      };
      detectors.push(created);
      return { DetectorId: created.DetectorId };
    },
    UpdateDetector: (request: SimRequest) => {
      const found = detector(request);
      const enable = enableFlag(request.input, false);
      if (enable !== undefined) found.Status = enable ? 'ENABLED' : 'DISABLED';
      return {};
    },
    EnableOrganizationAdminAccount: (request: SimRequest) => {
      const org = asManagement(request);
      const adminId = request.input.AdminAccountId;
      const account = org.accounts.find((a) => a.Id === adminId);
      if (typeof adminId !== 'string' || !account || account.State !== 'ACTIVE') {
        throw badRequest('The request is rejected because the input adminAccountId is not an active account of the organization.');
      }
      const settings = (org.guardduty ??= {});
      const other = Object.values(settings).find((s) => s.adminAccountId !== adminId);
      if (other) throw badRequest(`The request is rejected because the organization already has a GuardDuty delegated administrator account (${other.adminAccountId}).`);
      if (settings[request.region]) throw badRequest('The request is rejected because the account is already the GuardDuty delegated administrator in this Region.');
      settings[request.region] = { adminAccountId: adminId, autoEnable: 'NONE' };
      // As the GuardDuty guide says: designating the administrator also enables GuardDuty in it, in this Region.
      const admin = organizationAccountState(request.state, adminId);
      if (admin && enableIn(admin, request.region) && admin !== request.state) request.touched?.(admin);
      // GuardDuty turns on trusted access and registers the delegated administrator in Organizations itself.
      const trusted = (org.trustedServices ??= []);
      if (!trusted.some((t) => t.ServicePrincipal === 'guardduty.amazonaws.com')) trusted.push({ ServicePrincipal: 'guardduty.amazonaws.com', DateEnabled: CREATED });
      const admins = (org.delegatedAdministrators ??= []);
      if (adminId !== org.MasterAccountId && !admins.some((a) => a.ServicePrincipal === 'guardduty.amazonaws.com')) {
        admins.push({ AccountId: adminId, ServicePrincipal: 'guardduty.amazonaws.com', DelegationEnabledDate: CREATED });
      }
      return {};
    },
    DisableOrganizationAdminAccount: (request: SimRequest) => {
      const org = asManagement(request);
      const adminId = request.input.AdminAccountId;
      const settings = org.guardduty?.[request.region];
      if (!settings || settings.adminAccountId !== adminId) throw badRequest('The request is rejected because the input adminAccountId is not the GuardDuty delegated administrator in this Region.');
      delete org.guardduty![request.region];
      // The members stay enabled, on their own: their detectors and findings are kept.
      for (const account of org.accounts) {
        const state = organizationAccountState(request.state, account.Id);
        const detector = state?.regional[request.region]?.detectors.find((d) => d.administratorId === adminId);
        if (detector) {
          delete detector.administratorId;
          if (state !== request.state) request.touched?.(state!);
        }
      }
      if (!Object.values(org.guardduty!).some((s) => s.adminAccountId === adminId)) {
        org.delegatedAdministrators = (org.delegatedAdministrators ?? []).filter((a) => !(a.AccountId === adminId && a.ServicePrincipal === 'guardduty.amazonaws.com'));
      }
      return {};
    },
    ListOrganizationAdminAccounts: (request: SimRequest) => {
      const org = asManagement(request);
      const settings = org.guardduty?.[request.region];
      return { AdminAccounts: settings ? [{ AdminAccountId: settings.adminAccountId, AdminStatus: 'ENABLED' }] : [] };
    },
    DescribeOrganizationConfiguration: (request: SimRequest) => {
      detector(request);
      const { settings } = asAdministrator(request);
      return { AutoEnable: settings.autoEnable !== 'NONE', AutoEnableOrganizationMembers: settings.autoEnable, MemberAccountLimitReached: false };
    },
    UpdateOrganizationConfiguration: (request: SimRequest) => {
      detector(request);
      const { org, root, settings } = asAdministrator(request);
      const { AutoEnable: autoEnable, AutoEnableOrganizationMembers: members } = request.input;
      if ((autoEnable === undefined) === (members === undefined)) {
        throw badRequest('The request is rejected because you must provide a value for either autoEnableOrganizationMembers or autoEnable, but not both.');
      }
      if (members !== undefined && !AUTO_ENABLE.includes(members as never)) {
        throw badRequest('The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
      }
      settings.autoEnable = members !== undefined ? (members as (typeof AUTO_ENABLE)[number]) : autoEnable ? 'NEW' : 'NONE';
      // ALL: every existing account is enabled now, as well as new ones as they join.
      if (settings.autoEnable === 'ALL') enrolAll(request, root, org, settings.adminAccountId);
      return {};
    },
    ListMembers: (request: SimRequest) => {
      detector(request);
      const root = request.organization;
      const members = (root?.organization?.accounts ?? []).flatMap((account) => {
        const state = organizationAccountState(root!, account.Id);
        const found = state?.regional[request.region]?.detectors.find((d) => d.administratorId === request.state.accountId);
        return found ? [{ AccountId: account.Id, DetectorId: found.DetectorId, AdministratorId: request.state.accountId, Email: account.Email, RelationshipStatus: 'Enabled', InvitedAt: CREATED, UpdatedAt: CREATED }] : [];
      });
      const { page, next } = pageOf(members, request.input.NextToken, request.input.MaxResults, 50, () => badRequest('The request is rejected because the input nextToken is invalid.'));
      return { Members: page, ...(next ? { NextToken: next } : {}) };
    },
    DeleteDetector: (request: SimRequest) => {
      const found = detector(request);
      const detectors = detectorsOf(request);
      detectors.splice(detectors.indexOf(found), 1);
      return {};
    },
  },
};
export default guardduty;
