/**
 * AWS Config records resource changes in every region: one configuration recorder (all resource
 * types; the global IAM ones in the home region only; network resources daily, as the checklist's
 * cost tip says) and one delivery channel to the config-bucket step's bucket, recording.
 */
import { z } from 'zod';
import { awsConfigApi, readAwsConfigState, type AwsConfigState, type ChannelDefinition, type RecorderDefinition, type RecordingGroup, type RecordingMode } from './aws.js';
import { defineStep, type Change, type PlanContext, type RecordedChange } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { notCreatedByRun, tagsText } from '../../src/core/tags.js';
import { sameJson } from '../shared/log-bucket.js';
import type { ConfigBucketProvides } from '../config-bucket.js';
import { passRole } from '../../src/core/permission-scopes.js';

const en = {
  title: 'AWS Config records resource changes',
  why: 'Config keeps a history of how every resource was configured and when that changed: it shows what an intruder or a mistake altered, and Security Hub needs it to check the account against its standards.',
  trueOrFalse: 'expected true or false',
  noBucket: 'aws-config needs the config-bucket step (the bucket every region delivers to)',
  /** PutDeliveryChannel takes no tags, and Config's TagResource takes no channels. */
  untaggedChannel: 'Config cannot tag delivery channels: undo knows the one this run makes by its name in the undo log.',
  /** The description of the daily override: text kept in the account, in the language of the run that set it (not compared, so never rewritten for it). */
  dailyDescription: 'Network resources change often: recorded once a day (aws-bootstrap, checklist item 17)',
  allBut: (types: string) => `all resource types but ${types}`,
  only: (types: string) => `only ${types}`,
  noTypes: 'no resource types',
  all: (iam: boolean) => `all resource types, IAM ${iam ? 'included' : 'left out'}`,
  daily: 'daily',
  continuous: 'continuous',
  continuousBut: (types: string) => `continuous; daily: ${types}`,
  recorder: (group: string, mode: string) => `${group}; ${mode}`,
  costs: (daily: boolean) => 'Costs: AWS Config bills each configuration item it records: USD 0.003 per item recorded continuously, USD 0.012 per item recorded daily (AWS\'s price list for us-east-1 and most regions; see aws.amazon.com/config/pricing for yours). '
    + 'Recording starts with one item per existing resource (a default VPC is about a dozen), then one per change: a quiet account pays cents a month per region, a busy one (autoscaling, containers, Lambda in a VPC) far more'
    + (daily ? '; network resources recorded daily cost at most one item a day each, however often they change.' : '.'),
  createRecorder: (name: string) => `Create the configuration recorder "${name}"`,
  noRecorder: 'no configuration recorder',
  created: (recorder: string, tags: string) => `${recorder}; with the service-linked role AWSServiceRoleForConfig; tagged ${tags}`,
  changeRecorder: (name: string) => `Change what the configuration recorder "${name}" records`,
  lastFailed: (code: string | undefined) => `The recorder's last delivery failed${code ? ` (${code})` : ''}: check the delivery channel's bucket and the recorder's role.`,
  deliver: (bucket: string) => `Deliver Config's snapshots and history to s3://${bucket}`,
  noChannel: 'no delivery channel',
  channel: (name: string, where: string) => `delivery channel "${name}" to ${where}`,
  pointChannel: (name: string, bucket: string) => `Point the delivery channel "${name}" at s3://${bucket}`,
  start: (name: string) => `Start recording with the configuration recorder "${name}"`,
  stopped: 'stopped',
  notRecording: 'not recording',
  recording: 'recording',
  adopting: (name: string) => `Adopting the existing configuration recorder "${name}" (Config allows one per region): its name and role stay.`,
  global: (region: string) => `IAM users, groups, roles and policies are global: they are recorded in the home region (${region}) only, so each change is billed once, not once per region.`,
  noGlobal: (region: string) => `Config cannot record the global IAM resource types in ${region} (a region added after February 2022): to record them, run with --region set to an older region such as us-east-1.`,
  undo: {
    restoreRecorder: (name: string, region: string) => `Put the recording settings of the configuration recorder "${name}" in ${region} back as they were`,
    deleteRecorder: (name: string, region: string) => `Delete the configuration recorder "${name}" in ${region} (made by this run; what it recorded stays in the bucket)`,
    restoreChannel: (name: string, region: string, where: string) => `Point the delivery channel "${name}" in ${region} back at ${where}`,
    deleteChannel: (name: string, region: string) => `Delete the delivery channel "${name}" in ${region} (made by this run)`,
    stopRecorder: (name: string, region: string) => `Stop the configuration recorder "${name}" in ${region}`,
    cannot: (kind: string) => `aws-config cannot undo a record of kind ${kind}`,
  },
  drift: {
    recorder: (name: string) => `the configuration recorder "${name}"`,
    recorderGone: (name: string) => `the configuration recorder "${name}" no longer exists`,
    stopped: (name: string) => `the configuration recorder "${name}" was stopped since this run`,
    recordsChanged: (name: string, now: string) => `what the configuration recorder "${name}" records was changed since this run (now: ${now})`,
    channelGone: (name: string) => `the delivery channel "${name}" no longer exists`,
    channelElsewhere: (name: string, now: string, bucket: string) => `the delivery channel "${name}" now delivers to ${now} (this run set s3://${bucket})`,
  },
};

