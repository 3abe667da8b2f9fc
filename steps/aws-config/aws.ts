/**
 * The aws-config step's reads and writes in one region: the customer managed configuration
 * recorder, its status, and the delivery channel. PutConfigurationRecorder and PutDeliveryChannel
 * create or update by name, so the SDK's retry after a lost answer is harmless; starting and
 * stopping are too. A delete whose retry finds the thing gone after a lost answer is done. A
 * recorder or channel of another name that appeared since observe is adopted, not fought.
 */
import { sendDoneOnRetry } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';
import type { StepContext } from '../../src/core/step.js';
import { bootstrapTagList, tagMap } from '../../src/core/tags.js';

/** Which resource types a recorder records, as Config describes it. */
export interface RecordingGroup {
  allSupported?: boolean;
  includeGlobalResourceTypes?: boolean;
  resourceTypes?: string[];
  exclusionByResourceTypes?: { resourceTypes?: string[] };
  recordingStrategy?: { useOnly?: string };
}

/** How often, by default and per resource type. */
export interface RecordingMode {
  recordingFrequency?: string;
  recordingModeOverrides?: Array<{ description?: string; resourceTypes?: string[]; recordingFrequency?: string }>;
}

/** What PutConfigurationRecorder sets (and undo puts back). */
export interface RecorderDefinition {
  name: string;
  roleARN: string;
  recordingGroup: RecordingGroup;
  recordingMode: RecordingMode;
}

export interface ObservedRecorder extends RecorderDefinition {
  readonly recording: boolean;
  readonly lastStatus?: string;
  readonly lastErrorCode?: string;
}

/** What PutDeliveryChannel sets (and undo puts back). */
export interface ChannelDefinition {
  name: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  s3KmsKeyArn?: string;
  snsTopicARN?: string;
  configSnapshotDeliveryProperties?: { deliveryFrequency?: string };
}

export interface AwsConfigState {
  /** The region's customer managed recorder (Config allows one). */
  readonly recorder?: ObservedRecorder;
  /** The recorder's tags (kept apart from it, so they are never put back with its settings); read for undo only (`StepContext.readTags`). */
  readonly recorderTags?: Readonly<Record<string, string>>;
  /** The region's delivery channel (Config allows one). */
  readonly channel?: ChannelDefinition;
}

/** Waits while IAM spreads a role made moments ago: Config refuses it (InvalidRoleException) until then, about 16 s in all. */
const ROLE_SPREAD_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Only the fields a definition has (the SDK's shapes carry `undefined`s and extras). */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export async function readAwsConfigState(ctx: StepContext): Promise<AwsConfigState> {
  const { client, sdk } = await ctx.aws.use('config');
  const [recorders, statuses, channels] = await Promise.all([
    client.send(new sdk.DescribeConfigurationRecordersCommand({})),
    client.send(new sdk.DescribeConfigurationRecorderStatusCommand({})),
    client.send(new sdk.DescribeDeliveryChannelsCommand({})),
  ]);
  // Service-linked recorders belong to other services: only the customer managed one is ours to adopt.
  const r = (recorders.ConfigurationRecorders ?? []).find((c) => !c.servicePrincipal);
  const status = r ? (statuses.ConfigurationRecordersStatus ?? []).find((s) => s.name === r.name) : undefined;
  const c = channels.DeliveryChannels?.[0];
  // Undo deletes the recorder only if it carries the tag of the run that made it: read for undo only.
  const tags = r?.arn && ctx.readTags ? tagMap((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: r.arn }))).Tags) : undefined;
  return {
    ...(r ? {
      recorder: defined({
        name: r.name!,
        roleARN: r.roleARN ?? '',
        recordingGroup: (r.recordingGroup ?? {}) as RecordingGroup,
        recordingMode: (r.recordingMode ?? { recordingFrequency: 'CONTINUOUS' }) as RecordingMode,
        recording: status?.recording === true,
        lastStatus: status?.lastStatus,
        lastErrorCode: status?.lastErrorCode,
      }),
      ...(tags ? { recorderTags: tags } : {}),
    } : {}),
    ...(c ? {
      channel: defined({
        name: c.name!,
        s3BucketName: c.s3BucketName ?? '',
        s3KeyPrefix: c.s3KeyPrefix,
        s3KmsKeyArn: c.s3KmsKeyArn,
        snsTopicARN: c.snsTopicARN,
        configSnapshotDeliveryProperties: c.configSnapshotDeliveryProperties ? defined({ deliveryFrequency: c.configSnapshotDeliveryProperties.deliveryFrequency }) : undefined,
      }),
    } : {}),
  };
}

