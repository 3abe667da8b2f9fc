/**
 * The wizard: identity → regions → observe every step (concurrently) → for each step in
 * checklist order: inputs → plan → preview → confirm → apply (recording each change in the
 * undo log as it succeeds) → observe again to prove the plan is now empty → summary.
 */
import { serviceOfAction, type AwsClients, type ServiceId } from '../aws/clients.js';
import { explainFailure } from '../aws/errors.js';
import { listRegions, selectRegions } from '../aws/regions.js';
import { exitCodeFor, renderChange, renderRegionalChanges, renderSummary, styles, type ResultRow, type RunReport } from '../report/render.js';
import { defaultUndoLogPath, UndoLogWriter } from '../undo/log.js';
import { InputError, ExitCode, SetupError, UserQuit } from './errors.js';
import type { Host } from './host.js';
import { inLane } from './lane.js';
import { mapPool } from './pool.js';
import { answerWithDefaults, askQuestions, checkGivenInputs, openQuestions, parseInputs, sectionOf } from './inputs.js';
import type { ProbeResult } from '../aws/dry-run.js';
import type { AnyStep, Change, Plan, StepContext } from './step.js';
import { contextsFor, identify } from './setup.js';

export type Renderer = 'default' | 'simple' | 'silent';

/**
 * Regions worked on at once per step. Every region has its own endpoints and rate limits (and
 * each service has its own in-flight bound per region, see AwsClients), so by default every
 * region an account can have runs at once; the bound caps sockets and memory.
 */
export const DEFAULT_REGION_CONCURRENCY = 40;

export interface WizardOptions {
  /** The steps to run, in checklist order (after --only / --skip). */
  readonly steps: readonly AnyStep[];
  /** Every known step (to recognise config sections of steps left out). */
  readonly allSteps: readonly AnyStep[];
  readonly clients: AwsClients;
  readonly homeRegion: string;
  /** `--regions`; all enabled regions when absent. */
  readonly regions?: readonly string[];
  /** Regions worked on at once per step. */
  readonly concurrency: number;
  readonly dryRun: boolean;
  /** Config sections by step id (config file merged with --set). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly host: Host;
  /** `--undo-log`; a new file under the tool's home otherwise. */
  readonly undoLogPath?: string;
  readonly demo: boolean;
  readonly renderer: Renderer;
  /** Aborted on Ctrl-C: no new change starts, the summary so far is printed. */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Waits between the reads that prove a change took effect (VERIFY_DELAYS_MS unless set). */
  readonly verifyDelaysMs?: readonly number[];
}

/** One step's observation in one region (the home region for account-wide steps). */
interface Observed {
  readonly region: string;
  state?: unknown;
  error?: string;
}

interface Planned {
  readonly region: string;
  readonly ctx: StepContext;
  readonly plan: Plan;
}

