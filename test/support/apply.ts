/** Applies a plan's changes in order and takes them back in reverse, as the engine and its undo log do. */
import type { Plan, Step, StepContext, UndoAction } from '../../src/core/step.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StepOf<U extends UndoAction> = Step<any, any, any, U>;

/** The step's own undo records come back typed, ready for its undo and undoDrift. */
export async function applyAll<U extends UndoAction>(step: StepOf<U>, ctx: StepContext, plan: Plan, inputs: unknown): Promise<U[]> {
  const undos: U[] = [];
  for (const change of plan.changes) undos.push(await step.apply(ctx, change, inputs));
  return undos;
}

export async function undoAll<U extends UndoAction>(step: StepOf<U>, ctx: StepContext, undos: readonly U[]): Promise<void> {
  for (const action of [...undos].reverse()) await step.undo!(ctx, action);
}
