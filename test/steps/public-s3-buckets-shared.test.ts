/** public-s3-buckets lists the account's buckets once per run (the list is the account's), each region taking its own. */
import { describe, expect, it } from 'vitest';
import { seedDemoAccount } from '../../src/sim/demo.js';
import step from '../../steps/public-s3-buckets.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

describe('public-s3-buckets with shared reads', () => {
  it('reads ListBuckets once for every region, and each region plans for its own buckets only', async () => {
    const { sim, clients, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const reading = (region: string) => ({ ...ctx(region), shared: <T>(key: string, read: () => Promise<T>) => clients.shared(`${sim.state.accountId}:${key}`, read) });
    const [home, other] = await Promise.all([step.observe(reading('us-east-1')), step.observe(reading('eu-west-1'))]);
    expect(sim.calls.filter((c) => c.action === 'ListBuckets')).toHaveLength(1);
    const account = sim.state.accountId;
    expect(step.plan(home, {}, planCtx).findings!.map((f) => f.resource)).toEqual([`demo-legacy-site-${account} policy`, `demo-public-assets-${account} acl`]);
    expect(step.plan(other, {}, planCtx)).toEqual({ changes: [] });
    // Each bucket's settings are still asked of its own region's endpoint.
    expect(new Set(sim.calls.filter((c) => c.action !== 'ListBuckets' && c.service === 's3').map((c) => c.region))).toEqual(new Set(['us-east-1']));
  });
});
