/** Simulated S3 buckets, through the real S3 client (its checksum and bucket-name middlewares run). */
import { BucketAlreadyExists, BucketAlreadyOwnedByYou, NoSuchBucket } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const s3 = (region = 'eu-west-1') => simService('s3', region);
const POLICY = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('simulated S3 buckets', () => {
  it('creates a bucket with what AWS gives new buckets: Block Public Access on, ACLs disabled, SSE-S3', async () => {
    const { client, sdk, sim } = await s3();
    const created = await client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    expect(created.Location).toBe('http://logs-1.s3.amazonaws.com/');
    expect((await client.send(new sdk.GetPublicAccessBlockCommand({ Bucket: 'logs-1' }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true,
    });
    expect((await client.send(new sdk.GetBucketOwnershipControlsCommand({ Bucket: 'logs-1' }))).OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect((await client.send(new sdk.GetBucketEncryptionCommand({ Bucket: 'logs-1' }))).ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
    const listed = await client.send(new sdk.ListBucketsCommand({ Prefix: 'logs-' }));
    expect(listed.Buckets).toEqual([{ Name: 'logs-1', CreationDate: new Date('2026-01-01T00:00:00.000Z'), BucketRegion: 'eu-west-1', BucketArn: 'arn:aws:s3:::logs-1' }]);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateBucket']);
  });

  it('keeps the tags given in CreateBucketConfiguration for GetBucketTagging (NoSuchTagSet without), and refuses bad ones', async () => {
    const { client, sdk } = await s3('us-east-1');
    const tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: 'r1' }];
    // us-east-1: a configuration with tags and no location constraint.
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-1', CreateBucketConfiguration: { Tags: tags } }));
    expect((await client.send(new sdk.GetBucketTaggingCommand({ Bucket: 'logs-1' }))).TagSet).toEqual(tags);
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-2' }));
    await expect(client.send(new sdk.GetBucketTaggingCommand({ Bucket: 'logs-2' }))).rejects.toMatchObject({ name: 'NoSuchTagSet', $metadata: { httpStatusCode: 404 } });
    for (const bad of [[{ Key: 'aws:owner', Value: 'x' }], [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }], [{ Key: 'k'.repeat(129), Value: '' }]]) {
      await expect(client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-3', CreateBucketConfiguration: { Tags: bad } }))).rejects.toMatchObject({ name: 'InvalidTag' });
    }
  });

  it('needs the LocationConstraint of the endpoint outside us-east-1 (the SDK fills it in), and none in us-east-1', async () => {
    const { client, sdk, sim } = await s3();
    await expect(client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-1', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })))
      .rejects.toMatchObject({ name: 'IllegalLocationConstraintException', $metadata: { httpStatusCode: 400 } });
    const refused = await sim.handle('s3', 'CreateBucket', 'eu-west-1', { Bucket: 'logs-1' }).catch((error: Error) => error);
    expect(refused).toMatchObject({ name: 'IllegalLocationConstraintException' });
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-1' }));
    expect(sim.calls.at(-1)!.input).toMatchObject({ CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    const east = await s3('us-east-1');
    await expect(east.client.send(new east.sdk.CreateBucketCommand({ Bucket: 'logs-1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } }))).rejects.toMatchObject({ name: 'InvalidLocationConstraint' });
    expect((await east.client.send(new east.sdk.CreateBucketCommand({ Bucket: 'logs-1' }))).Location).toBe('/logs-1');
  });

  it('answers a name taken by another account, or already ours, as S3 does (us-east-1 keeps its legacy success)', async () => {
    const { client, sdk, sim } = await s3();
    sim.state.bucketNamesTakenElsewhere = ['taken'];
    const create = (Bucket: string) => client.send(new sdk.CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await expect(create('taken')).rejects.toBeInstanceOf(BucketAlreadyExists);
    await create('mine');
    await expect(create('mine')).rejects.toBeInstanceOf(BucketAlreadyOwnedByYou);
    await expect(create('Not_Valid')).rejects.toMatchObject({ name: 'InvalidBucketName' });

    const east = await s3('us-east-1');
    await east.client.send(new east.sdk.CreateBucketCommand({ Bucket: 'again' }));
    await east.client.send(new east.sdk.CreateBucketCommand({ Bucket: 'again' }));
    expect(Object.keys(east.sim.state.s3Buckets!)).toEqual(['again']);
  });

  it('answers a missing bucket with NoSuchBucket and a bucket of another region with a 301', async () => {
    const { client, sdk, clients } = await s3();
    await expect(client.send(new sdk.GetBucketPolicyCommand({ Bucket: 'nope' }))).rejects.toBeInstanceOf(NoSuchBucket);
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'here', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const { client: other } = await clients.forRegion('us-west-2').use('s3');
    await expect(other.send(new sdk.GetBucketPolicyCommand({ Bucket: 'here' }))).rejects.toMatchObject({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } });
  });

  it('keeps a policy, refuses a malformed one and a public one while Block Public Access is on', async () => {
    const { client, sdk } = await s3();
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'bkt-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await expect(client.send(new sdk.GetBucketPolicyCommand({ Bucket: 'bkt-1' }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
    const tlsOnly = POLICY({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::bkt-1/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    await client.send(new sdk.PutBucketPolicyCommand({ Bucket: 'bkt-1', Policy: tlsOnly }));
    expect((await client.send(new sdk.GetBucketPolicyCommand({ Bucket: 'bkt-1' }))).Policy).toBe(tlsOnly);
    await expect(client.send(new sdk.PutBucketPolicyCommand({ Bucket: 'bkt-1', Policy: 'nope' }))).rejects.toMatchObject({ name: 'MalformedPolicy' });
    const everyone = POLICY({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt-1/*' });
    await expect(client.send(new sdk.PutBucketPolicyCommand({ Bucket: 'bkt-1', Policy: everyone }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await client.send(new sdk.DeleteBucketPolicyCommand({ Bucket: 'bkt-1' }));
    await client.send(new sdk.DeleteBucketPolicyCommand({ Bucket: 'bkt-1' }));
    await expect(client.send(new sdk.GetBucketPolicyCommand({ Bucket: 'bkt-1' }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy' });
  });

  it('keeps lifecycle rules, checks them, and says when there are none', async () => {
    const { client, sdk } = await s3();
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'bkt-2', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await expect(client.send(new sdk.GetBucketLifecycleConfigurationCommand({ Bucket: 'bkt-2' }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration', $metadata: { httpStatusCode: 404 } });
    const rule = { ID: 'expire', Status: 'Enabled' as const, Filter: { Prefix: '' }, Expiration: { Days: 365 } };
    await client.send(new sdk.PutBucketLifecycleConfigurationCommand({ Bucket: 'bkt-2', LifecycleConfiguration: { Rules: [rule] } }));
    expect((await client.send(new sdk.GetBucketLifecycleConfigurationCommand({ Bucket: 'bkt-2' }))).Rules).toEqual([rule]);
    await expect(client.send(new sdk.PutBucketLifecycleConfigurationCommand({ Bucket: 'bkt-2', LifecycleConfiguration: { Rules: [{ ...rule, Expiration: { Days: 0 } }] } })))
      .rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(client.send(new sdk.PutBucketLifecycleConfigurationCommand({ Bucket: 'bkt-2', LifecycleConfiguration: { Rules: [{ ID: 'x', Status: 'Enabled', Filter: {} }] } })))
      .rejects.toMatchObject({ name: 'InvalidRequest' });
    await client.send(new sdk.DeleteBucketLifecycleCommand({ Bucket: 'bkt-2' }));
    await expect(client.send(new sdk.GetBucketLifecycleConfigurationCommand({ Bucket: 'bkt-2' }))).rejects.toMatchObject({ name: 'NoSuchLifecycleConfiguration' });
  });

  it('sets and removes Block Public Access, ownership and encryption of a bucket (removed encryption is SSE-S3 again)', async () => {
    const { client, sdk } = await s3();
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'bkt-3', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' }, ObjectOwnership: 'ObjectWriter' }));
    expect((await client.send(new sdk.GetBucketOwnershipControlsCommand({ Bucket: 'bkt-3' }))).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'ObjectWriter' }]);
    await client.send(new sdk.DeletePublicAccessBlockCommand({ Bucket: 'bkt-3' }));
    await expect(client.send(new sdk.GetPublicAccessBlockCommand({ Bucket: 'bkt-3' }))).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', $metadata: { httpStatusCode: 404 } });
    await client.send(new sdk.PutPublicAccessBlockCommand({ Bucket: 'bkt-3', PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    expect((await client.send(new sdk.GetPublicAccessBlockCommand({ Bucket: 'bkt-3' }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false,
    });
    await client.send(new sdk.DeleteBucketOwnershipControlsCommand({ Bucket: 'bkt-3' }));
    await expect(client.send(new sdk.GetBucketOwnershipControlsCommand({ Bucket: 'bkt-3' }))).rejects.toMatchObject({ name: 'OwnershipControlsNotFoundError' });
    await client.send(new sdk.PutBucketOwnershipControlsCommand({ Bucket: 'bkt-3', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    const kms = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID: 'alias/logs' }, BucketKeyEnabled: true };
    await client.send(new sdk.PutBucketEncryptionCommand({ Bucket: 'bkt-3', ServerSideEncryptionConfiguration: { Rules: [kms] } }));
    expect((await client.send(new sdk.GetBucketEncryptionCommand({ Bucket: 'bkt-3' }))).ServerSideEncryptionConfiguration?.Rules).toEqual([kms]);
    await client.send(new sdk.DeleteBucketEncryptionCommand({ Bucket: 'bkt-3' }));
    expect((await client.send(new sdk.GetBucketEncryptionCommand({ Bucket: 'bkt-3' }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
  });
});
