/** organization-log-archive and organization-trail plans (pure), and log-alarms where the organization trail's log group is not. */
import { describe, expect, it } from 'vitest';
import logArchive, { type OrganizationLogArchiveState } from '../../../steps/organization/log-archive.js';
import trail, { type OrganizationTrailState } from '../../../steps/organization/trail.js';
import logAlarms from '../../../steps/log-alarms.js';
import type { ObservedTrail } from '../../../steps/shared/cloudtrail-aws.js';
import type { LogBucketPayload } from '../../../steps/shared/log-bucket.js';

const MANAGEMENT = '123456789012';
const LOG_ARCHIVE = '210987654302';
const ORG = 'o-exampleorg1';
const ctx = { accountId: MANAGEMENT, partition: 'aws', region: 'us-east-1', runId: 'run1' };
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/aws-bootstrap-organization-trail`;
const TRAIL_BUCKET = `aws-bootstrap-cloudtrail-${LOG_ARCHIVE}-us-east-1`;
const CONFIG_BUCKET = `aws-bootstrap-config-${LOG_ARCHIVE}-us-east-1`;

describe('organization-log-archive', () => {
  const state = (over: Partial<OrganizationLogArchiveState> = {}): OrganizationLogArchiveState => ({
    managementAccountId: MANAGEMENT, logArchiveAccount: LOG_ARCHIVE, labels: {}, organizationId: ORG, withoutConfigRole: [], ...over,
  });
  const inputs = { trailRetentionDays: 365, configRetentionDays: 400 };
  const policyOf = (changes: ReturnType<typeof logArchive.plan>['changes'], bucket: string) =>
    JSON.parse((changes.find((c) => (c.payload as LogBucketPayload).bucket === bucket)!.payload as Extract<LogBucketPayload, { action: 'create-bucket' }>).policy) as { Statement: Array<Record<string, unknown>> };

  it('a fresh organization: both buckets in the log archive account, the trail\'s for both paths and this trail only, Config\'s for the organization only', () => {
    const plan = logArchive.plan(state({ withoutConfigRole: [MANAGEMENT, LOG_ARCHIVE] }), inputs, ctx);
    expect(plan.changes.map((c) => [c.payload.action, 'bucket' in c.payload ? c.payload.bucket : c.payload.accountId])).toEqual([
      ['create-bucket', TRAIL_BUCKET], ['create-bucket', CONFIG_BUCKET], ['create-config-role', MANAGEMENT], ['create-config-role', LOG_ARCHIVE],
    ]);
    const trailPolicy = policyOf(plan.changes, TRAIL_BUCKET);
    const writes = trailPolicy.Statement.filter((s) => s.Action === 's3:PutObject');
    expect(writes.map((s) => s.Resource)).toEqual([`arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${MANAGEMENT}/*`, `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ORG}/*`]);
    for (const s of trailPolicy.Statement.filter((st) => st.Effect === 'Allow')) expect((s.Condition as { StringEquals: Record<string, string> }).StringEquals['aws:SourceArn']).toBe(TRAIL_ARN);
    expect(trailPolicy.Statement.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'))).toBe(true);
    const configPolicy = policyOf(plan.changes, CONFIG_BUCKET);
    for (const s of configPolicy.Statement.filter((st) => st.Effect === 'Allow')) expect((s.Condition as { StringEquals: Record<string, string> }).StringEquals['aws:SourceOrgID']).toBe(ORG);
    expect(configPolicy.Statement.find((s) => s.Action === 's3:PutObject')!.Resource).toBe(`arn:aws:s3:::${CONFIG_BUCKET}/AWSLogs/*/Config/*`);
    expect(plan.notes!.join(' ')).toMatch(/Undo keeps both buckets/);
  });

  it('provides what config-bucket provides (the log archive bucket), and the trail bucket and ARN the trail needs', () => {
    expect(logArchive.provides!(state(), inputs, ctx)).toEqual({
      bucketName: CONFIG_BUCKET, roleArn: `arn:aws:iam::${MANAGEMENT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, homeRegion: 'us-east-1', trailBucketName: TRAIL_BUCKET, trailArn: TRAIL_ARN,
    });
  });

  it('an existing organization trail of another name: the bucket policy names that trail', () => {
    const other = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/company`;
    const plan = logArchive.plan(state({ trail: { arn: other, name: 'company', bucket: 'company-logs' } }), inputs, ctx);
    expect(JSON.stringify(policyOf(plan.changes, TRAIL_BUCKET))).toContain(other);
    expect(plan.notes!.join(' ')).toMatch(/The organization trail company delivers to s3:\/\/company-logs/);
  });
});

describe('organization-trail', () => {
  const provided = { 'organization-log-archive': { trailBucketName: TRAIL_BUCKET, trailArn: TRAIL_ARN } };
  const inputs = { logGroupName: '/aws-bootstrap/organization-trail', logRetentionDays: 365 };
  const state = (over: Partial<OrganizationTrailState> = {}): OrganizationTrailState => ({ organizationId: ORG, trails: [], logGroups: [], ...over });
  const orgTrail = (over: Partial<ObservedTrail> = {}): ObservedTrail => ({
    name: 'company', arn: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/company`, homeRegion: 'us-east-1', accountId: MANAGEMENT, multiRegion: true, organization: true, globalEvents: true,
    validation: true, bucket: 'company-logs', logGroupArn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:company:*`, roleArn: `arn:aws:iam::${MANAGEMENT}:role/company`, logging: true,
    selectors: { basic: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }, ...over,
  });

  it('none yet: the log group, the delivery role (the organization\'s streams too), the organization trail to the log archive bucket, logging', () => {
    const plan = trail.plan(state(), inputs, { ...ctx, provided });
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['create-log-group', 'create-role', 'put-role-policy', 'create-trail', 'start-logging']);
    expect(plan.changes.find((c) => c.payload.action === 'create-trail')!.payload).toMatchObject({ name: 'aws-bootstrap-organization-trail', bucket: TRAIL_BUCKET });
    const policy = plan.changes.find((c) => c.payload.action === 'put-role-policy')!.payload as { document: string };
    expect(policy.document).toContain(`log-stream:${ORG}_*`);
    expect(trail.provides!(state(), inputs, { ...ctx, provided })).toEqual({
      logGroupName: '/aws-bootstrap/organization-trail', logGroupArn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/aws-bootstrap/organization-trail`, trailArn: TRAIL_ARN,
    });
  });

  it('an existing complete organization trail is adopted as it is: nothing to change, its group provided', () => {
    const plan = trail.plan(state({ trails: [orgTrail()] }), inputs, { ...ctx, provided });
    expect(plan.changes).toEqual([]);
    expect(plan.notes!.join(' ')).toMatch(/Adopting the existing organization trail company.*records every account/);
    expect(trail.provides!(state({ trails: [orgTrail()] }), inputs, { ...ctx, provided })).toMatchObject({ logGroupName: 'company' });
  });

  it('an existing organization trail without validation or Logs: completed, not doubled', () => {
    const plan = trail.plan(state({ trails: [orgTrail({ validation: false, logGroupArn: undefined, roleArn: undefined, logging: false })] }), inputs, { ...ctx, provided });
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['create-log-group', 'create-role', 'put-role-policy', 'update-trail', 'start-logging']);
  });

  it('an organization trail whose home is another region: skipped with where to run', () => {
    const plan = trail.plan(state({ trails: [orgTrail({ homeRegion: 'eu-west-1' })] }), inputs, { ...ctx, provided });
    expect(plan.skipped).toMatch(/home region in eu-west-1.*--region eu-west-1/);
  });
});

describe('log-alarms with the organization trail\'s log group', () => {
  const stateOf = { filters: [], alarms: [], alarmTags: {} };
  const provided = {
    cloudtrail: { logGroupName: '/aws-bootstrap/organization-trail', logGroupArn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/aws-bootstrap/organization-trail`, trailArn: TRAIL_ARN },
    'alerts-topic': { topicArn: 'arn:aws:sns:us-east-1:210987654303:aws-bootstrap-alerts' },
  };
  it('in another account: skipped, saying where the alarms are set', () => {
    const plan = logAlarms.plan(stateOf, { exclude: [] }, { ...ctx, accountId: '210987654303', provided });
    expect(plan).toEqual({ changes: [], skipped: `the organization trail's log group is in ${MANAGEMENT}; its alarms are set there` });
  });
  it('in the account that holds the group: the filters and alarms on it', () => {
    const plan = logAlarms.plan(stateOf, { exclude: [] }, { ...ctx, provided: { ...provided, 'alerts-topic': { topicArn: `arn:aws:sns:us-east-1:${MANAGEMENT}:aws-bootstrap-alerts` } } });
    expect(plan.skipped).toBeUndefined();
    expect(plan.changes.length).toBeGreaterThan(10);
  });
});
