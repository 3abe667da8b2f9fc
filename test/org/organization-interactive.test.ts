/**
 * An interactive `--org` run: "all" answered in the organization-wide part holds for the rest of
 * the run (the per-account steps are applied without asking again), as in a single-account run;
 * what deletes is still asked on its own.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { ScriptedHost } from '../support/wizard.js';
import { freshOrganization, runOrgAgainst } from './support.js';

const chosen = { securityAccount: '210987654301', logArchiveAccount: '210987654302' };
const steps = checklist.filter((s) => ['alternate-contacts', 'ebs-encryption-by-default', 's3-block-public-access', 'guardduty'].includes(s.id));

describe('interactive --org', () => {
  it('"all" in the organization-wide part carries to the per-account steps: asked once in the whole run', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const host = new ScriptedHost(true, {}, ['all']);
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen, host });
    expect(host.confirmations.map((c) => c.message)).toHaveLength(1);
    // All applied: the topic waits only for its subscription to be confirmed; the account-joined rules are needed only in us-east-1 (where Organizations' events arrive) and at home.
    expect(report.organization!.results.filter((r) => r.status !== 'changed').map((r) => [r.step, r.status, r.region ?? ''])).toEqual([
      ['organization-alerts-topic', 'action needed', ''],
      ['organization-account-joined', 'compliant', 'us-east-2'],
      ['organization-account-joined', 'compliant', 'us-west-1'],
    ]);
    for (const outcome of report.accounts) {
      for (const id of ['ebs-encryption-by-default', 's3-block-public-access']) expect(outcome.report!.results.filter((r) => r.step === id).every((r) => r.status === 'changed'), `${outcome.account} ${id}`).toBe(true);
    }
    expect(output).toMatch(/You answered "all" for the organization-wide steps: the per-account steps are applied too, without asking again/);
    expect(report.exitCode).toBe(0);
  });

  it('"yes" step by step in the organization-wide part: each per-account step is still asked', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const host = new ScriptedHost(true, {}, []);
    await runOrgAgainst(org, { steps, organization: chosen, host });
    // The 4 organization-wide steps, then the 2 per-account steps with something to do.
    expect(host.confirmations.map((c) => c.message).filter((m) => /Apply this step in \d+ accounts/.test(m))).toHaveLength(2);
  });
});
