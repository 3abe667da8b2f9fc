/**
 * One AWS Config organization aggregator in the security account, in the home region: every
 * account and region of the organization in one view (resources and rule compliance). Config
 * allows it there because organization-access made the security account Config's delegated
 * administrator (with trusted access for config.amazonaws.com). Its role is a service role Config
 * assumes to read the organization, with the AWS managed policy AWSConfigRoleForOrganizations.
 * Recorders stay per account (the aws-config step): AWS cannot enable them organization-wide.
 */
import { z } from 'zod';
import { isErrorCode } from '../../src/aws/errors.js';
import { bootstrapTagList, notCreatedByRun, tagsText } from '../../src/core/tags.js';
import { defineStep, type Change, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { named, organizationOf } from './shared.js';

export const AGGREGATOR_NAME = 'aws-bootstrap-organization';
export const ROLE_NAME = 'aws-bootstrap-config-aggregator';
/** The managed policy's ARN is under service-role/ (AWS managed policy reference). */
const MANAGED_POLICY = (partition: string) => `arn:${partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
/** Config refuses a role IAM made moments ago until IAM has spread it: sent again after growing waits (about 16 s in all). */
const ROLE_SPREAD_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const en = {
  title: 'One AWS Config aggregator in the security account shows every account and region of the organization',
  why: 'With an organization aggregator, the resources and rule compliance that each account\'s Config recorder records are read in one place, for every account (new ones included) and region, instead of account by account.',
  createRole: (role: string, account: string) => `Create the IAM role ${role} in ${account} for AWS Config to read the organization (AWSConfigRoleForOrganizations)`,
  createAggregator: (name: string, account: string, region: string) => `Create the organization aggregator ${name} in ${account}, in ${region}, over every region`,
  noRole: 'no role',
  noAggregator: 'each account\'s Config data is read in that account',
  allRegions: 'all (AllAwsRegions, and regions enabled later)',
  exists: (name: string, account: string) => `The organization aggregator ${name} in ${account} already shows the organization: it is kept.`,
  someRegions: (name: string) => `The organization aggregator ${name} covers only some regions (not AllAwsRegions); it is left as it is.`,
  recordersNote: 'The aggregator shows what each account\'s Config recorder records: the aws-config step still runs in every account (AWS cannot turn recorders on for the organization).',
  costNote: 'An aggregator costs nothing of its own; Config bills the recorders and rules in each account.',
  undo: {
    deleteRole: (role: string, account: string) => `Delete the IAM role ${role} in ${account}`,
    deleteAggregator: (name: string, account: string) => `Delete the organization aggregator ${name} in ${account} (it holds no data of its own: each account's Config data stays)`,
  },
  drift: {
    roleGone: (role: string) => `the role ${role} no longer exists`,
    aggregatorGone: (name: string) => `the aggregator ${name} no longer exists`,
    what: (name: string) => `the aggregator ${name}`,
    role: (role: string) => `the role ${role}`,
  },
  roleNotOurs: (role: string) => `The role ${role} already exists and was not made by this run: it is not used.`,
};

const t = texts('organization-config-aggregator', en, {
  title: 'セキュリティアカウントの 1 つの AWS Config アグリゲーターが、組織のすべてのアカウントとリージョンを表示している',
  why: '組織のアグリゲーターがあると、各アカウントの Config レコーダーが記録するリソースとルールの準拠状況を、アカウントごとではなく、すべてのアカウント (新しいアカウントも含む) とリージョンについて 1 か所で読めます。',
  createRole: (role: string, account: string) => `AWS Config が組織を読み取るための IAM ロール ${role} を ${account} に作成する (AWSConfigRoleForOrganizations)`,
  createAggregator: (name: string, account: string, region: string) => `${account} の ${region} に、すべてのリージョンを対象とする組織のアグリゲーター ${name} を作成する`,
  noRole: 'ロールなし',
  noAggregator: '各アカウントの Config のデータはそのアカウントで読む',
  allRegions: 'すべて (AllAwsRegions、後から有効にするリージョンも含む)',
  exists: (name: string, account: string) => `${account} の組織のアグリゲーター ${name} がすでに組織を表示しています。そのまま使います。`,
  someRegions: (name: string) => `組織のアグリゲーター ${name} は一部のリージョンだけを対象にしています (AllAwsRegions ではありません)。そのままにします。`,
  recordersNote: 'アグリゲーターが表示するのは各アカウントの Config レコーダーが記録する内容です。aws-config ステップは引き続きすべてのアカウントで実行します (AWS は組織全体でレコーダーを有効にできません)。',
  costNote: 'アグリゲーター自体に料金はかかりません。Config は各アカウントのレコーダーとルールに課金します。',
  undo: {
    deleteRole: (role: string, account: string) => `${account} の IAM ロール ${role} を削除する`,
    deleteAggregator: (name: string, account: string) => `${account} の組織のアグリゲーター ${name} を削除する (アグリゲーター自体はデータを持たず、各アカウントの Config のデータは残ります)`,
  },
  drift: {
    roleGone: (role: string) => `ロール ${role} はもう存在しません`,
    aggregatorGone: (name: string) => `アグリゲーター ${name} はもう存在しません`,
    what: (name: string) => `アグリゲーター ${name}`,
    role: (role: string) => `ロール ${role}`,
  },
  roleNotOurs: (role: string) => `ロール ${role} はすでに存在し、この実行で作成したものではありません。使用しません。`,
});

