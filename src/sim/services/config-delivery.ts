/**
 * AWS Config's delivery channel in the simulated account: one per region, created or updated by
 * name, after the recorder. Like Config, PutDeliveryChannel checks the bucket at once: it must
 * exist and its policy must let config.amazonaws.com read the bucket's ACL and put objects under
 * `[prefix/]AWSLogs/<account>/Config/` (with the owner-full-control ACL, on behalf of this
 * account and region); then Config writes its ConfigWritabilityCheckFile there. A channel cannot
 * be deleted while the recorder runs.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import { freshRegion, type SimState } from '../state.js';
import type { SimBucket } from '../alerting-state.js';
import type { SimDeliveryChannel } from '../compliance-state.js';
import { bucketAnywhere, organizationIdOf } from './organization-buckets.js';

const {
  InsufficientDeliveryPolicyException, InvalidDeliveryChannelNameException, InvalidS3KeyPrefixException, InvalidS3KmsKeyArnException, InvalidSNSTopicARNException,
  LastDeliveryChannelDeleteFailedException, MaxNumberOfDeliveryChannelsExceededException, NoAvailableConfigurationRecorderException, NoSuchBucketException,
  NoSuchDeliveryChannelException, ValidationException,
} = loadSdk('config');

type Input = Record<string, unknown>;

const FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'];

/** The region's delivery channels, read only: a read leaves the state as it was. */
const channelsIn = ({ state, region }: Pick<SimRequest, 'state' | 'region'>): readonly SimDeliveryChannel[] => state.regional[region]?.deliveryChannels ?? [];

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** What one request from Config looks like to the bucket policy. */
interface ConfigRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys, lower case, with their values. */
  readonly context: Readonly<Record<string, string>>;
}

const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));
const glob = (pattern: string, value: string, ignoreCase = false) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '').test(value);

const OPERATORS: Record<string, (wanted: string, actual: string) => boolean> = {
  stringequals: (w, a) => w === a,
  stringequalsignorecase: (w, a) => w.toLowerCase() === a.toLowerCase(),
  stringlike: (w, a) => glob(w, a),
  arnequals: (w, a) => w === a,
  arnlike: (w, a) => glob(w, a),
  bool: (w, a) => w.toLowerCase() === a.toLowerCase(),
};

/** Whether every condition holds for the request; a condition on a key or operator Config does not send fails. */
function conditionsHold(condition: Statement['Condition'], context: ConfigRequest['context']): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) => {
    const test = OPERATORS[operator.toLowerCase()];
    return test !== undefined && Object.entries(keys).every(([key, wanted]) => {
      const actual = context[key.toLowerCase()];
      return actual !== undefined && list(wanted).some((w) => test(w, actual));
    });
  });
}

function matches(s: Statement, request: ConfigRequest): boolean {
  const principal = s.Principal as { Service?: unknown } | string | undefined;
  const forConfig = principal === '*' || list((principal as { Service?: unknown } | undefined)?.Service).includes('config.amazonaws.com');
  const action = list(s.Action).some((a) => glob(a, request.action, true));
  const resource = list(s.Resource).some((r) => glob(r, request.resource));
  return forConfig && action && resource && conditionsHold(s.Condition, request.context);
}

/** IAM's evaluation, for Config's requests: an explicit deny wins, else an allow is needed. */
function allowed(statements: readonly Statement[], request: ConfigRequest): boolean {
  if (statements.some((s) => s.Effect === 'Deny' && matches(s, request))) return false;
  return statements.some((s) => s.Effect === 'Allow' && matches(s, request));
}

/** Whether Config, delivering for this account and region, may write to the bucket. */
export function configMayWrite(state: SimState, bucket: SimBucket, prefix: string | undefined, region: string, organizationId?: string): boolean {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(bucket.policy ?? '{}') as { Statement?: unknown };
    statements = (Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : []) as Statement[];
  } catch {
    return false;
  }
  const bucketArn = `arn:aws:s3:::${bucket.Name}`;
  const context = {
    'aws:sourceaccount': state.accountId,
    'aws:sourcearn': `arn:aws:config:${region}:${state.accountId}:*`,
    'aws:securetransport': 'true',
    's3:x-amz-acl': 'bucket-owner-full-control',
    // Config's requests for an account of an organization carry its id.
    ...(organizationId ? { 'aws:sourceorgid': organizationId } : {}),
  };
  const key = `${prefix ? `${prefix}/` : ''}AWSLogs/${state.accountId}/Config/ConfigWritabilityCheckFile`;
  return allowed(statements, { action: 's3:GetBucketAcl', resource: bucketArn, context })
    && allowed(statements, { action: 's3:PutObject', resource: `${bucketArn}/${key}`, context });
}

