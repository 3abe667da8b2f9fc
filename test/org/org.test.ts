/** `--org` against a simulated organization: every account, one run, the same safety. */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { reachOrganization } from '../../src/org/reach.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { memberState } from '../../src/sim/organization-state.js';
import { endStatus, waitingForAPerson } from '../support/checklist.js';
import { comparable } from '../support/state.js';
import { inJapanese } from '../support/language.js';
import { ScriptedHost } from '../support/wizard.js';
import { exampleConfig, freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const ids = (org: ReturnType<typeof freshOrganization>) => org.management.state.organization!.accounts.map((a) => a.Id);

describe('--org', () => {
  it('--yes brings every active account to compliant; the invited one fails with the reason; the suspended one is never touched', async () => {
    const org = freshOrganization({ members: 2, invited: 1, suspended: 1 });
    const { report, output } = await runOrgAgainst(org);
    const [management, m1, m2, invited, suspended] = ids(org);
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
    // The suspended account was listed, and nothing was ever sent to it.
    expect(org.accounts().has(suspended!)).toBe(false);
    expect(output).toMatch(new RegExp(`${suspended}.*listed, not worked on \\(SUSPENDED\\)`));
    expect(output).toMatch(new RegExp(`${invited}.*could not assume OrganizationAccountAccessRole`));
    // Each member's own state changed, inside the organization's one state tree.
    expect(memberState(org.management.state, m1!)!.regional['us-east-1']!.ebsEncryptionByDefault).toBe(true);
    expect(memberState(org.management.state, m2!)!.iam.passwordPolicy?.MinimumPasswordLength).toBe(14);
    // Each account's changes are in its own undo log, in its own folder.
    const logs = report.accounts.filter((o) => o.report).map((o) => o.report!.undoLog!);
    expect(new Set(logs).size).toBe(3);
    for (const outcome of report.accounts.filter((o) => o.report)) expect(outcome.report!.undoLog).toContain(`/undo-logs/${outcome.account}/`);
  });

  it('a second run makes zero mutating calls in every account; a dry run makes none either', async () => {
    const org = freshOrganization({ members: 2 });
    const plan = await runOrgAgainst(org, { dryRun: true });
    expect([...mutationsByAccount(org).values()]).toEqual([0, 0, 0]);
    expect(plan.report.exitCode).toBe(2);
    expect(plan.output).toMatch(/In 3 accounts × 3 regions: ~ would change: Turn on EBS encryption by default/);
    await runOrgAgainst(org);
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org);
    expect(mutationsByAccount(org)).toEqual(before);
    for (const outcome of again.report.accounts) {
      const notCompliant = outcome.report!.results.filter((r) => r.status !== 'compliant').map((r) => r.step);
      expect([...new Set(notCompliant)].sort(), outcome.account).toEqual(waitingForAPerson(checklist).sort());
    }
  });

  it('undo --org puts every account back as it was (apart from what undo keeps on purpose)', async () => {
    const org = freshOrganization({ members: 2 });
    const start = ids(org).map((id) => comparable(id === org.management.state.accountId ? org.management.state : memberState(org.management.state, id)!));
    await runOrgAgainst(org);
    const { report } = await undoOrgAgainst(org);
    expect(report.accounts.flatMap((o) => o.report!.results.filter((r) => r.status === 'failed'))).toEqual([]);
    expect(report.exitCode).toBe(0);
    ids(org).forEach((id, i) => {
      const after = comparable(id === org.management.state.accountId ? org.management.state : memberState(org.management.state, id)!);
      after.account.contactInformation.PhoneNumber = start[i]!.account.contactInformation.PhoneNumber;
      const { organization: _a, ...afterRest } = after as typeof after & { organization?: unknown };
      const { organization: _b, ...startRest } = start[i] as typeof after & { organization?: unknown };
      expect(afterRest, id).toEqual(startRest);
    });
  });

  it('undo --org asks once, over the accounts, for what cannot be had again; "choose accounts" keeps it in the others (issue 26)', async () => {
    const org = freshOrganization({ members: 2 });
    await runOrgAgainst(org);
    const [first, ...others] = ids(org);
    const host = new ScriptedHost(true, {}, ['yes', 'some']);
    host.picks = [[first!]];
    const { report } = await undoOrgAgainst(org, { host });
    const destructive = host.confirmations.filter((c) => c.destructive);
    expect(destructive).toHaveLength(1);
    expect(destructive[0]!.choose).toBe('accounts');
    for (const id of ids(org)) expect(destructive[0]!.message).toContain(id);
    expect(host.offered).toEqual([{ what: 'accounts', items: ids(org) }]);
    const hubs = (id: string) => {
      const state = id === org.management.state.accountId ? org.management.state : memberState(org.management.state, id)!;
      return Object.values(state.regional).filter((r) => r.securityHub).length;
    };
    expect(hubs(first!)).toBe(0);
    for (const id of others) expect(hubs(id), id).toBe(3);
    expect(report.accounts.flatMap((o) => o.report!.results.filter((r) => r.status === 'failed'))).toEqual([]);
    // The result names what undo left for a person, grouped over the accounts.
    expect(host.output).toMatch(/cloudtrail\n(?:.*\n)*? {2}In 3 accounts: ! action needed: The S3 bucket aws-bootstrap-cloudtrail-<account>-us-east-1/);
  }, 120_000);

  it('interactively, each step is asked once for all accounts, and a dangerous step names the accounts', async () => {
    const org = freshOrganization({ members: 2 });
    // The budget amount is left out: asked once, used in every account.
    const config = structuredClone(exampleConfig) as Record<string, Record<string, unknown>>;
    delete config['monthly-budget']!.amount;
    delete config['monthly-budget']!.emails;
    const host = new ScriptedHost(true, { amount: '80', emails: 'budget@example.com' }, []);
    const { report } = await runOrgAgainst(org, { host, config });
    expect(host.asked.map((q) => q.path)).toEqual(['amount', 'emails']);
    // As in a single run, the billing contact given earlier is offered for the budget's alerts.
    expect(host.asked[1]!.suggestion).toContain((config['alternate-contacts']!.billing as { email: string }).email);
    for (const id of ids(org)) {
      const state = id === org.management.state.accountId ? org.management.state : memberState(org.management.state, id)!;
      expect(state.budgets['aws-bootstrap-monthly-cost']!.budget.BudgetLimit!.Amount, id).toMatch(/^80(\.0+)?$/);
    }
    // One confirmation per step with changes, not one per account.
    const asked = host.confirmations.map((c) => c.message);
    expect(asked.length).toBeLessThanOrEqual(checklist.length);
    expect(asked.filter((m) => /in 3 accounts\?/.test(m)).length).toBeGreaterThan(10);
    const vpcs = host.confirmations.find((c) => c.destructive)!;
    for (const id of ids(org)) expect(vpcs.message).toContain(id);
    expect(report.exitCode).toBe(0);
  });

  it("Ctrl-C in the middle: every account's log stays valid, and a rerun finishes the job", async () => {
    const org = freshOrganization({ members: 2 });
    const controller = new AbortController();
    // Stop as soon as some account has made a few changes.
    const timer = setInterval(() => {
      if ([...mutationsByAccount(org).values()].some((n) => n > 5)) controller.abort();
    }, 1);
    const first = await runOrgAgainst(org, { signal: controller.signal });
    clearInterval(timer);
    expect(controller.signal.aborted).toBe(true);
    for (const outcome of first.report.accounts) {
      if (outcome.report?.undoLog && outcome.report.undoRecords) {
        const { readUndoLog } = await import('../../src/undo/log.js');
        const log = readUndoLog(outcome.report.undoLog);
        expect(log.chained).toBe(true);
        expect(log.tornLines).toEqual([]);
      }
    }
    org.accounts().forEach((sim) => sim.settle());
    const rerun = await runOrgAgainst(org);
    expect(rerun.report.exitCode).toBe(0);
  });
});

