/**
 * Where AWS Config delivers, and the role it records with: one locked-down S3 bucket in the home
 * region that every region's delivery channel writes to, and the service-linked role
 * AWSServiceRoleForConfig (created once for the account, before any region's recorder).
 */
import { z } from 'zod';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../src/aws/create-once.js';
import { isErrorCode, withDoneSoFar } from '../src/aws/errors.js';
import { LeftForAPerson } from '../src/core/errors.js';
import { defineStep, type Change, type Plan, type PlanContext, type Question, type StepContext } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import {
  logBucketChanges, logBucketDrift, removeBucketByHand, restoreSettingDescription, type LogBucketPayload, type LogBucketSpec, type ObservedBucket, type PolicyStatement,
} from './shared/log-bucket.js';
import { applyLogBucketChange, LOG_BUCKET_PERMISSIONS, logBucketApi, logBucketScope, readLogBucket, undoLogBucketChange } from './shared/log-bucket-aws.js';
import { bootstrapTagList, notCreatedByRun, tagMap, tagsText } from '../src/core/tags.js';
import { promptValidator } from '../src/validate.js';
import { roleArn, serviceLinkedRole } from '../src/core/permission-scopes.js';

/** What the aws-config step builds on, as it will be once this step is applied. */
export interface ConfigBucketProvides {
  readonly bucketName: string;
  /** The service-linked role Config records with. */
  readonly roleArn: string;
  /** Where the bucket is, and where Config records the global IAM resource types. */
  readonly homeRegion: string;
}

export const CONFIG_ROLE_NAME = 'AWSServiceRoleForConfig';
const CONFIG_PRINCIPAL = 'config.amazonaws.com';
const LIFECYCLE_RULE_ID = 'aws-bootstrap-config-expiry';

/** A name no other account has a reason to take: the account id and region are in it. */
export const configBucketName = (accountId: string, region: string) => `aws-bootstrap-config-${accountId}-${region}`;
export const configRoleArn = (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:role/aws-service-role/${CONFIG_PRINCIPAL}/${CONFIG_ROLE_NAME}`;

const en = {
  title: 'AWS Config has a locked-down bucket to deliver to, and its service-linked role',
  why: 'AWS Config needs somewhere to keep its configuration history and a role to read resources with. One private, encrypted, HTTPS-only bucket that only Config may write to serves every region, so the history cannot be read or tampered with from outside.',
  input: {
    days: 'expected a number of days',
    wholeDays: 'expected a whole number of days',
    atLeastOneDay: 'keep the files at least 1 day',
    atMost: 'at most 36500 days (100 years)',
  },
  ask: 'Keep AWS Config\'s snapshot and history files in S3 for how many days?',
  bucket: {
    contents: 'configuration snapshots and history files',
    allows: (accountId: string) => `only AWS Config, for account ${accountId}, may write AWSLogs/${accountId}/Config/`,
  },
  role: {
    create: (role: string) => `Create the service-linked role ${role} that AWS Config records with`,
    none: 'no such role',
    created: (arn: string, tags: string) => `${arn}: only AWS Config can use it, with AWS's managed policy AWSConfigServiceRolePolicy (reading resource configurations); tagged ${tags} right after it is made (its create call takes no tags)`,
  },
  notes: {
    cost: (days: number) => `Every enabled region's AWS Config delivers to this one bucket. Costs: S3 storage of the files (S3 Standard, about USD 0.023 per GB-month in us-east-1; kept ${days} days); a quiet account's Config files come to a few MB a month.`,
    undoKeeps: 'Undo keeps the bucket: what Config delivered there is evidence. It says how to remove it by hand.',
  },
  undo: {
    deleteRole: (role: string) => `Delete the service-linked role ${role} (made by this run), once no Config recorder uses it`,
    keepBucket: (bucket: string) => `Keep the S3 bucket ${bucket} (made by this run) with what AWS Config delivered`,
    keepBucketByHand: (bucket: string, command: string) => `The S3 bucket ${bucket} holds AWS Config's configuration snapshots and history, which are evidence: undo never deletes it. When you no longer need them, empty and delete it: ${command}`,
  },
  errors: {
    createdRole: (role: string) => `created the role ${role}`,
    notDeleted: (role: string, reason: string | undefined, users: string) => `IAM did not delete the role ${role}: ${reason ?? 'no reason given'}${users ? ` (used in ${users})` : ''}. Delete or change what still uses it, then run undo again`,
    stillDeleting: (role: string, task: string) => `IAM is still deleting the role ${role} (task ${task}); run undo again later to check`,
  },
  drift: {
    role: (role: string) => `the role ${role}`,
    gone: (role: string) => `the role ${role} no longer exists`,
  },
};

