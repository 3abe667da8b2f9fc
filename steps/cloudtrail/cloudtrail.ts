/** CloudTrail records every API call: one multi-region trail, to a locked-down bucket and to CloudWatch Logs. */
import { z } from 'zod';
import { cloudTrailApi, readCloudTrailState, ROLE_NAME, type CloudTrailState } from '../shared/cloudtrail-aws.js';
import { LOG_RETENTION_DAYS, logBucketName } from '../shared/cloudtrail-documents.js';
import { DEFAULT_RETENTION_DAYS, driftOf, planFor, type CloudTrailPayload, type CloudTrailUndo } from './plan.js';
import { defineStep, type Question, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { removeBucketByHand, restoreSettingDescription, type LogBucketPayload } from '../shared/log-bucket.js';
import { applyLogBucketChange, LOG_BUCKET_PERMISSIONS, logBucketApi, logBucketScope, undoLogBucketChange } from '../shared/log-bucket-aws.js';
import { promptValidator } from '../../src/validate.js';
import { passRole, roleArn } from '../../src/core/permission-scopes.js';

const en = {
  title: 'CloudTrail records every API call',
  why: 'Without a trail there is no record of who did what: a leaked key or a misused root login leaves nothing to investigate, and the log alarms have nothing to watch. One multi-region trail is enough, and its first copy of management events is free.',
  input: {
    days: 'expected a number of days',
    wholeDays: 'expected a whole number of days',
    logRetention: (allowed: readonly number[]) => `CloudWatch Logs keeps events for one of these numbers of days only: ${allowed.join(', ')}`,
    atLeastOneDay: 'keep log files at least 1 day',
    atMost: 'at most 36500 days (100 years)',
    trailName: 'a trail name is 3-128 letters, digits, periods, underscores or dashes, starting and ending with a letter or digit',
    trailNameRun: 'a trail name may not have two periods, underscores or dashes in a row',
    logGroupName: 'a log group name is 1-512 letters, digits and . - _ / #',
    logGroupAws: "a log group name may not start with 'aws/'",
  },
  ask: {
    bucketDays: 'Keep the trail\'s log files in S3 for how many days?',
    logDays: 'Keep the trail\'s events in CloudWatch Logs for how many days (one of AWS\'s periods, such as 90, 365, 731 or 3653)?',
  },
  undo: {
    keepBucket: (bucket: string) => `Keep the S3 bucket ${bucket} (made by this run) with the trail's log files`,
    keepBucketByHand: (bucket: string, command: string) => `The S3 bucket ${bucket} holds the trail's log files, which are evidence: undo never deletes them. When you no longer need them, empty and delete it: ${command}`,
    keepLogGroup: (name: string) => `Keep the CloudWatch Logs group ${name} (made by this run) with the trail's events`,
    keepLogGroupByHand: (name: string, region: string) => `The CloudWatch Logs group ${name} holds the trail's events, which are evidence: undo never deletes it. When you no longer need them: \`aws logs delete-log-group --log-group-name ${name} --region ${region}\``,
    retention: (name: string, previous: number | undefined) => `Keep events in the log group ${name} ${previous ? `for ${previous} days` : 'forever'} again`,
    deleteRole: (role: string) => `Delete the role ${role} (made by this run)`,
    trust: (role: string) => `Put the previous trust policy of the role ${role} back`,
    policy: (role: string) => `Put the previous delivery permissions of the role ${role} back`,
    removePolicy: (role: string) => `Remove the delivery permissions from the role ${role}`,
    deleteTrail: (name: string, bucket: string) => `Delete the trail ${name} (made by this run; its log files stay in s3://${bucket})`,
    trail: (name: string) => `Put the previous settings of the trail ${name} back`,
    selectors: (name: string) => `Put the previous event selectors of the trail ${name} back`,
    stopLogging: (name: string) => `Stop logging on the trail ${name}`,
  },
};

const t = texts('cloudtrail', en, {
  title: 'CloudTrail がすべての API コールを記録する',
  why: '証跡がないと、誰が何をしたかの記録が残りません。キーが漏えいしてもルートユーザーのサインインが悪用されても調べる手がかりがなく、log-alarms ステップのアラームも監視する対象がありません。マルチリージョン証跡が 1 つあれば十分で、管理イベントの最初のコピーは無料です。',
  input: {
    days: '日数を指定してください',
    wholeDays: '日数は整数で指定してください',
    logRetention: (allowed: readonly number[]) => `CloudWatch Logs の保持期間に指定できる日数は次のいずれかだけです: ${allowed.join(', ')}`,
    atLeastOneDay: 'ログファイルは 1 日以上保持してください',
    atMost: '最大 36500 日 (100 年) です',
    trailName: '証跡名は 3～128 文字の英字、数字、ピリオド、アンダースコア、ハイフンで、先頭と末尾は英字か数字にしてください',
    trailNameRun: '証跡名にピリオド、アンダースコア、ハイフンを 2 つ続けることはできません',
    logGroupName: 'ロググループ名は 1～512 文字の英字、数字と . - _ / # にしてください',
    logGroupAws: "ロググループ名を 'aws/' で始めることはできません",
  },
  ask: {
    bucketDays: '証跡のログファイルを S3 に何日間保持しますか?',
    logDays: '証跡のイベントを CloudWatch Logs に何日間保持しますか (AWS が定める期間のいずれか。例: 90、365、731、3653)?',
  },
  undo: {
    keepBucket: (bucket: string) => `S3 バケット ${bucket} (この実行で作成) を証跡のログファイルとともに残す`,
    keepBucketByHand: (bucket: string, command: string) => `S3 バケット ${bucket} には証跡のログファイルが保存されています。ログファイルは証拠になるため、undo では削除しません。不要になったら、バケットを空にしてから削除してください: ${command}`,
    keepLogGroup: (name: string) => `CloudWatch Logs のロググループ ${name} (この実行で作成) を証跡のイベントとともに残す`,
    keepLogGroupByHand: (name: string, region: string) => `CloudWatch Logs のロググループ ${name} には証跡のイベントが保存されています。イベントは証拠になるため、undo では削除しません。不要になったら削除してください: \`aws logs delete-log-group --log-group-name ${name} --region ${region}\``,
    retention: (name: string, previous: number | undefined) => `ロググループ ${name} のイベントの保持期間を${previous ? ` ${previous} 日` : '無期限'}に戻す`,
    deleteRole: (role: string) => `ロール ${role} (この実行で作成) を削除する`,
    trust: (role: string) => `ロール ${role} の信頼ポリシーを以前のものに戻す`,
    policy: (role: string) => `ロール ${role} の配信権限を以前のものに戻す`,
    removePolicy: (role: string) => `ロール ${role} から配信権限を削除する`,
    deleteTrail: (name: string, bucket: string) => `証跡 ${name} (この実行で作成) を削除する (ログファイルは s3://${bucket} に残る)`,
    trail: (name: string) => `証跡 ${name} の設定を以前のものに戻す`,
    selectors: (name: string) => `証跡 ${name} のイベントセレクターを以前のものに戻す`,
    stopLogging: (name: string) => `証跡 ${name} のログ記録を停止する`,
  },
});

/** What the log alarms build on: the log group the trail delivers to (or will, once applied). */
export interface CloudTrailProvides {
  readonly logGroupName: string;
  /** The log group's ARN, without the `:*` CloudTrail puts after it. */
  readonly logGroupArn: string;
  readonly trailArn: string;
}

const DEFAULT_LOG_GROUP = '/aws-bootstrap/cloudtrail';

// Messages are read when a value is refused (`error` as a function), so they are in the language of that moment.
const wholeNumber = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), schema);
const days = () => z.number({ error: () => t.input.days }).int({ error: () => t.input.wholeDays });
const logRetention = wholeNumber(days())
  .refine((n) => LOG_RETENTION_DAYS.includes(n), { error: () => t.input.logRetention(LOG_RETENTION_DAYS) });
