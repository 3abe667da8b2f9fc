/** `--org` against a simulated organization: every account, one run, the same safety. */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { endStatus } from '../support/checklist.js';
import { freshOrganization, runOrgAgainst } from './support.js';

describe('--org', () => {
  it('--yes brings every active account to compliant; the invited one fails with the reason; the suspended one is never touched', async () => {
    const org = freshOrganization({ members: 2, invited: 1, suspended: 1 });
    const { report, output } = await runOrgAgainst(org);
    const ids = org.management.state.organization!.accounts;
    const [management, m1, m2, invited, suspended] = ids.map((a) => a.Id);
    expect(report.accounts.map((o) => o.account)).toEqual([management, m1, m2, invited]);
    for (const outcome of report.accounts.filter((o) => o.account !== invited)) {
      for (const step of checklist) {
        const rows = outcome.report!.results.filter((r) => r.step === step.id);
        expect(rows.length, `${outcome.account} ${step.id}`).toBeGreaterThan(0);
        expect(rows.every((r) => r.status === endStatus(step)), `${outcome.account} ${step.id}: ${JSON.stringify(rows)}`).toBe(true);
      }
    }
    const failed = report.accounts.find((o) => o.account === invited)!;
    expect(failed.report).toBeUndefined();
    expect(failed.error).toMatch(/could not assume OrganizationAccountAccessRole in \d{12}.*AccessDenied/);
    expect(report.exitCode).toBe(1);
    expect(org.accounts().has(suspended!)).toBe(false);
    expect(output).toMatch(/listed, not worked on \(SUSPENDED\)/);
    // The members' own state changed, the organization's file holds it.
    expect(org.account(m1!).state.regional['us-east-1']!.ebsEncryptionByDefault).toBe(true);
    expect(org.management.state.organization!.accounts[1]!.member!.regional['us-east-1']!.ebsEncryptionByDefault).toBe(true);
  });
});
