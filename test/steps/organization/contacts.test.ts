/** organization-contacts: its plan (pure, from what was observed), its questions and its inputs. */
import { describe, expect, it } from 'vitest';
import access from '../../../steps/organization/access.js';
import contacts, { type AccountContacts, type OrganizationContactsState } from '../../../steps/organization/contacts.js';
import { alternateContactsSchema, type Contact } from '../../../steps/shared/alternate-contacts.js';
import { inJapanese } from '../../support/language.js';

const ctx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1', runId: 'run1' };
const person = (who: string, phone: string): Contact => ({ name: who, title: `${who} lead`, email: `${who}@example.com`, phone });
const billing = person('billing', '+81 3-1111-1111');
const operations = person('operations', '+81 3-2222-2222');
const security = person('security', '+81 3-3333-3333');
const inputs = alternateContactsSchema.parse({ billing, operations, security });
const none = { BILLING: null, OPERATIONS: null, SECURITY: null };
const management: AccountContacts = { id: '123456789012', label: '123456789012 (management)', self: true, contacts: none };
/** A member; `null`: not readable yet (trusted access off). */
const member = (n: number, read: AccountContacts['contacts'] | null = none): AccountContacts => ({ id: `21098765430${n}`, label: `21098765430${n} (workload-${n})`, self: false, ...(read ? { contacts: read } : {}) });
const state = (accounts: AccountContacts[], trusted = true): OrganizationContactsState => ({ trusted, accounts, primary: { phone: '+81 3-9999-9999', country: 'JP' } });