const bucketRetention = wholeNumber(days().min(1, { error: () => t.input.atLeastOneDay }).max(36_500, { error: () => t.input.atMost }));

const inputSchema = z.object({
  trailName: z.string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/, { error: () => t.input.trailName })
    .refine((name) => !/[._-]{2}/.test(name), { error: () => t.input.trailNameRun })
    .default('aws-bootstrap-trail'),
  logGroupName: z.string()
    .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, { error: () => t.input.logGroupName })
    .refine((name) => !name.startsWith('aws/'), { error: () => t.input.logGroupAws })
    .default(DEFAULT_LOG_GROUP),
  /** How long CloudWatch Logs keeps the trail's events (one of AWS's values); unset, what the group keeps now, or 365. */
  logRetentionDays: logRetention.optional(),
  /** How long the bucket keeps log files before its lifecycle rule deletes them; unset, what the bucket keeps now, or 365. */
  bucketRetentionDays: bucketRetention.optional(),
}).strict();
export type CloudTrailInputs = z.output<typeof inputSchema>;

// ---- the step ---------------------------------------------------------------------------------

type Api = Awaited<ReturnType<typeof cloudTrailApi>>;
type OtherPayload = Exclude<CloudTrailPayload, LogBucketPayload>;

const isBucketChange = (p: CloudTrailPayload): p is LogBucketPayload => p.action === 'create-bucket' || p.action === 'bucket-setting';

