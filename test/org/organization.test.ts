/**
 * `--org` the AWS SRA way: the security and log archive accounts chosen once, the
 * organization-wide steps run first from the management account, the per-account runs skipping
 * what the organization covers, and new accounts covered by AWS itself.
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { organizationSteps } from '../../steps/organization/index.js';
import type { SimCall } from '../../src/sim/account.js';
import { InputError } from '../../src/core/errors.js';
import { memberState, organizationAccountState } from '../../src/sim/organization-state.js';
import type { SimState } from '../../src/sim/state.js';
import { inJapanese } from '../support/language.js';
import type { ConfirmRequest } from '../../src/engine/host.js';
import { ScriptedHost } from '../support/wizard.js';

/** A person who says yes to everything but what destroys (the default there is No). */
class KeepsWhatDestroys extends ScriptedHost {
  override async confirm(request: ConfirmRequest) {
    this.confirmations.push(request);
    return request.destructive ? ('no' as const) : ('yes' as const);
  }
}
import { freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const SECURITY = '210987654301';
const LOG_ARCHIVE = '210987654302';
const chosen = { securityAccount: SECURITY, logArchiveAccount: LOG_ARCHIVE };
// A few per-account steps keep each run short: two the organization covers, one it does not.
const steps = checklist.filter((s) => ['ebs-encryption-by-default', 'access-analyzer', 'guardduty'].includes(s.id));

/**
 * The organization's alerts topic ends "action needed" until the address clicks the link SNS
 * emailed (the simulation never clicks it): that row, and only that one, is not `status`.
 */
const CONFIRM = ['organization-alerts-topic', 'action needed', 'Confirm the subscription email sent to security@example.com (SNS sent a link).'];
const notAll = (results: ReadonlyArray<{ step: string; status: string; detail?: string }>, status: string) =>
  results.filter((r) => r.status !== status).map((r) => [r.step, r.status, r.detail]);

const organizationWithTools = () => freshOrganization({ members: 2, securityAccounts: true });
const root = (org: ReturnType<typeof freshOrganization>) => org.management.state;
const regionsOf = (state: SimState) => Object.keys(state.regional);
const others = (org: ReturnType<typeof freshOrganization>) => root(org).organization!.accounts.filter((a) => a.Id !== SECURITY && a.State === 'ACTIVE').map((a) => a.Id);

function expectCovered(org: ReturnType<typeof freshOrganization>, accountId: string): void {
  const state = organizationAccountState(root(org), accountId)!;
  for (const region of regionsOf(root(org))) {
    const detectors = state.regional[region]?.detectors ?? [];
    expect(detectors.map((d) => [d.Status, d.administratorId]), `${accountId} ${region}`).toEqual([['ENABLED', SECURITY]]);
  }
}

describe('--org with a security account and a log archive account', () => {
  it('--yes: the organization-wide steps are applied first and read back; the per-account runs skip what they cover', async () => {
    const org = organizationWithTools();
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen });
    // organization-account-joined acts in us-east-1 (Organizations' events) and the home region only: elsewhere it has nothing to do.
    const elsewhere = (r: { step: string; region?: string }) => r.step === 'organization-account-joined' && r.region !== 'us-east-1';
    expect(notAll(report.organization!.results.filter((r) => !elsewhere(r)), 'changed'), JSON.stringify(report.organization!.results)).toEqual([CONFIRM]);
    expect(report.organization!.results.filter(elsewhere).map((r) => [r.status, r.changes?.length ?? 0])).toEqual([['compliant', 0], ['compliant', 0]]);
    expect(report.exitCode).toBe(0);
    const organization = root(org).organization!;
    const regions = regionsOf(root(org));
    // GuardDuty: the security account is administrator in every region, enrolling every account, new ones too.
    for (const region of regions) expect(organization.guardduty![region]).toEqual({ adminAccountId: SECURITY, autoEnable: 'ALL' });
    for (const id of others(org)) expectCovered(org, id);
    // Access Analyzer: trusted access, the security account its delegated administrator, one organization analyzer per region there.
    expect(organization.trustedServices!.map((t) => t.ServicePrincipal).sort()).toEqual(['access-analyzer.amazonaws.com', 'account.amazonaws.com', 'cloudtrail.amazonaws.com', 'config.amazonaws.com', 'guardduty.amazonaws.com', 'securityhub.amazonaws.com']);
    expect(organization.delegatedAdministrators!.map((a) => `${a.ServicePrincipal}=${a.AccountId}`).sort()).toEqual([
      `access-analyzer.amazonaws.com=${SECURITY}`, `config.amazonaws.com=${SECURITY}`, `guardduty.amazonaws.com=${SECURITY}`, `securityhub.amazonaws.com=${SECURITY}`,
    ]);
    const security = memberState(root(org), SECURITY)!;
    for (const region of regions) expect(security.regional[region]!.analyzers.map((a) => a.type)).toEqual(['ORGANIZATION']);
    // No account got an analyzer of its own: the organization's covers it.
    for (const id of others(org)) for (const region of regions) expect(organizationAccountState(root(org), id)!.regional[region]!.analyzers, `${id} ${region}`).toEqual([]);
    // Each account's run: the covered steps say so; the others ran.
    for (const outcome of report.accounts) {
      for (const id of ['guardduty', 'access-analyzer']) {
        expect(outcome.report!.results.filter((r) => r.step === id).map((r) => [r.status, r.detail])).toEqual([['skipped', `covered by the organization (organization-${id})`]]);
      }
      expect(outcome.report!.results.filter((r) => r.step === 'ebs-encryption-by-default').every((r) => r.status === 'changed')).toBe(true);
    }
    expect(output).toMatch(/Organization-wide steps: once, from the management account 123456789012/);
    // Shown as organization scope, in the step's heading and the summary.
    expect(output).toMatch(new RegExp(`\\[1/${organizationSteps.length}\\] The organization trusts its security services, and the security account administers them {2}organization-access · organization`));
    expect(output).toMatch(/organization-access +organization +✓ changed/);
    expect(report.organization!.results.every((r) => r.organization)).toBe(true);
    expect(output).toMatch(/In 5 accounts: - skipped: covered by the organization \(organization-guardduty\)/);
    expect(output).toMatch(/Not run per account, the organization covers them: access-analyzer \(organization-access-analyzer\), guardduty \(organization-guardduty\)/);
    // The matrix marks what the organization covers apart.
    // The organization-wide columns: all done, but the topic waiting for its subscription to be confirmed (!).
    const orgColumns = organizationSteps.map((s) => (s.id === 'organization-alerts-topic' ? '!' : '✓')).join(' +');
    expect(output).toMatch(new RegExp(`210987654303 +✓ +◦ +◦ +│ +${orgColumns} +workload-3`));
    expect(output).toMatch(/◦ covered by the organization/);
    // The organization run's undo log lives with the management account's logs.
    expect(report.organization!.undoLog).toContain('/undo-logs/123456789012/organization/');
  });

  it('a second run makes zero mutating calls in every account; a dry run makes none and previews the organization-wide steps', async () => {
    const org = organizationWithTools();
    const plan = await runOrgAgainst(org, { steps, organization: chosen, dryRun: true });
    expect([...mutationsByAccount(org).values()].every((n) => n === 0)).toBe(true);
    expect(plan.report.exitCode).toBe(2);
    expect(plan.output).toMatch(/Make 210987654301 \(security\) the GuardDuty delegated administrator/);
    expect(plan.output).toMatch(/Register 210987654301 \(security\) as the delegated administrator for access-analyzer\.amazonaws\.com/);
    expect(plan.output).toMatch(/Create the organization analyzer aws-bootstrap-organization-analyzer in 210987654301 \(security\)/);
    expect(plan.output).toMatch(/auto-enable NONE → ALL/);
    // Designating the administrator turns GuardDuty on there: no detector of ours to create.
    expect(plan.output).not.toMatch(/Create an enabled GuardDuty detector/);
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org, { steps, organization: chosen });
    expect(mutationsByAccount(org)).toEqual(before);
    expect(notAll(again.report.organization!.results, 'compliant')).toEqual([CONFIRM]);
    expect(again.report.exitCode).toBe(0);
  });

  it('an account created after the run is covered by GuardDuty at once, with no run; plan --org shows only its per-account steps pending', async () => {
    const org = organizationWithTools();
    await runOrgAgainst(org, { steps, organization: chosen });
    const added = org.addAccount('new-team');
    expectCovered(org, added);
    org.accounts().forEach((sim) => sim.settle());
    const plan = await runOrgAgainst(org, { steps, organization: chosen, dryRun: true });
    // A new account: AWS sets no contacts in it (organization-contacts) and its AWS Config role is the log archive step's to make
    // (its Config delivers there); the topic still waits for its confirmation; the rest is done.
    expect(notAll(plan.report.organization!.results.filter((r) => r.step === CONFIRM[0]), 'compliant')).toEqual([CONFIRM]);
    const orgPending = plan.report.organization!.results.filter((r) => r.status !== 'compliant' && r.step !== CONFIRM[0]);
    expect(orgPending.map((r) => [r.step, r.changes.length]), JSON.stringify(orgPending)).toEqual([['organization-contacts', 1], ['organization-log-archive', 1]]);
    expect(orgPending[0]!.changes[0]).toContain(added);
    expect(orgPending[1]!.changes).toEqual([`Create the service-linked role AWSServiceRoleForConfig that AWS Config records with in ${added} (new-team)`]);
    const pending = (id: string) => [...new Set(plan.report.accounts.find((o) => o.account === id)!.report!.results.filter((r) => r.status === 'would change').map((r) => r.step))];
    expect(pending(added)).toEqual(['ebs-encryption-by-default']);
    for (const id of others(org).filter((id) => id !== added)) expect(pending(id)).toEqual([]);
    expect(plan.report.exitCode).toBe(2);
  });

  it('another account already GuardDuty administrator: reported, not replaced under --yes; asked, No by default, interactively', async () => {
    const org = organizationWithTools();
    const other = '210987654303';
    const organization = root(org).organization!;
    organization.guardduty = Object.fromEntries(regionsOf(root(org)).map((region) => [region, { adminAccountId: other, autoEnable: 'NONE' as const }]));
    const { report, output } = await runOrgAgainst(org, { steps, organization: chosen });
    expect(Object.values(organization.guardduty).every((s) => s.adminAccountId === other)).toBe(true);
    const rows = report.organization!.results.filter((r) => r.step === 'organization-guardduty');
    expect(rows.every((r) => r.status === 'skipped')).toBe(true);
    expect(output).toMatch(/GuardDuty's delegated administrator is 210987654303 \(workload-3\), not the security account 210987654301 \(security\)/);
    // Interactively: the question, with No as its default; answered No, nothing is replaced.
    const host = new ScriptedHost(true, { replaceAdministrator: false });
    await runOrgAgainst(org, { steps, organization: chosen, host });
    const asked = host.asked.find((q) => q.path === 'replaceAdministrator')!;
    expect(asked.kind).toBe('confirm');
    expect(asked.default).toBe(false);
    expect(Object.values(organization.guardduty).every((s) => s.adminAccountId === other)).toBe(true);
  });

  it('the management account as security account is refused with the reason (exit 64) unless --allow-management-account', async () => {
    const org = organizationWithTools();
    const management = root(org).accountId;
    const refused = runOrgAgainst(org, { steps, organization: { securityAccount: management, logArchiveAccount: LOG_ARCHIVE } });
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(/is the management account.*no service control policy can restrict it.*--allow-management-account/s);
    expect([...mutationsByAccount(org).values()].every((n) => n === 0)).toBe(true);
    // Only one of the two: refused too, naming the missing one.
    await expect(runOrgAgainst(org, { steps, organization: { securityAccount: SECURITY } })).rejects.toThrow(/organization\.logArchiveAccount is missing/);
    await expect(runOrgAgainst(org, { steps, organization: { securityAccount: '999999999999', logArchiveAccount: LOG_ARCHIVE } })).rejects.toThrow(/not an account of this organization/);
    const allowed = await runOrgAgainst(org, { steps, organization: { securityAccount: management, logArchiveAccount: LOG_ARCHIVE }, allowManagementAccount: true });
    expect(allowed.report.organization!.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(root(org).regional['us-east-1']!.analyzers.map((a) => a.type)).toEqual(['ORGANIZATION']);
  });

  it('without the two accounts, --org works as before and says in one line what it would gain', async () => {
    const org = organizationWithTools();
    const { report, output } = await runOrgAgainst(org, { steps, organization: {}, dryRun: true });
    expect(report.organization).toBeUndefined();
    expect(output).toMatch(/Organization-wide steps are off: with organization\.securityAccount and organization\.logArchiveAccount set/);
    expect(report.accounts[0]!.report!.results.some((r) => r.step === 'guardduty' && r.status === 'would change')).toBe(true);
  });

  it('interactively, both accounts are picked from the list of the organization', async () => {
    const org = organizationWithTools();
    const host = new ScriptedHost(true, { securityAccount: SECURITY, logArchiveAccount: LOG_ARCHIVE });
    const { report, output } = await runOrgAgainst(org, { steps, organization: {}, host, dryRun: true });
    expect(host.asked.map((q) => q.path).slice(0, 2)).toEqual(['securityAccount', 'logArchiveAccount']);
    expect(output).toMatch(/210987654301 {2}security/);
    expect(output).toMatch(/123456789012 {2}management {2}\(management account\)/);
    expect(report.organization).toBeDefined();
  });

  it('undo --org takes the organization-wide changes back after every account\'s own, keeping the findings', async () => {
    const org = organizationWithTools();
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    // One logical clock over every account: when each undo call arrived and was answered, in order (not in ms).
    let tick = 0;
    const clock = new Map<SimCall, { account: string; arrived: number; answered?: number }>();
    for (const [id, sim] of org.accounts()) {
      const handle = sim.handle.bind(sim);
      sim.handle = async (...args: Parameters<typeof handle>) => {
        const answer = handle(...args); // the call is recorded before handle's first await
        const at = { account: id, arrived: ++tick } as { account: string; arrived: number; answered?: number };
        clock.set(sim.calls.at(-1)!, at);
        try {
          return await answer;
        } finally {
          at.answered = ++tick;
        }
      };
    }
    const { report } = await undoOrgAgainst(org);
    expect(report.accounts.flatMap((o) => o.report!.results.filter((r) => r.status === 'failed'))).toEqual([]);
    expect(report.organization!.results.filter((r) => r.status === 'failed')).toEqual([]);
    const organization = root(org).organization!;
    expect(organization.guardduty).toEqual({});
    expect(organization.delegatedAdministrators).toEqual([]);
    // GuardDuty turned its own trusted access on with its administrator; it stays (harmless without one).
    // GuardDuty and Security Hub turned their trusted access on themselves: it stays (the administrators are gone).
    expect(organization.trustedServices!.map((t) => t.ServicePrincipal).sort()).toEqual(['guardduty.amazonaws.com', 'securityhub.amazonaws.com']);
    const security = memberState(root(org), SECURITY)!;
    for (const region of regionsOf(root(org))) expect(security.regional[region]!.analyzers).toEqual([]);
    // The detectors stay, with their findings (the security account's was made by AWS when it became administrator).
    for (const region of regionsOf(root(org))) expect(security.regional[region]!.detectors.length).toBe(1);
    // Every account's own undo finished before the first organization-wide one started.
    // A call belongs to the organization-wide undo when one of its steps made it (the lane names the step).
    const organizationIds = new Set(organizationSteps.map((s) => s.id));
    const undoCalls = [...clock].filter(([call]) => call.mutating).map(([call, at]) => ({ ...at, orgWide: organizationIds.has(call.lane?.split('@')[0] ?? '') }));
    const orgWide = undoCalls.filter((c) => c.orgWide);
    const perAccount = undoCalls.filter((c) => !c.orgWide);
    expect(perAccount.length).toBeGreaterThan(0);
    expect(new Set(orgWide.map((c) => c.account))).toEqual(new Set([root(org).accountId, SECURITY]));
    expect(Math.max(...perAccount.map((c) => c.answered!))).toBeLessThan(Math.min(...orgWide.map((c) => c.arrived)));
  });

  it('undo --org asks on their own for what weakens the organization-wide set-up, and keeps it when told No', async () => {
    const org = organizationWithTools();
    await runOrgAgainst(org, { steps, organization: chosen });
    org.accounts().forEach((sim) => sim.settle());
    const host = new KeepsWhatDestroys(true);
    const { report } = await undoOrgAgainst(org, { host });
    const asked = (pattern: RegExp) => host.confirmations.filter((c) => pattern.test(c.message));
    expect(asked(/Remove 210987654301 \(security\) as the GuardDuty delegated administrator/).every((c) => c.destructive)).toBe(true);
    expect(asked(/Set GuardDuty auto-enable back to NONE/).every((c) => c.destructive)).toBe(true);
    expect(asked(/Deregister 210987654301 \(security\) as the delegated administrator for access-analyzer/)).toHaveLength(1);
    expect(asked(/Delete the organization analyzer/).every((c) => !c.destructive)).toBe(true);
    // Kept as answered: GuardDuty still covers every account; the analyzers (not destructive) are gone.
    for (const region of regionsOf(root(org))) expect(root(org).organization!.guardduty![region]).toEqual({ adminAccountId: SECURITY, autoEnable: 'ALL' });
    expect(report.organization!.results.filter((r) => r.status === 'skipped').length).toBeGreaterThan(0);
    for (const region of regionsOf(root(org))) expect(memberState(root(org), SECURITY)!.regional[region]!.analyzers).toEqual([]);
  });

  it('access denied on RegisterDelegatedAdministrator: that step fails naming the permission; the per-account steps still run', async () => {
    const org = organizationWithTools();
    org.management.inject({ service: 'organizations', action: 'RegisterDelegatedAdministrator', code: 'AccessDeniedException', message: 'not allowed' });
    const { report } = await runOrgAgainst(org, { steps, organization: chosen });
    const access = report.organization!.results.find((r) => r.step === 'organization-access')!;
    expect(access.status).toBe('failed');
    expect(access.detail).toMatch(/organizations:RegisterDelegatedAdministrator/);
    expect(report.organization!.results.filter((r) => r.step === 'organization-access-analyzer').every((r) => r.status === 'skipped')).toBe(true);
    for (const outcome of report.accounts) expect(outcome.report!.results.filter((r) => r.step === 'ebs-encryption-by-default').every((r) => r.status === 'changed')).toBe(true);
    expect(report.exitCode).toBe(1);
  });

  it('in Japanese: the organization-wide heading, the refusal and the covered rows', async () => {
    const org = organizationWithTools();
    await inJapanese(async () => {
      const { output } = await runOrgAgainst(org, { steps, organization: chosen, dryRun: true });
      expect(output).toMatch(/組織全体のステップ: アカウントごとの実行の前に、管理アカウント 123456789012 から 1 回だけ実行します/);
      expect(output).toMatch(/210987654301 \(security\) を GuardDuty の委任管理者にする/);
      expect(output).toMatch(/組織全体で対象になっています \(organization-guardduty\)/);
      await expect(runOrgAgainst(org, { steps, organization: { securityAccount: '123456789012', logArchiveAccount: LOG_ARCHIVE } })).rejects.toThrow(/管理アカウントです.*--allow-management-account/s);
    });
  });
});
