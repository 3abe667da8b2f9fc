import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step, { DEFAULT_ANALYZER_NAME, type AccessAnalyzerState } from '../../steps/access-analyzer.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState, type SimAnalyzer } from '../../src/sim/state.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { readUndoLog } from '../../src/undo/log.js';
import { bootstrapTags } from '../../src/core/tags.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

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
    expect(plan.changes[0]!.after).toEqual({ name: 'account-analyzer', type: 'ACCOUNT', tags: 'aws-bootstrap:managed=true, aws-bootstrap:run=<this run>' });
    expect(step.plan({ analyzers: [] }, inputs, { ...planCtx, runId: 'r-7' }).changes[0]!.after).toMatchObject({ tags: 'aws-bootstrap:managed=true, aws-bootstrap:run=r-7' });
  });

  it('counts an analyzer that is still being created as there: no second one, nothing to do', () => {
    const plan = step.plan({ analyzers: [{ name: 'new', arn: 'arn:x', status: 'CREATING' }] }, inputs, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toBeUndefined();
    expect(plan.notes).toEqual(['The account analyzer new is being created; it covers the region as soon as AWS makes it active.']);
  });

  it('replaces an analyzer whose creation failed: deletes it (asking as for any deletion), then creates one', () => {
    const plan = step.plan({ analyzers: [{ name: 'old', arn: 'arn:x', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED' }] }, inputs, planCtx);
    expect(plan.skipped).toBeUndefined();
    expect(plan.changes.map((c) => [c.summary, c.payload, c.destructive ?? false])).toEqual([
      ['Delete the account analyzer old, whose creation failed (SERVICE_LINKED_ROLE_CREATION_FAILED)', { failedAnalyzerName: 'old' }, true],
      ['Create the account analyzer account-analyzer', { analyzerName: 'account-analyzer' }, false],
    ]);
    expect(plan.notes?.[0]).toMatch(/analyzes nothing/);
  });

  it('skips, with the reason, a region whose one account analyzer is disabled (a second cannot be created)', () => {
    const disabled = step.plan({ analyzers: [{ name: 'org', arn: 'arn:x', status: 'DISABLED', statusReason: 'AWS_SERVICE_ACCESS_DISABLED' }] }, inputs, planCtx);
    expect(disabled.changes).toEqual([]);
    expect(disabled.skipped).toMatch(/org is DISABLED \(AWS_SERVICE_ACCESS_DISABLED\).*by hand/);
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
    // A failed analyzer is replaced, so its region needs a name too; one being created does not.
    const failed: AccessAnalyzerState = { analyzers: [{ name: 'f', arn: 'arn:x', status: 'FAILED' }] };
    const creating: AccessAnalyzerState = { analyzers: [{ name: 'c', arn: 'arn:x', status: 'CREATING' }] };
    expect(questions({ 'us-east-1': covered, 'eu-west-1': failed }, {})).toHaveLength(1);
    expect(questions({ 'us-east-1': covered, 'eu-west-1': creating }, {})).toEqual([]);
  });

  it('creates a free ACCOUNT analyzer in a fresh region, after which the plan is empty', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx('eu-west-1'));
    expect(before).toEqual({ analyzers: [] });
    const parsed = step.inputs!.schema.parse({});
    const [change] = step.plan(before, parsed, planCtx).changes;
    const undo = await step.apply({ ...ctx('eu-west-1'), runId: 'r-1' }, change!, parsed);
    expect(undo).toMatchObject({ kind: 'delete-analyzer', analyzerName: DEFAULT_ANALYZER_NAME });
    // CREATING at first, as on AWS; the read right after it counts it as there.
    expect(sim.state.regional['eu-west-1']!.analyzers).toMatchObject([{ name: DEFAULT_ANALYZER_NAME, type: 'ACCOUNT', status: 'CREATING' }]);
    expect(sim.state.regional['us-east-1']!.analyzers).toEqual([]);
    expect(step.plan(await step.observe(ctx('eu-west-1')), parsed, planCtx).changes).toEqual([]);
    const mutating = sim.mutatingCalls();
    expect(mutating.map((c) => [c.action, c.region])).toEqual([['CreateAnalyzer', 'eu-west-1']]);
    // Tagged in the create call itself: there is no untagged moment.
    expect(mutating[0]!.input).toEqual({ analyzerName: DEFAULT_ANALYZER_NAME, type: 'ACCOUNT', tags: bootstrapTags('r-1'), clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) });
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

  it('through the engine: the read right after the create sees CREATING and passes; a run right after that creates nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const regions = ['eu-west-1', 'us-east-1'];
    const first = await runAgainst(sim, { steps: [step], regions });
    expect(first.report.results.map((r) => [r.region, r.status])).toEqual([['eu-west-1', 'changed'], ['us-east-1', 'changed']]);
    expect(sim.calls.filter((c) => c.region === 'eu-west-1').map((c) => c.action)).toEqual(['ListAnalyzers', 'CreateAnalyzer', 'ListAnalyzers']);
    // Every read so far saw it CREATING, the engine's read after applying included.
    for (const region of regions) expect(sim.state.regional[region]!.analyzers.map((a) => a.status), region).toEqual(['CREATING']);

    const second = await runAgainst(sim, { steps: [step], regions });
    expect(second.report.results.map((r) => r.status)).toEqual(['compliant', 'compliant']);
    expect(second.output).toMatch(/is being created/);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateAnalyzer', 'CreateAnalyzer']);
    for (const region of regions) expect(sim.state.regional[region]!.analyzers.map((a) => a.status), region).toEqual(['ACTIVE']);
  });

  it('through the engine: a failed analyzer is replaced, each change recorded; undo deletes the new one and says the failed one stays gone', async () => {
    const state = freshAccountState();
    state.regional['eu-west-1']!.analyzers.push({ ...analyzer('broken', 'FAILED'), statusReason: { code: 'SERVICE_LINKED_ROLE_CREATION_FAILED' } });
    const sim = new SimulatedAccount(state);
    const run = await runAgainst(sim, { steps: [step], regions: ['eu-west-1'], config: { 'access-analyzer': inputs } });
    expect(run.report.results.map((r) => [r.status, r.changes.length])).toEqual([['changed', 2]]);
    expect(sim.state.regional['eu-west-1']!.analyzers.map((a) => [a.name, a.status])).toEqual([['account-analyzer', 'CREATING']]);
    const records = readUndoLog(run.undoLogPath).records.flatMap((r) => (r.type === 'change' ? [r.undo] : []));
    expect(records.map((u) => [u.kind, u.analyzerName, Boolean(u.manual)])).toEqual([
      ['recreate-failed-analyzer', 'broken', true],
      ['delete-analyzer', 'account-analyzer', false],
    ]);

    const undo = await undoAgainst(sim, run.undoLogPath);
    expect(undo.report.results.map((r) => r.status)).toEqual(['undone', 'action needed']);
    expect(sim.state.regional['eu-west-1']!.analyzers).toEqual([]);
  });

  describe('tags', () => {
    const regions = ['eu-west-1', 'us-east-1'];

    it('a run tags every analyzer it creates with its run id (the undo log header\'s), and the preview says so', async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const run = await runAgainst(sim, { steps: [step], regions });
      const runId = readUndoLog(run.undoLogPath).records[0]!.run;
      for (const region of regions) {
        expect(sim.state.regional[region]!.analyzers.map((a) => a.tags), region).toEqual([{ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': runId }]);
      }
      // ListAnalyzers shows them, so observe has them for undo.
      const { ctx } = simEnv({ state: sim.state });
      expect((await step.observe(ctx('eu-west-1'))).analyzers[0]!.tags).toEqual(bootstrapTags(runId));

      const preview = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], regions, dryRun: true });
      expect(preview.output).toContain('aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
    });

    it('an adopted analyzer is not tagged', async () => {
      const state = freshAccountState();
      state.regional['eu-west-1']!.analyzers.push(analyzer('ConsoleAnalyzer-1'));
      const sim = new SimulatedAccount(state);
      await runAgainst(sim, { steps: [step], regions: ['eu-west-1'] });
      expect(sim.mutatingCalls()).toEqual([]);
      expect(sim.state.regional['eu-west-1']!.analyzers).toEqual([analyzer('ConsoleAnalyzer-1')]);
    });

    it('undo leaves alone an analyzer a tampered log names that this run did not create; --force deletes it anyway', async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const run = await runAgainst(sim, { steps: [step], regions: ['eu-west-1'] });
      // Someone else's analyzer (the region's one account place is freed for it), and the log edited to name it.
      const analyzers = sim.state.regional['eu-west-1']!.analyzers;
      analyzers.splice(0, analyzers.length, analyzer('someone-elses'));
      const lines = readFileSync(run.undoLogPath, 'utf8').split('\n').filter(Boolean);
      const edited = lines.map((line) => line.replaceAll(`"analyzerName":"${DEFAULT_ANALYZER_NAME}"`, '"analyzerName":"someone-elses"'));
      expect(edited).not.toEqual(lines);
      writeFileSync(run.undoLogPath, rechained(edited).map((line) => `${line}\n`).join(''));

      const undo = await undoAgainst(sim, run.undoLogPath);
      expect(undo.report.results.map((r) => [r.status, r.detail])).toEqual([['skipped', expect.stringContaining('the analyzer someone-elses was not created by this run: no aws-bootstrap:run tag')]]);
      expect(analyzers.map((a) => a.name)).toEqual(['someone-elses']);
      expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateAnalyzer']);

      const forced = await undoAgainst(sim, run.undoLogPath, { force: true });
      expect(forced.report.results.map((r) => r.status)).toEqual(['undone']);
      expect(analyzers).toEqual([]);
    });
  });

  it('speaks Japanese when asked: plans, question, validation, undo records and drift, with no English left', async () => {
    const ja = withLanguage('ja', () => {
      const replace = step.plan({ analyzers: [{ name: 'old', arn: 'arn:x', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED' }] }, inputs, planCtx);
      const [question] = step.inputs!.questions({ 'eu-west-1': { analyzers: [] } }, {});
      const invalid = step.inputs!.schema.safeParse({ name: '1-bad' });
      return {
        title: step.title,
        why: step.why,
        replace,
        active: step.plan({ analyzers: [{ name: 'a1', arn: 'arn:x', status: 'ACTIVE' }] }, inputs, planCtx).notes!,
        creating: step.plan({ analyzers: [{ name: 'a1', arn: 'arn:x', status: 'CREATING' }] }, inputs, planCtx).notes!,
        skipped: step.plan({ analyzers: [{ name: 'org', arn: 'arn:x', status: 'DISABLED', statusReason: 'AWS_SERVICE_ACCESS_DISABLED' }] }, inputs, planCtx).skipped!,
        question: question!,
        invalid: invalid.success ? '' : invalid.error.issues[0]!.message,
        tooLong: question!.validate!(`a${'b'.repeat(255)}`)!,
      };
    });
    expect(ja.replace.changes.map((c) => c.summary)).toEqual([
      '作成に失敗したアナライザー old (SERVICE_LINKED_ROLE_CREATION_FAILED) を削除する',
      'アカウントを信頼ゾーンとするアナライザー account-analyzer を作成する',
    ]);
    expect(ja.replace.changes.map((c) => c.before)).toEqual([{ name: 'old', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED' }, 'アナライザーなし']);
    expect(ja.replace.changes[0]!.after).toBe('削除済み');
    expect(ja.replace.notes!.at(-1)).toMatch(/^タイプ ACCOUNT のアナライザーは外部アクセスを無料で分析します/);
    expect(ja.skipped).toMatch(/^アナライザー org のステータスは DISABLED \(AWS_SERVICE_ACCESS_DISABLED\) です。/);
    expect(ja.question.message).toBe('新しく作成するアナライザーの名前:');
    expect(ja.invalid).toMatch(/^英字で始まり/);
    expect(ja.tooLong).toBe('アナライザー名は 255 文字以内で指定してください');
    const shown = [ja.title, ja.why, ...ja.replace.changes.map((c) => c.summary), 'アナライザーなし', '削除済み', ...ja.replace.notes!, ...ja.active, ...ja.creating, ja.skipped, ja.question.message, ja.invalid, ja.tooLong];
    for (const text of shown) expect(englishLeft(text)).toEqual([]);
    // The same check in English gives English messages again.
    expect(step.inputs!.questions({ 'eu-west-1': { analyzers: [] } }, {})[0]!.message).toBe('Name for the new account analyzers:');

    const { sim, ctx } = simEnv();
    sim.state.regional['eu-west-1']!.analyzers.push(analyzer('old', 'FAILED'));
    setLanguage('ja');
    try {
      const [remove, create] = step.plan(await step.observe(ctx('eu-west-1')), inputs, planCtx).changes;
      const recreate = await step.apply(ctx('eu-west-1'), remove!, inputs);
      const undo = await step.apply(ctx('eu-west-1'), create!, inputs);
      expect(recreate).toMatchObject({ kind: 'recreate-failed-analyzer', description: 'eu-west-1 の作成に失敗したアナライザー old を元に戻す', analyzerName: 'old' });
      if (recreate.kind !== 'recreate-failed-analyzer') throw new Error('expected the manual record');
      expect(recreate.manual).toMatch(/IAM コンソールの \[アクセスアナライザー\] で作成してください。$/);
      expect(undo).toEqual({ kind: 'delete-analyzer', description: 'eu-west-1 のアナライザー account-analyzer を削除する', analyzerName: 'account-analyzer' });
      await step.undo!(ctx('eu-west-1'), undo);
      const drift = step.undoDrift!(await step.observe(ctx('eu-west-1')), undo);
      expect(drift).toBe('アナライザー account-analyzer はもう存在しない');
      for (const text of [recreate.description, recreate.manual, undo.description, drift!]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
