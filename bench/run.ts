/**
 * `npm run bench`: runs the built CLI against the simulated account (`--demo`) with a
 * simulated per-call latency, and reports wall time against the critical-path bound (from a
 * run without the engine's concurrency limits), what those limits add, call counts, the
 * speed-up over a sequential run, start-up times, and the issue's targets. A run that does not
 * exit as its workload should stops the benchmark with exit code 1.
 *
 *   npm run bench -- --latency 50 --regions 17,34 --runs 3
 *
 * Results go to the terminal and to bench/results/<timestamp>.json (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measured, REPO_ROOT, runCli, runInTerminal, runNode, stripTerminalCodes, tempHome } from './child.js';
import { INSTALLED_MAX_BYTES, installedPackages, installOffline, pack, treeSize } from './package.js';
import { criticalPath, limitsAdd, summarizeCalls, type RecordedCall } from './critical-path.js';
import { BOUND_DEFINITION, cpuCells, cpuLegend, formatMs, formatTable, median } from './format.js';
import { BenchFailure, cpuOfStats, medianCpu, runProblem, summarizeRuns, WORKLOAD_TITLES, WORKLOADS, type RunMode, type Workload, type WorkloadResult, type WorkloadRun } from './workloads.js';

const USAGE = `Usage: npm run bench -- [options]

  --latency <ms>            simulated latency per API call (default 100)
  --jitter <ms>             extra random latency, uniform in [0, jitter) (default 20)
  --regions <list>          enabled-region counts to measure (default 17,8,34)
  --runs <n>                repetitions of each workload run; the median is reported (default 3)
  --startup-runs <n>        repetitions of each start-up measurement (default 7; 0 skips them)
  --sequential <list|none>  runs to repeat with --concurrency 1 at the first region count
                            (default full,plan,second; "none" skips them)
  --sequential-budget <s>   skip a sequential run whose estimate exceeds what is left (default 300)
  --terminal <list|none>    runs to repeat on a pseudo-terminal (live progress display) at the
                            first region count (default full; "none" skips them)
  --package <yes|no|only>   pack the package, install the tarball offline into an empty folder, and
                            measure its size and install time (default yes; "only": nothing else)
  --cli <file>              the CLI to run (default dist/bundle/cli.js, what the package ships)
  --cpu-prof <dir>          run every measured CLI process with node --cpu-prof, profiles into <dir>
                            (then: node dist/bench/cpu-profile.js <dir>)
  --out <file>              where to write the JSON results (default bench/results/<timestamp>.json)
  -h, --help                this text`;

/** The issue's targets refer to these region counts. */
const BASE_REGIONS = 17;
const LARGE_REGIONS = 34;

/** Issue 13's targets. */
const FULL_RUN_MAX_RATIO = 1.3;
const PLAN_MAX_RATIO = 1.5;
const REGION_GROWTH_MAX = 0.2;
const HELP_MAX_MS = 100;
const FIRST_PROMPT_MAX_MS = 300;

interface Settings {
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly regionCounts: readonly number[];
  readonly runs: number;
  readonly startupRuns: number;
  readonly sequential: readonly Workload[];
  readonly sequentialBudgetS: number;
  readonly terminal: readonly Workload[];
  readonly package: 'yes' | 'no' | 'only';
  readonly cpuProf?: string;
  readonly cli?: string;
  readonly out?: string;
}

