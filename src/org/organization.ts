/**
 * `--org` the AWS SRA way: the Security Tooling and Log Archive accounts (chosen once:
 * `organization.securityAccount`, `organization.logArchiveAccount`), and the organization-wide
 * steps run once, before the per-account runs, from the management account — an ordinary run of
 * the engine whose steps act in other accounts through the assumed member role. Their undo log
 * lives with the management account's logs (`organization/`), and `undo --org` takes it back
 * after every account's own.
 */
import type { AwsClients } from '../aws/clients.js';
import { InputError } from '../core/errors.js';
import type { AnyStep, Question } from '../core/step.js';
import type { Host } from '../engine/host.js';
import type { OrganizationScope } from '../engine/setup.js';
import { texts } from '../i18n/index.js';
import { styles } from '../report/render.js';
import type { OrgAccount } from './accounts.js';
import type { Organization } from './reach.js';

const en = {
  roles: { securityAccount: 'security account', logArchiveAccount: 'log archive account' } as Record<ChosenRole, string>,
  notInOrganization: (key: string, id: string) => `organization.${key}: ${id} is not an account of this organization.`,
  notActive: (key: string, id: string, state: string) => `organization.${key}: ${id} is ${state}; only an ACTIVE account can hold it.`,
  isManagement: (key: string, id: string) =>
    `organization.${key}: ${id} is the management account. AWS's Security Reference Architecture keeps the management account minimal: no service control policy can restrict it, so every tool and log placed there widens what the few people who must sign in to it can reach, and findings or logs kept there sit beside the power to erase them. Choose a member account (AWS SRA names them Security Tooling and Log Archive), or pass --allow-management-account to accept this.`,
  bothNeeded: (missing: string) => `organization.${missing} is missing: the organization-wide steps need both organization.securityAccount and organization.logArchiveAccount (give it with --config or --set organization.${missing}=<account id>).`,
  wouldGain:
    'Organization-wide steps are off: with organization.securityAccount and organization.logArchiveAccount set, GuardDuty, Security Hub CSPM, IAM Access Analyzer, one organization trail and one alerts topic would cover every account, new ones included, from one security account and one log archive account (see README, Organizations).',
  pick: (role: string) => `Which account is the ${role}? (an account id from the list; Enter for none: every account is worked on alone, as before)`,
  list: 'Accounts of the organization:',
  entry: (id: string, name: string, management: boolean) => `  ${id}  ${name}${management ? '  (management account)' : ''}`,
  notAnId: 'expected a 12-digit account id of this organization',
  heading: (management: string) => `Organization-wide steps: once, from the management account ${management}, before the per-account runs`,
  security: (security: string, logArchive: string) => `Security account ${security}; log archive account ${logArchive}`,
  perAccount: 'Per-account steps, in every account:',
  notPerAccount: (steps: string) => `Not run per account, the organization covers them: ${steps}`,
  covered: (by: string) => `covered by the organization (${by})`,
};

const t = texts('org-organization', en, {
  roles: { securityAccount: 'セキュリティアカウント', logArchiveAccount: 'ログアーカイブアカウント' } as Record<ChosenRole, string>,
  notInOrganization: (key: string, id: string) => `organization.${key}: ${id} はこの組織のアカウントではありません。`,
  notActive: (key: string, id: string, state: string) => `organization.${key}: ${id} は ${state} です。ACTIVE なアカウントだけを指定できます。`,
  isManagement: (key: string, id: string) =>
    `organization.${key}: ${id} は管理アカウントです。AWS セキュリティリファレンスアーキテクチャ (SRA) は管理アカウントを最小限に保つよう勧めています: 管理アカウントはサービスコントロールポリシーで制限できないため、そこに置いたツールやログはサインインする必要のある少数の人が触れられる範囲を広げ、検出結果やログはそれを消せる権限の隣に置かれることになります。メンバーアカウント (AWS SRA の Security Tooling と Log Archive) を選ぶか、承知のうえで --allow-management-account を付けてください。`,
  bothNeeded: (missing: string) => `organization.${missing} がありません: 組織全体のステップには organization.securityAccount と organization.logArchiveAccount の両方が必要です (--config か --set organization.${missing}=<アカウント ID> で指定してください)。`,
  wouldGain:
    '組織全体のステップは無効です: organization.securityAccount と organization.logArchiveAccount を指定すると、GuardDuty、Security Hub CSPM、IAM Access Analyzer、1 つの組織の証跡と 1 つのアラートトピックが、1 つのセキュリティアカウントと 1 つのログアーカイブアカウントから、新しいアカウントも含めてすべてのアカウントを対象にします (README の「Organizations」を参照)。',
  pick: (role: string) => `${role}はどのアカウントですか? (一覧のアカウント ID。Enter で指定なし: これまでどおり各アカウントを個別に処理します)`,
  list: '組織のアカウント:',
  entry: (id: string, name: string, management: boolean) => `  ${id}  ${name}${management ? '  (管理アカウント)' : ''}`,
  notAnId: 'この組織の 12 桁のアカウント ID を指定してください',
  heading: (management: string) => `組織全体のステップ: アカウントごとの実行の前に、管理アカウント ${management} から 1 回だけ実行します`,
  security: (security: string, logArchive: string) => `セキュリティアカウント ${security}、ログアーカイブアカウント ${logArchive}`,
  perAccount: 'アカウントごとのステップ (すべてのアカウントで):',
  notPerAccount: (steps: string) => `組織全体で対象になっているため、アカウントごとには実行しません: ${steps}`,
  covered: (by: string) => `組織全体で対象になっています (${by})`,
});

