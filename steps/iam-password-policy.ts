/** The IAM password policy asks for long passwords with every character class, and no reuse. */
import { z } from 'zod';
import type { PasswordPolicy as SdkPasswordPolicy, UpdateAccountPasswordPolicyRequest } from '@aws-sdk/client-iam';
import { isErrorCode } from '../src/aws/errors.js';
import { defineStep } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';

/** The policy as IAM stores it; absent numbers mean "off" (no expiry, no reuse check). */
export interface PasswordPolicy {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days a password is valid; undefined = passwords never expire. */
  maxPasswordAge?: number;
  /** How many previous passwords cannot be reused; undefined = reuse allowed. */
  passwordReusePrevention?: number;
  hardExpiry: boolean;
}
type Field = keyof PasswordPolicy;
const FIELDS: readonly Field[] = [
  'minimumPasswordLength', 'requireSymbols', 'requireNumbers', 'requireUppercaseCharacters', 'requireLowercaseCharacters',
  'allowUsersToChangePassword', 'maxPasswordAge', 'passwordReusePrevention', 'hardExpiry',
];

/** CIS AWS Foundations Benchmark values; fields CIS says nothing about keep IAM's defaults. */
export const CIS_POLICY: PasswordPolicy = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  passwordReusePrevention: 24,
  hardExpiry: false,
};

/** The checklist's floor: at least 12 characters with all four character classes. */
const CHECKLIST_MIN_LENGTH = 12;
const CHARACTER_CLASSES = ['requireSymbols', 'requireNumbers', 'requireUppercaseCharacters', 'requireLowercaseCharacters'] as const;

const en = {
  title: 'The IAM password policy requires strong passwords',
  why: 'Without a password policy IAM accepts short passwords from a limited mix of characters, which are easy to guess or crack, and lets users reuse old ones.',
  lengthRange: 'IAM accepts 6 to 128',
  maxAgeRange: "expected a whole number of days from 1 to 1095 (IAM's range); leave it out for passwords that never expire",
  reuseRange: 'IAM accepts 1 to 24',
  belowChecklist: (given: number, minimum: number) =>
    `${given} is below the checklist's minimum of ${minimum} characters; use ${minimum} or more (CIS asks for 14), or set allowWeakerThanChecklist: true to accept a weaker policy`,
  allClasses: 'the checklist requires all four character classes; remove this line or set it to true, or set allowWeakerThanChecklist: true to accept a weaker policy',
  /** Why the default policy sets no expiry: shown in the preview whenever the planned policy has none. */
  noExpiry:
    'Passwords do not expire: current NIST (SP 800-63B) and CIS advice, as forced periodic changes lead to weaker, predictable passwords; set maxPasswordAge (1–1095 days) if an auditor requires an expiry.',
  neverExpire: 'never expire',
  off: 'off',
  kept: (fields: readonly string[]) => `Kept the current, stricter setting for ${fields.join(', ')} (set it in the config to change it).`,
  noPolicy: "no password policy (IAM's defaults apply)",
  update: (fields: readonly string[]) => `Update the IAM password policy (${fields.join(', ')})`,
  set: 'Set an IAM password policy',
  whenApplied: 'Most settings apply when a password is next set or changed; an expiry period, if set, applies to existing passwords at once.',
  undoRestore: 'Restore the previous IAM password policy',
  undoDelete: 'Remove the IAM password policy (none was set before)',
  driftRemoved: 'the password policy was removed since this run',
  driftChanged: 'the password policy was changed since this run',
};

const t = texts('iam-password-policy', en, {
  title: 'IAM のパスワードポリシーで強力なパスワードが必須になっている',
  why: 'パスワードポリシーがないと、IAM は限られた種類の文字からなる短いパスワードを受け付けます。そうしたパスワードは推測や解読が容易で、ユーザーは古いパスワードを再利用することもできます。',
  lengthRange: 'IAM が受け付けるのは 6 から 128 までです',
  maxAgeRange: '1 から 1095 までの整数の日数を指定してください (IAM の範囲)。パスワードを失効させない場合は指定しないでください',
  reuseRange: 'IAM が受け付けるのは 1 から 24 までです',
  belowChecklist: (given, minimum) =>
    `${given} はチェックリストの最小値 ${minimum} 文字を下回っています。${minimum} 以上を指定するか (CIS は 14 を求めています)、弱いポリシーを受け入れる場合は allowWeakerThanChecklist: true を指定してください`,
  allClasses: 'チェックリストでは 4 種類の文字 (記号、数字、大文字、小文字) がすべて必要です。この行を削除するか true にしてください。弱いポリシーを受け入れる場合は allowWeakerThanChecklist: true を指定してください',
  noExpiry:
    'パスワードは失効しません。これは現在の NIST (SP 800-63B) と CIS の推奨です。定期的な変更を強制すると、弱く推測しやすいパスワードにつながるためです。監査でパスワードの有効期限が求められる場合は、maxPasswordAge (1～1095 日) を指定してください。',
  neverExpire: '失効しない',
  off: 'オフ',
  kept: (fields) => `${fields.join('、')} は、現在のより厳しい設定を維持します (変更するには設定ファイルで指定してください)。`,
  noPolicy: 'パスワードポリシーなし (IAM のデフォルトが適用される)',
  update: (fields) => `IAM のパスワードポリシーを更新する (${fields.join('、')})`,
  set: 'IAM のパスワードポリシーを設定する',
  whenApplied: 'ほとんどの設定は、次にパスワードが設定または変更されたときに適用されます。パスワードの有効期限を設定した場合は、既存のパスワードにもすぐに適用されます。',
  undoRestore: 'IAM のパスワードポリシーを以前のものに戻す',
  undoDelete: 'IAM のパスワードポリシーを削除する (以前は未設定)',
  driftRemoved: 'パスワードポリシーがこの実行の後に削除されている',
  driftChanged: 'パスワードポリシーがこの実行の後に変更されている',
});