export interface OrganizationConfigAggregatorState {
  readonly securityAccount: string;
  readonly security: string;
  /** The role this step makes, if it exists (with its tags and whether it has the managed policy). */
  readonly role?: { readonly arn: string; readonly tags: Readonly<Record<string, string>>; readonly managedPolicy: boolean };
  /** The security account's organization aggregators in this region. */
  readonly aggregators: ReadonlyArray<{ readonly name: string; readonly allRegions: boolean; readonly tags?: Readonly<Record<string, string>> }>;
}

type NoInputs = Record<string, never>;

export type OrganizationConfigAggregatorChange = { action: 'create-role'; accountId: string } | { action: 'create-aggregator'; accountId: string };

export type OrganizationConfigAggregatorUndo =
  | { kind: 'delete-role'; description: string; accountId: string; roleName: string; policyArn: string }
  | { kind: 'delete-aggregator'; description: string; accountId: string; name: string };

async function inSecurity<S extends 'iam' | 'config'>(ctx: StepContext, accountId: string, service: S) {
  return organizationOf(ctx, 'organization-config-aggregator').in(accountId).use(service);
}

const tagMap = (tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined) => Object.fromEntries((tags ?? []).map((x) => [x.Key ?? '', x.Value ?? '']));

export default defineStep<OrganizationConfigAggregatorState, NoInputs, OrganizationConfigAggregatorChange, OrganizationConfigAggregatorUndo>({
  id: 'organization-config-aggregator',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  organization: {
    covers: [],
    inSecurityAccount: [
      'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:CreateRole', 'iam:TagRole', 'iam:AttachRolePolicy', 'iam:PassRole', 'iam:DetachRolePolicy', 'iam:DeleteRole',
      'config:DescribeConfigurationAggregators', 'config:ListTagsForResource', 'config:PutConfigurationAggregator', 'config:TagResource', 'config:DeleteConfigurationAggregator',
      // Config checks the caller is the delegated administrator (the user guide's permissions for an organization aggregator).
      'organizations:ListDelegatedAdministrators', 'organizations:DescribeOrganization', 'organizations:ListAWSServiceAccessForOrganization',
    ],
  },
  // Config's trusted access and the security account as its delegated administrator.
  needs: ['organization-access'],
  permissions: {
    observe: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'config:DescribeConfigurationAggregators', 'config:ListTagsForResource'],
    apply: [
      'iam:CreateRole', 'iam:TagRole', 'iam:AttachRolePolicy', 'iam:PassRole', 'config:PutConfigurationAggregator', 'config:TagResource',
      'organizations:ListDelegatedAdministrators', 'organizations:DescribeOrganization', 'organizations:ListAWSServiceAccessForOrganization',
    ],
    undo: ['iam:DetachRolePolicy', 'iam:DeleteRole', 'config:DeleteConfigurationAggregator'],
  },
  inputs: { schema: z.object({}).strict() as z.ZodType<NoInputs>, questions: () => [] },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-config-aggregator');
    const security = org.securityAccount;
    const iam = await inSecurity(ctx, security, 'iam');
    const config = await inSecurity(ctx, security, 'config');
    let role: OrganizationConfigAggregatorState['role'];
    try {
      const { Role } = await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE_NAME }));
      const attached = await iam.client.send(new iam.sdk.ListAttachedRolePoliciesCommand({ RoleName: ROLE_NAME }));
      role = { arn: Role?.Arn ?? '', tags: tagMap(Role?.Tags), managedPolicy: (attached.AttachedPolicies ?? []).some((p) => p.PolicyArn === MANAGED_POLICY(ctx.partition)) };
    } catch (error) {
      if (!isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
    }
    const { ConfigurationAggregators: found = [] } = await config.client.send(new config.sdk.DescribeConfigurationAggregatorsCommand({}));
    const organizational = found.filter((a) => a.OrganizationAggregationSource);
    const aggregators = await Promise.all(organizational.map(async (a) => {
      const tags = ctx.readTags && a.ConfigurationAggregatorArn ? tagMap((await config.client.send(new config.sdk.ListTagsForResourceCommand({ ResourceArn: a.ConfigurationAggregatorArn }))).Tags) : undefined;
      return { name: a.ConfigurationAggregatorName ?? '', allRegions: a.OrganizationAggregationSource?.AllAwsRegions === true, ...(tags ? { tags } : {}) };
    }));
    return { securityAccount: security, security: named(org, security), ...(role ? { role } : {}), aggregators };
  },

  plan(state, _inputs, ctx) {
    const existing = state.aggregators[0];
    if (existing) return { changes: [], notes: [existing.allRegions ? t.exists(existing.name, state.security) : t.someRegions(existing.name)] };
    const changes: Change<OrganizationConfigAggregatorChange>[] = [];
    if (!state.role) {
      changes.push({
        summary: t.createRole(ROLE_NAME, state.security),
        before: t.noRole,
        after: { role: ROLE_NAME, trusts: 'config.amazonaws.com', policy: MANAGED_POLICY(ctx.partition), tags: tagsText(ctx.runId) },
        payload: { action: 'create-role', accountId: state.securityAccount },
      });
    }
    changes.push({
      summary: t.createAggregator(AGGREGATOR_NAME, state.security, ctx.region),
      before: t.noAggregator,
      after: { name: AGGREGATOR_NAME, source: 'organization', regions: t.allRegions, role: ROLE_NAME, tags: tagsText(ctx.runId) },
      payload: { action: 'create-aggregator', accountId: state.securityAccount },
    });
    return { changes, notes: [t.recordersNote, t.costNote] };
  },

  async apply(ctx, change) {
    const org = organizationOf(ctx, 'organization-config-aggregator');
    const { accountId } = change.payload;
    const label = named(org, accountId);
    const iam = await inSecurity(ctx, accountId, 'iam');
    if (change.payload.action === 'create-role') {
      try {
        await iam.client.send(new iam.sdk.CreateRoleCommand({
          RoleName: ROLE_NAME, AssumeRolePolicyDocument: TRUST, Description: 'Lets AWS Config read the organization for the organization aggregator (aws-bootstrap)', Tags: bootstrapTagList(ctx.runId),
        }));
      } catch (error) {
        // A retry after a lost answer finds the role: used only if this run made it.
        if (!isErrorCode(error, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) throw error;
        const { Role } = await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE_NAME }));
        if (ctx.runId && notCreatedByRun(tagMap(Role?.Tags), ctx.runId, t.drift.role(ROLE_NAME))) throw new Error(t.roleNotOurs(ROLE_NAME), { cause: error });
      }
      await iam.client.send(new iam.sdk.AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: MANAGED_POLICY(ctx.partition) }));
      return { kind: 'delete-role', description: t.undo.deleteRole(ROLE_NAME, label), accountId, roleName: ROLE_NAME, policyArn: MANAGED_POLICY(ctx.partition) };
    }
    const { Role } = await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE_NAME }));
    const config = await inSecurity(ctx, accountId, 'config');
    const put = () => config.client.send(new config.sdk.PutConfigurationAggregatorCommand({
      ConfigurationAggregatorName: AGGREGATOR_NAME,
      OrganizationAggregationSource: { RoleArn: Role?.Arn, AllAwsRegions: true },
      Tags: bootstrapTagList(ctx.runId),
    }));
    for (const delay of [...ROLE_SPREAD_DELAYS_MS, undefined]) {
      try {
        await put();
        break;
      } catch (error) {
        if (delay === undefined || !isErrorCode(error, 'InvalidRoleException')) throw error;
        await sleep(delay);
      }
    }
    return { kind: 'delete-aggregator', description: t.undo.deleteAggregator(AGGREGATOR_NAME, label), accountId, name: AGGREGATOR_NAME };
  },

  async undo(ctx, action) {
    if (action.kind === 'delete-aggregator') {
      const config = await inSecurity(ctx, action.accountId, 'config');
      try {
        await config.client.send(new config.sdk.DeleteConfigurationAggregatorCommand({ ConfigurationAggregatorName: action.name }));
      } catch (error) {
        if (!isErrorCode(error, 'NoSuchConfigurationAggregatorException')) throw error;
      }
      return;
    }
    const iam = await inSecurity(ctx, action.accountId, 'iam');
    try {
      await iam.client.send(new iam.sdk.DetachRolePolicyCommand({ RoleName: action.roleName, PolicyArn: action.policyArn }));
    } catch (error) {
      if (!isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
    }
    try {
      await iam.client.send(new iam.sdk.DeleteRoleCommand({ RoleName: action.roleName }));
    } catch (error) {
      if (!isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
    }
  },

  undoDrift(state, action, recorded) {
    if (action.kind === 'delete-aggregator') {
      const found = state.aggregators.find((a) => a.name === action.name);
      if (!found) return t.drift.aggregatorGone(action.name);
      return recorded ? notCreatedByRun(found.tags, recorded.runId, t.drift.what(action.name)) : undefined;
    }
    if (!state.role) return t.drift.roleGone(action.roleName);
    return recorded ? notCreatedByRun(state.role.tags, recorded.runId, t.drift.role(action.roleName)) : undefined;
  },
});