/** A change to the trail's log bucket, made by the log bucket module. */
async function applyBucketChange(ctx: StepContext, p: LogBucketPayload): Promise<CloudTrailUndo> {
  await applyLogBucketChange(await logBucketApi(ctx, p.bucket), p);
  if (p.action === 'create-bucket') {
    return { kind: 'keep-bucket', description: t.undo.keepBucket(p.bucket), change: p, manual: t.undo.keepBucketByHand(p.bucket, removeBucketByHand(p.bucket, ctx.region)) };
  }
  return { kind: 'restore-bucket-setting', description: restoreSettingDescription(p.setting, p.bucket), change: p };
}

async function applyChange(api: Api, p: OtherPayload, region: string): Promise<CloudTrailUndo> {
  switch (p.action) {
    case 'create-log-group':
      await api.createLogGroup(p.name, p.retentionInDays);
      return { kind: 'keep-log-group', description: t.undo.keepLogGroup(p.name), change: p, manual: t.undo.keepLogGroupByHand(p.name, region) };
    case 'set-retention':
      await api.setRetention(p.name, p.retentionInDays);
      return { kind: 'restore-retention', description: t.undo.retention(p.name, p.previous), change: p };
    case 'create-role':
      await api.createRole(JSON.parse(p.trust));
      return { kind: 'delete-role', description: t.undo.deleteRole(ROLE_NAME), change: p };
    case 'update-role-trust':
      await api.updateRoleTrust(p.trust);
      return { kind: 'restore-role-trust', description: t.undo.trust(ROLE_NAME), change: p };
    case 'put-role-policy':
      await api.putRolePolicy(p.document);
      return { kind: 'restore-role-policy', description: p.previous ? t.undo.policy(ROLE_NAME) : t.undo.removePolicy(ROLE_NAME), change: p };
    case 'create-trail': {
      const trailArn = await api.createTrail(p);
      return { kind: 'delete-trail', description: t.undo.deleteTrail(p.name, p.bucket), change: p, trailArn };
    }
    case 'update-trail':
      await api.updateTrail(p.trailArn, p.set);
      return { kind: 'restore-trail', description: t.undo.trail(p.name), change: p };
    case 'put-event-selectors':
      await api.putEventSelectors(p.trailArn, p.selectors);
      return { kind: 'restore-event-selectors', description: t.undo.selectors(p.name), change: p };
    case 'start-logging':
      await api.startLogging(p.trailArn);
      return { kind: 'stop-logging', description: t.undo.stopLogging(p.name), change: p };
  }
}

async function undoChange(ctx: StepContext, action: CloudTrailUndo): Promise<void> {
  switch (action.kind) {
    case 'keep-bucket':
    case 'keep-log-group':
      // Kept (a manual record): nothing to call.
      return undefined;
    case 'restore-bucket-setting':
      return undoLogBucketChange(await logBucketApi(ctx, action.change.bucket), action.change);
  }
  const api = await cloudTrailApi(ctx);
  switch (action.kind) {
    case 'restore-retention':
      return void (await api.setRetention(action.change.name, action.change.previous));
    case 'delete-role':
      return api.deleteRole();
    case 'restore-role-trust':
      return void (await api.updateRoleTrust(action.change.previous));
    case 'restore-role-policy': {
      const { previous } = action.change;
      return void (await (previous ? api.putRolePolicy(previous) : api.deleteRolePolicy()));
    }
    case 'delete-trail':
      return api.deleteTrail(action.trailArn);
    case 'restore-trail':
      return void (await api.updateTrail(action.change.trailArn, action.change.previous));
    case 'restore-event-selectors':
      return void (await api.putEventSelectors(action.change.trailArn, action.change.previous));
    case 'stop-logging':
      return void (await api.stopLogging(action.change.trailArn));
  }
}

