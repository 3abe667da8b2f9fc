/**
 * What an organization-wide step provides stands in for the per-account step it covers: a
 * per-account step that needs the covered one gets the organization's value in every account,
 * and is skipped with the reason where the organization-wide step is not done.
 */
import { describe, expect, it } from 'vitest';
import { defineStep, type AnyStep } from '../../src/core/step.js';
import { freshOrganization, runOrgAgainst } from './support.js';

const SECURITY = '210987654301';
const chosen = { securityAccount: SECURITY, logArchiveAccount: '210987654302' };

/** An organization-wide step that provides a topic in the security account (done, or failing to apply). */
function organizationTopic(options: { done: boolean; failing?: boolean }): AnyStep {
  let made = options.done;
  return defineStep<{ done: boolean }, Record<string, never>, { make: true }, never>({
    id: 'organization-topic',
    title: 'One topic for the organization',
    why: 'test',
    scope: 'account',
    organization: { covers: ['account-topic'] },
    permissions: { observe: [], apply: [] },
    observe: async () => ({ done: made }),
    plan: (state) => (state.done ? { changes: [] } : { changes: [{ summary: 'Make the topic', before: 'none', after: 'one', payload: { make: true as const } }] }),
    provides: (_state, _inputs, ctx) => ({ topicArn: `arn:aws:sns:${ctx.region}:${SECURITY}:organization-alerts` }),
    apply: async () => {
      if (options.failing) throw new Error('could not make the topic');
      made = true;
      return undefined as never;
    },
  });
}

/** The per-account topic (covered in an organization) and a step that needs it, which says what it got. */
const accountTopic = defineStep<object, Record<string, never>, never, never>({
  id: 'account-topic',
  title: 'A topic per account',
  why: 'test',
  scope: 'account',
  permissions: { observe: [], apply: [] },
  observe: async () => ({}),
  plan: () => ({ changes: [], skipped: 'never made per account in this test' }),
  provides: (_state, _inputs, ctx) => ({ topicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:own` }),
  apply: async () => undefined as never,
});
const consumer = defineStep<object, Record<string, never>, never, never>({
  id: 'topic-consumer',
  title: 'Something that sends to the topic',
  why: 'test',
  scope: 'region',
  needs: ['account-topic'],
  permissions: { observe: [], apply: [] },
  observe: async () => ({}),
  plan: (_state, _inputs, ctx) => ({ changes: [], notes: [`sends to ${(ctx.provided?.['account-topic'] as { topicArn: string }).topicArn}`] }),
  apply: async () => undefined as never,
});

const notesOf = (report: Awaited<ReturnType<typeof runOrgAgainst>>['report']) =>
  report.accounts.map((a) => (a.report!.notes ?? []).map((n) => n.note).join(' | '));

describe('what an organization-wide step provides, in the accounts', () => {
  it('a per-account step that needs a covered step gets the organization-wide value in every account and region', async () => {
    const org = freshOrganization({ members: 2, securityAccounts: true });
    const { report } = await runOrgAgainst(org, { steps: [accountTopic, consumer], organizationSteps: [organizationTopic({ done: false })], organization: chosen });
    expect(report.exitCode, JSON.stringify([report.organization?.results, report.accounts.map((a) => a.report?.results)])).toBe(0);
    expect(report.accounts.length).toBeGreaterThan(2);
    for (const outcome of report.accounts) {
      const rows = outcome.report!.results.filter((r) => r.step === 'topic-consumer');
      expect(rows.length, outcome.account).toBe(3);
      expect(rows.every((r) => r.status === 'compliant'), JSON.stringify(rows)).toBe(true);
    }
    for (const notes of notesOf(report)) expect(notes).toContain(`sends to arn:aws:sns:us-east-1:${SECURITY}:organization-alerts`);
    // The covered step itself is not run in any account.
    for (const outcome of report.accounts) expect(outcome.report!.results.find((r) => r.step === 'account-topic')!.coveredBy).toBe('organization-topic');
  });

  it('where the organization-wide step failed, the per-account step that needs what it covers is skipped with the reason', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    const { report } = await runOrgAgainst(org, { steps: [accountTopic, consumer], organizationSteps: [organizationTopic({ done: false, failing: true })], organization: chosen });
    for (const outcome of report.accounts) {
      const rows = outcome.report!.results.filter((r) => r.step === 'topic-consumer');
      expect(rows.every((r) => r.status === 'skipped' && /organization-wide step that covers it is not done/.test(r.detail ?? '')), JSON.stringify(rows)).toBe(true);
    }
  });
});
