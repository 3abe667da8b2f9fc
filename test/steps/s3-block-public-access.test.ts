import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step from '../../steps/s3-block-public-access.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

describe('s3-block-public-access', () => {
  it('plans nothing when all four flags are on (compliant)', () => {
    const flags = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    expect(step.plan({ configuration: flags }, {}, planCtx).changes).toEqual([]);
  });

  it('plans turning everything on when one flag is off (noncompliant)', () => {
    const flags = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true };
    const plan = step.plan({ configuration: flags }, {}, planCtx);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]!.payload).toEqual({ previous: flags });
  });

  it('reads "no configuration" on a fresh account, applies, and observes the result', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx());
    expect(before).toEqual({ configuration: null });
    const [change] = step.plan(before, {}, planCtx).changes;
    const undo = await step.apply(ctx(), change!, {});
    expect(undo.kind).toBe('delete-public-access-block');
    expect(sim.state.s3control.publicAccessBlock).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect(step.plan(await step.observe(ctx()), {}, planCtx).changes).toEqual([]);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['PutPublicAccessBlock']);
  });

  it('undo restores previous flags, or deletes a configuration that did not exist', async () => {
    const { sim, ctx } = simEnv();
    sim.state.s3control.publicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    const [change] = step.plan(await step.observe(ctx()), {}, planCtx).changes;
    const undo = await step.apply(ctx(), change!, {});
    await step.undo!(ctx(), undo);
    expect(sim.state.s3control.publicAccessBlock).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
  });

  it('speaks Japanese when asked: the plan, the undo records and the drift, with no English left', async () => {
    const plan = withLanguage('ja', () => step.plan({ configuration: null }, {}, planCtx));
    const [change] = plan.changes;
    expect(change!.summary).toBe('アカウントレベルの S3 ブロックパブリックアクセスの 4 つの設定をすべて有効にする');
    expect(change!.before).toBe('未設定 (バケットをパブリックにできる)');
    // The flags are data: the same in every language.
    expect(change!.after).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const texts = withLanguage('ja', () => [step.title, step.why]);
    for (const text of [...texts, change!.summary, change!.before as string, ...plan.notes!]) expect(englishLeft(text)).toEqual([]);

    const { sim, ctx } = simEnv();
    setLanguage('ja');
    try {
      const created = await step.apply(ctx(), change!, {});
      expect(created).toEqual({ kind: 'delete-public-access-block', description: 'アカウントレベルのブロックパブリックアクセスの設定を削除する (以前は設定がなかった)' });
      const restored = await step.apply(ctx(), { ...change!, payload: { previous: { ...change!.after as object, BlockPublicPolicy: false } as never } }, {});
      expect(restored.kind).toBe('restore-public-access-block');
      delete sim.state.s3control.publicAccessBlock;
      const drift = step.undoDrift!(await step.observe(ctx()), created);
      expect(drift).toBe('ブロックパブリックアクセスの設定はこの実行の後に変更されている');
      for (const text of [created.description, restored.description, drift!]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
