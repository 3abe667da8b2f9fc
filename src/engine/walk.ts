/**
 * The walk through the steps in checklist order, after set-up (run.ts): read, ask, plan and
 * preview (preview.ts), decide; then apply (apply.ts) or, in a dry run, probe (probe.ts). What
 * one step provides to the steps that need it goes through StepDependencies (needs.ts).
 */
import type { ProbeResult } from '../aws/dry-run.js';
import { applySteps, type Approved } from './apply.js';
import { InputError, UserQuit } from '../core/errors.js';
import { answerWithDefaults, askQuestions, getPath, openQuestions, parseInputs, sectionOf } from './inputs.js';
import { StepDependencies } from './needs.js';
import { questionState, type Observed, type Observer } from './observe.js';
import type { RunSetUp, WizardOptions } from './options.js';
import { listingOf, presentStep, type Planned, type Presenter, type Rows } from './preview.js';
import { probeAll, printProbes } from './probe.js';
import type { AnyStep } from '../core/step.js';
import { language, texts, withLanguage } from '../i18n/index.js';

const en = {
  missingInput: (missing: readonly string[]) =>
    `Missing input (nothing was changed):\n  ${missing.join('\n  ')}\nGive each in the config file (--config) or as --set <step>.<field>=<value>, or leave the step out with --skip <step id>.`,
  unreadable: '✗ could not be read',
  couldNotRead: (why: string) => `it could not be read: ${why}`,
  needsInput: (fields: readonly string[]) => `needs input: ${fields.join(', ')} (give it with --config or --set)`,
  notPreviewed: '~ not previewed, needs input:',
  nothingToOffer: 'it has nothing to offer here',
  notInRun: (id: string) => `it is not in this run and not done yet: include it (--only ${id},…) or run it first`,
  inRegions: (n: number) => ` in ${n} region${n > 1 ? 's' : ''}`,
  confirmDelete: (deleteWord: (text: string) => string, where: string) => `${deleteWord('Delete')} as listed above${where}? This cannot be undone with the same ids.`,
  confirmApply: (where: string) => `Apply this step${where}?`,
  declined: 'you chose not to apply it',
  notFromOrganization: 'the organization-wide step that covers it is not done',
  /** Beside an organization-wide step's id in its heading. */
  organizationScope: 'organization',
};

const t = texts('engine.walk', en, {
  missingInput: (missing: readonly string[]) =>
    `入力が足りません (何も変更していません):\n  ${missing.join('\n  ')}\nそれぞれを設定ファイル (--config) か --set <ステップ>.<項目>=<値> で指定するか、--skip <ステップ ID> でそのステップを外してください。`,
  unreadable: '✗ 読み取れませんでした',
  couldNotRead: (why: string) => `読み取れませんでした: ${why}`,
  needsInput: (fields: readonly string[]) => `入力が必要です: ${fields.join(', ')} (--config か --set で指定してください)`,
  notPreviewed: '~ 入力が必要なため、プレビューしていません:',
  nothingToOffer: 'ここでは提供できるものがありません',
  notInRun: (id: string) => `この実行に含まれておらず、まだ完了していません。含める (--only ${id},…) か、先に実行してください`,
  inRegions: (n: number) => ` ${n} リージョンで`,
  confirmDelete: (deleteWord: (text: string) => string, where: string) => `上記のとおり${where}${deleteWord('削除')}しますか? 同じ ID では元に戻せません。`,
  confirmApply: (where: string) => `このステップを${where}適用しますか?`,
  declined: '適用しないことを選びました',
  notFromOrganization: 'これを対象にする組織全体のステップが完了していません',
  organizationScope: '組織',
});

export interface KnownInputs {
  readonly inputs: Map<string, unknown>;
  readonly missing: Map<string, string[]>;
}

/**
 * Without a terminal every input must be known before the first change: defaults fill in what
 * they can, anything else missing is an error listing all of it. A dry run still previews every
 * step it can and names the inputs the others need.
 */
export async function unattendedInputs(options: WizardOptions, observer: Observer): Promise<KnownInputs> {
  const known: KnownInputs = { inputs: new Map(), missing: new Map() };
  for (const step of options.steps) {
    const readable = (await observer.read(step)).filter((o) => !o.error);
    if (!readable.length) continue;
    const given = sectionOf(options.config, step);
    const missing = answerWithDefaults(step, openQuestions(step, questionState(step, readable), given, Object.fromEntries(known.inputs)), given);
    if (missing.length) known.missing.set(step.id, missing);
    else known.inputs.set(step.id, parseInputs(step, given));
  }
  if (known.missing.size && !options.dryRun) {
    throw new InputError(t.missingInput([...known.missing.values()].flat()));
  }
  return known;
}

