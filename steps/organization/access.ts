/**
 * Trusted access and delegated administrators through Organizations, from the management account,
 * for the services in SERVICE_ACCESS (shared.ts): `organizations:EnableAWSServiceAccess` for each,
 * then `organizations:RegisterDelegatedAdministrator` for the security account where the service
 * needs one (AWS requires trusted access first). GuardDuty's and Security Hub's administrators
 * are made through their own APIs, which do both (see guardduty.ts).
 */
import { z } from 'zod';
import { isErrorCode } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import { defineStep } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { named, organizationOf, SERVICE_ACCESS } from './shared.js';

/** What stops when a service loses trusted access or its administrator, by principal (said in the undo question). */
const stops: Record<'en' | 'ja', Record<string, string>> = {
  en: {
    'access-analyzer.amazonaws.com': 'its organization analyzers stop analyzing; their findings are not kept',
    'config.amazonaws.com': 'the organization aggregator stops collecting; each account keeps its own Config data',
    'account.amazonaws.com': "members' alternate contacts can no longer be set from the management account; those set stay",
    'cloudtrail.amazonaws.com': 'the organization trail can no longer cover the member accounts; the logs delivered stay',
    default: 'what the service does for the whole organization stops',
  },
  ja: {
    'access-analyzer.amazonaws.com': '組織のアナライザーは分析を止め、その検出結果は残りません',
    'config.amazonaws.com': '組織のアグリゲーターは収集を止めます。各アカウントの Config のデータは残ります',
    'account.amazonaws.com': '管理アカウントからメンバーの代替連絡先を設定できなくなります。設定済みの連絡先は残ります',
    'cloudtrail.amazonaws.com': '組織の証跡はメンバーアカウントを対象にできなくなります。配信済みのログは残ります',
    default: 'そのサービスが組織全体に対して行っていることは止まります',
  },
};

const en = {
  title: 'The organization trusts its security services, and the security account administers them',
  why: 'With trusted access and the security account as their delegated administrator, the security services (IAM Access Analyzer first) can act on every account of the organization from one place, with the whole organization as the zone of trust; the management account, which no policy can restrict, is left alone.',
  trust: (principal: string) => `Turn on trusted access for ${principal} in the organization`,
  register: (account: string, principal: string) => `Register ${account} as the delegated administrator for ${principal}`,
  notTrusted: 'trusted access off',
  notRegistered: 'no delegated administrator',
  otherAdmin: (service: string, other: string, security: string) =>
    `${other} is already the delegated administrator for ${service}, not the security account ${security}. It is left as it is: deregister it yourself (organizations:DeregisterDelegatedAdministrator) or choose it as organization.securityAccount.`,
  guarddutyNote: 'GuardDuty gets its administrator through its own API (the organization-guardduty step), which turns on its trusted access too.',
  undo: {
    untrust: (principal: string) => `Turn off trusted access for ${principal} (${stops.en[principal] ?? stops.en.default})`,
    deregister: (account: string, principal: string) => `Deregister ${account} as the delegated administrator for ${principal} (${stops.en[principal] ?? stops.en.default})`,
  },
  drift: {
    untrusted: (principal: string) => `trusted access for ${principal} is already off`,
    notRegistered: (account: string) => `${account} is no longer the delegated administrator`,
  },
};

const t = texts('organization-access', en, {
  title: '組織がセキュリティサービスを信頼し、セキュリティアカウントがそれらを管理している',
  why: '信頼されたアクセスを有効にし、セキュリティアカウントを委任管理者にすると、セキュリティサービス (まず IAM Access Analyzer) は組織全体を信頼ゾーンとして、組織のすべてのアカウントに 1 か所から働きかけられます。どのポリシーでも制限できない管理アカウントには何も置きません。',
  trust: (principal: string) => `組織で ${principal} の信頼されたアクセスを有効にする`,
  register: (account: string, principal: string) => `${account} を ${principal} の委任管理者として登録する`,
  notTrusted: '信頼されたアクセスは無効',
  notRegistered: '委任管理者なし',
  otherAdmin: (service: string, other: string, security: string) =>
    `${service} の委任管理者はすでに ${other} で、セキュリティアカウント ${security} ではありません。そのままにします: ご自身で登録を解除する (organizations:DeregisterDelegatedAdministrator) か、organization.securityAccount にそのアカウントを選んでください。`,
  guarddutyNote: 'GuardDuty の管理者は GuardDuty 自身の API (organization-guardduty ステップ) で指定します。GuardDuty の信頼されたアクセスもそこで有効になります。',
  undo: {
    untrust: (principal: string) => `${principal} の信頼されたアクセスを無効にする (${stops.ja[principal] ?? stops.ja.default})`,
    deregister: (account: string, principal: string) => `${account} の ${principal} の委任管理者登録を解除する (${stops.ja[principal] ?? stops.ja.default})`,
  },
  drift: {
    untrusted: (principal: string) => `${principal} の信頼されたアクセスはすでに無効です`,
    notRegistered: (account: string) => `${account} はもう委任管理者ではありません`,
  },
});