export async function runWizard(options: WizardOptions): Promise<RunReport> {
  const { host, steps } = options;
  const s = styles(host.out);
  checkGivenInputs(steps, options.allSteps, options.config);

  // Who we are and which regions are enabled do not depend on each other: one round trip for both.
  const needsRegions = steps.some((step) => step.scope === 'region') || Boolean(options.regions?.length);
  // A failure to identify the caller is reported first: it usually explains the other one too.
  const [identity, regionsRead] = await Promise.all([
    identify(options.clients, options.homeRegion),
    (needsRegions ? listRegions(options.clients, options.homeRegion) : Promise.resolve([])).then(
      (list) => ({ list }),
      (error: unknown) => ({ error }),
    ),
    // An unattended run reads every step next: their SDK modules load while these answers travel.
    // (Interactive runs do not: the first question would wait for them.)
    host.interactive ? undefined : options.clients.preload(servicesOf(steps)),
  ]);
  if ('error' in regionsRead) {
    throw new SetupError(`Could not list the account's enabled regions. ${explainFailure(regionsRead.error, options.homeRegion)}`);
  }
  const knownRegions = regionsRead.list;
  host.print(`Account ${s.bold(identity.accountId)} as ${identity.arn}${options.demo ? s.dim(' (simulated demo account)') : ''}`);
  if (identity.isRoot) {
    host.print(s.yellow('! You are signed in as the root user. This checklist exists to stop using root: after it, sign in as an IAM user (or IAM Identity Center) and assume the admin role.'));
  }
  const regions = needsRegions ? selectRegions(knownRegions, options.regions) : [];
  if (needsRegions) host.print(`Regions (${regions.length}): ${regions.join(', ')}`);

  const startedAt = (options.now ?? (() => new Date()))();
  const run = startedAt.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17);
  const log = options.dryRun
    ? undefined
    : new UndoLogWriter(options.undoLogPath ?? defaultUndoLogPath(identity.accountId, options.demo, startedAt), {
        run,
        account: identity.accountId,
        caller: identity.arn,
        command: 'apply',
        ...(options.demo ? { demo: true } : {}),
      });
  host.print(options.dryRun ? s.dim('Dry run: nothing will be changed.') : `Undo log: ${log!.path}`);

  const report: RunReport = {
    account: identity.accountId,
    caller: identity.arn,
    regions,
    dryRun: options.dryRun,
    ...(log ? { undoLog: log.path } : {}),
    undoRecords: 0,
    results: [],
    quit: false,
    exitCode: ExitCode.Done,
  };

  const context = contextsFor(identity, options.clients, options.dryRun);
  const targets = (step: AnyStep) => (step.scope === 'region' ? regions : [options.homeRegion]);

  host.print('');
  const observer = new Observer(options, targets, context);
  if (!host.interactive) await observer.readAll(steps);

  // Without a terminal every input must be known before the first change. A dry run still
  // previews every step it can and names the inputs the others need.
  const inputs = new Map<string, unknown>();
  const needsInput = new Map<string, string[]>();
  if (!host.interactive) {
    for (const step of steps) {
      const readable = (await observer.read(step)).filter((o) => !o.error);
      if (!readable.length) continue;
      const given = sectionOf(options.config, step);
      const missing = answerWithDefaults(step, openQuestions(step, questionState(step, readable), given, Object.fromEntries(inputs)), given);
      if (missing.length) needsInput.set(step.id, missing);
      else inputs.set(step.id, parseInputs(step, given));
    }
    if (needsInput.size && !options.dryRun) {
      throw new InputError(
        `Missing input (nothing was changed):\n  ${[...needsInput.values()].flat().join('\n  ')}\nGive each in the config file (--config) or as --set <step>.<field>=<value>, or leave the step out with --skip <step id>.`,
      );
    }
  }

  const rowsOf = (step: AnyStep) => (region: string) => ({ step: step.id, title: step.title, ...(step.scope === 'region' ? { region } : {}) });
  const show: Presenter = { host, s, report, regionCount: regions.length, context, rowsOf };
  // Unattended runs apply every approved step side by side (they touch unrelated resources);
  // interactive runs apply each step right after its confirmation.
  const approved: Approved[] = [];
  const probes: Array<{ step: AnyStep; pending: Planned[]; outcome: Promise<Map<string, ProbeResult[] | string>> }> = [];
  let yesToAll = false;
  try {
    for (const [index, step] of steps.entries()) {
      if (options.signal?.aborted) throw new UserQuit();
      host.print(`${s.bold(`[${index + 1}/${steps.length}] ${step.title}`)}  ${s.dim(step.id)}`);
      const observed = await observer.read(step);
      // Read the rest while the person answers the first question (after it is on screen).
      // (Loading the other SDK clients blocks for a moment; 100 ms lets the prompt draw first.)
      if (index === 0 && host.interactive) setTimeout(() => steps.forEach((other) => void observer.read(other)), 100);
      const readable = observed.filter((o) => !o.error);
      for (const failed of observed.filter((o) => o.error)) {
        report.results.push({ ...rowsOf(step)(failed.region), status: 'failed', detail: failed.error!, changes: [] });
      }
      if (!readable.length) {
        host.print(`  ${s.red('✗ could not be read')}\n`);
        continue;
      }
      const missing = needsInput.get(step.id);
      if (missing) {
        // Inputs are only asked for when something is to be done, so this counts as pending.
        const detail = `needs input: ${missing.map((m) => m.split(' ')[0]).join(', ')} (give it with --config or --set)`;
        host.print(`  ${s.yellow('~ not previewed, needs input:')}\n${missing.map((m) => `      ${m}`).join('\n')}\n`);
        report.results.push({ step: step.id, title: step.title, status: 'would change', detail, changes: [] });
        continue;
      }
      let stepInputs = inputs.get(step.id);
      let whyShown = false;
      if (stepInputs === undefined) {
        const given = sectionOf(options.config, step);
        let questions = openQuestions(step, questionState(step, readable), given, Object.fromEntries(inputs));
        // After "all", defaults are accepted; only what has no default is still asked.
        if (yesToAll) {
          answerWithDefaults(step, questions.filter((q) => q.default !== undefined), given);
          questions = questions.filter((q) => q.default === undefined);
        }
        if (questions.length) {
          host.print(`  ${s.dim(step.why)}`);
          whyShown = true;
        }
        await askQuestions(host, questions, given);
        stepInputs = parseInputs(step, given);
        inputs.set(step.id, stepInputs);
      }
      const pending = presentStep(show, step, stepInputs, readable, whyShown);
      if (!pending.length) {
        host.print('');
        continue;
      }
      if (options.dryRun) {
        // Permission probes of every step run side by side; their results are printed after the previews.
        if (step.probe) probes.push({ step, pending, outcome: probeAll(step, pending, options.concurrency) });
        else for (const p of pending) report.results.push({ ...rowsOf(step)(p.region), status: 'would change', changes: p.plan.changes.map((c) => c.summary) });
        host.print('');
        continue;
      }
      const item: Approved = { step, inputs: stepInputs, pending };
      if (!host.interactive) {
        approved.push(item);
        host.print('');
        continue;
      }
      const destructive = pending.some((p) => p.plan.changes.some((c) => c.destructive));
      if (!yesToAll || destructive) {
        const where = step.scope === 'region' ? ` in ${pending.length} region${pending.length > 1 ? 's' : ''}` : '';
        const decision = await host.confirm({
          message: destructive ? `${s.red('Delete')} as listed above${where}? This cannot be undone with the same ids.` : `Apply this step${where}?`,
          destructive,
        });
        if (decision === 'quit') throw new UserQuit();
        if (decision === 'no') {
          for (const p of pending) report.results.push({ ...rowsOf(step)(p.region), status: 'skipped', detail: 'you chose not to apply it', changes: [] });
          host.print('');
          continue;
        }
        if (decision === 'all') yesToAll = true;
      }
      await applySteps(options, [item], log!, report, rowsOf);
      host.print('');
    }
    for (const { step, pending, outcome } of probes) {
      const denied = printProbes(step, pending, await outcome, host, s);
      for (const p of pending) {
        const detail = denied.get(p.region);
        report.results.push({ ...rowsOf(step)(p.region), status: 'would change', changes: p.plan.changes.map((c) => c.summary), ...(detail ? { detail } : {}) });
      }
    }
    if (approved.length) await applySteps(options, approved, log!, report, rowsOf);
    // Ctrl-C while changes were being made: what finished is recorded; the rest waits for a rerun.
    if (options.signal?.aborted) throw new UserQuit();
  } catch (error) {
    if (!(error instanceof UserQuit)) throw error;
    report.quit = true;
  } finally {
    log?.close();
  }

  // Checklist order, then region: side-by-side work finishes in any order.
  const order = new Map(steps.map((step, i) => [step.id, i]));
  report.results.sort((a, b) => order.get(a.step)! - order.get(b.step)! || (a.region ?? '').localeCompare(b.region ?? ''));
  report.undoRecords = log?.written ?? 0;
  report.exitCode = exitCodeFor(report);
  host.print(renderSummary(report, s));
  if (report.quit) host.print(s.yellow(`Stopped before the end: ${report.undoRecords ? 'the changes listed as changed were made; run again to continue.' : 'nothing was changed.'}`));
  if (log) host.print(log.written ? `Undo log: ${log.path} (${log.written} record${log.written > 1 ? 's' : ''}; \`aws-bootstrap undo\` takes them back)` : 'No change was made, so no undo log was written.');
  return report;
}

