/** A create whose answer is lost is read again before it is sent again: never two of it. */
import { describe, expect, it } from 'vitest';
import { createOnce, withoutBlindRetry } from '../../src/aws/create-once.js';
import type { SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { simEnv } from '../support/sim.js';

const subscription = {
  SubscriptionName: 'alerts',
  MonitorArnList: ['arn:aws:ce::123456789012:anomalymonitor/00000000-0000-4000-8000-000000000001'],
  Subscribers: [{ Type: 'EMAIL' as const, Address: 'a@example.com' }],
  Frequency: 'DAILY' as const,
  ThresholdExpression: { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE' as const, MatchOptions: ['GREATER_THAN_OR_EQUAL' as const], Values: ['100'] } },
};

const lostAnswers: Array<[string, SimFault]> = [
  ['a 500 after the change', { code: 'InternalServerError', status: 500, after: true, times: 1 }],
  ['a reset connection after the change', { code: 'ECONNRESET', after: true, times: 1 }],
  ['a hung answer after the change (attempt timeout)', { code: 'InternalServerError', status: 500, after: true, times: 1, hangMs: 200 }],
];

async function setUp(fault: SimFault) {
  const { sim } = simEnv();
  // The monitor the subscription names.
  sim.state.costExplorer.monitors.push({
    MonitorArn: subscription.MonitorArnList[0]!, MonitorName: 'm', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE',
    CreationDate: '2026-01-01', LastUpdatedDate: '2026-01-01', DimensionalValueCount: 0,
  } as never);
  sim.inject({ service: 'costexplorer', action: 'CreateAnomalySubscription', ...fault });
  const clients = simulatedClients(sim, { attemptTimeoutMs: 50 });
  const { client, sdk } = await clients.forRegion('us-east-1').use('costexplorer');
  const find = async () => {
    const out = await client.send(new sdk.GetAnomalySubscriptionsCommand({}));
    return out.AnomalySubscriptions?.find((s) => s.SubscriptionName === 'alerts')?.SubscriptionArn;
  };
  return { sim, client, sdk, find };
}

describe('createOnce', () => {
  for (const [name, fault] of lostAnswers) {
    it(`${name}: the create is sent once and what exists is taken as ours`, async () => {
      const { sim, client, sdk, find } = await setUp(fault);
      const arn = await createOnce({
        create: async () => (await client.send(withoutBlindRetry(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: subscription })))).SubscriptionArn,
        find,
      });
      expect(sim.state.costExplorer.subscriptions).toHaveLength(1);
      expect(arn).toBe(sim.state.costExplorer.subscriptions[0]!.SubscriptionArn);
      expect(sim.calls.filter((c) => c.action === 'CreateAnomalySubscription')).toHaveLength(1);
    });
  }

  it('without it, the SDK retries the lost answer blindly and makes a duplicate (why it exists)', async () => {
    const { sim, client, sdk } = await setUp(lostAnswers[0]![1]);
    await client.send(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: subscription }));
    expect(sim.state.costExplorer.subscriptions).toHaveLength(2);
  });

  it('sends the create again when the lost request never made it', async () => {
    const { sim, client, sdk, find } = await setUp({ code: 'InternalServerError', status: 500, times: 1 });
    await createOnce({
      create: async () => (await client.send(withoutBlindRetry(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: subscription })))).SubscriptionArn,
      find,
    });
    expect(sim.state.costExplorer.subscriptions).toHaveLength(1);
    expect(sim.calls.filter((c) => c.action === 'CreateAnomalySubscription')).toHaveLength(2);
  });

  it('still lets the SDK retry throttling (refused before anything was done)', async () => {
    const { sim, client, sdk, find } = await setUp({ code: 'ThrottlingException', status: 400, times: 2 });
    await createOnce({
      create: async () => (await client.send(withoutBlindRetry(new sdk.CreateAnomalySubscriptionCommand({ AnomalySubscription: subscription })))).SubscriptionArn,
      find,
    });
    expect(sim.state.costExplorer.subscriptions).toHaveLength(1);
    expect(sim.calls.filter((c) => c.action === 'GetAnomalySubscriptions')).toHaveLength(0);
  });
});
