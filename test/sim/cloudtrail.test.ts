/** Simulated CloudTrail: what CreateTrail and UpdateTrail check at once, shadow and organization trails, logging and selectors. */
import {
  CloudTrailARNInvalidException, InsufficientS3BucketPolicyException, InvalidCloudWatchLogsLogGroupArnException, InvalidCloudWatchLogsRoleArnException, InvalidHomeRegionException,
  InvalidParameterCombinationException, InvalidTagParameterException, InvalidTrailNameException, NotOrganizationMasterAccountException, ResourceNotFoundException,
  S3BucketDoesNotExistException, TagsLimitExceededException, TrailAlreadyExistsException, TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import type { SimTrail } from '../../src/sim/alerting-state.js';
import { simEnv } from '../support/sim.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUCKET = 'trail-logs-bucket';
const trailArn = (name: string, region = REGION, account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:trail-events:*`;

/** The bucket policy AWS documents for a trail, with the aws:SourceArn guard. */
function bucketPolicy(sourceArn: string): string {
  const principal = { Service: 'cloudtrail.amazonaws.com' };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AclCheck', Effect: 'Allow', Principal: principal, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': sourceArn } } },
      {
        Sid: 'Write', Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn } },
      },
      { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  });
}

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const DELIVERY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:trail-events:log-stream:*` }],
});

/** An account with the bucket (and its policy for trail `main`), and a log group. */
async function account(policy: string | undefined = bucketPolicy(trailArn('main'))) {
  const env = simEnv();
  const aws = env.clients.forRegion(REGION);
  const s3 = await aws.use('s3');
  await s3.client.send(new s3.sdk.CreateBucketCommand({ Bucket: BUCKET }));
  if (policy) await s3.client.send(new s3.sdk.PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }));
  const logs = await aws.use('logs');
  await logs.client.send(new logs.sdk.CreateLogGroupCommand({ logGroupName: 'trail-events' }));
  const iam = await aws.use('iam');
  const { client, sdk } = await aws.use('cloudtrail');
  const role = async (RoleName: string, document = DELIVERY) => {
    const { Role } = await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST }));
    await iam.client.send(new iam.sdk.PutRolePolicyCommand({ RoleName, PolicyName: 'deliver', PolicyDocument: document }));
    return Role!.Arn!;
  };
  return { ...env, client, sdk, role, trails: (region = REGION) => env.sim.state.regional[region]!.trails ?? [] };
}

function otherTrail(overrides: Partial<SimTrail>): SimTrail {
  return {
    Name: 'org', TrailARN: trailArn('org', 'eu-west-1', '999999999999'), HomeRegion: 'eu-west-1', S3BucketName: 'org-logs',
    IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, IsOrganizationTrail: true, LogFileValidationEnabled: true, Tags: [], isLogging: true,
    ...overrides,
  };
}

