/**
 * Making the approved changes: regions at once, changes within a region in order, each
 * recorded in the undo log the moment AWS accepts it, then read again until nothing is left.
 */
import { explainFailure } from '../aws/errors.js';
import type { ResultRow, RunReport } from '../report/render.js';
import type { UndoLogWriter } from '../undo/log.js';
import { inLane } from '../core/lane.js';
import type { StepDependencies } from './needs.js';
import { listingOf, type Planned, type Rows } from './preview.js';
import { runProgress, type ProgressOptions } from './progress.js';
import type { AnyStep, Change, StepContext } from '../core/step.js';
import { language, texts } from '../i18n/index.js';

const en = {
  interrupted: (summary: string) => `interrupted (Ctrl-C) before: ${summary}`,
  waited: (seconds: number) => ` (after waiting ${seconds} s for AWS to catch up)`,
  workLeft: (waited: string, left: readonly string[]) => `applied, but reading again still shows work to do${waited}: ${left.join('; ')}`,
  doneBefore: (done: readonly string[]) => ` (done before the failure: ${done.join('; ')})`,
  applying: (title: string) => `Applying: ${title}`,
};

const t = texts('engine.apply', en, {
  interrupted: (summary: string) => `中断しました (Ctrl-C)。次の変更の前で止めました: ${summary}`,
  waited: (seconds: number) => ` (AWS に反映されるのを ${seconds} 秒待った後)`,
  workLeft: (waited: string, left: readonly string[]) => `適用しましたが、読み直してもまだ作業が残っています${waited}: ${left.join('、')}`,
  doneBefore: (done: readonly string[]) => ` (失敗の前に完了したもの: ${done.join('、')})`,
  applying: (title: string) => `適用中: ${title}`,
});

export interface ApplyOptions extends ProgressOptions {
  /** Aborted on Ctrl-C: no new change starts. */
  readonly signal?: AbortSignal;
  /** Waits between the reads that prove a change took effect (VERIFY_DELAYS_MS unless set). */
  readonly verifyDelaysMs?: readonly number[];
}

/** A step ready to apply: its inputs and, per region, the changes planned. */
export interface Approved {
  readonly step: AnyStep;
  readonly inputs: unknown;
  readonly pending: readonly Planned[];
}

/**
 * Applies approved steps (side by side when there are several): regions at once, changes
 * within a region in order, each recorded in the undo log the moment it succeeds, then read
 * again to prove nothing is left to do.
 */
export async function applySteps(
  options: ApplyOptions,
  approved: readonly Approved[],
  { log, report, rowsOf, dependencies }: { log: UndoLogWriter; report: RunReport; rowsOf: Rows; dependencies: StepDependencies },
): Promise<void> {
  for (const { step, pending } of approved) dependencies.willApply(step, pending.map((p) => p.region));
  const applyRegion = async (item: Approved, p: Planned) => {
    const row = await applyOneRegion(item, p);
    dependencies.applied(item.step, p.region, row.status === 'failed' || row.status === 'skipped' ? (row.detail ?? row.status) : undefined);
    if (row.status === 'failed') throw new Error(row.detail);
  };
  const applyOneRegion = async ({ step, inputs }: Approved, p: Planned): Promise<ResultRow> => {
    // The report's change summaries are in English; the summary shows them in the run's language.
    const shown: string[] = [];
    const row: ResultRow = { ...rowsOf(step)(p.region), status: 'changed', changes: [], ...(language() === 'en' ? {} : { changesShown: shown }), ...listingOf(step, p) };
    report.results.push(row);
    // Side by side, a step starts in a region once what it builds on is done there.
    const blocked = await dependencies.ready(step, p.region);
    if (blocked) {
      row.status = 'skipped';
      row.detail = blocked;
      return row;
    }
    const applyChange = async (change: Change, index: number): Promise<boolean> => {
      if (options.signal?.aborted) {
        row.status = row.changes.length ? 'changed' : 'skipped';
        row.detail = t.interrupted(change.summary);
        return false;
      }
      const undo = await step.apply(p.ctx, change, inputs);
      log.change({ step: step.id, region: p.region, summary: change.summary, before: change.before, after: change.after, undo });
      await log.onDisk();
      row.changes.push(p.english.changes[index]?.summary ?? change.summary);
      shown.push(change.summary);
      return true;
    };
    try {
      const changes = p.plan.changes as readonly Change[];
      if (p.plan.independent) {
        // Side by side; every change in flight finishes and is recorded before a failure is reported.
        const outcomes = await Promise.allSettled(changes.map(applyChange));
        const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failed) throw failed.reason;
        if (outcomes.some((o) => o.status === 'fulfilled' && !o.value)) return row;
      } else {
        for (const [index, change] of changes.entries()) if (!(await applyChange(change, index))) return row;
      }
      // The step's own proof: read again, and nothing may be left to do.
      const { left, waitedMs, advice } = await workLeftAfterApply(step, p.ctx, inputs, options.verifyDelaysMs ?? VERIFY_DELAYS_MS);
      if (left.length) {
        row.status = 'failed';
        row.detail = t.workLeft(waitedMs ? t.waited(Math.round(waitedMs / 100) / 10) : '', left);
      } else if (advice.length) {
        // Done, but a person still has something to do (confirm a subscription email, say).
        row.status = 'action needed';
        row.detail = advice.join(' ');
      }
    } catch (error) {
      row.status = 'failed';
      row.detail = `${explainFailure(error, p.region)}${shown.length ? t.doneBefore(shown) : ''}`;
    }
    return row;
  };
  await runProgress(
    options,
    approved.map((item) => ({
      title: t.applying(item.step.title),
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
 * catches up; what is still planned after the last read is what was not done. Advice in the
 * last plan is what a person must still do.
 */
async function workLeftAfterApply(
  step: AnyStep,
  ctx: StepContext,
  inputs: unknown,
  delaysMs: readonly number[],
): Promise<{ left: string[]; waitedMs: number; advice: readonly string[] }> {
  let waitedMs = 0;
  for (let attempt = 0; ; attempt++) {
    const plan = step.plan(await step.observe(ctx), inputs, ctx);
    const left = plan.changes.map((c) => c.summary);
    if (!left.length || attempt === delaysMs.length) return { left, waitedMs, advice: plan.advice ?? [] };
    await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    waitedMs += delaysMs[attempt]!;
  }
}
