/**
 * `plan --org`'s matrix with the organization-wide steps: an "org" column group, per account
 * what the organization covers (◦) and what still needs a run; an account created after the run
 * shows exactly its per-account steps pending, and what the organization has left to do for it.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { organizationSteps } from '../../steps/organization/index.js';
import { renderMatrix, type AccountOutcome } from '../../src/org/report.js';
import type { ResultRow, RunReport } from '../../src/report/render.js';
import { freshOrganization, runOrgAgainst } from './support.js';

const chosen = { securityAccount: '210987654301', logArchiveAccount: '210987654302' };
const steps = checklist.filter((s) => ['alternate-contacts', 'ebs-encryption-by-default', 'access-analyzer', 'guardduty'].includes(s.id));

const row = (step: string, status: ResultRow['status'], extra: Partial<ResultRow> = {}): ResultRow => ({ step, title: step, status, changes: [], ...extra });
const report = (results: ResultRow[]): RunReport => ({ results, exitCode: 0 }) as unknown as RunReport;

describe('the matrix with the organization-wide steps', () => {
  it('an org column group: a step the organization does for all marks every account; one done per account marks the accounts it names', () => {
    const accounts: AccountOutcome[] = [
      { account: '210987654303', name: 'workload-3', report: report([row('guardduty', 'skipped', { coveredBy: 'organization-guardduty' }), row('ebs-encryption-by-default', 'compliant')]) },
      { account: '210987654305', name: 'new-team', report: report([row('guardduty', 'skipped', { coveredBy: 'organization-guardduty' }), row('ebs-encryption-by-default', 'would change')]) },
    ];
    const organization = {
      steps: [{ id: 'organization-guardduty' }, { id: 'organization-contacts', organization: { covers: [], perAccount: true } }],
      report: report([
        row('organization-guardduty', 'compliant', { organization: true }),
        row('organization-contacts', 'would change', { organization: true, changes: ['Set the billing, operations and security contacts of 210987654305 (new-team)'] }),
      ]),
    };
    const text = renderMatrix(['guardduty', 'ebs-encryption-by-default'], accounts, [], true, organization);
    expect(text).toMatch(/account +1 +2 +│ org +3 +4/);
    expect(text).toMatch(/210987654303 +◦ +✓ +│ +✓ +✓ +workload-3/);
    expect(text).toMatch(/210987654305 +◦ +~ +│ +✓ +~ +new-team/);
    expect(text).toMatch(/org: 3 organization-guardduty, 4 organization-contacts/);
  });

  it('a member added after the run: plan --org shows exactly its per-account steps pending (exit 2) and the organization covering it', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    await runOrgAgainst(org, { steps, organization: chosen });
    const added = org.addAccount('new-team');
    org.accounts().forEach((sim) => sim.settle());
    const { report: plan, output } = await runOrgAgainst(org, { steps, organization: chosen, dryRun: true });
    expect(plan.exitCode).toBe(2);
    const matrix = output.slice(output.lastIndexOf('Compliance by account'));
    // Columns: 1 alternate-contacts (◦), 2 ebs, 3 access-analyzer (◦), 4 guardduty (◦); then the organization-wide steps, in order:
    // the new account has its contacts (6) and its AWS Config role (10, organization-log-archive) to do; the topic (13) waits for its confirmation.
    const orgColumns = (pending: readonly string[]) => organizationSteps.map((s) => (pending.includes(s.id) ? '~' : s.id === 'organization-alerts-topic' ? '!' : '✓')).join(' +');
    expect(matrix).toMatch(new RegExp(`${added} +◦ +~ +◦ +◦ +│ +${orgColumns(['organization-contacts', 'organization-log-archive'])} +new-team`));
    for (const id of ['123456789012', '210987654301', '210987654303']) expect(matrix).toMatch(new RegExp(`${id} +◦ +✓ +◦ +◦ +│ +${orgColumns([])} `));
    expect(matrix).toMatch(/org: 5 organization-access, 6 organization-contacts, 7 organization-guardduty, 8 organization-security-hub, 9 organization-access-analyzer, 10 organization-log-archive/);
    expect(matrix).toMatch(/6 accounts: 0 with failures, 1 with changes pending/);
  });
});
