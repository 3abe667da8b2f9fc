/** CloudTrail records every API call: one multi-region trail, to a locked-down bucket and to CloudWatch Logs. */
import { z } from 'zod';
import { cloudTrailApi, readCloudTrailState, ROLE_NAME, type CloudTrailState } from '../src/cloudtrail-aws.js';
import { LOG_RETENTION_DAYS } from '../src/cloudtrail-documents.js';
import { DEFAULT_RETENTION_DAYS, driftOf, planFor, type CloudTrailPayload } from '../src/cloudtrail-plan.js';
import { defineStep, type Question, type StepContext, type UndoAction } from '../src/core/step.js';
import { removeBucketByHand, SETTING_NAMES, type LogBucketPayload } from '../src/log-bucket.js';
import { applyLogBucketChange, LOG_BUCKET_PERMISSIONS, logBucketApi, undoLogBucketChange } from '../src/log-bucket-aws.js';
import { promptValidator } from '../src/validate.js';

/** What the log alarms build on: the log group the trail delivers to (or will, once applied). */
export interface CloudTrailProvides {
  readonly logGroupName: string;
  /** The log group's ARN, without the `:*` CloudTrail puts after it. */
  readonly logGroupArn: string;
  readonly trailArn: string;
}

const DEFAULT_LOG_GROUP = '/aws-bootstrap/cloudtrail';

const wholeNumber = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), schema);
const logRetention = wholeNumber(z.number({ error: 'expected a number of days' }).int('expected a whole number of days'))
  .refine((days) => LOG_RETENTION_DAYS.includes(days), `CloudWatch Logs keeps events for one of these numbers of days only: ${LOG_RETENTION_DAYS.join(', ')}`);
const bucketRetention = wholeNumber(z.number({ error: 'expected a number of days' }).int('expected a whole number of days').min(1, 'keep log files at least 1 day').max(36_500, 'at most 36500 days (100 years)'));

const inputSchema = z.object({
  trailName: z.string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/, 'a trail name is 3-128 letters, digits, periods, underscores or dashes, starting and ending with a letter or digit')
    .refine((name) => !/[._-]{2}/.test(name), 'a trail name may not have two periods, underscores or dashes in a row')
    .default('aws-bootstrap-trail'),
  logGroupName: z.string()
    .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'a log group name is 1-512 letters, digits and . - _ / #')
    .refine((name) => !name.startsWith('aws/'), "a log group name may not start with 'aws/'")
    .default(DEFAULT_LOG_GROUP),
  /** How long CloudWatch Logs keeps the trail's events (one of AWS's values); unset, what the group keeps now, or 365. */
  logRetentionDays: logRetention.optional(),
  /** How long the bucket keeps log files before its lifecycle rule deletes them; unset, what the bucket keeps now, or 365. */
  bucketRetentionDays: bucketRetention.optional(),
}).strict();
export type CloudTrailInputs = z.output<typeof inputSchema>;

// ---- the step ---------------------------------------------------------------------------------

type Api = Awaited<ReturnType<typeof cloudTrailApi>>;
type OtherPayload = Exclude<CloudTrailPayload, LogBucketPayload>;

const isBucketChange = (p: CloudTrailPayload): p is LogBucketPayload => p.action === 'create-bucket' || p.action === 'bucket-setting';

/** A change to the trail's log bucket, made by the log bucket module. */
async function applyBucketChange(ctx: StepContext, p: LogBucketPayload): Promise<UndoAction> {
  await applyLogBucketChange(await logBucketApi(ctx, p.bucket), p);
  if (p.action === 'create-bucket') {
    return {
      kind: 'keep-bucket', description: `Keep the S3 bucket ${p.bucket} (made by this run) with the trail's log files`, change: p,
      manual: `The S3 bucket ${p.bucket} holds the trail's log files, which are evidence: undo never deletes them. When you no longer need them, empty and delete it: ${removeBucketByHand(p.bucket, ctx.region)}`,
    };
  }
  return { kind: 'restore-bucket-setting', description: `Put the ${SETTING_NAMES[p.setting]} of the bucket ${p.bucket} back as it was`, change: p };
}

async function applyChange(api: Api, p: OtherPayload, region: string): Promise<UndoAction> {
  const undo = (kind: string, description: string, extra: Record<string, unknown> = {}): UndoAction => ({ kind, description, change: p, ...extra });
  switch (p.action) {
    case 'create-log-group':
      await api.createLogGroup(p.name, p.retentionInDays);
      return undo('keep-log-group', `Keep the CloudWatch Logs group ${p.name} (made by this run) with the trail's events`, {
        manual: `The CloudWatch Logs group ${p.name} holds the trail's events, which are evidence: undo never deletes it. When you no longer need them: aws logs delete-log-group --log-group-name ${p.name} --region ${region}`,
      });
    case 'set-retention':
      await api.setRetention(p.name, p.retentionInDays);
      return undo('restore-retention', `Keep events in the log group ${p.name} ${p.previous ? `for ${p.previous} days` : 'forever'} again`);
    case 'create-role':
      await api.createRole(JSON.parse(p.trust));
      return undo('delete-role', `Delete the role ${ROLE_NAME} (made by this run)`);
    case 'update-role-trust':
      await api.updateRoleTrust(p.trust);
      return undo('restore-role-trust', `Put the previous trust policy of the role ${ROLE_NAME} back`);
    case 'put-role-policy':
      await api.putRolePolicy(p.document);
      return undo('restore-role-policy', p.previous ? `Put the previous delivery permissions of the role ${ROLE_NAME} back` : `Remove the delivery permissions from the role ${ROLE_NAME}`);
    case 'create-trail': {
      const trailArn = await api.createTrail(p);
      return undo('delete-trail', `Delete the trail ${p.name} (made by this run; its log files stay in s3://${p.bucket})`, { trailArn });
    }
    case 'update-trail':
      await api.updateTrail(p.trailArn, p.set);
      return undo('restore-trail', `Put the previous settings of the trail ${p.name} back`);
    case 'put-event-selectors':
      await api.putEventSelectors(p.trailArn, p.selectors);
      return undo('restore-event-selectors', `Put the previous event selectors of the trail ${p.name} back`);
    case 'start-logging':
      await api.startLogging(p.trailArn);
      return undo('stop-logging', `Stop logging on the trail ${p.name}`);
  }
}

