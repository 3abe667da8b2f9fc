import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../src/i18n/index.js';
import { seedDemoAccount } from '../../src/sim/demo.js';
import step from '../../steps/public-s3-buckets.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

describe('public-s3-buckets', () => {
  it('is a read-only region check', () => {
    expect(step.readOnly).toBe(true);
    expect(step.scope).toBe('region');
    expect(step.permissions.apply).toEqual([]);
  });

  it('a fresh account has no buckets: compliant, with one call', async () => {
    const { sim, ctx } = simEnv();
    const state = await step.observe(ctx());
    expect(step.plan(state, {}, planCtx)).toEqual({ changes: [] });
    expect(sim.calls.map((c) => c.action)).toEqual(['ListBuckets']);
  });

  it('a bucket public through its ACL is action needed; one whose public policy Block Public Access stops is information; a private one is not named', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx('us-east-1'));
    const plan = step.plan(state, {}, planCtx);
    const account = sim.state.accountId;
    expect(plan.findings!.map((f) => [f.resource, f.severity])).toEqual([[`demo-legacy-site-${account} policy`, 'info'], [`demo-public-assets-${account} acl`, 'high']]);
    expect(plan.advice).toEqual([expect.stringMatching(new RegExp(`^Bucket demo-public-assets-${account} is public now through its ACL \\(AllUsers:READ\\)`))]);
    expect(plan.notes).toEqual([expect.stringMatching(new RegExp(`^Bucket demo-legacy-site-${account} would be public through its bucket policy if Block Public Access were turned off\\.`))]);
    expect(sim.mutatingCalls()).toEqual([]);
    // Each region reads its own buckets: none elsewhere.
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx)).toEqual({ changes: [] });
  });

  it('once the account\'s Block Public Access is on, the public ACL is information too (the step is then compliant)', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    sim.state.s3control.publicAccessBlock = ON;
    const plan = step.plan(await step.observe(ctx('us-east-1')), {}, planCtx);
    expect(plan.findings!.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(plan.advice).toBeUndefined();
    expect(plan.notes).toHaveLength(2);
  });

  it('speaks Japanese with no English left', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx('us-east-1'));
    const { title, why, plan } = withLanguage('ja', () => ({ title: step.title, why: step.why, plan: step.plan(state, {}, planCtx) }));
    for (const text of [title, why, ...plan.advice!, ...plan.notes!]) expect(englishLeft(text), text).toEqual([]);
  });
});
