/**
 * AWS Config records resource changes in every region: one configuration recorder (all resource
 * types; the global IAM ones in the home region only; network resources daily, as the checklist's
 * cost tip says) and one delivery channel to the config-bucket step's bucket, recording.
 */
import { z } from 'zod';
import { awsConfigApi, readAwsConfigState, type AwsConfigState, type ChannelDefinition, type RecorderDefinition, type RecordingGroup, type RecordingMode } from '../src/aws-config-aws.js';
import { defineStep, type Change, type PlanContext, type RecordedChange, type UndoAction } from '../src/core/step.js';
import { notCreatedByRun, tagsText } from '../src/tags.js';
import { sameJson } from '../src/log-bucket.js';
import type { ConfigBucketProvides } from './config-bucket.js';

/** What Security Hub builds on: the recorder that records in this region. */
export interface AwsConfigProvides {
  readonly recorderName: string;
}

const inputSchema = z.object({
  /** Record VPCs, subnets, security groups and network interfaces once a day instead of on every change (checklist item 17). */
  dailyForNetworkResources: z.boolean({ error: 'expected true or false' }).default(true),
}).strict();
export type AwsConfigInputs = z.output<typeof inputSchema>;

/** Resource types that change often in busy accounts; recorded daily they cost far less (checklist item 17). */
export const NETWORK_RESOURCE_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkInterface'];
/** PutDeliveryChannel takes no tags, and Config's TagResource takes no channels. */
const UNTAGGED_CHANNEL = 'Config cannot tag delivery channels: undo knows the one this run makes by its name in the undo log.';
const DAILY_DESCRIPTION = 'Network resources change often: recorded once a day (aws-bootstrap, checklist item 17)';
/** AWS's default names, used when nothing is there to adopt. */
const DEFAULT_NAME = 'default';
/**
 * Regions where Config arrived after February 2022: the global IAM resource types cannot be
 * recorded there (RecordingGroup.includeGlobalResourceTypes in the Config API reference).
 */
