/**
 * GuardDuty in the simulated account: at most one detector per region, enabled or suspended. A
 * create's retry with the same client token gets the same detector back, as on AWS.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimRequest, SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { freshRegion, nextResourceId, type SimDetector } from '../state.js';

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
      const { DetectorId: _id, createdWith: _created, ...shown } = detector(request);
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
    DeleteDetector: (request: SimRequest) => {
      const found = detector(request);
      const detectors = detectorsOf(request);
      detectors.splice(detectors.indexOf(found), 1);
      return {};
    },
  },
};
export default guardduty;