describe('--org inputs and permissions', () => {
  it('in Japanese too, an input missing in every account is asked once (the rows say which, whatever the language)', async () => {
    const org = freshOrganization({ members: 1 });
    const config = structuredClone(exampleConfig) as Record<string, Record<string, unknown>>;
    delete config['monthly-budget']!.amount;
    const host = new ScriptedHost(true, { amount: '70' }, []);
    const { report } = await inJapanese(() => runOrgAgainst(org, { host, config }));
    expect(host.asked.map((q) => q.path)).toEqual(['amount']);
    expect(host.asked[0]!.message).toMatch(/予算/);
    expect(report.exitCode).toBe(0);
  });

  it("one account's own inputs (accounts.<id> in the config file) override the shared ones, for that account only", async () => {
    const org = freshOrganization({ members: 2 });
    const [management, m1, m2] = ids(org);
    await runOrgAgainst(org, { accountConfig: { [m1!]: { 'monthly-budget': { amount: 500 } } } });
    const amountIn = (id: string) => (id === management ? org.management.state : memberState(org.management.state, id)!).budgets['aws-bootstrap-monthly-cost']!.budget.BudgetLimit!.Amount;
    expect(amountIn(m1!)).toMatch(/^500(\.0+)?$/);
    expect(amountIn(m2!)).toMatch(/^50(\.0+)?$/);
    expect(amountIn(management!)).toMatch(/^50(\.0+)?$/);
  });

  it('the printed policy with --org allows what the management account calls to reach the members', async () => {
    const { allowsRequest, policyFor } = await import('../../src/permissions.js');
    const org = freshOrganization({ members: 1 });
    await runOrgAgainst(org, { dryRun: true });
    const policy = policyFor(checklist, 'plan', { orgRoleName: 'OrganizationAccountAccessRole' });
    const orgCalls = org.management.calls.filter((c) => c.action === 'ListAccounts' || c.action === 'AssumeRole');
    expect(orgCalls.length).toBeGreaterThan(1);
    for (const call of orgCalls) {
      const action = call.service === 'sts' ? 'sts:AssumeRole' : 'organizations:ListAccounts';
      const resource = call.service === 'sts' ? (call.input as { RoleArn: string }).RoleArn : undefined;
      expect(allowsRequest(policy, { action, ...(resource ? { resource } : {}) }), `${action} ${resource}`).toBe(true);
    }
    // Without --org the policy grants neither, and another role name is not covered.
    expect(allowsRequest(policyFor(checklist, 'plan'), { action: 'organizations:ListAccounts' })).toBe(false);
    const other = policyFor(checklist, 'plan', { orgRoleName: 'AWSControlTowerExecution' });
    expect(allowsRequest(other, { action: 'sts:AssumeRole', resource: (orgCalls.find((c) => c.service === 'sts')!.input as { RoleArn: string }).RoleArn })).toBe(false);
  });

  describe('an account whose role cannot be assumed (issue 22 item 11)', () => {
    const cannotAssume = /^could not assume OrganizationAccountAccessRole in \d{12}: .*AccessDenied.*\(an invited account has no such role until someone creates it; Control Tower accounts use --role-name AWSControlTowerExecution\)$/;

    it('is reached as a row with the reason and no clients; the others with theirs, the management account with its own', async () => {
      const org = freshOrganization({ members: 1, invited: 1 });
      const [management, member, invited] = ids(org);
      const management$ = simulatedClients(org.management);
      const { reached } = await reachOrganization({
        management: management$,
        clientsFor: (accountId, credentials) => simulatedClients(org.account(accountId), { credentials }),
        roleName: 'OrganizationAccountAccessRole',
        selection: {},
        accountConcurrency: 4,
        homeRegion: 'us-east-1',
        host: new ScriptedHost(false),
      });
      expect(reached.map((r) => [r.account.id, Boolean(r.clients), r.error === undefined])).toEqual([[management, true, true], [member, true, true], [invited, false, false]]);
      expect(reached[0]!.clients).toBe(management$);
      expect(reached[2]!.error).toMatch(cannotAssume);
      // Nothing was sent to it.
      expect(org.accounts().get(invited!)?.calls ?? []).toEqual([]);
    });

    it('undo --org and a dry run report it as not worked on, with the reason, and go on with the others', async () => {
      const org = freshOrganization({ members: 1, invited: 1 });
      const [management, member, invited] = ids(org);
      const plan = await runOrgAgainst(org, { dryRun: true });
      expect(plan.report.accounts.find((o) => o.account === invited)).toEqual({ account: invited, name: expect.any(String), error: expect.stringMatching(cannotAssume) });
      expect(plan.output).toMatch(new RegExp(`${invited}[ ✗]+not worked on: could not assume OrganizationAccountAccessRole in ${invited}`));
      await runOrgAgainst(org);
      const { report, output } = await undoOrgAgainst(org);
      expect(report.accounts.map((o) => [o.account, o.report ? 'undone' : o.error])).toEqual([[management, 'undone'], [member, 'undone'], [invited, expect.stringMatching(cannotAssume)]]);
      expect(report.accounts.flatMap((o) => o.report?.results.filter((r) => r.status === 'failed') ?? [])).toEqual([]);
      expect(output).toMatch(new RegExp(`${invited}[ ✗]+not worked on: could not assume OrganizationAccountAccessRole in ${invited}`));
      expect(report.exitCode).toBe(1);
    });
  });
});
