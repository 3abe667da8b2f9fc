/** Real SDK clients wired to a simulated account: used by `--demo`, the tests and the benchmark. */
import { AwsClients, type AwsClientsOptions } from '../aws/clients.js';
import { SimulatedAccount } from './account.js';

/** Recognisably fake: tests assert these never appear in any output. */
export const SIMULATED_CREDENTIALS = {
  accessKeyId: 'ASIASIMULATEDKEY0001',
  secretAccessKey: 'simulated/SECRET/never-printed/0000000000',
  sessionToken: 'simulated-session-token-never-printed',
} as const;

export function simulatedClients(
  sim: SimulatedAccount,
  options: Omit<AwsClientsOptions, 'decorate' | 'requestHandler' | 'ignoreConfiguredEndpoints'> = {},
): AwsClients {
  return new AwsClients({
    retryBaseDelayMs: 5,
    // A member account of a simulated organization signs with what sts:AssumeRole gave (--org).
    credentials: SIMULATED_CREDENTIALS,
    ...options,
    decorate: sim.decorator(),
    requestHandler: SimulatedAccount.networkGuard,
    // The simulation answers inside the SDK: an emulator's endpoint (AWS_ENDPOINT_URL and the
    // like) has nothing to do with it, and S3 Control cannot even build a URL from an IP address.
    ignoreConfiguredEndpoints: true,
  });
}
