/**
 * One organization trail records every account of the organization, present and future: made in
 * the management account's home region (`IsOrganizationTrail`, multi-region, global service
 * events, log file validation, every management event, as the per-account trail), delivering to
 * the log archive account's bucket (organization-log-archive) and to a CloudWatch Logs group in
 * the management account, where the log alarms watch it. An existing organization trail is adopted
 * instead of a second one. Covers the per-account cloudtrail step: what it provides (the log
 * group) stands in for that step's in every account.
 */
import { z } from 'zod';
import { defineStep, type Change, type PlanContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { notCreatedByRun, tagsText } from '../../src/core/tags.js';
import {
  cloudTrailApi, readLogGroups, readRole, readTrails, type ObservedLogGroup, type ObservedRole, type ObservedTrail, type TrailPayload, type TrailSettings,
} from '../shared/cloudtrail-aws.js';
import {
  deliveryPolicy, LOG_RETENTION_DAYS, logGroupArnOf, logGroupNameOf, logsAllManagementEvents, roleTrust, trustsCloudTrail, withAllManagementEvents,
} from '../shared/cloudtrail-documents.js';
import { sameJson, type PolicyDocument } from '../shared/log-bucket.js';
import type { CloudTrailProvides } from '../cloudtrail/cloudtrail.js';
import type { OrganizationLogArchiveProvides } from './log-archive.js';
import { ORGANIZATION_TRAIL_NAME, organizationOf, organizationTrailArn } from './shared.js';

/** The organization trail's own delivery role (the per-account trail's may exist beside it, for its own group). */
export const ORGANIZATION_ROLE_NAME = 'aws-bootstrap-organization-trail-to-logs';
const DEFAULT_LOG_GROUP = '/aws-bootstrap/organization-trail';

const en = {
  title: 'One organization trail records every API call of every account',
  why: 'One trail made in the management account records every account of the organization, including the ones created tomorrow, into the log archive account, where no member can change or delete it; its events reach CloudWatch Logs in the management account, where the log alarms watch them. No account needs a trail of its own.',
  group: (name: string, days: number) => `Create the CloudWatch Logs group ${name}, keeping events ${days} days`,
  noGroup: 'no log group',
  groupCreated: (days: number, tags: string) => `retention ${days} days; tagged ${tags}`,
  retention: (name: string, days: number) => `Keep events in the log group ${name} for ${days} days`,
  days: (days: number | undefined) => (days ? `${days} days` : 'never expire'),
  role: `Create the role ${ORGANIZATION_ROLE_NAME}, which CloudTrail uses to deliver the organization's events to CloudWatch Logs`,
  noRole: 'no role',
  roleCreated: (tags: string) => `trusted by cloudtrail.amazonaws.com; tagged ${tags}`,
  trust: `Let CloudTrail use the role ${ORGANIZATION_ROLE_NAME}`,
  policy: (group: string) => `Let the role ${ORGANIZATION_ROLE_NAME} write every account's events to ${group} (logs:CreateLogStream, logs:PutLogEvents)`,
  noPolicy: 'no such permission',
  policyAfter: (groupArn: string) => `only in ${groupArn}`,
  create: (name: string) => `Create the organization trail ${name}`,
  noTrail: 'no organization trail',
  created: (bucket: string, group: string, tags: string) => `every account of the organization, new ones included: management events (read and write) of every region and global services, log file validation, to s3://${bucket} (log archive account) and ${group}; tagged ${tags}`,
  start: (name: string) => `Start logging on the organization trail ${name}`,
  notLogging: 'not logging',
  logging: 'logging',
  update: (name: string, what: readonly string[]) => `Update the organization trail ${name}: ${what.join(', ')}`,
  multiRegion: 'log every region',
  globalEvents: 'include global service events',
  validation: 'turn on log file validation',
  deliver: (group: string) => `deliver to the CloudWatch Logs group ${group}`,
  selectors: (name: string) => `Log every management event (read and write) on the organization trail ${name}`,
  adopting: (name: string) => `Adopting the existing organization trail ${name} instead of creating a second one (a second copy of management events would be billed in every account).`,
  otherBucket: (name: string, bucket: string) => `The organization trail ${name} delivers to s3://${bucket}, which is left as it is.`,
  covers: (name: string) => `The organization trail ${name} records every account of the organization, new ones included; no account needs a trail of its own.`,
  elsewhere: (name: string, home: string) => `The organization trail ${name} has its home region in ${home}: it can only be changed there (run with --region ${home}); no log group is offered to the log alarms here.`,
  cost: (days: number) => `Costs: the first copy of management events is free in every account. Billed: CloudWatch Logs ingestion of every account's events in the management account (about USD 0.50 per GB in us-east-1; kept ${days} days) and S3 storage in the log archive account.`,
  undoKeeps: 'Undo stops and deletes the trail and role this run makes, but keeps the log group and the log archive buckets: logs are evidence.',
  undo: {
    keepGroup: (name: string) => `Keep the CloudWatch Logs group ${name} (made by this run) with the organization's events`,
    keepGroupByHand: (name: string, region: string) => `The CloudWatch Logs group ${name} holds the organization's events, which are evidence: undo never deletes it. When they are no longer needed: \`aws logs delete-log-group --log-group-name ${name} --region ${region}\` in the management account`,
    retention: (name: string) => `Put the previous retention of the log group ${name} back`,
    deleteRole: `Delete the role ${ORGANIZATION_ROLE_NAME} (made by this run)`,
    trust: `Put the previous trust policy of the role ${ORGANIZATION_ROLE_NAME} back`,
    policy: `Put the previous delivery permissions of the role ${ORGANIZATION_ROLE_NAME} back`,
    deleteTrail: (name: string, bucket: string) => `Delete the organization trail ${name} (made by this run; its log files stay in s3://${bucket})`,
    trail: (name: string) => `Put the previous settings of the organization trail ${name} back`,
    selectors: (name: string) => `Put the previous event selectors of the organization trail ${name} back`,
    stopLogging: (name: string) => `Stop logging on the organization trail ${name}`,
  },
  drift: {
    gone: (what: string) => `${what} no longer exists`,
    changed: (what: string) => `${what} was changed since this run`,
    trail: (name: string) => `the organization trail ${name}`,
    role: `the role ${ORGANIZATION_ROLE_NAME}`,
  },
};

const t = texts('organization-trail', en, {
  title: '1 つの組織の証跡がすべてのアカウントのすべての API コールを記録する',
  why: '管理アカウントに作る 1 つの証跡が、明日作成されるアカウントも含めて組織のすべてのアカウントを記録し、どのメンバーも変更・削除できないログアーカイブアカウントに保存します。イベントは管理アカウントの CloudWatch Logs に届き、ログのアラームがそこで監視します。アカウントごとの証跡は要りません。',
  group: (name: string, days: number) => `CloudWatch Logs のロググループ ${name} を作成する (イベントの保持期間 ${days} 日)`,
  noGroup: 'ロググループなし',
  groupCreated: (days: number, tags: string) => `保持期間 ${days} 日。タグ: ${tags}`,
  retention: (name: string, days: number) => `ロググループ ${name} のイベントの保持期間を ${days} 日にする`,
  days: (days: number | undefined) => (days ? `${days} 日` : '失効しない'),
  role: `CloudTrail が組織のイベントを CloudWatch Logs に配信するのに使うロール ${ORGANIZATION_ROLE_NAME} を作成する`,
  noRole: 'ロールなし',
  roleCreated: (tags: string) => `cloudtrail.amazonaws.com を信頼。タグ: ${tags}`,
  trust: `CloudTrail がロール ${ORGANIZATION_ROLE_NAME} を使えるようにする`,
  policy: (group: string) => `ロール ${ORGANIZATION_ROLE_NAME} がすべてのアカウントのイベントを ${group} に書き込めるようにする (logs:CreateLogStream, logs:PutLogEvents)`,
  noPolicy: 'その権限なし',
  policyAfter: (groupArn: string) => `${groupArn} の中だけ`,
  create: (name: string) => `組織の証跡 ${name} を作成する`,
  noTrail: '組織の証跡なし',
  created: (bucket: string, group: string, tags: string) => `新しいアカウントも含む組織のすべてのアカウント: すべてのリージョンとグローバルサービスの管理イベント (読み取りと書き込み)、ログファイルの検証、s3://${bucket} (ログアーカイブアカウント) と ${group} に配信。タグ: ${tags}`,
  start: (name: string) => `組織の証跡 ${name} のログ記録を開始する`,
  notLogging: 'ログ記録なし',
  logging: 'ログ記録中',
  update: (name: string, what: readonly string[]) => `組織の証跡 ${name} を更新する: ${what.join('、')}`,
  multiRegion: 'すべてのリージョンを記録する',
  globalEvents: 'グローバルサービスイベントを含める',
  validation: 'ログファイルの検証を有効にする',
  deliver: (group: string) => `CloudWatch Logs のロググループ ${group} に配信する`,
  selectors: (name: string) => `組織の証跡 ${name} ですべての管理イベント (読み取りと書き込み) を記録する`,
  adopting: (name: string) => `2 つ目を作成する代わりに、既存の組織の証跡 ${name} を引き継ぎます (管理イベントの 2 つ目のコピーはすべてのアカウントで課金されるため)。`,
  otherBucket: (name: string, bucket: string) => `組織の証跡 ${name} は s3://${bucket} に配信しています。この配信先はそのままにします。`,
  covers: (name: string) => `組織の証跡 ${name} が、新しいアカウントも含めて組織のすべてのアカウントを記録しています。アカウントごとの証跡は要りません。`,
  elsewhere: (name: string, home: string) => `組織の証跡 ${name} のホームリージョンは ${home} で、そこでしか変更できません (--region ${home} を付けて実行してください)。ここでは log-alarms ステップにロググループを渡しません。`,
  cost: (days: number) => `料金: 管理イベントの最初のコピーはどのアカウントでも無料です。課金されるもの: 管理アカウントでのすべてのアカウントのイベントの CloudWatch Logs への取り込み (us-east-1 で 1 GB あたり約 USD 0.50、保持期間 ${days} 日) と、ログアーカイブアカウントの S3 ストレージ。`,
  undoKeeps: 'undo では、この実行で作成する証跡とロールを停止して削除しますが、ロググループとログアーカイブのバケットは残します。ログは証拠になるためです。',
  undo: {
    keepGroup: (name: string) => `CloudWatch Logs のロググループ ${name} (この実行で作成) を組織のイベントとともに残す`,
    keepGroupByHand: (name: string, region: string) => `CloudWatch Logs のロググループ ${name} には組織のイベントが保存されています。イベントは証拠になるため、undo では削除しません。不要になったら管理アカウントで削除してください: \`aws logs delete-log-group --log-group-name ${name} --region ${region}\``,
    retention: (name: string) => `ロググループ ${name} の保持期間を以前のものに戻す`,
    deleteRole: `ロール ${ORGANIZATION_ROLE_NAME} (この実行で作成) を削除する`,
    trust: `ロール ${ORGANIZATION_ROLE_NAME} の信頼ポリシーを以前のものに戻す`,
    policy: `ロール ${ORGANIZATION_ROLE_NAME} の配信権限を以前のものに戻す`,
    deleteTrail: (name: string, bucket: string) => `組織の証跡 ${name} (この実行で作成) を削除する (ログファイルは s3://${bucket} に残る)`,
    trail: (name: string) => `組織の証跡 ${name} の設定を以前のものに戻す`,
    selectors: (name: string) => `組織の証跡 ${name} のイベントセレクターを以前のものに戻す`,
    stopLogging: (name: string) => `組織の証跡 ${name} のログ記録を停止する`,
  },
  drift: {
    gone: (what: string) => `${what} はもう存在しない`,
    changed: (what: string) => `${what} はこの実行の後に変更されている`,
    trail: (name: string) => `組織の証跡 ${name}`,
    role: `ロール ${ORGANIZATION_ROLE_NAME}`,
  },
});

export interface OrganizationTrailState {
  readonly organizationId: string;
  /** The trails the management account sees in this region (its own, shadows included). */
  readonly trails: readonly ObservedTrail[];
  readonly logGroups: readonly ObservedLogGroup[];
  readonly role?: ObservedRole;
}

const schema = z.object({
  logGroupName: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/).refine((name) => !name.startsWith('aws/')).default(DEFAULT_LOG_GROUP),
  logRetentionDays: z.number().int().refine((n) => LOG_RETENTION_DAYS.includes(n)).default(365),
}).strict();
export type OrganizationTrailInputs = z.output<typeof schema>;

