/**
 * What every command starts from: the flags, the steps chosen, the clients (real or the simulated
 * demo account), the concurrency limits, the config inputs, and a session (where output goes,
 * who answers questions, progress style, Ctrl-C). Shared by a single run (main.ts) and `--org`
 * (org/start.ts).
 */
import type { LoadedConfig } from './config.js';
import { AwsClients, serviceOfAction } from './aws/clients.js';
import { InputError } from './core/errors.js';
import { terminalHost, unattendedHost, type Host } from './engine/host.js';
import { texts } from './i18n/index.js';
import './i18n/zod.js';
import { DEFAULT_REGION_CONCURRENCY, type Renderer } from './engine/run.js';
import type { AnyStep } from './core/step.js';
import { simulatedClients } from './sim/clients.js';
import type { SimFault } from './sim/account.js';
import { defaultDemoStatePath, openDemoAccount, type DemoSeed } from './sim/demo.js';
import { writeDemoStatsAtExit } from './sim/demo-stats.js';

const en = {
  unknownSteps: (unknown: readonly string[], known: readonly string[]) =>
    `unknown step id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known steps: ${known.join(', ')}.`,
  noStepLeft: '--only/--skip leave no step to run.',
  unlimitedNeedsDemo: '--demo-unlimited is for the benchmark and needs --demo: on a real account the limits keep the run within AWS rate limits.',
  unlimitedAndConcurrency: '--demo-unlimited and --concurrency contradict each other; pass one of them.',
  faultList: 'expected a list of {code, ...}',
  badFaults: (reason: string) => `--demo-faults: ${reason}`,
  noTerminal:
    'no terminal to ask before each change. Run it in a terminal, or pass --yes (with --config or --set for the inputs) to apply without asking, or --dry-run to only preview.',
  stopping: '\nStopping: waiting for the calls in flight, starting nothing new (Ctrl-C again to exit at once)…\n',
};

const t = texts('session', en, {
  unknownSteps: (unknown: readonly string[], known: readonly string[]) => `知らないステップ ID です: ${unknown.join(', ')}。ステップ ID: ${known.join(', ')}`,
  noStepLeft: '--only と --skip の指定で、実行するステップが残りません。',
  unlimitedNeedsDemo: '--demo-unlimited はベンチマーク用で、--demo と一緒にしか使えません。実際のアカウントでは、制限によって実行が AWS のレート制限内に収まります。',
  unlimitedAndConcurrency: '--demo-unlimited と --concurrency は矛盾します。どちらか一方だけを指定してください。',
  faultList: '{code, ...} のリストを指定してください',
  badFaults: (reason: string) => `--demo-faults: ${reason}`,
  noTerminal:
    '変更のたびに確認するための端末がありません。端末で実行するか、--yes (入力は --config か --set で指定) を付けて確認なしで適用するか、--dry-run を付けてプレビューだけにしてください。',
  stopping: '\n停止しています: 実行中の呼び出しの完了を待ち、新しい呼び出しは始めません (すぐに終了するにはもう一度 Ctrl-C を押してください)…\n',
});

export interface RunFlags {
  demo?: boolean;
  demoState?: string;
  demoReset?: boolean;
  demoLatency?: number;
  demoJitter?: number;
  demoRegions?: number;
  demoFaults?: string;
  demoSeed?: DemoSeed;
  demoStats?: string;
  demoUnlimited?: boolean;
  /** `--org` and its companions (src/org/start.ts). */
  org?: boolean;
  accounts?: string[];
  excludeAccounts?: string[];
  roleName?: string;
  accountConcurrency?: number;
  demoAccounts?: number;
  /** `--org`: the management account may be the security or log archive account. */
  allowManagementAccount?: boolean;
  /** `--demo --org`: one more account is created in the simulated organization before the run. */
  demoAddAccount?: boolean;
  profile?: string;
  region?: string;
  regions?: string[];
  only?: string[];
  skip?: string[];
  yes?: boolean;
  config?: string;
  set?: string[];
  concurrency?: number;
  undoLog?: string;
  json?: boolean;
  /** Every change in full (no step's compact preview). */
  verbose?: boolean;
}

