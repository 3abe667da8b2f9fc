/** Who is calling: account id, caller ARN, partition, and whether it is the root user. */
import type { AwsClients } from './clients.js';

export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  readonly partition: string;
  /** Root credentials: the checklist's point is to stop using them. */
  readonly isRoot: boolean;
}

export async function callerIdentity(clients: AwsClients, homeRegion: string): Promise<CallerIdentity> {
  const { client, sdk } = await clients.get('sts', homeRegion);
  const out = await client.send(new sdk.GetCallerIdentityCommand({}));
  const arn = out.Arn ?? '';
  return {
    accountId: out.Account ?? '',
    arn,
    partition: arn.split(':')[1] || 'aws',
    isRoot: /^arn:[^:]+:iam::\d{12}:root$/.test(arn),
  };
}