export type OrganizationTrailPayload = TrailPayload;

type Of<A extends OrganizationTrailPayload['action']> = Extract<OrganizationTrailPayload, { action: A }>;

export type OrganizationTrailUndo =
  | { kind: 'keep-log-group'; description: string; manual: string; change: Of<'create-log-group'> }
  | { kind: 'restore-retention'; description: string; change: Of<'set-retention'> }
  | { kind: 'delete-role'; description: string; change: Of<'create-role'> }
  | { kind: 'restore-role-trust'; description: string; change: Of<'update-role-trust'> }
  | { kind: 'restore-role-policy'; description: string; change: Of<'put-role-policy'> }
  | { kind: 'delete-trail'; description: string; change: Of<'create-trail'>; trailArn: string }
  | { kind: 'restore-trail'; description: string; change: Of<'update-trail'> }
  | { kind: 'restore-event-selectors'; description: string; change: Of<'put-event-selectors'> }
  | { kind: 'stop-logging'; description: string; change: Of<'start-logging'> };

/**
 * The delivery role's permissions for an organization trail: the management account's streams
 * and the members' (CloudTrail names those `<organization id>_<account>_CloudTrail_<region>`).
 */
export function organizationDeliveryPolicy(logGroupArn: string, managementAccountId: string, organizationId: string): PolicyDocument {
  const document = deliveryPolicy(logGroupArn, managementAccountId);
  return { ...document, Statement: document.Statement.map((s) => ({ ...s, Resource: [s.Resource as string, `${logGroupArn}:log-stream:${organizationId}_*`] })) };
}

