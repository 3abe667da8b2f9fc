/**
 * GuardDuty for the whole organization, per region: the security account is GuardDuty's
 * delegated administrator (`guardduty:EnableOrganizationAdminAccount`, from the management
 * account; GuardDuty turns on its trusted access and registers the administrator in
 * Organizations itself), has a detector, and enrols every account, present and future
 * (`guardduty:UpdateOrganizationConfiguration` with `AutoEnableOrganizationMembers: ALL`, called
 * in the security account). Another account already administrator is reported and replaced
 * only when a person says so (No by default).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { collectPages } from '../../src/aws/paginate.js';
import { bootstrapTags, tagsText } from '../../src/core/tags.js';
import { defineStep, type Question, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { named, organizationOf } from './shared.js';

const en = {
  title: 'GuardDuty covers every account of the organization, new ones included',
  why: 'With the security account as GuardDuty administrator and auto-enable set to ALL, every account of the organization, including the ones created tomorrow, is watched by GuardDuty and its findings are read in one place, without a run per account.',
  enableAdmin: (account: string) => `Make ${account} the GuardDuty delegated administrator`,
  replaceAdmin: (other: string, account: string) => `Replace the GuardDuty delegated administrator ${other} with ${account}`,
  createDetector: (account: string) => `Create an enabled GuardDuty detector in ${account}`,
  resumeDetector: (account: string, id: string) => `Resume the suspended GuardDuty detector ${id} in ${account}`,
  autoEnable: (from: string) => `Enable GuardDuty in every account of the organization, existing and new (auto-enable ${from} → ALL)`,
  noAdmin: 'no delegated administrator',
  noDetector: 'no detector',
  otherAdmin: (other: string, account: string) =>
    `GuardDuty's delegated administrator is ${other}, not the security account ${account}. It is left as it is (answer yes to organization-guardduty.replaceAdministrator to replace it; the findings stay in ${other}).`,
  replaceQuestion: (other: string) =>
    `GuardDuty's delegated administrator is already ${other}. Replace it with the security account? (Its members stop reporting to it; its findings stay there.)`,
  covered: (members: number, accounts: number) => `${members} of the organization's ${accounts} other accounts report to the administrator; new accounts are enrolled as they join.`,
  costNote: 'GuardDuty is billed per account and region by the volume of events it analyzes, after a 30-day free trial.',
  enablesItself: (account: string) => `Designating the administrator also turns GuardDuty on in ${account} (AWS makes or resumes its detector there); members may take up to 24 hours to be enrolled.`,
  undo: {
    disableAdmin: (account: string, region: string) => `Remove ${account} as the GuardDuty delegated administrator in ${region} (members keep their detectors and findings, on their own)`,
    restoreAdmin: (other: string) => `Make ${other} the GuardDuty delegated administrator again`,
    restoreAdminManual: (other: string) =>
      `Replacing an administrator cannot be taken back automatically: to make ${other} the administrator again, remove the security account as administrator and designate ${other} in the GuardDuty console of the management account.`,
    keepDetector: (account: string, region: string) => `The GuardDuty detector created in ${account} in ${region}`,
    keepDetectorManual: (account: string) => `Kept: the detector in ${account} holds the organization's findings. Delete it in the GuardDuty console of ${account} if it is no longer wanted.`,
    suspendDetector: (account: string, region: string) => `Suspend the GuardDuty detector in ${account} in ${region} again (its findings are kept)`,
    autoEnable: (previous: string, region: string) => `Set GuardDuty auto-enable back to ${previous} in ${region} (accounts already enrolled stay enabled)`,
  },
  drift: {
    notAdmin: (account: string) => `${account} is no longer the GuardDuty delegated administrator`,
    autoEnable: (value: string) => `auto-enable is ${value} now, not ALL`,
    noDetector: 'the security account has no detector any more',
  },
  noDetectorId: (region: string) => `guardduty:CreateDetector in ${region} returned no detector id`,
};

const t = texts('organization-guardduty', en, {
  title: 'GuardDuty が組織のすべてのアカウント (新しいアカウントも含む) を監視している',
  why: 'セキュリティアカウントを GuardDuty の管理者にして自動有効化を ALL にすると、明日作成されるアカウントも含めて組織のすべてのアカウントが GuardDuty に監視され、検出結果は 1 か所で読めます。アカウントごとの実行は要りません。',
  enableAdmin: (account: string) => `${account} を GuardDuty の委任管理者にする`,
  replaceAdmin: (other: string, account: string) => `GuardDuty の委任管理者を ${other} から ${account} に替える`,
  createDetector: (account: string) => `${account} に有効な GuardDuty 検出器を作成する`,
  resumeDetector: (account: string, id: string) => `${account} の停止中の GuardDuty 検出器 ${id} を再度有効にする`,
  autoEnable: (from: string) => `組織の既存と新規のすべてのアカウントで GuardDuty を有効にする (自動有効化 ${from} → ALL)`,
  noAdmin: '委任管理者なし',
  noDetector: '検出器なし',
  otherAdmin: (other: string, account: string) =>
    `GuardDuty の委任管理者は ${other} で、セキュリティアカウント ${account} ではありません。そのままにします (替えるには organization-guardduty.replaceAdministrator に yes と答えます。検出結果は ${other} に残ります)。`,
  replaceQuestion: (other: string) =>
    `GuardDuty の委任管理者はすでに ${other} です。セキュリティアカウントに替えますか? (メンバーはそのアカウントに報告しなくなります。検出結果はそのアカウントに残ります。)`,
  covered: (members: number, accounts: number) => `組織のほかの ${accounts} アカウントのうち ${members} が管理者に報告しています。新しいアカウントは参加した時点で登録されます。`,
  costNote: 'GuardDuty は、30 日間の無料トライアルの後、アカウントとリージョンごとに分析したイベントの量に応じて課金されます。',
  enablesItself: (account: string) => `管理者を指定すると ${account} でも GuardDuty が有効になります (AWS がそこに検出器を作成するか再開します)。メンバーの登録には最大 24 時間かかることがあります。`,
  undo: {
    disableAdmin: (account: string, region: string) => `${region} で ${account} を GuardDuty の委任管理者から外す (メンバーは検出器と検出結果をそのまま持ち、単独で動きます)`,
    restoreAdmin: (other: string) => `${other} を再び GuardDuty の委任管理者にする`,
    restoreAdminManual: (other: string) =>
      `管理者の交代は自動では元に戻せません。${other} を再び管理者にするには、管理アカウントの GuardDuty コンソールでセキュリティアカウントを管理者から外し、${other} を指定してください。`,
    keepDetector: (account: string, region: string) => `${region} の ${account} に作成した GuardDuty 検出器`,
    keepDetectorManual: (account: string) => `残します: この検出器には組織の検出結果があります。不要になったら ${account} の GuardDuty コンソールで削除してください。`,
    suspendDetector: (account: string, region: string) => `${region} の ${account} の GuardDuty 検出器を再び停止する (検出結果は残ります)`,
    autoEnable: (previous: string, region: string) => `${region} の GuardDuty の自動有効化を ${previous} に戻す (登録済みのアカウントは有効なままです)`,
  },
  drift: {
    notAdmin: (account: string) => `${account} はもう GuardDuty の委任管理者ではありません`,
    autoEnable: (value: string) => `自動有効化は現在 ${value} で、ALL ではありません`,
    noDetector: 'セキュリティアカウントに検出器がもうありません',
  },
  noDetectorId: (region: string) => `${region} の guardduty:CreateDetector が検出器 ID を返しませんでした。`,
});

export interface OrganizationGuardDutyState {
  readonly securityAccount: string;
  readonly security: string;
  /**
   * GuardDuty's delegated administrator, if any (and as people read it): the one in this region,
   * else the organization's (Organizations lists it; GuardDuty takes one for every region).
   */
  readonly admin?: string;
  /** Whether that administrator is designated in this region itself (else only elsewhere). */
  readonly adminHere?: boolean;
  readonly adminLabel?: string;
  /** The security account's detector in this region. */
  readonly detector?: { id: string; status: string };
  /** The organization's auto-enable setting (read only once the security account is administrator). */
  readonly autoEnable?: string;
  /** Accounts enrolled as members, and the organization's other ACTIVE accounts. */
  readonly members: number;
  readonly accounts: number;
}

