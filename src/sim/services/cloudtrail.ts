/**
 * CloudTrail in the simulated account: trails, their logging status and event selectors. A trail
 * lives in its home region's list; a multi-region trail shows elsewhere as a shadow trail (found
 * by ARN, changed only from its home region), and an organization trail made by the management
 * account shows in member accounts, which cannot change it. CreateTrail and UpdateTrail check
 * what AWS checks at once: the bucket exists and its policy lets CloudTrail write, and the
 * CloudWatch Logs group and role are usable (a role IAM made moments ago is refused at first).
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimTrail } from '../alerting-state.js';
import { awsError, type SimRequest, type SimService } from '../service.js';
import type { SimState } from '../state.js';
import { bucketRefusesTrail, refusedWhileSpreading, roleCanDeliver } from './cloudtrail-checks.js';
import { bucketAnywhere, organizationIdOf } from './organization-buckets.js';

const {
  CloudTrailAccessNotEnabledException, CloudTrailARNInvalidException, CloudTrailServiceException, InsufficientS3BucketPolicyException, InvalidCloudWatchLogsLogGroupArnException, InvalidCloudWatchLogsRoleArnException,
  InvalidEventSelectorsException, InvalidHomeRegionException, InvalidParameterCombinationException, InvalidS3PrefixException, InvalidTagParameterException,
  InvalidTrailNameException, KmsKeyNotFoundException, MaximumNumberOfTrailsExceededException, NotOrganizationMasterAccountException, OrganizationsNotInUseException,
  ResourceNotFoundException, S3BucketDoesNotExistException, TagsLimitExceededException, TrailAlreadyExistsException, TrailNotFoundException,
} = loadSdk('cloudtrail');

type Input = Record<string, unknown>;
type BasicSelector = NonNullable<SimTrail['EventSelectors']>[number];

/** "You can create up to five trails for each region." */
const MAX_TRAILS_PER_REGION = 5;
const STARTED = new Date('2026-01-01T00:00:00.000Z');
const DEFAULT_SELECTORS: BasicSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

/** Trail names: 3–128 ASCII letters, digits, `.`, `_`, `-`; a letter or digit at each end; no adjacent punctuation; not an IP address. */
function trailName(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(value) || /[._-]{2}/.test(value) || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
    throw awsError(InvalidTrailNameException, `Trail name ${String(value)} is not valid. Names must be 3-128 characters of letters, numbers, periods, underscores and dashes, starting and ending with a letter or number, without adjacent periods, underscores or dashes.`);
  }
  return value;
}

const allTrails = (state: SimState) => Object.values(state.regional).flatMap((r) => r.trails ?? []);
const accountOf = (arn: string) => arn.split(':')[4];

/** The trails a call in `region` sees: its own, and (with shadows) multi-region trails from elsewhere. */
function visibleTrails(state: SimState, region: string, shadows = true): SimTrail[] {
  return allTrails(state).filter((t) => t.HomeRegion === region || (shadows && t.IsMultiRegionTrail));
}

/**
 * The organization trails of the management account that a member sees (and cannot change): in
 * every region for a multi-region one, else in its home region. An account that joins later sees
 * them at once: AWS applies the trail to it without anything done there.
 */
function organizationTrails({ state, organization, region }: Pick<SimRequest, 'state' | 'organization' | 'region'>, shadows = true): SimTrail[] {
  if (!organization || organization === state || !organizationIdOf({ state, organization })) return [];
  return allTrails(organization).filter((t) => t.IsOrganizationTrail && (t.HomeRegion === region || (shadows && t.IsMultiRegionTrail)));
}

/** The trails a call sees: the account's own (see visibleTrails) and the organization's. */
const seenTrails = (request: SimRequest, shadows = true) => [...visibleTrails(request.state, request.region, shadows), ...organizationTrails(request, shadows)];

