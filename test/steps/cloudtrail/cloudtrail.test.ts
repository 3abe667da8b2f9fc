/** cloudtrail: inputs, and a fresh account taken to one logging trail and back. */
import { describe, expect, it } from 'vitest';
import step from '../../../steps/cloudtrail/cloudtrail.js';
import { InputError } from '../../../src/core/errors.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { formatIssues } from '../../../src/validate.js';
import { simEnv } from '../../support/sim.js';
import { ScriptedHost } from '../../support/wizard.js';
import { ACCOUNT, addTrail, BUCKET, config, groupArn, HOME, LOG_GROUP, mutations, ROLE, run, TRAIL, trailArn, trails, undo } from './cloudtrail-support.js';

const fresh = () => new SimulatedAccount(freshAccountState());

function issuesOf(section: Record<string, unknown>): string[] {
  const result = step.inputs!.schema.safeParse(section);
  if (result.success) throw new Error(`expected ${JSON.stringify(section)} to be rejected`);
  return formatIssues(result.error, 'cloudtrail');
}

describe('cloudtrail inputs', () => {
  it('needs nothing given (retentions unset keep what is there, or 365), and takes days as numbers or digits', () => {
    expect(step.inputs!.schema.parse({})).toEqual({ trailName: TRAIL, logGroupName: LOG_GROUP });
    expect(step.inputs!.schema.parse({ logRetentionDays: '400', bucketRetentionDays: 30 })).toMatchObject({ logRetentionDays: 400, bucketRetentionDays: 30 });
  });

  it('refuses a log retention AWS does not offer, naming the ones it does', () => {
    expect(issuesOf({ logRetentionDays: 366 })).toEqual([
      'cloudtrail.logRetentionDays: CloudWatch Logs keeps events for one of these numbers of days only: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
    expect(issuesOf({ logRetentionDays: 'a year' })).toEqual(['cloudtrail.logRetentionDays: expected a number of days']);
  });

  it('refuses bad names, days and unknown keys', () => {
    expect(issuesOf({ bucketRetentionDays: 0 })).toEqual(['cloudtrail.bucketRetentionDays: keep log files at least 1 day']);
    expect(issuesOf({ trailName: 'my trail' })[0]).toMatch(/^cloudtrail\.trailName: a trail name is 3-128 letters/);
    expect(issuesOf({ trailName: 'a--b' })).toEqual(['cloudtrail.trailName: a trail name may not have two periods, underscores or dashes in a row']);
    expect(issuesOf({ logGroupName: 'aws/trail' })).toEqual(["cloudtrail.logGroupName: a log group name may not start with 'aws/'"]);
    expect(issuesOf({ bucketName: 'x' })[0]).toMatch(/bucketName/);
  });

  it('bad input stops the run before any call that changes something', async () => {
    const sim = fresh();
    await expect(run(sim, { config: config({ logRetentionDays: 366 }) })).rejects.toThrow(InputError);
    await expect(run(sim, { config: config({ logRetentionDays: 366 }) })).rejects.toThrow(/cloudtrail\.logRetentionDays: CloudWatch Logs keeps events for one of these/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('asks for both retentions (Enter keeps 365) only when a trail will be made', async () => {
    const questions = step.inputs!.questions({ trails: [], logGroups: [] }, {});
    expect(questions.map((q) => [q.path, q.default])).toEqual([['bucketRetentionDays', '365'], ['logRetentionDays', '365']]);
    expect(questions[1]!.validate!('366')).toMatch(/one of these numbers of days only/);
    expect(questions[1]!.parse!(' 400 ')).toBe(400);
    expect(step.inputs!.questions({ trails: [], logGroups: [] }, { bucketRetentionDays: 30, logRetentionDays: 30 })).toEqual([]);
    // A kept log group keeps its retention: nothing to ask about it.
    expect(step.inputs!.questions({ trails: [], logGroups: [{ name: LOG_GROUP, arn: groupArn(), retentionInDays: 731, storedBytes: 0 }] }, {}).map((q) => q.path)).toEqual(['bucketRetentionDays']);

    const sim = fresh();
    addTrail(sim, { Name: 'existing' });
    const host = new ScriptedHost(true, {}, []);
    await run(sim, { host, dryRun: true });
    expect(host.asked).toEqual([]);
  });
});

describe('cloudtrail on a fresh account', () => {
  it('previews everything with its costs in a dry run, changing nothing', async () => {
    const sim = fresh();
    const { output, report } = await run(sim, { dryRun: true });
    expect(mutations(sim)).toEqual([]);
    expect(report.exitCode).toBe(2);
    expect(output).toContain([
      `    ~ Create the S3 bucket ${BUCKET} for the trail's log files`,
      '        before: no bucket',
      `        after:  Block Public Access on, ACLs disabled (bucket owner enforced), SSE-S3 encryption, HTTPS only, only CloudTrail may write AWSLogs/${ACCOUNT}/ (for ${trailArn()}), objects deleted after 365 days; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>`,
      `    ~ Create the CloudWatch Logs group ${LOG_GROUP}, keeping events 365 days`,
      '        before: no log group',
      // A dry run has no run id yet.
      '        after:  retention 365 days; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>',
      `    ~ Create the role ${ROLE}, which CloudTrail uses to deliver to CloudWatch Logs`,
      '        before: no role',
      '        after:  trusted by cloudtrail.amazonaws.com; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>',
      `    ~ Let the role ${ROLE} write the trail's events to ${LOG_GROUP} (logs:CreateLogStream, logs:PutLogEvents)`,
      '        before: no such permission',
      `        after:  only in ${groupArn()}`,
      `    ~ Create the multi-region trail ${TRAIL}`,
      '        before: no multi-region trail',
      `        after:  management events (read and write) of every region and global services, log file validation, to s3://${BUCKET} and ${LOG_GROUP}; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>`,
      `    ~ Start logging on the trail ${TRAIL}`,
      '        before: not logging',
      '        after:  logging',
      '  Costs: the first copy of management events in each region is free. Billed: S3 storage of the log files (S3 Standard, about USD 0.023 per GB-month in us-east-1; kept 365 days); '
        + 'and CloudWatch Logs: about USD 0.50 per GB ingested plus USD 0.03 per GB-month stored in us-east-1 (prices differ by region; kept 365 days). '
        + "A new account's management events come to a few MB a month, a busy one's to GBs.",
      '  Undo stops and deletes the trail and role this run makes, but keeps the bucket and log group: logs are evidence.',
    ].join('\n'));
  });

  it('makes one logging multi-region trail, its locked-down bucket, log group and role; then reads back compliant', async () => {
    const sim = fresh();
    const { report } = await run(sim, { config: config({ logRetentionDays: 90, bucketRetentionDays: 400 }) });
    expect(report.results.map((r) => r.status)).toEqual(['changed']);
    expect(mutations(sim)).toEqual([
      'CreateBucket', 'PutPublicAccessBlock', 'PutBucketEncryption', 'PutBucketPolicy', 'PutBucketLifecycleConfiguration',
      'CreateLogGroup', 'PutRetentionPolicy', 'CreateRole', 'PutRolePolicy',
      // The first CreateTrail is refused while IAM spreads the new role, the second while it spreads the role's policy.
      'CreateTrail', 'CreateTrail', 'CreateTrail', 'StartLogging',
    ]);
    expect(sim.calls.filter((c) => c.action === 'CreateTrail').map((c) => c.error)).toEqual(['InvalidCloudWatchLogsRoleArnException', 'InvalidCloudWatchLogsLogGroupArnException', undefined]);

    const bucket = sim.state.s3Buckets![BUCKET]!;
    expect(bucket).toMatchObject({
      Region: HOME, ownership: 'BucketOwnerEnforced', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      encryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      lifecycleRules: [{ ID: 'aws-bootstrap-cloudtrail-expiry', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 400 } }],
    });
    const statements = JSON.parse(bucket.policy!).Statement as Array<{ Sid: string; Condition: unknown }>;
    expect(statements.map((s) => s.Sid)).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'DenyInsecureTransport']);
    expect(statements[1]!.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn() } });
    expect(sim.state.regional[HOME]!.logGroups).toEqual([expect.objectContaining({ logGroupName: LOG_GROUP, retentionInDays: 90 })]);
    const role = sim.state.iam.roles[ROLE]!;
    expect(JSON.parse(role.AssumeRolePolicyDocument).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(JSON.parse(role.inlinePolicies['cloudtrail-to-cloudwatch-logs']!).Statement[0].Resource).toBe(`${groupArn()}:log-stream:${ACCOUNT}_CloudTrail_*`);
    expect(trails(sim)).toEqual([expect.objectContaining({
      Name: TRAIL, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true, isLogging: true, S3BucketName: BUCKET,
      CloudWatchLogsLogGroupArn: `${groupArn()}:*`, CloudWatchLogsRoleArn: role.Arn,
    })]);
    // No other region got a trail of its own: one multi-region trail covers them.
    expect(Object.entries(sim.state.regional).filter(([region, r]) => region !== HOME && r.trails?.length)).toEqual([]);

    const before = sim.calls.length;
    const again = await run(sim, { config: config({ logRetentionDays: 90, bucketRetentionDays: 400 }) });
    expect(again.report.results.map((r) => r.status)).toEqual(['compliant']);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
    expect(again.output).not.toMatch(/Adopting/);
  });

  it('undo deletes the trail and role and keeps the bucket and log group, saying how to remove them by hand', async () => {
    const sim = fresh();
    const start = structuredClone(sim.state);
    const { undoLogPath } = await run(sim);
    const { report, output } = await undo(sim, undoLogPath);
    expect(report.results.map((r) => [r.title, r.status])).toEqual([
      [`Start logging on the trail ${TRAIL}`, 'undone'],
      [`Create the multi-region trail ${TRAIL}`, 'undone'],
      [`Let the role ${ROLE} write the trail's events to ${LOG_GROUP} (logs:CreateLogStream, logs:PutLogEvents)`, 'undone'],
      [`Create the role ${ROLE}, which CloudTrail uses to deliver to CloudWatch Logs`, 'undone'],
      [`Create the CloudWatch Logs group ${LOG_GROUP}, keeping events 365 days`, 'action needed'],
      [`Create the S3 bucket ${BUCKET} for the trail's log files`, 'action needed'],
    ]);
    expect(output).toContain(`aws logs delete-log-group --log-group-name ${LOG_GROUP} --region ${HOME}`);
    expect(output).toContain(`aws s3 rb s3://${BUCKET} --force --region ${HOME}`);
    expect(report.exitCode).toBe(0);
    // Back where it started, but for the bucket and log group kept as evidence.
    expect(Object.values(sim.state.regional).flatMap((r) => r.trails ?? [])).toEqual([]);
    expect(sim.state.iam).toEqual(start.iam);
    expect(sim.state.spreadingRoles).toBeUndefined();
    expect(Object.keys(sim.state.s3Buckets ?? {})).toEqual([BUCKET]);
    expect(sim.state.regional[HOME]!.logGroups!.map((g) => g.logGroupName)).toEqual([LOG_GROUP]);
    // A second undo changes nothing; the kept bucket and log group are still reported.
    const made = sim.mutatingCalls().length;
    expect((await undo(sim, undoLogPath)).report.results.map((r) => r.status)).toEqual(['action needed', 'action needed']);
    expect(sim.mutatingCalls()).toHaveLength(made);

    // Running again later reuses the kept bucket and log group.
    const again = await run(sim);
    expect(again.report.results.map((r) => r.status)).toEqual(['changed']);
    expect(mutations(sim).filter((a) => ['CreateBucket', 'CreateLogGroup'].includes(a))).toEqual(['CreateBucket', 'CreateLogGroup']);
  });

  it('in another home region, everything is made there: the bucket (with its location constraint), the group, the trail', async () => {
    const { sim, ctx } = simEnv();
    const inEu = ctx('eu-west-1');
    const planCtx = { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1' };
    const inputs = step.inputs!.schema.parse({});
    const plan = step.plan(await step.observe(inEu), inputs, planCtx);
    for (const change of plan.changes) await step.apply(inEu, change, inputs);
    expect(step.plan(await step.observe(inEu), inputs, planCtx).changes).toEqual([]);
    const bucket = `aws-bootstrap-cloudtrail-${ACCOUNT}-eu-west-1`;
    expect(sim.calls.find((c) => c.action === 'CreateBucket')!.input).toMatchObject({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expect(sim.state.s3Buckets![bucket]!.Region).toBe('eu-west-1');
    expect(trails(sim, 'eu-west-1')).toEqual([expect.objectContaining({
      TrailARN: trailArn(TRAIL, 'eu-west-1'), S3BucketName: bucket, CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${LOG_GROUP}:*`,
    })]);
    expect(step.provides!(await step.observe(inEu), inputs, planCtx)).toEqual({
      logGroupName: LOG_GROUP, logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${LOG_GROUP}`, trailArn: trailArn(TRAIL, 'eu-west-1'),
    });
  });

  it('keeps the retention a kept bucket and log group have, unless another is given', async () => {
    const sim = fresh();
    const first = await run(sim, { config: config({ logRetentionDays: 731, bucketRetentionDays: 2000 }) });
    await undo(sim, first.undoLogPath);
    const preview = await run(sim, { dryRun: true });
    expect(preview.report.results[0]!.changes.some((c) => /days/.test(c))).toBe(false);
    expect(preview.output).toContain('kept 2000 days); and CloudWatch Logs');
    await run(sim, { config: config({ logRetentionDays: 365 }) });
    expect(sim.state.regional[HOME]!.logGroups![0]!.retentionInDays).toBe(365);
    expect(sim.state.s3Buckets![BUCKET]!.lifecycleRules).toEqual([expect.objectContaining({ Expiration: { Days: 2000 } })]);
  });
});