const t = texts('aws-config', en, {
  title: 'AWS Config がリソースの変更を記録する',
  why: 'Config は、各リソースがどう設定され、いつ変更されたかの履歴を残します。侵入者やミスが何を変えたかがわかり、Security Hub がアカウントを標準に照らしてチェックするのにも必要です。',
  trueOrFalse: 'true か false を指定してください',
  noBucket: 'aws-config には config-bucket ステップ (すべてのリージョンが配信するバケット) が必要です',
  untaggedChannel: 'Config は配信チャネルにタグを付けられません。この実行で作成する配信チャネルは、undo ログに記録された名前で識別して元に戻します。',
  dailyDescription: 'ネットワークリソースは頻繁に変わるため 1 日 1 回記録 (aws-bootstrap、チェックリスト項目 17)',
  allBut: (types: string) => `${types} 以外のすべてのリソースタイプ`,
  only: (types: string) => `${types} のみ`,
  noTypes: 'リソースタイプなし',
  all: (iam: boolean) => `すべてのリソースタイプ (IAM を${iam ? '含む' : '除く'})`,
  daily: '日次',
  continuous: '継続的',
  continuousBut: (types: string) => `継続的、日次: ${types}`,
  recorder: (group: string, mode: string) => `${group}、${mode}`,
  costs: (daily: boolean) => '料金: AWS Config は記録する設定項目ごとに課金されます。継続的に記録する項目は 1 件あたり 0.003 USD、日次で記録する項目は 1 件あたり 0.012 USD です (us-east-1 とほとんどのリージョンの AWS の料金表による。ご利用のリージョンは aws.amazon.com/config/pricing を参照してください)。'
    + '記録は既存のリソースごとに 1 件 (デフォルト VPC でおよそ 12 件) から始まり、その後は変更ごとに 1 件です。変更の少ないアカウントならリージョンあたり月に数セントですが、変更の多いアカウント (Auto Scaling、コンテナ、VPC 内の Lambda) でははるかに多くかかります'
    + (daily ? '。日次で記録するネットワークリソースは、どれほど頻繁に変わってもそれぞれ 1 日最大 1 件です。' : '。'),
  createRecorder: (name: string) => `設定レコーダー「${name}」を作成する`,
  noRecorder: '設定レコーダーなし',
  created: (recorder: string, tags: string) => `${recorder}、サービスにリンクされたロール AWSServiceRoleForConfig を使用、タグ ${tags}`,
  changeRecorder: (name: string) => `設定レコーダー「${name}」の記録対象を変更する`,
  lastFailed: (code: string | undefined) => `レコーダーの前回の配信は失敗しました${code ? ` (${code})` : ''}。配信チャネルのバケットとレコーダーのロールを確認してください。`,
  deliver: (bucket: string) => `Config のスナップショットと履歴を s3://${bucket} に配信する`,
  noChannel: '配信チャネルなし',
  channel: (name: string, where: string) => `${where} への配信チャネル「${name}」`,
  pointChannel: (name: string, bucket: string) => `配信チャネル「${name}」の配信先を s3://${bucket} にする`,
  start: (name: string) => `設定レコーダー「${name}」で記録を開始する`,
  stopped: '停止中',
  notRecording: '記録していない',
  recording: '記録中',
  adopting: (name: string) => `既存の設定レコーダー「${name}」を採用します (Config ではリージョンごとに 1 つだけです)。名前とロールはそのままです。`,
  global: (region: string) => `IAM のユーザー、グループ、ロール、ポリシーはグローバルです。ホームリージョン (${region}) でだけ記録するため、各変更の料金はリージョンごとではなく 1 回分です。`,
  noGlobal: (region: string) => `Config は ${region} (2022 年 2 月より後に追加されたリージョン) ではグローバル IAM リソースタイプを記録できません。記録するには、--region に us-east-1 などの古いリージョンを指定して実行してください。`,
  undo: {
    restoreRecorder: (name: string, region: string) => `${region} の設定レコーダー「${name}」の記録設定を元に戻す`,
    deleteRecorder: (name: string, region: string) => `${region} の設定レコーダー「${name}」を削除する (この実行で作成したもの。記録した内容はバケットに残る)`,
    restoreChannel: (name: string, region: string, where: string) => `${region} の配信チャネル「${name}」の配信先を ${where} に戻す`,
    deleteChannel: (name: string, region: string) => `${region} の配信チャネル「${name}」を削除する (この実行で作成したもの)`,
    stopRecorder: (name: string, region: string) => `${region} の設定レコーダー「${name}」を停止する`,
    cannot: (kind: string) => `aws-config は種類 ${kind} の記録を元に戻せません`,
  },
  drift: {
    recorder: (name: string) => `設定レコーダー「${name}」`,
    recorderGone: (name: string) => `設定レコーダー「${name}」はもう存在しない`,
    stopped: (name: string) => `設定レコーダー「${name}」はこの実行の後に停止された`,
    recordsChanged: (name: string, now: string) => `設定レコーダー「${name}」の記録対象はこの実行の後に変更された (現在: ${now})`,
    channelGone: (name: string) => `配信チャネル「${name}」はもう存在しない`,
    channelElsewhere: (name: string, now: string, bucket: string) => `配信チャネル「${name}」は現在 ${now} に配信している (この実行で設定したのは s3://${bucket})`,
  },
});