/**
 * The steps in checklist order: read, ask, preview, then decide. Interactive runs apply each
 * step right after its confirmation; unattended runs collect the approved steps and apply them
 * side by side at the end (they touch unrelated resources); a dry run probes permissions.
 */
export class StepWalk {
  private readonly inputs: Map<string, unknown>;
  private readonly missing: Map<string, string[]>;
  private readonly approved: Approved[] = [];
  private readonly probes: Array<{ step: AnyStep; pending: Planned[]; outcome: Promise<Map<string, ProbeResult[] | string>> }> = [];
  private readonly show: Presenter;
  private readonly dependencies: StepDependencies;
  private yesToAll = false;

  constructor(
    private readonly options: WizardOptions,
    private readonly run: RunSetUp,
    private readonly observer: Observer,
    known: KnownInputs | undefined,
  ) {
    this.inputs = known?.inputs ?? new Map();
    this.missing = known?.missing ?? new Map();
    const dependencies = new StepDependencies(options.allSteps, options.homeRegion, options.onOffer);
    this.dependencies = dependencies;
    this.show = {
      host: options.host,
      s: run.s,
      report: run.report,
      regionCount: run.regions.length,
      ...(options.verbose ? { verbose: true } : {}),
      context: (step, region) => (step.needs?.length ? { ...run.context(region), provided: dependencies.providedFor(step, region) } : run.context(region)),
      blocked: (step, region) => dependencies.blocked(step, region),
      rowsOf,
    };
  }

  async all(): Promise<void> {
    const { steps, host, signal } = this.options;
    await this.prerequisitesOutsideRun();
    for (const [index, step] of steps.entries()) {
      if (signal?.aborted) throw new UserQuit();
      host.print(`${this.run.s.bold(`[${index + 1}/${steps.length}] ${step.title}`)}  ${this.run.s.dim(step.organization ? `${step.id} · ${t.organizationScope}` : step.id)}`);
      const observed = await this.observer.read(step);
      // Read the rest while the person answers the first question (after it is on screen).
      // (Loading the other SDK clients blocks for a moment; 100 ms lets the prompt draw first.)
      if (index === 0 && host.interactive) setTimeout(() => steps.forEach((other) => void this.observer.read(other)), 100);
      await this.one(step, observed);
    }
    await this.reportProbes();
    if (this.approved.length) await this.apply(this.approved);
    // Ctrl-C while changes were being made: what finished is recorded; the rest waits for a rerun.
    if (signal?.aborted) throw new UserQuit();
  }

  private async one(step: AnyStep, observed: readonly Observed[]): Promise<void> {
    const { host } = this.options;
    const { s, report } = this.run;
    const readable = observed.filter((o) => !o.error);
    for (const failed of observed.filter((o) => o.error)) {
      report.results.push({ ...rowsOf(step)(failed.region), status: 'failed', detail: failed.error!, changes: [] });
      this.dependencies.refuse(step, failed.region, t.couldNotRead(failed.error!));
    }
    if (!readable.length) {
      host.print(`  ${s.red(t.unreadable)}\n`);
      return;
    }
    const missing = this.missing.get(step.id);
    if (missing) {
      // Inputs are only asked for when something is to be done, so this counts as pending.
      const paths = missing.map((m) => m.split(' ')[0]!);
      const detail = t.needsInput(paths);
      host.print(`  ${s.yellow(t.notPreviewed)}\n${missing.map((m) => `      ${m}`).join('\n')}\n`);
      report.results.push({ step: step.id, title: titleOf(step), status: 'would change', detail, missingInputs: paths, changes: [] });
      this.offerWithoutInputs(step, readable, detail);
      return;
    }
    let { inputs, whyShown } = await this.inputsOf(step, readable);
    for (;;) {
      // What this step adds to the report, so an edit of the answers can take it back.
      const rowsBefore = report.results.length;
      const notesBefore = report.notes?.length ?? 0;
      const { planned, pending } = presentStep(this.show, step, inputs, readable, whyShown);
      this.offer(step, inputs, readable, planned);
      const warned = planned.some((p) => p.plan.answersWarned) && Boolean(step.inputs);
      if (!pending.length || (await this.decide({ step, inputs, pending }, warned)) !== 'edit') break;
      report.results.splice(rowsBefore);
      report.notes?.splice(notesBefore);
      inputs = await this.editInputs(step, readable);
      whyShown = true;
    }
    host.print('');
  }

