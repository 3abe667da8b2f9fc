/**
 * cloudtrail with trails already there: an own multi-region trail is adopted (and completed,
 * and put back by undo), an organization trail or a trail of another home region is reported
 * and offers nothing, and the steps that need the trail's log group get it or are skipped.
 */
import { describe, expect, it } from 'vitest';
import type { CloudTrailProvides } from '../../../steps/cloudtrail/cloudtrail.js';
import { defineStep, type AnyStep } from '../../../src/core/step.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { addLogGroup, addTrail, BUCKET, config, groupArn, HOME, LOG_GROUP, mutations, ROLE, run, trailArn, trails, undo } from './cloudtrail-support.js';

const fresh = () => new SimulatedAccount(freshAccountState());
const ALL_MANAGEMENT = [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
const WRITE_ONLY = [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

/** A step that needs the trail's log group, as the log alarms do; it records what it was given. */
function alarmsStandIn(seen: CloudTrailProvides[]): AnyStep {
  let applied = false;
  return defineStep<{ applied: boolean }, undefined, null>({
    id: 'alarms-stand-in',
    title: 'Alarms watch the trail',
    why: 'test',
    scope: 'account',
    needs: ['cloudtrail'],
    permissions: { observe: [], apply: [] },
    async observe() {
      return { applied };
    },
    plan(state, _inputs, ctx) {
      const provided = ctx.provided!.cloudtrail as CloudTrailProvides;
      seen.push(provided);
      return { changes: state.applied ? [] : [{ summary: `Watch ${provided.logGroupName}`, before: 'nothing', after: provided.logGroupArn, payload: null }] };
    },
    async apply() {
      applied = true;
      return { kind: 'nothing', description: 'nothing to take back' };
    },
  });
}

describe('cloudtrail adopts an own multi-region trail', () => {
  it('completes it (Logs delivery, validation, every management event, logging) instead of making a second trail; undo puts it back', async () => {
    const sim = fresh();
    const original = addTrail(sim, { Name: 'legacy', LogFileValidationEnabled: false, isLogging: false, EventSelectors: WRITE_ONLY });
    const kept = structuredClone(original);
    const preview = await run(sim, { dryRun: true });
    expect(preview.output).toContain('Adopting the existing trail legacy instead of creating a second one (a second copy of management events would be billed).');
    expect(preview.output).toContain(`~ Update the trail legacy: turn on log file validation, deliver to the CloudWatch Logs group ${LOG_GROUP}`);

    const { report, undoLogPath } = await run(sim);
    expect(report.results.map((r) => r.status)).toEqual(['changed']);
    expect(mutations(sim)).toEqual([
      'CreateLogGroup', 'PutRetentionPolicy', 'CreateRole', 'PutRolePolicy', 'UpdateTrail', 'UpdateTrail', 'UpdateTrail', 'PutEventSelectors', 'StartLogging',
    ]);
    expect(trails(sim)).toEqual([expect.objectContaining({
      Name: 'legacy', LogFileValidationEnabled: true, isLogging: true, CloudWatchLogsLogGroupArn: `${groupArn()}:*`, S3BucketName: 'their-cloudtrail-logs',
      EventSelectors: [...WRITE_ONLY, ...ALL_MANAGEMENT],
    })]);
    expect(sim.state.s3Buckets).toBeUndefined();
    expect((await run(sim)).report.results.map((r) => r.status)).toEqual(['compliant']);

    const undone = await undo(sim, undoLogPath);
    expect(undone.report.results.map((r) => [r.status, r.changes[0] ?? r.detail])).toEqual([
      ['undone', 'Stop logging on the trail legacy'],
      ['undone', 'Put the previous event selectors of the trail legacy back'],
      ['undone', 'Put the previous settings of the trail legacy back'],
      ['undone', `Remove the delivery permissions from the role ${ROLE}`],
      ['undone', `Delete the role ${ROLE} (made by this run)`],
      ['action needed', expect.stringContaining(`aws logs delete-log-group --log-group-name ${LOG_GROUP}`)],
    ]);
    expect(trails(sim)).toEqual([kept]);
    expect(sim.state.iam.roles[ROLE]).toBeUndefined();
  });

  it('takes a complete trail as it is, with its own log group and role, and offers that group', async () => {
    const sim = fresh();
    addLogGroup(sim, 'org-audit', 3653);
    addTrail(sim, { Name: 'audit', EventSelectors: ALL_MANAGEMENT, CloudWatchLogsLogGroupArn: `${groupArn('org-audit')}:*`, CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/their-delivery' });
    const seen: CloudTrailProvides[] = [];
    const { report, output } = await run(sim, { also: [alarmsStandIn(seen)] });
    expect(report.results.map((r) => [r.step, r.status])).toEqual([['cloudtrail', 'compliant'], ['alarms-stand-in', 'changed']]);
    expect(mutations(sim)).toEqual([]);
    expect(output).toContain('The trail delivers to the log group org-audit, which is left as it is.');
    expect(seen[0]).toEqual({ logGroupName: 'org-audit', logGroupArn: groupArn('org-audit'), trailArn: trailArn('audit') });
  });

  it('adds management events to a trail with advanced selectors as "Management events selector" (the console\'s name, which Prowler looks for)', async () => {
    const sim = fresh();
    const s3Data = { Name: 'S3 data events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] };
    addTrail(sim, { Name: 'data-only', AdvancedEventSelectors: [s3Data] });
    expect((await run(sim)).report.results.map((r) => r.status)).toEqual(['changed']);
    expect(trails(sim)[0]!.AdvancedEventSelectors).toEqual([s3Data, { Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]);
  });

  it('turns its own trail into a multi-region one if it lost that setting', async () => {
    const sim = fresh();
    addTrail(sim, { Name: 'aws-bootstrap-trail', IsMultiRegionTrail: false, S3BucketName: BUCKET });
    const { report } = await run(sim);
    expect(report.results.map((r) => r.status)).toEqual(['changed']);
    expect(trails(sim)).toEqual([expect.objectContaining({ Name: 'aws-bootstrap-trail', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: `${groupArn()}:*` })]);
    expect(mutations(sim)).not.toContain('CreateTrail');
  });
});

describe('cloudtrail with a trail this account cannot change', () => {
  const orgTrail = (overrides = {}) => ({
    Name: 'org-trail', TrailARN: trailArn('org-trail', HOME, '999999999999'), IsOrganizationTrail: true, S3BucketName: 'org-logs', EventSelectors: ALL_MANAGEMENT, ...overrides,
  });

  it('an organization trail without Logs delivery: said so, nothing made, and the alarms are skipped with that reason', async () => {
    const sim = fresh();
    addTrail(sim, orgTrail());
    const seen: CloudTrailProvides[] = [];
    const { report } = await run(sim, { also: [alarmsStandIn(seen)] });
    expect(mutations(sim)).toEqual([]);
    const [trail, alarms] = report.results;
    expect(trail).toMatchObject({ status: 'skipped' });
    expect(trail!.detail).toBe('The organization trail org-trail of the management account 999999999999 records this account\'s API calls, but it does not deliver to CloudWatch Logs; '
      + 'a member account cannot change it: ask the management account to fix that. No log group is offered to the log alarms.');
    expect(alarms).toMatchObject({ status: 'skipped', detail: expect.stringContaining('does not deliver to CloudWatch Logs') });
    expect(seen).toEqual([]);
  });

  it('an organization trail that delivers to Logs in the management account: adopted (no second trail), the preview says it covers the account; its group is offered, in the management account', async () => {
    const sim = fresh();
    addTrail(sim, orgTrail({ CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:999999999999:log-group:org:*', CloudWatchLogsRoleArn: 'arn:aws:iam::999999999999:role/org', LogFileValidationEnabled: true }));
    const seen: CloudTrailProvides[] = [];
    const { report, output } = await run(sim, { also: [alarmsStandIn(seen)], dryRun: true });
    expect(mutations(sim)).toEqual([]);
    expect(report.results[0]).toMatchObject({ status: 'compliant' });
    expect(output).toMatch(/The organization trail org-trail of the management account 999999999999 \(home region us-east-1\) records this account's API calls.*this account needs no trail of its own/);
    // What the log alarms get is the management account's group: they are set there (log-alarms skips with that reason).
    expect(seen[0]).toMatchObject({ logGroupName: 'org', logGroupArn: 'arn:aws:logs:us-east-1:999999999999:log-group:org', trailArn: trailArn('org-trail', HOME, '999999999999') });
  });

  it('an own multi-region trail whose home is another region: adopt it from there', async () => {
    const sim = fresh();
    addTrail(sim, { Name: 'eu-trail', HomeRegion: 'eu-west-1', EventSelectors: ALL_MANAGEMENT });
    const { report } = await run(sim);
    expect(mutations(sim)).toEqual([]);
    expect(report.results[0]!.detail).toMatch(/The multi-region trail eu-trail, whose home region is eu-west-1, .*run with --region eu-west-1 to fix that/);
  });
});

describe('cloudtrail with the log bucket already there', () => {
  it('puts back what was taken off it (Block Public Access, lifecycle), and undo restores those settings', async () => {
    const sim = fresh();
    const first = await run(sim);
    await undo(sim, first.undoLogPath);
    const bucket = sim.state.s3Buckets![BUCKET]!;
    delete bucket.lifecycleRules;
    bucket.publicAccessBlock = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    const drifted = structuredClone(bucket);

    const { report, undoLogPath } = await run(sim, { config: config({ bucketRetentionDays: 30 }) });
    expect(report.results[0]!.changes.slice(0, 2)).toEqual([`Turn on Block Public Access for the bucket ${BUCKET}`, `Delete objects in the bucket ${BUCKET} after 30 days`]);
    expect(mutations(sim).filter((a) => a === 'CreateBucket' || a === 'PutBucketPolicy')).toEqual(['CreateBucket', 'PutBucketPolicy']);
    expect(sim.state.s3Buckets![BUCKET]!.lifecycleRules).toEqual([expect.objectContaining({ Expiration: { Days: 30 } })]);

    await undo(sim, undoLogPath);
    expect(sim.state.s3Buckets![BUCKET]).toEqual(drifted);
  });

  it('a dry run offers the steps that need it the log group the trail will have', async () => {
    const seen: CloudTrailProvides[] = [];
    const { report } = await run(fresh(), { dryRun: true, also: [alarmsStandIn(seen)] });
    expect(report.results.map((r) => r.status)).toEqual(['would change', 'would change']);
    expect(seen).toEqual([{ logGroupName: LOG_GROUP, logGroupArn: groupArn(), trailArn: trailArn() }]);
  });
});
