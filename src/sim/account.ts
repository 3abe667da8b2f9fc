/**
 * A stateful, deterministic simulation of an AWS account that sits behind the real SDK v3
 * clients: a middleware answers each command after the SDK's own retry, signing and endpoint
 * logic has run, with the service's real output shapes and real modeled error classes.
 * Every call is recorded so tests can assert what was read and what was changed.
 */
import { loadSdkModule, type ClientDecorator, type ServiceId } from '../aws/clients.js';
import { currentLane, trackLanes } from '../core/lane.js';
import type { SimRequest, SimService } from './service.js';
import { freshAccountState, type SimState } from './state.js';
import type { RegionTracker } from './state-file.js';

const serviceLoaders: Record<ServiceId, () => Promise<{ default?: SimService }>> = {
  sts: () => import('./services/sts.js'),
  account: () => import('./services/account.js'),
  iam: () => import('./services/iam.js'),
  ec2: () => import('./services/ec2.js'),
  s3control: () => import('./services/s3control.js'),
  accessanalyzer: () => import('./services/accessanalyzer.js'),
  guardduty: () => import('./services/guardduty.js'),
  budgets: () => import('./services/budgets.js'),
  costexplorer: () => import('./services/costexplorer.js'),
  sns: () => import('./services/sns.js'),
  cloudtrail: () => import('./services/cloudtrail.js'),
  s3: () => import('./services/s3.js'),
  logs: () => import('./services/logs.js'),
  cloudwatch: () => import('./services/cloudwatch.js'),
  events: () => import('./services/events.js'),
  config: () => import('./services/config.js'),
  securityhub: () => import('./services/securityhub.js'),
  organizations: () => import('./services/organizations.js'),
};

/**
 * The service a loaded module exports. A module that resolved without one would otherwise
 * surface much later as a TypeError inside some step; this says plainly which one is broken.
 */
export function serviceOf(service: ServiceId, module: { default?: SimService }): SimService {
  if (!module.default?.handlers) {
    // Seen when dist/ was being rebuilt while the demo ran: the compiler empties a file before writing it.
    throw new Error(`aws-bootstrap internal error: the simulated ${service} service module has no default export (was the build being rewritten while this ran? run it again)`);
  }
  return module.default;
}

/** A fault to inject: which calls it hits, what it throws, how often. */
export interface SimFault {
  readonly service?: ServiceId;
  /** Action name without `Command`, e.g. `CreateDetector`. */
  readonly action?: string;
  readonly region?: string;
  /** Only calls into this account of a simulated organization (see SimulatedOrganization); every account unless said. */
  readonly account?: string;
  /** Only calls made by this unit of work (`<step id>@<region>`), e.g. one step's CreateRole. */
  readonly lane?: string;
  /** Error code (the error's `name`), e.g. `ThrottlingException`, `AccessDeniedException`. */
  readonly code: string;
  readonly message?: string;
  /** HTTP status of the error; 400 unless said. */
  readonly status?: number;
  /** Chance that a matching call fails (0–1); 1 unless said. */
  readonly probability?: number;
  /** Fail at most this many matching calls. */
  readonly times?: number;
  /**
   * Fail the same request (service, action, region and input) at most this many times in a row:
   * its next retry gets through, as a throttled caller does once it has backed off. Keeps a test
   * of "30 % of calls throttled" from failing on the rare call throttled on every attempt.
   */
  readonly maxInARow?: number;
  /** Before failing, hold the call this long (a hung call). */
  readonly hangMs?: number;
  /**
   * Make the change first, then lose the answer (AWS did it, the caller never heard): the
   * error a timeout, a 5xx or a reset connection gives after the request went through.
   * `code: 'ECONNRESET'` fails the way a reset socket does (a network error, not an AWS one).
   */
  readonly after?: boolean;
}

/**
 * Reads that lag behind writes, as IAM and S3 Control do: after a write to one of `services`,
 * the next `staleReads` reads of that service still see the account as it was before the write
 * (counted, not timed, so a test is deterministic).
 */
