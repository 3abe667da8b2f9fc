/**
 * Region discovery when the caller may not call the Account API: account:ListRegions is denied,
 * and the enabled regions come from ec2:DescribeRegions and its opt-in statuses instead.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { enabledRegionNames, listRegions, selectRegions } from '../../src/aws/regions.js';
import { withLanguage } from '../../src/i18n/index.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { DEFAULT_REGIONS, freshAccountState } from '../../src/sim/state.js';
import { englishLeft } from '../support/english.js';
import { runAgainst } from '../support/wizard.js';

/** 17 default regions and two opted-in ones enabled, one still being enabled, ListRegions denied. */
function accountWithoutListRegions(): SimulatedAccount {
  const state = freshAccountState({ enabledRegionCount: DEFAULT_REGIONS.length + 2 });
  state.regions['ap-south-2'] = 'ENABLING';
  return new SimulatedAccount(state, {
    faults: [{ service: 'account', action: 'ListRegions', code: 'AccessDeniedException', status: 403, message: 'User is not authorized to perform: account:ListRegions' }],
  });
}

const OPTED_IN = ['af-south-1', 'ap-east-1'];

describe('regions when account:ListRegions is denied', () => {
  it('reads every region and its status from ec2:DescribeRegions', async () => {
    const sim = accountWithoutListRegions();
    const regions = await listRegions(simulatedClients(sim), 'us-east-1');
    const statusOf = (name: string) => regions.find((r) => r.name === name)?.status;
    expect(regions).toHaveLength(Object.keys(sim.state.regions).length);
    expect([statusOf('us-east-1'), statusOf('af-south-1'), statusOf('ap-south-2'), statusOf('me-south-1')]).toEqual(['ENABLED_BY_DEFAULT', 'ENABLED', 'DISABLED', 'DISABLED']);
    expect(enabledRegionNames(regions)).toEqual([...DEFAULT_REGIONS, ...OPTED_IN].sort());
    expect(sim.calls.map((c) => [c.service, c.action, c.region, c.error])).toEqual([
      ['account', 'ListRegions', 'us-east-1', 'AccessDeniedException'],
      ['ec2', 'DescribeRegions', 'us-east-1', undefined],
    ]);
    expect(sim.calls[1]!.input).toEqual({ AllRegions: true });
  });

  it('a run works on exactly the enabled regions', async () => {
    const sim = accountWithoutListRegions();
    const step = checklist.find((s) => s.id === 'ebs-encryption-by-default')!;
    const { report } = await runAgainst(sim, { steps: [step] });
    const enabled = [...DEFAULT_REGIONS, ...OPTED_IN].sort();
    expect(report.exitCode).toBe(0);
    expect(report.regions).toEqual(enabled);
    expect(report.results.map((r) => [r.region, r.status])).toEqual(enabled.map((region) => [region, 'changed']));
    const worked = new Set(sim.calls.filter((c) => c.lane?.startsWith(`${step.id}@`)).map((c) => c.region));
    expect([...worked].sort()).toEqual(enabled);
    for (const region of enabled) expect(sim.state.regional[region]!.ebsEncryptionByDefault, region).toBe(true);
  });
});

describe('--regions that are not usable', () => {
  const regions = [
    { name: 'eu-west-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'us-east-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'af-south-1', status: 'DISABLED' },
  ];
  const message = (body: () => unknown) => {
    try {
      body();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  };

  it('name each region, its status and the enabled ones, in either language', () => {
    const wanted = ['eu-west-9', 'af-south-1'];
    expect(message(() => selectRegions(regions, wanted))).toBe(
      '--regions: "eu-west-9" is not an AWS region this account knows; af-south-1 is not enabled for this account (status DISABLED). Enabled regions: eu-west-1, us-east-1.',
    );
    const ja = message(() => withLanguage('ja', () => selectRegions(regions, wanted)));
    expect(ja).toBe(
      '--regions: "eu-west-9" はこのアカウントが知っている AWS リージョンではありません。af-south-1 はこのアカウントで有効になっていません (ステータス DISABLED)。有効なリージョン: eu-west-1, us-east-1',
    );
    expect(englishLeft(ja)).toEqual([]);
  });
});
