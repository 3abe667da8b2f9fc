/**
 * Security Hub CSPM's hub, per region: EnableSecurityHub, DescribeHub, DisableSecurityHub, and
 * what the standards and aggregator handlers share (the hub a call needs, the service's errors).
 * Every call but EnableSecurityHub is refused in a region where the account has not enabled it,
 * with the error and message AWS gives ("Account … is not subscribed to AWS Security Hub").
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import type { SimSecurityHub, SimStandardsSubscription } from '../compliance-state.js';
import { freshRegion, type SimRegion } from '../state.js';

const { InvalidAccessException, InvalidInputException, ResourceConflictException, ResourceNotFoundException } = loadSdk('securityhub');

const SUBSCRIBED_AT = '2026-01-01T00:00:00.000Z';
const CONTROL_FINDING_GENERATORS = ['STANDARD_CONTROL', 'SECURITY_CONTROL'];

/** The region's state (made on first touch, as every simulated service does). */
export function regionOf({ state, region }: SimRequest): SimRegion {
  return (state.regional[region] ??= freshRegion(state, region));
}

export const invalidInput = (message: string) => awsError(InvalidInputException, message);

const notSubscribed = ({ state }: SimRequest) => awsError(InvalidAccessException, `Account ${state.accountId} is not subscribed to AWS Security Hub`, 401);

/** The region's hub; InvalidAccessException where Security Hub is not enabled, as AWS answers. */
export function hubOf(request: SimRequest): SimSecurityHub {
  const hub = regionOf(request).securityHub;
  if (!hub) throw notSubscribed(request);
  return hub;
}

export const hubArnOf = ({ state, region }: SimRequest) => `arn:aws:securityhub:${region}:${state.accountId}:hub/default`;

/** The default standards EnableSecurityHub turns on unless told not to: FSBP and the outdated CIS v1.2.0. */
function defaultStandards(request: SimRequest): SimStandardsSubscription[] {
  const { state, region } = request;
  const subscription = (standardsArn: string, path: string): SimStandardsSubscription => ({
    StandardsArn: standardsArn,
    StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${state.accountId}:subscription/${path}`,
    StandardsStatus: 'PENDING',
    StandardsInput: {},
    readsLeft: READS_WHILE_PENDING,
  });
  return [
    subscription(`arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`, 'aws-foundational-security-best-practices/v/1.0.0'),
    subscription('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0', 'cis-aws-foundations-benchmark/v/1.2.0'),
  ];
}

/**
 * A standard being enabled is PENDING, and one being disabled DELETING, for this many reads of
 * the region's standards: on AWS it takes a while, so the read right after the call (and often
 * the next run's) still sees it on its way.
 */
export const READS_WHILE_PENDING = 2;

/** EnableSecurityHub's tags, checked as Security Hub does: at most 50, keys 1–128 characters, values up to 256, no aws: prefix. */
function tagsOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 50) throw invalidInput('Tags: a resource can have at most 50 tags.');
  for (const [key, tagValue] of entries) {
    if (key.length < 1 || key.length > 128 || typeof tagValue !== 'string' || tagValue.length > 256 || key.toLowerCase().startsWith('aws:')) {
      throw invalidInput(`Invalid tag ${key}: keys have 1 to 128 characters and may not start with aws:, values at most 256.`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function controlFindingGenerator(value: unknown): SimSecurityHub['ControlFindingGenerator'] {
  if (value === undefined) return 'SECURITY_CONTROL';
  if (typeof value !== 'string' || !CONTROL_FINDING_GENERATORS.includes(value)) {
    throw invalidInput(`Invalid ControlFindingGenerator: ${String(value)}. Valid values: ${CONTROL_FINDING_GENERATORS.join(', ')}`);
  }
  return value as SimSecurityHub['ControlFindingGenerator'];
}

export const hubHandlers = {
  EnableSecurityHub: (request: SimRequest) => {
    const { input } = request;
    const region = regionOf(request);
    if (region.securityHub) throw awsError(ResourceConflictException, 'Account is already subscribed to Security Hub', 409);
    // New accounts get consolidated control findings; EnableDefaultStandards is true unless said.
    const generator = controlFindingGenerator(input.ControlFindingGenerator);
    const tags = tagsOf(input.Tags);
    region.securityHub = {
      HubArn: hubArnOf(request),
      SubscribedAt: SUBSCRIBED_AT,
      AutoEnableControls: true,
      ControlFindingGenerator: generator,
      standards: input.EnableDefaultStandards === false ? [] : defaultStandards(request),
      ...(tags ? { Tags: tags } : {}),
    };
    return {};
  },
  DescribeHub: (request: SimRequest) => {
    const { input } = request;
    const hub = hubOf(request);
    if (input.HubArn !== undefined && input.HubArn !== hub.HubArn) {
      throw awsError(ResourceNotFoundException, `Hub ${String(input.HubArn)} not found`, 404);
    }
    const { HubArn, SubscribedAt, AutoEnableControls, ControlFindingGenerator } = hub;
    return { HubArn, SubscribedAt, AutoEnableControls, ControlFindingGenerator };
  },
  // Only the hub's tags here: the aggregator and standards subscriptions take none.
  ListTagsForResource: (request: SimRequest) => {
    const arn = request.input.ResourceArn;
    const hub = regionOf(request).securityHub;
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw invalidInput(`Invalid ResourceArn: ${String(arn)}`);
    if (!hub || arn !== hub.HubArn) throw awsError(ResourceNotFoundException, `Resource ${arn} not found`, 404);
    return { Tags: { ...(hub.Tags ?? {}) } };
  },
  // Its findings and standards subscriptions go with it: the reason undoing an enable is destructive.
  DisableSecurityHub: (request: SimRequest) => {
    const region = regionOf(request);
    if (!region.securityHub) throw awsError(ResourceNotFoundException, `Account ${request.state.accountId} is not subscribed to AWS Security Hub`, 404);
    delete region.securityHub;
    return {};
  },
};
