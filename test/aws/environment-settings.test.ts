/**
 * Settings the SDK reads from the environment for every client (FIPS and dual-stack endpoints,
 * the app id, the auth scheme preference) are read once per run and handed to each client, with
 * the same values the SDK would find by itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { SIMULATED_CREDENTIALS } from '../../src/sim/clients.js';

interface Config { useFipsEndpoint: () => Promise<boolean>; useDualstackEndpoint: () => Promise<boolean>; userAgentAppId: () => Promise<string | undefined> }

afterEach(() => {
  vi.unstubAllEnvs();
});

const clients = (profile?: string) => new AwsClients({ ...(profile ? { profile } : {}), credentials: SIMULATED_CREDENTIALS, requestHandler: SimulatedAccount.networkGuard, ignoreConfiguredEndpoints: true });

describe('settings from the environment', () => {
  it('are what the SDK would read: AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, AWS_SDK_UA_APP_ID', async () => {
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'true');
    vi.stubEnv('AWS_USE_DUALSTACK_ENDPOINT', 'true');
    vi.stubEnv('AWS_SDK_UA_APP_ID', 'bootstrap-test');
    const { client } = await clients().get('guardduty', 'eu-west-1');
    const config = client.config as unknown as Config;
    expect(await config.useFipsEndpoint()).toBe(true);
    expect(await config.useDualstackEndpoint()).toBe(true);
    expect(await config.userAgentAppId()).toBe('bootstrap-test');
    // The endpoint follows them, as it would without us.
    const endpoint = await (client.config as unknown as { endpointProvider: (params: object) => { url: URL } }).endpointProvider({ Region: 'us-east-1', UseFIPS: true, UseDualStack: true });
    expect(endpoint.url.hostname).toBe('guardduty-fips.us-east-1.api.aws');
  });

  it('are off when nothing sets them', async () => {
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', '');
    const { client } = await clients().get('ec2', 'us-east-1');
    expect(await (client.config as unknown as Config).useFipsEndpoint()).toBe(false);
  });

  it('are read once for every client of the run, not once per client', async () => {
    const access = clients();
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'true');
    const first = (await access.get('ec2', 'us-east-1')).client.config as unknown as Config;
    expect(await first.useFipsEndpoint()).toBe(true);
    // A client made later in the run gets the answer read for the first, not a new read.
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'false');
    const later = (await access.get('guardduty', 'eu-west-1')).client.config as unknown as Config;
    expect(await later.useFipsEndpoint()).toBe(true);
  });

  it('come from the profile --profile names in the shared config file, and each client is given that profile', async () => {
    const configFile = join(mkdtempSync(join(tmpdir(), 'aws-config-')), 'config');
    writeFileSync(configFile, '[default]\nuse_fips_endpoint = false\n\n[profile work]\nuse_fips_endpoint = true\nsdk_ua_app_id = from-work\n');
    vi.stubEnv('AWS_CONFIG_FILE', configFile);
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', '');
    vi.stubEnv('AWS_SDK_UA_APP_ID', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    const work = (await clients('work').get('guardduty', 'eu-west-1')).client.config as unknown as Config & { profile?: string };
    expect(await work.useFipsEndpoint()).toBe(true);
    expect(await work.userAgentAppId()).toBe('from-work');
    expect(work.profile).toBe('work');
    const plain = (await clients().get('guardduty', 'eu-west-1')).client.config as unknown as Config;
    expect(await plain.useFipsEndpoint()).toBe(false);
  });
});
