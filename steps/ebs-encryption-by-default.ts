/** New EBS volumes are encrypted by default. */
import { z } from 'zod';
import { dryRunProbe } from '../src/aws/dry-run.js';
import { defineStep } from '../src/engine/step.js';

/** Whether the region encrypts new EBS volumes by default. */
export type EbsEncryptionState = { enabled: boolean };

type NoInputs = Record<string, never>;

export default defineStep<EbsEncryptionState, NoInputs, Record<string, never>>({
  id: 'ebs-encryption-by-default',
  title: 'New EBS volumes are encrypted by default',
  why: 'Without it a volume, or a snapshot copied into it, is stored unencrypted unless whoever creates it asks for encryption; with it every new volume in the region is encrypted, with the aws/ebs key unless you choose another.',
  scope: 'region',
  permissions: { observe: ['ec2:GetEbsEncryptionByDefault'], apply: ['ec2:EnableEbsEncryptionByDefault'], undo: ['ec2:DisableEbsEncryptionByDefault'] },
  inputs: { schema: z.object({}).strict() as z.ZodType<NoInputs>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    const out = await client.send(new sdk.GetEbsEncryptionByDefaultCommand({}));
    return { enabled: out.EbsEncryptionByDefault === true };
  },

  plan(state) {
    if (state.enabled) return { changes: [] };
    return {
      changes: [{
        summary: 'Turn on EBS encryption by default',
        before: 'new volumes are unencrypted unless encryption is asked for',
        after: 'every new volume is encrypted',
        payload: {},
      }],
      notes: [
        'Instance types that do not support EBS encryption can no longer be launched in this region afterwards.',
        'Existing volumes and snapshots stay as they are; only volumes created from now on are encrypted.',
      ],
    };
  },

  async apply(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    await client.send(new sdk.EnableEbsEncryptionByDefaultCommand({}));
    return {
      kind: 'disable-ebs-encryption-by-default',
      description: `Turn EBS encryption by default off again in ${ctx.region} (volumes encrypted meanwhile stay encrypted)`,
    };
  },

  async probe(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    return [await dryRunProbe('ec2:EnableEbsEncryptionByDefault', ctx.region, () => client.send(new sdk.EnableEbsEncryptionByDefaultCommand({ DryRun: true })))];
  },

  async undo(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    await client.send(new sdk.DisableEbsEncryptionByDefaultCommand({}));
  },

  undoDrift(state) {
    return state.enabled ? undefined : 'EBS encryption by default was already turned off since this run';
  },
});
