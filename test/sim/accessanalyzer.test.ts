import { ConflictException, ServiceQuotaExceededException, ValidationException } from '@aws-sdk/client-accessanalyzer';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const accessAnalyzer = () => simService('accessanalyzer', 'eu-west-1');

describe('simulated Access Analyzer', () => {
  it('allows one account analyzer per type per region (ServiceQuotaExceededException)', async () => {
    const { client, sdk } = await accessAnalyzer();
    const { arn } = await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT' }));
    expect(arn).toBe('arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/first');
    const second = client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'second', type: 'ACCOUNT' }));
    await expect(second).rejects.toBeInstanceOf(ServiceQuotaExceededException);
    await expect(second).rejects.toMatchObject({ $metadata: { httpStatusCode: 402 } });
    // Another type is counted apart.
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }));
  });

  it('rejects a name already taken in the region, and a name that breaks the pattern', async () => {
    const { client, sdk } = await accessAnalyzer();
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'taken', type: 'ACCOUNT' }));
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'taken', type: 'ACCOUNT_UNUSED_ACCESS' }))).rejects.toBeInstanceOf(ConflictException);
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: '1-bad', type: 'ACCOUNT' }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('lists by type, a page at a time', async () => {
    const { sim, client, sdk } = await accessAnalyzer();
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'account', type: 'ACCOUNT' }));
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }));
    const accountOnly = await client.send(new sdk.ListAnalyzersCommand({ type: 'ACCOUNT' }));
    expect(accountOnly.analyzers!.map((a) => [a.name, a.status, a.createdAt instanceof Date])).toEqual([['account', 'ACTIVE', true]]);
    const firstPage = await client.send(new sdk.ListAnalyzersCommand({ maxResults: 1 }));
    expect(firstPage.analyzers).toHaveLength(1);
    const secondPage = await client.send(new sdk.ListAnalyzersCommand({ maxResults: 1, nextToken: firstPage.nextToken }));
    expect(secondPage.analyzers!.map((a) => a.name)).toEqual(['unused']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(sim.state.regional['us-east-1']!.analyzers).toEqual([]);
  });

  it('deletes by name, and reports a missing analyzer as ResourceNotFoundException', async () => {
    const { client, sdk } = await accessAnalyzer();
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'gone', type: 'ACCOUNT' }));
    await client.send(new sdk.DeleteAnalyzerCommand({ analyzerName: 'gone' }));
    await expect(client.send(new sdk.DeleteAnalyzerCommand({ analyzerName: 'gone' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
