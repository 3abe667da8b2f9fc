/** config-bucket: the plan (pure), and its apply and undo against the simulated account, one change at a time. */
import { describe, expect, it } from 'vitest';
import step, { configBucketStatements, type ConfigBucketState } from '../../steps/config-bucket.js';
import { parsePolicy, type ObservedBucket } from '../../steps/shared/log-bucket.js';
import { simEnv } from '../support/sim.js';

const ACCOUNT = '123456789012';
const NAME = `aws-bootstrap-config-${ACCOUNT}-us-east-1`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const planCtx = { accountId: ACCOUNT, partition: 'aws', region: 'us-east-1' };
const inputs = (section: Record<string, unknown> = {}) => step.inputs!.schema.parse(section);
const summaries = (state: ConfigBucketState, section: Record<string, unknown> = {}) => step.plan(state, inputs(section), planCtx).changes.map((c) => c.summary);

/** The bucket as this step leaves it. */
function compliantBucket(days = 365): ObservedBucket {
  const [create] = step.plan({}, inputs({ retentionDays: days }), planCtx).changes;
  const payload = create!.payload as { policy: string; lifecycle: ObservedBucket['lifecycle'] };
  return {
    name: NAME,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    ownership: 'BucketOwnerEnforced',
    encryption: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    policy: payload.policy,
    lifecycle: payload.lifecycle!,
  };
}