type ChosenRole = 'securityAccount' | 'logArchiveAccount';

/** `organization.*` as given (config file or --set). */
export interface OrganizationSettings {
  readonly securityAccount?: string;
  readonly logArchiveAccount?: string;
}

export interface ChosenAccounts {
  readonly securityAccount: string;
  readonly logArchiveAccount: string;
}

/**
 * The two accounts, checked (ACTIVE members of this organization; the management account only
 * with --allow-management-account), or asked for with the list to pick from when a person is
 * there. Undefined when neither is given (the organization-wide steps are off, as before).
 */
export async function chooseAccounts(
  given: OrganizationSettings,
  all: readonly OrgAccount[],
  managementId: string,
  host: Host,
  allowManagement: boolean,
): Promise<ChosenAccounts | undefined> {
  const chosen: Partial<Record<ChosenRole, string>> = { ...given };
  const roles: ChosenRole[] = ['securityAccount', 'logArchiveAccount'];
  if (host.interactive && roles.some((role) => !chosen[role])) {
    host.print(t.list);
    for (const a of all.filter((a) => a.state === 'ACTIVE')) host.print(t.entry(a.id, a.name, a.id === managementId));
    for (const role of roles) {
      if (chosen[role]) continue;
      const question: Question = {
        path: role,
        message: t.pick(t.roles[role]),
        kind: 'text',
        validate: (answer) => (answer.trim() === '' || all.some((a) => a.id === answer.trim()) ? undefined : t.notAnId),
      };
      const answer = String(await host.ask(question)).trim();
      if (!answer) break;
      chosen[role] = answer;
    }
  }
  const present = roles.filter((role) => chosen[role]);
  if (!present.length) {
    host.print(styles(host.out).dim(t.wouldGain));
    return undefined;
  }
  const missing = roles.find((role) => !chosen[role]);
  if (missing) throw new InputError(t.bothNeeded(missing));
  for (const role of roles) {
    const id = chosen[role]!;
    const account = all.find((a) => a.id === id);
    if (!account) throw new InputError(t.notInOrganization(role, id));
    if (account.state !== 'ACTIVE') throw new InputError(t.notActive(role, id, account.state));
    if (id === managementId && !allowManagement) throw new InputError(t.isManagement(role, id));
  }
  return { securityAccount: chosen.securityAccount!, logArchiveAccount: chosen.logArchiveAccount! };
}

/** What the organization-wide steps work with: the accounts, and clients in any of them (reached on first use). */
export async function organizationScope(organization: Organization, chosen: Partial<ChosenAccounts>): Promise<OrganizationScope> {
  const active = organization.all.filter((a) => a.state === 'ACTIVE');
  const clients = new Map<string, AwsClients | undefined>();
  // The accounts the steps act in are reached before the run (the security account may be outside --accounts).
  for (const id of [chosen.securityAccount, chosen.logArchiveAccount]) {
    const account = id ? active.find((a) => a.id === id) : undefined;
    if (account) clients.set(id!, (await organization.reach(account)).clients);
  }
  for (const r of organization.reached) if (!clients.has(r.account.id)) clients.set(r.account.id, r.clients);
  return {
    managementAccountId: organization.caller.accountId,
    securityAccount: chosen.securityAccount ?? '',
    logArchiveAccount: chosen.logArchiveAccount ?? '',
    accounts: active.map((a) => ({ id: a.id, name: a.name })),
    clientsOf: (id) => clients.get(id),
  };
}

/** The lines before the organization-wide run. */
export function organizationHeading(host: Host, management: string, chosen: ChosenAccounts, all: readonly OrgAccount[]): void {
  const s = styles(host.out);
  const label = (id: string) => `${id} (${all.find((a) => a.id === id)?.name ?? ''})`;
  host.print(s.bold(t.heading(management)));
  host.print(t.security(label(chosen.securityAccount), label(chosen.logArchiveAccount)));
  host.print('');
}

export function perAccountHeading(host: Host, covered: ReadonlyMap<string, string>): void {
  host.print(styles(host.out).bold(t.perAccount));
  if (covered.size) host.print(styles(host.out).dim(t.notPerAccount([...covered].map(([id, by]) => `${id} (${by})`).join(', '))));
}

/** Per-account step id → the organization-wide step that covers it. */
export function coveredSteps(organizationSteps: readonly AnyStep[]): Map<string, string> {
  return new Map(organizationSteps.flatMap((step) => (step.organization?.covers ?? []).map((id) => [id, step.id] as const)));
}

export function coveredDetail(by: string): string {
  return t.covered(by);
}
