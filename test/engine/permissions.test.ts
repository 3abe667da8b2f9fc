/**
 * Declared permissions match the calls: a full run with the example config, a dry run and an
 * undo against the simulated account, and every recorded call's IAM action must be declared by
 * the step whose lane made it, for the phase it was made in. These lists become a policy, so a
 * call a step forgot to declare fails here.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { iamActionFor } from '../../src/aws/clients.js';
import { loadConfigFile } from '../../src/config.js';
import type { AnyStep } from '../../src/core/step.js';
import { SimulatedAccount, type SimCall } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

/** The engine's own calls, made outside any step: who we are, and which regions are enabled. */
const ENGINE_ACTIONS = ['sts:GetCallerIdentity', 'account:ListRegions', 'ec2:DescribeRegions'];

/** What a step may call in one phase of the wizard. */
type Allowed = (step: AnyStep, call: SimCall) => readonly string[];

const isDryRunProbe = (call: SimCall) => (call.input as { DryRun?: unknown } | undefined)?.DryRun === true;

const runPhase: Allowed = (step) => [...step.permissions.observe, ...step.permissions.apply];
// A dry run only reads; its EC2 DryRun probes are checked against the permission the change needs.
const planPhase: Allowed = (step, call) => (isDryRunProbe(call) ? step.permissions.apply : step.permissions.observe);
// Undo reads the resource (to see whether it changed since) and takes the change back.
const undoPhase: Allowed = (step) => [...step.permissions.observe, ...(step.permissions.undo ?? [])];

/** Every call whose IAM action is not declared where it was made, as "<lane>: <action>", once each. */
function undeclared(calls: readonly SimCall[], allowed: Allowed): string[] {
  const steps = new Map(checklist.map((step) => [step.id, step]));
  const problems = calls.flatMap((call) => {
    const action = iamActionFor(call.service, call.action);
    if (!call.lane) return ENGINE_ACTIONS.includes(action) ? [] : [`(no step): ${action}`];
    const step = steps.get(call.lane.split('@')[0]!);
    if (!step) return [`${call.lane}: ${action} (no such step)`];
    return allowed(step, call).includes(action) ? [] : [`${step.id}: ${action}${isDryRunProbe(call) ? ' (DryRun)' : ''}`];
  });
  return [...new Set(problems)].sort();
}

describe('every call is declared by the step that makes it', async () => {
  const sim = new SimulatedAccount(freshAccountState());
  const run = await runAgainst(sim, { config });
  const runCalls = sim.calls.slice();
  await undoAgainst(sim, run.undoLogPath);
  const undoCalls = sim.calls.slice(runCalls.length);

  it('the run and its undo did their work (so the calls below are the real ones)', () => {
    expect(run.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(undoCalls.some((c) => c.mutating)).toBe(true);
  });

  it('a full run: observe and apply calls are in observe ∪ apply', () => {
    expect(runCalls.filter((c) => c.lane).length).toBeGreaterThan(0);
    expect(undeclared(runCalls, runPhase)).toEqual([]);
  });

  it('a dry run: reads are in observe, DryRun probes in apply', async () => {
    const planned = new SimulatedAccount(freshAccountState());
    const { report } = await runAgainst(planned, { config, dryRun: true });
    expect(report.exitCode).toBe(2);
    expect(planned.calls.some(isDryRunProbe)).toBe(true);
    expect(undeclared(planned.calls, planPhase)).toEqual([]);
  });

  it('DryRun probes report each call under the IAM action it makes, one the step declares for apply', async () => {
    const probing = checklist.filter((step) => step.probe);
    expect(probing.length).toBeGreaterThan(0);
    for (const step of probing) {
      const probed = new SimulatedAccount(freshAccountState());
      const region = step.scope === 'region' ? 'eu-west-1' : 'us-east-1';
      const ctx = { accountId: probed.state.accountId, partition: 'aws', region, dryRun: true, aws: simulatedClients(probed).forRegion(region) };
      const inputs = step.inputs ? step.inputs.schema.parse(config[step.id] ?? {}) : {};
      const { changes } = step.plan(await step.observe(ctx), inputs, ctx);
      const before = probed.calls.length;
      const reported = (await Promise.all(changes.map((change) => step.probe!(ctx, change)))).flat().map((r) => r.action);
      const made = probed.calls.slice(before).filter(isDryRunProbe).map((c) => iamActionFor(c.service, c.action));
      expect(reported.length, step.id).toBeGreaterThan(0);
      expect(reported.sort(), step.id).toEqual(made.sort());
      expect(reported.filter((action) => !step.permissions.apply.includes(action)), step.id).toEqual([]);
    }
  });

  it('an undo: its reads and its calls are in observe ∪ undo, each in its step\'s lane', () => {
    expect(undoCalls.filter((c) => !c.lane).map((c) => iamActionFor(c.service, c.action))).toEqual(['sts:GetCallerIdentity']);
    expect(undeclared(undoCalls, undoPhase)).toEqual([]);
  });

  it('the engine\'s own calls, outside any step, are only identity and region discovery, with ListRegions denied too', async () => {
    const denied = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'account', action: 'ListRegions', code: 'AccessDeniedException', status: 403 }] });
    await runAgainst(denied, { config, dryRun: true });
    const engineCalls = [...runCalls, ...denied.calls].filter((c) => !c.lane).map((c) => iamActionFor(c.service, c.action));
    expect([...new Set(engineCalls)].sort()).toEqual([...ENGINE_ACTIONS].sort());
  });
});
