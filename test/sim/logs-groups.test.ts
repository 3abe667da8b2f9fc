/** Simulated CloudWatch Logs log groups, through the real client. */
import { InvalidParameterException, ResourceAlreadyExistsException, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const logs = () => simService('logs', 'eu-west-1');

describe('simulated CloudWatch Logs log groups', () => {
  it('creates a group that never expires, described with both ARN forms, in its region only', async () => {
    const { client, sdk, clients } = await logs();
    await client.send(new sdk.CreateLogGroupCommand({ logGroupName: '/trail/logs' }));
    const { logGroups } = await client.send(new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: '/trail/' }));
    expect(logGroups).toEqual([{
      logGroupName: '/trail/logs',
      creationTime: Date.parse('2026-01-01T00:00:00.000Z'),
      metricFilterCount: 0,
      arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/trail/logs:*',
      logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/trail/logs',
      storedBytes: 0,
      logGroupClass: 'STANDARD',
      deletionProtectionEnabled: false,
    }]);
    const { client: other } = await clients.forRegion('us-east-1').use('logs');
    expect((await other.send(new sdk.DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    await expect(client.send(new sdk.CreateLogGroupCommand({ logGroupName: '/trail/logs' }))).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
  });

  it('keeps the tags given to CreateLogGroup, and refuses bad ones before making the group', async () => {
    const { client, sdk, sim } = await logs();
    await expect(client.send(new sdk.CreateLogGroupCommand({ logGroupName: 'g', tags: { ['k'.repeat(129)]: 'v' } }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.CreateLogGroupCommand({ logGroupName: 'g', tags: { k: 'v'.repeat(257) } }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.CreateLogGroupCommand({ logGroupName: 'g', tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, '']) ) }))).rejects.toBeInstanceOf(InvalidParameterException);
    expect(sim.state.regional['eu-west-1']!.logGroups ?? []).toEqual([]);
    await client.send(new sdk.CreateLogGroupCommand({ logGroupName: 'g', tags: { 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': 'r1' } }));
    expect(sim.state.regional['eu-west-1']!.logGroups![0]!.tags).toEqual({ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': 'r1' });
  });

  it('refuses names CloudWatch Logs refuses', async () => {
    const { client, sdk } = await logs();
    for (const logGroupName of ['', 'has space', 'aws/reserved', 'x'.repeat(513)]) {
      await expect(client.send(new sdk.CreateLogGroupCommand({ logGroupName })), logGroupName).rejects.toBeInstanceOf(InvalidParameterException);
    }
  });

  it('takes only the retention periods AWS lists, and removes a retention', async () => {
    const { client, sdk } = await logs();
    await client.send(new sdk.CreateLogGroupCommand({ logGroupName: 'g' }));
    await client.send(new sdk.PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 365 }));
    expect((await client.send(new sdk.DescribeLogGroupsCommand({}))).logGroups?.[0]?.retentionInDays).toBe(365);
    await expect(client.send(new sdk.PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 366 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]'),
    });
    await client.send(new sdk.DeleteRetentionPolicyCommand({ logGroupName: 'g' }));
    expect((await client.send(new sdk.DescribeLogGroupsCommand({}))).logGroups?.[0]).not.toHaveProperty('retentionInDays');
    await expect(client.send(new sdk.PutRetentionPolicyCommand({ logGroupName: 'none', retentionInDays: 30 }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('pages with nextToken (at most 50 a page) and filters by prefix or pattern, never both', async () => {
    const { client, sdk } = await logs();
    for (let i = 0; i < 55; i++) await client.send(new sdk.CreateLogGroupCommand({ logGroupName: `/app/${String(i).padStart(2, '0')}` }));
    await client.send(new sdk.CreateLogGroupCommand({ logGroupName: '/Trail/Events' }));
    const first = await client.send(new sdk.DescribeLogGroupsCommand({}));
    expect(first.logGroups).toHaveLength(50);
    const second = await client.send(new sdk.DescribeLogGroupsCommand({ nextToken: first.nextToken }));
    expect(second.logGroups).toHaveLength(6);
    expect(second.nextToken).toBeUndefined();
    expect((await client.send(new sdk.DescribeLogGroupsCommand({ logGroupNamePattern: 'trail' }))).logGroups?.map((g) => g.logGroupName)).toEqual(['/Trail/Events']);
    await expect(client.send(new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: '/a', logGroupNamePattern: 'a' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.DescribeLogGroupsCommand({ limit: 51 }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
