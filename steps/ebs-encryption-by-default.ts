/** New EBS volumes are encrypted by default. */
import { z } from 'zod';
import { dryRunProbe } from '../src/aws/dry-run.js';
import { defineStep } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';

const en = {
  title: 'New EBS volumes are encrypted by default',
  why: 'Without it a volume, or a snapshot copied into it, is stored unencrypted unless whoever creates it asks for encryption; with it every new volume in the region is encrypted, with the aws/ebs key unless you choose another.',
  change: 'Turn on EBS encryption by default',
  before: 'new volumes are unencrypted unless encryption is asked for',
  after: 'every new volume is encrypted',
  notes: [
    'Instance types that do not support EBS encryption can no longer be launched in this region afterwards.',
    'Existing volumes and snapshots stay as they are; only volumes created from now on are encrypted.',
  ],
  undo: (region: string) => `Turn EBS encryption by default off again in ${region} (volumes encrypted meanwhile stay encrypted)`,
  drift: 'EBS encryption by default was already turned off since this run',
};

const t = texts('ebs-encryption-by-default', en, {
  title: '新しい EBS ボリュームがデフォルトで暗号化される',
  why: 'これがないと、作成者が暗号化を指定しない限りボリューム (またはそこにコピーしたスナップショット) は暗号化されずに保存されます。有効にすると、このリージョンの新しいボリュームはすべて暗号化されます (別のキーを選ばない限り aws/ebs キーを使います)。',
  change: 'EBS のデフォルト暗号化を有効にする',
  before: '暗号化を指定しない限り新しいボリュームは暗号化されない',
  after: '新しいボリュームはすべて暗号化される',
  notes: [
    '有効にした後は、EBS 暗号化に対応していないインスタンスタイプはこのリージョンで起動できなくなります。',
    '既存のボリュームとスナップショットはそのままです。暗号化されるのは今後作成するボリュームだけです。',
  ],
  undo: (region: string) => `${region} の EBS のデフォルト暗号化を再び無効にする (その間に暗号化されたボリュームは暗号化されたまま)`,
  drift: 'EBS のデフォルト暗号化はこの実行の後にすでに無効にされている',
});

/** Whether the region encrypts new EBS volumes by default. */
export type EbsEncryptionState = { enabled: boolean };

type NoInputs = Record<string, never>;

/** The one undo record this step writes. */
type EbsEncryptionUndo = { kind: 'disable-ebs-encryption-by-default'; description: string };

export default defineStep<EbsEncryptionState, NoInputs, Record<string, never>, EbsEncryptionUndo>({
  id: 'ebs-encryption-by-default',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
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
        summary: t.change,
        before: t.before,
        after: t.after,
        payload: {},
      }],
      notes: t.notes,
    };
  },

  async apply(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    await client.send(new sdk.EnableEbsEncryptionByDefaultCommand({}));
    return {
      kind: 'disable-ebs-encryption-by-default',
      description: t.undo(ctx.region),
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
    return state.enabled ? undefined : t.drift;
  },
});
