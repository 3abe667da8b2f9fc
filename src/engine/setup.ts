/** Who is calling, and the one-paragraph explanation when that cannot even be found out. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AwsClients } from '../aws/clients.js';
import { cleanMessage, errorCode, isCredentialsError } from '../aws/errors.js';
import { callerIdentity, type CallerIdentity } from '../aws/identity.js';
import { SetupError } from '../core/errors.js';
import type { OrganizationContext, StepContext } from '../core/step.js';
import { texts } from '../i18n/index.js';

const en = {
  ssoExpired: (message: string, profileHint: string) => `Your AWS SSO session has expired (${message}). Sign in again with \`aws sso login${profileHint}\` and run aws-bootstrap again.`,
  expired: (code: string) => `Your AWS credentials have expired (${code}). Get fresh ones (for example \`aws sso login\`, or new temporary keys) and run again.`,
  noCredentials:
    'No AWS credentials were found. Give a profile with --profile (or AWS_PROFILE), sign in with `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. To try the tool without an AWS account, run it with --demo.',
  rejected: (code: string, message: string) => `AWS rejected the credentials (${code}: ${message}). Check that the profile or keys belong to this account and are still active, then run again.`,
  unidentified: (code: string, message: string) => `Could not identify the caller with sts:GetCallerIdentity (${code}: ${message}). Check your network, region (--region) and credentials, then run again.`,
  /** A shared file as read: its path, where the path came from, and whether it exists. */
  file: (path: string, variable: string | undefined, exists: boolean) => `${path}${variable ? ` (from ${variable})` : ''}${exists ? '' : ' (not found)'}`,
  create: (profile: string) => `create "${profile}" with \`aws configure --profile ${profile}\` (access keys) or \`aws configure sso\` (IAM Identity Center).`,
  pickOne: (profiles: readonly string[], create: string) => `Profiles there: ${profiles.join(', ')}. Pass one of them with --profile (or AWS_PROFILE), or ${create}`,
  noProfiles: (create: string) => `Neither file has a profile: ${create}`,
  missingProfile: (profile: string, read: readonly string[], next: string) => `The AWS profile "${profile}" is not in the config or credentials file. Read: ${read.join(', ')}. ${next}`,
  unreachable: (account: string) => `account ${account} of the organization cannot be reached (its role could not be assumed)`,
};

const t = texts('engine.setup', en, {
  ssoExpired: (message: string, profileHint: string) => `AWS SSO のセッションの有効期限が切れています (${message})。\`aws sso login${profileHint}\` でもう一度サインインしてから、aws-bootstrap をもう一度実行してください。`,
  expired: (code: string) => `AWS の認証情報の有効期限が切れています (${code})。新しい認証情報を取得して (たとえば \`aws sso login\` や新しい一時的なキー) から、もう一度実行してください。`,
  noCredentials:
    'AWS の認証情報が見つかりませんでした。--profile (または AWS_PROFILE) でプロファイルを指定するか、`aws sso login` でサインインするか、AWS_ACCESS_KEY_ID と AWS_SECRET_ACCESS_KEY を設定してください。AWS アカウントなしで試すには、--demo を付けて実行してください。',
  rejected: (code: string, message: string) => `AWS が認証情報を拒否しました (${code}: ${message})。プロファイルまたはキーがこのアカウントのもので、まだ有効であることを確認してから、もう一度実行してください。`,
  unidentified: (code: string, message: string) => `sts:GetCallerIdentity で呼び出し元を特定できませんでした (${code}: ${message})。ネットワーク、リージョン (--region)、認証情報を確認してから、もう一度実行してください。`,
  file: (path: string, variable: string | undefined, exists: boolean) => `${path}${variable ? ` (${variable} による指定)` : ''}${exists ? '' : ' (見つかりません)'}`,
  create: (profile: string) => `\`aws configure --profile ${profile}\` (アクセスキー) または \`aws configure sso\` (IAM Identity Center) で「${profile}」を作成してください。`,
  pickOne: (profiles: readonly string[], create: string) => `これらのファイルにあるプロファイル: ${profiles.join(', ')}。そのいずれかを --profile (または AWS_PROFILE) で指定するか、${create}`,
  noProfiles: (create: string) => `どちらのファイルにもプロファイルがありません。${create}`,
  missingProfile: (profile: string, read: readonly string[], next: string) => `AWS プロファイル「${profile}」が config ファイルにも credentials ファイルにもありません。読み込んだファイル: ${read.join(', ')}。${next}`,
  unreachable: (account: string) => `組織のアカウント ${account} にアクセスできません (ロールを引き受けられませんでした)`,
});

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
  run: { readonly runId?: string; readonly homeRegion: string; readonly organization?: OrganizationScope },
): (region: string) => StepContext {
  const scope = run.organization;
  return (region) => ({
    accountId: identity.accountId,
    partition: identity.partition,
    region,
    dryRun,
    aws: clients.forRegion(region),
    homeRegion: run.homeRegion,
    ...(run.runId ? { runId: run.runId } : {}),
    ...(scope ? { organization: organizationContext(scope, region) } : {}),
  });
}

/**
 * The same contexts for reading the account before deciding (observe, undo's drift check): a
 * read several steps or regions make is sent once (`StepContext.shared`); `readTags` for undo.
 */
export function readingContexts(context: (region: string) => StepContext, clients: AwsClients, { readTags = false } = {}): (region: string) => StepContext {
  return (region) => {
    const ctx = context(region);
    return { ...ctx, shared: (key, read) => clients.shared(`${ctx.accountId}:${key}`, read), ...(readTags ? { readTags: true } : {}) };
  };
}

/**
 * What an organization-wide run knows of the organization (`--org`): its accounts, the two
 * chosen ones, and each account's clients (the management account's own, a member's through the
 * assumed role).
 */
export interface OrganizationScope extends Omit<OrganizationContext, 'in'> {
  readonly clientsOf: (accountId: string) => AwsClients | undefined;
}

function organizationContext(scope: OrganizationScope, region: string): OrganizationContext {
  const { clientsOf, ...facts } = scope;
  return {
    ...facts,
    in: (accountId) => {
      const clients = clientsOf(accountId);
      if (!clients) throw new SetupError(t.unreachable(accountId));
      return clients.forRegion(region);
    },
  };
}

export function explainSetupFailure(error: unknown): string {
  const code = errorCode(error);
  const message = cleanMessage(error);
  if (/SSO session|sso.*expired|Token is expired|TokenRefreshRequired/i.test(`${code} ${message}`)) {
    return t.ssoExpired(message, profileHint());
  }
  if (/ExpiredToken|RequestExpired/.test(code)) {
    return t.expired(code);
  }
  if (noCredentialsFound(error)) {
    return t.noCredentials;
  }
  if (isCredentialsError(error)) {
    return t.rejected(code, message);
  }
  return t.unidentified(code, message);
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
  const read = [config, credentials].map((file) => t.file(file.path, file.fromVariable ? file.variable : undefined, existsSync(file.path)));
  const create = t.create(profile);
  return t.missingProfile(profile, read, profiles.length ? t.pickOne(profiles, create) : t.noProfiles(create));
}