const t = texts('config-bucket', en, {
  title: 'AWS Config に配信先の保護された S3 バケットとサービスにリンクされたロールがある',
  why: 'AWS Config には、設定履歴を保存する場所と、リソースを読み取るためのロールが必要です。Config だけが書き込める、非公開で暗号化された HTTPS 専用のバケット 1 つで全リージョンをまかなうので、履歴を外部から読まれたり改ざんされたりすることはありません。',
  input: {
    days: '日数を指定してください',
    wholeDays: '日数は整数で指定してください',
    atLeastOneDay: 'ファイルは 1 日以上保持してください',
    atMost: '最大 36500 日 (100 年) です',
  },
  ask: 'AWS Config の設定スナップショットと設定履歴のファイルを S3 に何日間保持しますか?',
  bucket: {
    contents: '設定スナップショットと設定履歴ファイル',
    allows: (accountId: string) => `AWSLogs/${accountId}/Config/ に書き込めるのはアカウント ${accountId} の AWS Config のみ`,
  },
  role: {
    create: (role: string) => `AWS Config が記録に使うサービスにリンクされたロール ${role} を作成する`,
    none: 'ロールなし',
    created: (arn: string, tags: string) => `${arn}: AWS Config だけが使用でき、AWS 管理ポリシー AWSConfigServiceRolePolicy (リソース設定の読み取り) が付く。作成の直後にタグ ${tags} を付ける (作成の呼び出しではタグを指定できないため)`,
  },
  notes: {
    cost: (days: number) => `有効なすべてのリージョンの AWS Config がこの 1 つのバケットに配信します。料金: ファイルの S3 ストレージ (S3 Standard、us-east-1 で 1 GB・月あたり約 USD 0.023、保持期間 ${days} 日)。操作の少ないアカウントでは、Config のファイルは月に数 MB です。`,
    undoKeeps: 'undo ではバケットを残します。Config が配信したものは証拠になるためです。手動で削除する方法は undo が表示します。',
  },
  undo: {
    deleteRole: (role: string) => `サービスにリンクされたロール ${role} (この実行で作成) を、それを使う Config レコーダーがなくなったら削除する`,
    keepBucket: (bucket: string) => `S3 バケット ${bucket} (この実行で作成) を AWS Config が配信したファイルとともに残す`,
    keepBucketByHand: (bucket: string, command: string) => `S3 バケット ${bucket} には AWS Config の設定スナップショットと設定履歴が保存されています。これらは証拠になるため、undo では削除しません。不要になったら、バケットを空にしてから削除してください: ${command}`,
  },
  errors: {
    createdRole: (role: string) => `ロール ${role} を作成した`,
    notDeleted: (role: string, reason: string | undefined, users: string) => `IAM はロール ${role} を削除しませんでした: ${reason ?? '理由は示されていません'}${users ? ` (使用箇所: ${users})` : ''}。まだ使っているものを削除または変更してから、もう一度 undo を実行してください`,
    stillDeleting: (role: string, task: string) => `IAM はまだロール ${role} を削除しています (タスク ${task})。後でもう一度 undo を実行して確認してください`,
  },
  drift: {
    role: (role: string) => `ロール ${role}`,
    gone: (role: string) => `ロール ${role} はもう存在しない`,
  },
});

// Messages are read when a value is refused (`error` as a function), so they are in the language of that moment.
const retentionDays = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: () => t.input.days }).int({ error: () => t.input.wholeDays }).min(1, { error: () => t.input.atLeastOneDay }).max(36_500, { error: () => t.input.atMost }),
);
const inputSchema = z.object({
  /** How long the bucket keeps Config's snapshots and history files before the lifecycle rule deletes them. */
  retentionDays: retentionDays.default(365),
}).strict();
export type ConfigBucketInputs = z.output<typeof inputSchema>;

export interface ConfigBucketState {
  readonly bucket?: ObservedBucket;
  /** The service-linked role, if the account has it, with its tags (GetRole's). */
  readonly role?: { readonly arn: string; readonly tags: Readonly<Record<string, string>> };
}

export type ConfigBucketPayload = LogBucketPayload | { action: 'create-service-linked-role' };

type Of<A extends ConfigBucketPayload['action']> = Extract<ConfigBucketPayload, { action: A }>;

/** The undo records: the role this run made is deleted; the bucket is kept (a manual record); a bucket setting is put back. */
export type ConfigBucketUndo =
  | { kind: 'delete-service-linked-role'; description: string; change: Of<'create-service-linked-role'> }
  | { kind: 'keep-bucket'; description: string; manual: string; change: Of<'create-bucket'> }
  | { kind: 'restore-bucket-setting'; description: string; change: Of<'bucket-setting'> };

