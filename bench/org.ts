/**
 * `npm run bench:org`: `--org --yes` over a simulated organization of N accounts (50 by default:
 * the management account and 49 members) × 17 regions at 100 ms + 0–20 ms per call, against one
 * account's `--yes` on the same settings. The accounts run side by side, so the organization must
 * cost far less than N single runs: the target is at most 5 × one account's wall time. It runs
 * the organization twice: with the security and log archive accounts chosen (the organization-wide
 * steps first, then the per-account steps they leave), and without (every account on its own), so
 * what the organization-wide steps add shows apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, runCli, tempHome } from './child.js';
import { cpuCells, cpuLegend, formatMs } from './format.js';
import { cpuOfStats, medianCpu, type CpuSplit } from './workloads.js';

const USAGE = `Usage: npm run bench:org -- [options]

  --accounts <n>             accounts in the simulated organization, the management account
                             included (default 50)
  --regions <n>              enabled regions in each account (default 17)
  --latency <ms>             simulated latency per API call (default 100)
  --jitter <ms>              extra random latency, uniform in [0, jitter) (default 20)
  --account-concurrency <n>  accounts worked on at once (default 50)
  -h, --help                 this text`;

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        accounts: { type: 'string', default: '50' },
        regions: { type: 'string', default: '17' },
        latency: { type: 'string', default: '100' },
        jitter: { type: 'string', default: '20' },
        'account-concurrency': { type: 'string', default: '50' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`bench:org: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(64);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const accounts = Number(values.accounts);
const TARGET_RATIO = 5;

interface Measured {
  readonly wallMs: number;
  readonly calls: number;
  readonly mutating: number;
  readonly accounts: number;
  /** One run, so its own split (the "median" of one). */
  readonly cpu?: CpuSplit;
}

/** The demo organization's security and log archive accounts (src/sim/organization-state.ts). */
const SRA = ['--set', 'organization.securityAccount=210987654301', '--set', 'organization.logArchiveAccount=210987654302'];

async function measure(org: boolean, sra = false): Promise<Measured> {
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
    ...(sra ? SRA : []),
  ];
  const result = await runCli(args, home, 60 * 60_000);
  if (result.exitCode !== 0 || !existsSync(stats)) {
    throw new Error(`${org ? '--org' : 'one account'} exited ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
  const written = JSON.parse(readFileSync(stats, 'utf8')) as { calls: Array<{ mutating: boolean; account?: string }> };
  const { calls } = written;
  const cpu = medianCpu([cpuOfStats(written)]);
  return {
    wallMs: result.wallMs,
    calls: calls.length,
    mutating: calls.filter((c) => c.mutating).length,
    accounts: new Set(calls.map((c) => c.account ?? '-')).size,
    ...(cpu ? { cpu } : {}),
  };
}

const single = await measure(false);
process.stderr.write(`one account: ${formatMs(single.wallMs)}, ${single.calls} calls, ${cpuCells(single.cpu)[0]} CPU\n`);
const plain = await measure(true);
process.stderr.write(`--org, every account on its own: ${formatMs(plain.wallMs)}, ${plain.calls} calls, ${cpuCells(plain.cpu)[0]} CPU\n`);
const org = await measure(true, true);
const ratio = org.wallMs / single.wallMs;
const lines = [
  `--org --yes, fresh organization: ${accounts} accounts × ${values.regions} regions, ${values.latency} ms + 0–${values.jitter} ms per call, ${values['account-concurrency']} accounts at once`,
  '',
  '| run | wall | API calls | mutating calls | CPU | simulation | tool |',
  '|---|---:|---:|---:|---:|---:|---:|',
  `| one account | ${formatMs(single.wallMs)} | ${single.calls} | ${single.mutating} | ${cpuCells(single.cpu).join(' | ')} |`,
  `| --org, ${plain.accounts} accounts, each on its own | ${formatMs(plain.wallMs)} | ${plain.calls} | ${plain.mutating} | ${cpuCells(plain.cpu).join(' | ')} |`,
  `| --org, ${org.accounts} accounts, with the security and log archive accounts (organization-wide steps first) | ${formatMs(org.wallMs)} | ${org.calls} | ${org.mutating} | ${cpuCells(org.cpu).join(' | ')} |`,
  '',
  ...cpuLegend('one run'),
  '',
  `--org (with the two accounts) wall / one account's wall: ${ratio.toFixed(2)} × (target ≤ ${TARGET_RATIO} ×: ${ratio <= TARGET_RATIO ? 'met' : 'missed'}); with the organization-wide steps (and the per-account steps they make unnecessary) the run takes ${org.wallMs <= plain.wallMs ? `${formatMs(plain.wallMs - org.wallMs)} less` : `${formatMs(org.wallMs - plain.wallMs)} more`} than with every account on its own; ${accounts} single runs one after another would take about ${formatMs(single.wallMs * accounts)}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
