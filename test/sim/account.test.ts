import { describe, expect, it } from 'vitest';
import { listRegions, enabledRegionNames } from '../../src/aws/regions.js';
import { ALL_REGIONS } from '../../src/sim/state.js';
import { simEnv, simService } from '../support/sim.js';

describe('simulated Account API', () => {
  it('lists regions page by page with NextToken, and rejects a token it never gave out', async () => {
    const { client, sdk } = await simService('account', 'us-east-1', { fresh: { enabledRegionCount: 34 } });
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new sdk.ListRegionsCommand({ MaxResults: 10, NextToken }));
      names.push(...(out.Regions ?? []).map((r) => r.RegionName!));
      NextToken = out.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(4);
    expect(names).toEqual([...ALL_REGIONS]);
    await expect(client.send(new sdk.ListRegionsCommand({ NextToken: 'bogus' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('region discovery keeps only usable regions (not ENABLING or DISABLED ones)', async () => {
    const { sim, clients } = simEnv();
    sim.state.regions['eu-west-3'] = 'ENABLING';
    sim.state.regions['af-south-1'] = 'ENABLED';
    const names = enabledRegionNames(await listRegions(clients, 'us-east-1'));
    expect(names).toContain('af-south-1');
    expect(names).not.toContain('eu-west-3');
    expect(names).toHaveLength(17);
  });
});
