/**
 * Steps that build on other steps: previewed against what the prerequisite will create, applied
 * after it, skipped with the reason where it is not done, undone before it.
 */
import { describe, expect, it } from 'vitest';
import { defineStep, type AnyStep, type UndoAction } from '../../src/core/step.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, ScriptedHost, undoAgainst } from '../support/wizard.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

/** A toy account: one topic (account-wide, in the home region) and a rule per region sending to it. */
interface World {
  topic?: string;
  rules: Map<string, string>;
  /** The order things were made in. */
  made: string[];
  failRuleIn?: string;
  failTopic?: boolean;
  /** The order things were taken back in. */
  undone?: string[];
}

function steps(world: World): AnyStep[] {
  const topic = defineStep<{ topic?: string }, undefined, string>({
    id: 'topic',
    title: 'Alerts have a topic',
    why: 'test',
    scope: 'account',
    permissions: { observe: [], apply: [] },
    async observe() {
      return { ...(world.topic ? { topic: world.topic } : {}) };
    },
    plan(state, _inputs, ctx) {
      return state.topic ? { changes: [] } : { changes: [{ summary: 'Create the topic', before: 'none', after: 'alerts', payload: `arn:aws:sns:${ctx.region}:${ctx.accountId}:alerts` }] };
    },
    provides(state, _inputs, ctx) {
      return { topicArn: state.topic ?? `arn:aws:sns:${ctx.region}:${ctx.accountId}:alerts` };
    },
    async apply(_ctx, change): Promise<UndoAction> {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (world.failTopic) throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      world.topic = change.payload;
      world.made.push('topic');
      return { kind: 'delete-topic', description: 'Delete the topic' };
    },
    async undo() {
      delete world.topic;
      (world.undone ??= []).push('topic');
    },
  });
  const rules = defineStep<{ target?: string }, undefined, string>({
    id: 'rules',
    title: 'Every region sends to the topic',
    why: 'test',
    scope: 'region',
    needs: ['topic'],
    permissions: { observe: [], apply: [] },
    async observe(ctx) {
      const target = world.rules.get(ctx.region);
      return target ? { target } : {};
    },
    plan(state, _inputs, ctx) {
      const { topicArn } = ctx.provided!.topic as { topicArn: string };
      return state.target === topicArn ? { changes: [] } : { changes: [{ summary: `Send to ${topicArn}`, before: 'nothing', after: topicArn, payload: topicArn }] };
    },
    async apply(ctx, change): Promise<UndoAction> {
      if (ctx.region === world.failRuleIn) throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      world.rules.set(ctx.region, change.payload);
      world.made.push(`rule@${ctx.region}`);
      return { kind: 'delete-rule', description: 'Delete the rule' };
    },
    async undo(ctx) {
      // Slower than the topic's: only the engine's order keeps the topic for last.
      await new Promise((resolve) => setTimeout(resolve, 20));
      world.rules.delete(ctx.region);
      (world.undone ??= []).push(`rule@${ctx.region}`);
    },
  });
  return [topic, rules];
}

const fresh = () => new SimulatedAccount(freshAccountState());

describe('steps that need other steps', () => {
  it('a dry run previews the dependent step against what its prerequisite will create', async () => {
    const world: World = { rules: new Map(), made: [] };
    const { report, output } = await runAgainst(fresh(), { steps: steps(world), allSteps: steps(world), dryRun: true, regions: REGIONS });
    expect(world.made).toEqual([]);
    expect(output).toContain('Send to arn:aws:sns:us-east-1:123456789012:alerts');
    expect(report.results.filter((r) => r.step === 'rules').map((r) => r.status)).toEqual(['would change', 'would change', 'would change']);
    expect(report.exitCode).toBe(2);
  });

  it('an unattended run makes everything in one run, the prerequisite first, and a second run changes nothing', async () => {
    const world: World = { rules: new Map(), made: [] };
    const { report } = await runAgainst(fresh(), { steps: steps(world), allSteps: steps(world), regions: REGIONS });
    expect(report.results.every((r) => r.status === 'changed')).toBe(true);
    expect(world.made[0]).toBe('topic');
    expect(world.made.slice(1).sort()).toEqual(REGIONS.map((r) => `rule@${r}`));
    const again = await runAgainst(fresh(), { steps: steps(world), allSteps: steps(world), regions: REGIONS });
    expect(again.report.results.every((r) => r.status === 'compliant')).toBe(true);
    expect(world.made).toHaveLength(4);
  });

  it('declining the prerequisite skips the dependent step with that reason; the rest goes on', async () => {
    const world: World = { rules: new Map(), made: [] };
    const host = new ScriptedHost(true, {}, ['no']);
    const { report } = await runAgainst(fresh(), { steps: steps(world), allSteps: steps(world), host, regions: REGIONS });
    expect(host.confirmations).toHaveLength(1);
    expect(report.results.filter((r) => r.step === 'rules')).toEqual(
      REGIONS.map((region) => expect.objectContaining({ region, status: 'skipped', detail: 'needs "Alerts have a topic", which is not done: you chose not to apply it' })),
    );
    expect(world.made).toEqual([]);
  });

  it('a prerequisite that fails while applying side by side skips its dependents', async () => {
    const world: World = { rules: new Map(), made: [], failTopic: true };
    const { report } = await runAgainst(fresh(), { steps: steps(world), allSteps: steps(world), regions: REGIONS });
    expect(report.results.find((r) => r.step === 'topic')).toMatchObject({ status: 'failed' });
    for (const row of report.results.filter((r) => r.step === 'rules')) {
      expect(row).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^needs "Alerts have a topic", which is not done: .*AccessDeniedException/) });
    }
    expect(world.rules.size).toBe(0);
    expect(report.exitCode).toBe(1);
  });

  it('a dependent failing in one region leaves the other regions done', async () => {
    const world: World = { rules: new Map(), made: [], failRuleIn: 'us-west-2' };
    const { report } = await runAgainst(fresh(), { steps: steps(world), allSteps: steps(world), regions: REGIONS });
    expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.step}@${r.region}`)).toEqual(['rules@us-west-2']);
    expect([...world.rules.keys()].sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('a prerequisite left out of the run is used when it is done, and named when it is not', async () => {
    const world: World = { rules: new Map(), made: [] };
    const [topic, rules] = steps(world);
    const notDone = await runAgainst(fresh(), { steps: [rules!], allSteps: [topic!, rules!], regions: REGIONS });
    expect(notDone.report.results.map((r) => r.detail)).toEqual(
      REGIONS.map(() => expect.stringContaining('which is not done: it is not in this run and not done yet: include it (--only topic,…)')),
    );
    world.topic = 'arn:aws:sns:us-east-1:123456789012:existing';
    const done = await runAgainst(fresh(), { steps: [rules!], allSteps: [topic!, rules!], regions: REGIONS });
    expect(done.report.results.every((r) => r.status === 'changed')).toBe(true);
    expect(world.rules.get('eu-west-1')).toBe('arn:aws:sns:us-east-1:123456789012:existing');
  });

  it('undo takes the dependent step back before its prerequisite', async () => {
    const world: World = { rules: new Map(), made: [] };
    const sim = fresh();
    const { undoLogPath } = await runAgainst(sim, { steps: steps(world), allSteps: steps(world), regions: REGIONS });
    const { report } = await undoAgainst(sim, undoLogPath, { allSteps: steps(world) });
    expect(report.results.every((r) => r.status === 'undone')).toBe(true);
    expect(world.undone!.at(-1)).toBe('topic');
    expect(world.undone!.slice(0, -1).sort()).toEqual(REGIONS.map((r) => `rule@${r}`));
  });
});