/** A step ready to apply: its inputs and, per region, the changes planned. */
interface Approved {
  readonly step: AnyStep;
  readonly inputs: unknown;
  readonly pending: readonly Planned[];
}

type Rows = (step: AnyStep) => (region: string) => Pick<ResultRow, 'step' | 'title' | 'region'>;

interface Presenter {
  readonly host: Host;
  readonly s: ReturnType<typeof styles>;
  readonly report: RunReport;
  readonly regionCount: number;
  readonly context: (region: string) => StepContext;
  readonly rowsOf: Rows;
}

/**
 * Plans a step in every region it could be read in, prints what was found and what would
 * change, and records the rows that need no decision. Returns the regions with changes pending.
 */
function presentStep(
  { host, s, report, regionCount, context, rowsOf }: Presenter,
  step: AnyStep,
  inputs: unknown,
  readable: readonly Observed[],
  whyShown: boolean,
): Planned[] {
  const rows = rowsOf(step);
  const where = (region: string) => (step.scope === 'region' ? `${region}: ` : '');
  const planned: Planned[] = [];
  for (const o of readable) {
    try {
      planned.push({ region: o.region, ctx: context(o.region), plan: step.plan(o.state, inputs, context(o.region)) });
    } catch (error) {
      report.results.push({ ...rows(o.region), status: 'failed', detail: `planning failed: ${(error as Error).message}`, changes: [] });
    }
  }
  for (const p of planned) {
    if (p.plan.skipped) {
      host.print(`  ${s.yellow('- skipped')} ${where(p.region)}${p.plan.skipped}`);
      report.results.push({ ...rows(p.region), status: 'skipped', detail: p.plan.skipped, changes: [] });
    } else if (p.plan.advice?.length) {
      for (const advice of p.plan.advice) host.print(`  ${s.yellow('!')} ${where(p.region)}${advice}`);
      report.results.push({ ...rows(p.region), status: 'action needed', detail: p.plan.advice.join(' '), changes: [] });
    } else if (!p.plan.changes.length) {
      report.results.push({ ...rows(p.region), status: 'compliant', changes: [] });
    }
  }
  const pending = planned.filter((p) => p.plan.changes.length && !p.plan.skipped);
  if (pending.length) {
    if (!whyShown) host.print(`  ${s.dim(step.why)}`);
    host.print(
      step.scope === 'region'
        ? renderRegionalChanges(pending.map((p) => ({ region: p.region, changes: p.plan.changes })), s)
        : pending.flatMap((p) => p.plan.changes.map((c) => renderChange(c, s))).join('\n'),
    );
  } else {
    const compliant = planned.filter((p) => !p.plan.changes.length && !p.plan.skipped && !p.plan.advice?.length).length;
    if (compliant) host.print(`  ${s.green('✓ already compliant')}${step.scope === 'region' ? ` in ${compliant} region${compliant > 1 ? 's' : ''}` : ''}`);
  }
  for (const line of groupNotes(planned, step.scope === 'region', regionCount)) host.print(s.dim(`  ${line}`));
  return pending;
}

