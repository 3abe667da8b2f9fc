import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../src/i18n/index.js';
import { seedDemoAccount } from '../../src/sim/demo.js';
import { bootstrapTagList } from '../../src/core/tags.js';
import step from '../../steps/unused-iam-roles.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const DAY = 86_400_000;

describe('unused-iam-roles', () => {
  it('is a read-only check that reads RoleLastUsed in one paged call (ListRoles leaves it out)', () => {
    expect(step.readOnly).toBe(true);
    expect(step.permissions).toEqual({ observe: ['iam:GetAccountAuthorizationDetails'], apply: [] });
  });

  it('a fresh account has no roles: compliant', async () => {
    const { sim, ctx } = simEnv();
    expect(step.plan(await step.observe(ctx()), {}, planCtx)).toEqual({ changes: [] });
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('names the role unused for 150 days as information; not the one used yesterday, a service-linked role or one aws-bootstrap made', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const old = new Date(Date.now() - 400 * DAY).toISOString();
    sim.state.iam.roles['aws-bootstrap-admin'] = { ...sim.state.iam.roles['legacy-partner-access']!, RoleName: 'aws-bootstrap-admin', CreateDate: old, Tags: bootstrapTagList('run-1') };
    delete sim.state.iam.roles['aws-bootstrap-admin'].RoleLastUsed;
    const state = await step.observe(ctx());
    expect(sim.calls.map((c) => c.action)).toEqual(['GetAccountAuthorizationDetails']);
    const plan = step.plan(state, {}, planCtx);
    expect(plan.findings!.map((f) => [f.resource, f.severity])).toEqual([['legacy-partner-access', 'info']]);
    expect(plan.findings![0]!.what).toMatch(/^IAM role legacy-partner-access has not been used for 150 days \(last used: \d{4}-\d\d-\d\d in us-east-1\)\.$/);
    // Information: notes, no advice (the step stays compliant).
    expect(plan.advice).toBeUndefined();
    expect(plan.notes).toHaveLength(1);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('a role never used counts from its creation: a new one is not named', () => {
    // One fixed "now" for both ends: two clock reads a millisecond apart made 120 days read as 119.
    const now = Date.parse('2026-12-07T12:00:00Z');
    const asOf = new Date(now).toISOString();
    const role = (name: string, createdDaysAgo: number) => ({ name, path: '/', created: new Date(now - createdDaysAgo * DAY).toISOString(), madeByBootstrap: false });
    expect(step.plan({ asOf, roles: [role('new', 10), role('forgotten', 120)] }, {}, planCtx).findings!.map((f) => f.what)).toEqual([
      'IAM role forgotten has not been used for 120 days (last used: never, as far as IAM has tracked).',
    ]);
  });

  it('speaks Japanese with no English left', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx());
    const { title, why, plan } = withLanguage('ja', () => ({ title: step.title, why: step.why, plan: step.plan(state, {}, planCtx) }));
    for (const text of [title, why, ...plan.notes!]) expect(englishLeft(text), text).toEqual([]);
  });
});