/** Waits between reads of a role IAM says exists but a lagging read does not show yet. */
const LAGGING_READ_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];
/** Waits while IAM deletes the role (a task that runs on its own), about 15 s in all. */
const DELETION_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * AWS's bucket policy for Config delivering with its service-linked role (which cannot write to S3
 * itself, so Config writes as its service principal), each statement guarded by aws:SourceAccount.
 */
export function configBucketStatements(partition: string, bucket: string, accountId: string): PolicyStatement[] {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const config = { Service: CONFIG_PRINCIPAL };
  const thisAccount = { 'aws:SourceAccount': accountId };
  return [
    { Sid: 'AWSConfigBucketPermissionsCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: thisAccount } },
    { Sid: 'AWSConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringEquals: thisAccount } },
    {
      Sid: 'AWSConfigBucketDelivery', Effect: 'Allow', Principal: config, Action: 's3:PutObject', Resource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...thisAccount } },
    },
  ];
}

function specFor(inputs: ConfigBucketInputs, ctx: PlanContext): LogBucketSpec {
  const name = configBucketName(ctx.accountId, ctx.region);
  return {
    name,
    writer: 'AWS Config',
    contents: t.bucket.contents,
    statements: configBucketStatements(ctx.partition, name, ctx.accountId),
    allows: t.bucket.allows(ctx.accountId),
    lifecycleRuleId: LIFECYCLE_RULE_ID,
    retentionDays: inputs.retentionDays,
  };
}

// ---- the service-linked role ------------------------------------------------------------------

async function readRole(ctx: StepContext): Promise<ConfigBucketState['role']> {
  const { client, sdk } = await ctx.aws.use('iam');
  try {
    const { Role } = await client.send(new sdk.GetRoleCommand({ RoleName: CONFIG_ROLE_NAME }));
    return Role?.Arn ? { arn: Role.Arn, tags: tagMap(Role.Tags) } : undefined;
  } catch (error) {
    if (isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) return undefined;
    throw error;
  }
}

/**
 * CreateServiceLinkedRole through createOnce (a second create is refused: "has been taken"). IAM
 * reads are eventually consistent: after a lost answer the read may not show the role yet, so a
 * create sent again that is refused as taken reads again with growing waits before giving up.
 */
async function createServiceLinkedRole(ctx: StepContext): Promise<void> {
  const { client, sdk } = await ctx.aws.use('iam');
  let answerLost = false;
  const exists = async () => ((await readRole(ctx)) ? true : undefined);
  await createOnce({
    create: async () => {
      try {
        await client.send(withoutBlindRetry(new sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: CONFIG_PRINCIPAL })));
        return true;
      } catch (error) {
        const taken = isErrorCode(error, 'InvalidInputException', 'InvalidInput') && /has been taken/.test(String((error as Error).message));
        if (!answerLost || !taken) throw error;
        for (const delay of LAGGING_READ_DELAYS_MS) {
          await sleep(delay);
          if (await exists()) return true;
        }
        throw error;
      }
    },
    find: () => {
      answerLost = true;
      return exists();
    },
  });
  // CreateServiceLinkedRole takes no tags: the role is tagged right after (TagRole takes service-linked roles too).
  try {
    await client.send(new sdk.TagRoleCommand({ RoleName: CONFIG_ROLE_NAME, Tags: bootstrapTagList(ctx.runId) }));
  } catch (error) {
    throw withDoneSoFar(error, [t.errors.createdRole(CONFIG_ROLE_NAME)]);
  }
}

/** DeleteServiceLinkedRole starts a deletion task, which IAM refuses (FAILED) while a Config recorder in any region still uses the role. */
async function deleteServiceLinkedRole(ctx: StepContext): Promise<void> {
  const { client, sdk } = await ctx.aws.use('iam');
  let task: string | undefined;
  await sendDoneOnRetry(new sdk.DeleteServiceLinkedRoleCommand({ RoleName: CONFIG_ROLE_NAME }), async (command) => {
    task = (await client.send(command)).DeletionTaskId;
  }, 'NoSuchEntityException', 'NoSuchEntity');
  // No task: the retry after a lost answer found the role gone, so the first attempt deleted it.
  if (!task) return;
  for (const delay of [0, ...DELETION_DELAYS_MS]) {
    await sleep(delay);
    const { Status, Reason } = await client.send(new sdk.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task }));
    if (Status === 'SUCCEEDED') return;
    if (Status === 'FAILED') {
      const users = (Reason?.RoleUsageList ?? []).map((u) => `${u.Region ?? '?'}: ${(u.Resources ?? []).join(', ')}`).join('; ');
      // Something this run did not record (or someone else made) still records with it: a person decides.
      throw new LeftForAPerson(t.errors.notDeleted(CONFIG_ROLE_NAME, Reason?.Reason, users));
    }
  }
  throw new Error(t.errors.stillDeleting(CONFIG_ROLE_NAME, task));
}