interface Decision {
  readonly trail?: ObservedTrail;
  /** Why this region cannot act on the organization trail, if so. */
  readonly elsewhere?: string;
  readonly trailArn: string;
  readonly group: { readonly name: string; readonly arn: string };
  readonly ourGroup: boolean;
  readonly ourRole: boolean;
}

function decide(state: OrganizationTrailState, inputs: OrganizationTrailInputs, ctx: PlanContext): Decision {
  const organizationTrails = state.trails.filter((tr) => tr.organization && tr.accountId === ctx.accountId);
  const here = organizationTrails.filter((tr) => tr.homeRegion === ctx.region);
  const trail = here.find((tr) => tr.name === ORGANIZATION_TRAIL_NAME) ?? here[0];
  const ours = { name: inputs.logGroupName, arn: logGroupArnOf(ctx.partition, ctx.region, ctx.accountId, inputs.logGroupName) };
  const away = !trail ? organizationTrails[0] : undefined;
  if (away) return { trail: away, elsewhere: t.elsewhere(away.name, away.homeRegion), trailArn: away.arn, group: ours, ourGroup: false, ourRole: false };
  const theirs = trail?.logGroupArn;
  const group = theirs ? { name: logGroupNameOf(theirs), arn: theirs.replace(/:\*$/, '') } : ours;
  return {
    ...(trail ? { trail } : {}),
    trailArn: trail?.arn ?? organizationTrailArn(ctx.partition, ctx.region, ctx.accountId),
    group,
    ourGroup: group.name === inputs.logGroupName,
    ourRole: !theirs || (trail?.roleArn ?? '').endsWith(`:role/${ORGANIZATION_ROLE_NAME}`),
  };
}

