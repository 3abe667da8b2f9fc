/** One SigV4 signer per client (the SDK builds one per call): the same signatures, built once. */
import { S3Client, ListBucketsCommand, GetBucketAclCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { SIMULATED_CREDENTIALS } from '../../src/sim/clients.js';

interface Stack { middlewareStack: { add(mw: unknown, options: object): void; addRelativeTo(mw: unknown, options: object): void } }

/**
 * Answers every call at once, keeping the signed request's Authorization header. The headers that
 * differ per call or per client (invocation id, attempts, user agent) are fixed before signing.
 */
function capture(client: Stack, seen: string[]): void {
  client.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<unknown>) => (args: { request: { headers: Record<string, string> } }) => {
      const { headers } = args.request;
      for (const name of Object.keys(headers)) if (/^(amz-sdk-|x-amz-user-agent|user-agent)/i.test(name)) headers[name] = 'fixed';
      return next(args);
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'fixHeaders' },
  );
  client.middlewareStack.add(
    () => async (args: { request: { headers: Record<string, string> } }) => {
      seen.push(args.request.headers.authorization ?? '');
      return { output: { $metadata: {} }, response: { statusCode: 200, headers: {} } };
    },
    { step: 'deserialize', priority: 'high', name: 'captureSignature' },
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the signer of a client', () => {
  it('is built once and signs exactly as the SDK signs by itself', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-01T12:00:00Z') });
    const ours: string[] = [];
    const clients = new AwsClients({ credentials: SIMULATED_CREDENTIALS, requestHandler: SimulatedAccount.networkGuard, ignoreConfiguredEndpoints: true, decorate: (client) => capture(client as unknown as Stack, ours) });
    const { client } = await clients.get('s3', 'eu-west-1');
    const plain = new S3Client({ region: 'eu-west-1', credentials: SIMULATED_CREDENTIALS, ignoreConfiguredEndpointUrls: true, requestHandler: SimulatedAccount.networkGuard });
    const theirs: string[] = [];
    capture(plain as unknown as Stack, theirs);
    const commands = () => [new ListBucketsCommand({ MaxBuckets: 10 }), new GetBucketAclCommand({ Bucket: 'logs-1' }), new GetBucketAclCommand({ Bucket: 'logs-2' })];
    for (const command of commands()) await client.send(command as never);
    for (const command of commands()) await plain.send(command as never);
    expect(ours).toHaveLength(3);
    expect(ours).toEqual(theirs);
    expect(new Set(ours).size).toBe(3);
    const signer = (client.config as unknown as { signer: (scheme?: unknown) => Promise<unknown> }).signer;
    expect(await signer()).toBe(await signer({ name: 'sigv4', signingName: 's3', signingRegion: 'eu-west-1' }));
  });
});
