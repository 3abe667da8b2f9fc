import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/render.js';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import { seedDemoAccount } from '../../src/sim/demo.js';
import { credentialReportCsv, CREDENTIAL_REPORT_COLUMNS } from '../../src/sim/services/iam-credentials.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import step from '../../steps/iam-access-keys.js';
import { credentialReportRows, credentialReportWait } from '../../steps/shared/credential-report.js';
import { englishLeft } from '../support/english.js';
import { planCtx, pollWithoutWaiting } from '../support/credential-report.js';
import { simEnv } from '../support/sim.js';
import { runAgainst } from '../support/wizard.js';

pollWithoutWaiting();

describe('iam-access-keys', () => {
  it('is a read-only check', () => {
    expect(step.readOnly).toBe(true);
    expect(step.permissions.apply).toEqual([]);
  });

  it('the simulated report has the columns AWS documents, in order, and a row for root', () => {
    const state = freshAccountState();
    seedDemoAccount(state, 'findings');
    const csv = credentialReportCsv(state);
    expect(csv.split('\n')[0]).toBe('user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated');
    const rows = credentialReportRows(csv);
    expect(rows[0]).toMatchObject({ user: '<root_account>', password_enabled: 'not_supported' });
    expect(rows.every((r) => Object.keys(r).length === CREDENTIAL_REPORT_COLUMNS.length)).toBe(true);
    expect(rows.find((r) => r.user === 'demo-admin')).toMatchObject({ password_enabled: 'false', password_last_used: 'N/A', access_key_1_active: 'false', access_key_1_last_rotated: 'N/A' });
    expect(rows.find((r) => r.user === 'ci-deploy')!.access_key_1_last_rotated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('a fresh account has no keys to list: compliant, and nothing is changed', async () => {
    const { sim, ctx } = simEnv();
    const state = await step.observe(ctx());
    expect(state.keys).toEqual([]);
    expect(step.plan(state, {}, planCtx)).toEqual({ changes: [] });
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('lists the 200-day key and the key unused for 200 days, not the 30-day key used yesterday; only the ids\' last 4 characters', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx());
    const plan = step.plan(state, {}, planCtx);
    const alice = sim.state.iam.users.alice!.accessKeys![0]!.AccessKeyId;
    const ci = sim.state.iam.users['ci-deploy']!.accessKeys![0]!.AccessKeyId;
    expect(plan.findings!.map((f) => f.resource)).toEqual([`alice …${alice.slice(-4)}`, `ci-deploy …${ci.slice(-4)}`]);
    expect(plan.findings![1]!.what).toBe(`Access key …${ci.slice(-4)} of IAM user ci-deploy is 400 days old, last used ${sim.state.iam.users['ci-deploy']!.accessKeys![0]!.lastUsed!.date.slice(0, 10)} (s3).`);
    expect(plan.advice).toHaveLength(2);
    // No whole key id anywhere: not in the state, not in the plan.
    for (const id of [alice, ci]) expect(JSON.stringify([state, plan])).not.toContain(id);
    expect(JSON.stringify(plan)).not.toContain('build-bot');
    // ListAccessKeys only for the users with a key to list.
    expect(sim.calls.filter((c) => c.action === 'ListAccessKeys').map((c) => (c.input as { UserName: string }).UserName).sort()).toEqual(['alice', 'ci-deploy']);
    expect(sim.mutatingCalls()).toEqual([]);
    // A second read sees the same (the report is reused) and plans the same.
    expect(step.plan(await step.observe(ctx()), {}, planCtx)).toEqual(plan);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('polls a report that is not ready at once: GenerateCredentialReport until COMPLETE, then GetCredentialReport', async () => {
    const { sim, ctx } = simEnv();
    await step.observe(ctx());
    const report = sim.calls.filter((c) => c.service === 'iam').map((c) => `${c.action}${c.error ? ` ${c.error}` : ''}`);
    // STARTED, then COMPLETE on the next poll.
    expect(report).toEqual(['GenerateCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);
  });

  it('a GetCredentialReport that says the report is still being written is polled again', async () => {
    const { sim, ctx } = simEnv();
    sim.state.iam.credentialReport = { generatedAt: new Date().toISOString(), pendingPolls: 0 };
    sim.inject({ service: 'iam', action: 'GetCredentialReport', code: 'CredentialReportNotReadyException', status: 404, times: 1 });
    expect((await step.observe(ctx())).keys).toEqual([]);
    expect(sim.calls.map((c) => `${c.action}${c.error ? ` ${c.error}` : ''}`)).toEqual([
      'GenerateCredentialReport', 'GetCredentialReport CredentialReportNotReadyException', 'GenerateCredentialReport', 'GetCredentialReport',
    ]);
  });

  it('a report that never gets ready fails the step with the reason, after a bounded wait', async () => {
    const state = freshAccountState();
    state.iam.credentialReport = { generatedAt: new Date().toISOString(), pendingPolls: 1_000 };
    const sim = new SimulatedAccount(state);
    const { report } = await runAgainst(sim, { steps: [step], dryRun: true });
    expect(report.results).toEqual([expect.objectContaining({ step: 'iam-access-keys', status: 'failed', detail: expect.stringMatching(/credentials report was not ready after \d+ seconds \(last answer: INPROGRESS\)/) })]);
    expect(sim.calls.filter((c) => c.action === 'GenerateCredentialReport')).toHaveLength(credentialReportWait.delaysMs.length + 1);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('--json carries the findings as data (step, resource, severity, advice); a second run is the same', async () => {
    const state = freshAccountState();
    seedDemoAccount(state, 'findings');
    const sim = new SimulatedAccount(state);
    const first = await runAgainst(sim, { steps: [step] });
    const json = JSON.parse(renderJson(first.report)) as { results: Array<{ status: string; findings: Array<Record<string, string>> }> };
    expect(json.results[0]!.status).toBe('action needed');
    expect(json.results[0]!.findings.map((f) => [f.step, f.region, f.severity])).toEqual([['iam-access-keys', undefined, 'medium'], ['iam-access-keys', undefined, 'medium']]);
    expect(json.results[0]!.findings[0]!.advice).toMatch(/^Rotate or delete it: IAM console/);
    expect(sim.mutatingCalls()).toEqual([]);
    const second = await runAgainst(sim, { steps: [step] });
    expect(second.report.results).toEqual(first.report.results);
    expect(first.host.confirmations).toEqual([]);
  });

  it('speaks Japanese with no English left', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx());
    const { title, why, plan } = withLanguage('ja', () => ({ title: step.title, why: step.why, plan: step.plan(state, {}, planCtx) }));
    for (const text of [title, why, ...plan.advice!]) expect(englishLeft(text), text).toEqual([]);
    credentialReportWait.delaysMs = [0];
    sim.state.iam.credentialReport = { generatedAt: new Date().toISOString(), pendingPolls: 1_000 };
    // The language is read when the text is used, after the polls: set for the whole call, as a run does.
    setLanguage('ja');
    try {
      const failure = await step.observe(ctx()).catch((error: Error) => error.message);
      expect(failure).toMatch(/認証情報レポート/);
      expect(englishLeft(failure as string)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