function checkChannel(request: SimRequest, given: Input): SimDeliveryChannel {
  const { state, region } = request;
  const name = given.name === undefined ? 'default' : given.name;
  if (typeof name !== 'string' || !name.length || name.length > 256) throw awsError(InvalidDeliveryChannelNameException, `The delivery channel name '${String(name)}' is not valid.`);
  const prefix = given.s3KeyPrefix as string | undefined;
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.includes('AWSLogs') || prefix.startsWith('/') || prefix.length > 256)) {
    throw awsError(InvalidS3KeyPrefixException, `The s3 key prefix '${String(prefix)}' is not valid.`);
  }
  const kmsKey = given.s3KmsKeyArn as string | undefined;
  if (kmsKey !== undefined && !/^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(String(kmsKey))) throw awsError(InvalidS3KmsKeyArnException, `The KMS key ARN '${String(kmsKey)}' is not valid.`);
  const topic = given.snsTopicARN as string | undefined;
  if (topic !== undefined && !Object.values(state.regional).some((r) => r.snsTopics?.some((t) => t.TopicArn === topic))) {
    throw awsError(InvalidSNSTopicARNException, `The sns topic arn '${String(topic)}' is not valid.`);
  }
  const deliveryFrequency = (given.configSnapshotDeliveryProperties as Input | undefined)?.deliveryFrequency;
  if (deliveryFrequency !== undefined && !FREQUENCIES.includes(String(deliveryFrequency))) {
    throw awsError(ValidationException, `1 validation error detected: Value '${String(deliveryFrequency)}' at 'deliveryChannel.configSnapshotDeliveryProperties.deliveryFrequency' failed to satisfy constraint: Member must satisfy enum value set: [${FREQUENCIES.join(', ')}]`);
  }
  const bucketName = given.s3BucketName;
  if (typeof bucketName !== 'string' || !bucketName) throw awsError(NoSuchBucketException, 'Cannot find a S3 bucket with an empty bucket name.');
  // A bucket of another account is found by name; its own policy decides whether Config may write there.
  const bucket = state.s3Buckets?.[bucketName] ?? bucketAnywhere(request, bucketName)?.bucket;
  if (!bucket) throw awsError(NoSuchBucketException, `Cannot find a S3 bucket with name ${bucketName}.`);
  if (!configMayWrite(state, bucket, prefix, region, organizationIdOf(request))) {
    throw awsError(InsufficientDeliveryPolicyException, `Insufficient delivery policy to s3 bucket: ${bucketName}, unable to write to bucket, provided s3 key prefix is '${prefix ?? 'null'}', provided kms key is '${kmsKey ?? 'null'}'.`);
  }
  return {
    name,
    s3BucketName: bucketName,
    ...(prefix !== undefined ? { s3KeyPrefix: prefix } : {}),
    ...(kmsKey !== undefined ? { s3KmsKeyArn: kmsKey } : {}),
    ...(topic !== undefined ? { snsTopicARN: topic } : {}),
    ...(deliveryFrequency !== undefined ? { configSnapshotDeliveryProperties: { deliveryFrequency: String(deliveryFrequency) } } : {}),
  };
}

export const deliveryHandlers = {
  PutDeliveryChannel: (request: SimRequest) => {
    const recorders = request.state.regional[request.region]?.configRecorders ?? [];
    if (!recorders.length) {
      throw awsError(NoAvailableConfigurationRecorderException, 'Configuration recorder is not available to put delivery channel.');
    }
    const channel = checkChannel(request, (request.input.DeliveryChannel ?? {}) as Input);
    const existing = channelsIn(request).find((c) => c.name === channel.name);
    if (!existing && channelsIn(request).length) {
      throw awsError(MaxNumberOfDeliveryChannelsExceededException, `Failed to put delivery channel '${channel.name}' because the maximum number of delivery channels: 1 is reached.`);
    }
    const region = (request.state.regional[request.region] ??= freshRegion(request.state, request.region));
    region.deliveryChannels = [...channelsIn(request).filter((c) => c !== existing), channel];
    // Config proves it can write by writing AWSLogs/<account>/Config/ConfigWritabilityCheckFile: the bucket is no longer empty.
    const found = bucketAnywhere(request, channel.s3BucketName)!;
    if (found.owner !== request.state) request.touched?.(found.owner);
    const bucket = found.bucket;
    bucket.objectCount = Math.max(bucket.objectCount, 1);
    return {};
  },

  DescribeDeliveryChannels: (request: SimRequest) => {
    const names = (request.input.DeliveryChannelNames ?? []) as string[];
    const channels = channelsIn(request);
    for (const name of names) {
      if (!channels.some((c) => c.name === name)) throw awsError(NoSuchDeliveryChannelException, `Cannot find delivery channel with specified name '${name}'.`);
    }
    return { DeliveryChannels: channels.filter((c) => !names.length || names.includes(c.name)) };
  },

  DeleteDeliveryChannel: (request: SimRequest) => {
    const name = request.input.DeliveryChannelName;
    const channel = channelsIn(request).find((c) => c.name === name);
    if (!channel) throw awsError(NoSuchDeliveryChannelException, `Cannot find delivery channel with specified name '${String(name)}'.`);
    const region = request.state.regional[request.region]!;
    if ((region.configRecorders ?? []).some((r) => r.recording)) {
      throw awsError(LastDeliveryChannelDeleteFailedException, `Failed to delete last specified delivery channel with name '${channel.name}', because there is a running configuration recorder.`);
    }
    region.deliveryChannels = region.deliveryChannels!.filter((c) => c !== channel);
    // As before the first channel: no list at all.
    if (!region.deliveryChannels.length) delete region.deliveryChannels;
    return {};
  },
};
