import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step from '../../steps/ebs-encryption-by-default.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };

describe('ebs-encryption-by-default', () => {
  it('plans nothing when encryption by default is on (compliant)', () => {
    expect(step.plan({ enabled: true }, {}, planCtx)).toEqual({ changes: [] });
  });

  it('plans turning it on, and warns about instance types without encryption support (noncompliant)', () => {
    const plan = step.plan({ enabled: false }, {}, planCtx);
    expect(plan.changes).toHaveLength(1);
    // The engine names the region; the same summary in every region lets the preview group them.
    expect(plan.changes[0]!.summary).toBe('Turn on EBS encryption by default');
    expect(plan.notes?.join(' ')).toMatch(/instance types that do not support EBS encryption can no longer be launched/i);
  });

  it('reads the fresh region, turns encryption on in that region only, and then plans nothing', async () => {
    const { sim, ctx } = simEnv();
    const before = await step.observe(ctx('eu-west-1'));
    expect(before).toEqual({ enabled: false });
    const [change] = step.plan(before, {}, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, {});
    expect(undo.kind).toBe('disable-ebs-encryption-by-default');
    expect(sim.state.regional['eu-west-1']!.ebsEncryptionByDefault).toBe(true);
    expect(sim.state.regional['us-east-1']!.ebsEncryptionByDefault).toBe(false);
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes).toEqual([]);
    expect(sim.mutatingCalls().map((c) => [c.action, c.region])).toEqual([['EnableEbsEncryptionByDefault', 'eu-west-1']]);
  });

  it('makes no change in a region that already encrypts by default', async () => {
    const { sim, ctx } = simEnv();
    sim.state.regional['eu-west-1']!.ebsEncryptionByDefault = true;
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes).toEqual([]);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('undo turns it off again; drift is reported once it is already off', async () => {
    const { sim, ctx } = simEnv();
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, {});
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toBeUndefined();
    await step.undo!(ctx('eu-west-1'), undo);
    expect(sim.state.regional['eu-west-1']!.ebsEncryptionByDefault).toBe(false);
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toMatch(/already turned off/);
  });

  it('speaks Japanese when asked: the plan, the undo record and the drift, with no English left', async () => {
    const ja = withLanguage('ja', () => ({ title: step.title, why: step.why, plan: step.plan({ enabled: false }, {}, planCtx) }));
    const [change] = ja.plan.changes;
    expect(change).toMatchObject({ summary: 'EBS のデフォルト暗号化を有効にする', before: '暗号化を指定しない限り新しいボリュームは暗号化されない', after: '新しいボリュームはすべて暗号化される' });
    for (const text of [ja.title, ja.why, change!.summary, change!.before as string, change!.after as string, ...ja.plan.notes!]) expect(englishLeft(text)).toEqual([]);

    const { sim, ctx } = simEnv();
    setLanguage('ja');
    try {
      const undo = await step.apply(ctx('eu-west-1'), change!, {});
      expect(undo.description).toBe('eu-west-1 の EBS のデフォルト暗号化を再び無効にする (その間に暗号化されたボリュームは暗号化されたまま)');
      sim.state.regional['eu-west-1']!.ebsEncryptionByDefault = false;
      const drift = step.undoDrift!(await step.observe(ctx('eu-west-1')), undo);
      expect(drift).toBe('EBS のデフォルト暗号化はこの実行の後にすでに無効にされている');
      for (const text of [undo.description, drift!]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
