import { ConflictException, ResourceNotFoundException, ServiceQuotaExceededException, ValidationException } from '@aws-sdk/client-accessanalyzer';
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
    // A new analyzer is CREATING at first, as on AWS.
    expect(accountOnly.analyzers!.map((a) => [a.name, a.status, a.createdAt instanceof Date])).toEqual([['account', 'CREATING', true]]);
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

  it('shows a new analyzer as CREATING for two reads of its region (ListAnalyzers or GetAnalyzer), then ACTIVE', async () => {
    const { clients, client, sdk } = await accessAnalyzer();
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'slow', type: 'ACCOUNT' }));
    // Reads of another region do not count.
    const { client: usEast1 } = await clients.forRegion('us-east-1').use('accessanalyzer');
    await usEast1.send(new sdk.ListAnalyzersCommand({}));
    const statuses: string[] = [];
    statuses.push((await client.send(new sdk.GetAnalyzerCommand({ analyzerName: 'slow' }))).analyzer!.status!);
    statuses.push((await client.send(new sdk.ListAnalyzersCommand({ type: 'ACCOUNT' }))).analyzers![0]!.status!);
    statuses.push((await client.send(new sdk.ListAnalyzersCommand({ type: 'ACCOUNT' }))).analyzers![0]!.status!);
    expect(statuses).toEqual(['CREATING', 'CREATING', 'ACTIVE']);
    // The simulation's bookkeeping never shows.
    const { analyzer } = await client.send(new sdk.GetAnalyzerCommand({ analyzerName: 'slow' }));
    expect(Object.keys(analyzer!).sort()).toEqual(['arn', 'createdAt', 'name', 'status', 'type']);
    await expect(client.send(new sdk.GetAnalyzerCommand({ analyzerName: 'missing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers a create repeated with the same client token with the same analyzer; the token with another request is a conflict', async () => {
    const { sim, client, sdk } = await accessAnalyzer();
    const first = await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'once', type: 'ACCOUNT', clientToken: 't-1' }));
    const again = await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'once', type: 'ACCOUNT', clientToken: 't-1' }));
    expect(again.arn).toBe(first.arn);
    expect(sim.state.regional['eu-west-1']!.analyzers).toHaveLength(1);
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'other', type: 'ACCOUNT_UNUSED_ACCESS', clientToken: 't-1' }))).rejects.toBeInstanceOf(ConflictException);
    // Without the token it is a second create, refused by name.
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'once', type: 'ACCOUNT' }))).rejects.toBeInstanceOf(ConflictException);
  });

  it('a create whose answer is lost is retried by the SDK: with a client token that makes one analyzer and succeeds, without one it fails', async () => {
    const { sim, client, sdk } = await simService('accessanalyzer', 'eu-west-1', {
      faults: [{ service: 'accessanalyzer', action: 'CreateAnalyzer', code: 'InternalServerException', status: 500, after: true, times: 1 }],
    });
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'tokened', type: 'ACCOUNT', clientToken: 't-2' }));
    expect(sim.state.regional['eu-west-1']!.analyzers.map((a) => a.name)).toEqual(['tokened']);
    expect(sim.calls.filter((c) => c.action === 'CreateAnalyzer')).toHaveLength(2);

    sim.state.regional['eu-west-1']!.analyzers.length = 0;
    sim.inject({ service: 'accessanalyzer', action: 'CreateAnalyzer', code: 'InternalServerException', status: 500, after: true, times: 1 });
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'bare', type: 'ACCOUNT' }))).rejects.toBeInstanceOf(ConflictException);
    expect(sim.state.regional['eu-west-1']!.analyzers.map((a) => a.name)).toEqual(['bare']);
  });

  it('keeps the tags given at creation and shows them in ListAnalyzers and GetAnalyzer; refuses an aws: key', async () => {
    const { client, sdk } = await accessAnalyzer();
    const tags = { 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': '20260101000000000' };
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'tagged', type: 'ACCOUNT', tags }));
    expect((await client.send(new sdk.ListAnalyzersCommand({}))).analyzers!.map((a) => a.tags)).toEqual([tags]);
    expect((await client.send(new sdk.GetAnalyzerCommand({ analyzerName: 'tagged' }))).analyzer!.tags).toEqual(tags);
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'reserved', type: 'ACCOUNT_UNUSED_ACCESS', tags: { 'aws:owner': 'x' } }))).rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new sdk.CreateAnalyzerCommand({ analyzerName: 'long', type: 'ACCOUNT_UNUSED_ACCESS', tags: { k: 'v'.repeat(257) } }))).rejects.toBeInstanceOf(ValidationException);
  });
});