describe('config-bucket: the plan', () => {
  it('fresh account: the bucket and the service-linked role, with what it costs and that undo keeps the bucket', () => {
    const plan = step.plan({}, inputs(), planCtx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['create-bucket', 'create-service-linked-role']);
    expect(plan.changes[0]!.summary).toBe(`Create the S3 bucket ${NAME} for AWS Config's configuration snapshots and history files`);
    expect(plan.notes!.join(' ')).toMatch(/USD 0\.023 per GB-month.*Undo keeps the bucket/s);
  });

  it('the bucket policy is AWS\'s for Config with the service-linked role, guarded by aws:SourceAccount, plus a deny for plain HTTP', () => {
    const [create] = step.plan({}, inputs(), planCtx).changes;
    const policy = parsePolicy((create!.payload as { policy: string }).policy)!;
    const arn = `arn:aws:s3:::${NAME}`;
    expect(policy.Statement).toEqual([
      { Sid: 'AWSConfigBucketPermissionsCheck', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
      { Sid: 'AWSConfigBucketExistenceCheck', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:ListBucket', Resource: arn, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
      {
        Sid: 'AWSConfigBucketDelivery', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:PutObject', Resource: `${arn}/AWSLogs/${ACCOUNT}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ACCOUNT } },
      },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    expect(configBucketStatements('aws', NAME, ACCOUNT)).toHaveLength(3);
    expect((create!.payload as { lifecycle: unknown }).lifecycle).toEqual([{ ID: 'aws-bootstrap-config-expiry', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } }]);
  });

  it('compliant: nothing to do, nothing to say', () => {
    const plan = step.plan({ bucket: compliantBucket(), role: { arn: ROLE, tags: {} } }, inputs(), planCtx);
    expect(plan).toEqual({ changes: [], notes: [] });
  });

  it('an existing bucket of ours: only what is missing, keeping the statements and rules of others', () => {
    const bucket = compliantBucket();
    const theirs = { Sid: 'Theirs', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${NAME}/*` };
    const drifted: ObservedBucket = { ...bucket, ownership: 'ObjectWriter', policy: JSON.stringify({ Version: '2012-10-17', Statement: [theirs] }), lifecycle: [{ ID: 'other', Status: 'Enabled', Filter: {}, Expiration: { Days: 9 } }] };
    const plan = step.plan({ bucket: drifted, role: { arn: ROLE, tags: {} } }, inputs({ retentionDays: 90 }), planCtx);
    expect(plan.changes.map((c) => c.summary)).toEqual([
      `Disable ACLs on the bucket ${NAME} (bucket owner enforced)`,
      `Let only AWS Config write to the bucket ${NAME}, over HTTPS only`,
      `Delete objects in the bucket ${NAME} after 90 days`,
    ]);
    const policy = plan.changes[1]!.payload as { value: string };
    expect(parsePolicy(policy.value)!.Statement.map((s) => s.Sid)).toEqual(['Theirs', 'AWSConfigBucketPermissionsCheck', 'AWSConfigBucketExistenceCheck', 'AWSConfigBucketDelivery', 'DenyInsecureTransport']);
    const lifecycle = plan.changes[2]!.payload as { value: Array<{ ID: string }> };
    expect(lifecycle.value.map((r) => r.ID)).toEqual(['other', 'aws-bootstrap-config-expiry']);
    expect(summaries({ bucket: compliantBucket(30) })).toEqual([`Delete objects in the bucket ${NAME} after 365 days`, 'Create the service-linked role AWSServiceRoleForConfig that AWS Config records with']);
  });

  it('a policy with our statements weakened (the aws:SourceAccount guard taken off) is fixed', () => {
    const bucket = compliantBucket();
    const policy = parsePolicy(bucket.policy)!;
    delete policy.Statement.find((s) => s.Sid === 'AWSConfigBucketDelivery')!.Condition!.StringEquals!['aws:SourceAccount'];
    expect(summaries({ bucket: { ...bucket, policy: JSON.stringify(policy) }, role: { arn: ROLE, tags: {} } })).toEqual([`Let only AWS Config write to the bucket ${NAME}, over HTTPS only`]);
  });

  it('provides the bucket, the role and the home region, as they will be (a dry run previews aws-config against them)', () => {
    expect(step.provides!({}, inputs(), { ...planCtx, region: 'ap-northeast-1' })).toEqual({ bucketName: `aws-bootstrap-config-${ACCOUNT}-ap-northeast-1`, roleArn: ROLE, homeRegion: 'ap-northeast-1' });
  });

  it('bad input is refused with what is expected; the retention is asked only when the bucket will be made', () => {
    const problems = (section: Record<string, unknown>) => step.inputs!.schema.safeParse(section).error?.issues.map((i) => i.message);
    expect(problems({ retentionDays: 0 })).toEqual(['keep the files at least 1 day']);
    expect(problems({ retentionDays: 'a year' })).toEqual(['expected a number of days']);
    expect(problems({ retentionDays: 1.5 })).toEqual(['expected a whole number of days']);
    expect(problems({ bucketName: 'mine' })).toEqual([expect.stringMatching(/bucketName/)]);
    expect(inputs({ retentionDays: '90' }).retentionDays).toBe(90);
    expect(step.inputs!.questions({}, {}).map((q) => [q.path, q.default, q.validate!('0')])).toEqual([['retentionDays', '365', 'keep the files at least 1 day']]);
    expect(step.inputs!.questions({ bucket: compliantBucket() }, {})).toEqual([]);
  });
});

describe('config-bucket: apply and undo against the simulated account', () => {
  it('creates the bucket locked down and the role; undo keeps the bucket (by hand) and deletes the role once nothing uses it', async () => {
    const { sim, ctx } = simEnv();
    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    const undos = [];
    for (const change of plan.changes) undos.push(await step.apply(ctx(), change, inputs()));
    const bucket = sim.state.s3Buckets![NAME]!;
    expect(bucket).toMatchObject({ Region: 'us-east-1', ownership: 'BucketOwnerEnforced', publicAccessBlock: { BlockPublicPolicy: true }, lifecycleRules: [{ Expiration: { Days: 365 } }] });
    expect(sim.state.iam.roles.AWSServiceRoleForConfig).toMatchObject({ Arn: ROLE, attachedPolicies: ['arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy'] });
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);
    expect(undos.map((u) => [u.kind, 'manual' in u ? u.manual : undefined])).toEqual([
      ['keep-bucket', `The S3 bucket ${NAME} holds AWS Config's configuration snapshots and history, which are evidence: undo never deletes it. When you no longer need them, empty and delete it: \`aws s3 rb s3://${NAME} --force --region us-east-1\``],
      ['delete-service-linked-role', undefined],
    ]);

    const state = await step.observe(ctx());
    expect(step.undoDrift!(state, undos[1]!)).toBeUndefined();
    await step.undo!(ctx(), undos[1]!);
    expect(sim.state.iam.roles.AWSServiceRoleForConfig).toBeUndefined();
    expect(step.undoDrift!(await step.observe(ctx()), undos[1]!)).toBe('the role AWSServiceRoleForConfig no longer exists');
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual([
      'CreateBucket', 'PutPublicAccessBlock', 'PutBucketEncryption', 'PutBucketPolicy', 'PutBucketLifecycleConfiguration', 'CreateServiceLinkedRole', 'TagRole', 'DeleteServiceLinkedRole',
    ]);
  });

  it('outside us-east-1, a CreateBucket whose answer was lost is found made (S3 would refuse it again: BucketAlreadyOwnedByYou), not sent twice', async () => {
    const { sim, ctx } = simEnv();
    const euCtx = { ...planCtx, region: 'eu-west-1' };
    const [create] = step.plan(await step.observe(ctx('eu-west-1')), inputs(), euCtx).changes;
    sim.inject({ service: 's3', action: 'CreateBucket', code: 'InternalError', status: 500, after: true, times: 1 });
    await step.apply(ctx('eu-west-1'), create!, inputs());
    expect(sim.calls.filter((c) => c.action === 'CreateBucket')).toHaveLength(1);
    expect(Object.keys(sim.state.s3Buckets!)).toEqual([`aws-bootstrap-config-${ACCOUNT}-eu-west-1`]);
    expect(step.plan(await step.observe(ctx('eu-west-1')), inputs(), euCtx).changes.map((c) => c.payload.action)).toEqual(['create-service-linked-role']);
  });

  it('undo of the role fails, saying where it is used, while a Config recorder still uses it', async () => {
    const { sim, ctx } = simEnv();
    const create = step.plan(await step.observe(ctx()), inputs(), planCtx).changes.find((c) => c.payload.action === 'create-service-linked-role')!;
    const undo = await step.apply(ctx(), create, inputs());
    sim.state.regional['eu-west-1']!.configRecorders = [{ name: 'default', arn: 'arn:aws:config:eu-west-1:123456789012:configuration-recorder/default/x', roleARN: ROLE, recording: true }];
    await expect(step.undo!(ctx(), undo)).rejects.toThrow(/IAM did not delete the role AWSServiceRoleForConfig: .*\(used in eu-west-1: arn:aws:config:eu-west-1:123456789012:configuration-recorder\/default\/x\)\. Delete or change what still uses it, then run undo again$/);
    expect(sim.state.iam.roles.AWSServiceRoleForConfig).toBeDefined();
  });

  it('puts back a setting it changed, unless it was changed since', async () => {
    const { sim, ctx } = simEnv();
    const { client, sdk } = await ctx().aws.use('s3');
    await client.send(new sdk.CreateBucketCommand({ Bucket: NAME }));
    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    expect(plan.changes.map((c) => c.summary)).toEqual([
      `Let only AWS Config write to the bucket ${NAME}, over HTTPS only`,
      `Delete objects in the bucket ${NAME} after 365 days`,
      'Create the service-linked role AWSServiceRoleForConfig that AWS Config records with',
    ]);
    const policyUndo = await step.apply(ctx(), plan.changes[0]!, inputs());
    const lifecycleUndo = await step.apply(ctx(), plan.changes[1]!, inputs());
    expect([policyUndo.kind, lifecycleUndo.kind]).toEqual(['restore-bucket-setting', 'restore-bucket-setting']);
    await client.send(new sdk.PutBucketLifecycleConfigurationCommand({ Bucket: NAME, LifecycleConfiguration: { Rules: [{ ID: 'aws-bootstrap-config-expiry', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 7 } }] } }));
    const state = await step.observe(ctx());
    expect(step.undoDrift!(state, lifecycleUndo)).toBe(`the lifecycle rules of the bucket ${NAME} changed since this run`);
    expect(step.undoDrift!(state, policyUndo)).toBeUndefined();
    await step.undo!(ctx(), policyUndo);
    expect(sim.state.s3Buckets![NAME]!.policy).toBeUndefined();
  });
});
