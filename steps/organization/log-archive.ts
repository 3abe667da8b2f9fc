/**
 * The log archive account keeps every account's logs: in its home region, one locked-down bucket
 * for the organization trail's log files and one for every account's AWS Config deliveries (the
 * shared log bucket module: Block Public Access, ACLs disabled, SSE-S3, HTTPS only, a lifecycle
 * rule). The trail bucket's policy lets CloudTrail write AWSLogs/<management account>/ and
 * AWSLogs/<organization id>/ for the organization trail only (`aws:SourceArn`); the Config
 * bucket's lets Config write AWSLogs/<any account>/Config/ for the organization's accounts only
 * (`aws:SourceOrgID`). Config records with each account's own service-linked role, made here
 * where an account has none. Covers the per-account config-bucket step: every account's aws-config
 * step delivers to the log archive account's bucket.
 */
import { z } from 'zod';
import { isErrorCode } from '../../src/aws/errors.js';
import { bootstrapTagList, tagsText } from '../../src/core/tags.js';
import { defineStep, type Change, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { LIFECYCLE_RULE_ID as TRAIL_RULE_ID, logBucketName } from '../shared/cloudtrail-documents.js';
import {
  logBucketChanges, logBucketDrift, removeBucketByHand, restoreSettingDescription, type LogBucketPayload, type ObservedBucket, type PolicyStatement,
} from '../shared/log-bucket.js';
import { applyLogBucketChange, LOG_BUCKET_PERMISSIONS, logBucketApi, readLogBucket, undoLogBucketChange } from '../shared/log-bucket-aws.js';
import type { ConfigBucketProvides } from '../config-bucket.js';
import { named, ORGANIZATION_TRAIL_NAME, organizationOf, organizationTrailArn } from './shared.js';

const CONFIG_RULE_ID = 'aws-bootstrap-config-expiry';
const CONFIG_PRINCIPAL = 'config.amazonaws.com';
const CONFIG_ROLE_NAME = 'AWSServiceRoleForConfig';
/** The names the per-account steps give these buckets, in the log archive account (whose own per-account buckets they replace). */
const configBucketName = (accountId: string, region: string) => `aws-bootstrap-config-${accountId}-${region}`;
const configRoleArn = (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:role/aws-service-role/${CONFIG_PRINCIPAL}/${CONFIG_ROLE_NAME}`;

const en = {
  title: 'The log archive account keeps the CloudTrail and Config logs of every account',
  why: 'Logs kept in the account they describe can be deleted by whoever takes that account over. One bucket for the organization trail and one for AWS Config, in the log archive account, that only CloudTrail and Config may write to (for this organization only), keep every account\'s record where its own administrators cannot reach it.',
  trailWriter: 'the organization trail',
  trailContents: 'log files of every account',
  trailAllows: (management: string, orgId: string, trailArn: string) => `only CloudTrail may write AWSLogs/${management}/ and AWSLogs/${orgId}/, for ${trailArn}`,
  configContents: 'configuration snapshots and history files of every account',
  configAllows: (orgId: string) => `only AWS Config, for accounts of ${orgId}, may write AWSLogs/<account>/Config/`,
  createRole: (account: string) => `Create the service-linked role ${CONFIG_ROLE_NAME} that AWS Config records with in ${account}`,
  noRole: 'no such role',
  roleCreated: (tags: string) => `only AWS Config can use it (AWS's managed policy AWSConfigServiceRolePolicy); tagged ${tags}`,
  unreachable: (accounts: readonly string[]) => `AWS Config's role could not be checked in ${accounts.join(', ')} (the member role could not be assumed there); each account's own run says why.`,
  otherTrailBucket: (trail: string, bucket: string) => `The organization trail ${trail} delivers to s3://${bucket}; the organization-trail step says what it changes.`,
  cost: (days: number) => `Costs: S3 storage in the log archive account (S3 Standard, about USD 0.023 per GB-month in us-east-1; kept ${days} days). The organization's management events come to a few MB a month per quiet account.`,
  undoKeeps: 'Undo keeps both buckets: the logs in them are evidence. It says how to remove them by hand.',
  undo: {
    keepBucket: (bucket: string, account: string) => `Keep the S3 bucket ${bucket} in ${account} (made by this run) with the organization's logs`,
    keepBucketByHand: (bucket: string, command: string) => `The S3 bucket ${bucket} holds the organization's logs, which are evidence: undo never deletes it. When they are no longer needed, empty and delete it from the log archive account: ${command}`,
    keepRole: (account: string) => `Keep the service-linked role ${CONFIG_ROLE_NAME} made in ${account}`,
    keepRoleByHand: (account: string) => `The role ${CONFIG_ROLE_NAME} in ${account} lets only AWS Config read resource configurations. Once no Config recorder there uses it, delete it if unwanted: \`aws iam delete-service-linked-role --role-name ${CONFIG_ROLE_NAME}\` in ${account}.`,
  },
};

const t = texts('organization-log-archive', en, {
  title: 'ログアーカイブアカウントがすべてのアカウントの CloudTrail と Config のログを保管している',
  why: 'ログを記録対象のアカウントに置くと、そのアカウントを乗っ取った者に削除されかねません。ログアーカイブアカウントに、組織の証跡用と AWS Config 用のバケットを 1 つずつ置き、(この組織についてだけ) CloudTrail と Config だけが書き込めるようにすると、各アカウントの記録はそのアカウントの管理者の手の届かない所に残ります。',
  trailWriter: '組織の証跡',
  trailContents: 'すべてのアカウントのログファイル',
  trailAllows: (management: string, orgId: string, trailArn: string) => `AWSLogs/${management}/ と AWSLogs/${orgId}/ に書き込めるのは CloudTrail のみ (${trailArn} 用)`,
  configContents: 'すべてのアカウントの設定スナップショットと履歴ファイル',
  configAllows: (orgId: string) => `AWSLogs/<アカウント>/Config/ に書き込めるのは ${orgId} のアカウントの AWS Config のみ`,
  createRole: (account: string) => `${account} に AWS Config が記録に使うサービスリンクロール ${CONFIG_ROLE_NAME} を作成する`,
  noRole: 'ロールなし',
  roleCreated: (tags: string) => `AWS Config だけが使える (AWS 管理ポリシー AWSConfigServiceRolePolicy)。タグ: ${tags}`,
  unreachable: (accounts: readonly string[]) => `${accounts.join('、')} では AWS Config のロールを確認できませんでした (メンバーロールを引き受けられませんでした)。理由は各アカウントの実行が示します。`,
  otherTrailBucket: (trail: string, bucket: string) => `組織の証跡 ${trail} は s3://${bucket} に配信しています。何を変更するかは organization-trail ステップが示します。`,
  cost: (days: number) => `料金: ログアーカイブアカウントの S3 ストレージ (S3 Standard、us-east-1 で 1 GB・月あたり約 USD 0.023、保持期間 ${days} 日)。静かなアカウントの管理イベントは月に数 MB です。`,
  undoKeeps: 'undo では両方のバケットを残します。中のログは証拠になるためです。手作業での削除方法を示します。',
  undo: {
    keepBucket: (bucket: string, account: string) => `${account} の S3 バケット ${bucket} (この実行で作成) を組織のログとともに残す`,
    keepBucketByHand: (bucket: string, command: string) => `S3 バケット ${bucket} には組織のログが保存されています。ログは証拠になるため、undo では削除しません。不要になったら、ログアーカイブアカウントでバケットを空にしてから削除してください: ${command}`,
    keepRole: (account: string) => `${account} に作成したサービスリンクロール ${CONFIG_ROLE_NAME} を残す`,
    keepRoleByHand: (account: string) => `${account} のロール ${CONFIG_ROLE_NAME} は AWS Config がリソースの設定を読むためだけのものです。そこで Config レコーダーが使わなくなってから、不要なら削除してください: ${account} で \`aws iam delete-service-linked-role --role-name ${CONFIG_ROLE_NAME}\``,
  },
});

export interface OrganizationLogArchiveState {
  readonly managementAccountId: string;
  readonly logArchiveAccount: string;
  /** Accounts as people read them, by id. */
  readonly labels: Readonly<Record<string, string>>;
  readonly organizationId: string;
  /** The management account's organization trail, if there is one (the bucket policy names it). */
  readonly trail?: { readonly arn: string; readonly name: string; readonly bucket: string };
  readonly trailBucket?: ObservedBucket;
  readonly configBucket?: ObservedBucket;
  /** The ACTIVE accounts without Config's service-linked role. */
  readonly withoutConfigRole: readonly string[];
  /** Accounts whose role could not be read (the member role could not be assumed there). */
  readonly unreachable?: readonly string[];
}

export interface OrganizationLogArchiveInputs {
  readonly trailRetentionDays: number;
  readonly configRetentionDays: number;
}

export type OrganizationLogArchivePayload = LogBucketPayload | { action: 'create-config-role'; accountId: string };

type Of<A extends OrganizationLogArchivePayload['action']> = Extract<OrganizationLogArchivePayload, { action: A }>;

export type OrganizationLogArchiveUndo =
  | { kind: 'keep-bucket'; description: string; manual: string; change: Of<'create-bucket'>; logArchiveAccount: string }
  | { kind: 'restore-bucket-setting'; description: string; change: Of<'bucket-setting'>; logArchiveAccount: string }
  | { kind: 'keep-config-role'; description: string; manual: string };

/** What stands in for the config-bucket step in every account, and what the organization trail delivers to. */
export interface OrganizationLogArchiveProvides extends ConfigBucketProvides {
  readonly trailBucketName: string;
  /** The organization trail the trail bucket's policy lets write. */
  readonly trailArn: string;
}

const days = z.number().int().min(1).max(36_500);
const schema = z.object({ trailRetentionDays: days.default(365), configRetentionDays: days.default(365) }).strict();

/** AWS's bucket policy for an organization trail: the management account's path and the organization's, for this trail only. */
export function organizationTrailStatements(partition: string, bucket: string, managementAccountId: string, organizationId: string, trailArn: string): PolicyStatement[] {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
  const write = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } };
  return [
    { Sid: 'AWSCloudTrailOrganizationAclCheck', Effect: 'Allow', Principal: cloudtrail, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
    { Sid: 'AWSCloudTrailManagementAccountWrite', Effect: 'Allow', Principal: cloudtrail, Action: 's3:PutObject', Resource: `${bucketArn}/AWSLogs/${managementAccountId}/*`, Condition: write },
    { Sid: 'AWSCloudTrailOrganizationWrite', Effect: 'Allow', Principal: cloudtrail, Action: 's3:PutObject', Resource: `${bucketArn}/AWSLogs/${organizationId}/*`, Condition: write },
  ];
}

/** Config delivering for any account of the organization (`aws:SourceOrgID`), each under its own AWSLogs/<account>/Config/. */
export function organizationConfigStatements(partition: string, bucket: string, organizationId: string): PolicyStatement[] {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const config = { Service: CONFIG_PRINCIPAL };
  const ours = { 'aws:SourceOrgID': organizationId };
  return [
    { Sid: 'AWSConfigOrganizationBucketPermissionsCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: ours } },
    { Sid: 'AWSConfigOrganizationBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringEquals: ours } },
    {
      Sid: 'AWSConfigOrganizationBucketDelivery', Effect: 'Allow', Principal: config, Action: 's3:PutObject', Resource: `${bucketArn}/AWSLogs/*/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...ours } },
    },
  ];
}

/** The step's context in another account of the organization (the member role there). */
function contextIn(ctx: StepContext, accountId: string): StepContext {
  const { shared: _shared, ...rest } = ctx;
  return accountId === ctx.accountId ? ctx : { ...rest, accountId, aws: organizationOf(ctx, 'organization-log-archive').in(accountId) };
}

async function hasConfigRole(ctx: StepContext): Promise<boolean> {
  const { client, sdk } = await ctx.aws.use('iam');
  try {
    await client.send(new sdk.GetRoleCommand({ RoleName: CONFIG_ROLE_NAME }));
    return true;
  } catch (error) {
    if (isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) return false;
    throw error;
  }
}

async function createConfigRole(ctx: StepContext): Promise<void> {
  const { client, sdk } = await ctx.aws.use('iam');
  try {
    await client.send(new sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: CONFIG_PRINCIPAL }));
  } catch (error) {
    // Made meanwhile (or by a lost answer's first attempt): there is one, which is all Config needs.
    if (!(isErrorCode(error, 'InvalidInputException', 'InvalidInput') && /has been taken/.test(String((error as Error).message)))) throw error;
    return;
  }
  await client.send(new sdk.TagRoleCommand({ RoleName: CONFIG_ROLE_NAME, Tags: bootstrapTagList(ctx.runId) }));
}

const names = (state: OrganizationLogArchiveState, region: string) => ({ trail: logBucketName(state.logArchiveAccount, region), config: configBucketName(state.logArchiveAccount, region) });

export default defineStep<OrganizationLogArchiveState, OrganizationLogArchiveInputs, OrganizationLogArchivePayload, OrganizationLogArchiveUndo>({
  id: 'organization-log-archive',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  // Each change names the account it is made in (the buckets' name carries the log archive account's id; a role names its account).
  organization: { covers: ['config-bucket'], perAccount: true },
  permissions: {
    // The bucket calls are made in the log archive account and the role calls in each account, through the member role (whose policy has them for the per-account steps).
    observe: ['organizations:DescribeOrganization', 'cloudtrail:DescribeTrails', ...LOG_BUCKET_PERMISSIONS.observe, 'iam:GetRole'],
    apply: [...LOG_BUCKET_PERMISSIONS.apply, 'iam:CreateServiceLinkedRole', 'iam:TagRole'],
    undo: [...LOG_BUCKET_PERMISSIONS.undo],
  },
  inputs: { schema: schema as z.ZodType<OrganizationLogArchiveInputs>, questions: () => [] },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-log-archive');
    const { client, sdk } = await ctx.aws.use('organizations');
    const { client: trails, sdk: ct } = await ctx.aws.use('cloudtrail');
    const [{ Organization }, { trailList = [] }] = await Promise.all([
      client.send(new sdk.DescribeOrganizationCommand({})),
      trails.send(new ct.DescribeTrailsCommand({ includeShadowTrails: true })),
    ]);
    const own = trailList.filter((tr) => tr.IsOrganizationTrail && tr.TrailARN?.split(':')[4] === org.managementAccountId);
    const trail = own.find((tr) => tr.Name === ORGANIZATION_TRAIL_NAME) ?? own[0];
    const archive = contextIn(ctx, org.logArchiveAccount);
    const [trailBucket, configBucket, roles] = await Promise.all([
      readLogBucket(archive, logBucketName(org.logArchiveAccount, ctx.region)),
      readLogBucket(archive, configBucketName(org.logArchiveAccount, ctx.region)),
      // An account the member role cannot reach (invited, without the role) is left to its own run, which says why.
      Promise.all(org.accounts.map(async (a) => [a.id, await (async () => hasConfigRole(contextIn(ctx, a.id)))().catch((error: unknown) => (a.id === org.logArchiveAccount ? Promise.reject(error) : 'unreachable' as const))] as const)),
    ]);
    return {
      managementAccountId: org.managementAccountId,
      logArchiveAccount: org.logArchiveAccount,
      labels: Object.fromEntries(org.accounts.map((a) => [a.id, named(org, a.id)])),
      organizationId: Organization?.Id ?? '',
      ...(trail ? { trail: { arn: trail.TrailARN!, name: trail.Name!, bucket: trail.S3BucketName ?? '' } } : {}),
      ...(trailBucket ? { trailBucket } : {}),
      ...(configBucket ? { configBucket } : {}),
      withoutConfigRole: roles.filter(([, has]) => has === false).map(([id]) => id),
      unreachable: roles.filter(([, has]) => has === 'unreachable').map(([id]) => id),
    };
  },

  plan(state, inputs, ctx) {
    const bucket = names(state, ctx.region);
    const trailArn = state.trail?.arn ?? organizationTrailArn(ctx.partition, ctx.region, state.managementAccountId);
    const changes: Change<OrganizationLogArchivePayload>[] = [
      ...logBucketChanges(state.trailBucket, {
        name: bucket.trail,
        writer: t.trailWriter,
        contents: t.trailContents,
        statements: organizationTrailStatements(ctx.partition, bucket.trail, state.managementAccountId, state.organizationId, trailArn),
        allows: t.trailAllows(state.managementAccountId, state.organizationId, trailArn),
        lifecycleRuleId: TRAIL_RULE_ID,
        retentionDays: inputs.trailRetentionDays,
      }, ctx.partition, ctx.runId),
      ...logBucketChanges(state.configBucket, {
        name: bucket.config,
        writer: 'AWS Config',
        contents: t.configContents,
        statements: organizationConfigStatements(ctx.partition, bucket.config, state.organizationId),
        allows: t.configAllows(state.organizationId),
        lifecycleRuleId: CONFIG_RULE_ID,
        retentionDays: inputs.configRetentionDays,
      }, ctx.partition, ctx.runId),
      ...state.withoutConfigRole.map((accountId) => ({
        summary: t.createRole(state.labels[accountId] ?? accountId),
        before: t.noRole,
        after: t.roleCreated(tagsText(ctx.runId)),
        payload: { action: 'create-config-role' as const, accountId },
      })),
    ];
    const notes: string[] = [];
    if (state.unreachable?.length) notes.push(t.unreachable(state.unreachable.map((id) => state.labels[id] ?? id)));
    if (state.trail && state.trail.bucket !== bucket.trail) notes.push(t.otherTrailBucket(state.trail.name, state.trail.bucket));
    if (!state.trailBucket || !state.configBucket) notes.push(t.cost(Math.max(inputs.trailRetentionDays, inputs.configRetentionDays)), t.undoKeeps);
    return { changes, notes };
  },

  provides(state, _inputs, ctx): OrganizationLogArchiveProvides {
    const bucket = names(state, ctx.region);
    return {
      bucketName: bucket.config,
      // Each account records with its own role of this name: aws-config reads the account from its own context.
      roleArn: configRoleArn(ctx.partition, state.managementAccountId),
      homeRegion: ctx.region,
      trailBucketName: bucket.trail,
      trailArn: state.trail?.arn ?? organizationTrailArn(ctx.partition, ctx.region, state.managementAccountId),
    };
  },

  async apply(ctx, change) {
    const org = organizationOf(ctx, 'organization-log-archive');
    const p = change.payload;
    if (p.action === 'create-config-role') {
      await createConfigRole(contextIn(ctx, p.accountId));
      const label = named(org, p.accountId);
      return { kind: 'keep-config-role', description: t.undo.keepRole(label), manual: t.undo.keepRoleByHand(label) };
    }
    const archive = contextIn(ctx, org.logArchiveAccount);
    await applyLogBucketChange(await logBucketApi(archive, p.bucket), p);
    if (p.action === 'create-bucket') {
      return {
        kind: 'keep-bucket', description: t.undo.keepBucket(p.bucket, named(org, org.logArchiveAccount)), change: p, manual: t.undo.keepBucketByHand(p.bucket, removeBucketByHand(p.bucket, ctx.region)),
        logArchiveAccount: org.logArchiveAccount,
      };
    }
    // Undo (run without organization.logArchiveAccount) finds the account again from this record.
    return { kind: 'restore-bucket-setting', description: restoreSettingDescription(p.setting, p.bucket), change: p, logArchiveAccount: org.logArchiveAccount };
  },

  async undo(ctx, action) {
    if (action.kind !== 'restore-bucket-setting') return;
    await undoLogBucketChange(await logBucketApi(contextIn(ctx, action.logArchiveAccount), action.change.bucket), action.change);
  },

  undoDrift(state, action) {
    if (action.kind === 'keep-config-role') return undefined;
    const trail = action.change.bucket === state.trailBucket?.name || action.change.bucket.startsWith('aws-bootstrap-cloudtrail-');
    return logBucketDrift(trail ? state.trailBucket : state.configBucket, action.change, trail ? TRAIL_RULE_ID : CONFIG_RULE_ID);
  },
});
