import { describe, expect, it } from 'vitest';
import step from '../../steps/guardduty.js';
import type { SimDetector } from '../../src/sim/state.js';
import { simEnv } from '../support/sim.js';

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
    const undo = await step.apply(ctx('eu-west-1'), change!, {});
    const detectors = sim.state.regional['eu-west-1']!.detectors;
    expect(detectors).toMatchObject([{ Status: 'ENABLED' }]);
    expect(undo).toMatchObject({ kind: 'delete-detector', detectorId: detectors[0]!.DetectorId });
    expect(sim.state.regional['us-east-1']!.detectors).toEqual([]);
    expect(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes).toEqual([]);
    // With a client token, so that the SDK's retry after a lost answer gets this detector back.
    expect(sim.mutatingCalls().map((c) => [c.action, c.input])).toEqual([['CreateDetector', { Enable: true, ClientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) }]]);

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
});