export default defineStep<CloudTrailState, CloudTrailInputs, CloudTrailPayload, CloudTrailUndo>({
  id: 'cloudtrail',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: {
    observe: [
      // ListTags: undo deletes the trail only if it carries the tag of the run that made it (GetRole shows the role's).
      'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:ListTags',
      ...LOG_BUCKET_PERMISSIONS.observe,
      'logs:DescribeLogGroups',
      'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies',
    ],
    // The reads are for lost answers (was the bucket, group, role or trail made, and the trail by this run?); PassRole hands the delivery role to CloudTrail;
    // TagResource, TagRole and AddTags: the log group, role and trail are tagged in their create calls, which need them too.
    apply: [
      ...LOG_BUCKET_PERMISSIONS.apply,
      'logs:CreateLogGroup', 'logs:TagResource', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy',
      'iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:PassRole',
      'cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:GetTrail', 'cloudtrail:ListTags', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging',
    ],
    undo: [
      'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
      'iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy',
      'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
      ...LOG_BUCKET_PERMISSIONS.undo,
    ],
    // Every trail is read, and an existing multi-region trail is adopted (updated, started) whatever its name: on `*`.
    scopes: (c) => [
      { name: 'Trail', actions: ['cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:DeleteTrail'], resources: [c.arn('cloudtrail', `trail/${c.input('trailName')}`)] },
      logBucketScope(c, logBucketName(c.account, '*')),
      {
        name: 'LogGroup',
        // TagLogGroup: the Service Authorization Reference lists it beside TagResource for CreateLogGroup with tags, should the step declare it.
        actions: ['logs:CreateLogGroup', 'logs:TagResource', 'logs:TagLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy'],
        resources: [c.arn('logs', `log-group:${c.input('logGroupName')}`), c.arn('logs', `log-group:${c.input('logGroupName')}:*`)],
      },
      {
        name: 'Role',
        actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:CreateRole', 'iam:TagRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
        resources: [roleArn(c, ROLE_NAME)],
      },
      passRole([roleArn(c, ROLE_NAME)], 'cloudtrail.amazonaws.com'),
    ],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given) {
      // Asked only for what a new trail will make; a bucket or group already there keeps its retention unless one is given.
      const observed = state as CloudTrailState;
      if (observed.trails.some((t) => t.multiRegion)) return [];
      const questions: Question[] = [];
      const parse = (answer: string) => Number(answer.trim());
      const suggested = String(DEFAULT_RETENTION_DAYS);
      if (given.bucketRetentionDays === undefined && !observed.bucket) {
        questions.push({ path: 'bucketRetentionDays', kind: 'text', message: t.ask.bucketDays, default: suggested, validate: promptValidator(bucketRetention), parse });
      }
      const groupName = typeof given.logGroupName === 'string' ? given.logGroupName : DEFAULT_LOG_GROUP;
      if (given.logRetentionDays === undefined && !observed.logGroups.some((g) => g.name === groupName)) {
        questions.push({
          path: 'logRetentionDays', kind: 'text', default: suggested, validate: promptValidator(logRetention), parse,
          message: t.ask.logDays,
        });
      }
      return questions;
    },
  },

  observe: readCloudTrailState,

  plan: (state, inputs, ctx) => planFor(state, inputs, ctx).plan,

  provides(state, inputs, ctx): CloudTrailProvides | undefined {
    const { d } = planFor(state, inputs, ctx);
    return d.blocked ? undefined : { logGroupName: d.group.name, logGroupArn: d.group.arn, trailArn: d.trailArn };
  },

  async apply(ctx, change) {
    const p = change.payload;
    return isBucketChange(p) ? applyBucketChange(ctx, p) : applyChange(await cloudTrailApi(ctx), p, ctx.region);
  },

  undo: undoChange,

  undoDrift: driftOf,
});