/** A trail by name (home region only) or by ARN (a shadow too), or TrailNotFoundException. */
function findTrail(request: SimRequest, nameOrArn: unknown): SimTrail {
  const { state, region } = request;
  const key = String(nameOrArn);
  const found = key.startsWith('arn:')
    ? seenTrails(request).find((t) => t.TrailARN === key)
    : visibleTrails(state, region, false).find((t) => t.Name === key && accountOf(t.TrailARN) === state.accountId);
  if (!found) throw awsError(TrailNotFoundException, `Unknown trail: ${key} for the user: ${state.accountId}`);
  return found;
}

/** A trail this call may change: ours, and in its home region. */
function changeableTrail(request: SimRequest, nameOrArn: unknown): SimTrail {
  const trail = findTrail(request, nameOrArn);
  if (accountOf(trail.TrailARN) !== request.state.accountId) {
    throw awsError(NotOrganizationMasterAccountException, 'No management account credentials found for the organization trail. Only the management account can change an organization trail.');
  }
  if (trail.HomeRegion !== request.region) {
    throw awsError(InvalidHomeRegionException, `This operation must be called from the trail's home region (${trail.HomeRegion}).`);
  }
  return trail;
}

function trailOutput(t: SimTrail, withHome = true) {
  return {
    Name: t.Name,
    S3BucketName: t.S3BucketName,
    ...(t.S3KeyPrefix ? { S3KeyPrefix: t.S3KeyPrefix } : {}),
    IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
    IsMultiRegionTrail: t.IsMultiRegionTrail,
    ...(withHome ? { HomeRegion: t.HomeRegion } : {}),
    TrailARN: t.TrailARN,
    LogFileValidationEnabled: t.LogFileValidationEnabled,
    ...(t.CloudWatchLogsLogGroupArn ? { CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
    ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
    ...(withHome ? { HasCustomEventSelectors: t.AdvancedEventSelectors !== undefined || JSON.stringify(t.EventSelectors ?? DEFAULT_SELECTORS) !== JSON.stringify(DEFAULT_SELECTORS), HasInsightSelectors: false } : {}),
    IsOrganizationTrail: t.IsOrganizationTrail,
  };
}

/**
 * The bucket must exist (any region, and for the trails of an organization any of its accounts: a
 * trail may deliver across regions and accounts) and let CloudTrail write: an organization trail
 * both under the management account's path and under the organization's.
 */
function checkBucket(request: SimRequest, bucket: string, prefix: string | undefined, trailArn: string, region: string, organizationId?: string): void {
  const { state } = request;
  const found = state.s3Buckets?.[bucket] ?? bucketAnywhere(request, bucket)?.bucket;
  if (!found) throw awsError(S3BucketDoesNotExistException, `S3 bucket ${bucket} does not exist.`);
  if (bucketRefusesTrail(state, found.policy, bucket, prefix, trailArn, region, organizationId)) {
    throw awsError(InsufficientS3BucketPolicyException, `Incorrect S3 bucket policy is detected for bucket: ${bucket}`);
  }
}

/** CloudWatch Logs delivery: a log group of this account in the trail's region, and a role that can write to it. */
function checkLogsDelivery(state: SimState, groupArn: string, roleArn: string, trailArn: string, region: string): void {
  const group = (state.regional[region]?.logGroups ?? []).find((g) => g.arn === groupArn);
  if (!group) throw awsError(InvalidCloudWatchLogsLogGroupArnException, `CloudWatch Logs log group ARN ${groupArn} is not valid, or the log group does not exist in ${region}.`);
  // A role IAM has not spread yet is refused the same way (this call only, a later one is not).
  if (refusedWhileSpreading(state, roleArn) || !roleCanDeliver(state, roleArn, groupArn, trailArn, region)) {
    throw awsError(InvalidCloudWatchLogsRoleArnException, 'Access denied. Verify in IAM that the role has adequate permissions.');
  }
  // Once the role is known, a delivery policy IAM has not spread yet: CloudTrail cannot write to
  // the group with it, and says so with the group's error code (the Terraform AWS provider retries
  // both codes for this reason).
  if (refusedWhileSpreading(state, roleArn, 'spreadingRolePolicies')) {
    throw awsError(InvalidCloudWatchLogsLogGroupArnException, 'Access denied. Check the permissions for your role.');
  }
}

/** The CloudWatch Logs pair as given (both or neither; empty strings remove delivery). */
function logsDelivery(input: Input): { groupArn?: string; roleArn?: string } | undefined {
  const group = input.CloudWatchLogsLogGroupArn as string | undefined;
  const role = input.CloudWatchLogsRoleArn as string | undefined;
  if (group === undefined && role === undefined) return undefined;
  if (!group !== !role) {
    throw awsError(InvalidParameterCombinationException, 'You must specify both a CloudWatch Logs log group ARN and a role ARN, or neither.');
  }
  return group ? { groupArn: group, roleArn: role! } : {};
}

function checkPrefix(prefix: unknown): string | undefined {
  if (prefix === undefined || prefix === '') return undefined;
  if (typeof prefix !== 'string' || prefix.length > 200 || prefix.startsWith('/') || prefix.endsWith('/')) throw awsError(InvalidS3PrefixException, `S3 prefix ${String(prefix)} is not valid.`);
  return prefix;
}

/** CreateTrail's TagsList, checked as CloudTrail does: at most 50, keys 1–128 characters, values up to 256, no key twice. */
function tagsOf(value: unknown): SimTrail['Tags'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw awsError(InvalidTagParameterException, 'TagsList is not valid.');
  if (value.length > 50) throw awsError(TagsLimitExceededException, 'The number of tags per trail has exceeded the permitted amount. Currently, the limit is 50.');
  const keys = new Set<string>();
  return value.map((tag: Input) => {
    const { Key, Value = '' } = tag;
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || typeof Value !== 'string' || Value.length > 256 || keys.has(Key)) {
      throw awsError(InvalidTagParameterException, `Tag ${String(Key)} is not valid: keys are 1-128 characters, values up to 256, and each key once.`);
    }
    keys.add(Key);
    return { Key, Value };
  });
}

/**
 * An organization trail: only in an organization, only from its management account (or the
 * delegated administrator registered for CloudTrail), and only once trusted access for CloudTrail
 * is on. Returns the organization's id.
 */
function checkOrganizationTrail(request: SimRequest): string {
  const { state, organization: root } = request;
  const organizationId = organizationIdOf(request);
  if (!root?.organization || !organizationId) throw awsError(OrganizationsNotInUseException, 'This account is not a member of an organization.');
  const org = root.organization;
  const delegated = (org.delegatedAdministrators ?? []).some((d) => d.AccountId === state.accountId && d.ServicePrincipal === 'cloudtrail.amazonaws.com');
  if (state.accountId !== root.accountId && !delegated) {
    throw awsError(NotOrganizationMasterAccountException, 'No management account credentials found. Only the management account or a delegated administrator can create or change an organization trail.');
  }
  if (!(org.trustedServices ?? []).some((t) => t.ServicePrincipal === 'cloudtrail.amazonaws.com')) {
    throw awsError(CloudTrailAccessNotEnabledException, 'This operation can\'t be performed because CloudTrail trusted access is not enabled for your organization. Enable trusted access for CloudTrail in AWS Organizations first.');
  }
  return organizationId;
}

function checkCommon(input: Input): void {
  if (input.KmsKeyId) throw awsError(KmsKeyNotFoundException, `KMS key ${String(input.KmsKeyId)} does not exist.`);
}

function createTrail(request: SimRequest) {
  const { state, input, region } = request;
  const name = trailName(input.Name);
  checkCommon(input);
  const organizationId = input.IsOrganizationTrail === true ? checkOrganizationTrail(request) : undefined;
  if (visibleTrails(state, region).some((t) => t.Name === name && accountOf(t.TrailARN) === state.accountId)) {
    throw awsError(TrailAlreadyExistsException, `Trail ${name} already exists for customer: ${state.accountId}`);
  }
  if ((state.regional[region]!.trails ?? []).filter((t) => t.HomeRegion === region).length >= MAX_TRAILS_PER_REGION) {
    throw awsError(MaximumNumberOfTrailsExceededException, `User: ${state.accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${region}.`);
  }
  const multiRegion = input.IsMultiRegionTrail === true;
  const global = input.IncludeGlobalServiceEvents !== false;
  if (multiRegion && !global) throw awsError(InvalidParameterCombinationException, 'Multi-Region trail must include global service events.');
  const arn = `arn:aws:cloudtrail:${region}:${state.accountId}:trail/${name}`;
  const prefix = checkPrefix(input.S3KeyPrefix);
  checkBucket(request, String(input.S3BucketName), prefix, arn, region, organizationId);
  const tags = tagsOf(input.TagsList);
  const delivery = logsDelivery(input);
  if (delivery?.groupArn) checkLogsDelivery(state, delivery.groupArn, delivery.roleArn!, arn, region);
  const trail: SimTrail = {
    Name: name,
    TrailARN: arn,
    HomeRegion: region,
    S3BucketName: String(input.S3BucketName),
    ...(prefix ? { S3KeyPrefix: prefix } : {}),
    IncludeGlobalServiceEvents: global,
    IsMultiRegionTrail: multiRegion,
    IsOrganizationTrail: organizationId !== undefined,
    LogFileValidationEnabled: input.EnableLogFileValidation === true,
    ...(delivery?.groupArn ? { CloudWatchLogsLogGroupArn: delivery.groupArn, CloudWatchLogsRoleArn: delivery.roleArn! } : {}),
    Tags: tags,
    // A new trail does not log until StartLogging.
    isLogging: false,
  };
  (state.regional[region]!.trails ??= []).push(trail);
  return trailOutput(trail, false);
}

function updateTrail(request: SimRequest) {
  const { state, input, region } = request;
  const trail = changeableTrail(request, input.Name);
  checkCommon(input);
  const organizationTrail = (input.IsOrganizationTrail as boolean | undefined) ?? trail.IsOrganizationTrail;
  const organizationId = organizationTrail ? checkOrganizationTrail(request) : undefined;
  const multiRegion = (input.IsMultiRegionTrail as boolean | undefined) ?? trail.IsMultiRegionTrail;
  const global = (input.IncludeGlobalServiceEvents as boolean | undefined) ?? trail.IncludeGlobalServiceEvents;
  if (multiRegion && !global) throw awsError(InvalidParameterCombinationException, 'Multi-Region trail must include global service events.');
  const bucket = (input.S3BucketName as string | undefined) ?? trail.S3BucketName;
  const prefix = input.S3KeyPrefix !== undefined ? checkPrefix(input.S3KeyPrefix) : trail.S3KeyPrefix;
  if (input.S3BucketName !== undefined || input.S3KeyPrefix !== undefined || organizationTrail !== trail.IsOrganizationTrail) checkBucket(request, bucket, prefix, trail.TrailARN, region, organizationId);
  const delivery = logsDelivery(input);
  if (delivery?.groupArn) checkLogsDelivery(state, delivery.groupArn, delivery.roleArn!, trail.TrailARN, region);
  trail.IsMultiRegionTrail = multiRegion;
  trail.IsOrganizationTrail = organizationTrail;
  trail.IncludeGlobalServiceEvents = global;
  trail.S3BucketName = bucket;
  if (prefix) trail.S3KeyPrefix = prefix;
  else delete trail.S3KeyPrefix;
  if (input.EnableLogFileValidation !== undefined) trail.LogFileValidationEnabled = input.EnableLogFileValidation === true;
  if (delivery?.groupArn) {
    trail.CloudWatchLogsLogGroupArn = delivery.groupArn;
    trail.CloudWatchLogsRoleArn = delivery.roleArn!;
  } else if (delivery) {
    delete trail.CloudWatchLogsLogGroupArn;
    delete trail.CloudWatchLogsRoleArn;
  }
  return trailOutput(trail, false);
}

function checkSelectors(input: Input): Pick<SimTrail, 'EventSelectors' | 'AdvancedEventSelectors'> {
  const basic = input.EventSelectors as SimTrail['EventSelectors'];
  const advanced = input.AdvancedEventSelectors as SimTrail['AdvancedEventSelectors'];
  if ((basic === undefined) === (advanced === undefined)) {
    throw awsError(InvalidParameterCombinationException, 'Specify either EventSelectors or AdvancedEventSelectors, but not both.');
  }
  if (basic) {
    if (basic.length < 1 || basic.length > 5 || basic.some((s) => !['ReadOnly', 'WriteOnly', 'All'].includes(s.ReadWriteType ?? 'All'))) {
      throw awsError(InvalidEventSelectorsException, 'A trail can have 1 to 5 event selectors, each with ReadWriteType ReadOnly, WriteOnly or All.');
    }
    return { EventSelectors: basic.map((s) => ({ ReadWriteType: s.ReadWriteType ?? 'All', IncludeManagementEvents: s.IncludeManagementEvents ?? true, DataResources: s.DataResources ?? [], ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [] })) };
  }
  if (!advanced!.length || advanced!.some((s) => !s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.length))) {
    throw awsError(InvalidEventSelectorsException, 'Each advanced event selector needs a field selector for eventCategory with Equals.');
  }
  return { AdvancedEventSelectors: advanced };
}

