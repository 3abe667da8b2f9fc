/** The root user has MFA and no access keys (checked only: both are fixed by signing in as root). */
import { z } from 'zod';
import { defineStep } from '../src/core/step.js';

/** From iam:GetAccountSummary: AccountMFAEnabled and AccountAccessKeysPresent. */
export type RootAccountSecurityState = { mfaEnabled: boolean; accessKeysPresent: boolean };

export default defineStep<RootAccountSecurityState, Record<string, never>, never>({
  id: 'root-account-security',
  title: 'The root user has MFA and no access keys',
  why: 'The root user can do anything, including closing the account, and no policy can restrict it: its password alone must not be enough, and it should have no keys that can leak.',
  scope: 'account',
  readOnly: true,
  permissions: { observe: ['iam:GetAccountSummary'], apply: [] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('iam');
    const { SummaryMap: summary = {} } = await client.send(new sdk.GetAccountSummaryCommand({}));
    return { mfaEnabled: summary.AccountMFAEnabled === 1, accessKeysPresent: (summary.AccountAccessKeysPresent ?? 0) > 0 };
  },

  plan(state) {
    const advice: string[] = [];
    if (!state.mfaEnabled) {
      advice.push('Enable MFA on the root user: sign in as root, open "Security credentials" and assign an MFA device (a passkey or security key, ideally two).');
    }
    if (state.accessKeysPresent) {
      advice.push('Delete the root user\'s access keys: sign in as root, open "Security credentials" and delete them (use IAM roles or users for programmatic access).');
    }
    return advice.length ? { changes: [], advice } : { changes: [] };
  },

  apply() {
    return Promise.reject(new Error('root-account-security is a read-only check; only the root user can make these changes'));
  },
});