export interface OrganizationGuardDutyInputs {
  /** Replace another account that is already GuardDuty's administrator (No unless said). */
  readonly replaceAdministrator: boolean;
}

export type OrganizationGuardDutyChange =
  | { action: 'enable-admin'; accountId: string }
  | { action: 'replace-admin'; accountId: string; previous: string; previousHere: boolean }
  | { action: 'create-detector'; accountId: string }
  | { action: 'resume-detector'; accountId: string; detectorId: string }
  | { action: 'auto-enable'; accountId: string; previous: string };

export type OrganizationGuardDutyUndo =
  | { kind: 'disable-admin'; description: string; accountId: string; destructive: true }
  | { kind: 'restore-admin'; description: string; previous: string; manual: string }
  | { kind: 'keep-detector'; description: string; accountId: string; manual: string }
  | { kind: 'suspend-detector'; description: string; accountId: string; detectorId: string }
  | { kind: 'restore-auto-enable'; description: string; accountId: string; previous: string; destructive: true };

const schema = z.object({ replaceAdministrator: z.boolean().default(false) }).strict();

function questions(state: unknown, given: Readonly<Record<string, unknown>>): Question[] {
  if (given.replaceAdministrator !== undefined) return [];
  const regions = Object.values((state ?? {}) as Record<string, OrganizationGuardDutyState>);
  const other = regions.find((s) => s.admin && s.admin !== s.securityAccount);
  if (!other) return [];
  return [{ path: 'replaceAdministrator', message: t.replaceQuestion(other.adminLabel ?? other.admin!), kind: 'confirm', default: false }];
}

