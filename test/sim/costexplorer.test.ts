import { ResourceNotFoundException, UnknownMonitorException, UnknownSubscriptionException } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { addDefaultServicesMonitor } from '../../src/sim/state.js';
import { simService } from '../support/sim.js';

const servicesMonitor = { MonitorName: 'services', MonitorType: 'DIMENSIONAL' as const, MonitorDimension: 'SERVICE' as const };
const threshold = { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE' as const, MatchOptions: ['GREATER_THAN_OR_EQUAL' as const], Values: ['100'] } };

const costExplorer = () => simService('costexplorer', 'sa-east-1');

describe('simulated Cost Explorer', () => {
  it('allows one dimensional SERVICE monitor per account, with the error AWS gives for a second', async () => {
    // An account where AWS has made its own services monitor.
    const { sim, client, sdk } = await simService('costexplorer', 'sa-east-1', { fresh: { defaultServicesMonitor: true } });
    expect(sim.state.costExplorer.monitors).toMatchObject([{ MonitorName: 'Default-Services-Monitor', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' }]);
    await expect(client.send(new sdk.CreateAnomalyMonitorCommand({ AnomalyMonitor: servicesMonitor }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Limit exceeded on dimensional spend monitor creation',
    });
    expect(sim.state.costExplorer.monitors).toHaveLength(1);
    expect(sim.calls.map((c) => c.region)).toEqual(['us-east-1']);
  });

  it('takes Threshold or ThresholdExpression but not both, and email only for DAILY or WEEKLY', async () => {
    const { client, sdk } = await costExplorer();
    const { MonitorArn } = await client.send(new sdk.CreateAnomalyMonitorCommand({ AnomalyMonitor: servicesMonitor }));
    const subscription = { SubscriptionName: 's', MonitorArnList: [MonitorArn!], Subscribers: [{ Type: 'EMAIL' as const, Address: 'a@example.com' }], Frequency: 'DAILY' as const };
    await expect(client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: { ...subscription, Threshold: 100, ThresholdExpression: threshold } })))
      .rejects.toMatchObject({ name: 'ValidationException', message: 'Specify either Threshold or ThresholdExpression, not both.' });
    await expect(client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: { ...subscription, Frequency: 'IMMEDIATE', ThresholdExpression: threshold } })))
      .rejects.toMatchObject({ name: 'ValidationException', message: 'IMMEDIATE frequency supports only SNS subscribers.' });
    const { SubscriptionArn } = await client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: { ...subscription, ThresholdExpression: threshold } }));
    const { AnomalySubscriptions } = await client.send(new sdk.GetAnomalySubscriptionsCommand({ MonitorArn }));
    expect(AnomalySubscriptions).toEqual([{ ...subscription, SubscriptionArn, AccountId: '123456789012', Subscribers: [{ ...subscription.Subscribers[0], Status: 'CONFIRMED' }], ThresholdExpression: threshold }]);
  });

  it('answers unknown monitors and subscriptions with the real modeled errors', async () => {
    const { client, sdk } = await costExplorer();
    const unknownMonitor = 'arn:aws:ce::123456789012:anomalymonitor/00000000-0000-4000-8000-000000000000';
    await expect(client.send(new sdk.DeleteAnomalyMonitorCommand({ MonitorArn: unknownMonitor }))).rejects.toBeInstanceOf(UnknownMonitorException);
    await expect(client.send(new sdk.CreateAnomalySubscriptionCommand({
      AnomalySubscription: { SubscriptionName: 's', MonitorArnList: [unknownMonitor], Subscribers: [{ Type: 'EMAIL', Address: 'a@example.com' }], Frequency: 'DAILY', ThresholdExpression: threshold },
    }))).rejects.toBeInstanceOf(UnknownMonitorException);
    await expect(client.send(new sdk.DeleteAnomalySubscriptionCommand({ SubscriptionArn: 'arn:aws:ce::123456789012:anomalysubscription/nope' }))).rejects.toBeInstanceOf(UnknownSubscriptionException);
  });

  it('pages GetAnomalyMonitors with NextPageToken', async () => {
    const { sim, client, sdk } = await costExplorer();
    addDefaultServicesMonitor(sim.state);
    await client.send(new sdk.CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: 'accounts', MonitorType: 'DIMENSIONAL', MonitorDimension: 'LINKED_ACCOUNT' } }));
    const first = await client.send(new sdk.GetAnomalyMonitorsCommand({ MaxResults: 1 }));
    const second = await client.send(new sdk.GetAnomalyMonitorsCommand({ MaxResults: 1, NextPageToken: first.NextPageToken! }));
    expect([...first.AnomalyMonitors!, ...second.AnomalyMonitors!].map((m) => m.MonitorName)).toEqual(['Default-Services-Monitor', 'accounts']);
    expect(second.NextPageToken).toBeUndefined();
  });

  it('keeps the ResourceTags given at creation, answers them from ListTagsForResource only, and refuses tags AWS would refuse', async () => {
    const { sim, client, sdk } = await costExplorer();
    const tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: '20260101000000000' }];
    const { MonitorArn } = await client.send(new sdk.CreateAnomalyMonitorCommand({ AnomalyMonitor: servicesMonitor, ResourceTags: tags }));
    const subscription = { SubscriptionName: 's', MonitorArnList: [MonitorArn!], Subscribers: [{ Type: 'EMAIL' as const, Address: 'a@example.com' }], Frequency: 'DAILY' as const, ThresholdExpression: threshold };
    const { SubscriptionArn } = await client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: subscription, ResourceTags: tags }));
    const { SubscriptionArn: untaggedArn } = await client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: { ...subscription, SubscriptionName: 'u' } }));
    const tagsOf = async (ResourceArn: string) => (await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn }))).ResourceTags;
    expect(await tagsOf(MonitorArn!)).toEqual(tags);
    expect(await tagsOf(SubscriptionArn!)).toEqual(tags);
    expect(await tagsOf(untaggedArn!)).toEqual([]);
    await expect(tagsOf('arn:aws:ce::123456789012:anomalymonitor/missing')).rejects.toBeInstanceOf(ResourceNotFoundException);
    // The Get calls do not show them, as on AWS.
    expect((await client.send(new sdk.GetAnomalyMonitorsCommand({}))).AnomalyMonitors![0]).not.toHaveProperty('tags');
    expect((await client.send(new sdk.GetAnomalySubscriptionsCommand({}))).AnomalySubscriptions![0]).not.toHaveProperty('tags');

    for (const ResourceTags of [[{ Key: 'aws:reserved', Value: 'x' }], [{ Key: 'k', Value: 'v'.repeat(257) }], [{ Key: 'k', Value: 'a' }, { Key: 'k', Value: 'b' }]]) {
      await expect(client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: { ...subscription, SubscriptionName: 'bad' }, ResourceTags })))
        .rejects.toMatchObject({ name: 'ValidationException' });
    }
    expect(sim.state.costExplorer.subscriptions.map((s) => s.SubscriptionName)).toEqual(['s', 'u']);
  });
});
