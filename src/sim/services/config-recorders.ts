/**
 * AWS Config's customer managed configuration recorder in the simulated account: one per region,
 * created or updated by name (PutConfigurationRecorder is idempotent), with its recording group
 * and recording mode checked as the API reference describes, a role that must exist in IAM and
 * trust Config, and start/stop (starting needs a delivery channel).
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import { freshRegion, nextResourceId, type SimState } from '../state.js';
import type { SimConfigRecorder } from '../compliance-state.js';
import { refusedWhileSpreading } from './cloudtrail-checks.js';

const {
  InvalidConfigurationRecorderNameException, InvalidRecordingGroupException, InvalidRoleException, MaxNumberOfConfigurationRecordersExceededException,
  NoAvailableDeliveryChannelException, NoSuchConfigurationRecorderException, ResourceNotFoundException, ResourceType, TooManyTagsException, UnmodifiableEntityException,
  ValidationException,
} = loadSdk('config');

type Input = Record<string, unknown>;

const NOW = '2026-01-01T00:00:00.000Z';
const RESOURCE_TYPES = new Set<string>(Object.values(ResourceType));
const STRATEGIES = ['ALL_SUPPORTED_RESOURCE_TYPES', 'INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES'];
const FREQUENCIES = ['CONTINUOUS', 'DAILY'];
/** Daily recording cannot be specified for these (RecordingModeOverride). */
const CONTINUOUS_ONLY = ['AWS::Config::ResourceCompliance', 'AWS::Config::ConformancePackCompliance', 'AWS::Config::ConfigurationRecorder'];
/** The prefix AWS keeps for service-linked recorders. */
const RESERVED_PREFIX = 'AWSConfigurationRecorderFor';

/** The region's recorders, read only: a read leaves the state as it was (no empty list appears). */
export const recordersIn = ({ state, region }: Pick<SimRequest, 'state' | 'region'>): readonly SimConfigRecorder[] => state.regional[region]?.configRecorders ?? [];

/** The region's recorders, to add to. */
const recordersOf = ({ state, region }: Pick<SimRequest, 'state' | 'region'>): SimConfigRecorder[] => ((state.regional[region] ??= freshRegion(state, region)).configRecorders ??= []);

const invalidGroup = (message: string) => awsError(InvalidRecordingGroupException, message);

function resourceTypes(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string')) throw awsError(ValidationException, `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be a list of resource types`);
  const unknown = value.filter((t: string) => !RESOURCE_TYPES.has(t));
  if (unknown.length) throw invalidGroup(`The recording group provided is not valid: unsupported resource types ${unknown.join(', ')}`);
  return [...new Set(value as string[])];
}

