import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step from '../../steps/guardduty.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState, type SimDetector } from '../../src/sim/state.js';
import { bootstrapTags } from '../../src/core/tags.js';
import { readUndoLog } from '../../src/undo/log.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };

function detector(id: string, status: SimDetector['Status']): SimDetector {
  return {
    DetectorId: id,
    Status: status,
    CreatedAt: '2025-06-01T00:00:00.000Z',
    UpdatedAt: '2025-06-01T00:00:00.000Z',
    FindingPublishingFrequency: 'SIX_HOURS',
    ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
  };
}

describe('guardduty', () => {
  it('plans nothing when the detector is enabled (compliant)', () => {
    const plan = step.plan({ detectors: [{ id: 'd1', status: 'ENABLED' }] }, {}, planCtx);
    expect(plan.changes).toEqual([]);
  });

  it('plans a new detector when there is none, and says it is billed (noncompliant)', () => {
    const plan = step.plan({ detectors: [] }, {}, planCtx);
    expect(plan.changes.map((c) => c.payload)).toEqual([{ action: 'create' }]);
    expect(plan.changes[0]!.after).toEqual({ status: 'ENABLED', tags: 'aws-bootstrap:managed=true, aws-bootstrap:run=<this run>' });
    expect(plan.notes?.join(' ')).toMatch(/billed/);
  });

  it('plans resuming a suspended detector instead of creating a second one (noncompliant)', () => {
    const plan = step.plan({ detectors: [{ id: 'd1', status: 'DISABLED' }] }, {}, planCtx);
    expect(plan.changes.map((c) => c.payload)).toEqual([{ action: 'resume', detectorId: 'd1' }]);
  });

  it('creates an enabled detector in a fresh region, after which the plan is empty; undo deletes it', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx('eu-west-1'));
    expect(before).toEqual({ detectors: [] });
    const [change] = step.plan(before, {}, planCtx).changes;
    const undo = await step.apply({ ...ctx('eu-west-1'), runId: 'r-1' }, change!, {});
    const detectors = sim.state.regional['eu-west-1']!.detectors;
    expect(detectors).toMatchObject([{ Status: 'ENABLED', Tags: bootstrapTags('r-1') }]);
    expect(undo).toMatchObject({ kind: 'delete-detector', detectorId: detectors[0]!.DetectorId });
    expect(sim.state.regional['us-east-1']!.detectors).toEqual([]);
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes).toEqual([]);
    // With a client token, so that the SDK's retry after a lost answer gets this detector back;
    // tagged in the create call itself, so there is no untagged moment.
    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([['CreateDetector', { Enable: true, Tags: bootstrapTags('r-1'), ClientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) }]]);

    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toBeUndefined();
    await step.undo!(ctx('eu-west-1'), undo);
    expect(sim.state.regional['eu-west-1']!.detectors).toEqual([]);
    expect(sim.mutatingCalls().at(-1)!.action).toBe('DeleteDetector');
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toMatch(/no longer exists/);
  });

  it('resumes a suspended detector (no duplicate), and undo suspends it again', async () => {
    const { sim, ctx } = simEnv();
    const id = '0123456789abcdef0123456789abcdef';
    sim.state.regional['eu-west-1']!.detectors.push(detector(id, 'DISABLED'));
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, {});
    expect(sim.state.regional['eu-west-1']!.detectors).toMatchObject([{ DetectorId: id, Status: 'ENABLED' }]);
    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([['UpdateDetector', { DetectorId: id, Enable: true }]]);
    expect(undo).toMatchObject({ kind: 'suspend-detector', detectorId: id });
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes).toEqual([]);

    await step.undo!(ctx('eu-west-1'), undo);
    expect(sim.state.regional['eu-west-1']!.detectors).toMatchObject([{ DetectorId: id, Status: 'DISABLED' }]);
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toMatch(/suspended since/);
  });

  it('makes no change where the detector is already enabled', async () => {
    const { sim, ctx } = simEnv();
    sim.state.regional['eu-west-1']!.detectors.push(detector('fedcba9876543210fedcba9876543210', 'ENABLED'));
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes).toEqual([]);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  describe('tags', () => {
    const regions = ['eu-west-1', 'us-east-1'];

    it('a run tags every detector it creates with its run id (the undo log header\'s), and the preview says so', async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const run = await runAgainst(sim, { steps: [step], regions });
      const runId = readUndoLog(run.undoLogPath).records[0]!.run;
      for (const region of regions) {
        expect(sim.state.regional[region]!.detectors.map((d) => d.Tags), region).toEqual([{ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': runId }]);
      }
      const { ctx } = simEnv({ state: sim.state });
      expect((await step.observe(ctx('eu-west-1'))).detectors[0]!.tags).toEqual(bootstrapTags(runId));
      // They are this run's, so undo deletes them without --force.
      expect((await undoAgainst(sim, run.undoLogPath)).report.results.map((r) => r.status)).toEqual(['undone', 'undone']);

      const preview = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], regions, dryRun: true });
      expect(preview.output).toContain('aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
    });

    it('a resumed (adopted) detector is not tagged', async () => {
      const state = freshAccountState();
      state.regional['eu-west-1']!.detectors.push(detector('0123456789abcdef0123456789abcdef', 'DISABLED'));
      const sim = new SimulatedAccount(state);
      await runAgainst(sim, { steps: [step], regions: ['eu-west-1'] });
      expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateDetector']);
      expect(sim.state.regional['eu-west-1']!.detectors).toEqual([detector('0123456789abcdef0123456789abcdef', 'ENABLED')]);
    });

    it('undo leaves alone a detector a tampered log names that this run did not create; --force deletes it anyway', async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const run = await runAgainst(sim, { steps: [step], regions: ['eu-west-1'] });
      // Someone else's detector in the region's one place, and the log edited to name it.
      const detectors = sim.state.regional['eu-west-1']!.detectors;
      const ours = detectors[0]!.DetectorId;
      const theirs = 'fedcba9876543210fedcba9876543210';
      detectors.splice(0, detectors.length, detector(theirs, 'ENABLED'));
      const lines = readFileSync(run.undoLogPath, 'utf8').split('\n').filter(Boolean);
      const edited = lines.map((line) => line.replaceAll(ours, theirs));
      expect(edited).not.toEqual(lines);
      writeFileSync(run.undoLogPath, rechained(edited).map((line) => `${line}\n`).join(''));

      const undo = await undoAgainst(sim, run.undoLogPath);
      expect(undo.report.results.map((r) => [r.status, r.detail])).toEqual([['skipped', expect.stringContaining(`the detector ${theirs} was not created by this run: no aws-bootstrap:run tag`)]]);
      expect(detectors.map((d) => d.DetectorId)).toEqual([theirs]);
      expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateDetector']);

      const forced = await undoAgainst(sim, run.undoLogPath, { force: true });
      expect(forced.report.results.map((r) => r.status)).toEqual(['undone']);
      expect(detectors).toEqual([]);
    });
  });

  it('speaks Japanese when asked, the cost included: plans, undo records and drift, with no English left', async () => {
    const ja = withLanguage('ja', () => ({
      title: step.title,
      why: step.why,
      create: step.plan({ detectors: [] }, {}, planCtx),
      resume: step.plan({ detectors: [{ id: 'd1', status: 'DISABLED' }] }, {}, planCtx),
    }));
    expect(ja.create.changes[0]).toMatchObject({ summary: '有効な GuardDuty 検出器を作成する', before: '検出器なし', after: { status: 'ENABLED' } });
    // The cost is stated before anything billable is made, in the user's language.
    expect(ja.create.notes).toEqual(['GuardDuty は、各リージョンで 30 日間の無料トライアルの後、分析したイベントの量に応じて課金されます。']);
    expect(ja.resume.changes[0]!.summary).toBe('停止中の GuardDuty 検出器 d1 を再度有効にする');
    expect(ja.resume.changes[0]!.after).toEqual({ detector: 'd1', status: 'ENABLED' });
    const shown = [ja.title, ja.why, ja.create.changes[0]!.summary, '検出器なし', ...ja.create.notes!, ja.resume.changes[0]!.summary, ...ja.resume.notes!];
    for (const text of shown) expect(englishLeft(text)).toEqual([]);

    const { sim, ctx } = simEnv();
    sim.state.regional['us-east-1']!.detectors.push(detector('d0ld', 'DISABLED'));
    setLanguage('ja');
    try {
      const created = await step.apply(ctx('eu-west-1'), ja.create.changes[0]!, {});
      const resumed = await step.apply(ctx('us-east-1'), step.plan(await step.observe(ctx('us-east-1')), {}, planCtx).changes[0]!, {});
      expect(created).toMatchObject({ kind: 'delete-detector', description: expect.stringMatching(/^eu-west-1 の GuardDuty 検出器 \S+ を削除する \(その検出結果も削除される\)$/) });
      expect(resumed).toEqual({ kind: 'suspend-detector', description: 'us-east-1 の GuardDuty 検出器 d0ld を再び停止する', detectorId: 'd0ld' });
      sim.state.regional['us-east-1']!.detectors[0]!.Status = 'DISABLED';
      const suspended = step.undoDrift!(await step.observe(ctx('us-east-1')), resumed);
      expect(suspended).toBe('検出器 d0ld はこの実行の後に停止されている');
      const gone = step.undoDrift!({ detectors: [] }, created);
      expect(gone).toBe(`検出器 ${created.detectorId} はもう存在しない`);
      for (const text of [created.description, resumed.description, suspended!, gone!]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
