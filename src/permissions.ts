/**
 * `aws-bootstrap permissions`: the least IAM policy a run needs, built from what each step
 * declares (`Step.permissions`) for the chosen mode, plus the engine's own calls. Every action
 * is listed by name (no wildcards), so the policy says exactly what the tool may do.
 */
import type { AnyStep } from './core/step.js';

/** What the policy is for: applying (`run`), previewing (`plan`) or taking a run back (`undo`). */
export type PermissionMode = 'run' | 'plan' | 'undo';

export const PERMISSION_MODES: readonly PermissionMode[] = ['run', 'plan', 'undo'];

/**
 * The engine's own calls, made outside any step: who is calling, and which regions are enabled
 * (account:ListRegions, or ec2:DescribeRegions when that is denied).
 */
export const ENGINE_ACTIONS: readonly string[] = ['sts:GetCallerIdentity', 'account:ListRegions', 'ec2:DescribeRegions'];

/**
 * The actions a step needs in a mode. A dry run reads, and proves EC2 changes with `DryRun`
 * (which IAM authorises as the change itself); undo reads (to see what changed since) and takes
 * changes back.
 */
export function stepActions(step: AnyStep, mode: PermissionMode): string[] {
  const { observe, apply, undo = [] } = step.permissions;
  const probes = step.probe ? apply.filter((action) => action.startsWith('ec2:')) : [];
  const actions = mode === 'run' ? [...observe, ...apply] : mode === 'plan' ? [...observe, ...probes] : [...observe, ...undo];
  return [...new Set(actions)].sort();
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: '*';
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

/** A statement id: letters and digits only, as IAM requires. */
function sid(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}

/**
 * The policy document for these steps in this mode: one statement for the engine, then one per
 * step (so a reader sees which step needs what). Resources are `*`: the names are inputs, and
 * several of the calls (list and describe calls, account settings) take no resource at all.
 */
export function policyFor(steps: readonly AnyStep[], mode: PermissionMode): PolicyDocument {
  const statements: PolicyStatement[] = [{ Sid: 'AwsBootstrapEngine', Effect: 'Allow', Action: [...ENGINE_ACTIONS].sort(), Resource: '*' }];
  for (const step of steps) {
    const actions = stepActions(step, mode);
    if (actions.length) statements.push({ Sid: sid(step.id), Effect: 'Allow', Action: actions, Resource: '*' });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Whether the policy allows an action (every action is listed by name). */
export function allows(policy: PolicyDocument, action: string): boolean {
  return policy.Statement.some((statement) => statement.Action.includes(action));
}

/**
 * IAM's size limit for a customer managed policy, counted without white space: a larger policy
 * must be split over several policies (or used inline on a role, up to 10,240).
 */
export const MANAGED_POLICY_LIMIT = 6144;

export function policySize(policy: PolicyDocument): number {
  return JSON.stringify(policy).length;
}