function parseSettings(argv: readonly string[]): Settings | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      latency: { type: 'string', default: '100' },
      jitter: { type: 'string', default: '20' },
      regions: { type: 'string', default: '17,8,34' },
      runs: { type: 'string', default: '3' },
      'startup-runs': { type: 'string', default: '7' },
      sequential: { type: 'string', default: 'full,plan,second' },
      'sequential-budget': { type: 'string', default: '300' },
      terminal: { type: 'string', default: 'full' },
      package: { type: 'string', default: 'yes' },
      'cpu-prof': { type: 'string' },
      cli: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const whole = (name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${text}"`);
    return n;
  };
  const workloadList = (name: string, text: string): Workload[] => {
    const list = text === 'none' ? [] : text.split(',').map((w) => w.trim());
    const unknown = list.filter((w) => !WORKLOADS.includes(w as Workload));
    if (unknown.length) throw new Error(`--${name}: unknown run ${unknown.join(', ')} (use full, plan, second or none)`);
    return list as Workload[];
  };
  return {
    latencyMs: whole('latency', values.latency, 0),
    jitterMs: whole('jitter', values.jitter, 0),
    // 34 is every region the simulated account knows.
    regionCounts: [...new Set(values.regions.split(',').map((r) => whole('regions', r.trim(), 1, 34)))],
    runs: whole('runs', values.runs, 1),
    startupRuns: whole('startup-runs', values['startup-runs'], 0),
    sequential: workloadList('sequential', values.sequential),
    sequentialBudgetS: whole('sequential-budget', values['sequential-budget'], 0),
    terminal: workloadList('terminal', values.terminal),
    package: (() => {
      if (!['yes', 'no', 'only'].includes(values.package)) throw new Error(`--package: expected yes, no or only, got "${values.package}"`);
      return values.package as Settings['package'];
    })(),
    ...(values['cpu-prof'] ? { cpuProf: values['cpu-prof'] } : {}),
    ...(values.cli ? { cli: values.cli } : {}),
    ...(values.out ? { out: values.out } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Every temp dir this benchmark made, removed at the end. */
const scratch: string[] = [];
function scratchDir(): string {
  const dir = tempHome();
  scratch.push(dir);
  return dir;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

function describeRun(workload: Workload, regions: number, mode: RunMode): string {
  const how = [
    mode.sequential ? 'with --concurrency 1' : '',
    mode.terminal ? 'on a terminal' : '',
    mode.zeroLatency ? 'at 0 ms latency' : '',
    mode.unlimited ? 'without limits (--demo-unlimited)' : '',
  ].filter(Boolean);
  return `${workload} at ${regions} regions${how.length ? ` ${how.join(', ')}` : ''}`;
}

/**
 * One workload run: its own tool home, the demo state in `stateDir` (shared by full → second).
 * Throws BenchFailure when it does not end as the workload should: it measured something else.
 */
async function runWorkload(settings: Settings, workload: Workload, regions: number, stateDir: string, mode: RunMode = {}): Promise<WorkloadRun> {
  const statsPath = join(
    stateDir,
    `${workload}-${mode.sequential ? 'sequential' : 'default'}-${mode.terminal ? 'terminal' : 'pipe'}-${mode.zeroLatency ? 0 : settings.latencyMs}${mode.unlimited ? '-unlimited' : ''}-stats.json`,
  );
  rmSync(statsPath, { force: true });
  const args = [
    ...(workload === 'plan' ? ['plan'] : ['--yes']),
    '--demo',
    '--demo-state',
    join(stateDir, workload === 'plan' ? 'plan-account.json' : 'account.json'),
    ...(workload === 'second' ? [] : ['--demo-reset', '--demo-regions', String(regions)]),
    '--demo-latency',
    String(mode.zeroLatency ? 0 : settings.latencyMs),
    '--demo-jitter',
    String(mode.zeroLatency ? 0 : settings.jitterMs),
    '--demo-stats',
    statsPath,
    '--config',
    join(REPO_ROOT, 'examples', 'aws-bootstrap.yaml'),
    ...(mode.sequential ? ['--concurrency', '1'] : []),
    ...(mode.unlimited ? ['--demo-unlimited'] : []),
  ];
  const result = mode.terminal
    ? await runInTerminal(args, scratchDir()).then((r) => ({ ...r, signal: null, stderr: stripTerminalCodes(r.output) }))
    : await runCli(args, scratchDir());
  const stats = existsSync(statsPath) ? (JSON.parse(readFileSync(statsPath, 'utf8')) as { calls: RecordedCall[] }) : undefined;
  const calls = stats?.calls ?? [];
  const cpu = cpuOfStats(stats);
  const problem = runProblem(workload, { exitCode: result.exitCode, signal: result.signal, output: result.stderr, calls: calls.length });
  if (problem) throw new BenchFailure(`${describeRun(workload, regions, mode)} ${problem}`);
  const path = criticalPath(calls, mode.zeroLatency ? { latencyMs: 0, jitterMs: 0 } : settings);
  return {
    wallMs: result.wallMs,
    exitCode: result.exitCode,
    calls: summarizeCalls(calls),
    // The ten longest lanes are plenty to see what dominates; the full list would bloat the JSON.
    path: { ...path, lanes: path.lanes.slice(0, 10) },
    ...(cpu ? { cpu } : {}),
  };
}

interface StartupResult {
  readonly name: string;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  /** For first-prompt runs: how often no prompt appeared. */
  readonly misses?: number;
}

async function measureStartup(settings: Settings): Promise<StartupResult[]> {
  const results: StartupResult[] = [];
  const n = settings.startupRuns;
  const timed = async (name: string, once: () => Promise<number | undefined>) => {
    const samples: number[] = [];
    let misses = 0;
    for (let i = 0; i < n; i++) {
      const ms = await once();
      if (ms === undefined) misses++;
      else samples.push(ms);
    }
    results.push({ name, samplesMs: samples, medianMs: samples.length ? median(samples) : NaN, ...(misses ? { misses } : {}) });
    progress(`  ${name}: median ${formatMs(results.at(-1)!.medianMs)}${misses ? ` (${misses} without a prompt)` : ''}`);
  };
  progress(`Start-up, ${n} runs each`);
  await timed('node -e 0 (Node itself, for reference)', async () => (await runNode(['-e', '0'], scratchDir())).wallMs);
  await timed('--help', async () => (await runCli(['--help'], scratchDir())).wallMs);
  await timed('--version', async () => (await runCli(['--version'], scratchDir())).wallMs);
  const firstPrompt = (latencyMs: number, jitterMs: number) => async () => {
    const home = scratchDir();
    const args = ['--demo', '--demo-reset', '--demo-state', join(home, 'account.json'), '--demo-latency', String(latencyMs), '--demo-jitter', String(jitterMs)];
    return (await runInTerminal(args, home, { untilPrompt: true, timeoutMs: 120_000 })).promptMs;
  };
  await timed('first prompt, --demo, latency 0', firstPrompt(0, 0));
  await timed(`first prompt, --demo, latency ${settings.latencyMs} ms ± ${settings.jitterMs}`, firstPrompt(settings.latencyMs, settings.jitterMs));
  return results;
}

/** The package as a user gets it: packed, then installed from the tarball offline into an empty folder. */
interface PackageResult {
  readonly tarballBytes: number;
  readonly packedFiles: number;
  /** The install's node_modules: the package and everything it pulled in. */
  readonly installedBytes: number;
  readonly installedFiles: number;
  readonly installedPackages: readonly string[];
  readonly installMs: number;
  readonly installExitCode: number | null;
  readonly installOutput: string;
}

function measurePackage(): PackageResult {
  progress('Package: npm pack, then npm install <tarball> --offline with an empty cache into an empty folder');
  const packed = pack(REPO_ROOT, scratchDir(), scratchDir());
  const installed = installOffline(packed.tarball, join(scratchDir(), 'empty-folder'), scratchDir());
  const ok = installed.exitCode === 0;
  const size = ok ? treeSize(installed.nodeModules) : { bytes: NaN, files: 0 };
  const result: PackageResult = {
    tarballBytes: packed.size,
    packedFiles: packed.files.length,
    installedBytes: size.bytes,
    installedFiles: size.files,
    installedPackages: ok ? installedPackages(installed.nodeModules) : [],
    installMs: installed.ms,
    installExitCode: installed.exitCode,
    installOutput: installed.output.trim().split('\n').slice(-5).join('\n'),
  };
  progress(
    ok
      ? `  tarball ${formatBytes(result.tarballBytes)} (${result.packedFiles} files); installed ${formatBytes(result.installedBytes)} in ${result.installedFiles} files (${result.installedPackages.join(', ')}), ${formatMs(result.installMs)}`
      : `  install FAILED (exit ${installed.exitCode}): ${result.installOutput}`,
  );
  return result;
}

const formatBytes = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);

interface SequentialResult {
  readonly workload: Workload;
  readonly regions: number;
  readonly estimateMs: number;
  readonly result?: WorkloadResult;
  readonly skipped?: string;
}

/**
 * `--concurrency 1` runs take calls × latency, minutes at 100 ms. Each is estimated from the
 * concurrent run's call count first and skipped if it would blow the time budget.
 */
async function measureSequential(settings: Settings, concurrent: readonly WorkloadResult[]): Promise<SequentialResult[]> {
  const regions = settings.regionCounts[0]!;
  const meanLatency = settings.latencyMs + settings.jitterMs / 2;
  const of = (w: Workload) => concurrent.find((r) => r.workload === w && r.regions === regions && !r.terminal)!;
  // One lane after another, each lane's own parallel calls still side by side: the concurrent
  // run's lanes tell how many waits that is (an upper estimate, see oneLaneAtATimeChain).
  const estimate = (w: Workload) => of(w).typical.path.oneLaneAtATimeChain * meanLatency + of(w).typical.calls.firstCallStart;
  // `second` needs the state a full run leaves; a sequential full run provides it, else a concurrent one.
  const wanted = settings.sequential;
  let budgetMs = settings.sequentialBudgetS * 1000;
  const results: SequentialResult[] = [];
  const stateDir = scratchDir();
  progress(`Sequential runs (--concurrency 1) at ${regions} regions, budget ${settings.sequentialBudgetS} s:`);
  for (const w of wanted) {
    const { calls, path } = of(w).typical;
    progress(`  ${w}: ${calls.total} calls, ${path.oneLaneAtATimeChain} of them in sequence one lane at a time → ~${formatMs(estimate(w))} (estimate; every call in turn would be ${formatMs(calls.total * meanLatency)})`);
  }
  let haveCompliantState = false;
  for (const workload of WORKLOADS.filter((w) => wanted.includes(w))) {
    const estimateMs = estimate(workload);
    if (estimateMs > budgetMs) {
      results.push({ workload, regions, estimateMs, skipped: `estimated ${formatMs(estimateMs)}, over the ${formatMs(budgetMs)} left of --sequential-budget` });
      progress(`  ${workload}: skipped (${results.at(-1)!.skipped})`);
      continue;
    }
    if (workload === 'second' && !haveCompliantState) {
      progress('  (preparing the compliant account for the second run with a concurrent full run)');
      await runWorkload(settings, 'full', regions, stateDir);
    }
    const run = await runWorkload(settings, workload, regions, stateDir, { sequential: true });
    if (workload === 'full') haveCompliantState = true;
    budgetMs -= run.wallMs;
    progress(`  ${workload}: ${formatMs(run.wallMs)}`);
    results.push({ workload, regions, estimateMs, result: summarizeRuns(workload, regions, [run], of(workload).unlimited, { sequential: true }) });
  }
  return results;
}

async function measureWorkloads(settings: Settings): Promise<WorkloadResult[]> {
  const runs = new Map<string, WorkloadRun[]>();
  const unlimited = new Map<string, WorkloadRun>();
  const zeroLatency = new Map<Workload, WorkloadRun[]>();
  const key = (w: Workload, regions: number, terminal = false) => `${w}@${regions}${terminal ? ' terminal' : ''}`;
  // First, once per region count, the three without the engine's limits: their calls give each
  // lane's inherent chain, the bound the measured runs are held to.
  for (const regions of settings.regionCounts) {
    const stateDir = scratchDir();
    for (const workload of WORKLOADS) {
      const run = await runWorkload(settings, workload, regions, stateDir, { unlimited: true });
      unlimited.set(key(workload, regions), run);
      const p = run.path;
      progress(
        `  ${workload.padEnd(6)} ${String(regions).padStart(2)} regions without limits: ${formatMs(run.wallMs)}, ${run.calls.total} calls, chain ${p.setupChain} + ${p.longestLaneChain} → bound ${formatMs(p.boundMs)}, up to ${run.calls.peakInFlight.calls} calls in flight per service and region`,
      );
    }
  }
  const measure = async (workload: Workload, regions: number, stateDir: string, rep: number, terminal: boolean) => {
    const run = await runWorkload(settings, workload, regions, stateDir, { terminal });
    runs.set(key(workload, regions, terminal), [...(runs.get(key(workload, regions, terminal)) ?? []), run]);
    const added = limitsAdd(run.path, unlimited.get(key(workload, regions))!.path);
    progress(
      `  ${workload.padEnd(6)} ${String(regions).padStart(2)} regions${terminal ? ' on a terminal' : ''}  run ${rep}/${settings.runs}: ${formatMs(run.wallMs)}, ${run.calls.total} calls, own chain ${run.path.chainLength} (limits add ${added.chain})`,
    );
  };
  const terminalRegions = settings.regionCounts[0]!;
  // Repetitions are interleaved across region counts so slow drift on the machine hits all alike.
  for (let rep = 1; rep <= settings.runs; rep++) {
    for (const regions of settings.regionCounts) {
      const stateDir = scratchDir();
      for (const workload of WORKLOADS) await measure(workload, regions, stateDir, rep, false);
    }
    const terminalState = scratchDir();
    // `second` on a terminal needs a compliant account: a full run (piped, not counted) makes one.
    if (settings.terminal.includes('second') && !settings.terminal.includes('full')) await runWorkload(settings, 'full', terminalRegions, terminalState);
    for (const workload of WORKLOADS.filter((w) => settings.terminal.includes(w))) await measure(workload, terminalRegions, terminalState, rep, true);
    // At 0 ms latency a run is nothing but the CLI's own cost; wall ≈ bound + this when that
    // cost is not overlapped with waiting for answers.
    if (settings.latencyMs + settings.jitterMs > 0) {
      const zeroState = scratchDir();
      for (const workload of WORKLOADS) {
        const run = await runWorkload(settings, workload, terminalRegions, zeroState, { zeroLatency: true });
        zeroLatency.set(workload, [...(zeroLatency.get(workload) ?? []), run]);
        progress(`  ${workload.padEnd(6)} ${String(terminalRegions).padStart(2)} regions at 0 ms latency  run ${rep}/${settings.runs}: ${formatMs(run.wallMs)}`);
      }
    }
  }
  const withZero = (r: WorkloadResult): WorkloadResult => {
    const zero = r.regions === terminalRegions ? zeroLatency.get(r.workload) : undefined;
    if (!zero) return r;
    const cpu = medianCpu(zero.map((run) => run.cpu));
    return { ...r, zeroLatencyWallMs: median(zero.map((run) => run.wallMs)), ...(cpu ? { zeroLatencyCpu: cpu } : {}) };
  };
  // A run on a terminal makes the same calls as the piped one: it is held to the same bound.
  return [
    ...settings.regionCounts.flatMap((regions) => WORKLOADS.map((w) => withZero(summarizeRuns(w, regions, runs.get(key(w, regions))!, unlimited.get(key(w, regions))!)))),
    ...WORKLOADS.filter((w) => settings.terminal.includes(w)).map((w) =>
      summarizeRuns(w, terminalRegions, runs.get(key(w, terminalRegions, true))!, unlimited.get(key(w, terminalRegions))!, { terminal: true }),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Targets

interface Target {
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run (e.g. --regions without 17). */
  readonly met?: boolean;
}

function evaluateTargets(workloads: readonly WorkloadResult[], startup: readonly StartupResult[], packaged: PackageResult | undefined): Target[] {
  const find = (w: Workload, regions: number, terminal = false) => workloads.find((r) => r.workload === w && r.regions === regions && r.terminal === terminal);
  const targets: Target[] = [];
  if (packaged) {
    const installed = packaged.installExitCode === 0;
    targets.push({
      target: 'npm install <tarball> --offline into an empty folder succeeds',
      measured: installed ? `exit 0 in ${formatMs(packaged.installMs)}, installs ${packaged.installedPackages.join(', ')}` : `exit ${packaged.installExitCode}: ${packaged.installOutput}`,
      met: installed,
    });
    targets.push({
      target: `packed package plus what it installs ≤ ${formatBytes(INSTALLED_MAX_BYTES)}`,
      measured: installed ? `${formatBytes(packaged.installedBytes)} installed (tarball ${formatBytes(packaged.tarballBytes)})` : 'not installed',
      ...(installed ? { met: packaged.installedBytes <= INSTALLED_MAX_BYTES } : {}),
    });
  }
  if (!workloads.length && !startup.length) return targets;
  const ratioTarget = (w: Workload, label: string, max: number, terminal = false) => {
    const r = find(w, BASE_REGIONS, terminal);
    targets.push(
      r
        ? { target: `${label} at ${BASE_REGIONS} regions ≤ ${max} × bound`, measured: `${formatMs(r.medianWallMs)} = ${r.wallOverBound.toFixed(2)} × ${formatMs(r.boundMs)}`, met: r.wallOverBound <= max }
        : { target: `${label} at ${BASE_REGIONS} regions ≤ ${max} × bound`, measured: 'not measured' },
    );
  };
  ratioTarget('full', 'full --yes run', FULL_RUN_MAX_RATIO);
  ratioTarget('plan', 'dry run (plan)', PLAN_MAX_RATIO);
  // Not one of the issue's targets, but where people watch it: the same run with live progress.
  if (find('full', BASE_REGIONS, true)) ratioTarget('full', '(extra) full --yes run on a terminal', FULL_RUN_MAX_RATIO, true);
  const seconds = workloads.filter((r) => r.workload === 'second' && !r.terminal);
  const mutating = seconds.flatMap((r) => r.runs.map((run) => run.calls.mutating));
  targets.push({
    target: 'second run: zero mutating calls',
    measured: seconds.length ? `${Math.max(...mutating)} mutating (worst of ${mutating.length} runs at ${seconds.map((r) => r.regions).join(', ')} regions)` : 'not measured',
    ...(seconds.length ? { met: Math.max(...mutating) === 0 } : {}),
  });
  const base = find('full', BASE_REGIONS);
  const large = find('full', LARGE_REGIONS);
  const growth = base && large ? large.medianWallMs / base.medianWallMs - 1 : undefined;
  targets.push({
    target: `${BASE_REGIONS} → ${LARGE_REGIONS} regions adds ≤ ${REGION_GROWTH_MAX * 100} % wall time (full run)`,
    measured: growth === undefined ? 'not measured' : `${formatMs(base!.medianWallMs)} → ${formatMs(large!.medianWallMs)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %)`,
    ...(growth === undefined ? {} : { met: growth <= REGION_GROWTH_MAX }),
  });
  const help = startup.find((s) => s.name === '--help');
  targets.push({ target: `--help < ${HELP_MAX_MS} ms (median)`, measured: help ? formatMs(help.medianMs) : 'not measured', ...(help ? { met: help.medianMs < HELP_MAX_MS } : {}) });
  const prompt = startup.find((s) => s.name === 'first prompt, --demo, latency 0');
  targets.push({
    target: `first prompt on --demo < ${FIRST_PROMPT_MAX_MS} ms (median, latency 0)`,
    measured: prompt ? formatMs(prompt.medianMs) : 'not measured',
    ...(prompt && !Number.isNaN(prompt.medianMs) ? { met: prompt.medianMs < FIRST_PROMPT_MAX_MS } : {}),
  });
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function machine() {
  const cpuModel = (() => {
    try {
      return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
    } catch {
      return cpus()[0]?.model ?? 'unknown';
    }
  })();
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src', 'steps']);
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    ...(commit ? { commit: `${commit}${dirty ? ' (src/steps modified)' : ''}` } : {}),
  };
}

function printReport(
  settings: Settings,
  info: ReturnType<typeof machine>,
  workloads: readonly WorkloadResult[],
  sequential: readonly SequentialResult[],
  startup: readonly StartupResult[],
  packaged: PackageResult | undefined,
  targets: readonly Target[],
): void {
  const out = (text = '') => process.stdout.write(`${text}\n`);
  out();
  out(`aws-bootstrap benchmark of ${relative(REPO_ROOT, measured.cliPath)} — ${info.cpus} CPUs (${info.cpuModel}), Node ${info.node}, ${info.platform}${info.commit ? `, commit ${info.commit}` : ''}`);
  if (packaged) {
    out();
    out('Package (npm pack, then npm install <tarball> --offline with an empty cache into an empty folder):');
    out(
      formatTable(
        ['tarball', 'files', 'installed', 'installed files', 'packages installed', 'install time', 'exit'],
        [[formatBytes(packaged.tarballBytes), String(packaged.packedFiles), formatBytes(packaged.installedBytes), String(packaged.installedFiles), packaged.installedPackages.join(', ') || '-', formatMs(packaged.installMs), String(packaged.installExitCode)]],
        ['right', 'right', 'right', 'right', 'left', 'right', 'right'],
      ),
    );
  }
  if (!workloads.length) {
    printTargets(out, targets);
    return;
  }
  out(`Simulated latency ${settings.latencyMs} ms + jitter [0, ${settings.jitterMs}) ms per call (mean ${settings.latencyMs + settings.jitterMs / 2} ms); median of ${settings.runs} run${settings.runs > 1 ? 's' : ''}.`);
  out();
  const seqOf = (r: WorkloadResult) => (r.terminal ? undefined : sequential.find((s) => s.workload === r.workload && s.regions === r.regions));
  const title = (r: WorkloadResult) => `${WORKLOAD_TITLES[r.workload]}${r.terminal ? ', on a terminal' : ''}`;
  out(
    formatTable(
      ['run', 'regions', 'wall', 'calls', 'mutating', 'chain', 'longest lane', 'bound', 'wall/bound', 'limits add', 'unlimited wall', 'at 0 ms', '--concurrency 1', 'speed-up'],
      workloads.map((r) => {
        const seq = seqOf(r);
        const p = r.unlimited.path;
        return [
          title(r),
          String(r.regions),
          formatMs(r.medianWallMs),
          String(r.typical.calls.total),
          String(r.typical.calls.mutating),
          `${p.setupChain} + ${p.longestLaneChain}`,
          p.longestLane ?? '-',
          formatMs(r.boundMs),
          `${r.wallOverBound.toFixed(2)}×`,
          `${r.limitsAdd.chain >= 0 ? '+' : ''}${r.limitsAdd.chain} (${formatMs(r.limitsAdd.ms)})`,
          // The unlimited run was piped: no wall to compare a terminal run with.
          r.terminal ? '' : formatMs(r.unlimited.wallMs),
          r.zeroLatencyWallMs !== undefined ? formatMs(r.zeroLatencyWallMs) : '',
          seq?.result ? formatMs(seq.result.medianWallMs) : seq?.skipped ? 'skipped' : '',
          seq?.result ? `${(seq.result.medianWallMs / r.medianWallMs).toFixed(1)}×` : '',
        ];
      }),
      ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out('  chain, longest lane, bound: from the same workload run once without the engine\'s limits (--demo-unlimited).');
  out('  limits add: the median run\'s own chain minus that chain, in calls (and × mean latency): waits the per-service');
  out('    limit put on the critical path. unlimited wall: that one run\'s wall time, for comparison (one sample).');
  out('  Runs write to pipes (as in a log or CI) unless "on a terminal": then on a pseudo-terminal with the live progress display.');
  out('  at 0 ms: the same run with no simulated latency, i.e. the CLI\'s own cost (start-up, module loading, CPU work);');
  out('    wall ≈ bound + this when none of that cost overlaps the waiting.');
  out('  --concurrency 1: one step and one region at a time, like a plain script (a step\'s own parallel reads still overlap).');
  out();
  out('CPU of the runs above (the simulation runs in the same process as the tool):');
  const cpuRows = workloads.flatMap((r) => [
    [title(r), String(r.regions), formatMs(r.medianWallMs), ...cpuCells(r.cpu)],
    ...(r.zeroLatencyWallMs !== undefined ? [[`${title(r)}, at 0 ms`, String(r.regions), formatMs(r.zeroLatencyWallMs), ...cpuCells(r.zeroLatencyCpu)]] : []),
  ]);
  out(formatTable(['run', 'regions', 'wall', 'CPU', 'simulation', 'tool'], cpuRows, ['left', 'right', 'right', 'right', 'right', 'right']));
  for (const line of cpuLegend('median')) out(`  ${line}`);
  out();
  out('Calls per service (one run):');
  const services = [...new Set(workloads.flatMap((r) => Object.keys(r.typical.calls.byService)))];
  out(
    formatTable(
      ['run', 'regions', ...services],
      workloads.map((r) => [title(r), String(r.regions), ...services.map((s) => String(r.typical.calls.byService[s] ?? 0))]),
      ['left', ...Array<'right'>(services.length + 1).fill('right')],
    ),
  );
  out();
  out('Where the time goes (the median run; times from process start):');
  out(
    formatTable(
      ['run', 'regions', 'first call at', 'last call ends', 'exit after', 'no call in flight', 'mean call', 'peak in flight', 'without limits'],
      workloads.map((r) => {
        const c = r.typical.calls;
        return [
          title(r),
          String(r.regions),
          formatMs(c.firstCallStart),
          formatMs(c.lastCallEnd),
          formatMs(r.typical.wallMs - c.lastCallEnd),
          formatMs(c.timeWithoutCallsMs),
          formatMs(c.meanCallMs),
          String(c.peakInFlight.calls),
          String(r.unlimited.calls.peakInFlight.calls),
        ];
      }),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out('  "peak in flight": the most calls at once to one service in one region (the engine allows 8); "without limits": the same in the unlimited run.');
  out('  "no call in flight": time between the first call and the last with nothing waiting on AWS (CPU work, phase barriers).');
  out(`  "mean call": measured duration of a call; above ${settings.latencyMs + settings.jitterMs / 2} ms means answers waited for a busy event loop.`);
  out();
  for (const line of BOUND_DEFINITION) out(line);
  out();
  if (startup.length) {
    out(`Start-up (median of ${settings.startupRuns}; process start → exit, or → first prompt on a pseudo-terminal):`);
    out(
      formatTable(
        ['measurement', 'median', 'min', 'max'],
        startup.map((s) => [s.name + (s.misses ? ` (${s.misses} without a prompt)` : ''), formatMs(s.medianMs), formatMs(Math.min(...s.samplesMs)), formatMs(Math.max(...s.samplesMs))]),
        ['left', 'right', 'right', 'right'],
      ),
    );
    out();
  }
  const second = workloads.find((r) => r.workload === 'second' && r.regions === settings.regionCounts[0] && !r.terminal);
  if (second) {
    out(`Second run on the compliant account at ${second.regions} regions: what each step reads (${second.typical.calls.total} calls, ${second.typical.calls.mutating} mutating):`);
    for (const [step, actions] of Object.entries(second.typical.calls.byStep)) {
      out(`  ${step.padEnd(27)} ${Object.entries(actions).map(([action, n]) => `${action} ×${n}`).join(', ')}`);
    }
    out();
  }
  printTargets(out, targets);
}

function printTargets(out: (text?: string) => void, targets: readonly Target[]): void {
  out();
  out('Targets:');
  out(
    formatTable(
      ['', 'target', 'measured'],
      targets.map((t) => [t.met === undefined ? '–' : t.met ? '✓ met' : '✗ missed', t.target, t.measured]),
      ['left', 'left', 'left'],
    ),
  );
}

async function main(): Promise<number> {
  let settings: Settings | undefined;
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
    return 64;
  }
  if (!settings) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (settings.cli) measured.cliPath = resolve(settings.cli);
  if (!existsSync(measured.cliPath)) {
    process.stderr.write(`bench: ${relative(process.cwd(), measured.cliPath)} is missing; run \`npm run build\` first (npm run bench does).\n`);
    return 1;
  }
  const info = machine();
  const startedAt = new Date();
  if (settings.cpuProf) {
    mkdirSync(settings.cpuProf, { recursive: true });
    measured.nodeFlags.push('--cpu-prof', '--cpu-prof-dir', resolve(settings.cpuProf));
  }
  progress(`Benchmarking ${relative(process.cwd(), measured.cliPath)}: regions ${settings.regionCounts.join(', ')}, latency ${settings.latencyMs} ± ${settings.jitterMs} ms, ${settings.runs} run(s) each`);
  try {
    const packaged = settings.package !== 'no' ? measurePackage() : undefined;
    const only = settings.package === 'only';
    if (!only) progress('Workload runs (first once per region count without the engine\'s limits, for the bound):');
    const workloads = only ? [] : await measureWorkloads(settings);
    const sequential = !only && settings.sequential.length ? await measureSequential(settings, workloads) : [];
    const startup = !only && settings.startupRuns > 0 ? await measureStartup(settings) : [];
    const targets = evaluateTargets(workloads, startup, packaged);
    printReport(settings, info, workloads, sequential, startup, packaged, targets);

    const outPath = settings.out ?? join(REPO_ROOT, 'bench', 'results', `${startedAt.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
    mkdirSync(join(outPath, '..'), { recursive: true });
    writeFileSync(
      outPath,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
          machine: info,
          settings,
          boundDefinition: BOUND_DEFINITION.join(' '),
          workloads,
          sequential,
          startup,
          ...(packaged ? { package: packaged } : {}),
          targets,
        },
        null,
        1,
      )}\n`,
    );
    process.stdout.write(`\nResults: ${relative(process.cwd(), outPath)} (benchmark took ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof BenchFailure)) throw error;
    process.stderr.write(`\nbench: FAILED: ${error.message}\nA run that does not end as its workload should is not a measurement; nothing was reported.\n`);
    return 1;
  } finally {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
