/** Who is calling, and the one-paragraph explanation when that cannot even be found out. */
import type { AwsClients } from '../aws/clients.js';
import { cleanMessage, errorCode, isCredentialsError } from '../aws/errors.js';
import { callerIdentity, type CallerIdentity } from '../aws/identity.js';
import { SetupError } from './errors.js';
import type { StepContext } from './step.js';

/** The caller's identity; a failure becomes a SetupError that says how to fix it. */
export async function identify(clients: AwsClients, homeRegion: string): Promise<CallerIdentity> {
  try {
    return await callerIdentity(clients, homeRegion);
  } catch (error) {
    throw new SetupError(explainSetupFailure(error));
  }
}

/** Step contexts for one caller: the same account, partition and mode, per region. */
export function contextsFor(identity: CallerIdentity, clients: AwsClients, dryRun: boolean): (region: string) => StepContext {
  return (region) => ({ accountId: identity.accountId, partition: identity.partition, region, dryRun, aws: clients.forRegion(region) });
}

export function explainSetupFailure(error: unknown): string {
  const code = errorCode(error);
  const message = cleanMessage(error);
  if (/SSO session|sso.*expired|Token is expired|TokenRefreshRequired/i.test(`${code} ${message}`)) {
    return `Your AWS SSO session has expired (${message}). Sign in again with \`aws sso login${profileHint()}\` and run aws-bootstrap again.`;
  }
  if (/ExpiredToken|RequestExpired/.test(code)) {
    return `Your AWS credentials have expired (${code}). Get fresh ones (for example \`aws sso login\`, or new temporary keys) and run again.`;
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return `No AWS credentials were found. Give a profile with --profile (or AWS_PROFILE), sign in with \`aws sso login\`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. To try the tool without an AWS account, run it with --demo.`;
  }
  if (isCredentialsError(error)) {
    return `AWS rejected the credentials (${code}: ${message}). Check that the profile or keys belong to this account and are still active, then run again.`;
  }
  return `Could not identify the caller with sts:GetCallerIdentity (${code}: ${message}). Check your network, region (--region) and credentials, then run again.`;
}

function profileHint(): string {
  const profile = process.env.AWS_PROFILE;
  return profile ? ` --profile ${profile}` : '';
}