export type AwsConfigApi = Awaited<ReturnType<typeof awsConfigApi>>;

export async function awsConfigApi(ctx: StepContext) {
  const { client, sdk } = await ctx.aws.use('config');

  /** Config refuses a role IAM made moments ago until IAM has spread it: sent again after growing waits. */
  const putRecorder = async (recorder: RecorderDefinition, tags?: Array<{ Key: string; Value: string }>): Promise<void> => {
    const send = () => client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: recorder as never, ...(tags ? { Tags: tags } : {}) }));
    for (const delay of ROLE_SPREAD_DELAYS_MS) {
      try {
        await send();
        return;
      } catch (error) {
        if (!isErrorCode(error, 'InvalidRoleException')) throw error;
        await sleep(delay);
      }
    }
    await send();
  };
  const putChannel = async (channel: ChannelDefinition): Promise<void> => {
    await client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: channel as never }));
  };

  return {
    putRecorder,
    putChannel,

    /**
     * Creates the recorder; if one of another name appeared since observe (Config allows one per
     * region), that one is given these settings instead, keeping its name and role. Returns the
     * recorder as it was before, when one was adopted.
     */
    async createRecorder(recorder: RecorderDefinition): Promise<RecorderDefinition | undefined> {
      try {
        // Tagged in the create call itself (it needs config:TagResource too); Config sets tags at creation only.
        await putRecorder(recorder, bootstrapTagList(ctx.runId));
        return undefined;
      } catch (error) {
        if (!isErrorCode(error, 'MaxNumberOfConfigurationRecordersExceededException')) throw error;
        const existing = (await readAwsConfigState(ctx)).recorder;
        if (!existing) throw error;
        const { recording: _recording, lastStatus: _status, lastErrorCode: _code, ...previous } = existing;
        await putRecorder({ ...recorder, name: existing.name, roleARN: existing.roleARN });
        return previous;
      }
    },

    /** Creates the channel; one of another name that appeared since observe is pointed at the bucket instead. Returns it as it was, when adopted. */
    async createChannel(channel: ChannelDefinition): Promise<ChannelDefinition | undefined> {
      try {
        await putChannel(channel);
        return undefined;
      } catch (error) {
        if (!isErrorCode(error, 'MaxNumberOfDeliveryChannelsExceededException')) throw error;
        const existing = (await readAwsConfigState(ctx)).channel;
        if (!existing) throw error;
        const { s3KeyPrefix: _prefix, ...kept } = existing;
        await putChannel({ ...kept, s3BucketName: channel.s3BucketName });
        return existing;
      }
    },

    /** Starts the region's recorder; the one actually there if the named one is not (adopted since the plan). Returns the name started. */
    async start(name: string): Promise<string> {
      try {
        await client.send(new sdk.StartConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
        return name;
      } catch (error) {
        const actual = isErrorCode(error, 'NoSuchConfigurationRecorderException') ? (await readAwsConfigState(ctx)).recorder?.name : undefined;
        if (!actual || actual === name) throw error;
        await client.send(new sdk.StartConfigurationRecorderCommand({ ConfigurationRecorderName: actual }));
        return actual;
      }
    },

    stop: (name: string) => client.send(new sdk.StopConfigurationRecorderCommand({ ConfigurationRecorderName: name })),
    deleteRecorder: (name: string) => sendDoneOnRetry(new sdk.DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: name }), (c) => client.send(c), 'NoSuchConfigurationRecorderException'),

    /**
     * Deletes a channel this run made. Config refuses while the recorder runs; before the channel
     * the recorder could not run, so one running now was started by this run (its record lost to
     * a kill) or since: it is stopped, as it was before the run, and the delete sent again.
     */
    async deleteChannel(name: string): Promise<void> {
      const send = () => sendDoneOnRetry(new sdk.DeleteDeliveryChannelCommand({ DeliveryChannelName: name }), (c) => client.send(c), 'NoSuchDeliveryChannelException');
      try {
        await send();
      } catch (error) {
        const running = isErrorCode(error, 'LastDeliveryChannelDeleteFailedException') ? (await readAwsConfigState(ctx)).recorder : undefined;
        if (!running?.recording) throw error;
        await client.send(new sdk.StopConfigurationRecorderCommand({ ConfigurationRecorderName: running.name }));
        await send();
      }
    },
  };
}
