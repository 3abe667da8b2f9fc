/**
 * The CloudTrail step's reads and writes: trails (CloudTrail), log groups (CloudWatch Logs) and
 * the delivery role (IAM); the log bucket is read and written by `log-bucket-aws.ts`. Creates
 * without an idempotency token go through `createOnce`, so a lost answer never makes a second
 * group, role or trail; the puts are idempotent and left to the SDK's retries; a delete whose
 * retry finds the thing gone after a lost answer is done.
 */
import type { StepContext } from '../../src/core/step.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode, orNone, withDoneSoFar } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import { DELIVERY_POLICY_NAME, logBucketName, type TrailSelectors } from './cloudtrail-documents.js';
import { sameJson, type ObservedBucket, type PolicyDocument } from './log-bucket.js';
import { readLogBucket } from './log-bucket-aws.js';
import { createIamOnce } from './iam-create.js';
import { texts } from '../../src/i18n/index.js';
import { bootstrapTagList, bootstrapTags, RUN_TAG, tagMap } from '../../src/core/tags.js';

export const ROLE_NAME = 'aws-bootstrap-cloudtrail-to-logs';

const t = texts('cloudtrail-aws', {
  roleAppeared: (role: string) => `A role named ${role} appeared while this run was creating it, with another trust policy: it is left alone. Run again to see the plan for it.`,
  trailAppeared: (name: string, bucket: string) => `A trail named ${name} appeared while this run was creating it, writing to s3://${bucket}: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
  createdLogGroup: (name: string) => `created the log group ${name}`,
}, {
  roleAppeared: (role: string) => `この実行がロール ${role} を作成している間に、同じ名前で別の信頼ポリシーを持つロールが現れました。そのロールには手を付けません。もう一度実行すると、そのロールに対する計画が表示されます。`,
  trailAppeared: (name: string, bucket: string) => `この実行が証跡 ${name} を作成している間に、同じ名前で s3://${bucket} に書き込む証跡が現れました。この実行が求めたものではないため、手を付けません。もう一度実行すると、その証跡に対する計画が表示されます。`,
  createdLogGroup: (name: string) => `ロググループ ${name} を作成した`,
});

/**
 * The delivery role's description, sent into the account: English in every language, as IAM
 * takes only Latin-1 in a role description (CreateRole refuses Japanese text).
 */
const ROLE_DESCRIPTION = 'Lets CloudTrail deliver the trail\'s events to CloudWatch Logs (made by aws-bootstrap)';

