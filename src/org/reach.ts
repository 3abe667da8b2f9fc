/**
 * Reaching every account of an `--org` run: who the caller is, which accounts to work on, and
 * clients for each (the caller's own in the management account, an assumed role in members).
 * Shared by the run and by `undo --org`.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients } from '../aws/clients.js';
import { explainFailure } from '../aws/errors.js';
import type { CallerIdentity } from '../aws/identity.js';
import { mapPool } from '../core/pool.js';
import type { Host } from '../engine/host.js';
import { identify } from '../engine/setup.js';
import { texts } from '../i18n/index.js';
import { styles } from '../report/render.js';
import { assumedRoleCredentials, listAccounts, memberRoleArn, selectAccounts, type AccountSelection, type OrgAccount } from './accounts.js';

const en = {
  organization: (total: number, work: number, untouched: number) =>
    `Organization: ${total} account${total > 1 ? 's' : ''}; working on ${work}${untouched ? `, ${untouched} listed but not active (never touched)` : ''}`,
  management: (id: string, arn: string) => `Management account ${id} as ${arn}`,
  roleIn: (role: string) => `Member accounts are reached by assuming ${role} (session name aws-bootstrap).`,
  cannotReach: (role: string, account: string, why: string) =>
    `could not assume ${role} in ${account}: ${why} (an invited account has no such role until someone creates it; Control Tower accounts use --role-name AWSControlTowerExecution)`,
};

const t = texts('org-reach', en, {
  organization: (total: number, work: number, untouched: number) =>
    `組織: ${total} アカウント。作業対象 ${work}${untouched ? `、アクティブでない ${untouched} (一覧のみ、変更しません)` : ''}`,
  management: (id: string, arn: string) => `管理アカウント ${id} (${arn})`,
  roleIn: (role: string) => `メンバーアカウントには ${role} を引き受けて (セッション名 aws-bootstrap) アクセスします。`,
  cannotReach: (role: string, account: string, why: string) =>
    `${account} の ${role} を引き受けられません: ${why} (招待されたアカウントには誰かが作成するまでこのロールがありません。Control Tower のアカウントでは --role-name AWSControlTowerExecution を指定します)`,
});

/** How an org run reaches its accounts. */
export interface OrgAccess {
  /** The caller's clients: the management account (or a delegated administrator). */
  readonly management: AwsClients;
  /** Clients for a member account, signing with the given credentials (real or simulated). */
  readonly clientsFor: (accountId: string, credentials: AwsCredentialIdentityProvider) => AwsClients;
  /** `--role-name`: the role assumed in each member. */
  readonly roleName: string;
  readonly selection: AccountSelection;
  /** `--account-concurrency`: accounts worked on at once. */
  readonly accountConcurrency: number;
  readonly homeRegion: string;
  readonly host: Host;
}

/** An account ready to work on: its clients, or why it cannot be reached. */
export interface Reached {
  readonly account: OrgAccount;
  readonly clients?: AwsClients;
  readonly error?: string;
}

export interface Organization {
  readonly caller: CallerIdentity;
  readonly reached: Reached[];
  /** Listed and chosen, but not ACTIVE: never touched. */
  readonly untouched: OrgAccount[];
  /** Every account ListAccounts gave, whatever was chosen. */
  readonly all: OrgAccount[];
  /** Clients for any ACTIVE account of the organization (reached already, or now: the security account left out of --accounts, say). */
  readonly reach: (account: OrgAccount) => Promise<Reached>;
}

/** The caller, the accounts chosen, and clients for each, with the lines that tell the person. */
export async function reachOrganization(access: OrgAccess): Promise<Organization> {
  const { host } = access;
  const caller = await identify(access.management, access.homeRegion);
  const all = await listAccounts(access.management, access.homeRegion);
  const { work, untouched } = selectAccounts(all, access.selection);
  host.print(t.management(caller.accountId, caller.arn));
  host.print(t.organization(work.length + untouched.length, work.length, untouched.length));
  host.print(styles(host.out).dim(t.roleIn(access.roleName)));
  host.print('');
  const reachOne = async (account: OrgAccount): Promise<Reached> => {
    if (account.id === caller.accountId) return { account, clients: access.management };
    const credentials = assumedRoleCredentials(access.management, access.homeRegion, memberRoleArn(caller.partition, account.id, access.roleName));
    try {
      // Assumed once now, so an account without the role is reported before anything is read.
      await credentials();
      return { account, clients: access.clientsFor(account.id, credentials) };
    } catch (error) {
      return { account, error: t.cannotReach(access.roleName, account.id, explainFailure(error, access.homeRegion)) };
    }
  };
  const settled = await mapPool(work, access.accountConcurrency, reachOne);
  const reached = settled.map((r) => (r as PromiseFulfilledResult<Reached>).value);
  const reach = async (account: OrgAccount) => reached.find((r) => r.account.id === account.id) ?? reachOne(account);
  return { caller, reached, untouched, all, reach };
}

/** A host that prints nothing and never asks: each account's run speaks through the org's own lines. */
export function quietHost(out: NodeJS.WritableStream): Host {
  return { interactive: false, out, print: () => undefined, ask: async () => Promise.reject(new Error('internal: a quiet host was asked')), confirm: async () => 'yes', pick: async (_what, items) => [...items] };
}
