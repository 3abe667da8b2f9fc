/** Who is calling, and the one-paragraph explanation when that cannot even be found out. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AwsClients } from '../aws/clients.js';
import { cleanMessage, errorCode, isCredentialsError } from '../aws/errors.js';
import { callerIdentity, type CallerIdentity } from '../aws/identity.js';
import { SetupError } from '../core/errors.js';
import type { StepContext } from '../core/step.js';

/** The caller's identity; a failure becomes a SetupError that says how to fix it. */
export async function identify(clients: AwsClients, homeRegion: string): Promise<CallerIdentity> {
  try {
    return await callerIdentity(clients, homeRegion);
  } catch (error) {
    throw new SetupError((await explainMissingProfile(error)) ?? explainSetupFailure(error));
  }
}

/** Step contexts for one caller: the same account, partition, mode, run and home region, per region. */
export function contextsFor(
  identity: CallerIdentity,
  clients: AwsClients,
  dryRun: boolean,
  run: { readonly runId?: string; readonly homeRegion: string },
): (region: string) => StepContext {
  return (region) => ({
    accountId: identity.accountId,
    partition: identity.partition,
    region,
    dryRun,
    aws: clients.forRegion(region),
    homeRegion: run.homeRegion,
    ...(run.runId ? { runId: run.runId } : {}),
  });
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
  if (noCredentialsFound(error)) {
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

const noCredentialsFound = (error: unknown) => errorCode(error) === 'CredentialsProviderError' || /Could not load credentials/i.test(cleanMessage(error));

// The SDK's own reader of the shared files (CommonJS: require() skips ESM format detection).
const require = createRequire(import.meta.url);

/** A shared file the SDK reads, where from, and whether it is there. */
interface SharedFile {
  readonly path: string;
  readonly variable: string;
  readonly fromVariable: boolean;
}

/** The config and credentials files, as the SDK finds them (its variable, else ~/.aws/). */
function sharedFiles(): { config: SharedFile; credentials: SharedFile } {
  const { getHomeDir } = require('@smithy/core/config') as typeof import('@smithy/core/config');
  const file = (variable: string, name: string): SharedFile => ({
    path: process.env[variable] || join(getHomeDir(), '.aws', name),
    variable,
    fromVariable: Boolean(process.env[variable]),
  });
  return { config: file('AWS_CONFIG_FILE', 'config'), credentials: file('AWS_SHARED_CREDENTIALS_FILE', 'credentials') };
}

// Sections of the config file that are not profiles (`[sso-session x]`, `[services x]`).
const NOT_A_PROFILE = /^(?:sso-session|services)\./;

/**
 * When no credentials were found and the profile asked for (AWS_PROFILE, which `--profile` also
 * sets) is in neither shared file: which files were read and the profiles they have. Undefined
 * otherwise (the profile is there, or none was named), so the general explanation applies.
 */
export async function explainMissingProfile(error: unknown, profile = process.env.AWS_PROFILE): Promise<string | undefined> {
  if (!profile || !noCredentialsFound(error)) return undefined;
  const { config, credentials } = sharedFiles();
  const { loadSharedConfigFiles } = require('@smithy/core/config') as typeof import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ configFilepath: config.path, filepath: credentials.path, ignoreCache: true });
  const profiles = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])].filter((name) => !NOT_A_PROFILE.test(name));
  if (profiles.includes(profile)) return undefined;
  const read = [config, credentials]
    .map((file) => `${file.path}${file.fromVariable ? ` (from ${file.variable})` : ''}${existsSync(file.path) ? '' : ' (not found)'}`)
    .join(', ');
  const create = `create "${profile}" with \`aws configure --profile ${profile}\` (access keys) or \`aws configure sso\` (IAM Identity Center).`;
  const next = profiles.length
    ? `Profiles there: ${profiles.join(', ')}. Pass one of them with --profile (or AWS_PROFILE), or ${create}`
    : `Neither file has a profile: ${create}`;
  return `The AWS profile "${profile}" is not in the config or credentials file. Read: ${read}. ${next}`;
}
