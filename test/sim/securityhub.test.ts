import { InvalidAccessException, InvalidInputException, ResourceConflictException, ResourceNotFoundException } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import type { SimState } from '../../src/sim/state.js';
import { simService } from '../support/sim.js';

const ACCOUNT = '123456789012';
const FSBP = (region: string) => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS_V3 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
const CIS_V1_2 = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const subscription = (region: string, path: string) => `arn:aws:securityhub:${region}:${ACCOUNT}:subscription/${path}`;

/** AWS Config recording in the region, which a standard's controls need. */
function addRecorder(state: SimState, region: string): void {
  (state.regional[region]!.configRecorders ??= []).push({ name: 'default', roleARN: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig', recording: true });
}

const securityHub = (region = 'eu-west-1', enabledRegionCount?: number) => simService('securityhub', region, enabledRegionCount ? { fresh: { enabledRegionCount } } : {});

/** A hub as this wizard enables it: consolidated findings, no default standards. */
async function enabled(region = 'eu-west-1') {
  const env = await securityHub(region);
  await env.client.send(new env.sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' }));
  return env;
}

describe('simulated Security Hub CSPM: the hub', () => {
  it('answers every call but EnableSecurityHub with InvalidAccessException where it is not enabled, as AWS does', async () => {
    const { client, sdk } = await securityHub();
    const described = client.send(new sdk.DescribeHubCommand({}));
    await expect(described).rejects.toBeInstanceOf(InvalidAccessException);
    await expect(described).rejects.toThrow(`Account ${ACCOUNT} is not subscribed to AWS Security Hub`);
    await expect(client.send(new sdk.GetEnabledStandardsCommand({}))).rejects.toBeInstanceOf(InvalidAccessException);
    await expect(client.send(new sdk.ListFindingAggregatorsCommand({}))).rejects.toBeInstanceOf(InvalidAccessException);
    await expect(client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP('eu-west-1') }] }))).rejects.toBeInstanceOf(InvalidAccessException);
    await expect(client.send(new sdk.DisableSecurityHubCommand({}))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('enables with the default standards (FSBP and the outdated CIS v1.2.0) unless told not to; a second enable is a conflict', async () => {
    const { sim, client, sdk } = await securityHub();
    await expect(client.send(new sdk.EnableSecurityHubCommand({ ControlFindingGenerator: 'PER_FINDING' as never }))).rejects.toBeInstanceOf(InvalidInputException);
    await client.send(new sdk.EnableSecurityHubCommand({}));
    const { StandardsSubscriptions } = await client.send(new sdk.GetEnabledStandardsCommand({}));
    expect(StandardsSubscriptions!.map((s) => [s.StandardsArn, s.StandardsSubscriptionArn, s.StandardsStatus])).toEqual([
      [FSBP('eu-west-1'), subscription('eu-west-1', 'aws-foundational-security-best-practices/v/1.0.0'), 'PENDING'],
      [CIS_V1_2, subscription('eu-west-1', 'cis-aws-foundations-benchmark/v/1.2.0'), 'PENDING'],
    ]);
    await expect(client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }))).rejects.toBeInstanceOf(ResourceConflictException);
    expect(sim.state.regional['us-east-1']!.securityHub).toBeUndefined();
  });

  it('keeps EnableSecurityHub\'s Tags for ListTagsForResource of the hub, refuses bad ones, and knows no other resource', async () => {
    const { client, sdk, sim } = await securityHub();
    const HUB = `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`;
    await expect(client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: HUB }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    for (const Tags of [{ 'aws:owner': 'x' }, { ['k'.repeat(129)]: 'v' }, { k: 'v'.repeat(257) }] as Array<Record<string, string>>) {
      await expect(client.send(new sdk.EnableSecurityHubCommand({ Tags }))).rejects.toBeInstanceOf(InvalidInputException);
    }
    expect(sim.state.regional['eu-west-1']!.securityHub).toBeUndefined();
    const Tags = { 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': 'r1' };
    await client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false, Tags }));
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: HUB }))).Tags).toEqual(Tags);
    await expect(client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:finding-aggregator/x` }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('describes the hub with its ARN, subscription time and control finding generator; DisableSecurityHub takes it and its standards away', async () => {
    const { sim, client, sdk } = await enabled();
    const hub = await client.send(new sdk.DescribeHubCommand({}));
    expect(hub).toMatchObject({ HubArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`, SubscribedAt: '2026-01-01T00:00:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' });
    await expect(client.send(new sdk.DescribeHubCommand({ HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default` }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await client.send(new sdk.DisableSecurityHubCommand({}));
    expect(sim.state.regional['eu-west-1']!.securityHub).toBeUndefined();
    await expect(client.send(new sdk.DisableSecurityHubCommand({}))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('simulated Security Hub CSPM: standards', () => {
  it('lists what AWS offers, CIS v1.2.0 with its global ruleset ARN', async () => {
    const { client, sdk } = await enabled();
    const { Standards } = await client.send(new sdk.DescribeStandardsCommand({}));
    expect(Standards!.map((s) => s.StandardsArn)).toEqual(expect.arrayContaining([FSBP('eu-west-1'), CIS_V3('eu-west-1'), CIS_V1_2]));
    expect(Standards!.find((s) => s.StandardsArn === CIS_V3('eu-west-1'))).toMatchObject({ Name: 'CIS AWS Foundations Benchmark v3.0.0', EnabledByDefault: false });
  });

  it('enables a standard as PENDING, READY two reads later where AWS Config records', async () => {
    const { sim, client, sdk } = await enabled();
    addRecorder(sim.state, 'eu-west-1');
    const { StandardsSubscriptions } = await client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS_V3('eu-west-1') }] }));
    expect(StandardsSubscriptions).toEqual([{
      StandardsArn: CIS_V3('eu-west-1'),
      StandardsSubscriptionArn: subscription('eu-west-1', 'cis-aws-foundations-benchmark/v/3.0.0'),
      StandardsInput: {},
      StandardsStatus: 'PENDING',
      StandardsControlsUpdatable: 'NOT_READY_FOR_UPDATES',
      Provider: 'AWS',
    }]);
    const statuses = async () => (await client.send(new sdk.GetEnabledStandardsCommand({}))).StandardsSubscriptions!.map((s) => s.StandardsStatus);
    expect([await statuses(), await statuses(), await statuses()]).toEqual([['PENDING'], ['PENDING'], ['READY']]);
  });

  it('without an AWS Config recorder, a standard ends INCOMPLETE with NO_AVAILABLE_CONFIGURATION_RECORDER', async () => {
    const { client, sdk } = await enabled();
    await client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP('eu-west-1') }] }));
    await client.send(new sdk.GetEnabledStandardsCommand({}));
    await client.send(new sdk.GetEnabledStandardsCommand({}));
    const [standard] = (await client.send(new sdk.GetEnabledStandardsCommand({}))).StandardsSubscriptions!;
    expect(standard).toMatchObject({ StandardsStatus: 'INCOMPLETE', StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' } });
  });

  it('refuses an unknown standard, another region\'s ARN, one already enabled, and an empty batch', async () => {
    const { client, sdk } = await enabled();
    const enable = (StandardsArn: string) => client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn }] }));
    await expect(enable('arn:aws:securityhub:eu-west-1::standards/made-up/v/1.0.0')).rejects.toThrow('Invalid StandardsSubscriptionRequest(s): [{"StandardsArn":"arn:aws:securityhub:eu-west-1::standards/made-up/v/1.0.0"}]');
    await expect(enable(FSBP('us-east-1'))).rejects.toBeInstanceOf(InvalidInputException);
    await enable(FSBP('eu-west-1'));
    await expect(enable(FSBP('eu-west-1'))).rejects.toBeInstanceOf(InvalidInputException);
    await expect(client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [] }))).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('refuses to disable a PENDING standard ("please try later"); a READY one is DELETING for a few reads, then gone', async () => {
    const { sim, client, sdk } = await enabled();
    addRecorder(sim.state, 'eu-west-1');
    const arn = subscription('eu-west-1', 'aws-foundational-security-best-practices/v/1.0.0');
    await client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP('eu-west-1') }] }));
    const disable = () => client.send(new sdk.BatchDisableStandardsCommand({ StandardsSubscriptionArns: [arn] }));
    await expect(disable()).rejects.toThrow(`StandardsSubscription(s) in state PENDING, please try later: ["${arn}"]`);
    await client.send(new sdk.GetEnabledStandardsCommand({}));
    await client.send(new sdk.GetEnabledStandardsCommand({}));
    expect((await disable()).StandardsSubscriptions!.map((s) => s.StandardsStatus)).toEqual(['DELETING']);
    await expect(disable()).rejects.toThrow('in state DELETING');
    const listed = async () => (await client.send(new sdk.GetEnabledStandardsCommand({}))).StandardsSubscriptions!.map((s) => s.StandardsStatus);
    expect([await listed(), await listed(), await listed()]).toEqual([['DELETING'], ['DELETING'], []]);
    await expect(disable()).rejects.toThrow(`Invalid StandardsSubscriptionArn(s): ["${arn}"]`);
  });

  it('lists enabled standards a page at a time', async () => {
    const { client, sdk } = await enabled();
    await client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP('eu-west-1') }, { StandardsArn: CIS_V3('eu-west-1') }] }));
    const first = await client.send(new sdk.GetEnabledStandardsCommand({ MaxResults: 1 }));
    const second = await client.send(new sdk.GetEnabledStandardsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    expect([...first.StandardsSubscriptions!, ...second.StandardsSubscriptions!].map((s) => s.StandardsArn)).toEqual([FSBP('eu-west-1'), CIS_V3('eu-west-1')]);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('simulated Security Hub CSPM: finding aggregators', () => {
  it('makes one per account, in the region it is created from; listed from any region where Security Hub is on', async () => {
    const { sim, clients, client, sdk } = await enabled('us-east-1');
    const made = await client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    expect(made).toMatchObject({ FindingAggregationRegion: 'us-east-1', RegionLinkingMode: 'ALL_REGIONS', FindingAggregatorArn: expect.stringMatching(/^arn:aws:securityhub:us-east-1:123456789012:finding-aggregator\/[0-9a-f-]{36}$/) });
    expect(made.Regions).toBeUndefined();

    const other = await clients.forRegion('eu-west-1').use('securityhub');
    await expect(other.client.send(new sdk.ListFindingAggregatorsCommand({}))).rejects.toBeInstanceOf(InvalidAccessException);
    await other.client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect((await other.client.send(new sdk.ListFindingAggregatorsCommand({}))).FindingAggregators).toEqual([{ FindingAggregatorArn: made.FindingAggregatorArn }]);
    const second = other.client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    await expect(second).rejects.toBeInstanceOf(InvalidInputException);
    await expect(second).rejects.toThrow(`A finding aggregator already exists in us-east-1`);
    expect(sim.state.regional['eu-west-1']!.findingAggregators).toBeUndefined();
  });

  it('checks RegionLinkingMode and Regions as the reference describes them', async () => {
    const { client, sdk } = await enabled('us-east-1');
    await expect(client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'SOME_REGIONS' }))).rejects.toBeInstanceOf(InvalidInputException);
    await expect(client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS' }))).rejects.toThrow('Regions is required when RegionLinkingMode is SPECIFIED_REGIONS');
    await expect(client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS', Regions: ['eu-west-1'] }))).rejects.toThrow('Regions cannot be specified');
    const made = await client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-west-1'] }));
    expect(await client.send(new sdk.GetFindingAggregatorCommand({ FindingAggregatorArn: made.FindingAggregatorArn }))).toMatchObject({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-west-1'] });
    await client.send(new sdk.UpdateFindingAggregatorCommand({ FindingAggregatorArn: made.FindingAggregatorArn, RegionLinkingMode: 'ALL_REGIONS' }));
    const updated = await client.send(new sdk.GetFindingAggregatorCommand({ FindingAggregatorArn: made.FindingAggregatorArn }));
    expect([updated.RegionLinkingMode, updated.Regions]).toEqual(['ALL_REGIONS', undefined]);
  });

  it('cannot be made in an opt-in region', async () => {
    const { client, sdk } = await securityHub('af-south-1', 18);
    await client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await expect(client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }))).rejects.toThrow('af-south-1 is a Region that is disabled by default');
  });

  it('is deleted only from its home region; once gone, ResourceNotFoundException', async () => {
    const { sim, clients, client, sdk } = await enabled('us-east-1');
    const { FindingAggregatorArn } = await client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    const other = await clients.forRegion('eu-west-1').use('securityhub');
    await other.client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await expect(other.client.send(new sdk.DeleteFindingAggregatorCommand({ FindingAggregatorArn }))).rejects.toThrow('only be deleted from its home Region us-east-1');
    await client.send(new sdk.DeleteFindingAggregatorCommand({ FindingAggregatorArn }));
    expect(sim.state.regional['us-east-1']!.findingAggregators).toEqual([]);
    await expect(client.send(new sdk.DeleteFindingAggregatorCommand({ FindingAggregatorArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new sdk.GetFindingAggregatorCommand({ FindingAggregatorArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('simulated Security Hub CSPM: what each region offers (issue 22 item 5)', () => {
  const CIS_V5 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/5.0.0`;

  it('DescribeStandards lists CIS v5.0.0 in the shape AWS gives, and answers before the hub is on (the console lists them to choose from)', async () => {
    const { client, sdk } = await securityHub();
    const { Standards } = await client.send(new sdk.DescribeStandardsCommand({}));
    expect(Standards!.find((s) => s.StandardsArn === CIS_V5('eu-west-1'))).toEqual({
      StandardsArn: CIS_V5('eu-west-1'),
      Name: 'CIS AWS Foundations Benchmark v5.0.0',
      Description: expect.stringContaining('AWS Foundations Benchmark v5.0.0'),
      EnabledByDefault: false,
      StandardsManagedBy: { Company: 'AWS', Product: 'Security Hub' },
    });
  });

  it('a standard AWS has not launched in a region: left out of DescribeStandards there, and refused by BatchEnableStandards', async () => {
    const { sim, client, sdk } = await enabled();
    sim.state.regional['eu-west-1']!.securityHubNotOffered = ['cis-aws-foundations-benchmark/v/5.0.0'];
    const { Standards } = await client.send(new sdk.DescribeStandardsCommand({}));
    expect(Standards!.map((s) => s.StandardsArn)).not.toContain(CIS_V5('eu-west-1'));
    expect(Standards!.map((s) => s.StandardsArn)).toContain(CIS_V3('eu-west-1'));
    await expect(client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS_V5('eu-west-1') }] }))).rejects.toBeInstanceOf(InvalidInputException);
  });
});
