/** The organization-wide steps' plans: pure, from what was observed. */
import { describe, expect, it } from 'vitest';
import access from '../../../steps/organization/access.js';
import analyzer from '../../../steps/organization/access-analyzer.js';
import guardduty, { type OrganizationGuardDutyState } from '../../../steps/organization/guardduty.js';

const ctx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1', runId: 'run1' };
const security = { securityAccount: '210987654301', security: '210987654301 (security)' };

describe('organization-guardduty', () => {
  const state = (over: Partial<OrganizationGuardDutyState> = {}): OrganizationGuardDutyState => ({ ...security, members: 0, accounts: 4, ...over });

  it('a fresh organization: the administrator (AWS turns GuardDuty on there), then auto-enable ALL', () => {
    const plan = guardduty.plan(state(), { replaceAdministrator: false }, ctx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['enable-admin', 'auto-enable']);
  });

  it('the security account administrator only in other regions: designated here too', () => {
    const plan = guardduty.plan(state({ admin: '210987654301', adminHere: false }), { replaceAdministrator: false }, ctx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['enable-admin', 'auto-enable']);
  });

  it('already administrator without a detector (deleted since): one is created there', () => {
    const plan = guardduty.plan(state({ admin: '210987654301', adminHere: true }), { replaceAdministrator: false }, ctx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['create-detector', 'auto-enable']);
  });

  it('done: nothing to change, and it says how many accounts report to the administrator', () => {
    const plan = guardduty.plan(state({ admin: '210987654301', adminHere: true, detector: { id: 'd1', status: 'ENABLED' }, autoEnable: 'ALL', members: 4 }), { replaceAdministrator: false }, ctx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual(["4 of the organization's 4 other accounts report to the administrator; new accounts are enrolled as they join."]);
  });

  it('another administrator: reported and left unless replaceAdministrator; replacing is destructive (asked on its own)', () => {
    const other = state({ admin: '210987654303', adminLabel: '210987654303 (workload-3)' });
    const left = guardduty.plan(other, { replaceAdministrator: false }, ctx);
    expect(left.changes).toEqual([]);
    expect(left.skipped).toMatch(/210987654303 \(workload-3\), not the security account 210987654301 \(security\)/);
    const replaced = guardduty.plan({ ...other, adminHere: true }, { replaceAdministrator: true }, ctx);
    expect(replaced.changes[0]!.payload).toEqual({ action: 'replace-admin', accountId: '210987654301', previous: '210987654303', previousHere: true });
    expect(replaced.changes[0]!.destructive).toBe(true);
  });

  it('an administrator designated only in other regions (Organizations lists it) counts here too: not designated beside it', () => {
    const elsewhere = state({ admin: '210987654303', adminLabel: '210987654303 (workload-3)', adminHere: false });
    expect(guardduty.plan(elsewhere, { replaceAdministrator: false }, ctx).skipped).toMatch(/210987654303 \(workload-3\)/);
    expect(guardduty.plan(elsewhere, { replaceAdministrator: true }, ctx).changes[0]!.payload).toMatchObject({ action: 'replace-admin', previousHere: false });
  });

  it('asks about replacing only when another account is administrator somewhere, No by default', () => {
    const questions = guardduty.inputs!.questions({ 'us-east-1': state(), 'us-east-2': state({ admin: '210987654303', adminLabel: '210987654303 (workload-3)' }) }, {});
    expect(questions.map((q) => [q.path, q.kind, q.default])).toEqual([['replaceAdministrator', 'confirm', false]]);
    expect(guardduty.inputs!.questions({ 'us-east-1': state() }, {})).toEqual([]);
  });
});

describe('organization-access', () => {
  const base = { managementAccountId: '123456789012', ...security, trusted: [] as string[], admins: {} };
  // Access Analyzer's changes (account management's trusted access: test/steps/organization/contacts.test.ts).
  const analyzerOnly = (plan: ReturnType<typeof access.plan>) => plan.changes.filter((c) => c.payload.principal === 'access-analyzer.amazonaws.com');

  it('trusted access first, then the delegated administrator', () => {
    expect(access.plan(base, {}, ctx).changes.map((c) => `${c.payload.action} ${c.payload.principal}`)).toEqual([
      'trust access-analyzer.amazonaws.com', 'register access-analyzer.amazonaws.com', 'trust config.amazonaws.com', 'register config.amazonaws.com', 'trust account.amazonaws.com', 'trust cloudtrail.amazonaws.com',
    ]);
  });

  it('another administrator for Access Analyzer: reported with the reason, nothing replaced', () => {
    const plan = access.plan({ ...base, trusted: ['access-analyzer.amazonaws.com'], admins: { 'access-analyzer.amazonaws.com': { '210987654303': '210987654303 (workload-3)' } } }, {}, ctx);
    expect(analyzerOnly(plan)).toEqual([]);
    expect(plan.notes!.join('\n')).toMatch(/210987654303 \(workload-3\) is already the delegated administrator for IAM Access Analyzer/);
  });

  it('the management account as security account (--allow-management-account): no registration, Organizations refuses it', () => {
    expect(access.plan({ ...base, securityAccount: '123456789012' }, {}, ctx).changes.map((c) => c.payload.action)).toEqual(['trust', 'trust', 'trust', 'trust']);
  });
});

describe('organization-access-analyzer', () => {
  it('one ORGANIZATION analyzer in the security account; an existing one is kept', () => {
    const plan = analyzer.plan({ ...security, analyzers: [] }, {}, ctx);
    expect(plan.changes.map((c) => c.payload)).toEqual([{ accountId: '210987654301', analyzerName: 'aws-bootstrap-organization-analyzer' }]);
    expect(analyzer.plan({ ...security, analyzers: [{ name: 'theirs', status: 'ACTIVE' }] }, {}, ctx).changes).toEqual([]);
  });
});

describe('permissions --org', () => {
  it('three policies, labelled: each organization-wide action in the account it is made in', async () => {
    const [{ checklist }, { organizationSteps }] = await Promise.all([import('../../../steps/index.js'), import('../../../steps/organization/index.js')]);
    const { allows, organizationPolicies } = await import('../../../src/permissions.js');
    const policies = organizationPolicies(checklist, organizationSteps, 'run', { orgRoleName: 'OrganizationAccountAccessRole' });
    expect(Object.keys(policies)).toEqual(['managementAccount', 'securityAccount', 'memberRole']);
    // The management account: listing, reaching the members, and what only it may call.
    for (const action of ['organizations:ListAccounts', 'sts:AssumeRole', 'organizations:RegisterDelegatedAdministrator', 'guardduty:EnableOrganizationAdminAccount']) expect(allows(policies.managementAccount, action), action).toBe(true);
    expect(allows(policies.managementAccount, 'guardduty:UpdateOrganizationConfiguration')).toBe(false);
    // The security account: the administrator's calls, besides a member's.
    for (const action of ['guardduty:UpdateOrganizationConfiguration', 'access-analyzer:CreateAnalyzer', 'ec2:EnableEbsEncryptionByDefault']) expect(allows(policies.securityAccount, action), action).toBe(true);
    expect(allows(policies.securityAccount, 'guardduty:EnableOrganizationAdminAccount')).toBe(false);
    // Every other member: the per-account steps only.
    expect(allows(policies.memberRole, 'guardduty:UpdateOrganizationConfiguration')).toBe(false);
    expect(allows(policies.memberRole, 'sts:AssumeRole')).toBe(false);
    expect(allows(policies.memberRole, 'ec2:EnableEbsEncryptionByDefault')).toBe(true);
  });
});