describe('organization-contacts plan', () => {
  it('a fresh organization: one change per account, the management account without AccountId, side by side', () => {
    const plan = contacts.plan(state([management, member(3), member(4)]), inputs, ctx);
    expect(plan.changes.map((c) => c.summary)).toEqual([
      'Set the billing, operations and security contacts of 123456789012 (management)',
      'Set the billing, operations and security contacts of 210987654303 (workload-3)',
      'Set the billing, operations and security contacts of 210987654304 (workload-4)',
    ]);
    expect(plan.changes.map((c) => c.payload.self)).toEqual([true, false, false]);
    expect(plan.changes[1]!.payload).toMatchObject({ read: true, entries: [{ type: 'BILLING', contact: billing, previous: null }, { type: 'OPERATIONS' }, { type: 'SECURITY' }] });
    expect(plan.changes[1]!.before).toBe('billing: not set; operations: not set; security: not set');
    // One line per account in the preview, the contacts once.
    const preview = contacts.preview!([{ region: 'us-east-1', plan }]);
    expect(preview.split('\n').filter((l) => l.includes('Hanako') || l.includes('billing lead'))).toHaveLength(1);
    expect(preview).toMatch(/^ {4}~ Set the billing, operations and security contacts of 210987654304 \(workload-4\)$/m);
    expect(plan.independent).toBe(true);
  });

  it('done everywhere: no change, one note for the organization', () => {
    const done = { BILLING: billing, OPERATIONS: operations, SECURITY: security };
    const plan = contacts.plan(state([{ ...management, contacts: done }, member(3, done)]), inputs, ctx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toContain("Every one of the organization's 2 accounts has the configured contacts, or keeps its own.");
  });

  it('a contact set differently is left alone (said once, naming the accounts) unless replaceExisting, then replaced with its previous value kept', () => {
    const own = person('own', '+81 3-4444-4444');
    const accounts = [{ ...management, contacts: { BILLING: billing, OPERATIONS: operations, SECURITY: security } }, member(3, { BILLING: billing, OPERATIONS: operations, SECURITY: own })];
    const left = contacts.plan(state(accounts), inputs, ctx);
    expect(left.changes).toEqual([]);
    expect(left.notes!.join('\n')).toMatch(/left as they are \(replaceExisting: true replaces them\): 210987654303 \(workload-3\) security\./);
    const replaced = contacts.plan(state(accounts), { ...inputs, replaceExisting: true }, ctx);
    expect(replaced.changes.map((c) => c.summary)).toEqual(['Set the security contacts of 210987654303 (workload-3)']);
    expect(replaced.changes[0]!.payload).toMatchObject({ entries: [{ type: 'SECURITY', contact: security, previous: own }] });
  });

  it('trusted access off (members not readable yet): a change per member that reads when applying, never overriding unless replaceExisting', () => {
    const plan = contacts.plan(state([management, member(3, null)], false), inputs, ctx);
    expect(plan.changes[1]!.summary).toBe('Set the billing, operations and security contacts of 210987654303 (workload-3) where none is set');
    expect(plan.notes![0]).toMatch(/Trusted access for account\.amazonaws\.com is off until organization-access turns it on: the members' contacts are read then, and one already set is left as it is unless replaceExisting: true/);
    expect(plan.changes[1]!.payload).toMatchObject({ read: false, replaceExisting: false, wanted: [{ type: 'BILLING' }, { type: 'OPERATIONS' }, { type: 'SECURITY' }] });
  });

  it('no values given: skipped with the config section to fill; warnings about the given values said once, not per account', () => {
    const skipped = contacts.plan(state([management, member(3)]), alternateContactsSchema.parse({}), ctx);
    expect(skipped.changes).toEqual([]);
    expect(skipped.skipped).toMatch(/No values given for the billing, operations, security contacts \(config section alternate-contacts:\)/);
    const sharing = alternateContactsSchema.parse({ billing, operations: { ...operations, email: billing.email }, security });
    const warned = contacts.plan(state([management, member(3), member(4)]), sharing, ctx);
    expect(warned.notes!.filter((n) => /share the email address/.test(n))).toHaveLength(1);
    expect(warned.answersWarned).toBe(true);
  });

  it('asks for a contact any account lacks, and whether to replace the ones set differently', () => {
    const own = person('own', '+81 3-4444-4444');
    const s = state([{ ...management, contacts: { BILLING: billing, OPERATIONS: operations, SECURITY: security } }, member(3, { BILLING: billing, OPERATIONS: operations, SECURITY: own })]);
    const questions = contacts.inputs!.questions(s, { billing, operations, security });
    expect(questions.map((q) => q.path)).toEqual(['replaceExisting']);
    expect(questions[0]!.message).toMatch(/security \(now own \(own lead\) <own@example\.com> \+81 3-4444-4444\)/);
    const fresh = contacts.inputs!.questions(state([management, member(3, null)], false), {});
    expect(fresh.map((q) => q.path)).toContain('security.phone');
  });

  it('organization-access turns on trusted access for account management, with no delegated administrator', () => {
    const plan = access.plan({ managementAccountId: '123456789012', securityAccount: '210987654301', security: '210987654301 (security)', trusted: [], admins: {} }, {}, ctx);
    expect(plan.changes.filter((c) => c.payload.principal === 'account.amazonaws.com').map((c) => c.payload.action)).toEqual(['trust']);
  });

  it('reads the alternate-contacts section: one section configures both steps', () => {
    expect(contacts.inputs!.section).toBe('alternate-contacts');
    expect(contacts.organization!.covers).toEqual(['alternate-contacts']);
  });

  it('permissions --org: the management account may set any member\'s contacts (its own too); no member role needs them for it', async () => {
    const [{ checklist }, { organizationSteps }] = await Promise.all([import('../../../steps/index.js'), import('../../../steps/organization/index.js')]);
    const { allowsRequest, organizationPolicies } = await import('../../../src/permissions.js');
    const policies = organizationPolicies(checklist, organizationSteps, 'run', { orgRoleName: 'OrganizationAccountAccessRole' });
    for (const resource of ['arn:aws:account::123456789012:account/o-demo0000001/210987654303', 'arn:aws:account::123456789012:account']) {
      expect(allowsRequest(policies.managementAccount, { action: 'account:PutAlternateContact', resource }), resource).toBe(true);
    }
    expect(allowsRequest(policies.managementAccount, { action: 'organizations:ListAWSServiceAccessForOrganization' })).toBe(true);
  });

  it('in Japanese', async () => {
    await inJapanese(async () => {
      const plan = contacts.plan(state([member(3)]), inputs, ctx);
      expect(plan.changes[0]!.summary).toBe('210987654303 (workload-3) の代替の連絡先 (請求、オペレーション、セキュリティ) を設定する');
    });
  });
});
