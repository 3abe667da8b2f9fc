/** Account-level S3 Block Public Access is fully on. */
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { defineStep, type UndoAction } from '../src/core/step.js';

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
type Flags = Record<(typeof FLAGS)[number], boolean>;

/** The account's configuration, or null when none was ever set (every flag effectively off). */
export type S3BlockPublicAccessState = { configuration: Flags | null };

const ALL_ON: Flags = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

const isAllOn = (flags: Flags | null) => flags !== null && FLAGS.every((flag) => flags[flag]);

export default defineStep<S3BlockPublicAccessState, Record<string, never>, { previous: Flags | null }>({
  id: 's3-block-public-access',
  title: 'S3 Block Public Access is on for the whole account',
  why: 'Account-level Block Public Access stops any bucket, now or later, from being made public by an ACL or a bucket policy, whatever its own settings say.',
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
        summary: 'Turn on all four account-level S3 Block Public Access settings',
        before: state.configuration ?? 'not configured (buckets can be made public)',
        after: ALL_ON,
        payload: { previous: state.configuration },
      }],
      notes: ['Existing public buckets stop being public; a static website served straight from S3 would stop working (use CloudFront with origin access control instead).'],
    };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('s3control');
    const { previous } = change.payload;
    await client.send(new sdk.PutPublicAccessBlockCommand({ AccountId: ctx.accountId, PublicAccessBlockConfiguration: ALL_ON }));
    return previous
      ? { kind: 'restore-public-access-block', description: 'Restore the previous account-level Block Public Access settings', previous }
      : { kind: 'delete-public-access-block', description: 'Remove the account-level Block Public Access configuration (none existed before)' };
  },

  async undo(ctx, action: UndoAction) {
    const { client, sdk } = await ctx.aws.use('s3control');
    if (action.kind === 'restore-public-access-block') {
      await client.send(new sdk.PutPublicAccessBlockCommand({ AccountId: ctx.accountId, PublicAccessBlockConfiguration: action.previous as Flags }));
    } else {
      await client.send(new sdk.DeletePublicAccessBlockCommand({ AccountId: ctx.accountId }));
    }
  },

  undoDrift(state) {
    return isAllOn(state.configuration) ? undefined : 'the Block Public Access settings were changed since this run';
  },
});
