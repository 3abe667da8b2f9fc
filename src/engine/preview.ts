/**
 * What a person sees of one step before deciding: what was found, what would change (grouped
 * by region), notes, skips and advice. Records the rows that need no decision.
 */
import { renderChange, renderRegionalChanges, styles, type ResultRow, type RunReport } from '../report/render.js';
import { layoutColumns, type Host } from './host.js';
import type { Observed } from './observe.js';
import type { AnyStep, Plan, StepContext } from '../core/step.js';
import { language, texts, withLanguage } from '../i18n/index.js';

const en = {
  planningFailed: (why: string) => `planning failed: ${why}`,
  skipped: '- skipped',
  compliant: '✓ already compliant',
  inRegions: (n: number) => ` in ${n} region${n > 1 ? 's' : ''}`,
  where: (regions: readonly string[], text: string) => `${regions.join(', ')}: ${text}`,
};

const t = texts('engine.preview', en, {
  planningFailed: (why: string) => `計画を立てられませんでした: ${why}`,
  skipped: '- スキップ',
  compliant: '✓ すでに準拠しています',
  inRegions: (n: number) => ` (${n} リージョン)`,
  where: (regions: readonly string[], text: string) => `${regions.join(', ')}: ${text}`,
});

/** One step's plan in one region, with the context to apply it. */
export interface Planned {
  readonly region: string;
  readonly ctx: StepContext;
  readonly plan: Plan;
  /**
   * The same plan with its texts in English, for the report (machine output is the same in every
   * language). Plans are pure, so planning again in English gives the same changes in the same
   * order; in an English run it is `plan` itself.
   */
  readonly english: Plan;
}

/** What a change takes away, item by item and in English, for a step with a compact preview (`ResultRow.listing`). */
export function listingOf(step: AnyStep, p: Planned): { listing?: string[] } {
  if (!step.preview) return {};
  return { listing: p.english.changes.flatMap((c) => (Array.isArray(c.before) ? c.before.map(String) : [String(c.before)])) };
}

/** The plan, and the same plan in English (planned again only when the run is in another language). */
export function planBoth(plan: () => Plan): { plan: Plan; english: Plan } {
  const shown = plan();
  return { plan: shown, english: language() === 'en' ? shown : withLanguage('en', plan) };
}

/** The report rows of a step, per region. */
export type Rows = (step: AnyStep) => (region: string) => Pick<ResultRow, 'step' | 'title' | 'region' | 'organization'>;

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
  /** `--verbose`: every change in full, even where the step has a compact preview. */
  readonly verbose?: boolean;
}

/**
 * Plans a step in every region it could be read in, prints what was found and what would
 * change, and records the rows that need no decision. Returns every region's plan, and the
 * regions with changes pending.
 */
export function presentStep(
  { host, s, report, regionCount, context, blocked, rowsOf, verbose }: Presenter,
  step: AnyStep,
  inputs: unknown,
  readable: readonly Observed[],
  whyShown: boolean,
): { planned: Planned[]; pending: Planned[] } {
  const rows = rowsOf(step);
  const where = (region: string, text: string) => (step.scope === 'region' ? t.where([region], text) : text);
  const planned: Planned[] = [];
  for (const o of readable) {
    const ctx = context(step, o.region);
    const skipped = blocked(step, o.region);
    try {
      const plans = skipped ? { plan: { changes: [], skipped }, english: { changes: [], skipped } } : planBoth(() => step.plan(o.state, inputs, ctx));
      planned.push({ region: o.region, ctx, ...plans });
    } catch (error) {
      report.results.push({ ...rows(o.region), status: 'failed', detail: t.planningFailed((error as Error).message), changes: [] });
    }
  }
  for (const p of planned) {
    if (p.plan.skipped) {
      host.print(`  ${s.yellow(t.skipped)} ${where(p.region, p.plan.skipped)}`);
      report.results.push({ ...rows(p.region), status: 'skipped', detail: p.plan.skipped, changes: [] });
    } else if (p.plan.advice?.length) {
      for (const advice of p.plan.advice) host.print(`  ${s.yellow('!')} ${where(p.region, advice)}`);
      // With changes pending, the row comes from applying them (or from declining).
      // A check's findings are named in the summary; how to fix each is in the preview above and in the JSON.
      const detail = p.plan.findings?.length ? p.plan.findings.filter((f) => f.severity !== 'info').map((f) => f.what).join(' ') : p.plan.advice.join(' ');
      if (!p.plan.changes.length) report.results.push({ ...rows(p.region), status: 'action needed', detail, changes: [], ...findingsOf(rows(p.region), p) });
    } else if (!p.plan.changes.length) {
      // Findings that are information only (nothing to fix now) leave the step compliant; the row says what they are.
      const info = p.plan.findings?.length ? { detail: p.plan.findings.map((f) => f.what).join(' '), ...findingsOf(rows(p.region), p) } : {};
      report.results.push({ ...rows(p.region), status: 'compliant', changes: [], ...info });
    }
  }
  const pending = planned.filter((p) => p.plan.changes.length && !p.plan.skipped);
  if (pending.length) {
    if (!whyShown) host.print(`  ${s.dim(step.why)}`);
    host.print(
      step.preview && !verbose
        ? step.preview(pending.map((p) => ({ region: p.region, plan: p.plan })), layoutColumns(host.out))
        : step.scope === 'region'
        ? renderRegionalChanges(pending.map((p) => ({ region: p.region, changes: p.plan.changes })), s)
        : pending.flatMap((p) => p.plan.changes.map((c) => renderChange(c, s))).join('\n'),
    );
  } else {
    const compliant = planned.filter((p) => !p.plan.changes.length && !p.plan.skipped && !p.plan.advice?.length).length;
    if (compliant) host.print(`  ${s.green(t.compliant)}${step.scope === 'region' ? t.inRegions(compliant) : ''}`);
  }
  const regional = step.scope === 'region';
  const notes = notesByText(planned);
  // Each distinct note once; in region steps, with the regions it applies to unless that is all of them.
  for (const [note, { regions }] of notes) host.print(s.dim(`  ${regional && regions.length < regionCount ? t.where(regions, note) : note}`));
  // The report has them in English.
  if (notes.size) (report.notes ??= []).push(...[...notes.values()].map(({ regions, english }) => ({ step: step.id, ...(regional ? { regions } : {}), note: english })));
  return { planned, pending };
}

/** A plan's findings for the report: in English, each with its step and region. */
function findingsOf(row: Pick<ResultRow, 'step' | 'region'>, p: Planned): { findings?: ResultRow['findings'] } {
  const findings = p.english.findings ?? [];
  return findings.length ? { findings: findings.map((f) => ({ step: row.step, ...(row.region ? { region: row.region } : {}), ...f })) } : {};
}

/** Each distinct note, with the regions whose plans have it and its English text. */
function notesByText(planned: readonly Planned[]): Map<string, { regions: string[]; english: string }> {
  const byNote = new Map<string, { regions: string[]; english: string }>();
  for (const p of planned) {
    for (const [i, note] of (p.plan.notes ?? []).entries()) {
      const entry = byNote.get(note) ?? { regions: [], english: p.english.notes?.[i] ?? note };
      entry.regions.push(p.region);
      byNote.set(note, entry);
    }
  }
  return byNote;
}
