/** The home region: flags and environment first, then the profile's region from the shared config file. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { homeRegion } from '../../src/main.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/wizard.js';

const VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_BOOTSTRAP_HOME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
  for (const name of VARS) delete process.env[name];
  dir = tempDir();
  writeFileSync(join(dir, 'config'), '[default]\nregion = ap-southeast-2\n\n[profile team]\nregion = eu-west-2\n\n[profile bare]\noutput = json\n');
  writeFileSync(join(dir, 'credentials'), '[team]\naws_access_key_id = AKIDEXAMPLEHOMEREGION\naws_secret_access_key = fake-secret-for-home-region-test\n');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('home region', () => {
  it('comes from --region, AWS_REGION, AWS_DEFAULT_REGION, the profile, then us-east-1, in that order', async () => {
    const team = new AwsClients({ profile: 'team' });
    expect(await homeRegion({ profile: 'team' }, team)).toBe('eu-west-2');
    expect(await homeRegion({}, new AwsClients())).toBe('ap-southeast-2');
    expect(await homeRegion({ profile: 'bare' }, new AwsClients({ profile: 'bare' }))).toBe('us-east-1');
    process.env.AWS_DEFAULT_REGION = 'ca-central-1';
    expect(await homeRegion({ profile: 'team' }, team)).toBe('ca-central-1');
    process.env.AWS_REGION = 'sa-east-1';
    expect(await homeRegion({ profile: 'team' }, team)).toBe('sa-east-1');
    expect(await homeRegion({ profile: 'team', region: 'eu-north-1' }, team)).toBe('eu-north-1');
  });

  it('the demo ignores the shared config, so it runs the same on every machine', async () => {
    expect(await homeRegion({ demo: true }, new AwsClients())).toBe('us-east-1');
  });

  it('a run with --profile signs its first call for the profile region (seen by a local endpoint)', async () => {
    const scopes: string[] = [];
    const server = createServer((request, response) => {
      // Credential=AKID/20261123/eu-west-2/sts/aws4_request
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(request.headers.authorization ?? '');
      if (scope) scopes.push(`${scope[2]}@${scope[1]}`);
      response.writeHead(403, { 'content-type': 'text/xml' });
      response.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // S3 Control needs a host name (test/aws/endpoints.test.ts); the run stops before using it.
      process.env.AWS_ENDPOINT_URL_S3_CONTROL = `http://localhost:${(server.address() as AddressInfo).port}`;
      process.env.AWS_BOOTSTRAP_HOME = dir;
      const failure = await cli('plan', { profile: 'team' }).then(() => undefined, (error: Error) => error);
      expect(failure?.message).toMatch(/^AWS rejected the credentials \(InvalidClientTokenId/);
      expect(failure?.message).not.toContain('fake-secret-for-home-region-test');
      expect(scopes).toContain('sts@eu-west-2');
    } finally {
      server.close();
    }
  });
});
