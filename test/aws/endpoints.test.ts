/**
 * Endpoint settings (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `endpoint_url` in the
 * config file), as a LocalStack user has them: the demo ignores them, and a real run refuses an
 * S3 Control endpoint it cannot use before any change (issue 13).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { SetupError } from '../../src/core/errors.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/wizard.js';

const EMULATOR = 'http://127.0.0.1:4566';
const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_ACCOUNT'];
const VARS = [...ENDPOINT_VARIABLES, 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_BOOTSTRAP_HOME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];
// Fake keys: the credential chain stops at the environment and never probes anything.
const FAKE_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDENDPOINTTEST0001', AWS_SECRET_ACCESS_KEY: 'fake-secret-for-endpoint-test' };

let saved: Record<string, string | undefined>;
let home: string;

beforeEach(() => {
  saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
  for (const name of VARS) delete process.env[name];
  home = tempDir();
  process.env.AWS_BOOTSTRAP_HOME = home;
  // Its own config file, also with an endpoint: the demo must ignore that one too.
  writeFileSync(join(home, 'config'), `[default]\nregion = us-east-1\nendpoint_url = ${EMULATOR}\n`);
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the demo with endpoint variables set', () => {
  it('ignores every AWS_ENDPOINT_URL* variable and the config file: apply, plan and undo work as without them', async () => {
    for (const name of ENDPOINT_VARIABLES) process.env[name] = EMULATOR;
    const demo = { demo: true, demoState: join(home, 'account.json'), only: ['s3-block-public-access', 'iam-password-policy', 'ebs-encryption-by-default'], regions: ['us-east-1', 'eu-west-1'] };
    const applied = await cli('apply', { ...demo, yes: true });
    expect(applied.stdout).not.toMatch(/Invalid URL/);
    expect(applied.stdout).toMatch(/s3-block-public-access +account +✓ changed/);
    expect(applied.code).toBe(0);
    expect((await cli('plan', demo)).code).toBe(0);
    expect((await cli('undo', { ...demo, yes: true })).code).toBe(0);
    expect((await cli('plan', demo)).code).toBe(2);
  });
});

describe('a real run with an S3 Control endpoint that is an IP address', () => {
  const realRun = { yes: true, region: 'us-east-1', only: ['s3-block-public-access'] };

  it('stops before any call with an error that names AWS_ENDPOINT_URL_S3_CONTROL and says it needs a host name', async () => {
    Object.assign(process.env, FAKE_KEYS);
    // Every other service would go to a closed port: reaching one would fail differently.
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_ENDPOINT_URL_S3_CONTROL = EMULATOR;
    const error = await cli('apply', realRun).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toMatch(/S3 Control endpoint http:\/\/127\.0\.0\.1:4566 from AWS_ENDPOINT_URL_S3_CONTROL is an IP address/);
    expect((error as Error).message).toMatch(/needs a host name.*Set AWS_ENDPOINT_URL_S3_CONTROL/);
    const undo = await cli('undo', { ...realRun, log: join(home, 'none.jsonl') }).catch((e: unknown) => e);
    expect((undo as Error).message).toMatch(/AWS_ENDPOINT_URL_S3_CONTROL/);
  });

  it('says where the endpoint came from: AWS_ENDPOINT_URL for every service, or an IPv6 address', async () => {
    Object.assign(process.env, FAKE_KEYS);
    process.env.AWS_ENDPOINT_URL = EMULATOR;
    const error = await cli('plan', realRun).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/from AWS_ENDPOINT_URL \(used for S3 Control because AWS_ENDPOINT_URL_S3_CONTROL is not set\).*needs a host name/);
    process.env.AWS_ENDPOINT_URL_S3_CONTROL = 'http://[::1]:4566';
    await expect(new AwsClients({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }).get('s3control', 'us-east-1')).rejects.toThrow(/\[::1\].*needs a host name/);
  });

  it('accepts an endpoint with a host name, and other services by IP address', async () => {
    process.env.AWS_ENDPOINT_URL = EMULATOR;
    process.env.AWS_ENDPOINT_URL_S3_CONTROL = 'http://localhost.localstack.cloud:4566';
    const clients = new AwsClients({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await expect(clients.get('s3control', 'us-east-1')).resolves.toHaveProperty('client');
    await expect(clients.get('sts', 'us-east-1')).resolves.toHaveProperty('client');
  });
});