export interface OrganizationAccessState {
  readonly managementAccountId: string;
  readonly securityAccount: string;
  /** The security account as people read it: "id (name)". */
  readonly security: string;
  /** Service principals with trusted access. */
  readonly trusted: readonly string[];
  /** Each registering service's delegated administrators (by principal), as "id (name)" by id. */
  readonly admins: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

type NoInputs = Record<string, never>;

export type OrganizationAccessChange = { action: 'trust'; principal: string } | { action: 'register'; principal: string; accountId: string };

export type OrganizationAccessUndo =
  | { kind: 'disable-trusted-access'; description: string; principal: string; destructive: true }
  | { kind: 'deregister-delegated-admin'; description: string; principal: string; accountId: string; destructive: true };

/** What the steps that need this one get: the account that administers the registered services. */
export interface OrganizationAccessProvides {
  readonly securityAdmin: string;
}

export default defineStep<OrganizationAccessState, NoInputs, OrganizationAccessChange, OrganizationAccessUndo>({
  id: 'organization-access',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  organization: { covers: [] },
  permissions: {
    observe: ['organizations:ListAWSServiceAccessForOrganization', 'organizations:ListDelegatedAdministrators'],
    apply: ['organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator'],
    undo: ['organizations:DisableAWSServiceAccess', 'organizations:DeregisterDelegatedAdministrator'],
  },
  inputs: { schema: z.object({}).strict() as z.ZodType<NoInputs>, questions: () => [] },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-access');
    const { client, sdk } = await ctx.aws.use('organizations');
    const registering = SERVICE_ACCESS.filter((s) => s.register);
    const [trusted, ...admins] = await Promise.all([
      collectPages(sdk.paginateListAWSServiceAccessForOrganization({ client }, {}), (page) => page.EnabledServicePrincipals),
      ...registering.map((s) => collectPages(sdk.paginateListDelegatedAdministrators({ client }, { ServicePrincipal: s.principal }), (page) => page.DelegatedAdministrators)),
    ]);
    return {
      managementAccountId: org.managementAccountId,
      securityAccount: org.securityAccount,
      security: named(org, org.securityAccount),
      trusted: trusted.map((p) => p.ServicePrincipal ?? ''),
      admins: Object.fromEntries(
        registering.map((s, i) => [s.principal, Object.fromEntries(admins[i]!.map((a) => [a.Id ?? '', a.Name ? `${a.Id} (${a.Name})` : (a.Id ?? '')]))]),
      ),
    };
  },

  plan(state) {
    const notes = [t.guarddutyNote];
    const changes = [];
    for (const service of SERVICE_ACCESS) {
      const admins = state.admins[service.principal] ?? {};
      const others = Object.keys(admins).filter((id) => id !== state.securityAccount);
      // Another administrator is reported, not replaced: that service is left wholly as it is.
      if (service.register && others.length) {
        notes.push(t.otherAdmin(service.service, others.map((id) => admins[id]).join(', '), state.security));
        continue;
      }
      if (!state.trusted.includes(service.principal)) {
        changes.push({ summary: t.trust(service.principal), before: t.notTrusted, after: { trustedAccess: service.principal }, payload: { action: 'trust' as const, principal: service.principal } });
      }
      // The management account administers every service already (and Organizations refuses to register it).
      if (service.register && state.securityAccount !== state.managementAccountId && !admins[state.securityAccount]) {
        changes.push({
          summary: t.register(state.security, service.principal),
          before: t.notRegistered,
          after: { delegatedAdministrator: state.security },
          payload: { action: 'register' as const, principal: service.principal, accountId: state.securityAccount },
        });
      }
    }
    return { changes, notes };
  },

  provides(state) {
    return { securityAdmin: state.securityAccount } satisfies OrganizationAccessProvides;
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('organizations');
    const { payload } = change;
    if (payload.action === 'trust') {
      await client.send(new sdk.EnableAWSServiceAccessCommand({ ServicePrincipal: payload.principal }));
      return { kind: 'disable-trusted-access', description: t.undo.untrust(payload.principal), principal: payload.principal, destructive: true };
    }
    try {
      await client.send(new sdk.RegisterDelegatedAdministratorCommand({ AccountId: payload.accountId, ServicePrincipal: payload.principal }));
    } catch (error) {
      // A retry after a lost answer finds it done.
      if (!isErrorCode(error, 'AccountAlreadyRegisteredException')) throw error;
    }
    const org = organizationOf(ctx, 'organization-access');
    return { kind: 'deregister-delegated-admin', description: t.undo.deregister(named(org, payload.accountId), payload.principal), principal: payload.principal, accountId: payload.accountId, destructive: true };
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('organizations');
    if (action.kind === 'disable-trusted-access') {
      await client.send(new sdk.DisableAWSServiceAccessCommand({ ServicePrincipal: action.principal }));
      return;
    }
    try {
      await client.send(new sdk.DeregisterDelegatedAdministratorCommand({ AccountId: action.accountId, ServicePrincipal: action.principal }));
    } catch (error) {
      if (!isErrorCode(error, 'AccountNotRegisteredException')) throw error;
    }
  },

  undoDrift(state, action) {
    if (action.kind === 'disable-trusted-access') return state.trusted.includes(action.principal) ? undefined : t.drift.untrusted(action.principal);
    return state.admins[action.principal]?.[action.accountId] ? undefined : t.drift.notRegistered(action.accountId);
  },
});