/** Why the default policy sets no expiry: shown in the preview whenever the planned policy has none (in the current language). */
export const noExpiryNote = () => t.noExpiry;

const maxAgeRange = { error: () => t.maxAgeRange };

// Ranges from the UpdateAccountPasswordPolicy reference.
const inputSchema = z
  .object({
    minimumPasswordLength: z.number().int().min(6, { error: () => t.lengthRange }).max(128, { error: () => t.lengthRange }).optional(),
    requireSymbols: z.boolean().optional(),
    requireNumbers: z.boolean().optional(),
    requireUppercaseCharacters: z.boolean().optional(),
    requireLowercaseCharacters: z.boolean().optional(),
    allowUsersToChangePassword: z.boolean().optional(),
    /** Days; leave out for passwords that never expire (current NIST and CIS advice). */
    maxPasswordAge: z.number(maxAgeRange).int(maxAgeRange).min(1, maxAgeRange).max(1095, maxAgeRange).optional(),
    passwordReusePrevention: z.number().int().min(1, { error: () => t.reuseRange }).max(24, { error: () => t.reuseRange }).optional(),
    hardExpiry: z.boolean().optional(),
    /** Accept a policy below the checklist's minimum (length 12, all four character classes). */
    allowWeakerThanChecklist: z.boolean().default(false),
  })
  .strict()
  .superRefine((given, ctx) => {
    if (given.allowWeakerThanChecklist) return;
    if (given.minimumPasswordLength !== undefined && given.minimumPasswordLength < CHECKLIST_MIN_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['minimumPasswordLength'],
        message: t.belowChecklist(given.minimumPasswordLength, CHECKLIST_MIN_LENGTH),
      });
    }
    for (const field of CHARACTER_CLASSES) {
      if (given[field] === false) {
        ctx.addIssue({ code: 'custom', path: [field], message: t.allClasses });
      }
    }
  });
export type IamPasswordPolicyInputs = z.output<typeof inputSchema>;

/** The current policy, or null when none was ever set (IAM's built-in defaults apply). */
export type IamPasswordPolicyState = { policy: PasswordPolicy | null };

export type IamPasswordPolicyPayload = { policy: PasswordPolicy; previous: PasswordPolicy | null };

/** The undo records this step writes: put a replaced policy back, or remove one that was not set. */
export type IamPasswordPolicyUndo =
  | { kind: 'restore-password-policy'; description: string; previous: PasswordPolicy; applied: PasswordPolicy }
  | { kind: 'delete-password-policy'; description: string; applied: PasswordPolicy };

function fromSdk(p: SdkPasswordPolicy): PasswordPolicy {
  return {
    minimumPasswordLength: p.MinimumPasswordLength ?? 6,
    requireSymbols: p.RequireSymbols === true,
    requireNumbers: p.RequireNumbers === true,
    requireUppercaseCharacters: p.RequireUppercaseCharacters === true,
    requireLowercaseCharacters: p.RequireLowercaseCharacters === true,
    allowUsersToChangePassword: p.AllowUsersToChangePassword === true,
    // 0 and absent both mean "off".
    ...(p.MaxPasswordAge ? { maxPasswordAge: p.MaxPasswordAge } : {}),
    ...(p.PasswordReusePrevention ? { passwordReusePrevention: p.PasswordReusePrevention } : {}),
    hardExpiry: p.HardExpiry === true,
  };
}