// ---- the step ---------------------------------------------------------------------------------

function planFor(state: ConfigBucketState, inputs: ConfigBucketInputs, ctx: PlanContext): Plan<ConfigBucketPayload> {
  const changes: Change<ConfigBucketPayload>[] = [...logBucketChanges(state.bucket, specFor(inputs, ctx), ctx.partition, ctx.runId)];
  const notes: string[] = [];
  if (!state.role) {
    changes.push({
      summary: t.role.create(CONFIG_ROLE_NAME),
      before: t.role.none,
      after: t.role.created(configRoleArn(ctx.partition, ctx.accountId), tagsText(ctx.runId)),
      payload: { action: 'create-service-linked-role' },
    });
  }
  if (!state.bucket) {
    notes.push(t.notes.cost(inputs.retentionDays));
    notes.push(t.notes.undoKeeps);
  }
  return { changes, notes };
}

export default defineStep<ConfigBucketState, ConfigBucketInputs, ConfigBucketPayload, ConfigBucketUndo>({
  id: 'config-bucket',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: {
    // GetRole: also the role's tags (undo deletes it only if it carries the tag of the run that made it).
    observe: [...LOG_BUCKET_PERMISSIONS.observe, 'iam:GetRole'],
    // GetRole: after a lost answer, to see whether the role was made. TagRole: it is tagged right after.
    apply: [...LOG_BUCKET_PERMISSIONS.apply, 'iam:CreateServiceLinkedRole', 'iam:TagRole', 'iam:GetRole'],
    undo: [...LOG_BUCKET_PERMISSIONS.undo, 'iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'],
    scopes: (c) => [
      logBucketScope(c, configBucketName(c.account, '*')),
      // Before the role exists IAM cannot know its path: GetRole of a role not there yet is checked against the name alone.
      { name: 'ConfigRole', actions: ['iam:GetRole', 'iam:TagRole', 'iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'], resources: [configRoleArn(c.partition, c.account), roleArn(c, CONFIG_ROLE_NAME)] },
      serviceLinkedRole(c, CONFIG_PRINCIPAL),
    ],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given) {
      // Asked only when the bucket will be made; otherwise the default (or the given value) stands.
      if ((state as ConfigBucketState).bucket || given.retentionDays !== undefined) return [];
      const question: Question = {
        path: 'retentionDays', kind: 'text', default: '365', validate: promptValidator(retentionDays), parse: (answer) => Number(answer.trim()),
        message: t.ask,
      };
      return [question];
    },
  },

  async observe(ctx) {
    const [bucket, role] = await Promise.all([readLogBucket(ctx, configBucketName(ctx.accountId, ctx.region)), readRole(ctx)]);
    return { ...(bucket ? { bucket } : {}), ...(role ? { role } : {}) };
  },

  plan: planFor,

  provides(_state, _inputs, ctx): ConfigBucketProvides {
    return { bucketName: configBucketName(ctx.accountId, ctx.region), roleArn: configRoleArn(ctx.partition, ctx.accountId), homeRegion: ctx.region };
  },

  async apply(ctx, change) {
    const p = change.payload;
    if (p.action === 'create-service-linked-role') {
      await createServiceLinkedRole(ctx);
      return { kind: 'delete-service-linked-role', description: t.undo.deleteRole(CONFIG_ROLE_NAME), change: p };
    }
    await applyLogBucketChange(await logBucketApi(ctx, p.bucket), p);
    if (p.action === 'create-bucket') {
      return { kind: 'keep-bucket', description: t.undo.keepBucket(p.bucket), change: p, manual: t.undo.keepBucketByHand(p.bucket, removeBucketByHand(p.bucket, ctx.region)) };
    }
    return { kind: 'restore-bucket-setting', description: restoreSettingDescription(p.setting, p.bucket), change: p };
  },

  async undo(ctx, action) {
    switch (action.kind) {
      case 'delete-service-linked-role':
        return deleteServiceLinkedRole(ctx);
      case 'restore-bucket-setting':
        return undoLogBucketChange(await logBucketApi(ctx, action.change.bucket), action.change);
      case 'keep-bucket':
        // The bucket itself is kept (a manual record): nothing to call.
        return undefined;
    }
  },

  undoDrift(state, action, recorded) {
    if (action.kind === 'delete-service-linked-role') {
      if (!state.role) return t.drift.gone(CONFIG_ROLE_NAME);
      // Deleted only if it carries the tag of the run that recorded making it (an edited log cannot name one another run or person made).
      return recorded && notCreatedByRun(state.role.tags, recorded.runId, t.drift.role(CONFIG_ROLE_NAME));
    }
    return logBucketDrift(state.bucket, action.change, LIFECYCLE_RULE_ID);
  },
});