/** Each distinct note once; in region steps, with the regions it applies to unless that is all of them. */
function groupNotes(planned: readonly Planned[], regional: boolean, regionCount: number): string[] {
  const byNote = new Map<string, string[]>();
  for (const p of planned) for (const note of p.plan.notes ?? []) byNote.set(note, [...(byNote.get(note) ?? []), p.region]);
  return [...byNote].map(([note, where]) => (regional && where.length < regionCount ? `${where.join(', ')}: ${note}` : note));
}

/** The state a step's questions see: its one state, or a map of region → state for region steps. */
function questionState(step: AnyStep, observations: readonly Observed[]): unknown {
  const readable = observations.filter((o) => !o.error);
  return step.scope === 'region' ? Object.fromEntries(readable.map((o) => [o.region, o.state])) : readable[0]?.state;
}


/**
 * Reads steps' state. Unattended runs read every step in every region at once under the
 * progress display; interactive runs read the first step alone, so its question comes quickly,
 * and the rest in the background while the person answers. A step is read once per run.
 */
/** The SDK services a run of these steps reads, in checklist order. */
export function servicesOf(steps: readonly AnyStep[]): ServiceId[] {
  return [...new Set(steps.flatMap((step) => step.permissions.observe.map(serviceOfAction)).filter((id) => id !== undefined))];
}

class Observer {
  private readonly cache = new Map<string, Promise<Observed[]>>();

  constructor(
    private readonly options: WizardOptions,
    private readonly targets: (step: AnyStep) => readonly string[],
    private readonly context: (region: string) => StepContext,
  ) {}

  /** One step in every target region (failures become entries, never rejections). */
  read(step: AnyStep): Promise<Observed[]> {
    let pending = this.cache.get(step.id);
    if (!pending) {
      pending = mapPool(this.targets(step), this.options.concurrency, (region) => this.readOne(step, region)).then((results) =>
        results.map((r) => (r as PromiseFulfilledResult<Observed>).value).sort(byRegion),
      );
      this.cache.set(step.id, pending);
    }
    return pending;
  }

