/**
 * organization-contacts end to end: the alternate contacts of every account of the organization
 * set from the management account (AccountId for each member, no role assumed), standing in for
 * the per-account alternate-contacts step; a second run and a dry run change nothing; undo puts
 * back what was there.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { organizationAccountState } from '../../src/sim/organization-state.js';
import type { SimAlternateContact } from '../../src/sim/state.js';
import { exampleConfig, freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const chosen = { securityAccount: '210987654301', logArchiveAccount: '210987654302' };
const steps = checklist.filter((s) => ['alternate-contacts', 'ebs-encryption-by-default'].includes(s.id));
const CONTACT_ACTIONS = new Set(['GetAlternateContact', 'PutAlternateContact', 'DeleteAlternateContact']);
const configured = exampleConfig['alternate-contacts'] as Record<string, { name: string }>;

const organizationWithTools = () => freshOrganization({ members: 2, securityAccounts: true });
type Org = ReturnType<typeof organizationWithTools>;
const active = (org: Org) => org.management.state.organization!.accounts.filter((a) => a.State === 'ACTIVE').map((a) => a.Id);
const contactsOf = (org: Org, id: string) => organizationAccountState(org.management.state, id)!.account.alternateContacts;
const names = (org: Org, id: string) => Object.fromEntries(Object.entries(contactsOf(org, id)).map(([type, c]) => [type, (c as SimAlternateContact).Name]));

describe('--org: alternate contacts from the management account', () => {
  it('sets the contacts of every account through the management account, AccountId for each member, no role assumed for it', async () => {
    const org = organizationWithTools();
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen });
    const row = report.organization!.results.find((r) => r.step === 'organization-contacts')!;
    expect(row.status, row.detail).toBe('changed');
    const management = org.management.state.accountId;
    const wanted = { BILLING: configured.billing!.name, OPERATIONS: configured.operations!.name, SECURITY: configured.security!.name };
    for (const id of active(org)) expect(names(org, id), id).toEqual(wanted);
    // Every contact call went through the management account's client: AccountId for the members, none for itself.
    const puts = org.management.calls.filter((c) => c.service === 'account' && c.action === 'PutAlternateContact');
    const named = puts.map((c) => (c.input as { AccountId?: string }).AccountId ?? 'own');
    expect(named.filter((n) => n === 'own')).toHaveLength(3);
    expect([...new Set(named.filter((n) => n !== 'own'))].sort()).toEqual(active(org).filter((id) => id !== management).sort());
    for (const [id, sim] of org.accounts()) {
      if (id === management) continue;
      expect(sim.calls.filter((c) => c.service === 'account' && CONTACT_ACTIONS.has(c.action)), id).toEqual([]);
    }
    // Trusted access for account management came first (organization-access), then the contacts.
    expect(org.management.state.organization!.trustedServices!.map((t) => t.ServicePrincipal)).toContain('account.amazonaws.com');
    // The per-account step is covered: not run in any account, shown as such in the matrix.
    for (const outcome of report.accounts) {
      expect(outcome.report!.results.filter((r) => r.step === 'alternate-contacts').map((r) => r.detail)).toEqual(['covered by the organization (organization-contacts)']);
    }
    expect(output).toMatch(/Not run per account, the organization covers them: alternate-contacts \(organization-contacts\)/);
    expect(report.exitCode).toBe(0);
  });

  it('a dry run makes no mutating call and previews every account; a second run makes none either', async () => {
    const org = organizationWithTools();
    const plan = await runOrgAgainst(org, { steps, organization: chosen, dryRun: true });
    expect([...mutationsByAccount(org).values()].every((n) => n === 0)).toBe(true);
    // Trusted access is off before the run: the members are read once it is on.
    expect(plan.output).toMatch(/Set the billing, operations and security contacts of 210987654303 \(workload-3\) where none is set/);
    expect(plan.output).toMatch(/Set the billing, operations and security contacts of 123456789012 \(management\)/);
    expect(plan.report.exitCode).toBe(2);
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org, { steps, organization: chosen });
    expect(mutationsByAccount(org)).toEqual(before);
    expect(again.report.organization!.results.find((r) => r.step === 'organization-contacts')!.status).toBe('compliant');
    // With trusted access on, the dry run reads every member and has nothing to preview.
    const quiet = await runOrgAgainst(org, { steps, organization: chosen, dryRun: true });
    expect(mutationsByAccount(org)).toEqual(before);
    expect(quiet.output).toMatch(/Every one of the organization's 5 accounts has the configured contacts, or keeps its own/);
  });

  it('a member that has its own security contact keeps it (said once), and undo puts back what was there, per account', async () => {
    const org = organizationWithTools();
    const member = '210987654303';
    const own: SimAlternateContact = { AlternateContactType: 'SECURITY', Name: 'Own SOC', Title: 'SOC', EmailAddress: 'soc@example.org', PhoneNumber: '+1 555 0100' };
    contactsOf(org, member).SECURITY = own;
    const { output } = await runOrgAgainst(org, { steps, organization: chosen });
    expect(contactsOf(org, member).SECURITY).toEqual(own);
    expect(names(org, member).BILLING).toBe(configured.billing!.name);
    org.accounts().forEach((sim) => sim.settle());
    // Replaced when told so; undo puts the member's own contact back.
    await runOrgAgainst(org, { steps, organization: chosen, config: { ...exampleConfig, 'alternate-contacts': { ...configured, replaceExisting: true } } });
    expect(names(org, member).SECURITY).toBe(configured.security!.name);
    expect(output).not.toMatch(/error/i);
    org.accounts().forEach((sim) => sim.settle());
    const { report } = await undoOrgAgainst(org);
    expect(report.organization!.results.filter((r) => r.status === 'failed')).toEqual([]);
    // The newest organization log (the replacing run) is taken back: the member's own contact is back.
    expect(contactsOf(org, member).SECURITY).toEqual(own);
  });

  it('undo removes the contacts the run added, in every account', async () => {
    const org = organizationWithTools();
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    const { report } = await undoOrgAgainst(org);
    expect(report.organization!.results.filter((r) => r.status === 'failed')).toEqual([]);
    for (const id of active(org)) expect(contactsOf(org, id), id).toEqual({});
  });
});
