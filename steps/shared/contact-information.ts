/**
 * The account's primary contact (GetContactInformation): root-contact-phone checks its phone and
 * alternate-contacts compares theirs with it, so a run reads it once (`sharedRead`).
 */
import type { ContactInformation } from '@aws-sdk/client-account';
import { sharedRead, type StepContext } from '../../src/core/step.js';

/** The primary contact as AWS answers it (absent: none); read once per run where reads are shared (do not change it). */
export function contactInformation(ctx: StepContext): Promise<ContactInformation | undefined> {
  return sharedRead(ctx, 'account:GetContactInformation', async () => {
    const { client, sdk } = await ctx.aws.use('account');
    return (await client.send(new sdk.GetContactInformationCommand({}))).ContactInformation;
  });
}