function deliveryChanges(state: OrganizationTrailState, d: Decision, inputs: OrganizationTrailInputs, ctx: PlanContext): Change<OrganizationTrailPayload>[] {
  const changes: Change<OrganizationTrailPayload>[] = [];
  const days = inputs.logRetentionDays;
  const group = state.logGroups.find((g) => g.name === d.group.name);
  if (d.ourGroup && !group) {
    changes.push({ summary: t.group(d.group.name, days), before: t.noGroup, after: t.groupCreated(days, tagsText(ctx.runId)), payload: { action: 'create-log-group', name: d.group.name, retentionInDays: days } });
  } else if (d.ourGroup && group!.retentionInDays !== days) {
    changes.push({
      summary: t.retention(d.group.name, days), before: t.days(group!.retentionInDays), after: t.days(days),
      payload: { action: 'set-retention', name: d.group.name, retentionInDays: days, ...(group!.retentionInDays ? { previous: group!.retentionInDays } : {}) },
    });
  }
  if (!d.ourRole) return changes;
  const trust = JSON.stringify(roleTrust());
  const policy = JSON.stringify(organizationDeliveryPolicy(d.group.arn, ctx.accountId, state.organizationId));
  if (!state.role) changes.push({ summary: t.role, before: t.noRole, after: t.roleCreated(tagsText(ctx.runId)), payload: { action: 'create-role', trust } });
  else if (!trustsCloudTrail(state.role.trust)) changes.push({ summary: t.trust, before: state.role.trust, after: trust, payload: { action: 'update-role-trust', trust, previous: state.role.trust } });
  if (!state.role?.deliveryPolicy || !sameJson(JSON.parse(state.role.deliveryPolicy), JSON.parse(policy))) {
    changes.push({
      summary: t.policy(d.group.name), before: state.role?.deliveryPolicy ?? t.noPolicy, after: t.policyAfter(d.group.arn),
      payload: { action: 'put-role-policy', document: policy, ...(state.role?.deliveryPolicy ? { previous: state.role.deliveryPolicy } : {}) },
    });
  }
  return changes;
}

