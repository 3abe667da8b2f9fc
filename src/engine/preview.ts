/**
 * What a person sees of one step before deciding: what was found, what would change (grouped
 * by region), notes, skips and advice. Records the rows that need no decision.
 */
import { renderChange, renderRegionalChanges, styles, type ResultRow, type RunReport } from '../report/render.js';
import type { Host } from './host.js';
import type { Observed } from './observe.js';
import type { AnyStep, Plan, StepContext } from '../core/step.js';

/** One step's plan in one region, with the context to apply it. */
export interface Planned {
  readonly region: string;
  readonly ctx: StepContext;
  readonly plan: Plan;
}

/** The report rows of a step, per region. */
export type Rows = (step: AnyStep) => (region: string) => Pick<ResultRow, 'step' | 'title' | 'region'>;

export interface Presenter {
  readonly host: Host;
  readonly s: ReturnType<typeof styles>;
  readonly report: RunReport;
  readonly regionCount: number;
  /** The context a step plans and applies with in a region (with what its prerequisites provide). */
  readonly context: (step: AnyStep, region: string) => StepContext;
  /** Why the step cannot be planned in a region (a prerequisite is not done there), if so. */
  readonly blocked: (step: AnyStep, region: string) => string | undefined;
  readonly rowsOf: Rows;
}

/**
 * Plans a step in every region it could be read in, prints what was found and what would
 * change, and records the rows that need no decision. Returns every region's plan, and the
 * regions with changes pending.
 */
export function presentStep(
  { host, s, report, regionCount, context, blocked, rowsOf }: Presenter,
  step: AnyStep,
  inputs: unknown,
  readable: readonly Observed[],
  whyShown: boolean,
): { planned: Planned[]; pending: Planned[] } {
  const rows = rowsOf(step);
  const where = (region: string) => (step.scope === 'region' ? `${region}: ` : '');
  const planned: Planned[] = [];
  for (const o of readable) {
    const ctx = context(step, o.region);
    const skipped = blocked(step, o.region);
    try {
      planned.push({ region: o.region, ctx, plan: skipped ? { changes: [], skipped } : step.plan(o.state, inputs, ctx) });
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
      // With changes pending, the row comes from applying them (or from declining).
      if (!p.plan.changes.length) report.results.push({ ...rows(p.region), status: 'action needed', detail: p.plan.advice.join(' '), changes: [] });
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
  const regional = step.scope === 'region';
  const notes = notesByText(planned);
  // Each distinct note once; in region steps, with the regions it applies to unless that is all of them.
  for (const [note, where] of notes) host.print(s.dim(`  ${regional && where.length < regionCount ? `${where.join(', ')}: ${note}` : note}`));
  if (notes.size) (report.notes ??= []).push(...[...notes].map(([note, where]) => ({ step: step.id, ...(regional ? { regions: where } : {}), note })));
  return { planned, pending };
}

/** Each distinct note, with the regions whose plans have it. */
function notesByText(planned: readonly Planned[]): Map<string, string[]> {
  const byNote = new Map<string, string[]>();
  for (const p of planned) for (const note of p.plan.notes ?? []) byNote.set(note, [...(byNote.get(note) ?? []), p.region]);
  return byNote;
}
