/** Applies a plan's changes in order and takes them back in reverse, as the engine and its undo log do. */
import type { AnyStep, Plan, StepContext, UndoAction } from '../../src/core/step.js';

export async function applyAll(step: AnyStep, ctx: StepContext, plan: Plan, inputs: unknown): Promise<UndoAction[]> {
  const undos: UndoAction[] = [];
  for (const change of plan.changes) undos.push(await step.apply(ctx, change, inputs));
  return undos;
}

export async function undoAll(step: AnyStep, ctx: StepContext, undos: readonly UndoAction[]): Promise<void> {
  for (const action of [...undos].reverse()) await step.undo!(ctx, action);
}
