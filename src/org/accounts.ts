/**
 * `--org`: the accounts of an AWS Organization and how to reach each. Listed from the
 * management account (or a delegated administrator) with organizations:ListAccounts; a member
 * is reached by assuming a role in it, with credentials refreshed before they expire.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients } from '../aws/clients.js';
import { explain } from '../aws/errors.js';
import { collectPages } from '../aws/paginate.js';
import { InputError, SetupError } from '../core/errors.js';

/** One account as ListAccounts gives it. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, …: only ACTIVE accounts are worked on. */
  readonly state: string;
}

/** Every account of the caller's organization, in ListAccounts order. */
export async function listAccounts(clients: AwsClients, homeRegion: string): Promise<OrgAccount[]> {
  const { client, sdk } = await clients.get('organizations', homeRegion);
  try {
    const accounts = await collectPages(sdk.paginateListAccounts({ client }, {}), (page) => page.Accounts);
    return accounts.map((a) => ({
      id: a.Id ?? '',
      name: a.Name ?? '',
      email: a.Email ?? '',
      // `Status` was retired on 2026-09-09 in favour of `State`; read either.
      state: String(a.State ?? a.Status ?? 'UNKNOWN'),
    }));
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'AWSOrganizationsNotInUseException') {
      throw new SetupError('--org: this account is not in an AWS Organization. Run without --org to bootstrap this one account.');
    }
    if (name === 'AccessDeniedException') {
      throw new SetupError(
        '--org: organizations:ListAccounts was denied. Run --org with credentials of the management account or of a delegated administrator, with organizations:ListAccounts allowed.',
      );
    }
    throw new SetupError(`--org: could not list the organization's accounts. ${explain(error)}`);
  }
}

export interface AccountSelection {
  /** `--accounts`: only these ids. */
  readonly only?: readonly string[];
  /** `--exclude-accounts`: leave these out. */
  readonly exclude?: readonly string[];
}

/**
 * The accounts to work on and the ones listed but never touched (not ACTIVE). An id given in
 * `--accounts` or `--exclude-accounts` that the organization does not have is bad input.
 */
export function selectAccounts(all: readonly OrgAccount[], selection: AccountSelection): { work: OrgAccount[]; untouched: OrgAccount[] } {
  const known = new Set(all.map((a) => a.id));
  const unknown = [...(selection.only ?? []), ...(selection.exclude ?? [])].filter((id) => !known.has(id));
  if (unknown.length) {
    throw new InputError(`--accounts/--exclude-accounts: not in this organization: ${unknown.join(', ')}. Its accounts: ${[...known].join(', ')}.`);
  }
  const chosen = all.filter((a) => (!selection.only?.length || selection.only.includes(a.id)) && !selection.exclude?.includes(a.id));
  if (!chosen.length) throw new InputError('--accounts/--exclude-accounts leave no account to work on.');
  return { work: chosen.filter((a) => a.state === 'ACTIVE'), untouched: chosen.filter((a) => a.state !== 'ACTIVE') };
}

/** Renewed this long before the credentials expire, so no call is signed with ones about to lapse. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * Credentials for a role in another account, from the caller's own (`clients`): assumed on first
 * use with the session name `aws-bootstrap`, and assumed again when less than five minutes are
 * left (sessions last an hour; a run over 50 accounts may take longer). Concurrent callers share
 * one AssumeRole.
 */
export function assumedRoleCredentials(
  clients: AwsClients,
  homeRegion: string,
  roleArn: string,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const { client, sdk } = await clients.get('sts', homeRegion);
    const out = await client.send(new sdk.AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'aws-bootstrap' }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole on ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, ...(c.Expiration ? { expiration: c.Expiration } : {}) };
  };
  return async () => {
    const fresh = current && (!current.expiration || current.expiration.getTime() - now() > REFRESH_BEFORE_MS);
    if (fresh) return current!;
    pending ??= assume().then(
      (credentials) => {
        current = credentials;
        pending = undefined;
        return credentials;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/** The role ARN in a member account (`--role-name`, in the caller's partition). */
export function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}