export interface ObservedTrail {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  /** The account that owns it (another one for an organization trail seen from a member account). */
  readonly accountId: string;
  readonly multiRegion: boolean;
  readonly organization: boolean;
  readonly globalEvents: boolean;
  readonly validation: boolean;
  readonly bucket: string;
  readonly logGroupArn?: string;
  readonly roleArn?: string;
  readonly logging: boolean;
  readonly selectors: TrailSelectors;
  /** Read for undo only (`StepContext.readTags`), and only for trails of this account whose home is this region (the ones the step could have made). */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ObservedLogGroup {
  readonly name: string;
  /** Without the trailing `:*`. */
  readonly arn: string;
  readonly retentionInDays?: number;
  readonly storedBytes: number;
}

export interface ObservedRole {
  readonly arn: string;
  readonly trust: string;
  /** The step's inline policy, if the role has it. */
  readonly deliveryPolicy?: string;
  /** Other inline and attached policies (a role with them is not the step's to delete). */
  readonly otherPolicies: readonly string[];
  /** GetRole's tags: a role this step made carries the run that made it. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface CloudTrailState {
  readonly trails: readonly ObservedTrail[];
  readonly bucket?: ObservedBucket;
  readonly logGroups: readonly ObservedLogGroup[];
  readonly role?: ObservedRole;
}

/** Waits while IAM spreads a new role or its policy: CloudTrail refuses it for a few seconds (about 16 s in all). */
const ROLE_SPREAD_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


// ---- reading ---------------------------------------------------------------------------------

/**
 * The selectors of a trail created without any, as GetEventSelectors answers them: every
 * management event, read and write, and no data events.
 */
const DEFAULT_EVENT_SELECTORS = (): NonNullable<TrailSelectors['basic']> => [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

export async function readTrails(ctx: StepContext): Promise<ObservedTrail[]> {
  const { client, sdk } = await ctx.aws.use('cloudtrail');
  const { trailList = [] } = await client.send(new sdk.DescribeTrailsCommand({ includeShadowTrails: true }));
  // Tags only of the trails this step could have made: ours, with this region as home (ListTags
  // answers only there). Undo deletes a trail only if it carries the tag of the run that made it:
  // read for undo only (`StepContext.readTags`).
  const ownHere = !ctx.readTags ? [] : trailList.filter((t) => t.HomeRegion === ctx.region && t.TrailARN?.split(':')[4] === ctx.accountId).map((t) => t.TrailARN!);
  const tagsOf = new Map<string, Record<string, string>>();
  // ListTags takes at most 20 trails at a time.
  for (let i = 0; i < ownHere.length; i += 20) {
    const { ResourceTagList = [] } = await client.send(new sdk.ListTagsCommand({ ResourceIdList: ownHere.slice(i, i + 20) }));
    for (const r of ResourceTagList) if (r.ResourceId) tagsOf.set(r.ResourceId, tagMap(r.TagsList));
  }
  return Promise.all(trailList.map(async (t): Promise<ObservedTrail> => {
    const arn = t.TrailARN!;
    // A trail whose selectors nobody set has AWS's default ones (DescribeTrails says so): not read again.
    const [status, selectors] = await Promise.all([
      client.send(new sdk.GetTrailStatusCommand({ Name: arn })),
      t.HasCustomEventSelectors === false ? { EventSelectors: DEFAULT_EVENT_SELECTORS(), AdvancedEventSelectors: undefined } : client.send(new sdk.GetEventSelectorsCommand({ TrailName: arn })),
    ]);
    const tags = ownHere.includes(arn) ? tagsOf.get(arn) ?? {} : undefined;
    return {
      name: t.Name!,
      arn,
      homeRegion: t.HomeRegion ?? ctx.region,
      accountId: arn.split(':')[4]!,
      multiRegion: t.IsMultiRegionTrail === true,
      organization: t.IsOrganizationTrail === true,
      globalEvents: t.IncludeGlobalServiceEvents === true,
      validation: t.LogFileValidationEnabled === true,
      bucket: t.S3BucketName ?? '',
      ...(t.CloudWatchLogsLogGroupArn ? { logGroupArn: t.CloudWatchLogsLogGroupArn, roleArn: t.CloudWatchLogsRoleArn ?? '' } : {}),
      logging: status.IsLogging === true,
      selectors: selectors.AdvancedEventSelectors?.length
        ? { advanced: selectors.AdvancedEventSelectors as TrailSelectors['advanced'] }
        : { basic: (selectors.EventSelectors ?? []) as TrailSelectors['basic'] },
      ...(tags ? { tags } : {}),
    };
  }));
}

export async function readLogGroups(ctx: StepContext): Promise<ObservedLogGroup[]> {
  const { client, sdk } = await ctx.aws.use('logs');
  const groups = await collectPages(sdk.paginateDescribeLogGroups({ client }, {}), (page) => page.logGroups);
  return groups.map((g) => ({
    name: g.logGroupName!,
    arn: g.logGroupArn ?? g.arn!.replace(/:\*$/, ''),
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    storedBytes: g.storedBytes ?? 0,
  }));
}

/** The delivery role (the CloudTrail step's, or the one named: the organization trail's). */
export async function readRole(ctx: StepContext, RoleName = ROLE_NAME): Promise<ObservedRole | undefined> {
  const { client, sdk } = await ctx.aws.use('iam');
  const role = await orNone(async () => (await client.send(new sdk.GetRoleCommand({ RoleName }))).Role, 'NoSuchEntityException', 'NoSuchEntity');
  if (!role) return undefined;
  const [delivery, inline, attached] = await Promise.all([
    orNone(async () => (await client.send(new sdk.GetRolePolicyCommand({ RoleName, PolicyName: DELIVERY_POLICY_NAME }))).PolicyDocument, 'NoSuchEntityException', 'NoSuchEntity'),
    collectPages(sdk.paginateListRolePolicies({ client }, { RoleName }), (page) => page.PolicyNames),
    collectPages(sdk.paginateListAttachedRolePolicies({ client }, { RoleName }), (page) => page.AttachedPolicies?.map((p) => p.PolicyArn!)),
  ]);
  // IAM returns policy documents URL-encoded.
  return {
    arn: role.Arn!,
    trust: decodeURIComponent(role.AssumeRolePolicyDocument ?? ''),
    ...(delivery ? { deliveryPolicy: decodeURIComponent(delivery) } : {}),
    otherPolicies: [...inline.filter((name) => name !== DELIVERY_POLICY_NAME), ...attached],
    tags: tagMap(role.Tags),
  };
}

export async function readCloudTrailState(ctx: StepContext): Promise<CloudTrailState> {
  const [trails, bucket, logGroups, role] = await Promise.all([readTrails(ctx), readLogBucket(ctx, logBucketName(ctx.accountId, ctx.region)), readLogGroups(ctx), readRole(ctx)]);
  return { trails, ...(bucket ? { bucket } : {}), logGroups, ...(role ? { role } : {}) };
}

// ---- writing ---------------------------------------------------------------------------------

/** The trail settings UpdateTrail changes here ('' removes Logs delivery). */
export interface TrailSettings {
  IsMultiRegionTrail?: boolean;
  IncludeGlobalServiceEvents?: boolean;
  EnableLogFileValidation?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
}

/** A change to a trail and its CloudWatch Logs delivery, as the account's trail and the organization trail plan it; each carries what undo needs. */
export type TrailPayload =
  | { action: 'create-log-group'; name: string; retentionInDays: number }
  | { action: 'set-retention'; name: string; retentionInDays: number; previous?: number }
  | { action: 'create-role'; trust: string }
  | { action: 'update-role-trust'; trust: string; previous: string }
  | { action: 'put-role-policy'; document: string; previous?: string }
  | { action: 'create-trail'; name: string; bucket: string; logGroupArn: string; roleArn: string }
  | { action: 'update-trail'; trailArn: string; name: string; set: TrailSettings; previous: TrailSettings }
  | { action: 'put-event-selectors'; trailArn: string; name: string; selectors: TrailSelectors; previous: TrailSelectors }
  | { action: 'start-logging'; trailArn: string; name: string };

export interface NewTrail {
  readonly name: string;
  readonly bucket: string;
  readonly logGroupArn: string;
  readonly roleArn: string;
  /** An organization trail (from the management account): it logs every account of the organization. */
  readonly organization?: boolean;
}

/**
 * What CloudTrail answers while IAM spreads a role made moments ago or the policy just put into
 * it: InvalidCloudWatchLogsRoleArnException, or InvalidCloudWatchLogsLogGroupArnException
 * ("Access denied …") when the role is known but its permissions are not yet. The Terraform AWS
 * provider retries both.
 */
const SPREADING_CODES = ['InvalidCloudWatchLogsRoleArnException', 'InvalidCloudWatchLogsLogGroupArnException'] as const;

/**
 * Sends again after growing waits while CloudTrail refuses the role or its policy (either code,
 * in any order, within one bounded wait: ROLE_SPREAD_DELAYS_MS in all). The refusal comes before
 * anything is done. After the last wait the answer stands, whatever it is.
 */
async function whileRoleSpreads<T>(send: () => Promise<T>): Promise<T> {
  for (const delay of ROLE_SPREAD_DELAYS_MS) {
    try {
      return await send();
    } catch (error) {
      if (!isErrorCode(error, ...SPREADING_CODES)) throw error;
      await sleep(delay);
    }
  }
  return send();
}

/** The calls the trail steps make; `roleName` is the delivery role's (the organization trail has its own). */
export async function cloudTrailApi(ctx: StepContext, roleName = ROLE_NAME) {
  const [cloudtrail, logs, iam] = await Promise.all([ctx.aws.use('cloudtrail'), ctx.aws.use('logs'), ctx.aws.use('iam')]);

  const logGroupExists = async (name: string) => {
    const groups = await collectPages(logs.sdk.paginateDescribeLogGroups({ client: logs.client }, { logGroupNamePrefix: name }), (page) => page.logGroups);
    return groups.some((g) => g.logGroupName === name) ? true : undefined;
  };

  const readRoleTrust = async () => {
    const role = await orNone(async () => (await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: roleName }))).Role, 'NoSuchEntityException', 'NoSuchEntity');
    return role ? { arn: role.Arn!, trust: decodeURIComponent(role.AssumeRolePolicyDocument ?? '') } : undefined;
  };