/** The recording group as Config keeps (and describes) it, or Config's error for what it refuses. */
export function recordingGroupOf(given: Input | undefined): Record<string, unknown> {
  if (given === undefined) {
    // Without a recording group Config records every supported type, the global IAM types excepted.
    return { allSupported: true, includeGlobalResourceTypes: false, resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } };
  }
  const allSupported = given.allSupported === true;
  const global = given.includeGlobalResourceTypes === true;
  const included = resourceTypes(given.resourceTypes, 'configurationRecorder.recordingGroup.resourceTypes');
  const excluded = resourceTypes((given.exclusionByResourceTypes as Input | undefined)?.resourceTypes, 'configurationRecorder.recordingGroup.exclusionByResourceTypes.resourceTypes');
  const useOnly = (given.recordingStrategy as Input | undefined)?.useOnly as string | undefined;
  if (useOnly !== undefined && !STRATEGIES.includes(useOnly)) {
    throw awsError(ValidationException, `1 validation error detected: Value '${useOnly}' at 'configurationRecorder.recordingGroup.recordingStrategy.useOnly' failed to satisfy constraint: Member must satisfy enum value set: [${STRATEGIES.join(', ')}]`);
  }
  if (allSupported && included.length) throw invalidGroup('The recording group provided is not valid: allSupported is true, but resourceTypes is not empty');
  if (allSupported && useOnly && useOnly !== 'ALL_SUPPORTED_RESOURCE_TYPES') throw invalidGroup(`The recording group provided is not valid: allSupported is true, but the recording strategy is ${useOnly}`);
  if (global && !allSupported) throw invalidGroup('The recording group provided is not valid: includeGlobalResourceTypes needs allSupported to be true');
  if (excluded.length && useOnly !== 'EXCLUSION_BY_RESOURCE_TYPES') throw invalidGroup('The recording group provided is not valid: exclusionByResourceTypes needs the EXCLUSION_BY_RESOURCE_TYPES recording strategy');
  if (useOnly === 'EXCLUSION_BY_RESOURCE_TYPES' && !excluded.length) throw invalidGroup('The recording group provided is not valid: the EXCLUSION_BY_RESOURCE_TYPES recording strategy needs resource types to exclude');
  if (useOnly === 'INCLUSION_BY_RESOURCE_TYPES' && !included.length) throw invalidGroup('The recording group provided is not valid: the INCLUSION_BY_RESOURCE_TYPES recording strategy needs resource types to record');
  if (!allSupported && !global && !included.length && !excluded.length) throw invalidGroup('The recording group provided is not valid: every parameter is null, false or empty');
  const strategy = useOnly ?? (allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : excluded.length ? 'EXCLUSION_BY_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES');
  return { allSupported, includeGlobalResourceTypes: global, resourceTypes: included, exclusionByResourceTypes: { resourceTypes: excluded }, recordingStrategy: { useOnly: strategy } };
}

function frequency(value: unknown, field: string): string {
  if (typeof value !== 'string' || !FREQUENCIES.includes(value)) {
    throw awsError(ValidationException, `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, CONTINUOUS]`);
  }
  return value;
}

/** The recording mode as Config keeps it: continuous unless said, overrides checked. */
export function recordingModeOf(given: Input | undefined): Record<string, unknown> {
  if (given === undefined) return { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] };
  const recordingFrequency = frequency(given.recordingFrequency, 'configurationRecorder.recordingMode.recordingFrequency');
  const overrides = (given.recordingModeOverrides ?? []) as Input[];
  if (!Array.isArray(overrides)) throw awsError(ValidationException, "1 validation error detected: Value at 'configurationRecorder.recordingMode.recordingModeOverrides' failed to satisfy constraint: Member must be a list");
  return {
    recordingFrequency,
    recordingModeOverrides: overrides.map((o, i) => {
      const field = `configurationRecorder.recordingMode.recordingModeOverrides.${i + 1}`;
      const types = resourceTypes(o.resourceTypes, `${field}.resourceTypes`);
      if (!types.length) throw awsError(ValidationException, `1 validation error detected: Value '[]' at '${field}.resourceTypes' failed to satisfy constraint: Member must have length greater than or equal to 1`);
      const overrideFrequency = frequency(o.recordingFrequency, `${field}.recordingFrequency`);
      const continuousOnly = types.filter((t) => CONTINUOUS_ONLY.includes(t));
      if (overrideFrequency === 'DAILY' && continuousOnly.length) throw invalidGroup(`Daily recording cannot be specified for ${continuousOnly.join(', ')}`);
      if (typeof o.description === 'string' && o.description.length > 256) throw awsError(ValidationException, `1 validation error detected: Value at '${field}.description' failed to satisfy constraint: Member must have length less than or equal to 256`);
      return { ...(typeof o.description === 'string' ? { description: o.description } : {}), resourceTypes: types, recordingFrequency: overrideFrequency };
    }),
  };
}

