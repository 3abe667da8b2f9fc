/** Account-level S3 Block Public Access is fully on. */
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { defineStep } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';

const en = {
  title: 'S3 Block Public Access is on for the whole account',
  why: 'Account-level Block Public Access stops any bucket, now or later, from being made public by an ACL or a bucket policy, whatever its own settings say.',
  change: 'Turn on all four account-level S3 Block Public Access settings',
  notConfigured: 'not configured (buckets can be made public)',
  notes: [
    'Existing public buckets stop being public; a static website served straight from S3 would stop working (use CloudFront with origin access control instead).',
  ],
  undo: {
    restore: 'Restore the previous account-level Block Public Access settings',
    delete: 'Remove the account-level Block Public Access configuration (none existed before)',
  },
  drift: 'the Block Public Access settings were changed since this run',
};

const t = texts('s3-block-public-access', en, {
  title: 'アカウント全体で S3 のブロックパブリックアクセスが有効になっている',
  why: 'アカウントレベルのブロックパブリックアクセスを有効にすると、バケット自体の設定にかかわらず、現在および今後のどのバケットも ACL やバケットポリシーでパブリックにできなくなります。',
  change: 'アカウントレベルの S3 ブロックパブリックアクセスの 4 つの設定をすべて有効にする',
  notConfigured: '未設定 (バケットをパブリックにできる)',
  notes: [
    '既存のパブリックなバケットはパブリックでなくなります。S3 から直接配信している静的ウェブサイトは動かなくなります (代わりにオリジンアクセスコントロール (OAC) を設定した CloudFront を使ってください)。',
  ],
  undo: {
    restore: 'アカウントレベルのブロックパブリックアクセスを以前の設定に戻す',
    delete: 'アカウントレベルのブロックパブリックアクセスの設定を削除する (以前は設定がなかった)',
  },
  drift: 'ブロックパブリックアクセスの設定はこの実行の後に変更されている',
});

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
type Flags = Record<(typeof FLAGS)[number], boolean>;

/** The account's configuration, or null when none was ever set (every flag effectively off). */
export type S3BlockPublicAccessState = { configuration: Flags | null };

const ALL_ON: Flags = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

const isAllOn = (flags: Flags | null) => flags !== null && FLAGS.every((flag) => flags[flag]);

/** Put back the flags there were, or delete the configuration where there was none. */
export type S3BlockPublicAccessUndo =
  | { kind: 'restore-public-access-block'; description: string; previous: Flags }
  | { kind: 'delete-public-access-block'; description: string };

export default defineStep<S3BlockPublicAccessState, Record<string, never>, { previous: Flags | null }, S3BlockPublicAccessUndo>({
  id: 's3-block-public-access',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: { observe: ['s3:GetAccountPublicAccessBlock'], apply: ['s3:PutAccountPublicAccessBlock'], undo: ['s3:PutAccountPublicAccessBlock'] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('s3control');
    try {
      const out = await client.send(new sdk.GetPublicAccessBlockCommand({ AccountId: ctx.accountId }));
      const c = out.PublicAccessBlockConfiguration ?? {};
      return { configuration: Object.fromEntries(FLAGS.map((flag) => [flag, c[flag] === true])) as Flags };
    } catch (error) {
      if (isErrorCode(error, 'NoSuchPublicAccessBlockConfiguration')) return { configuration: null };
      throw error;
    }
  },

  plan(state) {
    if (isAllOn(state.configuration)) return { changes: [] };
    return {
      changes: [{
        summary: t.change,
        before: state.configuration ?? t.notConfigured,
        after: ALL_ON,
        payload: { previous: state.configuration },
      }],
      notes: t.notes,
    };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('s3control');
    const { previous } = change.payload;
    await client.send(new sdk.PutPublicAccessBlockCommand({ AccountId: ctx.accountId, PublicAccessBlockConfiguration: ALL_ON }));
    return previous
      ? { kind: 'restore-public-access-block', description: t.undo.restore, previous }
      : { kind: 'delete-public-access-block', description: t.undo.delete };
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('s3control');
    if (action.kind === 'restore-public-access-block') {
      await client.send(new sdk.PutPublicAccessBlockCommand({ AccountId: ctx.accountId, PublicAccessBlockConfiguration: action.previous }));
    } else {
      await client.send(new sdk.DeletePublicAccessBlockCommand({ AccountId: ctx.accountId }));
    }
  },

  undoDrift(state) {
    return isAllOn(state.configuration) ? undefined : t.drift;
  },
});
