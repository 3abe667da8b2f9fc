/**
 * The account's enabled regions, discovered once per run. Regions still ENABLING or
 * DISABLING are not usable yet, so they are not enabled for our purposes.
 */
import type { AwsClients } from './clients.js';
import { InputError } from '../core/errors.js';
import { texts } from '../i18n/index.js';
import { classify } from './errors.js';
import { collectPages } from './paginate.js';

const en = {
  unknown: (name: string) => `"${name}" is not an AWS region this account knows`,
  notEnabled: (name: string, status: string) => `${name} is not enabled for this account (status ${status})`,
  problems: (problems: readonly string[], enabled: readonly string[]) => `--regions: ${problems.join('; ')}. Enabled regions: ${enabled.join(', ')}.`,
};

const t = texts('regions', en, {
  unknown: (name: string) => `"${name}" はこのアカウントが知っている AWS リージョンではありません`,
  notEnabled: (name: string, status: string) => `${name} はこのアカウントで有効になっていません (ステータス ${status})`,
  problems: (problems: readonly string[], enabled: readonly string[]) => `--regions: ${problems.join('。')}。有効なリージョン: ${enabled.join(', ')}`,
});

export interface RegionInfo {
  readonly name: string;
  readonly status: string;
}

const USABLE = ['ENABLED', 'ENABLED_BY_DEFAULT'];

/**
 * Lists every region the account knows with its opt-in status. Uses account:ListRegions (a light
 * client); falls back to ec2:DescribeRegions when the caller may not call the Account API.
 */
export async function listRegions(clients: AwsClients, homeRegion: string): Promise<RegionInfo[]> {
  try {
    const { client, sdk } = await clients.get('account', homeRegion);
    const regions = await collectPages(sdk.paginateListRegions({ client, pageSize: 50 }, {}), (page) => page.Regions);
    return regions.flatMap((r) => (r.RegionName ? [{ name: r.RegionName, status: r.RegionOptStatus ?? 'UNKNOWN' }] : []));
  } catch (error) {
    if (classify(error) !== 'access-denied') throw error;
    const { client, sdk } = await clients.get('ec2', homeRegion);
    const out = await client.send(new sdk.DescribeRegionsCommand({ AllRegions: true }));
    return (out.Regions ?? []).map((r) => ({
      name: r.RegionName ?? '',
      status: r.OptInStatus === 'opt-in-not-required' ? 'ENABLED_BY_DEFAULT' : r.OptInStatus === 'opted-in' ? 'ENABLED' : 'DISABLED',
    }));
  }
}

export function enabledRegionNames(regions: readonly RegionInfo[]): string[] {
  return regions.filter((r) => USABLE.includes(r.status)).map((r) => r.name).sort();
}

/**
 * Narrows the enabled regions to the ones asked for. An unknown name, or a region that is not
 * enabled, is an input error: the message says which and what is available.
 */
export function selectRegions(regions: readonly RegionInfo[], wanted: readonly string[] | undefined): string[] {
  const enabled = enabledRegionNames(regions);
  if (!wanted || wanted.length === 0) return enabled;
  const problems: string[] = [];
  for (const name of wanted) {
    const known = regions.find((r) => r.name === name);
    if (!known) problems.push(t.unknown(name));
    else if (!USABLE.includes(known.status)) problems.push(t.notEnabled(name, known.status));
  }
  if (problems.length) {
    throw new InputError(t.problems(problems, enabled));
  }
  return [...new Set(wanted)].sort();
}