  const trailTags = async (trailArn: string) => {
    const { ResourceTagList = [] } = await cloudtrail.client.send(new cloudtrail.sdk.ListTagsCommand({ ResourceIdList: [trailArn] }));
    return tagMap(ResourceTagList.find((r) => r.ResourceId === trailArn)?.TagsList);
  };

  return {
    /** CreateLogGroup, then its retention. */
    async createLogGroup(name: string, retentionInDays: number): Promise<void> {
      await createOnce({
        create: async () => {
          // Tagged in the create call itself (it needs logs:TagResource too).
          await logs.client.send(withoutBlindRetry(new logs.sdk.CreateLogGroupCommand({ logGroupName: name, tags: bootstrapTags(ctx.runId) })));
          return true;
        },
        find: () => logGroupExists(name),
      });
      try {
        await logs.client.send(new logs.sdk.PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }));
      } catch (error) {
        throw withDoneSoFar(error, [t.createdLogGroup(name)]);
      }
    },

    setRetention: (name: string, days: number | undefined) => (days === undefined
      ? logs.client.send(new logs.sdk.DeleteRetentionPolicyCommand({ logGroupName: name }))
      : logs.client.send(new logs.sdk.PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }))),

    /**
     * CreateRole through createOnce. IAM reads are eventually consistent: after a lost answer the
     * read may not show the role yet, so a create sent again that meets EntityAlreadyExists reads
     * again with growing waits before giving up.
     */
    async createRole(trust: PolicyDocument): Promise<string> {
      const find = async () => {
        const role = await readRoleTrust();
        if (!role) return undefined;
        if (sameJson(JSON.parse(role.trust), trust)) return role.arn;
        throw new Error(t.roleAppeared(roleName));
      };
      const create = async () =>
        (await iam.client.send(withoutBlindRetry(new iam.sdk.CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: JSON.stringify(trust),
          Description: ROLE_DESCRIPTION,
          // In the create call itself (it needs iam:TagRole too): never untagged.
          Tags: bootstrapTagList(ctx.runId),
        })))).Role!.Arn!;
      return createIamOnce(create, find);
    },

    putRolePolicy: (document: string) => iam.client.send(new iam.sdk.PutRolePolicyCommand({ RoleName: roleName, PolicyName: DELIVERY_POLICY_NAME, PolicyDocument: document })),
    deleteRolePolicy: () => sendDoneOnRetry(new iam.sdk.DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: DELIVERY_POLICY_NAME }), (c) => iam.client.send(c), 'NoSuchEntityException', 'NoSuchEntity'),
    updateRoleTrust: (document: string) => iam.client.send(new iam.sdk.UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: document })),

    /** Deletes the role this run made, with the delivery policy this run put into it (even if that record was lost). */
    async deleteRole(): Promise<void> {
      try {
        await iam.client.send(new iam.sdk.DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: DELIVERY_POLICY_NAME }));
      } catch (error) {
        if (!isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity')) throw error;
      }
      await sendDoneOnRetry(new iam.sdk.DeleteRoleCommand({ RoleName: roleName }), (c) => iam.client.send(c), 'NoSuchEntityException', 'NoSuchEntity');
    },

    /**
     * CreateTrail through createOnce. A trail of that name found after a lost answer is ours only
     * if it is what was asked (this bucket, multi-region, this log group) and carries this run's
     * tag, as CreateTrail put it on: one someone else made meanwhile is a clear error, not adopted.
     */
    async createTrail(trail: NewTrail): Promise<string> {
      const { client, sdk } = cloudtrail;
      return createOnce({
        create: () => whileRoleSpreads(async () => (await client.send(withoutBlindRetry(new sdk.CreateTrailCommand({
          Name: trail.name,
          S3BucketName: trail.bucket,
          IsMultiRegionTrail: true,
          ...(trail.organization ? { IsOrganizationTrail: true } : {}),
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
          CloudWatchLogsLogGroupArn: `${trail.logGroupArn}:*`,
          CloudWatchLogsRoleArn: trail.roleArn,
          // In the create call itself (it needs cloudtrail:AddTags too): never untagged.
          TagsList: bootstrapTagList(ctx.runId),
        })))).TrailARN!),
        find: async () => {
          const found = await orNone(async () => (await client.send(new sdk.GetTrailCommand({ Name: trail.name }))).Trail, 'TrailNotFoundException');
          if (!found) return undefined;
          const asAsked = found.S3BucketName === trail.bucket && found.IsMultiRegionTrail && found.CloudWatchLogsLogGroupArn === `${trail.logGroupArn}:*`;
          if (asAsked && (await trailTags(found.TrailARN!))[RUN_TAG] === bootstrapTags(ctx.runId)[RUN_TAG]) return found.TrailARN!;
          throw new Error(t.trailAppeared(trail.name, found.S3BucketName ?? '?'));
        },
      });
    },

    updateTrail: (trailArn: string, settings: TrailSettings) => {
      const { client, sdk } = cloudtrail;
      const send = () => client.send(new sdk.UpdateTrailCommand({ Name: trailArn, ...settings }));
      return settings.CloudWatchLogsRoleArn ? whileRoleSpreads(send) : send();
    },
    putEventSelectors: (trailArn: string, selectors: TrailSelectors) => cloudtrail.client.send(new cloudtrail.sdk.PutEventSelectorsCommand({
      TrailName: trailArn,
      ...(selectors.advanced ? { AdvancedEventSelectors: selectors.advanced as never } : { EventSelectors: selectors.basic as never }),
    })),
    startLogging: (trailArn: string) => cloudtrail.client.send(new cloudtrail.sdk.StartLoggingCommand({ Name: trailArn })),
    stopLogging: (trailArn: string) => cloudtrail.client.send(new cloudtrail.sdk.StopLoggingCommand({ Name: trailArn })),
    deleteTrail: (trailArn: string) => sendDoneOnRetry(new cloudtrail.sdk.DeleteTrailCommand({ Name: trailArn }), (c) => cloudtrail.client.send(c), 'TrailNotFoundException'),
  };
}