  /** Asks every question of the step again, the answers given before as the defaults. */
  private async editInputs(step: AnyStep, readable: readonly Observed[]): Promise<unknown> {
    const given = sectionOf(this.options.config, step);
    const previous = this.inputs.get(step.id) as Record<string, unknown> | undefined;
    const earlier = Object.fromEntries([...this.inputs].filter(([id]) => id !== step.id));
    const questions = openQuestions(step, questionState(step, readable), {}, earlier).map((q) => {
      const before = getPath(previous ?? given, q.path.split('.'));
      const shown = Array.isArray(before) ? before.join(', ') : typeof before === 'string' || typeof before === 'number' ? String(before) : typeof before === 'boolean' ? before : undefined;
      return shown === undefined ? q : { ...q, default: shown };
    });
    const answers: Record<string, unknown> = structuredClone(given);
    await askQuestions(this.options.host, questions, answers);
    const inputs = parseInputs(step, answers);
    this.inputs.set(step.id, inputs);
    return inputs;
  }

  /**
   * What a step that others need will provide in each region, as it will be once its plan is
   * applied; where it is skipped, why its dependents will be too.
   */
  private offer(step: AnyStep, inputs: unknown, readable: readonly Observed[], planned: readonly Planned[]): void {
    if (!this.dependencies.isNeeded(step)) return;
    for (const p of planned) {
      const state = readable.find((o) => o.region === p.region)!.state;
      const value = p.plan.skipped ? undefined : step.provides?.(state, inputs, p.ctx);
      if (value === undefined) this.dependencies.refuse(step, p.region, p.plan.skipped ?? t.nothingToOffer);
      else this.dependencies.offer(step, p.region, value);
    }
  }

  /**
   * A step not previewed for want of inputs (a dry run): where what it provides does not depend
   * on them, the steps that need it are still previewed against what it would create; elsewhere
   * they are skipped with the inputs it needs.
   */
  private offerWithoutInputs(step: AnyStep, readable: readonly Observed[], missing: string): void {
    const given = sectionOf(this.options.config, step);
    for (const o of readable) {
      const value = this.dependencies.isNeeded(step) ? step.providesWithoutInputs?.(o.state, given, this.show.context(step, o.region)) : undefined;
      if (value === undefined) this.dependencies.refuse(step, o.region, missing);
      else this.dependencies.offer(step, o.region, value);
    }
  }

  /**
   * A step this run needs but does not include (left out with --only or --skip) is read and
   * planned quietly: if it is already done, what it provides is used; if not, its dependents are
   * skipped with the advice to include it.
   */
  private async prerequisitesOutsideRun(): Promise<void> {
    const inRun = new Set(this.options.steps.map((step) => step.id));
    const outside = new Set(this.options.steps.flatMap((step) => this.dependencies.prerequisites(step)).filter((p) => !inRun.has(p.id)));
    for (const step of outside) {
      // Covered by the organization (--org): what the organization-wide step provides stands in for it.
      const fromOrganization = this.options.fromOrganization?.get(step.id);
      if (fromOrganization) {
        for (const region of this.run.targets(step)) {
          const value = fromOrganization(region);
          if (value === undefined) this.dependencies.refuse(step, region, t.notFromOrganization);
          else this.dependencies.offer(step, region, value);
        }
        continue;
      }
      const observed = await this.observer.read(step);
      const readable = observed.filter((o) => !o.error);
      for (const failed of observed.filter((o) => o.error)) this.dependencies.refuse(step, failed.region, t.couldNotRead(failed.error!));
      const given = sectionOf(this.options.config, step);
      const missing = answerWithDefaults(step, openQuestions(step, questionState(step, readable), given, {}), given);
      const notInRun = t.notInRun(step.id);
      if (missing.length) {
        for (const o of readable) this.dependencies.refuse(step, o.region, notInRun);
        continue;
      }
      const inputs = parseInputs(step, given);
      for (const o of readable) {
        const ctx = this.show.context(step, o.region);
        const plan = step.plan(o.state, inputs, ctx);
        const value = plan.changes.length || plan.skipped ? undefined : step.provides?.(o.state, inputs, ctx);
        if (value === undefined) this.dependencies.refuse(step, o.region, plan.skipped ?? notInRun);
        else this.dependencies.offer(step, o.region, value);
      }
    }
  }