/** PutConfigurationRecorder's Tags, checked as Config does: at most 50, keys 1–128 characters without aws:, values up to 256, no key twice. */
function tagsOf(value: unknown): SimConfigRecorder['tags'] {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw awsError(ValidationException, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must be a list");
  if (value.length > 50) throw awsError(TooManyTagsException, 'You have reached the limit of the number of tags you can use: 50.');
  const keys = new Set<string>();
  return value.map(({ Key, Value = '' }: Input) => {
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || Key.startsWith('aws:') || typeof Value !== 'string' || Value.length > 256 || keys.has(Key)) {
      throw awsError(ValidationException, `1 validation error detected: Value '${String(Key)}' at 'tags' failed to satisfy constraint: keys have 1 to 128 characters, not starting with aws:, each once; values at most 256`);
    }
    keys.add(Key);
    return { Key, Value };
  });
}

/** Config assumes the role: it must exist in this account, trust Config, and be spread by IAM (not made moments ago). */
function checkRole(state: SimState, roleArn: unknown): string {
  if (typeof roleArn !== 'string' || !roleArn) {
    throw awsError(InvalidRoleException, 'You have provided a null or empty Amazon Resource Name (ARN) for the IAM role assumed by Config and used by the customer managed configuration recorder.');
  }
  const invalid = () => awsError(InvalidRoleException, `The role ${roleArn} is not valid: Config cannot assume it.`);
  const role = Object.values(state.iam.roles).find((r) => r.Arn === roleArn);
  if (!role || !role.AssumeRolePolicyDocument.includes('config.amazonaws.com')) throw invalid();
  // IAM has not spread a new role yet: this call is refused, a later one is not.
  if (refusedWhileSpreading(state, roleArn)) throw invalid();
  return roleArn;
}

const noSuchRecorder = (name: string) => awsError(NoSuchConfigurationRecorderException, `Cannot find configuration recorder with the specified name '${name}'.`);

/** The region's customer managed recorder of that name. */
export function recorderNamed(request: SimRequest, name: unknown): SimConfigRecorder {
  if (typeof name !== 'string' || !name) throw awsError(ValidationException, "1 validation error detected: Value null at 'configurationRecorderName' failed to satisfy constraint: Member must not be null");
  const found = recordersIn(request).find((r) => r.name === name);
  if (!found) throw noSuchRecorder(name);
  return found;
}

/** The recorders a Describe call asks for: all (the customer managed one) or the one named. */
function selected(request: SimRequest): SimConfigRecorder[] {
  const { input } = request;
  const names = (input.ConfigurationRecorderNames ?? []) as string[];
  if (names.length > 1) throw awsError(ValidationException, 'You can specify only one configuration recorder name.');
  // Service-linked recorders are not simulated: there is none for any service principal.
  if (input.ServicePrincipal !== undefined) return [];
  if (names.length) return [recorderNamed(request, names[0])];
  if (typeof input.Arn === 'string') {
    const found = recordersIn(request).find((r) => r.arn === input.Arn);
    if (!found) throw noSuchRecorder(input.Arn);
    return [found];
  }
  return [...recordersIn(request)];
}

const arnOf = (request: SimRequest, r: SimConfigRecorder) => r.arn ?? `arn:aws:config:${request.region}:${request.state.accountId}:configuration-recorder/${r.name}/legacy`;
const date = (iso: string | undefined) => (iso ? { value: new Date(iso) } : undefined);

