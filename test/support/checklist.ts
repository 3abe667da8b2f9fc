/** What a full run on a fresh simulated account should end with, step by step. */
import type { AnyStep } from '../../src/core/step.js';

/**
 * Steps that are done but leave a person something to do: a read-only check's advice, or an
 * email subscription nobody has confirmed yet (the simulation never clicks the link).
 */
const LEAVES_ACTION_FOR_A_PERSON = new Set(['alerts-topic']);

export function endStatus(step: AnyStep): 'changed' | 'action needed' {
  return step.readOnly || LEAVES_ACTION_FOR_A_PERSON.has(step.id) ? 'action needed' : 'changed';
}

/** The steps still not compliant on a second run: those waiting for a person. */
export function waitingForAPerson(steps: readonly AnyStep[]): string[] {
  return steps.filter((step) => endStatus(step) === 'action needed').map((step) => step.id);
}