/** What Security Hub builds on: the recorder that records in this region. */
export interface AwsConfigProvides {
  readonly recorderName: string;
}

const inputSchema = z.object({
  /** Record VPCs, subnets, security groups and network interfaces once a day instead of on every change (checklist item 17). */
  dailyForNetworkResources: z.boolean({ error: () => t.trueOrFalse }).default(true),
}).strict();
export type AwsConfigInputs = z.output<typeof inputSchema>;

/** Resource types that change often in busy accounts; recorded daily they cost far less (checklist item 17). */
export const NETWORK_RESOURCE_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkInterface'];
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

/** The undo records it writes (read back from the log in the same shapes). */
export type AwsConfigUndo =
  | { kind: 'delete-recorder'; description: string; name: string; set: RecorderDefinition }
  | { kind: 'restore-recorder'; description: string; name: string; set: RecorderDefinition; previous: RecorderDefinition }
  | { kind: 'delete-channel'; description: string; name: string; bucket: string }
  | { kind: 'restore-channel'; description: string; name: string; bucket: string; previous: ChannelDefinition }
  | { kind: 'stop-recorder'; description: string; name: string };

// ---- what is wanted, and how it reads ---------------------------------------------------------

function provided(ctx: PlanContext): ConfigBucketProvides {
  const bucket = ctx.provided?.['config-bucket'] as ConfigBucketProvides | undefined;
  if (!bucket) throw new Error(t.noBucket);
  // The organization's bucket (--org) is the log archive account's; the role Config records with is always this account's own.
  const owner = bucket.roleArn.split(':')[4];
  return owner && owner !== ctx.accountId ? { ...bucket, roleArn: bucket.roleArn.replace(`::${owner}:`, `::${ctx.accountId}:`) } : bucket;
}

const recordsGlobalTypes = (region: string, homeRegion: string) => region === homeRegion && !NO_GLOBAL_TYPES.has(region);

