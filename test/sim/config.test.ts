/** Simulated AWS Config (recorder and delivery channel) and IAM's service-linked roles, through the real SDK clients. */
import { describe, expect, it } from 'vitest';
import type { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { simEnv } from '../support/sim.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const BUCKET = 'config-bucket-1';
const bucketArn = `arn:aws:s3:::${BUCKET}`;
const config = { Service: 'config.amazonaws.com' };
const sourceAccount = (account = ACCOUNT) => ({ 'AWS:SourceAccount': account });
/** AWS's documented policy for Config with the service-linked role, optionally with a prefix or for another account. */
const configPolicy = ({ prefix = '', account = ACCOUNT } = {}) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSConfigBucketPermissionsCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: sourceAccount(account) } },
    { Sid: 'AWSConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringEquals: sourceAccount(account) } },
    {
      Sid: 'AWSConfigBucketDelivery', Effect: 'Allow', Principal: config, Action: 's3:PutObject', Resource: `${bucketArn}/${prefix}AWSLogs/${ACCOUNT}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...sourceAccount(account) } },
    },
  ],
});

async function env(region = 'eu-west-1') {
  const e = simEnv();
  const { client, sdk } = await e.clients.forRegion(region).use('config');
  const iam = await e.clients.forRegion(region).use('iam');
  const s3 = await e.clients.forRegion('us-east-1').use('s3');
  const makeRole = async () => {
    await iam.client.send(new iam.sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    e.sim.settle();
    delete e.sim.state.spreadingRoles;
  };
  const makeBucket = async (policy = configPolicy()) => {
    await s3.client.send(new s3.sdk.CreateBucketCommand({ Bucket: BUCKET }));
    await s3.client.send(new s3.sdk.PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }));
  };
  const putRecorder = (recorder: object) => client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: ROLE, ...recorder } as never }));
  return { ...e, client, sdk, iam, s3, makeRole, makeBucket, putRecorder };
}

const recordersIn = (sim: SimulatedAccount, region: string) => sim.state.regional[region]!.configRecorders ?? [];

describe('simulated AWS Config: the configuration recorder', () => {
  it('needs a role that exists and trusts Config, and refuses one IAM made moments ago once (it has not spread yet)', async () => {
    const { client, sdk, iam, putRecorder } = await env();
    await expect(client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default' } }))).rejects.toMatchObject({ name: 'InvalidRoleException', message: expect.stringMatching(/null or empty/) });
    await expect(putRecorder({})).rejects.toMatchObject({ name: 'InvalidRoleException' });
    const { Role } = await iam.client.send(new iam.sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    expect(Role).toMatchObject({ RoleName: 'AWSServiceRoleForConfig', Path: '/aws-service-role/config.amazonaws.com/', Arn: ROLE });
    await expect(putRecorder({})).rejects.toMatchObject({ name: 'InvalidRoleException' });
    await putRecorder({});
    const described = await client.send(new sdk.DescribeConfigurationRecordersCommand({}));
    expect(described.ConfigurationRecorders).toEqual([{
      arn: expect.stringMatching(/^arn:aws:config:eu-west-1:123456789012:configuration-recorder\/default\/\w+$/),
      name: 'default',
      roleARN: ROLE,
      // No recording group: every supported type, the global IAM types excepted.
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: false, resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
      recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
      recordingScope: 'PAID',
    }]);
    expect((await client.send(new sdk.DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus).toEqual([{ arn: described.ConfigurationRecorders![0]!.arn, name: 'default', recording: false }]);
  });

  it('keeps the Tags the recorder was created with for ListTagsForResource (a later put\'s are ignored), and refuses bad ones', async () => {
    const { client, sdk, sim, makeRole } = await env();
    await makeRole();
    const put = (Tags: Array<{ Key: string; Value: string }>) => client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: ROLE }, Tags }));
    for (const bad of [[{ Key: 'aws:owner', Value: 'x' }], [{ Key: 'k'.repeat(129), Value: '' }], [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }]]) {
      await expect(put(bad)).rejects.toMatchObject({ name: 'ValidationException' });
    }
    await expect(put(Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })))).rejects.toMatchObject({ name: 'TooManyTagsException' });
    expect(recordersIn(sim, 'eu-west-1')).toEqual([]);
    const Tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: 'r1' }];
    await put(Tags);
    await put([{ Key: 'aws-bootstrap:run', Value: 'r2' }]);
    const arn = recordersIn(sim, 'eu-west-1')[0]!.arn!;
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual(Tags);
    await expect(client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: `${arn}-gone` }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('checks the recording group and mode as the API reference says', async () => {
    const { makeRole, putRecorder } = await env();
    await makeRole();
    const group = (recordingGroup: object) => putRecorder({ recordingGroup });
    await expect(group({ allSupported: true, resourceTypes: ['AWS::EC2::VPC'] })).rejects.toMatchObject({ name: 'InvalidRecordingGroupException' });
    await expect(group({ allSupported: false, includeGlobalResourceTypes: true })).rejects.toMatchObject({ name: 'InvalidRecordingGroupException' });
    await expect(group({ allSupported: true, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } })).rejects.toMatchObject({ name: 'InvalidRecordingGroupException' });
    await expect(group({ allSupported: false, includeGlobalResourceTypes: false })).rejects.toMatchObject({ name: 'InvalidRecordingGroupException', message: expect.stringMatching(/null, false or empty/) });
    await expect(group({ resourceTypes: ['AWS::EC2::Nothing'] })).rejects.toMatchObject({ name: 'InvalidRecordingGroupException' });
    const daily = (resourceTypes: string[]) => putRecorder({ recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [{ resourceTypes, recordingFrequency: 'DAILY' }] } });
    await expect(daily(['AWS::Config::ResourceCompliance'])).rejects.toMatchObject({ name: 'InvalidRecordingGroupException', message: expect.stringMatching(/Daily recording cannot/) });
    await expect(daily([])).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(putRecorder({ recordingMode: { recordingFrequency: 'HOURLY' } })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(putRecorder({ name: 'AWSConfigurationRecorderForSecurityHub' })).rejects.toMatchObject({ name: 'InvalidConfigurationRecorderNameException' });
    await daily(['AWS::EC2::VPC', 'AWS::EC2::Subnet']);
  });

  it('keeps one customer managed recorder per region: the same name updates it, another name is refused', async () => {
    const { sim, makeRole, putRecorder } = await env();
    await makeRole();
    await putRecorder({});
    await putRecorder({ recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } });
    expect(recordersIn(sim, 'eu-west-1')).toMatchObject([{ name: 'default', recordingGroup: { includeGlobalResourceTypes: true } }]);
    await expect(putRecorder({ name: 'mine' })).rejects.toMatchObject({ name: 'MaxNumberOfConfigurationRecordersExceededException' });
    // Another region has its own.
    const { client, sdk } = await simulatedClients(sim).forRegion('us-west-2').use('config');
    await client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'mine', roleARN: ROLE } }));
    expect(recordersIn(sim, 'us-west-2')).toMatchObject([{ name: 'mine' }]);
  });

  it('starts only with a delivery channel; a running recorder keeps its channel; names that do not exist are Config\'s errors', async () => {
    const { sim, client, sdk, makeRole, makeBucket, putRecorder } = await env();
    await makeRole();
    await makeBucket();
    await expect(client.send(new sdk.DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['default'] }))).rejects.toMatchObject({ name: 'NoSuchConfigurationRecorderException' });
    await expect(client.send(new sdk.StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))).rejects.toMatchObject({ name: 'NoSuchConfigurationRecorderException' });
    await putRecorder({});
    await expect(client.send(new sdk.StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))).rejects.toMatchObject({ name: 'NoAvailableDeliveryChannelException' });
    await client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }));
    await client.send(new sdk.StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await client.send(new sdk.StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    const [status] = (await client.send(new sdk.DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus!;
    expect(status).toMatchObject({ name: 'default', recording: true, lastStatus: 'Success', lastStartTime: expect.any(Date) });
    await expect(client.send(new sdk.DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }))).rejects.toMatchObject({ name: 'LastDeliveryChannelDeleteFailedException' });
    await client.send(new sdk.StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await client.send(new sdk.DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }));
    await expect(client.send(new sdk.DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }))).rejects.toMatchObject({ name: 'NoSuchDeliveryChannelException' });
    await client.send(new sdk.DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await expect(client.send(new sdk.DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }))).rejects.toMatchObject({ name: 'NoSuchConfigurationRecorderException' });
    expect(recordersIn(sim, 'eu-west-1')).toEqual([]);
  });
});

describe('simulated AWS Config: the delivery channel', () => {
  it('needs a recorder first, and a bucket that exists', async () => {
    const { client, sdk, makeRole, putRecorder } = await env();
    const put = (channel: object) => client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET, ...channel } }));
    await expect(put({})).rejects.toMatchObject({ name: 'NoAvailableConfigurationRecorderException' });
    await makeRole();
    await putRecorder({});
    await expect(put({})).rejects.toMatchObject({ name: 'NoSuchBucketException', message: `Cannot find a S3 bucket with name ${BUCKET}.` });
    await expect(put({ s3BucketName: '' })).rejects.toMatchObject({ name: 'NoSuchBucketException' });
  });

  it('checks at once that the bucket policy lets Config write for this account, in a bucket of another region too', async () => {
    const { sim, client, sdk, s3, makeRole, putRecorder } = await env('ap-northeast-1');
    await makeRole();
    await putRecorder({});
    const put = (channel: object = {}) => client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET, ...channel } }));
    const policy = (text: string) => s3.client.send(new s3.sdk.PutBucketPolicyCommand({ Bucket: BUCKET, Policy: text }));
    await s3.client.send(new s3.sdk.CreateBucketCommand({ Bucket: BUCKET }));
    await expect(put()).rejects.toMatchObject({ name: 'InsufficientDeliveryPolicyException', message: expect.stringMatching(/^Insufficient delivery policy to s3 bucket: config-bucket-1/) });
    await policy(configPolicy({ account: '210987654321' }));
    await expect(put()).rejects.toMatchObject({ name: 'InsufficientDeliveryPolicyException' });
    await policy(configPolicy());
    // The policy covers AWSLogs/ at the top of the bucket, not under a prefix.
    await expect(put({ s3KeyPrefix: 'config' })).rejects.toMatchObject({ name: 'InsufficientDeliveryPolicyException' });
    await expect(put({ s3KeyPrefix: 'AWSLogs' })).rejects.toMatchObject({ name: 'InvalidS3KeyPrefixException' });
    await expect(put({ configSnapshotDeliveryProperties: { deliveryFrequency: 'Weekly' as never } })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(put({ snsTopicARN: `arn:aws:sns:ap-northeast-1:${ACCOUNT}:nothing` })).rejects.toMatchObject({ name: 'InvalidSNSTopicARNException' });
    expect(sim.state.s3Buckets![BUCKET]!.objectCount).toBe(0);
    await put();
    // Config writes its writability check file: the bucket holds something from now on.
    expect(sim.state.s3Buckets![BUCKET]!.objectCount).toBe(1);
    expect((await client.send(new sdk.DescribeDeliveryChannelsCommand({}))).DeliveryChannels).toEqual([{ name: 'default', s3BucketName: BUCKET }]);
    await expect(put({ name: 'other' })).rejects.toMatchObject({ name: 'MaxNumberOfDeliveryChannelsExceededException' });
    await expect(client.send(new sdk.DescribeDeliveryChannelsCommand({ DeliveryChannelNames: ['other'] }))).rejects.toMatchObject({ name: 'NoSuchDeliveryChannelException' });
  });

  it('an explicit deny for Config wins over the allow', async () => {
    const { client, sdk, makeRole, makeBucket, putRecorder } = await env();
    await makeRole();
    const withDeny = JSON.parse(configPolicy()) as { Statement: object[] };
    withDeny.Statement.push({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucketArn}/*` });
    await makeBucket(JSON.stringify(withDeny));
    await putRecorder({});
    await expect(client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: BUCKET } }))).rejects.toMatchObject({ name: 'InsufficientDeliveryPolicyException' });
  });
});

