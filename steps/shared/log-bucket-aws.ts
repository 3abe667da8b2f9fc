/**
 * Reads and writes of a log bucket (see `log-bucket.ts`). CreateBucket goes through `createOnce`,
 * so a lost answer never makes a step take someone else's bucket for its own; the settings are
 * puts, which are idempotent and left to the SDK's retries.
 */
import { createOnce, withoutBlindRetry } from '../../src/aws/create-once.js';
import { orNone, withDoneSoFar } from '../../src/aws/errors.js';
import type { StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { bootstrapTagList } from '../../src/core/tags.js';
import { accountBuckets } from './buckets.js';
import { ALL_BLOCKED, SSE_S3, type BucketSetting, type LifecycleRule, type LogBucketPayload, type ObservedBucket, type PublicAccessBlock } from './log-bucket.js';
import type { Scope, ScopeContext } from '../../src/core/permission-scopes.js';

/** What was done before a failure, for the error message ("already done before the failure: …"). */
const t = texts('log-bucket-aws', {
  created: (bucket: string) => `created the bucket ${bucket}`,
  publicAccessBlock: 'turned on its Block Public Access',
  encryption: 'set SSE-S3 default encryption',
  policy: 'put its policy',
}, {
  created: (bucket: string) => `バケット ${bucket} を作成した`,
  publicAccessBlock: 'ブロックパブリックアクセスを有効にした',
  encryption: 'デフォルトの暗号化を SSE-S3 に設定した',
  policy: 'バケットポリシーを設定した',
});

/** The S3 actions these calls need, by phase, for a step's declared permissions. */
export const LOG_BUCKET_PERMISSIONS = {
  observe: ['s3:ListAllMyBuckets', 's3:GetBucketPublicAccessBlock', 's3:GetBucketOwnershipControls', 's3:GetEncryptionConfiguration', 's3:GetBucketPolicy', 's3:GetLifecycleConfiguration'],
  // ListAllMyBuckets: after a lost answer, to see whether the bucket was made.
  // TagResource: CreateBucket with tags needs it as well.
  apply: ['s3:CreateBucket', 's3:TagResource', 's3:ListAllMyBuckets', 's3:PutBucketPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutEncryptionConfiguration', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration'],
  undo: ['s3:PutBucketPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutEncryptionConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration'],
} as const;

/** The S3 actions on a log bucket (ListAllMyBuckets takes no resource), for the least-privilege policy. */
const LOG_BUCKET_ACTIONS = [...new Set([...LOG_BUCKET_PERMISSIONS.observe, ...LOG_BUCKET_PERMISSIONS.apply, ...LOG_BUCKET_PERMISSIONS.undo])].filter((a) => a !== 's3:ListAllMyBuckets');

/** Where those actions may act: the buckets of this name pattern; one statement for every step with a log bucket. */
export const logBucketScope = (c: ScopeContext, bucketName: string): Scope => ({ name: 'LogBuckets', shared: 'log-buckets', actions: LOG_BUCKET_ACTIONS, resources: [`arn:${c.partition}:s3:::${bucketName}`] });


/** The bucket and its settings, or undefined when this account has no bucket of that name. */
export async function readLogBucket(ctx: StepContext, name: string): Promise<ObservedBucket | undefined> {
  const { client, sdk } = await ctx.aws.use('s3');
  // The account's bucket list, read once per run for every step that looks for its bucket.
  if (!(await accountBuckets(ctx)).some((b) => b.name === name)) return undefined;
  const Bucket = name;
  const [publicAccessBlock, ownership, encryption, policy, lifecycle] = await Promise.all([
    orNone(async () => (await client.send(new sdk.GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration, 'NoSuchPublicAccessBlockConfiguration'),
    orNone(async () => (await client.send(new sdk.GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'OwnershipControlsNotFoundError'),
    orNone(async () => (await client.send(new sdk.GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules, 'ServerSideEncryptionConfigurationNotFoundError'),
    orNone(async () => (await client.send(new sdk.GetBucketPolicyCommand({ Bucket }))).Policy, 'NoSuchBucketPolicy'),
    orNone(async () => (await client.send(new sdk.GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules, 'NoSuchLifecycleConfiguration'),
  ]);
  return {
    name,
    ...(publicAccessBlock ? { publicAccessBlock: publicAccessBlock as PublicAccessBlock } : {}),
    ...(ownership ? { ownership } : {}),
    encryption: encryption ?? [],
    ...(policy ? { policy } : {}),
    ...(lifecycle ? { lifecycle: lifecycle as LifecycleRule[] } : {}),
  };
}

export type LogBucketApi = Awaited<ReturnType<typeof logBucketApi>>;

export async function logBucketApi(ctx: StepContext, Bucket: string) {
  const { client, sdk } = await ctx.aws.use('s3');
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;

  /** Puts one setting, or takes it off where `value` is undefined (undo of a setting that was not there). */
  const setting: Record<BucketSetting, (value: never) => Promise<unknown>> = {
    publicAccessBlock: (value: PublicAccessBlock | undefined) => send(value
      ? new sdk.PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: value })
      : new sdk.DeletePublicAccessBlockCommand({ Bucket })),
    ownership: (value: string | undefined) => send(value
      ? new sdk.PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: value as 'BucketOwnerEnforced' }] } })
      : new sdk.DeleteBucketOwnershipControlsCommand({ Bucket })),
    encryption: (value: unknown[] | undefined) => send(value?.length
      ? new sdk.PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration: { Rules: value as never } })
      : new sdk.DeleteBucketEncryptionCommand({ Bucket })),
    policy: (value: string | undefined) => send(value ? new sdk.PutBucketPolicyCommand({ Bucket, Policy: value }) : new sdk.DeleteBucketPolicyCommand({ Bucket })),
    lifecycle: (value: LifecycleRule[] | undefined) => send(value?.length
      ? new sdk.PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: value as never } })
      : new sdk.DeleteBucketLifecycleCommand({ Bucket })),
  };

  return {
    setting,

    /** CreateBucket (ACLs disabled), then Block Public Access, SSE-S3, the policy and the lifecycle rule. */
    async createBucket(policy: string, lifecycle: LifecycleRule[]): Promise<void> {
      await createOnce({
        create: async () => {
          await client.send(withoutBlindRetry(new sdk.CreateBucketCommand({
            Bucket,
            ObjectOwnership: 'BucketOwnerEnforced',
            CreateBucketConfiguration: {
              // us-east-1 takes no location constraint; every other region must be named.
              ...(ctx.region === 'us-east-1' ? {} : { LocationConstraint: ctx.region as never }),
              // Tagged in the create call itself (CreateBucketConfiguration.Tags, in this SDK): never untagged.
              Tags: bootstrapTagList(ctx.runId),
            },
          })));
          return true;
        },
        // A bucket name is the bucket (names are global): if ours is there now, our lost request made it.
        find: async () => ((await client.send(new sdk.ListBucketsCommand({ Prefix: Bucket }))).Buckets?.some((b) => b.Name === Bucket) ? true : undefined),
      });
      const done = [t.created(Bucket)];
      try {
        await setting.publicAccessBlock(ALL_BLOCKED as never);
        done.push(t.publicAccessBlock);
        await setting.encryption(SSE_S3 as never);
        done.push(t.encryption);
        await setting.policy(policy as never);
        done.push(t.policy);
        await setting.lifecycle(lifecycle as never);
      } catch (error) {
        throw withDoneSoFar(error, done);
      }
    },
  };
}

/** Makes one bucket change. */
export async function applyLogBucketChange(api: LogBucketApi, payload: LogBucketPayload): Promise<void> {
  if (payload.action === 'create-bucket') await api.createBucket(payload.policy, payload.lifecycle);
  else await api.setting[payload.setting](payload.value as never);
}

/** Puts a setting back as it was; a created bucket is kept (the caller records that by hand). */
export async function undoLogBucketChange(api: LogBucketApi, payload: LogBucketPayload): Promise<void> {
  if (payload.action === 'bucket-setting') await api.setting[payload.setting](payload.previous as never);
}