export const wantedGroup = (global: boolean): RecordingGroup => ({ allSupported: true, includeGlobalResourceTypes: global, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } });

export const wantedMode = (daily: boolean): RecordingMode => ({
  recordingFrequency: 'CONTINUOUS',
  recordingModeOverrides: daily ? [{ description: t.dailyDescription, resourceTypes: [...NETWORK_RESOURCE_TYPES], recordingFrequency: 'DAILY' }] : [],
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
    if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return t.allBut((g.exclusionByResourceTypes?.resourceTypes ?? []).join(', '));
    const types = (g.resourceTypes ?? []).join(', ');
    return types ? t.only(types) : t.noTypes;
  }
  return t.all(g.includeGlobalResourceTypes === true);
}

function modeText(m: RecordingMode): string {
  const daily = dailyTypes(m);
  if (daily[0] === '*') return t.daily;
  return daily.length ? t.continuousBut(daily.map((type) => type.replace(/^AWS::EC2::/, '')).join(', ')) : t.continuous;
}

const recorderText = (r: Pick<RecorderDefinition, 'recordingGroup' | 'recordingMode'>) => t.recorder(groupText(r.recordingGroup), modeText(r.recordingMode));
const channelText = (c: ChannelDefinition) => `s3://${c.s3BucketName}${c.s3KeyPrefix ? `/${c.s3KeyPrefix}` : ''}`;

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
      summary: t.createRecorder(name),
      before: t.noRecorder,
      after: t.created(recorderText(created), tagsText(ctx.runId)),
      payload: { action: 'create-recorder', recorder: created },
    });
  } else {
    if (!sameGroup(recorder.recordingGroup, global) || !sameMode(recorder.recordingMode, inputs.dailyForNetworkResources)) {
      const { recording: _r, lastStatus: _s, lastErrorCode: _c, ...previous } = recorder;
      const updated = { ...previous, recordingGroup, recordingMode };
      changes.push({
        summary: t.changeRecorder(name),
        before: recorderText(recorder),
        after: recorderText(updated),
        payload: { action: 'update-recorder', recorder: updated, previous },
      });
    }
    if (recorder.lastStatus === 'Failure') notes.push(t.lastFailed(recorder.lastErrorCode));
  }

  const target: ChannelDefinition = { name: channel?.name ?? DEFAULT_NAME, s3BucketName: bucketName };
  if (!channel) {
    changes.push({ summary: t.deliver(bucketName), before: t.noChannel, after: t.channel(target.name, channelText(target)), payload: { action: 'create-channel', channel: target } });
  } else if (channel.s3BucketName !== bucketName || channel.s3KeyPrefix) {
    // Our bucket's policy lets Config write at the top (AWSLogs/<account>/Config/), so no key prefix.
    const { s3KeyPrefix: _prefix, ...kept } = channel;
    const updated = { ...kept, s3BucketName: bucketName };
    changes.push({ summary: t.pointChannel(channel.name, bucketName), before: channelText(channel), after: channelText(updated), payload: { action: 'update-channel', channel: updated, previous: channel } });
  }

  if (!recorder?.recording) {
    changes.push({ summary: t.start(name), before: recorder ? t.stopped : t.notRecording, after: t.recording, payload: { action: 'start-recorder', name } });
  }

  // Said only beside changes: a compliant region needs no explaining.
  if (changes.length) {
    if (recorder) notes.unshift(t.adopting(recorder.name));
    if (global) notes.push(t.global(ctx.region));
    if (ctx.region === homeRegion && !global) notes.push(t.noGlobal(ctx.region));
    if (changes.some((c) => c.payload.action === 'create-channel')) notes.push(t.untaggedChannel);
    if (changes.some((c) => c.payload.action === 'create-recorder' || c.payload.action === 'start-recorder')) notes.push(t.costs(inputs.dailyForNetworkResources));
  }
  return { name, plan: { changes, notes } };
}

// ---- the step ---------------------------------------------------------------------------------

type Api = Awaited<ReturnType<typeof awsConfigApi>>;