export interface SimConsistency {
  readonly services: readonly ServiceId[];
  readonly staleReads: number;
}

export interface SimCall {
  readonly seq: number;
  readonly service: ServiceId;
  readonly action: string;
  readonly region: string;
  readonly input: unknown;
  readonly mutating: boolean;
  /** The unit of work that made the call (`<step>@<region>`), if any. */
  readonly lane?: string;
  /** When the call arrived and when it was answered (ms, performance.now()). */
  readonly start: number;
  end?: number;
  /** The error code the call ended with, if any. */
  error?: string;
  /**
   * The simulation's own synchronous work on this call (ms): copying input and output, the
   * handler, `onChange` (the demo's state file), faults. Never the simulated latency, which is
   * waiting. The benchmark subtracts it from the process's CPU: a run against AWS does not pay it.
   */
  simMs: number;
}

export interface SimOptions {
  /** Added to every call, in ms. */
  readonly latencyMs?: number;
  /** Uniform random extra latency in [0, jitterMs). */
  readonly jitterMs?: number;
  readonly faults?: readonly SimFault[];
  /** Seed for fault probabilities and jitter, so a run is reproducible. */
  readonly seed?: number;
  /** Opt-in eventual consistency (the fault matrix turns it on). */
  readonly consistency?: SimConsistency;
  /** Called after every mutating call AWS would have accepted (the demo saves the state file here). */
  readonly onChange?: (state: SimState) => void;
  /** In a simulated organization: the management account's state (see SimRequest.organization). */
  readonly organizationRoot?: () => SimState;
  /**
   * Attribute each call to its unit of work (`SimCall.lane`; default true): faults by unit and the
   * benchmark's critical path need it. The demo turns it off when neither is asked for, since it
   * costs a run CPU that a run against AWS does not pay (see src/core/lane.ts).
   */
  readonly lanes?: boolean;
  /** Notes the regions each call on the account's own state reaches (the demo's state file rewrites only those). */
  readonly regionTracker?: RegionTracker;
}

const readOnlyAction = /^(Get|List|Describe|Search|Lookup)/;

/**
 * Calls that change no setting and no resource, though their names do not say so:
 * GenerateCredentialReport only has IAM write a report of users' credentials (a read-only check
 * calls it).
 */
export const REPORTING_ACTIONS: ReadonlySet<string> = new Set(['GenerateCredentialReport']);

/** Whether a call may change state: anything but a read, and EC2 calls with `DryRun` set. */
export function isMutatingCall(action: string, input: unknown): boolean {
  // AssumeRole hands out a session and changes nothing in either account (--org reads members through it).
  if (readOnlyAction.test(action) || action === 'AssumeRole' || REPORTING_ACTIONS.has(action)) return false;
  return !(input && typeof input === 'object' && (input as { DryRun?: unknown }).DryRun === true);
}

