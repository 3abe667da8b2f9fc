/**
 * `aws-bootstrap permissions` prints the policy a mode needs. Every call the simulated account
 * records in a full run, a plan and an undo must be allowed by the policy printed for that mode,
 * so the printed policy cannot drift from what the code calls.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import guardduty from '../../steps/guardduty.js';
import { checklist } from '../../steps/index.js';
import { iamActionFor } from '../../src/aws/clients.js';
import { loadConfigFile } from '../../src/config.js';
import { allows, policyFor, policySize, stepActions, type PermissionMode, type PolicyDocument } from '../../src/permissions.js';
import { SimulatedAccount, type SimCall } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

/** The calls a policy does not allow, as "service:Action", once each. */
const refused = (policy: PolicyDocument, calls: readonly SimCall[]) => [...new Set(calls.map((c) => iamActionFor(c.service, c.action)).filter((action) => !allows(policy, action)))].sort();

describe('the printed policy allows every call of its mode', async () => {
  const sim = new SimulatedAccount(freshAccountState());
  const run = await runAgainst(sim, { config });
  const runCalls = sim.calls.slice();
  await undoAgainst(sim, run.undoLogPath);
  const undoCalls = sim.calls.slice(runCalls.length);
  const planned = new SimulatedAccount(freshAccountState());
  await runAgainst(planned, { config, dryRun: true });
  const callsOf: Record<PermissionMode, readonly SimCall[]> = { run: runCalls, plan: planned.calls, undo: undoCalls };

  for (const mode of ['run', 'plan', 'undo'] as const) {
    it(`${mode}: ${callsOf[mode].length} calls, all allowed`, () => {
      expect(callsOf[mode].length).toBeGreaterThan(10);
      expect(refused(policyFor(checklist, mode), callsOf[mode])).toEqual([]);
    });
  }

  it('a plan policy allows no change (only reads and EC2 DryRun probes)', () => {
    const writes = policyFor(checklist, 'plan').Statement.flatMap((s) => s.Action).filter((a) => !/:(Get|List|Describe|Search|Lookup|View)/.test(a));
    expect(writes.every((action) => action.startsWith('ec2:'))).toBe(true);
  });

  it('a policy missing one action the run calls is caught (the check can fail)', () => {
    const policy = policyFor(checklist, 'run');
    const trimmed: PolicyDocument = { ...policy, Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== 'guardduty:CreateDetector') })) };
    expect(refused(trimmed, runCalls)).toEqual(['guardduty:CreateDetector']);
  });
});

describe('the policy for chosen steps', () => {
  it('names the engine calls and the step, with its actions by name', () => {
    const policy = policyFor([guardduty], 'run');
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['AwsBootstrapEngine', 'Guardduty']);
    expect(policy.Statement[0]!.Action).toEqual(['account:ListRegions', 'ec2:DescribeRegions', 'sts:GetCallerIdentity']);
    expect(policy.Statement[1]!.Action).toEqual(stepActions(guardduty, 'run'));
    expect(policy.Statement[1]!.Action).toContain('guardduty:CreateDetector');
    expect(policyFor([guardduty], 'undo').Statement[1]!.Action).toContain('guardduty:DeleteDetector');
    expect(policyFor([guardduty], 'plan').Statement[1]!.Action).not.toContain('guardduty:CreateDetector');
  });

  it('the whole checklist fits one inline role policy', () => {
    for (const mode of ['run', 'plan', 'undo'] as const) expect(policySize(policyFor(checklist, mode))).toBeLessThan(10_240);
  });
});
