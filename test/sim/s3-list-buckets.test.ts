/** Simulated ListBuckets: each bucket's region only when the request has a parameter, as S3 answers. */
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

describe('simulated S3 ListBuckets', () => {
  it('gives BucketRegion only to a request with a parameter (MaxBuckets, ContinuationToken, Prefix or BucketRegion)', async () => {
    const { client, sdk } = await simService('s3', 'eu-west-1');
    await client.send(new sdk.CreateBucketCommand({ Bucket: 'logs-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const plain = await client.send(new sdk.ListBucketsCommand({}));
    expect(plain.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([['logs-1', undefined]]);
    const paged = await client.send(new sdk.ListBucketsCommand({ MaxBuckets: 10_000 }));
    expect(paged.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([['logs-1', 'eu-west-1']]);
  });
});