/** mulberry32: small, fast, good enough for reproducible fault injection. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SimulatedAccount {
  readonly calls: SimCall[] = [];
  /** The simulation's own work outside any call (ms): the demo opening its state file. */
  outsideCallsMs = 0;
  private readonly faults: Array<SimFault & { fired: number }>;
  /** Per request: the faults injected into it in a row, by any fault (what `maxInARow` bounds). */
  private readonly faultStreaks = new Map<string, number>();
  private readonly random: () => number;
  private readonly services = new Map<ServiceId, Promise<SimService>>();
  /**
   * Per eventually consistent service, oldest first: the state before each recent write, and how
   * many more reads of the service still see it. Each write has its own window, so a stream of
   * writes elsewhere in the service never hides an earlier one for longer than `staleReads` reads.
   */
  private readonly stale = new Map<ServiceId, Array<{ state: SimState; reads: number }>>();

  constructor(
    public state: SimState = freshAccountState(),
    private readonly options: SimOptions = {},
  ) {
    this.faults = (options.faults ?? []).map((fault) => ({ ...fault, fired: 0 }));
    this.random = seededRandom(options.seed ?? 1);
    // Each call is attributed to its unit of work (faults by unit, the benchmark's critical path).
    if (options.lanes !== false || this.faults.some((fault) => fault.lane)) trackLanes();
  }

  /** Adds a fault after construction (tests arrange faults between runs). */
  inject(fault: SimFault): void {
    this.faults.push({ ...fault, fired: 0 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Time passes: every eventually consistent read catches up with the writes before it (between two runs). */
  settle(): void {
    this.stale.clear();
  }

  /** Calls that may have changed state (reads and EC2 DryRun probes excluded). */
  mutatingCalls(): SimCall[] {
    return this.calls.filter((call) => call.mutating);
  }

  /** The simulation's own work so far (ms): every call's (SimCall.simMs) and what it did outside calls. */
  get cpuMs(): number {
    let total = this.outsideCallsMs;
    for (const call of this.calls) total += call.simMs;
    return total;
  }

  /** Installs the simulation into every client the factory creates. */
  decorator(): ClientDecorator {
    return (client, service, region) => {
      const stack = client.middlewareStack as {
        add(mw: unknown, options: { step: string; priority: string; name: string }): void;
      };
      stack.add(
        (_next: unknown, context: { commandName?: string }) => async (args: { input: unknown }) => {
          const action = (context.commandName ?? '').replace(/Command$/, '');
          const output = await this.handle(service, action, region, args.input);
          return {
            output: { ...(output as object), $metadata: { httpStatusCode: 200, requestId: `sim-${this.calls.length}` } },
            response: { statusCode: 200, headers: {} },
          };
        },
        // Innermost (after retries and signing), replacing the HTTP round trip.
        { step: 'deserialize', priority: 'high', name: 'awsBootstrapSimulatedAccount' },
      );
    };
  }

  /** The HTTP handler for simulated clients: reaching it means a call escaped the simulation. */
  static readonly networkGuard = {
    handle: async (): Promise<never> => {
      throw new Error('aws-bootstrap: a simulated client tried to reach the network; no request may leave this machine');
    },
  };

  private loadService(service: ServiceId): Promise<SimService> {
    let pending = this.services.get(service);
    if (!pending) {
      // The service module takes its SDK's error classes synchronously at top level (loadSdk).
      pending = loadSdkModule(service)
        .then(() => serviceLoaders[service]())
        .then((module) => serviceOf(service, module));
      this.services.set(service, pending);
    }
    return pending;
  }

  async handle(service: ServiceId, action: string, region: string, rawInput: unknown): Promise<unknown> {
    const arrived = performance.now();
    const input = structuredClone(rawInput ?? {}) as Record<string, unknown>;
    const lane = currentLane();
    const call: SimCall = {
      seq: this.calls.length + 1,
      service,
      action,
      region,
      input,
      mutating: isMutatingCall(action, input),
      ...(lane ? { lane } : {}),
      start: performance.now(),
      simMs: 0,
    };
    this.calls.push(call);
    const loading = this.loadService(service);
    call.simMs = performance.now() - arrived;
    const simService = await loading;
    try {
      await this.delay();
      // Each piece of the simulation's work is timed between awaits only (see SimCall.simMs).
      await simWork(call, () => this.injectFault(simService, call, false));
      const output = simWork(call, () => {
        if (!simService.global && !isEnabled(this.state.regions[region])) {
          throw new simService.ServiceException({
            name: simService.regionNotEnabledCode ?? 'UnrecognizedClientException',
            $fault: 'client',
            $metadata: { httpStatusCode: 401 },
            message: 'The security token included in the request is invalid.',
          });
        }
        const handler = simService.handlers[action];
        if (!handler) throw new Error(`the simulated account does not implement ${service}:${action}`);
        // The credential report's progress is IAM's own bookkeeping: kept on the live state (not saved: no setting changes).
        const bookkeeping = action === 'GenerateCredentialReport' || action === 'GetCredentialReport';
        const organization = this.options.organizationRoot?.() ?? (this.state.organization ? this.state : undefined);
        const touched = (other: SimState) => this.options.onChange?.(other);
        const state = bookkeeping ? this.state : this.stateFor(service, call.mutating);
        const handle = () => (handler as (request: SimRequest) => unknown)({ state, input, region, ...(organization ? { organization, touched } : {}) });
        const tracker = state === this.state ? this.options.regionTracker : undefined;
        const answer = tracker ? tracker.during(state, handle) : handle();
        if (call.mutating) this.options.onChange?.(this.state);
        return answer;
      });
      await simWork(call, () => this.injectFault(simService, call, true));
      // Callers get a copy, never live state.
      return simWork(call, () => structuredClone(output ?? {}));
    } catch (error) {
      call.error = (error as Error).name;
      throw error;
    } finally {
      call.end = performance.now();
    }
  }

  private async delay(): Promise<void> {
    const latency = (this.options.latencyMs ?? 0) + (this.options.jitterMs ? this.random() * this.options.jitterMs : 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  }

  /**
   * The state a call works on: the live state, except for reads of an eventually consistent
   * service shortly after a write to it, which see (a copy of) the state before that write.
   */
  private stateFor(service: ServiceId, mutating: boolean): SimState {
    const consistency = this.options.consistency;
    if (!consistency?.services.includes(service)) return this.state;
    const pending = this.stale.get(service) ?? [];
    if (mutating) {
      pending.push({ state: structuredClone(this.state), reads: consistency.staleReads });
      this.stale.set(service, pending);
      return this.state;
    }
    // A read sees every write older than `staleReads` reads of the service, and none newer.
    while (pending.length && !pending[0]!.reads) pending.shift();
    const oldest = pending[0];
    if (!oldest) return this.state;
    for (const write of pending) write.reads--;
    // A copy: read handlers may fill in defaults, which must not leak into either state.
    return structuredClone(oldest.state);
  }

  private async injectFault(simService: SimService, call: SimCall, afterChange: boolean): Promise<void> {
    if (!this.faults.length) return;
    const request = `${call.service}|${call.action}|${call.region}|${JSON.stringify(call.input)}`;
    const streak = this.faultStreaks.get(request) ?? 0;
    for (const fault of this.faults) {
      if (Boolean(fault.after) !== afterChange) continue;
      if (fault.service && fault.service !== call.service) continue;
      if (fault.action && fault.action !== call.action) continue;
      if (fault.region && fault.region !== call.region) continue;
      if (fault.account && fault.account !== this.state.accountId) continue;
      if (fault.lane && fault.lane !== call.lane) continue;
      if (fault.times !== undefined && fault.fired >= fault.times) continue;
      // The same request failed this often in a row already, by this fault or another: it goes through.
      if (fault.maxInARow !== undefined && streak >= fault.maxInARow) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      this.faultStreaks.set(request, streak + 1);
      fault.fired++;
      if (fault.hangMs) await new Promise((resolve) => setTimeout(resolve, fault.hangMs));
      if (fault.code === 'ECONNRESET') {
        // What Node's HTTP client throws when the connection drops: retried by the SDK as transient.
        throw Object.assign(new Error(fault.message ?? 'socket hang up'), { name: 'Error', code: 'ECONNRESET', $metadata: {} });
      }
      const status = fault.status ?? 400;
      throw new simService.ServiceException({
        name: fault.code,
        $fault: status >= 500 ? 'server' : 'client',
        $metadata: { httpStatusCode: status },
        message: fault.message ?? `Injected fault: ${fault.code}`,
      });
    }
    // Got through: the next failure of this request starts a new streak.
    this.faultStreaks.delete(request);
  }
}

/** Runs `work` (synchronous, or up to its first await) and adds the time it took to the call's simMs, thrown or not. */
function simWork<T>(call: SimCall, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    call.simMs += performance.now() - started;
  }
}

function isEnabled(status: string | undefined): boolean {
  return status === 'ENABLED' || status === 'ENABLED_BY_DEFAULT';
}
