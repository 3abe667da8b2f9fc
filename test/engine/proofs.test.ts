/**
 * The engine's own promises, each held by a test that fails when the code keeping it is
 * broken: the read after applying, the bounded wait for eventually consistent reads, undo
 * stopping within a resource after a failure, and a DryRun probe that was not a dry run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import s3 from '../../steps/s3-block-public-access.js';
import { dryRunProbe } from '../../src/aws/dry-run.js';
import { runUndo } from '../../src/engine/undo.js';
import { defineStep, type AnyStep, type UndoAction } from '../../src/core/step.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, ScriptedHost, tempDir } from '../support/wizard.js';

/**
 * A step over a toy resource kept in the test: "switches" that should all be on. `broken`
 * makes apply report success without doing anything; `failUndoOf` makes undoing that switch fail.
 */
function switchesStep(world: { on: Set<string>; undoCalls: string[]; broken?: boolean; failUndoOf?: string; probe?: () => Promise<unknown> }) {
  const wanted = ['a', 'b'];
  return defineStep<Set<string>, undefined, string>({
    id: 'switches',
    title: 'Every switch is on',
    why: 'A test step.',
    scope: 'account',
    permissions: { observe: [], apply: [], undo: [] },
    async observe() {
      return new Set(world.on);
    },
    plan(state) {
      return { changes: wanted.filter((w) => !state.has(w)).map((w) => ({ summary: `Turn ${w} on`, before: 'off', after: 'on', payload: w })) };
    },
    async apply(_ctx, change): Promise<UndoAction> {
      if (!world.broken) world.on.add(change.payload);
      return { kind: 'turn-off', description: `Turn ${change.payload} off`, name: change.payload };
    },
    ...(world.probe
      ? { probe: async (_ctx: unknown, change: { payload: string }) => [await dryRunProbe('ec2:TurnOn', change.payload, world.probe!)] }
      : {}),
    async undo(_ctx, action) {
      world.undoCalls.push(action.name as string);
      if (action.name === world.failUndoOf) throw Object.assign(new Error('refused'), { name: 'AccessDeniedException' });
      world.on.delete(action.name as string);
    },
  }) as AnyStep;
}

describe('the read after applying', () => {
  it('fails the step when AWS accepted the change but reading again still shows work to do', async () => {
    const world = { on: new Set<string>(), undoCalls: [], broken: true };
    const { report } = await runAgainst(new SimulatedAccount(), { steps: [switchesStep(world)] });
    expect(report.results).toEqual([
      expect.objectContaining({ step: 'switches', status: 'failed', detail: expect.stringMatching(/^applied, but reading again still shows work to do .*: Turn a on; Turn b on$/) }),
    ]);
    expect(report.exitCode).toBe(1);
  });

  it('waits for eventually consistent reads instead of reporting a false failure', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { consistency: { services: ['s3control'], staleReads: 2 } });
    const { report } = await runAgainst(sim, { steps: [s3] });
    expect(report.results).toEqual([expect.objectContaining({ step: 's3-block-public-access', status: 'changed' })]);
    // The first read, two reads that still see the old state, and the one that proves it.
    expect(sim.calls.filter((c) => c.action === 'GetPublicAccessBlock')).toHaveLength(4);
  });

  it('gives up after a bounded wait and says so', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { consistency: { services: ['s3control'], staleReads: 100 } });
    const { report } = await runAgainst(sim, { steps: [s3], verifyDelaysMs: [1, 2] });
    expect(report.results[0]).toMatchObject({ status: 'failed', detail: expect.stringContaining('reading again still shows work to do (after waiting 0 s for AWS to catch up)') });
    expect(sim.calls.filter((c) => c.action === 'GetPublicAccessBlock')).toHaveLength(4);
  });
});

describe('what a person must still do after a change', () => {
  it('a step that is applied but still advises (an email to confirm) ends as action needed, with the advice', async () => {
    const world = { on: new Set<string>(), undoCalls: [] as string[] };
    const base = switchesStep(world);
    const advising: AnyStep = { ...base, plan: (state, inputs, ctx) => ({ ...base.plan(state, inputs, ctx), advice: ['Confirm the email sent to a@example.com.'] }) };
    const { report } = await runAgainst(new SimulatedAccount(), { steps: [advising] });
    expect(report.results).toEqual([expect.objectContaining({ status: 'action needed', detail: 'Confirm the email sent to a@example.com.', changes: ['Turn a on', 'Turn b on'] })]);
    expect(report.exitCode).toBe(0);
  });
});