async function undoChange(api: Api, action: UndoAction, p: OtherPayload): Promise<void> {
  switch (p.action) {
    case 'set-retention':
      return void (await api.setRetention(p.name, p.previous));
    case 'create-role':
      return api.deleteRole();
    case 'update-role-trust':
      return void (await api.updateRoleTrust(p.previous));
    case 'put-role-policy':
      return void (await (p.previous ? api.putRolePolicy(p.previous) : api.deleteRolePolicy()));
    case 'create-trail':
      return api.deleteTrail(action.trailArn as string);
    case 'update-trail':
      return void (await api.updateTrail(p.trailArn, p.previous));
    case 'put-event-selectors':
      return void (await api.putEventSelectors(p.trailArn, p.previous));
    case 'start-logging':
      return void (await api.stopLogging(p.trailArn));
    default:
      // The log group is kept (a manual record): nothing to call.
      return undefined;
  }
}

export default defineStep<CloudTrailState, CloudTrailInputs, CloudTrailPayload>({
  id: 'cloudtrail',
  title: 'CloudTrail records every API call',
  why: 'Without a trail there is no record of who did what: a leaked key or a misused root login leaves nothing to investigate, and the log alarms have nothing to watch. One multi-region trail is enough, and its first copy of management events is free.',
  scope: 'account',
  permissions: {
    observe: [
      // ListTags: undo deletes the trail only if it carries the tag of the run that made it (GetRole shows the role's).
      'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:ListTags',
      ...LOG_BUCKET_PERMISSIONS.observe,
      'logs:DescribeLogGroups',
      'iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies',
    ],
    // The reads are for lost answers (was the bucket, group, role or trail made?); PassRole hands the delivery role to CloudTrail;
    // TagResource, TagRole and AddTags: the log group, role and trail are tagged in their create calls, which need them too.
    apply: [
      ...LOG_BUCKET_PERMISSIONS.apply,
      'logs:CreateLogGroup', 'logs:TagResource', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy',
      'iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:PassRole',
      'cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:GetTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging',
    ],
    undo: [
      'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
      'iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy',
      'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy',
      ...LOG_BUCKET_PERMISSIONS.undo,
    ],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given) {
      // Asked only for what a new trail will make; a bucket or group already there keeps its retention unless one is given.
      const observed = state as CloudTrailState;
      if (observed.trails.some((t) => t.multiRegion)) return [];
      const questions: Question[] = [];
      const days = (answer: string) => Number(answer.trim());
      const suggested = String(DEFAULT_RETENTION_DAYS);
      if (given.bucketRetentionDays === undefined && !observed.bucket) {
        questions.push({ path: 'bucketRetentionDays', kind: 'text', message: 'Keep the trail\'s log files in S3 for how many days?', default: suggested, validate: promptValidator(bucketRetention), parse: days });
      }
      const groupName = typeof given.logGroupName === 'string' ? given.logGroupName : DEFAULT_LOG_GROUP;
      if (given.logRetentionDays === undefined && !observed.logGroups.some((g) => g.name === groupName)) {
        questions.push({
          path: 'logRetentionDays', kind: 'text', default: suggested, validate: promptValidator(logRetention), parse: days,
          message: 'Keep the trail\'s events in CloudWatch Logs for how many days (one of AWS\'s periods, such as 90, 365, 731 or 3653)?',
        });
      }
      return questions;
    },
  },

  observe: readCloudTrailState,

  plan: (state, inputs, ctx) => planFor(state, inputs, ctx).plan,

  provides(state, inputs, ctx): CloudTrailProvides | undefined {
    const { d } = planFor(state, inputs, ctx);
    return d.blocked ? undefined : { logGroupName: d.group.name, logGroupArn: d.group.arn, trailArn: d.trailArn };
  },

  async apply(ctx, change) {
    const p = change.payload;
    return isBucketChange(p) ? applyBucketChange(ctx, p) : applyChange(await cloudTrailApi(ctx), p, ctx.region);
  },

  async undo(ctx, action) {
    const p = action.change as CloudTrailPayload;
    // A created bucket is kept (a manual record): the module has nothing to call for it.
    if (isBucketChange(p)) return undoLogBucketChange(await logBucketApi(ctx, p.bucket), p);
    return undoChange(await cloudTrailApi(ctx), action, p);
  },

  undoDrift: driftOf,
});
