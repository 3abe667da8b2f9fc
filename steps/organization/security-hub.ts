/**
 * Security Hub CSPM for the whole organization, the AWS SRA way, in the home region: the security
 * account is Security Hub's delegated administrator (`securityhub:EnableOrganizationAdminAccount`
 * from the management account, which also turns on trusted access, registers the administrator
 * in Organizations and enables Security Hub in it there); in the security account, a finding
 * aggregator over every region, central configuration (it needs the aggregator first), one
 * configuration policy with the standards the single-account step enables, and that policy
 * associated with the organization's root: every account, present and future, in every linked
 * region, with no run per account. Another administrator is reported and replaced only when a
 * person says so (No by default). Undo never deletes findings.
 */
import { z } from 'zod';
import { isErrorCode } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import { bootstrapTags, tagsText } from '../../src/core/tags.js';
import { defineStep, type Change, type Question, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import {
  CIS_V3, FSBP, newestCis, securityHubInputs, standardIdOf, standardName, standardsArn, type OfferedStandard,
} from '../shared/security-hub-standards.js';
import { named, organizationOf } from './shared.js';

/** The configuration policy this step makes (found again by its name). */
export const POLICY_NAME = 'aws-bootstrap';
const PRICING = 'https://aws.amazon.com/security-hub/pricing/';
/** Waits while AWS turns central configuration on (Status PENDING), before policies can be made. */
const CENTRAL_DELAYS_MS = [200, 500, 1000, 2000, 4000, 8000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const en = {
  title: 'Security Hub CSPM checks every account of the organization, new ones included, from the security account',
  why: 'With the security account as Security Hub CSPM administrator, central configuration and one policy on the organization\'s root, every account, including the ones created tomorrow, is checked against the same standards in every region, and every finding is read in one place, without a run per account.',
  enableAdmin: (account: string) => `Make ${account} the Security Hub CSPM delegated administrator`,
  replaceAdmin: (other: string, account: string) => `Replace the Security Hub CSPM delegated administrator ${other} with ${account}`,
  enableHub: (account: string) => `Enable Security Hub CSPM in ${account} with consolidated control findings`,
  createAggregator: (account: string, home: string) => `Create a finding aggregator in ${account}, in ${home}, that links every region`,
  central: (account: string) => `Turn on central configuration, managed from ${account}`,
  createPolicy: (name: string, standards: string) => `Create the configuration policy "${name}": Security Hub CSPM on, with ${standards}`,
  associate: (name: string, root: string) => `Apply the configuration policy "${name}" to the organization's root ${root} (every account and linked region, new accounts included)`,
  noAdmin: 'no delegated administrator',
  hubOff: 'Security Hub CSPM is off',
  noAggregator: 'each region shows only its own findings',
  allRegions: 'all (ALL_REGIONS, and regions enabled later)',
  local: (autoEnable: boolean, standards: string) => `local configuration (auto-enable ${autoEnable ? 'on' : 'off'}, default standards ${standards}): each account and region set apart`,
  centralAfter: 'central configuration: policies set Security Hub CSPM in every account and region (auto-enable off, as AWS requires)',
  noPolicy: 'no configuration policy',
  selfManaged: 'each account manages its own Security Hub CSPM',
  otherAdmin: (other: string, account: string) =>
    `Security Hub CSPM's delegated administrator is ${other}, not the security account ${account}. It is left as it is (answer yes to organization-security-hub.replaceAdministrator to replace it; the findings stay in ${other}).`,
  replaceQuestion: (other: string) =>
    `Security Hub CSPM's delegated administrator is already ${other}. Replace it with the security account? (Its members stop reporting to it; its findings stay there.)`,
  elsewhere: (region: string, home: string) =>
    `The security account's finding aggregator is in ${region}, not ${home}: central configuration is managed from the aggregator's region, so it is left as it is (run with ${region} as the home region, or move the aggregator).`,
  linksSome: (mode: string) => `The finding aggregator links ${mode}, not every region: the policy takes effect only in the linked regions. It is left as it is.`,
  otherRootPolicy: (policy: string) => `The organization's root already has the configuration policy ${policy}: it is left as it is (the policy "${POLICY_NAME}" is not applied over it).`,
  policyDiffers: (standards: string) => `The configuration policy "${POLICY_NAME}" enables ${standards}; it is left as it is (change it in the Security Hub CSPM console of the security account).`,
  enablesItself: (account: string) => `Designating the administrator also turns on trusted access for Security Hub CSPM, registers ${account} in Organizations and enables Security Hub CSPM in it in this region.`,
  covers: 'The policy on the root governs every account of the organization (the management and security accounts too) in every linked region, and each account that joins later; per-account settings of Security Hub CSPM are then the administrator\'s only.',
  needsConfig: 'Security Hub CSPM\'s checks need AWS Config recording in each account and region: the aws-config step still runs per account.',
  costNote: `Costs: Security Hub CSPM is free for 30 days in each account and region; then it is billed per security check and per finding ingested (${PRICING}), in every account the policy reaches.`,
  covered: (accounts: number) => `The policy "${POLICY_NAME}" on the root governs the organization's ${accounts} accounts, and new accounts as they join.`,
  findingsKept: 'Undo never deletes findings: the accounts keep Security Hub CSPM on, self-managed, with their findings.',
  undo: {
    disableAdmin: (account: string, region: string) => `Remove ${account} as the Security Hub CSPM delegated administrator (in every region; designated in ${region}; accounts keep Security Hub CSPM and their findings, self-managed)`,
    restoreAdmin: (other: string) => `Make ${other} the Security Hub CSPM delegated administrator again`,
    restoreAdminManual: (other: string) =>
      `Replacing an administrator cannot be taken back automatically: to make ${other} the administrator again, remove the security account as administrator and designate ${other} in the Security Hub CSPM console of the management account.`,
    keepHub: (account: string) => `Security Hub CSPM enabled in ${account}`,
    keepHubManual: (account: string) => `Kept: disabling Security Hub CSPM would delete ${account}'s findings. Disable it in the Security Hub CSPM console of ${account} if it is no longer wanted.`,
    deleteAggregator: (account: string) => `Delete the finding aggregator in ${account} (each region then shows only its own findings; aggregated findings are not deleted)`,
    local: 'Turn central configuration off (back to local configuration; accounts keep their settings, self-managed)',
    deletePolicy: (name: string) => `Delete the configuration policy "${name}"`,
    disassociate: (name: string) => `Take the configuration policy "${name}" off the organization's root (accounts keep Security Hub CSPM, their standards and findings, self-managed)`,
  },
  drift: {
    notAdmin: (account: string) => `${account} is no longer the Security Hub CSPM delegated administrator`,
    aggregatorGone: 'the finding aggregator no longer exists',
    notCentral: 'central configuration is already off',
    policyGone: (name: string) => `the configuration policy "${name}" no longer exists`,
    notOnRoot: (name: string) => `the configuration policy "${name}" is no longer applied to the root`,
  },
  centralFailed: (message: string) => `Security Hub CSPM could not turn central configuration on: ${message}`,
  centralPending: 'Security Hub CSPM is still turning central configuration on (PENDING): run again in a few minutes.',
  noPolicyId: 'securityhub:CreateConfigurationPolicy returned no policy id',
  policyMissing: `the configuration policy "${POLICY_NAME}" was not found in the security account`,
  noRoot: 'organizations:ListRoots returned no root',
  managementNoCentral: 'The management account cannot use central configuration as Security Hub CSPM administrator (AWS refuses it): no configuration policy is made, and each account\'s Security Hub CSPM stays its own (choose a member account as organization.securityAccount).',
};

const t = texts('organization-security-hub', en, {
  title: 'Security Hub CSPM が組織のすべてのアカウント (新しいアカウントも含む) をセキュリティアカウントからチェックしている',
  why: 'セキュリティアカウントを Security Hub CSPM の管理者にし、中央設定と組織のルートに 1 つのポリシーを置くと、明日作成されるアカウントも含めて、すべてのアカウントがすべてのリージョンで同じ標準に照らしてチェックされ、検出結果は 1 か所で読めます。アカウントごとの実行は要りません。',
  enableAdmin: (account: string) => `${account} を Security Hub CSPM の委任管理者にする`,
  replaceAdmin: (other: string, account: string) => `Security Hub CSPM の委任管理者を ${other} から ${account} に替える`,
  enableHub: (account: string) => `${account} で、統合されたコントロールの検出結果をオンにして Security Hub CSPM を有効にする`,
  createAggregator: (account: string, home: string) => `${account} の ${home} に、すべてのリージョンをリンクする検出結果アグリゲーターを作成する`,
  central: (account: string) => `中央設定をオンにし、${account} から管理する`,
  createPolicy: (name: string, standards: string) => `設定ポリシー「${name}」を作成する: Security Hub CSPM を有効にし、${standards} を有効にする`,
  associate: (name: string, root: string) => `設定ポリシー「${name}」を組織のルート ${root} に適用する (すべてのアカウントとリンクされたリージョン、新しいアカウントも含む)`,
  noAdmin: '委任管理者なし',
  hubOff: 'Security Hub CSPM は無効',
  noAggregator: '各リージョンには自身の検出結果だけが表示される',
  allRegions: 'すべて (ALL_REGIONS、後から有効にするリージョンも含む)',
  local: (autoEnable: boolean, standards: string) => `ローカル設定 (自動有効化 ${autoEnable ? 'オン' : 'オフ'}、デフォルトの標準 ${standards}): アカウントとリージョンごとに別々に設定`,
  centralAfter: '中央設定: ポリシーがすべてのアカウントとリージョンの Security Hub CSPM を設定する (AWS の要件どおり自動有効化はオフ)',
  noPolicy: '設定ポリシーなし',
  selfManaged: '各アカウントが自身の Security Hub CSPM を管理している',
  otherAdmin: (other: string, account: string) =>
    `Security Hub CSPM の委任管理者は ${other} で、セキュリティアカウント ${account} ではありません。そのままにします (替えるには organization-security-hub.replaceAdministrator に yes と答えます。検出結果は ${other} に残ります)。`,
  replaceQuestion: (other: string) =>
    `Security Hub CSPM の委任管理者はすでに ${other} です。セキュリティアカウントに替えますか? (メンバーはそのアカウントに報告しなくなります。検出結果はそのアカウントに残ります。)`,
  elsewhere: (region: string, home: string) =>
    `セキュリティアカウントの検出結果アグリゲーターは ${home} ではなく ${region} にあります。中央設定はアグリゲーターのリージョンから管理するため、そのままにします (${region} をホームリージョンにして実行するか、アグリゲーターを移してください)。`,
  linksSome: (mode: string) => `検出結果アグリゲーターがリンクしているのは ${mode} で、すべてのリージョンではありません。ポリシーはリンクされたリージョンでだけ有効になります。そのままにします。`,
  otherRootPolicy: (policy: string) => `組織のルートにはすでに設定ポリシー ${policy} があります。そのままにします (ポリシー「${POLICY_NAME}」で上書きしません)。`,
  policyDiffers: (standards: string) => `設定ポリシー「${POLICY_NAME}」が有効にしているのは ${standards} です。そのままにします (セキュリティアカウントの Security Hub CSPM コンソールで変更してください)。`,
  enablesItself: (account: string) => `管理者を指定すると、Security Hub CSPM の信頼されたアクセスも有効になり、${account} が Organizations に登録され、このリージョンの ${account} で Security Hub CSPM が有効になります。`,
  covers: 'ルートのポリシーは、組織のすべてのアカウント (管理アカウントとセキュリティアカウントも含む) のリンクされたすべてのリージョンと、後から参加するアカウントに適用されます。以後、Security Hub CSPM のアカウントごとの設定は管理者だけが変更できます。',
  needsConfig: 'Security Hub CSPM のチェックには各アカウントとリージョンで AWS Config の記録が必要です。aws-config ステップは引き続きアカウントごとに実行します。',
  costNote: `料金: Security Hub CSPM は各アカウントとリージョンで 30 日間無料です。その後は、ポリシーが適用されるすべてのアカウントで、セキュリティチェックごと、取り込んだ検出結果ごとに課金されます (${PRICING})。`,
  covered: (accounts: number) => `ルートのポリシー「${POLICY_NAME}」が組織の ${accounts} アカウントに適用されています。新しいアカウントには参加した時点で適用されます。`,
  findingsKept: 'undo で検出結果を削除することはありません。各アカウントでは Security Hub CSPM が有効なまま、自己管理となり、検出結果も残ります。',
  undo: {
    disableAdmin: (account: string, region: string) => `${account} を Security Hub CSPM の委任管理者から外す (すべてのリージョンで。指定したのは ${region}。各アカウントは Security Hub CSPM と検出結果をそのまま持ち、自己管理になります)`,
    restoreAdmin: (other: string) => `${other} を再び Security Hub CSPM の委任管理者にする`,
    restoreAdminManual: (other: string) =>
      `管理者の交代は自動では元に戻せません。${other} を再び管理者にするには、管理アカウントの Security Hub CSPM コンソールでセキュリティアカウントを管理者から外し、${other} を指定してください。`,
    keepHub: (account: string) => `${account} で有効にした Security Hub CSPM`,
    keepHubManual: (account: string) => `残します: Security Hub CSPM を無効にすると ${account} の検出結果が削除されます。不要になったら ${account} の Security Hub CSPM コンソールで無効にしてください。`,
    deleteAggregator: (account: string) => `${account} の検出結果アグリゲーターを削除する (各リージョンには自身の検出結果だけが表示されるようになります。集約された検出結果は削除されません)`,
    local: '中央設定をオフにする (ローカル設定に戻します。各アカウントは設定をそのまま持ち、自己管理になります)',
    deletePolicy: (name: string) => `設定ポリシー「${name}」を削除する`,
    disassociate: (name: string) => `設定ポリシー「${name}」を組織のルートから外す (各アカウントは Security Hub CSPM、標準、検出結果をそのまま持ち、自己管理になります)`,
  },
  drift: {
    notAdmin: (account: string) => `${account} はもう Security Hub CSPM の委任管理者ではありません`,
    aggregatorGone: '検出結果アグリゲーターはもう存在しません',
    notCentral: '中央設定はすでにオフです',
    policyGone: (name: string) => `設定ポリシー「${name}」はもう存在しません`,
    notOnRoot: (name: string) => `設定ポリシー「${name}」はもうルートに適用されていません`,
  },
  centralFailed: (message: string) => `Security Hub CSPM は中央設定をオンにできませんでした: ${message}`,
  centralPending: 'Security Hub CSPM は中央設定をオンにしている途中です (PENDING)。数分後にもう一度実行してください。',
  noPolicyId: 'securityhub:CreateConfigurationPolicy がポリシー ID を返しませんでした',
  policyMissing: `セキュリティアカウントに設定ポリシー「${POLICY_NAME}」が見つかりませんでした`,
  noRoot: 'organizations:ListRoots がルートを返しませんでした',
  managementNoCentral: '管理アカウントは Security Hub CSPM の管理者として中央設定を使えません (AWS が拒否します)。設定ポリシーは作成せず、各アカウントの Security Hub CSPM はそれぞれの管理のままです (organization.securityAccount にはメンバーアカウントを選んでください)。',
});

export interface OrganizationSecurityHubState {
  readonly managementAccountId: string;
  readonly securityAccount: string;
  /** The security account as people read it: "id (name)". */
  readonly security: string;
  /** Security Hub's delegated administrator in this region, if any (and as people read it). */
  readonly admin?: string;
  readonly adminLabel?: string;
  /** The organization's root (organizations:ListRoots). */
  readonly rootId?: string;
  /** What Security Hub offers in the region (DescribeStandards in the security account); absent where it would not say. */
  readonly offered?: readonly OfferedStandard[];
  /** Read only once the security account is administrator: */
  readonly hub?: boolean;
  readonly aggregator?: { readonly arn: string; readonly region: string; readonly linkingMode?: string };
  readonly configuration?: { readonly type: string; readonly status: string; readonly autoEnable: boolean; readonly autoEnableStandards: string };
  /** The configuration policy named POLICY_NAME, with the standards it enables. */
  readonly policy?: { readonly id: string; readonly serviceEnabled: boolean; readonly standards: readonly string[] };
  /** The policy applied to the root (its id; SELF_MANAGED_SECURITY_HUB for self-managed), and its name where it is another. */
  readonly rootPolicy?: { readonly id: string; readonly name?: string };
  /** The organization's ACTIVE accounts. */
  readonly accounts: number;
}

export interface OrganizationSecurityHubInputs {
  /** The standards the policy enables (left out: FSBP and the newest CIS version the home region offers). */
  readonly standards?: string[];
  /** Replace another account that is already Security Hub's administrator (No unless said). */
  readonly replaceAdministrator: boolean;
}

export type OrganizationSecurityHubChange =
  | { action: 'enable-admin'; accountId: string }
  | { action: 'replace-admin'; accountId: string; previous: string }
  | { action: 'enable-hub'; accountId: string }
  | { action: 'create-aggregator'; accountId: string }
  | { action: 'central'; accountId: string; autoEnable: boolean; autoEnableStandards: string }
  | { action: 'create-policy'; accountId: string; standards: string[] }
  | { action: 'associate'; accountId: string; rootId: string };

export type OrganizationSecurityHubUndo =
  | { kind: 'disable-admin'; description: string; accountId: string; destructive: true }
  | { kind: 'restore-admin'; description: string; previous: string; manual: string }
  | { kind: 'keep-hub'; description: string; accountId: string; manual: string }
  | { kind: 'delete-aggregator'; description: string; accountId: string; aggregatorArn: string }
  | { kind: 'restore-local'; description: string; accountId: string; autoEnable: boolean; autoEnableStandards: string }
  | { kind: 'delete-policy'; description: string; accountId: string; policyId: string }
  | { kind: 'disassociate'; description: string; accountId: string; policyId: string; rootId: string };

const schema = securityHubInputs.extend({ replaceAdministrator: z.boolean().default(false) });

function questions(state: unknown, given: Readonly<Record<string, unknown>>): Question[] {
  const s = state as OrganizationSecurityHubState | undefined;
  if (given.replaceAdministrator !== undefined || !s?.admin || s.admin === s.securityAccount) return [];
  return [{ path: 'replaceAdministrator', message: t.replaceQuestion(s.adminLabel ?? s.admin), kind: 'confirm', default: false }];
}

/** The standards the policy enables, by their ARNs in the home region: as the single-account step chooses them. */
export function wantedStandards(state: OrganizationSecurityHubState, inputs: Pick<OrganizationSecurityHubInputs, 'standards'>, partition: string, region: string): string[] {
  const arnOf = (id: string) => state.offered?.find((o) => o.id === id)?.arn ?? standardsArn(partition, region, id);
  const ids = inputs.standards ?? [FSBP, (state.offered && newestCis(state.offered)?.id) ?? CIS_V3];
  return ids.map(arnOf);
}

const namesOf = (arns: readonly string[]) => arns.map(standardName).join(', ');

async function securityHubIn(ctx: StepContext, accountId: string) {
  return organizationOf(ctx, 'organization-security-hub').in(accountId).use('securityhub');
}

/** The security account's side, read once it is the administrator (AWS answers nothing there before). */
async function readAdministrator(ctx: StepContext, accountId: string): Promise<Partial<OrganizationSecurityHubState>> {
  const { client, sdk } = await securityHubIn(ctx, accountId);
  try {
    await client.send(new sdk.DescribeHubCommand({}));
  } catch (error) {
    if (isErrorCode(error, 'InvalidAccessException', 'ResourceNotFoundException')) return { hub: false };
    throw error;
  }
  const arns = await collectPages(sdk.paginateListFindingAggregators({ client }, {}), (page) => page.FindingAggregators);
  const first = arns[0]?.FindingAggregatorArn;
  const aggregator = first ? await client.send(new sdk.GetFindingAggregatorCommand({ FindingAggregatorArn: first })) : undefined;
  const described = await client.send(new sdk.DescribeOrganizationConfigurationCommand({}));
  const configuration = {
    type: described.OrganizationConfiguration?.ConfigurationType ?? 'LOCAL',
    status: described.OrganizationConfiguration?.Status ?? 'ENABLED',
    autoEnable: described.AutoEnable === true,
    autoEnableStandards: described.AutoEnableStandards ?? 'DEFAULT',
  };
  const found = {
    hub: true,
    ...(aggregator ? { aggregator: { arn: first!, region: aggregator.FindingAggregationRegion ?? '', ...(aggregator.RegionLinkingMode ? { linkingMode: aggregator.RegionLinkingMode } : {}) } } : {}),
    configuration,
  };
  // Policies exist only under central configuration, read from its home region.
  if (configuration.type !== 'CENTRAL' || (aggregator && aggregator.FindingAggregationRegion !== ctx.region)) return found;
  const [policies, associations] = await Promise.all([
    collectPages(sdk.paginateListConfigurationPolicies({ client }, {}), (page) => page.ConfigurationPolicySummaries),
    collectPages(sdk.paginateListConfigurationPolicyAssociations({ client }, { Filters: { AssociationType: 'APPLIED' } }), (page) => page.ConfigurationPolicyAssociationSummaries),
  ]);
  const ours = policies.find((p) => p.Name === POLICY_NAME);
  const policy = ours?.Id ? await client.send(new sdk.GetConfigurationPolicyCommand({ Identifier: ours.Id })) : undefined;
  const onRoot = associations.find((a) => a.TargetType === 'ROOT');
  return {
    ...found,
    ...(policy && ours?.Id ? { policy: { id: ours.Id, serviceEnabled: policy.ConfigurationPolicy?.SecurityHub?.ServiceEnabled === true, standards: policy.ConfigurationPolicy?.SecurityHub?.EnabledStandardIdentifiers ?? [] } } : {}),
    ...(onRoot?.ConfigurationPolicyId ? { rootPolicy: { id: onRoot.ConfigurationPolicyId, ...(policies.find((p) => p.Id === onRoot.ConfigurationPolicyId)?.Name ? { name: policies.find((p) => p.Id === onRoot.ConfigurationPolicyId)!.Name! } : {}) } } : {}),
  };
}

/** DescribeStandards in the security account (answered before Security Hub is on in most regions; else the fallback standards). */
async function readOffered(ctx: StepContext, accountId: string): Promise<readonly OfferedStandard[] | undefined> {
  const { client, sdk } = await securityHubIn(ctx, accountId);
  try {
    const standards = await collectPages(sdk.paginateDescribeStandards({ client }, {}), (page) => page.Standards);
    return standards.flatMap((s) => (s.StandardsArn ? [{ id: standardIdOf(s.StandardsArn), arn: s.StandardsArn, name: s.Name ?? '' }] : []));
  } catch (error) {
    if (isErrorCode(error, 'InvalidAccessException')) return undefined;
    throw error;
  }
}

/** Waits while central configuration is PENDING: policies cannot be made before it is ENABLED. */
async function centralEnabled(ctx: StepContext, accountId: string): Promise<void> {
  const { client, sdk } = await securityHubIn(ctx, accountId);
  for (const delay of [0, ...CENTRAL_DELAYS_MS]) {
    if (delay) await sleep(delay);
    const { OrganizationConfiguration: c } = await client.send(new sdk.DescribeOrganizationConfigurationCommand({}));
    if (c?.Status === 'FAILED') throw new Error(t.centralFailed(c.StatusMessage ?? 'FAILED'));
    if (c?.ConfigurationType === 'CENTRAL' && c.Status !== 'PENDING') return;
  }
  throw new Error(t.centralPending);
}

async function policyIdOf(ctx: StepContext, accountId: string): Promise<string> {
  const { client, sdk } = await securityHubIn(ctx, accountId);
  const policies = await collectPages(sdk.paginateListConfigurationPolicies({ client }, {}), (page) => page.ConfigurationPolicySummaries);
  const id = policies.find((p) => p.Name === POLICY_NAME)?.Id;
  if (!id) throw new Error(t.policyMissing);
  return id;
}

export default defineStep<OrganizationSecurityHubState, OrganizationSecurityHubInputs, OrganizationSecurityHubChange, OrganizationSecurityHubUndo>({
  id: 'organization-security-hub',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  organization: {
    covers: ['security-hub'],
    inSecurityAccount: [
      'securityhub:DescribeHub', 'securityhub:DescribeStandards', 'securityhub:ListFindingAggregators', 'securityhub:GetFindingAggregator',
      'securityhub:DescribeOrganizationConfiguration', 'securityhub:ListConfigurationPolicies', 'securityhub:GetConfigurationPolicy', 'securityhub:ListConfigurationPolicyAssociations',
      'securityhub:EnableSecurityHub', 'securityhub:TagResource', 'securityhub:CreateFindingAggregator', 'securityhub:UpdateOrganizationConfiguration',
      'securityhub:CreateConfigurationPolicy', 'securityhub:StartConfigurationPolicyAssociation', 'securityhub:StartConfigurationPolicyDisassociation',
      'securityhub:DeleteConfigurationPolicy', 'securityhub:DeleteFindingAggregator', 'iam:CreateServiceLinkedRole',
      // Central configuration reads the organization's structure as the administrator.
      'organizations:DescribeOrganization', 'organizations:ListRoots', 'organizations:ListAccounts',
    ],
  },
  permissions: {
    observe: [
      'securityhub:ListOrganizationAdminAccounts', 'organizations:ListRoots', 'securityhub:DescribeHub', 'securityhub:DescribeStandards', 'securityhub:ListFindingAggregators',
      'securityhub:GetFindingAggregator', 'securityhub:DescribeOrganizationConfiguration', 'securityhub:ListConfigurationPolicies', 'securityhub:GetConfigurationPolicy',
      'securityhub:ListConfigurationPolicyAssociations',
    ],
    // EnableOrganizationAdminAccount also turns on trusted access and registers the administrator in Organizations.
    apply: [
      'securityhub:EnableOrganizationAdminAccount', 'securityhub:DisableOrganizationAdminAccount', 'organizations:EnableAWSServiceAccess', 'organizations:RegisterDelegatedAdministrator',
      'organizations:DescribeOrganization', 'organizations:ListAccounts', 'iam:CreateServiceLinkedRole', 'securityhub:EnableSecurityHub', 'securityhub:TagResource',
      'securityhub:CreateFindingAggregator', 'securityhub:UpdateOrganizationConfiguration', 'securityhub:DescribeOrganizationConfiguration', 'securityhub:CreateConfigurationPolicy',
      'securityhub:ListConfigurationPolicies', 'securityhub:StartConfigurationPolicyAssociation',
    ],
    undo: [
      'organizations:DeregisterDelegatedAdministrator', 'securityhub:StartConfigurationPolicyDisassociation', 'securityhub:DeleteConfigurationPolicy', 'securityhub:UpdateOrganizationConfiguration', 'securityhub:DeleteFindingAggregator',
      'securityhub:DisableOrganizationAdminAccount',
    ],
  },
  inputs: { schema: schema as unknown as z.ZodType<OrganizationSecurityHubInputs>, questions },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-security-hub');
    const security = org.securityAccount;
    const { client, sdk } = await ctx.aws.use('securityhub');
    const { client: orgs, sdk: o } = await ctx.aws.use('organizations');
    const [admins, roots, offered] = await Promise.all([
      collectPages(sdk.paginateListOrganizationAdminAccounts({ client }, {}), (page) => page.AdminAccounts),
      collectPages(o.paginateListRoots({ client: orgs }, {}), (page) => page.Roots),
      readOffered(ctx, security),
    ]);
    const admin = admins.find((a) => a.Status === 'ENABLED')?.AccountId;
    return {
      managementAccountId: org.managementAccountId,
      securityAccount: security,
      security: named(org, security),
      ...(admin ? { admin, adminLabel: named(org, admin) } : {}),
      ...(roots[0]?.Id ? { rootId: roots[0].Id } : {}),
      ...(offered ? { offered } : {}),
      ...(admin === security ? await readAdministrator(ctx, security) : {}),
      accounts: org.accounts.length,
    };
  },

  plan(state, inputs, ctx) {
    const account = state.securityAccount;
    const other = state.admin && state.admin !== account ? (state.adminLabel ?? state.admin) : undefined;
    if (other && !inputs.replaceAdministrator) return { changes: [], notes: [t.otherAdmin(other, state.security)], skipped: t.otherAdmin(other, state.security) };
    const changes: Change<OrganizationSecurityHubChange>[] = [];
    const notes: string[] = [];
    const designating = state.admin !== account;
    if (other) {
      changes.push({ summary: t.replaceAdmin(other, state.security), before: { delegatedAdministrator: other }, after: { delegatedAdministrator: state.security }, payload: { action: 'replace-admin', accountId: account, previous: state.admin! } });
    } else if (designating) {
      changes.push({ summary: t.enableAdmin(state.security), before: t.noAdmin, after: { delegatedAdministrator: state.security, region: ctx.region }, payload: { action: 'enable-admin', accountId: account } });
    }
    if (designating) notes.push(t.enablesItself(state.security));
    else if (!state.hub) {
      changes.push({ summary: t.enableHub(state.security), before: t.hubOff, after: { controlFindings: 'SECURITY_CONTROL', tags: tagsText(ctx.runId) }, payload: { action: 'enable-hub', accountId: account } });
    }
    const aggregator = state.aggregator;
    if (aggregator && aggregator.region !== ctx.region) {
      return { changes, notes: [...notes, t.elsewhere(aggregator.region, ctx.region)], ...(changes.length ? {} : { skipped: t.elsewhere(aggregator.region, ctx.region) }) };
    }
    if (!aggregator) {
      changes.push({ summary: t.createAggregator(state.security, ctx.region), before: t.noAggregator, after: { homeRegion: ctx.region, linkedRegions: t.allRegions }, payload: { action: 'create-aggregator', accountId: account } });
    } else if (aggregator.linkingMode && aggregator.linkingMode !== 'ALL_REGIONS') {
      notes.push(t.linksSome(aggregator.linkingMode));
    }
    // AWS refuses central configuration to the management account as administrator (--allow-management-account).
    if (account === state.managementAccountId) {
      notes.push(t.managementNoCentral);
      return { changes, notes: [...notes, ...(changes.length ? [t.costNote] : [])] };
    }
    const configuration = state.configuration;
    if (configuration?.type !== 'CENTRAL') {
      const autoEnable = configuration?.autoEnable ?? false;
      const autoEnableStandards = configuration?.autoEnableStandards ?? 'DEFAULT';
      changes.push({ summary: t.central(state.security), before: t.local(autoEnable, autoEnableStandards), after: t.centralAfter, payload: { action: 'central', accountId: account, autoEnable, autoEnableStandards } });
    }
    const wanted = wantedStandards(state, inputs, ctx.partition, ctx.region);
    if (!state.policy) {
      changes.push({ summary: t.createPolicy(POLICY_NAME, namesOf(wanted)), before: t.noPolicy, after: { name: POLICY_NAME, serviceEnabled: true, standards: wanted, controls: 'all (new ones too)', tags: tagsText(ctx.runId) }, payload: { action: 'create-policy', accountId: account, standards: wanted } });
    } else if (!state.policy.serviceEnabled || [...state.policy.standards].sort().join() !== [...wanted].sort().join()) {
      notes.push(t.policyDiffers(state.policy.serviceEnabled ? namesOf(state.policy.standards) : 'Security Hub CSPM off'));
    }
    const onRoot = state.rootPolicy;
    const othersOnRoot = onRoot && onRoot.id !== 'SELF_MANAGED_SECURITY_HUB' && onRoot.id !== state.policy?.id;
    if (othersOnRoot) notes.push(t.otherRootPolicy(onRoot.name ?? onRoot.id));
    else if (!onRoot || onRoot.id !== state.policy?.id) {
      changes.push({ summary: t.associate(POLICY_NAME, state.rootId ?? 'root'), before: t.selfManaged, after: { root: state.rootId ?? 'root', policy: POLICY_NAME }, payload: { action: 'associate', accountId: account, rootId: state.rootId ?? '' } });
    }
    if (!changes.length) return { changes, notes: [...notes, t.covered(state.accounts)] };
    return { changes, notes: [...notes, t.covers, t.needsConfig, t.costNote, t.findingsKept] };
  },

  async apply(ctx, change) {
    const org = organizationOf(ctx, 'organization-security-hub');
    const { payload } = change;
    const label = named(org, payload.accountId);
    if (payload.action === 'enable-admin' || payload.action === 'replace-admin') {
      const { client, sdk } = await ctx.aws.use('securityhub');
      if (payload.action === 'replace-admin') await client.send(new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: payload.previous }));
      await client.send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: payload.accountId }));
      if (payload.action === 'replace-admin') {
        const previous = named(org, payload.previous);
        return { kind: 'restore-admin', description: t.undo.restoreAdmin(previous), previous: payload.previous, manual: t.undo.restoreAdminManual(previous) };
      }
      return { kind: 'disable-admin', description: t.undo.disableAdmin(label, ctx.region), accountId: payload.accountId, destructive: true };
    }
    const { client, sdk } = await securityHubIn(ctx, payload.accountId);
    switch (payload.action) {
      case 'enable-hub':
        await client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL', Tags: bootstrapTags(ctx.runId) }));
        return { kind: 'keep-hub', description: t.undo.keepHub(label), accountId: payload.accountId, manual: t.undo.keepHubManual(label) };
      case 'create-aggregator': {
        const made = await client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
        return { kind: 'delete-aggregator', description: t.undo.deleteAggregator(label), accountId: payload.accountId, aggregatorArn: made.FindingAggregatorArn ?? '' };
      }
      case 'central':
        await client.send(new sdk.UpdateOrganizationConfigurationCommand({ AutoEnable: false, AutoEnableStandards: 'NONE', OrganizationConfiguration: { ConfigurationType: 'CENTRAL' } }));
        return { kind: 'restore-local', description: t.undo.local, accountId: payload.accountId, autoEnable: payload.autoEnable, autoEnableStandards: payload.autoEnableStandards };
      case 'create-policy': {
        await centralEnabled(ctx, payload.accountId);
        const made = await client.send(new sdk.CreateConfigurationPolicyCommand({
          Name: POLICY_NAME,
          Description: 'aws-bootstrap: Security Hub CSPM on, with the checklist\'s standards and every control, in every account of the organization',
          ConfigurationPolicy: { SecurityHub: { ServiceEnabled: true, EnabledStandardIdentifiers: payload.standards, SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] } } },
          Tags: bootstrapTags(ctx.runId),
        }));
        if (!made.Id) throw new Error(t.noPolicyId);
        return { kind: 'delete-policy', description: t.undo.deletePolicy(POLICY_NAME), accountId: payload.accountId, policyId: made.Id };
      }
      case 'associate': {
        let rootId = payload.rootId;
        if (!rootId) {
          const { client: orgs, sdk: o } = await ctx.aws.use('organizations');
          rootId = (await collectPages(o.paginateListRoots({ client: orgs }, {}), (page) => page.Roots))[0]?.Id ?? '';
          if (!rootId) throw new Error(t.noRoot);
        }
        const policyId = await policyIdOf(ctx, payload.accountId);
        await client.send(new sdk.StartConfigurationPolicyAssociationCommand({ ConfigurationPolicyIdentifier: policyId, Target: { RootId: rootId } }));
        return { kind: 'disassociate', description: t.undo.disassociate(POLICY_NAME), accountId: payload.accountId, policyId, rootId };
      }
    }
  },

  async undo(ctx, action) {
    if (action.kind === 'restore-admin' || action.kind === 'keep-hub') return;
    if (action.kind === 'disable-admin') {
      const org = organizationOf(ctx, 'organization-security-hub');
      if (action.accountId === org.managementAccountId) {
        const { client, sdk } = await ctx.aws.use('securityhub');
        await client.send(new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: action.accountId }));
        return;
      }
      // Through Organizations: it removes the administrator in every region (central configuration made it one in each
      // linked region; securityhub:DisableOrganizationAdminAccount removes it in one region only).
      const { client, sdk } = await ctx.aws.use('organizations');
      try {
        await client.send(new sdk.DeregisterDelegatedAdministratorCommand({ AccountId: action.accountId, ServicePrincipal: 'securityhub.amazonaws.com' }));
      } catch (error) {
        if (!isErrorCode(error, 'AccountNotRegisteredException')) throw error;
      }
      return;
    }
    const { client, sdk } = await securityHubIn(ctx, action.accountId);
    try {
      switch (action.kind) {
        case 'disassociate':
          await client.send(new sdk.StartConfigurationPolicyDisassociationCommand({ ConfigurationPolicyIdentifier: action.policyId, Target: { RootId: action.rootId } }));
          return;
        case 'delete-policy':
          await client.send(new sdk.DeleteConfigurationPolicyCommand({ Identifier: action.policyId }));
          return;
        case 'restore-local':
          await client.send(new sdk.UpdateOrganizationConfigurationCommand({
            AutoEnable: action.autoEnable, AutoEnableStandards: action.autoEnableStandards as 'DEFAULT' | 'NONE', OrganizationConfiguration: { ConfigurationType: 'LOCAL' },
          }));
          return;
        case 'delete-aggregator':
          await client.send(new sdk.DeleteFindingAggregatorCommand({ FindingAggregatorArn: action.aggregatorArn }));
          return;
      }
    } catch (error) {
      // A retry after a lost answer finds it done.
      if (!isErrorCode(error, 'ResourceNotFoundException')) throw error;
    }
  },

  undoDrift(state, action) {
    switch (action.kind) {
      case 'disable-admin':
        return state.admin === action.accountId ? undefined : t.drift.notAdmin(action.accountId);
      case 'delete-aggregator':
        return state.aggregator?.arn === action.aggregatorArn ? undefined : t.drift.aggregatorGone;
      case 'restore-local':
        return state.configuration?.type === 'CENTRAL' ? undefined : t.drift.notCentral;
      case 'delete-policy':
        return state.policy?.id === action.policyId ? undefined : t.drift.policyGone(POLICY_NAME);
      case 'disassociate':
        return state.rootPolicy?.id === action.policyId ? undefined : t.drift.notOnRoot(POLICY_NAME);
      default:
        return undefined;
    }
  },
});
