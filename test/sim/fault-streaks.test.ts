/** SimFault.maxInARow: a request failed that many times in a row gets through on its next try. */
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';

describe('a fault with maxInARow', () => {
  it('fails the same request at most that many times in a row; the SDK retry then gets through', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'ec2', code: 'RequestLimitExceeded', probability: 1, maxInARow: 3 }] });
    const { client, sdk } = await simulatedClients(sim).get('ec2', 'us-east-1');
    const out = await client.send(new sdk.GetEbsEncryptionByDefaultCommand({}));
    expect(out.EbsEncryptionByDefault).toBe(false);
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', 'RequestLimitExceeded', 'ok']);
  });

  it('counts the streak over every fault: two faults that take turns still fail a request at most that many times in a row', async () => {
    // Each fault alone would reset its own streak whenever the other fired: 503, 500, 503, 500… never getting through.
    const sim = new SimulatedAccount(freshAccountState(), {
      faults: [
        { service: 'ec2', code: 'ServiceUnavailable', status: 503, probability: 1, maxInARow: 3 },
        { service: 'ec2', code: 'InternalFailure', status: 500, probability: 1, maxInARow: 3 },
      ],
    });
    const { client, sdk } = await simulatedClients(sim, { maxAttempts: 4 }).get('ec2', 'us-east-1');
    await client.send(new sdk.GetEbsEncryptionByDefaultCommand({}));
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual(['ServiceUnavailable', 'ServiceUnavailable', 'ServiceUnavailable', 'ok']);
  });

  it('without it, a certain fault fails every attempt', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'ec2', code: 'RequestLimitExceeded', probability: 1 }] });
    const { client, sdk } = await simulatedClients(sim, { maxAttempts: 3 }).get('ec2', 'us-east-1');
    await expect(client.send(new sdk.GetEbsEncryptionByDefaultCommand({}))).rejects.toThrow();
    expect(sim.calls).toHaveLength(3);
  });
});
