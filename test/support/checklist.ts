/** What a full run on a fresh simulated account should end with, step by step. */
import type { AnyStep } from '../../src/core/step.js';

/**
 * Steps that are done but leave a person something to do: a read-only check's advice, or an
 * email subscription nobody has confirmed yet (the simulation never clicks the link).
 */
const LEAVES_ACTION_FOR_A_PERSON = new Set(['alerts-topic', 'root-account-security']);

/**
 * A fresh account's root user has no MFA (root-account-security advises); the other read-only
 * checks find nothing there: a fresh account has no users, keys, roles, open groups or public buckets.
 */
export function endStatus(step: AnyStep): 'changed' | 'action needed' | 'compliant' {
  if (LEAVES_ACTION_FOR_A_PERSON.has(step.id)) return 'action needed';
  return step.readOnly ? 'compliant' : 'changed';
}

/** The steps still not compliant on a second run: those waiting for a person. */
export function waitingForAPerson(steps: readonly AnyStep[]): string[] {
  return steps.filter((step) => endStatus(step) === 'action needed').map((step) => step.id);
}
