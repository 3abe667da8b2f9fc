/**
 * The simulated organization trail and cross-account delivery, no kinder than AWS: an organization
 * trail only from the management account (or CloudTrail's delegated administrator) and only with
 * trusted access; CreateTrail checks the policy of a bucket in another account of the
 * organization for both the management account's path and the organization's; members see the
 * trail and cannot change it, a member created later included; Config delivers to a bucket in
 * another account only if that bucket's policy lets it.
 */
import { describe, expect, it } from 'vitest';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { freshOrganizationState } from '../../src/sim/organization-state.js';

const LOG_ARCHIVE = '210987654302';
const WORKLOAD = '210987654303';
const REGION = 'us-east-1';
const BUCKET = 'org-trail-logs';
const CONFIG_BUCKET = 'org-config-logs';

function organization() {
  const org = new SimulatedOrganization(freshOrganizationState({ members: 1, securityAccounts: true, enabledRegionCount: 2 }));
  const use = async <S extends 'organizations' | 'cloudtrail' | 's3' | 'config' | 'iam'>(accountId: string, service: S) => simulatedClients(org.account(accountId)).forRegion(REGION).use(service);
  const management = org.management.state.accountId;
  const orgId = org.management.state.organization!.Id;
  return { org, use, management, orgId };
}

const trailArn = (account: string) => `arn:aws:cloudtrail:${REGION}:${account}:trail/org`;

function trailPolicy(management: string, paths: readonly string[]) {
  const condition = { StringEquals: { 'aws:SourceArn': trailArn(management) } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Acl', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: condition },
      ...paths.map((path, i) => ({
        Sid: `Write${i}`, Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${path}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn(management) } },
      })),
    ],
  });
}

async function bucketInLogArchive(use: ReturnType<typeof organization>['use'], name: string, policy: string) {
  const { client, sdk } = await use(LOG_ARCHIVE, 's3');
  await client.send(new sdk.CreateBucketCommand({ Bucket: name }));
  await client.send(new sdk.PutBucketPolicyCommand({ Bucket: name, Policy: policy }));
}

const createOrgTrail = async (use: ReturnType<typeof organization>['use'], account: string) => {
  const { client, sdk } = await use(account, 'cloudtrail');
  return client.send(new sdk.CreateTrailCommand({ Name: 'org', S3BucketName: BUCKET, IsMultiRegionTrail: true, IsOrganizationTrail: true, EnableLogFileValidation: true }));
};

describe('simulated organization trail', () => {
  it('is refused to a member and before trusted access; the bucket in the log archive account must allow both paths', async () => {
    const { use, management, orgId } = organization();
    await bucketInLogArchive(use, BUCKET, trailPolicy(management, [management]));
    await expect(createOrgTrail(use, WORKLOAD)).rejects.toMatchObject({ name: 'NotOrganizationMasterAccountException' });
    await expect(createOrgTrail(use, management)).rejects.toMatchObject({ name: 'CloudTrailAccessNotEnabledException' });
    const { client: orgs, sdk: o } = await use(management, 'organizations');
    await orgs.send(new o.EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    // Only the management account's path: the organization's is refused.
    await expect(createOrgTrail(use, management)).rejects.toMatchObject({ name: 'InsufficientS3BucketPolicyException' });
    const { client: s3, sdk: s } = await use(LOG_ARCHIVE, 's3');
    await s3.send(new s.PutBucketPolicyCommand({ Bucket: BUCKET, Policy: trailPolicy(management, [management, orgId]) }));
    const created = await createOrgTrail(use, management);
    expect(created).toMatchObject({ TrailARN: trailArn(management), IsOrganizationTrail: true });
  });

  it('shows members the trail, which they cannot change; an account created later sees it too', async () => {
    const { org, use, management, orgId } = organization();
    await bucketInLogArchive(use, BUCKET, trailPolicy(management, [management, orgId]));
    const { client: orgs, sdk: o } = await use(management, 'organizations');
    await orgs.send(new o.EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    await createOrgTrail(use, management);
    const later = org.addAccount('later');
    for (const account of [WORKLOAD, later]) {
      const { client, sdk } = await use(account, 'cloudtrail');
      const { trailList } = await client.send(new sdk.DescribeTrailsCommand({ includeShadowTrails: true }));
      expect(trailList, account).toEqual([expect.objectContaining({ TrailARN: trailArn(management), HomeRegion: REGION, IsOrganizationTrail: true, S3BucketName: BUCKET })]);
      // Another region shows it too (multi-region).
      const region = Object.entries(org.account(account).state.regions).find(([r, status]) => r !== REGION && status.startsWith('ENABLED'))![0];
      const elsewhere = simulatedClients(org.account(account)).forRegion(region);
      const other = await elsewhere.use('cloudtrail');
      expect((await other.client.send(new other.sdk.DescribeTrailsCommand({}))).trailList!.map((t) => t.TrailARN)).toEqual([trailArn(management)]);
      await expect(client.send(new sdk.StopLoggingCommand({ Name: trailArn(management) }))).rejects.toMatchObject({ name: 'NotOrganizationMasterAccountException' });
      await expect(client.send(new sdk.DeleteTrailCommand({ Name: trailArn(management) }))).rejects.toMatchObject({ name: 'NotOrganizationMasterAccountException' });
    }
    // The management account itself still changes it.
    const { client, sdk } = await use(management, 'cloudtrail');
    await client.send(new sdk.StartLoggingCommand({ Name: trailArn(management) }));
    const { client: member, sdk: m } = await use(WORKLOAD, 'cloudtrail');
    expect((await member.send(new m.GetTrailStatusCommand({ Name: trailArn(management) }))).IsLogging).toBe(true);
  });
});

describe('simulated Config delivery to a bucket of another account', () => {
  const configPolicy = (condition: Record<string, string>) => JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Acl', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${CONFIG_BUCKET}`, Condition: { StringEquals: condition } },
      { Sid: 'Put', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${CONFIG_BUCKET}/AWSLogs/*/Config/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...condition } } },
    ],
  });

  async function channel(use: ReturnType<typeof organization>['use']) {
    const { client: iam, sdk: i } = await use(WORKLOAD, 'iam');
    const { Role } = await iam.send(new i.CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    const { client, sdk } = await use(WORKLOAD, 'config');
    await client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: Role!.Arn! } })).catch(async () => {
      // IAM spreads a new role first: a later call is accepted.
      await client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: Role!.Arn! } }));
    });
    return () => client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: CONFIG_BUCKET } }));
  }

  it('is refused unless the bucket policy lets Config write for the organization, then accepted', async () => {
    const { org, use, orgId } = organization();
    await bucketInLogArchive(use, CONFIG_BUCKET, configPolicy({ 'aws:SourceOrgID': 'o-someoneelse' }));
    const put = await channel(use);
    await expect(put()).rejects.toMatchObject({ name: 'InsufficientDeliveryPolicyException' });
    const { client: s3, sdk: s } = await use(LOG_ARCHIVE, 's3');
    await s3.send(new s.PutBucketPolicyCommand({ Bucket: CONFIG_BUCKET, Policy: configPolicy({ 'aws:SourceOrgID': orgId }) }));
    await put();
    // Config's writability check lands in the log archive account's bucket.
    expect(org.account(LOG_ARCHIVE).state.s3Buckets![CONFIG_BUCKET]!.objectCount).toBe(1);
  });
});