async function securityDetector(ctx: StepContext, accountId: string): Promise<{ id: string; status: string } | undefined> {
  const { client, sdk } = await organizationOf(ctx, 'organization-guardduty').in(accountId).use('guardduty');
  const [id] = await collectPages(sdk.paginateListDetectors({ client }, {}), (page) => page.DetectorIds);
  if (!id) return undefined;
  const detector = await client.send(new sdk.GetDetectorCommand({ DetectorId: id }));
  return { id, status: detector.Status ?? 'UNKNOWN' };
}

export default defineStep<OrganizationGuardDutyState, OrganizationGuardDutyInputs, OrganizationGuardDutyChange, OrganizationGuardDutyUndo>({
  id: 'organization-guardduty',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  organization: {
    covers: ['guardduty'],
    inSecurityAccount: [
      'guardduty:ListDetectors',
      'guardduty:GetDetector',
      'guardduty:DescribeOrganizationConfiguration',
      'guardduty:ListMembers',
      'guardduty:CreateDetector',
      'guardduty:TagResource',
      'guardduty:UpdateDetector',
      'guardduty:UpdateOrganizationConfiguration',
      'iam:CreateServiceLinkedRole',
    ],
  },
  permissions: {
    observe: ['guardduty:ListOrganizationAdminAccounts', 'organizations:ListDelegatedAdministrators', 'guardduty:ListDetectors', 'guardduty:GetDetector', 'guardduty:DescribeOrganizationConfiguration', 'guardduty:ListMembers'],
    // EnableOrganizationAdminAccount also turns on trusted access and registers the administrator in Organizations.
    apply: [
      'guardduty:EnableOrganizationAdminAccount',
      'guardduty:DisableOrganizationAdminAccount',
      'organizations:EnableAWSServiceAccess',
      'organizations:RegisterDelegatedAdministrator',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:DescribeOrganization',
      'guardduty:CreateDetector',
      'guardduty:TagResource',
      'guardduty:UpdateDetector',
      'guardduty:UpdateOrganizationConfiguration',
      'iam:CreateServiceLinkedRole',
    ],
    undo: ['guardduty:DisableOrganizationAdminAccount', 'guardduty:UpdateOrganizationConfiguration', 'guardduty:UpdateDetector'],
  },
  inputs: { schema: schema as z.ZodType<OrganizationGuardDutyInputs>, questions },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-guardduty');
    const { client, sdk } = await ctx.aws.use('guardduty');
    const { client: orgs, sdk: o } = await ctx.aws.use('organizations');
    const [admins, registered] = await Promise.all([
      collectPages(sdk.paginateListOrganizationAdminAccounts({ client }, {}), (page) => page.AdminAccounts),
      collectPages(o.paginateListDelegatedAdministrators({ client: orgs }, { ServicePrincipal: 'guardduty.amazonaws.com' }), (page) => page.DelegatedAdministrators),
    ]);
    const here = admins.find((a) => a.AdminStatus === 'ENABLED')?.AdminAccountId;
    const admin = here ?? registered[0]?.Id;
    const security = org.securityAccount;
    const detector = await securityDetector(ctx, security);
    const accounts = org.accounts.filter((a) => a.id !== security).length;
    let autoEnable: string | undefined;
    let members = 0;
    if (admin === security && detector) {
      const { client: inSecurity, sdk: gd } = await org.in(security).use('guardduty');
      const configuration = await inSecurity.send(new gd.DescribeOrganizationConfigurationCommand({ DetectorId: detector.id }));
      autoEnable = configuration.AutoEnableOrganizationMembers ?? (configuration.AutoEnable ? 'NEW' : 'NONE');
      members = (await collectPages(gd.paginateListMembers({ client: inSecurity }, { DetectorId: detector.id, OnlyAssociated: 'true' }), (page) => page.Members)).length;
    }
    return {
      securityAccount: security,
      security: named(org, security),
      ...(admin ? { admin, adminLabel: named(org, admin), adminHere: admin === here } : {}),
      ...(detector ? { detector } : {}),
      ...(autoEnable ? { autoEnable } : {}),
      members,
      accounts,
    };
  },

  plan(state, inputs, ctx) {
    const other = state.admin && state.admin !== state.securityAccount ? state.admin : undefined;
    if (other && !inputs.replaceAdministrator) return { changes: [], skipped: t.otherAdmin(state.adminLabel ?? other, state.security) };
    const account = state.securityAccount;
    const changes = [];
    if (other) {
      changes.push({
        summary: t.replaceAdmin(state.adminLabel ?? other, state.security),
        before: { delegatedAdministrator: state.adminLabel ?? other },
        after: { delegatedAdministrator: state.security },
        destructive: true,
        payload: { action: 'replace-admin' as const, accountId: account, previous: other, previousHere: Boolean(state.adminHere) },
      });
    } else if (!state.adminHere) {
      // No administrator, or the security account is one only in other regions (a region enabled since, say).
      changes.push({ summary: t.enableAdmin(state.security), before: t.noAdmin, after: { delegatedAdministrator: state.security }, payload: { action: 'enable-admin' as const, accountId: account } });
    }
    // Designating the administrator enables GuardDuty in it (AWS makes or resumes its detector there).
    const designating = changes.length > 0;
    if (!designating && !state.detector) {
      changes.push({ summary: t.createDetector(state.security), before: t.noDetector, after: { status: 'ENABLED', tags: tagsText(ctx.runId) }, payload: { action: 'create-detector' as const, accountId: account } });
    } else if (!designating && state.detector && state.detector.status !== 'ENABLED') {
      changes.push({
        summary: t.resumeDetector(state.security, state.detector.id),
        before: { detector: state.detector.id, status: state.detector.status },
        after: { detector: state.detector.id, status: 'ENABLED' },
        payload: { action: 'resume-detector' as const, accountId: account, detectorId: state.detector.id },
      });
    }
    const previous = other ? 'NONE' : (state.autoEnable ?? 'NONE');
    if (other || state.autoEnable !== 'ALL') {
      changes.push({ summary: t.autoEnable(previous), before: { autoEnableOrganizationMembers: previous }, after: { autoEnableOrganizationMembers: 'ALL' }, payload: { action: 'auto-enable' as const, accountId: account, previous } });
    }
    const notes = changes.length ? [...(designating ? [t.enablesItself(state.security)] : []), t.costNote] : [t.covered(state.members, state.accounts)];
    return { changes, notes };
  },

  async apply(ctx, change) {
    const org = organizationOf(ctx, 'organization-guardduty');
    const { payload } = change;
    const label = named(org, payload.accountId);
    if (payload.action === 'enable-admin' || payload.action === 'replace-admin') {
      const { client, sdk } = await ctx.aws.use('guardduty');
      if (payload.action === 'replace-admin' && payload.previousHere) await client.send(new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: payload.previous }));
      await client.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: payload.accountId }));
      if (payload.action === 'replace-admin') {
        const previous = named(org, payload.previous);
        return { kind: 'restore-admin', description: t.undo.restoreAdmin(previous), previous: payload.previous, manual: t.undo.restoreAdminManual(previous) };
      }
      return { kind: 'disable-admin', description: t.undo.disableAdmin(label, ctx.region), accountId: payload.accountId, destructive: true };
    }
    const { client, sdk } = await org.in(payload.accountId).use('guardduty');
    if (payload.action === 'create-detector') {
      const { DetectorId } = await client.send(new sdk.CreateDetectorCommand({ Enable: true, Tags: bootstrapTags(ctx.runId), ClientToken: randomUUID() }));
      if (!DetectorId) throw new Error(t.noDetectorId(ctx.region));
      return { kind: 'keep-detector', description: t.undo.keepDetector(label, ctx.region), accountId: payload.accountId, manual: t.undo.keepDetectorManual(label) };
    }
    if (payload.action === 'resume-detector') {
      await client.send(new sdk.UpdateDetectorCommand({ DetectorId: payload.detectorId, Enable: true }));
      return { kind: 'suspend-detector', description: t.undo.suspendDetector(label, ctx.region), accountId: payload.accountId, detectorId: payload.detectorId };
    }
    // The detector made or resumed just before, in the security account.
    const detector = await securityDetector(ctx, payload.accountId);
    if (!detector) throw new Error(t.drift.noDetector);
    await client.send(new sdk.UpdateOrganizationConfigurationCommand({ DetectorId: detector.id, AutoEnableOrganizationMembers: 'ALL' }));
    return { kind: 'restore-auto-enable', description: t.undo.autoEnable(payload.previous, ctx.region), accountId: payload.accountId, previous: payload.previous, destructive: true };
  },

  async undo(ctx, action) {
    if (action.kind === 'restore-admin' || action.kind === 'keep-detector') return;
    if (action.kind === 'disable-admin') {
      const { client, sdk } = await ctx.aws.use('guardduty');
      await client.send(new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: action.accountId }));
      return;
    }
    const org = organizationOf(ctx, 'organization-guardduty');
    const { client, sdk } = await org.in(action.accountId).use('guardduty');
    if (action.kind === 'suspend-detector') {
      await client.send(new sdk.UpdateDetectorCommand({ DetectorId: action.detectorId, Enable: false }));
      return;
    }
    const detector = await securityDetector(ctx, action.accountId);
    if (!detector) throw new Error(t.drift.noDetector);
    await client.send(new sdk.UpdateOrganizationConfigurationCommand({ DetectorId: detector.id, AutoEnableOrganizationMembers: action.previous as 'NEW' | 'ALL' | 'NONE' }));
  },

  undoDrift(state, action) {
    if (action.kind === 'disable-admin') return state.admin === action.accountId ? undefined : t.drift.notAdmin(action.accountId);
    if (action.kind === 'restore-auto-enable') {
      if (state.admin !== action.accountId) return t.drift.notAdmin(action.accountId);
      return state.autoEnable === 'ALL' ? undefined : t.drift.autoEnable(state.autoEnable ?? 'NONE');
    }
    return undefined;
  },
});