const cloudtrail: SimService = {
  ServiceException: CloudTrailServiceException,
  handlers: {
    CreateTrail: createTrail,
    UpdateTrail: updateTrail,
    DescribeTrails: (request: SimRequest) => {
      const names = request.input.trailNameList as string[] | undefined;
      const trails = seenTrails(request, request.input.includeShadowTrails !== false)
        .filter((t) => !names?.length || names.includes(t.Name) || names.includes(t.TrailARN));
      return { trailList: trails.map((t) => trailOutput(t)) };
    },
    // The tags of trails whose home is this region (a shadow's are read in its home region).
    ListTags: ({ state, input, region }: SimRequest) => {
      const arns = input.ResourceIdList;
      if (!Array.isArray(arns) || arns.length > 20) throw awsError(InvalidParameterCombinationException, 'ResourceIdList must list 1 to 20 trail ARNs.');
      return {
        ResourceTagList: arns.map((arn: unknown) => {
          if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw awsError(CloudTrailARNInvalidException, `${String(arn)} is not a valid trail ARN.`);
          const trail = visibleTrails(state, region, false).find((t) => t.TrailARN === arn);
          if (!trail) throw awsError(ResourceNotFoundException, `Resource not found: ${arn}`);
          return { ResourceId: arn, TagsList: structuredClone(trail.Tags) };
        }),
      };
    },
    GetTrail: (request: SimRequest) => ({ Trail: trailOutput(findTrail(request, request.input.Name)) }),
    GetTrailStatus: (request: SimRequest) => {
      const trail = findTrail(request, request.input.Name);
      return trail.isLogging
        ? { IsLogging: true, StartLoggingTime: STARTED, TimeLoggingStarted: STARTED.toISOString() }
        : { IsLogging: false };
    },
    StartLogging: (request: SimRequest) => {
      changeableTrail(request, request.input.Name).isLogging = true;
      return {};
    },
    StopLogging: (request: SimRequest) => {
      changeableTrail(request, request.input.Name).isLogging = false;
      return {};
    },
    DeleteTrail: (request: SimRequest) => {
      const trail = changeableTrail(request, request.input.Name);
      const home = request.state.regional[trail.HomeRegion]!;
      home.trails = (home.trails ?? []).filter((t) => t !== trail);
      // As a region that never had a trail: no empty list left behind.
      if (!home.trails.length) delete home.trails;
      return {};
    },
    GetEventSelectors: (request: SimRequest) => {
      const trail = findTrail(request, request.input.TrailName);
      return trail.AdvancedEventSelectors
        ? { TrailARN: trail.TrailARN, AdvancedEventSelectors: structuredClone(trail.AdvancedEventSelectors) }
        : { TrailARN: trail.TrailARN, EventSelectors: structuredClone(trail.EventSelectors ?? DEFAULT_SELECTORS) };
    },
    PutEventSelectors: (request: SimRequest) => {
      const trail = changeableTrail(request, request.input.TrailName);
      const selectors = checkSelectors(request.input);
      delete trail.EventSelectors;
      delete trail.AdvancedEventSelectors;
      Object.assign(trail, structuredClone(selectors));
      return { TrailARN: trail.TrailARN, ...structuredClone(selectors) };
    },
  },
};
export default cloudtrail;