export interface Streams {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Picks steps by --only / --skip; an unknown id is an input error that lists the known ones. */
export function selectSteps(all: readonly AnyStep[], only?: readonly string[], skip?: readonly string[]): AnyStep[] {
  const known = new Set(all.map((s) => s.id));
  const unknown = [...(only ?? []), ...(skip ?? [])].filter((id) => !known.has(id));
  if (unknown.length) {
    throw new InputError(t.unknownSteps(unknown, [...known]));
  }
  const selected = all.filter((s) => (!only?.length || only.includes(s.id)) && !skip?.includes(s.id));
  if (!selected.length) throw new InputError(t.noStepLeft);
  return selected;
}

/**
 * The region for account-wide calls, in the AWS CLI's order: --region, AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's `region` in the shared config file, then us-east-1.
 * The demo does not read the shared config, so it behaves the same on every machine.
 */
export async function homeRegion(flags: RunFlags, clients: AwsClients): Promise<string> {
  const given = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (given) return given;
  return (!flags.demo && (await clients.configuredRegion())) || 'us-east-1';
}

/** Stands for "no limit" where the engine wants a whole number (its semaphores refuse Infinity). */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/**
 * The engine's concurrency limits: regions worked on at once and, if not the clients' default
 * (8), calls in flight per service and region. `--demo-unlimited` lifts both so the benchmark
 * can measure each lane's inherent chain of calls; AWS's rate limits are why the limits exist,
 * so it is refused without --demo.
 */
export function concurrencyLimits(flags: RunFlags, configured?: number): { readonly regions: number; readonly perService?: number } {
  if (!flags.demoUnlimited) return { regions: flags.concurrency ?? configured ?? DEFAULT_REGION_CONCURRENCY };
  if (!flags.demo) throw new InputError(t.unlimitedNeedsDemo);
  if (flags.concurrency !== undefined) throw new InputError(t.unlimitedAndConcurrency);
  return { regions: UNLIMITED, perService: UNLIMITED };
}

/** Clients for the run: the simulated demo account, or the real one through the standard credential chain. */
export function clientsFor(flags: RunFlags): AwsClients {
  if (!flags.demo) return new AwsClients(flags.profile ? { profile: flags.profile } : {});
  // The demo never needs the credential chain; make sure nothing probes instance metadata either.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const sim = openDemoAccount({
    statePath: flags.demoState ?? defaultDemoStatePath(),
    reset: Boolean(flags.demoReset),
    ...(flags.demoLatency !== undefined ? { latencyMs: flags.demoLatency } : {}),
    ...(flags.demoJitter !== undefined ? { jitterMs: flags.demoJitter } : {}),
    ...(flags.demoRegions !== undefined ? { regionCount: flags.demoRegions } : {}),
    ...(flags.demoFaults ? { faults: parseFaults(flags.demoFaults) } : {}),
    ...(flags.demoSeed ? { demoSeed: flags.demoSeed } : {}),
    // The calls' units of work only for the benchmark's statistics.
    lanes: Boolean(flags.demoStats),
  });
  // The benchmark reads every call the run made, with its unit of work and timing, and the CPU used.
  if (flags.demoStats) writeDemoStatsAtExit(flags.demoStats, sim, () => sim.calls.map(({ input: _input, ...call }) => call));
  const { perService } = concurrencyLimits(flags);
  return simulatedClients(sim, perService !== undefined ? { perServiceConcurrency: perService } : {});
}

/**
 * A real run whose steps use S3 Control creates that client before anything else, so an endpoint
 * it cannot use (an IP address, see AwsClients) is reported before any change, not as one
 * step's failure in the middle of the run. The demo ignores endpoint settings.
 */
export async function checkEndpoints(flags: RunFlags, clients: AwsClients, steps: readonly AnyStep[], region: string): Promise<void> {
  if (flags.demo) return;
  const actions = steps.flatMap(({ permissions: { observe, apply, undo = [] } }) => [...observe, ...apply, ...undo]);
  if (actions.some((action) => serviceOfAction(action) === 's3control')) await clients.get('s3control', region);
}

/** `--demo-faults '<json list>'`: faults for the simulated account (tests and benchmarks). */
export function parseFaults(json: string): SimFault[] {
  try {
    const faults = JSON.parse(json) as unknown;
    if (!Array.isArray(faults) || faults.some((f) => typeof f !== 'object' || typeof (f as SimFault).code !== 'string')) throw new Error(t.faultList);
    return faults as SimFault[];
  } catch (error) {
    throw new InputError(t.badFaults((error as Error).message));
  }
}

/** What every command needs: where output goes, who answers questions, progress style, Ctrl-C. */
export interface Session {
  readonly host: Host;
  readonly out: NodeJS.WritableStream;
  readonly renderer: Renderer;
  readonly signal: AbortSignal;
}

export async function withSession<T>(flags: RunFlags, streams: Streams, changes: boolean, body: (session: Session) => Promise<T>): Promise<T> {
  const out = flags.json ? streams.stderr : streams.stdout;
  const interactive = !flags.yes && Boolean(streams.stdin.isTTY);
  if (changes && !flags.yes && !interactive) {
    throw new InputError(t.noTerminal);
  }
  const host = interactive ? terminalHost(out, streams.stdin) : unattendedHost(out);
  const renderer: Renderer = flags.json ? 'silent' : (out as { isTTY?: boolean }).isTTY ? 'default' : 'simple';
  // First Ctrl-C: finish the calls in flight, start nothing new, print the summary. Second: leave now.
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    out.write(t.stopping);
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await body({ host, out, renderer, signal: controller.signal });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** The config file and --set values (the YAML parser loads only when there are any). */
export async function readInputs(flags: RunFlags): Promise<LoadedConfig> {
  if (!flags.config && !flags.set?.length) return { settings: {}, sections: {} };
  const { applySetFlags, loadConfigFile, settingsFromSet } = await import('./config.js');
  const loaded = flags.config ? loadConfigFile(flags.config) : { settings: {}, sections: {} };
  const sections = { ...loaded.sections };
  applySetFlags(sections, flags.set ?? []);
  return { settings: settingsFromSet(loaded.settings, sections), sections };
}