describe('undo within one step and region', () => {
  it('does not try older changes after undoing a newer one failed', async () => {
    const world = { on: new Set<string>(), undoCalls: [] as string[], failUndoOf: 'b' };
    const step = switchesStep(world);
    const logPath = join(tempDir(), 'undo.jsonl');
    await runAgainst(new SimulatedAccount(), { steps: [step], undoLogPath: logPath });
    expect([...world.on]).toEqual(['a', 'b']);
    const report = await runUndo({
      allSteps: [step],
      clients: simulatedClients(new SimulatedAccount()),
      homeRegion: 'us-east-1',
      logPath,
      dryRun: false,
      force: false,
      concurrency: 8,
      host: new ScriptedHost(false),
      demo: true,
    });
    // Newest first: b failed, so a (which b was built on) was left alone.
    expect(world.undoCalls).toEqual(['b']);
    expect(report.results.map((r) => [r.title, r.status, r.detail])).toEqual([
      ['Turn b on', 'failed', expect.stringContaining('refused')],
      ['Turn a on', 'skipped', 'not tried: undoing a newer change of the same step and region failed'],
    ]);
    expect(readUndoLog(logPath).records.filter((r) => r.type === 'undone')).toEqual([]);
  });
});

describe('independent changes', () => {
  /** The switches step, its changes marked independent, counting applies in flight at once. */
  function independentSwitches(world: { on: Set<string>; undoCalls: string[] }, failOn?: string) {
    const base = switchesStep(world);
    const flight = { now: 0, most: 0 };
    const step: AnyStep = {
      ...base,
      plan: (state, inputs, ctx) => ({ ...base.plan(state, inputs, ctx), independent: true }),
      apply: async (ctx, change, inputs) => {
        flight.most = Math.max(flight.most, ++flight.now);
        await new Promise((resolve) => setTimeout(resolve, 10));
        flight.now--;
        if (change.payload === failOn) throw Object.assign(new Error('refused'), { name: 'AccessDeniedException' });
        return base.apply(ctx, change, inputs);
      },
    };
    return { step, flight };
  }

  it('are made side by side, each recorded', async () => {
    const world = { on: new Set<string>(), undoCalls: [] as string[] };
    const { step, flight } = independentSwitches(world);
    const { report, undoLogPath } = await runAgainst(new SimulatedAccount(), { steps: [step] });
    expect(flight.most).toBe(2);
    expect(report.results[0]).toMatchObject({ status: 'changed' });
    expect(readUndoLog(undoLogPath).records.filter((r) => r.type === 'change')).toHaveLength(2);
  });

  it('one failing: the others still finish and are recorded, and the step fails naming it', async () => {
    const world = { on: new Set<string>(), undoCalls: [] as string[] };
    const { step } = independentSwitches(world, 'a');
    const { report, undoLogPath } = await runAgainst(new SimulatedAccount(), { steps: [step] });
    expect([...world.on]).toEqual(['b']);
    expect(readUndoLog(undoLogPath).records.filter((r) => r.type === 'change').map((r) => (r as { summary: string }).summary)).toEqual(['Turn b on']);
    expect(report.results[0]).toMatchObject({ status: 'failed', detail: expect.stringMatching(/refused.*done before the failure: Turn b on/) });
  });
});

describe('an undo that destroys something', () => {
  it('is asked for on its own, with No as the default, even after "all"', async () => {
    const world = { on: new Set<string>(), undoCalls: [] as string[] };
    const base = switchesStep(world);
    // Taking "a" back is destructive (think: disabling Security Hub deletes its findings).
    const step: AnyStep = { ...base, apply: async (ctx, change, inputs) => ({ ...(await base.apply(ctx, change, inputs)), ...(change.payload === 'a' ? { destructive: true } : {}) }) };
    const logPath = join(tempDir(), 'undo.jsonl');
    await runAgainst(new SimulatedAccount(), { steps: [step], undoLogPath: logPath });
    const host = new ScriptedHost(true, {}, ['all', 'no']);
    const report = await runUndo({ allSteps: [step], clients: simulatedClients(new SimulatedAccount()), homeRegion: 'us-east-1', logPath, dryRun: false, force: false, concurrency: 8, host, demo: true });
    expect(host.confirmations.map((c) => c.destructive)).toEqual([false, true]);
    expect(host.confirmations[1]!.message).toMatch(/Turn a off\?.*cannot be taken back/);
    expect(world.undoCalls).toEqual(['b']);
    expect(report.results.map((r) => [r.title, r.status])).toEqual([['Turn b on', 'undone'], ['Turn a on', 'skipped']]);
  });
});

describe('DryRun permission probes', () => {
  it('a call that was answered as if carried out is never counted as allowed', async () => {
    await expect(dryRunProbe('ec2:DeleteVpc', 'vpc-1', async () => ({}))).rejects.toThrow(/not answered as a dry run .*may have been carried out/);
  });

  it('the plan reports such a probe as a failed permission check, not as "every call would succeed"', async () => {
    const world = { on: new Set<string>(), undoCalls: [], probe: async () => ({ Return: true }) };
    const { report, output } = await runAgainst(new SimulatedAccount(), { steps: [switchesStep(world)], dryRun: true });
    expect(output).not.toContain('every call would succeed');
    expect(report.results[0]).toMatchObject({ status: 'would change', detail: expect.stringContaining('permission check failed') });
  });
});