/** Update replaces the whole policy: every field goes out. "Off" numbers are left out, as IAM wants. */
function toRequest(p: PasswordPolicy): UpdateAccountPasswordPolicyRequest {
  return {
    MinimumPasswordLength: p.minimumPasswordLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercaseCharacters,
    RequireLowercaseCharacters: p.requireLowercaseCharacters,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    ...(p.maxPasswordAge !== undefined ? { MaxPasswordAge: p.maxPasswordAge } : {}),
    ...(p.passwordReusePrevention !== undefined ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
    HardExpiry: p.hardExpiry,
  };
}

/**
 * The policy to have: what the config says; for fields it leaves out, the CIS value, unless the
 * current policy is already stricter there (a run never silently weakens a setting).
 */
export function desiredPolicy(inputs: IamPasswordPolicyInputs, current: PasswordPolicy | null): { policy: PasswordPolicy; kept: Field[] } {
  const policy: PasswordPolicy = { ...CIS_POLICY };
  const kept: Field[] = [];
  const keep = <K extends Field>(field: K, value: PasswordPolicy[K]) => {
    policy[field] = value;
    kept.push(field);
  };
  for (const field of FIELDS) {
    const given = inputs[field];
    if (given !== undefined) {
      (policy as unknown as Record<Field, unknown>)[field] = given;
      continue;
    }
    if (!current) continue;
    const now = current[field];
    switch (field) {
      case 'minimumPasswordLength':
      case 'passwordReusePrevention':
        if (typeof now === 'number' && now > ((policy[field] as number | undefined) ?? 0)) keep(field, now);
        break;
      case 'maxPasswordAge':
      case 'hardExpiry':
        // Expiry is not a CIS requirement, but an existing one is someone's decision: keep it.
        if (now !== undefined && now !== false) keep(field, now);
        break;
      default:
        if (now === true && policy[field] === false) keep(field, now);
    }
  }
  return { policy, kept };
}

const show = (field: Field, value: PasswordPolicy[Field]) =>
  value === undefined ? (field === 'maxPasswordAge' ? t.neverExpire : t.off) : value;

/** Only the fields that differ, by config key, so the preview reads as a diff. */
function differences(current: PasswordPolicy, wanted: PasswordPolicy) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (current[field] === wanted[field]) continue;
    before[field] = show(field, current[field]);
    after[field] = show(field, wanted[field]);
  }
  return { before, after };
}

const samePolicy = (a: PasswordPolicy, b: PasswordPolicy) => FIELDS.every((field) => a[field] === b[field]);

const readable = (p: PasswordPolicy) => Object.fromEntries(FIELDS.map((field) => [field, show(field, p[field])]));

export default defineStep<IamPasswordPolicyState, IamPasswordPolicyInputs, IamPasswordPolicyPayload, IamPasswordPolicyUndo>({
  id: 'iam-password-policy',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: { observe: ['iam:GetAccountPasswordPolicy'], apply: ['iam:UpdateAccountPasswordPolicy'], undo: ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'] },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('iam');
    try {
      const out = await client.send(new sdk.GetAccountPasswordPolicyCommand({}));
      return { policy: out.PasswordPolicy ? fromSdk(out.PasswordPolicy) : null };
    } catch (error) {
      if (isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) return { policy: null };
      throw error;
    }
  },

  plan(state, inputs) {
    const { policy, kept } = desiredPolicy(inputs, state.policy);
    const notes = kept.length ? [t.kept(kept)] : [];
    if (state.policy && samePolicy(state.policy, policy)) return { changes: [], notes };
    const diff = state.policy ? differences(state.policy, policy) : { before: t.noPolicy, after: readable(policy) };
    return {
      changes: [{
        summary: state.policy ? t.update(Object.keys(diff.after)) : t.set,
        before: diff.before,
        after: diff.after,
        payload: { policy, previous: state.policy },
      }],
      notes: [
        ...notes,
        ...(policy.maxPasswordAge === undefined ? [t.noExpiry] : []),
        t.whenApplied,
      ],
    };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('iam');
    const { policy, previous } = change.payload;
    await client.send(new sdk.UpdateAccountPasswordPolicyCommand(toRequest(policy)));
    return previous
      ? { kind: 'restore-password-policy', description: t.undoRestore, previous, applied: policy }
      : { kind: 'delete-password-policy', description: t.undoDelete, applied: policy };
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('iam');
    if (action.kind === 'restore-password-policy') {
      await client.send(new sdk.UpdateAccountPasswordPolicyCommand(toRequest(action.previous)));
    } else {
      try {
        await client.send(new sdk.DeleteAccountPasswordPolicyCommand({}));
      } catch (error) {
        // Already gone: a retry after a lost answer to a delete that did happen gets this.
        if (!isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
      }
    }
  },

  undoDrift(state, action) {
    if (!state.policy) return t.driftRemoved;
    return samePolicy(state.policy, action.applied) ? undefined : t.driftChanged;
  },
});