  private apply(items: readonly Approved[]): Promise<void> {
    return applySteps(this.options, items, { log: this.run.log!, report: this.run.report, rowsOf, dependencies: this.dependencies });
  }

  /** The step's inputs: known already, or asked now (after "all", only what has no default). */
  private async inputsOf(step: AnyStep, readable: readonly Observed[]): Promise<{ inputs: unknown; whyShown: boolean }> {
    const known = this.inputs.get(step.id);
    if (known !== undefined) return { inputs: known, whyShown: false };
    const given = sectionOf(this.options.config, step);
    let questions = openQuestions(step, questionState(step, readable), given, Object.fromEntries(this.inputs));
    if (this.yesToAll) {
      answerWithDefaults(step, questions.filter((q) => q.default !== undefined), given);
      questions = questions.filter((q) => q.default === undefined);
    }
    if (questions.length) this.options.host.print(`  ${this.run.s.dim(step.why)}`);
    await askQuestions(this.options.host, questions, given);
    const inputs = parseInputs(step, given);
    this.inputs.set(step.id, inputs);
    return { inputs, whyShown: questions.length > 0 };
  }

  /** Decides (and applies) a step; `edit` when the person chose to edit the answers (`warned`: offered). */
  private async decide(item: Approved, warned = false): Promise<'edit' | void> {
    const { step, pending } = item;
    const { host, dryRun, concurrency } = this.options;
    const { s, report } = this.run;
    if (dryRun) {
      // Permission probes of every step run side by side; their results are printed after the previews.
      if (step.probe) this.probes.push({ step, pending: [...pending], outcome: probeAll(step, pending, concurrency) });
      else for (const p of pending) report.results.push({ ...rowsOf(step)(p.region), status: 'would change', ...changesOf(p), ...listingOf(step, p) });
      return;
    }
    if (!host.interactive) {
      this.approved.push(item);
      return;
    }
    const destructive = pending.some((p) => p.plan.changes.some((c) => c.destructive));
    let chosen = item;
    if (!this.yesToAll || destructive || warned) {
      const where = step.scope === 'region' ? t.inRegions(pending.length) : '';
      const choose = destructive && step.scope === 'region' && pending.length > 1 ? { choose: 'regions' as const } : {};
      const decision = await host.confirm({ message: destructive ? t.confirmDelete(s.red, where) : t.confirmApply(where), destructive, ...choose, ...(warned ? { edit: true } : {}) });
      if (decision === 'quit') throw new UserQuit();
      if (decision === 'edit') return 'edit';
      // "Choose regions": the ones not chosen are declined.
      const picked = decision === 'some' ? new Set(await host.pick('regions', pending.map((p) => p.region))) : undefined;
      const declined = decision === 'no' ? pending : picked ? pending.filter((p) => !picked.has(p.region)) : [];
      for (const p of declined) {
        report.results.push({ ...rowsOf(step)(p.region), status: 'skipped', detail: t.declined, changes: [] });
        this.dependencies.refuse(step, p.region, t.declined);
      }
      if (declined.length === pending.length) return;
      if (picked) chosen = { ...item, pending: pending.filter((p) => picked.has(p.region)) };
      if (decision === 'all') this.yesToAll = true;
    }
    await this.apply([chosen]);
  }

  private async reportProbes(): Promise<void> {
    for (const { step, pending, outcome } of this.probes) {
      const denied = printProbes(step, pending, await outcome, this.options.host, this.run.s);
      for (const p of pending) {
        const detail = denied.get(p.region);
        this.run.report.results.push({ ...rowsOf(step)(p.region), status: 'would change', ...changesOf(p), ...listingOf(step, p), ...(detail ? { detail } : {}) });
      }
    }
  }
}

/** A step's title in the report: English, as all machine output (the JSON is the same in every language). */
const titleOf = (step: AnyStep) => withLanguage('en', () => step.title);

const rowsOf: Rows = (step) => (region) => ({ step: step.id, title: titleOf(step), ...(step.scope === 'region' ? { region } : {}), ...(step.organization ? { organization: true as const } : {}) });

/** A plan's change summaries for the report: in English, and as shown when the run is in another language. */
function changesOf(p: Planned): { changes: string[]; changesShown?: string[]; destructive?: true } {
  const changes = p.english.changes.map((c) => c.summary);
  const destructive = p.plan.changes.some((c) => c.destructive) ? { destructive: true as const } : {};
  return language() === 'en' ? { changes, ...destructive } : { changes, changesShown: p.plan.changes.map((c) => c.summary), ...destructive };
}