  /** Every step at once, under the progress display. */
  async readAll(steps: readonly AnyStep[]): Promise<void> {
    const collected = new Map<string, Observed[]>(steps.map((step) => [step.id, []]));
    await runProgress(
      this.options,
      // One line per step while reading: a line per region for every step at once redraws
      // ~90 lines on each change and costs more CPU than the reads (regions show when applying).
      steps.map((step) => ({
        title: step.scope === 'region' ? `${step.title} (${this.targets(step).length} regions)` : step.title,
        regional: false,
        units: this.targets(step).map((region) => ({
          title: region,
          run: async () => {
            const entry = await this.readOne(step, region);
            collected.get(step.id)!.push(entry);
            // Marks the progress line as failed with our message; the run goes on.
            if (entry.error) throw new Error(entry.error);
          },
        })),
      })),
      true,
    );
    for (const [id, list] of collected) this.cache.set(id, Promise.resolve(list.sort(byRegion)));
  }

  private async readOne(step: AnyStep, region: string): Promise<Observed> {
    try {
      return { region, state: await inLane(`${step.id}@${region}`, () => step.observe(this.context(region))) };
    } catch (error) {
      return { region, error: explainFailure(error, region) };
    }
  }
}

const byRegion = (a: Observed, b: Observed) => a.region.localeCompare(b.region);

/**
 * Dry run: lets a step prove its permissions without changing anything (EC2 DryRun), in every
 * region with changes pending (at most --concurrency at once). Per region: the probe results, or
 * why probing failed.
 */
async function probeAll(step: AnyStep, pending: readonly Planned[], concurrency: number): Promise<Map<string, ProbeResult[] | string>> {
  const outcome = new Map<string, ProbeResult[] | string>();
  await mapPool(pending, concurrency, async (p) => {
    try {
      const perChange = await Promise.all(p.plan.changes.map((change) => inLane(`${step.id}@${p.region}`, () => step.probe!(p.ctx, change))));
      outcome.set(p.region, perChange.flat());
    } catch (error) {
      outcome.set(p.region, `permission check failed: ${explainFailure(error, p.region)}`);
    }
  });
  return outcome;
}

