/**
 * `npm run bench:org`: `--org --yes` over a simulated organization of N accounts (50 by default:
 * the management account and 49 members) × 17 regions at 100 ms + 0–20 ms per call, against one
 * account's `--yes` on the same settings. The accounts run side by side, so the organization must
 * cost far less than N single runs: the target is at most 5 × one account's wall time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, runCli, tempHome } from './child.js';
import { formatMs } from './format.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50' },
    regions: { type: 'string', default: '17' },
    latency: { type: 'string', default: '100' },
    jitter: { type: 'string', default: '20' },
    'account-concurrency': { type: 'string', default: '50' },
  },
});
const accounts = Number(values.accounts);
const TARGET_RATIO = 5;

interface Measured {
  readonly wallMs: number;
  readonly calls: number;
  readonly mutating: number;
  readonly accounts: number;
}

async function measure(org: boolean): Promise<Measured> {
  const home = tempHome();
  const stats = join(home, 'stats.json');
  const args = [
    '--yes',
    '--demo',
    '--demo-reset',
    '--demo-state',
    join(home, org ? 'organization.json' : 'account.json'),
    '--demo-regions',
    values.regions!,
    '--demo-latency',
    values.latency!,
    '--demo-jitter',
    values.jitter!,
    '--demo-stats',
    stats,
    '--config',
    join(REPO_ROOT, 'examples', 'aws-bootstrap.yaml'),
    // The demo organization has a management, a security and a log archive account besides its members.
    ...(org ? ['--org', '--demo-accounts', String(Math.max(1, accounts - 3)), '--account-concurrency', values['account-concurrency']!] : []),
  ];
  const result = await runCli(args, home, 60 * 60_000);
  if (result.exitCode !== 0 || !existsSync(stats)) {
    throw new Error(`${org ? '--org' : 'one account'} exited ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
  const calls = (JSON.parse(readFileSync(stats, 'utf8')) as { calls: Array<{ mutating: boolean; account?: string }> }).calls;
  return { wallMs: result.wallMs, calls: calls.length, mutating: calls.filter((c) => c.mutating).length, accounts: new Set(calls.map((c) => c.account ?? '-')).size };
}

const single = await measure(false);
process.stderr.write(`one account: ${formatMs(single.wallMs)}, ${single.calls} calls\n`);
const org = await measure(true);
const ratio = org.wallMs / single.wallMs;
const lines = [
  `--org --yes, fresh organization: ${accounts} accounts × ${values.regions} regions, ${values.latency} ms + 0–${values.jitter} ms per call, ${values['account-concurrency']} accounts at once`,
  '',
  '| run | wall | API calls | mutating calls |',
  '|---|---:|---:|---:|',
  `| one account | ${formatMs(single.wallMs)} | ${single.calls} | ${single.mutating} |`,
  `| --org, ${org.accounts} accounts | ${formatMs(org.wallMs)} | ${org.calls} | ${org.mutating} |`,
  '',
  `--org wall / one account's wall: ${ratio.toFixed(2)} × (target ≤ ${TARGET_RATIO} ×: ${ratio <= TARGET_RATIO ? 'met' : 'missed'}); ${accounts} single runs one after another would take about ${formatMs(single.wallMs * accounts)}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