describe('simulated CloudTrail', () => {
  it('creates a trail only on a bucket whose policy lets CloudTrail write for that very trail', async () => {
    const { client, sdk, sim } = await account(bucketPolicy(trailArn('other')));
    const create = (Name: string, S3BucketName = BUCKET) => client.send(new sdk.CreateTrailCommand({ Name, S3BucketName, IsMultiRegionTrail: true, EnableLogFileValidation: true }));
    await expect(create('main', 'no-such-bucket')).rejects.toBeInstanceOf(S3BucketDoesNotExistException);
    // The policy's aws:SourceArn names another trail.
    await expect(create('main')).rejects.toBeInstanceOf(InsufficientS3BucketPolicyException);
    sim.state.s3Buckets![BUCKET]!.policy = bucketPolicy(trailArn('main'));
    const created = await create('main');
    expect(created).toMatchObject({ Name: 'main', TrailARN: trailArn('main'), IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true, IsOrganizationTrail: false });
    await expect(create('main')).rejects.toBeInstanceOf(TrailAlreadyExistsException);
    await expect(create('-bad')).rejects.toBeInstanceOf(InvalidTrailNameException);
    delete sim.state.s3Buckets![BUCKET]!.policy;
    await expect(create('second')).rejects.toBeInstanceOf(InsufficientS3BucketPolicyException);
  });

  it('keeps CreateTrail\'s TagsList for ListTags (home region only), and refuses bad tags before making anything', async () => {
    const { client, sdk, trails } = await account();
    const create = (TagsList: Array<{ Key: string; Value?: string }>) => client.send(new sdk.CreateTrailCommand({ Name: 'main', S3BucketName: BUCKET, TagsList }));
    await expect(create([{ Key: '', Value: 'x' }])).rejects.toBeInstanceOf(InvalidTagParameterException);
    await expect(create([{ Key: 'k'.repeat(129), Value: 'x' }])).rejects.toBeInstanceOf(InvalidTagParameterException);
    await expect(create([{ Key: 'a', Value: 'v'.repeat(257) }])).rejects.toBeInstanceOf(InvalidTagParameterException);
    await expect(create([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }])).rejects.toBeInstanceOf(InvalidTagParameterException);
    await expect(create(Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })))).rejects.toBeInstanceOf(TagsLimitExceededException);
    expect(trails()).toEqual([]);
    const tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: 'r1' }];
    await create(tags);
    expect((await client.send(new sdk.ListTagsCommand({ ResourceIdList: [trailArn('main')] }))).ResourceTagList).toEqual([{ ResourceId: trailArn('main'), TagsList: tags }]);
    await expect(client.send(new sdk.ListTagsCommand({ ResourceIdList: [trailArn('gone')] }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new sdk.ListTagsCommand({ ResourceIdList: ['main'] }))).rejects.toBeInstanceOf(CloudTrailARNInvalidException);
  });

  it('does not log until StartLogging, and stops and deletes (leaving the region as if it never had a trail)', async () => {
    const { client, sdk, sim } = await account();
    await client.send(new sdk.CreateTrailCommand({ Name: 'main', S3BucketName: BUCKET, IsMultiRegionTrail: true }));
    expect(await client.send(new sdk.GetTrailStatusCommand({ Name: 'main' }))).toMatchObject({ IsLogging: false });
    await client.send(new sdk.StartLoggingCommand({ Name: 'main' }));
    expect(await client.send(new sdk.GetTrailStatusCommand({ Name: trailArn('main') }))).toMatchObject({ IsLogging: true });
    await client.send(new sdk.StopLoggingCommand({ Name: 'main' }));
    expect(await client.send(new sdk.GetTrailStatusCommand({ Name: 'main' }))).toMatchObject({ IsLogging: false });
    await client.send(new sdk.DeleteTrailCommand({ Name: 'main' }));
    await expect(client.send(new sdk.DeleteTrailCommand({ Name: 'main' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    expect((await client.send(new sdk.DescribeTrailsCommand({}))).trailList).toEqual([]);
    expect(sim.state.regional[REGION]).not.toHaveProperty('trails');
  });

  it('refuses a role IAM made moments ago once, then its policy put moments ago once, then takes it; refuses a role that may not write, and a missing group', async () => {
    const { client, sdk, sim, role, clients } = await account();
    const create = (roleArn: string, groupArn = GROUP_ARN) => client.send(new sdk.CreateTrailCommand({
      Name: 'main', S3BucketName: BUCKET, IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: groupArn, CloudWatchLogsRoleArn: roleArn,
    }));
    const fresh = await role('delivery');
    expect(sim.state.spreadingRoles).toEqual({ [fresh]: 1 });
    expect(sim.state.spreadingRolePolicies).toEqual({ [fresh]: 1 });
    await expect(create(fresh)).rejects.toBeInstanceOf(InvalidCloudWatchLogsRoleArnException);
    expect(sim.state.spreadingRoles).toBeUndefined();
    // The role is known now, its delivery policy not yet: CloudTrail says "Access denied" with the group's code.
    await expect(create(fresh)).rejects.toThrow(expect.objectContaining({ name: 'InvalidCloudWatchLogsLogGroupArnException', message: expect.stringMatching(/^Access denied/) }));
    expect(sim.state.spreadingRolePolicies).toBeUndefined();
    // A role people assume (trusting the account) is never handed to a service: IAM marks nothing.
    const iam = await clients.forRegion(REGION).use('iam');
    const adminTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: adminTrust }));
    expect(sim.state.spreadingRoles).toBeUndefined();
    await expect(create(fresh, GROUP_ARN.replace('trail-events', 'missing'))).rejects.toBeInstanceOf(InvalidCloudWatchLogsLogGroupArnException);
    const mute = await role('mute', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: '*' }] }));
    await create(mute).catch(() => undefined); // spends its first refusal
    await expect(create(mute)).rejects.toBeInstanceOf(InvalidCloudWatchLogsRoleArnException);
    expect(await create(fresh)).toMatchObject({ CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: fresh });
    await expect(client.send(new sdk.UpdateTrailCommand({ Name: 'main', CloudWatchLogsLogGroupArn: GROUP_ARN }))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('updates a trail and removes its Logs delivery with empty strings', async () => {
    const { client, sdk, role } = await account();
    const roleArn = await role('delivery');
    await client.send(new sdk.CreateTrailCommand({ Name: 'main', S3BucketName: BUCKET }));
    // Refused twice while IAM spreads the role, then its policy.
    for (let i = 0; i < 2; i++) await client.send(new sdk.UpdateTrailCommand({ Name: 'main', CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: roleArn })).catch(() => undefined);
    const updated = await client.send(new sdk.UpdateTrailCommand({ Name: 'main', IsMultiRegionTrail: true, EnableLogFileValidation: true, CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: roleArn }));
    expect(updated).toMatchObject({ IsMultiRegionTrail: true, LogFileValidationEnabled: true, CloudWatchLogsLogGroupArn: GROUP_ARN });
    await expect(client.send(new sdk.UpdateTrailCommand({ Name: 'main', IncludeGlobalServiceEvents: false }))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    const removed = await client.send(new sdk.UpdateTrailCommand({ Name: 'main', CloudWatchLogsLogGroupArn: '', CloudWatchLogsRoleArn: '' }));
    expect(removed).not.toHaveProperty('CloudWatchLogsLogGroupArn');
  });

  it('shows a multi-region trail elsewhere as a shadow: read by ARN, changed only from its home region', async () => {
    const { sim, clients, sdk } = await account();
    sim.state.regional['eu-west-1']!.trails = [otherTrail({ Name: 'own', TrailARN: trailArn('own', 'eu-west-1'), IsOrganizationTrail: false, isLogging: false })];
    const { client } = await clients.forRegion(REGION).use('cloudtrail');
    const { trailList } = await client.send(new sdk.DescribeTrailsCommand({ includeShadowTrails: true }));
    expect(trailList).toEqual([expect.objectContaining({ Name: 'own', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, HasCustomEventSelectors: false })]);
    expect((await client.send(new sdk.DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    expect(await client.send(new sdk.GetTrailStatusCommand({ Name: trailArn('own', 'eu-west-1') }))).toMatchObject({ IsLogging: false });
    await expect(client.send(new sdk.GetTrailStatusCommand({ Name: 'own' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(client.send(new sdk.StartLoggingCommand({ Name: trailArn('own', 'eu-west-1') }))).rejects.toBeInstanceOf(InvalidHomeRegionException);
  });

  it('shows an organization trail to a member account, which cannot change it', async () => {
    const { sim, client, sdk } = await account();
    sim.state.regional[REGION]!.trails = [otherTrail({ TrailARN: trailArn('org', REGION, '999999999999'), HomeRegion: REGION })];
    const { trailList } = await client.send(new sdk.DescribeTrailsCommand({}));
    expect(trailList).toEqual([expect.objectContaining({ Name: 'org', IsOrganizationTrail: true, TrailARN: trailArn('org', REGION, '999999999999') })]);
    await expect(client.send(new sdk.UpdateTrailCommand({ Name: trailArn('org', REGION, '999999999999'), EnableLogFileValidation: true })))
      .rejects.toBeInstanceOf(NotOrganizationMasterAccountException);
  });

  it('keeps basic or advanced event selectors, all management events by default', async () => {
    const { client, sdk } = await account();
    await client.send(new sdk.CreateTrailCommand({ Name: 'main', S3BucketName: BUCKET, IsMultiRegionTrail: true }));
    expect(await client.send(new sdk.GetEventSelectorsCommand({ TrailName: 'main' }))).toMatchObject({
      TrailARN: trailArn('main'), EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
    });
    const advanced = [{ Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }];
    await client.send(new sdk.PutEventSelectorsCommand({ TrailName: 'main', AdvancedEventSelectors: advanced }));
    const read = await client.send(new sdk.GetEventSelectorsCommand({ TrailName: 'main' }));
    expect(read.AdvancedEventSelectors).toEqual(advanced);
    expect(read.EventSelectors).toBeUndefined();
    expect((await client.send(new sdk.DescribeTrailsCommand({}))).trailList?.[0]?.HasCustomEventSelectors).toBe(true);
    await expect(client.send(new sdk.PutEventSelectorsCommand({ TrailName: 'main' }))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });
});