/** Prints denials one by one and the rest as a count; returns a denial sentence per region. */
function printProbes(step: AnyStep, pending: readonly Planned[], outcome: Map<string, ProbeResult[] | string>, host: Host, s: ReturnType<typeof styles>): Map<string, string> {
  const denied = new Map<string, string>();
  const allowedRegions: string[] = [];
  const allowedActions = new Set<string>();
  const lines: string[] = [];
  for (const p of pending) {
    const results = outcome.get(p.region)!;
    if (typeof results === 'string') {
      denied.set(p.region, results);
      lines.push(`${s.red('✗')} ${p.region}: ${results}`);
      continue;
    }
    for (const r of results) if (r.allowed) allowedActions.add(r.action);
    const refused = results.filter((r) => !r.allowed);
    if (!refused.length) {
      allowedRegions.push(p.region);
      continue;
    }
    const sentence = `DryRun: ${refused.map((r) => `${r.action} ${r.target}`).join(', ')} would be denied (grant ${[...new Set(refused.map((r) => r.action))].join(', ')})`;
    denied.set(p.region, sentence);
    lines.push(`${s.red('✗')} ${p.region}: ${sentence}`);
  }
  if (allowedRegions.length) {
    const where = step.scope === 'region' ? `${allowedRegions.length === pending.length ? 'every region' : allowedRegions.join(', ')}: ` : '';
    lines.unshift(`${s.green('✓')} ${where}every call would succeed (${[...allowedActions].sort().join(', ')})`);
  }
  host.print(`${s.bold(`Permission check with EC2 DryRun, ${step.id}`)} ${s.dim('(nothing changed)')}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  return denied;
}

/**
 * Applies approved steps (side by side when there are several): regions at once, changes
 * within a region in order, each recorded in the undo log the moment it succeeds, then read
 * again to prove nothing is left to do.
 */
async function applySteps(options: WizardOptions, approved: readonly Approved[], log: UndoLogWriter, report: RunReport, rowsOf: Rows): Promise<void> {
  const applyRegion = async ({ step, inputs }: Approved, p: Planned) => {
    const row: ResultRow = { ...rowsOf(step)(p.region), status: 'changed', changes: [] };
    report.results.push(row);
    try {
      for (const change of p.plan.changes as readonly Change[]) {
        if (options.signal?.aborted) {
          row.status = row.changes.length ? 'changed' : 'skipped';
          row.detail = `interrupted (Ctrl-C) before: ${change.summary}`;
          return;
        }
        const undo = await step.apply(p.ctx, change, inputs);
        log.change({ step: step.id, region: p.region, summary: change.summary, before: change.before, after: change.after, undo });
        row.changes.push(change.summary);
      }
      // The step's own proof: read again, and nothing may be left to do.
      const { left, waitedMs } = await workLeftAfterApply(step, p.ctx, inputs, options.verifyDelaysMs ?? VERIFY_DELAYS_MS);
      if (left.length) {
        row.status = 'failed';
        const waited = waitedMs ? ` (after waiting ${Math.round(waitedMs / 100) / 10} s for AWS to catch up)` : '';
        row.detail = `applied, but reading again still shows work to do${waited}: ${left.join('; ')}`;
      }
    } catch (error) {
      row.status = 'failed';
      const done = row.changes.length ? ` (done before the failure: ${row.changes.join('; ')})` : '';
      row.detail = `${explainFailure(error, p.region)}${done}`;
      throw new Error(row.detail, { cause: error });
    }
  };
  await runProgress(
    options,
    approved.map((item) => ({
      title: `Applying: ${item.step.title}`,
      regional: item.step.scope === 'region',
      units: item.pending.map((p) => ({ title: p.region, run: () => inLane(`${item.step.id}@${p.region}`, () => applyRegion(item, p)) })),
    })),
    true,
  );
}

/**
 * Waits between the reads that prove a change took effect. IAM and S3 Control are eventually
 * consistent: right after a write, a read can still show the state before it. About 15 s in all.
 */
export const VERIFY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000];

/**
 * Reads the step again until its plan is empty, waiting a little longer each time while AWS
 * catches up; what is still planned after the last read is what was not done.
 */
async function workLeftAfterApply(step: AnyStep, ctx: StepContext, inputs: unknown, delaysMs: readonly number[]): Promise<{ left: string[]; waitedMs: number }> {
  let waitedMs = 0;
  for (let attempt = 0; ; attempt++) {
    const left = step.plan(await step.observe(ctx), inputs, ctx).changes.map((c) => c.summary);
    if (!left.length || attempt === delaysMs.length) return { left, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    waitedMs += delaysMs[attempt]!;
  }
}

interface ProgressGroup {
  readonly title: string;
  /** Region steps show each region as a sub-task. */
  readonly regional: boolean;
  readonly units: ReadonlyArray<{ title: string; run: () => Promise<void> }>;
}

/**
 * Runs work under listr2's progress display (its simple renderer without a terminal, silent in
 * tests): groups side by side or in turn, units of a group at most --concurrency at once. A
 * failing unit marks itself failed and never stops the others.
 */
async function runProgress(options: WizardOptions, groups: readonly ProgressGroup[], groupsAtOnce: boolean): Promise<void> {
  // Loaded on first use: an interactive run shows its first question without it.
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  // Progress goes where the rest of the human output goes (stderr under --json).
  const stream = options.host.out as NodeJS.WriteStream;
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
  // A line per region helps on a live terminal (it collapses when done); in a log it is noise.
  const regionLines = options.renderer === 'default';
  await new Listr(
    groups.map((group) => ({
      title: group.title,
      task: (_ctx, task) =>
        group.regional && regionLines
          ? task.newListr(
              group.units.map((unit) => ({ title: unit.title, task: () => unit.run() })),
              { concurrent: options.concurrency, exitOnError: false },
            )
          : runUnits(group.units, options.concurrency),
    })),
    {
      // --concurrency 1 makes the whole run sequential, like a plain script.
      concurrent: groupsAtOnce && options.concurrency > 1,
      exitOnError: false,
      // Ctrl-C is ours to handle (finish what is in flight, record it, print the summary).
      registerSignalListeners: false,
      renderer: options.renderer,
      rendererOptions: { logger },
      fallbackRendererOptions: { logger },
      collectErrors: false,
    },
  ).run();
}

/** Runs units at most `concurrency` at once; fails (after all ran) if any failed. */
async function runUnits(units: ProgressGroup['units'], concurrency: number): Promise<void> {
  const results = await mapPool(units, concurrency, (unit) => unit.run());
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed) throw new Error(units.length === 1 ? (results[0] as PromiseRejectedResult).reason.message : `${failed} of ${units.length} failed`);
}
