/** A simulated account with real SDK clients, and step contexts bound to it. */
import { SimulatedAccount, type SimOptions } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState, type FreshAccountOptions, type SimState } from '../../src/sim/state.js';
import type { StepContext } from '../../src/core/step.js';
import type { ServiceId } from '../../src/aws/clients.js';

export interface SimEnvOptions extends SimOptions {
  readonly state?: SimState;
  readonly fresh?: FreshAccountOptions;
}

export function simEnv(options: SimEnvOptions = {}) {
  const sim = new SimulatedAccount(options.state ?? freshAccountState(options.fresh), options);
  const clients = simulatedClients(sim);
  const ctx = (region = 'us-east-1', dryRun = false): StepContext => ({
    accountId: sim.state.accountId,
    partition: 'aws',
    region,
    dryRun,
    aws: clients.forRegion(region),
  });
  return { sim, clients, ctx, state: () => sim.state };
}

/** A simulated account and one real SDK client for it, in one region. */
export async function simService<K extends ServiceId>(service: K, region: string, options: SimEnvOptions = {}) {
  const env = simEnv(options);
  const { client, sdk } = await env.clients.forRegion(region).use(service);
  return { ...env, client, sdk };
}
