/** SimCall.simMs: the simulation's own synchronous work per call, which the benchmark sets apart from the tool's CPU. */
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { freshOrganizationState } from '../../src/sim/organization-state.js';
import { freshAccountState } from '../../src/sim/state.js';

describe('the simulation\'s own CPU', () => {
  it('is counted per call and grows with calls', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { client, sdk } = await simulatedClients(sim).get('ec2', 'us-east-1');
    await client.send(new sdk.DescribeVpcsCommand({}));
    const afterOne = sim.cpuMs;
    expect(sim.calls[0]!.simMs).toBeGreaterThan(0);
    expect(afterOne).toBe(sim.calls[0]!.simMs);
    for (let i = 0; i < 5; i++) await client.send(new sdk.DescribeVpcsCommand({}));
    expect(sim.calls.every((call) => call.simMs > 0)).toBe(true);
    expect(sim.cpuMs).toBeGreaterThan(afterOne);
    expect(sim.cpuMs).toBeCloseTo(sim.calls.reduce((sum, call) => sum + call.simMs, 0), 9);
  });

  it('counts a call that fails in the handler', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { client, sdk } = await simulatedClients(sim).get('iam', 'us-east-1');
    await expect(client.send(new sdk.GetRoleCommand({ RoleName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    expect(sim.calls[0]!.error).toBe('NoSuchEntityException');
    expect(sim.calls[0]!.simMs).toBeGreaterThan(0);
  });

  it('does not count the simulated latency, which is waiting', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { latencyMs: 50 });
    const { client, sdk } = await simulatedClients(sim).get('ec2', 'us-east-1');
    // Warm the service module and the SDK first: the first call pays their loading.
    await client.send(new sdk.DescribeVpcsCommand({}));
    const before = sim.cpuMs;
    for (let i = 0; i < 3; i++) await client.send(new sdk.DescribeVpcsCommand({}));
    const last = sim.calls.slice(-3);
    // Each call took at least its 50 ms of latency, of which the simulation worked a small part.
    for (const call of last) expect(call.end! - call.start).toBeGreaterThanOrEqual(49);
    expect(sim.cpuMs - before).toBeLessThan(3 * 15);
    for (const call of last) expect(call.simMs).toBeLessThan(15);
  });

  it('is summed over every account of an organization, with its work outside calls', async () => {
    const org = new SimulatedOrganization(freshOrganizationState({ members: 2, enabledRegionCount: 1 }));
    const member = org.management.state.organization!.accounts.find((a) => a.member)!.Id;
    for (const sim of [org.management, org.account(member)]) {
      const { client, sdk } = await simulatedClients(sim).get('ec2', 'us-east-1');
      await client.send(new sdk.DescribeVpcsCommand({}));
    }
    expect(org.management.cpuMs).toBeGreaterThan(0);
    expect(org.account(member).cpuMs).toBeGreaterThan(0);
    org.outsideCallsMs = 7;
    expect(org.cpuMs).toBeCloseTo(org.management.cpuMs + org.account(member).cpuMs + 7, 9);
  });
});
