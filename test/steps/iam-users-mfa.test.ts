import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../src/i18n/index.js';
import { seedDemoAccount } from '../../src/sim/demo.js';
import step from '../../steps/iam-users-mfa.js';
import { englishLeft } from '../support/english.js';
import { planCtx, pollWithoutWaiting } from '../support/credential-report.js';
import { simEnv } from '../support/sim.js';

pollWithoutWaiting();

describe('iam-users-mfa', () => {
  it('is a read-only check', () => {
    expect(step.readOnly).toBe(true);
    expect(step.permissions).toEqual({ observe: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'], apply: [] });
  });

  it('a fresh account (one user without a password) is compliant, and nothing is changed', async () => {
    const { sim, ctx } = simEnv();
    const state = await step.observe(ctx());
    expect(state.users).toEqual([{ name: 'demo-admin', password: false, mfa: false }]);
    expect(step.plan(state, {}, planCtx)).toEqual({ changes: [] });
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('lists the user with a console password and no MFA, not the one with MFA nor those without a password', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx());
    const plan = step.plan(state, {}, planCtx);
    expect(plan.findings).toEqual([{
      resource: 'alice',
      severity: 'high',
      what: `IAM user alice has a console password and no MFA (password last used: ${sim.state.iam.users.alice!.password!.lastUsed!.slice(0, 10)}).`,
      why: expect.stringMatching(/^Anyone who learns the password/),
      advice: expect.stringMatching(/Assign MFA device; or give the person a user in IAM Identity Center .*`aws iam delete-login-profile --user-name alice`/),
    }]);
    expect(plan.changes).toEqual([]);
    expect(plan.advice).toEqual([`${plan.findings![0]!.what} ${plan.findings![0]!.why} ${plan.findings![0]!.advice}`]);
    // A password never used reads as never.
    sim.state.iam.users.carol = { ...sim.state.iam.users.bob!, UserName: 'carol', mfaDevices: [], password: { changed: new Date().toISOString() } };
    expect(step.plan(await step.observe(ctx()), {}, planCtx).findings!.map((f) => f.what)).toContain('IAM user carol has a console password and no MFA (password last used: never).');
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('speaks Japanese with no English left', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx());
    const { title, why, plan } = withLanguage('ja', () => ({ title: step.title, why: step.why, plan: step.plan(state, {}, planCtx) }));
    for (const text of [title, why, ...plan.advice!]) expect(englishLeft(text), text).toEqual([]);
  });
});