function trailChanges(d: Decision, bucket: string, ctx: PlanContext): Change<OrganizationTrailPayload>[] {
  const roleArn = `arn:${ctx.partition}:iam::${ctx.accountId}:role/${ORGANIZATION_ROLE_NAME}`;
  const trail = d.trail;
  if (!trail) {
    return [
      { summary: t.create(ORGANIZATION_TRAIL_NAME), before: t.noTrail, after: t.created(bucket, d.group.name, tagsText(ctx.runId)), payload: { action: 'create-trail', name: ORGANIZATION_TRAIL_NAME, bucket, logGroupArn: d.group.arn, roleArn } },
      { summary: t.start(ORGANIZATION_TRAIL_NAME), before: t.notLogging, after: t.logging, payload: { action: 'start-logging', trailArn: d.trailArn, name: ORGANIZATION_TRAIL_NAME } },
    ];
  }
  const changes: Change<OrganizationTrailPayload>[] = [];
  const set: TrailSettings = {};
  const previous: TrailSettings = {};
  const what: string[] = [];
  const fix = (description: string, after: TrailSettings, before: TrailSettings) => {
    Object.assign(set, after);
    Object.assign(previous, before);
    what.push(description);
  };
  if (!trail.multiRegion) fix(t.multiRegion, { IsMultiRegionTrail: true }, { IsMultiRegionTrail: false });
  if (!trail.globalEvents) fix(t.globalEvents, { IncludeGlobalServiceEvents: true }, { IncludeGlobalServiceEvents: false });
  if (!trail.validation) fix(t.validation, { EnableLogFileValidation: true }, { EnableLogFileValidation: false });
  if (!trail.logGroupArn) fix(t.deliver(d.group.name), { CloudWatchLogsLogGroupArn: `${d.group.arn}:*`, CloudWatchLogsRoleArn: roleArn }, { CloudWatchLogsLogGroupArn: '', CloudWatchLogsRoleArn: '' });
  if (what.length) changes.push({ summary: t.update(trail.name, what), before: previous, after: set, payload: { action: 'update-trail', trailArn: trail.arn, name: trail.name, set, previous } });
  if (!logsAllManagementEvents(trail.selectors)) {
    const selectors = withAllManagementEvents(trail.selectors);
    changes.push({ summary: t.selectors(trail.name), before: trail.selectors, after: selectors, payload: { action: 'put-event-selectors', trailArn: trail.arn, name: trail.name, selectors, previous: trail.selectors } });
  }
  if (!trail.logging) changes.push({ summary: t.start(trail.name), before: t.notLogging, after: t.logging, payload: { action: 'start-logging', trailArn: trail.arn, name: trail.name } });
  return changes;
}