const NO_GLOBAL_TYPES = new Set(['ap-south-2', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ap-east-2', 'ca-west-1', 'eu-central-2', 'eu-south-2', 'il-central-1', 'me-central-1', 'mx-central-1']);

export type AwsConfigPayload =
  | { action: 'create-recorder'; recorder: RecorderDefinition }
  | { action: 'update-recorder'; recorder: RecorderDefinition; previous: RecorderDefinition }
  | { action: 'create-channel'; channel: ChannelDefinition }
  | { action: 'update-channel'; channel: ChannelDefinition; previous: ChannelDefinition }
  | { action: 'start-recorder'; name: string };

// ---- what is wanted, and how it reads ---------------------------------------------------------

function provided(ctx: PlanContext): ConfigBucketProvides {
  const bucket = ctx.provided?.['config-bucket'] as ConfigBucketProvides | undefined;
  if (!bucket) throw new Error('aws-config needs the config-bucket step (the bucket every region delivers to)');
  return bucket;
}

const recordsGlobalTypes = (region: string, homeRegion: string) => region === homeRegion && !NO_GLOBAL_TYPES.has(region);

export const wantedGroup = (global: boolean): RecordingGroup => ({ allSupported: true, includeGlobalResourceTypes: global, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } });

export const wantedMode = (daily: boolean): RecordingMode => ({
  recordingFrequency: 'CONTINUOUS',
  recordingModeOverrides: daily ? [{ description: DAILY_DESCRIPTION, resourceTypes: [...NETWORK_RESOURCE_TYPES], recordingFrequency: 'DAILY' }] : [],
});

const recordsAllTypes = (g: RecordingGroup) => g.allSupported === true && (g.recordingStrategy?.useOnly ?? 'ALL_SUPPORTED_RESOURCE_TYPES') === 'ALL_SUPPORTED_RESOURCE_TYPES';

/** The resource types recorded daily (all of them: `*`). */
function dailyTypes(m: RecordingMode): string[] {
  if (m.recordingFrequency === 'DAILY') return ['*'];
  return [...new Set((m.recordingModeOverrides ?? []).filter((o) => o.recordingFrequency === 'DAILY').flatMap((o) => o.resourceTypes ?? []))].sort();
}

const sameGroup = (g: RecordingGroup, global: boolean) => recordsAllTypes(g) && (g.includeGlobalResourceTypes === true) === global;
const sameMode = (m: RecordingMode, daily: boolean) => sameJson(dailyTypes(m), daily ? [...NETWORK_RESOURCE_TYPES].sort() : []);

function groupText(g: RecordingGroup): string {
  if (!recordsAllTypes(g)) {
    const strategy = g.recordingStrategy?.useOnly;
    if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return `all resource types but ${(g.exclusionByResourceTypes?.resourceTypes ?? []).join(', ')}`;
    return `only ${(g.resourceTypes ?? []).join(', ') || 'no resource types'}`;
  }
  return `all resource types, IAM ${g.includeGlobalResourceTypes ? 'included' : 'left out'}`;
}

function modeText(m: RecordingMode): string {
  const daily = dailyTypes(m);
  if (daily[0] === '*') return 'daily';
  return daily.length ? `continuous; daily: ${daily.map((t) => t.replace(/^AWS::EC2::/, '')).join(', ')}` : 'continuous';
}

const recorderText = (r: Pick<RecorderDefinition, 'recordingGroup' | 'recordingMode'>) => `${groupText(r.recordingGroup)}; ${modeText(r.recordingMode)}`;
const channelText = (c: ChannelDefinition) => `s3://${c.s3BucketName}${c.s3KeyPrefix ? `/${c.s3KeyPrefix}` : ''}`;

function costNote(daily: boolean): string {
  return 'Costs: AWS Config bills each configuration item it records: USD 0.003 per item recorded continuously, USD 0.012 per item recorded daily (AWS\'s price list for us-east-1 and most regions; see aws.amazon.com/config/pricing for yours). '
    + 'Recording starts with one item per existing resource (a default VPC is about a dozen), then one per change: a quiet account pays cents a month per region, a busy one (autoscaling, containers, Lambda in a VPC) far more'
    + (daily ? '; network resources recorded daily cost at most one item a day each, however often they change.' : '.');
}

// ---- planning ---------------------------------------------------------------------------------

function planFor(state: AwsConfigState, inputs: AwsConfigInputs, ctx: PlanContext) {
  const { bucketName, roleArn, homeRegion } = provided(ctx);
  const global = recordsGlobalTypes(ctx.region, homeRegion);
  const recordingGroup = wantedGroup(global);
  const recordingMode = wantedMode(inputs.dailyForNetworkResources);
  const { recorder, channel } = state;
  const name = recorder?.name ?? DEFAULT_NAME;
  const changes: Change<AwsConfigPayload>[] = [];
  const notes: string[] = [];

  if (!recorder) {
    const created = { name, roleARN: roleArn, recordingGroup, recordingMode };
    changes.push({
      summary: `Create the configuration recorder "${name}"`,
      before: 'no configuration recorder',
      after: `${recorderText(created)}; with the service-linked role AWSServiceRoleForConfig; tagged ${tagsText(ctx.runId)}`,
      payload: { action: 'create-recorder', recorder: created },
    });
  } else {
    if (!sameGroup(recorder.recordingGroup, global) || !sameMode(recorder.recordingMode, inputs.dailyForNetworkResources)) {
      const { recording: _r, lastStatus: _s, lastErrorCode: _c, ...previous } = recorder;
      const updated = { ...previous, recordingGroup, recordingMode };
      changes.push({
        summary: `Change what the configuration recorder "${name}" records`,
        before: recorderText(recorder),
        after: recorderText(updated),
        payload: { action: 'update-recorder', recorder: updated, previous },
      });
    }
    if (recorder.lastStatus === 'Failure') notes.push(`The recorder's last delivery failed${recorder.lastErrorCode ? ` (${recorder.lastErrorCode})` : ''}: check the delivery channel's bucket and the recorder's role.`);
  }

  const target: ChannelDefinition = { name: channel?.name ?? DEFAULT_NAME, s3BucketName: bucketName };
  if (!channel) {
    changes.push({ summary: `Deliver Config's snapshots and history to s3://${bucketName}`, before: 'no delivery channel', after: `delivery channel "${target.name}" to ${channelText(target)}`, payload: { action: 'create-channel', channel: target } });
  } else if (channel.s3BucketName !== bucketName || channel.s3KeyPrefix) {
    // Our bucket's policy lets Config write at the top (AWSLogs/<account>/Config/), so no key prefix.
    const { s3KeyPrefix: _prefix, ...kept } = channel;
    const updated = { ...kept, s3BucketName: bucketName };
    changes.push({ summary: `Point the delivery channel "${channel.name}" at s3://${bucketName}`, before: channelText(channel), after: channelText(updated), payload: { action: 'update-channel', channel: updated, previous: channel } });
  }

  if (!recorder?.recording) {
    changes.push({ summary: `Start recording with the configuration recorder "${name}"`, before: recorder ? 'stopped' : 'not recording', after: 'recording', payload: { action: 'start-recorder', name } });
  }

  // Said only beside changes: a compliant region needs no explaining.
  if (changes.length) {
    if (recorder) notes.unshift(`Adopting the existing configuration recorder "${recorder.name}" (Config allows one per region): its name and role stay.`);
    if (global) notes.push(`IAM users, groups, roles and policies are global: they are recorded in the home region (${ctx.region}) only, so each change is billed once, not once per region.`);
    if (ctx.region === homeRegion && !global) notes.push(`Config cannot record the global IAM resource types in ${ctx.region} (a region added after February 2022): to record them, run with --region set to an older region such as us-east-1.`);
    if (changes.some((c) => c.payload.action === 'create-channel')) notes.push(UNTAGGED_CHANNEL);
    if (changes.some((c) => c.payload.action === 'create-recorder' || c.payload.action === 'start-recorder')) notes.push(costNote(inputs.dailyForNetworkResources));
  }
  return { name, plan: { changes, notes } };
}

// ---- the step ---------------------------------------------------------------------------------

type Api = Awaited<ReturnType<typeof awsConfigApi>>;

async function applyChange(api: Api, p: AwsConfigPayload, region: string): Promise<UndoAction> {
  switch (p.action) {
    case 'create-recorder': {
      const adopted = await api.createRecorder(p.recorder);
      if (adopted) {
        return { kind: 'restore-recorder', description: `Put the recording settings of the configuration recorder "${adopted.name}" in ${region} back as they were`, name: adopted.name, set: p.recorder, previous: adopted };
      }
      return { kind: 'delete-recorder', description: `Delete the configuration recorder "${p.recorder.name}" in ${region} (made by this run; what it recorded stays in the bucket)`, name: p.recorder.name, set: p.recorder };
    }
    case 'update-recorder':
      await api.putRecorder(p.recorder);
      return { kind: 'restore-recorder', description: `Put the recording settings of the configuration recorder "${p.recorder.name}" in ${region} back as they were`, name: p.recorder.name, set: p.recorder, previous: p.previous };
    case 'create-channel': {
      const adopted = await api.createChannel(p.channel);
      if (adopted) {
        return { kind: 'restore-channel', description: `Point the delivery channel "${adopted.name}" in ${region} back at ${channelText(adopted)}`, name: adopted.name, bucket: p.channel.s3BucketName, previous: adopted };
      }
      return { kind: 'delete-channel', description: `Delete the delivery channel "${p.channel.name}" in ${region} (made by this run)`, name: p.channel.name, bucket: p.channel.s3BucketName };
    }
    case 'update-channel':
      await api.putChannel(p.channel);
      return { kind: 'restore-channel', description: `Point the delivery channel "${p.channel.name}" in ${region} back at ${channelText(p.previous)}`, name: p.channel.name, bucket: p.channel.s3BucketName, previous: p.previous };
    case 'start-recorder': {
      const name = await api.start(p.name);
      return { kind: 'stop-recorder', description: `Stop the configuration recorder "${name}" in ${region}`, name };
    }
  }
}

async function undoChange(api: Api, action: UndoAction): Promise<void> {
  const name = action.name as string;
  switch (action.kind) {
    case 'stop-recorder':
      return void (await api.stop(name));
    case 'delete-channel':
      return api.deleteChannel(name);
    case 'restore-channel':
      return api.putChannel(action.previous as ChannelDefinition);
    case 'delete-recorder':
      return api.deleteRecorder(name);
    case 'restore-recorder':
      return api.putRecorder(action.previous as RecorderDefinition);
    default:
      throw new Error(`aws-config cannot undo a record of kind ${action.kind}`);
  }
}

/**
 * Why what a change made is no longer as it left it, if so (undo then skips it). A recorder this
 * run made is deleted only if it carries the run's tag (`recorded`: the run that recorded it).
 */
function driftOf(state: AwsConfigState, action: UndoAction, recorded?: RecordedChange): string | undefined {
  const name = action.name as string;
  if (action.kind.endsWith('-recorder')) {
    const { recorder } = state;
    if (!recorder || recorder.name !== name) return `the configuration recorder "${name}" no longer exists`;
    const notOurs = action.kind === 'delete-recorder' && recorded && notCreatedByRun(state.recorderTags, recorded.runId, `the configuration recorder "${name}"`);
    if (notOurs) return notOurs;
    if (action.kind === 'stop-recorder') return recorder.recording ? undefined : `the configuration recorder "${name}" was stopped since this run`;
    const set = action.set as RecorderDefinition;
    const same = recordsAllTypes(recorder.recordingGroup) && (recorder.recordingGroup.includeGlobalResourceTypes === true) === (set.recordingGroup.includeGlobalResourceTypes === true)
      && sameJson(dailyTypes(recorder.recordingMode), dailyTypes(set.recordingMode));
    return same ? undefined : `what the configuration recorder "${name}" records was changed since this run (now: ${recorderText(recorder)})`;
  }
  const { channel } = state;
  if (!channel || channel.name !== name) return `the delivery channel "${name}" no longer exists`;
  return channel.s3BucketName === action.bucket ? undefined : `the delivery channel "${name}" now delivers to ${channelText(channel)} (this run set s3://${String(action.bucket)})`;
}

export default defineStep<AwsConfigState, AwsConfigInputs, AwsConfigPayload>({
  id: 'aws-config',
  title: 'AWS Config records resource changes',
  why: 'Config keeps a history of how every resource was configured and when that changed: it shows what an intruder or a mistake altered, and Security Hub needs it to check the account against its standards.',
  scope: 'region',
  needs: ['config-bucket'],
  permissions: {
    // ListTagsForResource: undo deletes the recorder only if it carries the tag of the run that made it.
    observe: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'config:DescribeDeliveryChannels', 'config:ListTagsForResource'],
    // The reads: to adopt a recorder or channel that appeared since the plan. PassRole: the recorder's role is handed to Config.
    // TagResource: the recorder is tagged in PutConfigurationRecorder.
    apply: [
      'config:PutConfigurationRecorder', 'config:TagResource', 'config:PutDeliveryChannel', 'config:StartConfigurationRecorder', 'iam:PassRole',
      'config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'config:DescribeDeliveryChannels', 'config:ListTagsForResource',
    ],
    undo: ['config:StopConfigurationRecorder', 'config:DeleteDeliveryChannel', 'config:DeleteConfigurationRecorder', 'config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'iam:PassRole'],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  observe: readAwsConfigState,

  plan: (state, inputs, ctx) => planFor(state, inputs, ctx).plan,

  provides(state, inputs, ctx): AwsConfigProvides {
    return { recorderName: planFor(state, inputs, ctx).name };
  },

  async apply(ctx, change) {
    return applyChange(await awsConfigApi(ctx), change.payload, ctx.region);
  },

  async undo(ctx, action) {
    return undoChange(await awsConfigApi(ctx), action);
  },

  undoDrift: driftOf,
});