async function applyChange(api: Api, p: AwsConfigPayload, region: string): Promise<AwsConfigUndo> {
  switch (p.action) {
    case 'create-recorder': {
      const adopted = await api.createRecorder(p.recorder);
      if (adopted) {
        return { kind: 'restore-recorder', description: t.undo.restoreRecorder(adopted.name, region), name: adopted.name, set: p.recorder, previous: adopted };
      }
      return { kind: 'delete-recorder', description: t.undo.deleteRecorder(p.recorder.name, region), name: p.recorder.name, set: p.recorder };
    }
    case 'update-recorder':
      await api.putRecorder(p.recorder);
      return { kind: 'restore-recorder', description: t.undo.restoreRecorder(p.recorder.name, region), name: p.recorder.name, set: p.recorder, previous: p.previous };
    case 'create-channel': {
      const adopted = await api.createChannel(p.channel);
      if (adopted) {
        return { kind: 'restore-channel', description: t.undo.restoreChannel(adopted.name, region, channelText(adopted)), name: adopted.name, bucket: p.channel.s3BucketName, previous: adopted };
      }
      return { kind: 'delete-channel', description: t.undo.deleteChannel(p.channel.name, region), name: p.channel.name, bucket: p.channel.s3BucketName };
    }
    case 'update-channel':
      await api.putChannel(p.channel);
      return { kind: 'restore-channel', description: t.undo.restoreChannel(p.channel.name, region, channelText(p.previous)), name: p.channel.name, bucket: p.channel.s3BucketName, previous: p.previous };
    case 'start-recorder': {
      const name = await api.start(p.name);
      return { kind: 'stop-recorder', description: t.undo.stopRecorder(name, region), name };
    }
  }
}

async function undoChange(api: Api, action: AwsConfigUndo): Promise<void> {
  switch (action.kind) {
    case 'stop-recorder':
      return void (await api.stop(action.name));
    case 'delete-channel':
      return api.deleteChannel(action.name);
    case 'restore-channel':
      return api.putChannel(action.previous);
    case 'delete-recorder':
      return api.deleteRecorder(action.name);
    case 'restore-recorder':
      return api.putRecorder(action.previous);
    default:
      // A record of another kind (a log edited by hand): nothing to call.
      throw new Error(t.undo.cannot((action as { kind: string }).kind));
  }
}

/**
 * Why what a change made is no longer as it left it, if so (undo then skips it). A recorder this
 * run made is deleted only if it carries the run's tag (`recorded`: the run that recorded it).
 */
function driftOf(state: AwsConfigState, action: AwsConfigUndo, recorded?: RecordedChange): string | undefined {
  const { name } = action;
  switch (action.kind) {
    case 'stop-recorder':
    case 'delete-recorder':
    case 'restore-recorder': {
      const { recorder } = state;
      if (!recorder || recorder.name !== name) return t.drift.recorderGone(name);
      const notOurs = action.kind === 'delete-recorder' && recorded && notCreatedByRun(state.recorderTags, recorded.runId, t.drift.recorder(name));
      if (notOurs) return notOurs;
      if (action.kind === 'stop-recorder') return recorder.recording ? undefined : t.drift.stopped(name);
      const { set } = action;
      const same = recordsAllTypes(recorder.recordingGroup) && (recorder.recordingGroup.includeGlobalResourceTypes === true) === (set.recordingGroup.includeGlobalResourceTypes === true)
        && sameJson(dailyTypes(recorder.recordingMode), dailyTypes(set.recordingMode));
      return same ? undefined : t.drift.recordsChanged(name, recorderText(recorder));
    }
    default: {
      const { channel } = state;
      if (!channel || channel.name !== name) return t.drift.channelGone(name);
      return channel.s3BucketName === action.bucket ? undefined : t.drift.channelElsewhere(name, channelText(channel), String(action.bucket));
    }
  }
}

export default defineStep<AwsConfigState, AwsConfigInputs, AwsConfigPayload, AwsConfigUndo>({
  id: 'aws-config',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
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
    // Config's recorder and channel: one each a region, the recorder's id is AWS's and the channel has no resource type.
    // An adopted recorder keeps its own role, whatever it is: passed to Config only.
    scopes: (c) => [passRole([`arn:${c.partition}:iam::${c.account}:role/*`], 'config.amazonaws.com')],
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
