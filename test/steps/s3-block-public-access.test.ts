import { describe, expect, it } from 'vitest';
import step from '../../steps/s3-block-public-access.js';
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
});