export default defineStep<OrganizationTrailState, OrganizationTrailInputs, OrganizationTrailPayload, OrganizationTrailUndo>({
  id: 'organization-trail',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  organization: { covers: ['cloudtrail'] },
  // Trusted access for CloudTrail (organization-access), and the bucket that lets the trail write (organization-log-archive).
  needs: ['organization-access', 'organization-log-archive'],
  permissions: {
    observe: [
      'organizations:DescribeOrganization', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:ListTags',
      'logs:DescribeLogGroups', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies',
    ],
    // An organization trail also needs the Organizations reads CloudTrail makes for its caller (and iam:CreateServiceLinkedRole for AWSServiceRoleForCloudTrail).
    apply: [
      'logs:CreateLogGroup', 'logs:TagResource', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy',
      'iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:PassRole', 'iam:CreateServiceLinkedRole',
      'cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:GetTrail', 'cloudtrail:ListTags', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging',
      'organizations:DescribeOrganization', 'organizations:ListAWSServiceAccessForOrganization',
    ],
    undo: [
      'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
      'iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
    ],
  },
  inputs: { schema: schema as z.ZodType<OrganizationTrailInputs>, questions: () => [] },

  async observe(ctx) {
    organizationOf(ctx, 'organization-trail');
    const { client, sdk } = await ctx.aws.use('organizations');
    const [{ Organization }, trails, logGroups, role] = await Promise.all([
      client.send(new sdk.DescribeOrganizationCommand({})), readTrails(ctx), readLogGroups(ctx), readRole(ctx, ORGANIZATION_ROLE_NAME),
    ]);
    return { organizationId: Organization?.Id ?? '', trails, logGroups, ...(role ? { role } : {}) };
  },

  plan(state, inputs, ctx) {
    const archive = ctx.provided?.['organization-log-archive'] as OrganizationLogArchiveProvides | undefined;
    const d = decide(state, inputs, ctx);
    if (d.elsewhere) return { changes: [], skipped: d.elsewhere };
    const bucket = archive?.trailBucketName ?? '';
    const changes = [...deliveryChanges(state, d, inputs, ctx), ...trailChanges(d, bucket, ctx)];
    const name = d.trail?.name ?? ORGANIZATION_TRAIL_NAME;
    const notes = [t.covers(name)];
    if (d.trail && d.trail.name !== ORGANIZATION_TRAIL_NAME) notes.unshift(t.adopting(d.trail.name));
    if (d.trail && d.trail.bucket !== bucket) notes.push(t.otherBucket(d.trail.name, d.trail.bucket));
    if (changes.some((c) => c.payload.action === 'create-trail' || c.payload.action === 'create-log-group')) notes.push(t.cost(inputs.logRetentionDays), t.undoKeeps);
    return { changes, notes };
  },

  provides(state, inputs, ctx): CloudTrailProvides | undefined {
    const d = decide(state, inputs, ctx);
    return d.elsewhere ? undefined : { logGroupName: d.group.name, logGroupArn: d.group.arn, trailArn: d.trailArn };
  },

  async apply(ctx, change) {
    const api = await cloudTrailApi(ctx, ORGANIZATION_ROLE_NAME);
    const p = change.payload;
    switch (p.action) {
      case 'create-log-group':
        await api.createLogGroup(p.name, p.retentionInDays);
        return { kind: 'keep-log-group', description: t.undo.keepGroup(p.name), manual: t.undo.keepGroupByHand(p.name, ctx.region), change: p };
      case 'set-retention':
        await api.setRetention(p.name, p.retentionInDays);
        return { kind: 'restore-retention', description: t.undo.retention(p.name), change: p };
      case 'create-role':
        await api.createRole(JSON.parse(p.trust) as PolicyDocument);
        return { kind: 'delete-role', description: t.undo.deleteRole, change: p };
      case 'update-role-trust':
        await api.updateRoleTrust(p.trust);
        return { kind: 'restore-role-trust', description: t.undo.trust, change: p };
      case 'put-role-policy':
        await api.putRolePolicy(p.document);
        return { kind: 'restore-role-policy', description: t.undo.policy, change: p };
      case 'create-trail': {
        const trailArn = await api.createTrail({ ...p, organization: true });
        return { kind: 'delete-trail', description: t.undo.deleteTrail(p.name, p.bucket), change: p, trailArn };
      }
      case 'update-trail':
        await api.updateTrail(p.trailArn, p.set);
        return { kind: 'restore-trail', description: t.undo.trail(p.name), change: p };
      case 'put-event-selectors':
        await api.putEventSelectors(p.trailArn, p.selectors);
        return { kind: 'restore-event-selectors', description: t.undo.selectors(p.name), change: p };
      case 'start-logging':
        await api.startLogging(p.trailArn);
        return { kind: 'stop-logging', description: t.undo.stopLogging(p.name), change: p };
    }
  },

  async undo(ctx, action) {
    if (action.kind === 'keep-log-group') return;
    const api = await cloudTrailApi(ctx, ORGANIZATION_ROLE_NAME);
    switch (action.kind) {
      case 'restore-retention':
        return void (await api.setRetention(action.change.name, action.change.previous));
      case 'delete-role':
        return api.deleteRole();
      case 'restore-role-trust':
        return void (await api.updateRoleTrust(action.change.previous));
      case 'restore-role-policy':
        return void (await (action.change.previous ? api.putRolePolicy(action.change.previous) : api.deleteRolePolicy()));
      case 'delete-trail':
        return api.deleteTrail(action.trailArn);
      case 'restore-trail':
        return void (await api.updateTrail(action.change.trailArn, action.change.previous));
      case 'restore-event-selectors':
        return void (await api.putEventSelectors(action.change.trailArn, action.change.previous));
      case 'stop-logging':
        return void (await api.stopLogging(action.change.trailArn));
    }
  },

  undoDrift(state, action, recorded) {
    const trailOf = (arn: string) => state.trails.find((tr) => tr.arn === arn);
    switch (action.kind) {
      case 'delete-trail': {
        const trail = trailOf(action.trailArn);
        if (!trail) return t.drift.gone(t.drift.trail(action.change.name));
        return recorded && notCreatedByRun(trail.tags, recorded.runId, t.drift.trail(action.change.name));
      }
      case 'delete-role':
        if (!state.role) return t.drift.gone(t.drift.role);
        return (recorded && notCreatedByRun(state.role.tags, recorded.runId, t.drift.role)) || (state.role.otherPolicies.length ? t.drift.changed(t.drift.role) : undefined);
      case 'stop-logging': {
        const trail = trailOf(action.change.trailArn);
        if (!trail) return t.drift.gone(t.drift.trail(action.change.name));
        return trail.logging ? undefined : t.drift.changed(t.drift.trail(action.change.name));
      }
      default:
        return undefined;
    }
  },
});