export const recorderHandlers = {
  PutConfigurationRecorder: (request: SimRequest) => {
    const given = (request.input.ConfigurationRecorder ?? {}) as Input;
    if (given.servicePrincipal !== undefined) {
      throw awsError(UnmodifiableEntityException, 'You cannot use PutConfigurationRecorder to create a service-linked configuration recorder; use PutServiceLinkedConfigurationRecorder.');
    }
    const name = given.name === undefined ? 'default' : given.name;
    if (typeof name !== 'string' || !name.length || name.length > 256 || name.startsWith(RESERVED_PREFIX)) {
      throw awsError(InvalidConfigurationRecorderNameException, `The configuration recorder name '${String(name)}' is not valid.`);
    }
    const existing = recordersIn(request).find((r) => r.name === name);
    if (!existing && recordersIn(request).length) {
      throw awsError(MaxNumberOfConfigurationRecordersExceededException, `Failed to put configuration recorder '${name}' because the maximum number of configuration recorders: 1 is reached.`);
    }
    const recordingGroup = recordingGroupOf(given.recordingGroup as Input | undefined);
    const recordingMode = recordingModeOf(given.recordingMode as Input | undefined);
    const roleARN = checkRole(request.state, given.roleARN);
    const tags = tagsOf(request.input.Tags);
    if (existing) {
      // Tags are set at creation only: a later put's are ignored, as Config documents.
      Object.assign(existing, { roleARN, recordingGroup, recordingMode });
      return {};
    }
    const id = nextResourceId(request.state, 'r', 16).split('-')[1]!;
    const arn = `arn:aws:config:${request.region}:${request.state.accountId}:configuration-recorder/${name}/${id}`;
    recordersOf(request).push({ name, arn, roleARN, ...(tags?.length ? { tags } : {}), recordingGroup, recordingMode, recording: false });
    return {};
  },

  DescribeConfigurationRecorders: (request: SimRequest) => ({
    ConfigurationRecorders: selected(request).map((r) => ({
      arn: arnOf(request, r),
      name: r.name,
      roleARN: r.roleARN,
      recordingGroup: r.recordingGroup ?? recordingGroupOf(undefined),
      recordingMode: r.recordingMode ?? recordingModeOf(undefined),
      recordingScope: 'PAID',
    })),
  }),

  // The recorder's tags (of the Config resources, only the recorder is simulated).
  ListTagsForResource: (request: SimRequest) => {
    const arn = request.input.ResourceArn;
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw awsError(ValidationException, `1 validation error detected: Value '${String(arn)}' at 'resourceArn' failed to satisfy constraint: Member must be an ARN`);
    const recorder = recordersIn(request).find((r) => arnOf(request, r) === arn);
    if (!recorder) throw awsError(ResourceNotFoundException, `You have specified a resource that does not exist: ${arn}`);
    return { Tags: structuredClone(recorder.tags ?? []) };
  },

  DescribeConfigurationRecorderStatus: (request: SimRequest) => ({
    ConfigurationRecordersStatus: selected(request).map((r) => ({
      arn: arnOf(request, r),
      name: r.name,
      recording: r.recording,
      ...(r.lastStatus ? { lastStatus: r.lastStatus } : {}),
      ...(date(r.lastStartTime) ? { lastStartTime: date(r.lastStartTime)!.value } : {}),
      ...(date(r.lastStopTime) ? { lastStopTime: date(r.lastStopTime)!.value } : {}),
      ...(date(r.lastStatusChangeTime) ? { lastStatusChangeTime: date(r.lastStatusChangeTime)!.value } : {}),
    })),
  }),

  StartConfigurationRecorder: (request: SimRequest) => {
    const recorder = recorderNamed(request, request.input.ConfigurationRecorderName);
    if (!(request.state.regional[request.region]?.deliveryChannels ?? []).length) {
      throw awsError(NoAvailableDeliveryChannelException, 'Delivery channel is not available to start configuration recorder.');
    }
    // Starting a recorder that runs is no error.
    if (!recorder.recording) Object.assign(recorder, { recording: true, lastStartTime: NOW, lastStatus: 'Success', lastStatusChangeTime: NOW });
    return {};
  },

  StopConfigurationRecorder: (request: SimRequest) => {
    const recorder = recorderNamed(request, request.input.ConfigurationRecorderName);
    if (recorder.recording) Object.assign(recorder, { recording: false, lastStopTime: NOW, lastStatusChangeTime: NOW });
    return {};
  },

  // The recorded history stays with Config; a running recorder is stopped with it.
  DeleteConfigurationRecorder: (request: SimRequest) => {
    const recorder = recorderNamed(request, request.input.ConfigurationRecorderName);
    const region = request.state.regional[request.region]!;
    region.configRecorders = region.configRecorders!.filter((r) => r !== recorder);
    // As before the first recorder: no list at all.
    if (!region.configRecorders.length) delete region.configRecorders;
    return {};
  },
};