describe('simulated IAM: the service-linked role for Config', () => {
  it('is made once ("has been taken" after that), and its deletion fails while a recorder in any region uses it', async () => {
    const { sim, iam, makeRole, putRecorder, client, sdk } = await env();
    await makeRole();
    await expect(iam.client.send(new iam.sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' })))
      .rejects.toMatchObject({ name: 'InvalidInputException', message: 'Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix.' });
    await putRecorder({});
    const { DeletionTaskId } = await iam.client.send(new iam.sdk.DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }));
    expect(DeletionTaskId).toMatch(/^task\/aws-service-role\/config.amazonaws.com\/AWSServiceRoleForConfig\/[0-9a-f-]{36}$/);
    const failed = await iam.client.send(new iam.sdk.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(failed).toMatchObject({ Status: 'FAILED', Reason: { RoleUsageList: [{ Region: 'eu-west-1', Resources: [expect.stringMatching(/configuration-recorder\/default/)] }] } });
    expect(sim.state.iam.roles.AWSServiceRoleForConfig).toBeDefined();
    await client.send(new sdk.DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    const again = await iam.client.send(new iam.sdk.DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }));
    expect((await iam.client.send(new iam.sdk.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: again.DeletionTaskId }))).Status).toBe('SUCCEEDED');
    expect(sim.state.iam.roles.AWSServiceRoleForConfig).toBeUndefined();
    await expect(iam.client.send(new iam.sdk.DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('reports a deletion right even while IAM reads lag behind it', async () => {
    const e = simEnv({ consistency: { services: ['iam'], staleReads: 3 } });
    const { client, sdk } = await e.clients.forRegion('us-east-1').use('iam');
    await client.send(new sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    e.sim.settle();
    const { DeletionTaskId } = await client.send(new sdk.DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }));
    // A lagging read still shows the role, but the task has succeeded.
    await expect(client.send(new sdk.GetRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }))).resolves.toMatchObject({ Role: { Arn: ROLE } });
    expect((await client.send(new sdk.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status).toBe('SUCCEEDED');
    await expect(client.send(new sdk.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/nothing' }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  });
});
