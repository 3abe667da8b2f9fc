import { describe, expect, it } from 'vitest';
import step, { DEFAULT_ANALYZER_NAME, type AccessAnalyzerState } from '../../steps/access-analyzer.js';
import type { SimAnalyzer } from '../../src/sim/state.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };
const inputs = { name: 'account-analyzer' };

function analyzer(name: string, status: SimAnalyzer['status'] = 'ACTIVE', type: SimAnalyzer['type'] = 'ACCOUNT'): SimAnalyzer {
  return { arn: `arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/${name}`, name, type, status, createdAt: '2025-06-01T00:00:00.000Z' };
}

describe('access-analyzer', () => {
  it('plans nothing when an active account analyzer exists, and names it (compliant)', () => {
    const state: AccessAnalyzerState = { analyzers: [{ name: 'ConsoleAnalyzer-1', arn: 'arn:x', status: 'ACTIVE' }] };
    const plan = step.plan(state, inputs, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual(['The account analyzer ConsoleAnalyzer-1 already covers the region.']);
  });

  it('plans an ACCOUNT analyzer with the given name when there is none (noncompliant)', () => {
    const plan = step.plan({ analyzers: [] }, inputs, planCtx);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]!.payload).toEqual({ analyzerName: 'account-analyzer' });
    expect(plan.changes[0]!.after).toEqual({ name: 'account-analyzer', type: 'ACCOUNT' });
  });

  it('skips, with the reason, a region whose one account analyzer is not active (a second cannot be created)', () => {
    const failed = step.plan({ analyzers: [{ name: 'old', arn: 'arn:x', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED' }] }, inputs, planCtx);
    expect(failed.changes).toEqual([]);
    expect(failed.skipped).toMatch(/old is FAILED \(SERVICE_LINKED_ROLE_CREATION_FAILED\)/);
    const creating = step.plan({ analyzers: [{ name: 'new', arn: 'arn:x', status: 'CREATING' }] }, inputs, planCtx);
    expect(creating.changes).toEqual([]);
    expect(creating.skipped).toMatch(/still being created/);
  });

  it('validates the name input and defaults it', () => {
    const { schema } = step.inputs!;
    expect(schema.parse({})).toEqual({ name: DEFAULT_ANALYZER_NAME });
    expect(schema.parse({ name: 'Security.analyzer_1-a' })).toEqual({ name: 'Security.analyzer_1-a' });
    for (const bad of ['1analyzer', 'has space', 'a/b', '', `a${'b'.repeat(255)}`]) {
      expect(schema.safeParse({ name: bad }).success, bad).toBe(false);
    }
    expect(schema.safeParse({ name: 'ok', type: 'ACCOUNT_UNUSED_ACCESS' }).success).toBe(false);
  });

  it('asks for a name only when a region needs a new analyzer and none was given', () => {
    const { questions } = step.inputs!;
    const covered: AccessAnalyzerState = { analyzers: [{ name: 'a', arn: 'arn:x', status: 'ACTIVE' }] };
    const missing: AccessAnalyzerState = { analyzers: [] };
    const [question] = questions({ 'us-east-1': covered, 'eu-west-1': missing }, {});
    expect(question).toMatchObject({ path: 'name', kind: 'text', default: DEFAULT_ANALYZER_NAME });
    expect(question!.validate!('9lives')).toBeDefined();
    expect(question!.validate!('fine-name')).toBeUndefined();
    expect(questions({ 'us-east-1': covered, 'eu-west-1': missing }, { name: 'given' })).toEqual([]);
    expect(questions({ 'us-east-1': covered, 'eu-west-1': covered }, {})).toEqual([]);
  });

  it('creates a free ACCOUNT analyzer in a fresh region, after which the plan is empty', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx('eu-west-1'));
    expect(before).toEqual({ analyzers: [] });
    const parsed = step.inputs!.schema.parse({});
    const [change] = step.plan(before, parsed, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, parsed);
    expect(undo).toMatchObject({ kind: 'delete-analyzer', analyzerName: DEFAULT_ANALYZER_NAME });
    expect(sim.state.regional['eu-west-1']!.analyzers).toMatchObject([{ name: DEFAULT_ANALYZER_NAME, type: 'ACCOUNT', status: 'ACTIVE' }]);
    expect(sim.state.regional['us-east-1']!.analyzers).toEqual([]);
    expect(step.plan(await step.observe(ctx('eu-west-1')), parsed, planCtx).changes).toEqual([]);
    const mutating = sim.mutatingCalls();
    expect(mutating.map((c) => [c.action, c.region])).toEqual([['CreateAnalyzer', 'eu-west-1']]);
    expect(mutating[0]!.input).toMatchObject({ analyzerName: DEFAULT_ANALYZER_NAME, type: 'ACCOUNT' });
    expect(sim.calls[0]).toMatchObject({ action: 'ListAnalyzers', input: { type: 'ACCOUNT' } });
  });

  it('adopts an existing active account analyzer, whatever its name', async () => {
    const { sim, ctx } = simEnv();
    sim.state.regional['eu-west-1']!.analyzers.push(analyzer('ConsoleAnalyzer-3f2a'));
    const plan = step.plan(await step.observe(ctx('eu-west-1')), inputs, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes?.[0]).toContain('ConsoleAnalyzer-3f2a');
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('does not count a billed unused-access analyzer as the account analyzer', async () => {
    const { ctx, sim } = simEnv();
    sim.state.regional['eu-west-1']!.analyzers.push(analyzer('unused', 'ACTIVE', 'ACCOUNT_UNUSED_ACCESS'));
    expect(step.plan(await step.observe(ctx('eu-west-1')), inputs, planCtx).changes).toHaveLength(1);
  });

  it('reads every page of ListAnalyzers', async () => {
    const { sim, ctx } = simEnv();
    const analyzers = sim.state.regional['eu-west-1']!.analyzers;
    // More than one page (the simulated default is 100), with the active one on the last page.
    for (let i = 0; i < 120; i++) analyzers.push(analyzer(`failed-${i}`, 'FAILED'));
    analyzers.push(analyzer('the-active-one'));
    const state = await step.observe(ctx('eu-west-1'));
    expect(state.analyzers).toHaveLength(121);
    expect(step.plan(state, inputs, planCtx).notes?.[0]).toContain('the-active-one');
    expect(sim.calls.filter((c) => c.action === 'ListAnalyzers')).toHaveLength(2);
  });

  it('undo deletes the analyzer by name; drift is reported once it is gone', async () => {
    const { sim, ctx } = simEnv();
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), inputs, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, inputs);
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toBeUndefined();
    await step.undo!(ctx('eu-west-1'), undo);
    expect(sim.state.regional['eu-west-1']!.analyzers).toEqual([]);
    expect(sim.mutatingCalls().at(-1)).toMatchObject({ action: 'DeleteAnalyzer', input: { analyzerName: 'account-analyzer' } });
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toBe('the analyzer account-analyzer no longer exists');
  });
});
