/**
 * organization-account-joined: an account created in the organization is announced once, on the
 * organization's alerts topic, with the command that runs its per-account steps. The simulated
 * Organizations emits CreateAccountResult in the management account (us-east-1); the event goes
 * through the management account's rule to the security account's bus, and its rule there to the
 * topic, as the simulation delivers events (bus policy, role and topic policy checked).
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { ACCOUNT_JOINED_ROLE, ACCOUNT_JOINED_RULE } from '../../steps/organization/account-joined.js';
import { accountCreatedEvent } from '../../src/sim/event-delivery.js';
import { memberState } from '../../src/sim/organization-state.js';
import { inJapanese } from '../support/language.js';
import { exampleConfig, freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const SECURITY = '210987654301';
const chosen = { securityAccount: SECURITY, logArchiveAccount: '210987654302' };
// One per-account step keeps each run short; the organization-wide steps are all there.
const steps = checklist.filter((s) => s.id === 'ebs-encryption-by-default');
const TOPIC = `arn:aws:sns:us-east-1:${SECURITY}:aws-bootstrap-alerts`;

type Org = ReturnType<typeof freshOrganization>;
const root = (org: Org) => org.management.state;
const topic = (org: Org) => memberState(root(org), SECURITY)!.regional['us-east-1']!.snsTopics!.find((x) => x.TopicArn === TOPIC)!;
const rulesOf = (state: { regional: Record<string, { eventRules?: Array<{ Name: string }> } | undefined> }, region: string) => (state.regional[region]?.eventRules ?? []).map((r) => r.Name);

describe('organization-account-joined', () => {
  it('after the --org run, a new account is announced once on the alerts topic, with its id, its name and the command', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    const { report } = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
    const ours = report.organization!.results.filter((r) => r.step === 'organization-account-joined');
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((r) => !['changed', 'compliant'].includes(r.status))).toEqual([]);
    expect(rulesOf(root(org), 'us-east-1')).toContain(ACCOUNT_JOINED_RULE);
    expect(root(org).iam.roles[ACCOUNT_JOINED_ROLE.name]).toBeDefined();
    expect(rulesOf(memberState(root(org), SECURITY)!, 'us-east-1')).toContain(ACCOUNT_JOINED_RULE);
    const before = topic(org).published?.length ?? 0;
    const added = org.addAccount('new-team');
    const messages = (topic(org).published ?? []).slice(before).map((m) => m.Message);
    expect(messages).toEqual([`"account ${added} (new-team) joined the organization: run \`aws-bootstrap --org --accounts ${added}\` for its per-account steps"`]);
  }, 120_000);

  it('no kinder than AWS: without the management rule\'s role the event stops there; a transformer on the cross-account bus target is refused', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
    delete root(org).iam.roles[ACCOUNT_JOINED_ROLE.name];
    const out = accountCreatedEvent(root(org), '999999999999', 'ghost');
    expect(out.published).toEqual([]);
    expect(out.refused.join()).toMatch(/no role that may put events there/);
    // PutTargets refuses an input transformer on another account's bus (PutTargets reference).
    const events = org.management;
    await expect(events.handle('events', 'PutTargets', 'us-east-1', {
      Rule: ACCOUNT_JOINED_RULE,
      Targets: [{ Id: 'x', Arn: `arn:aws:events:us-east-1:${SECURITY}:event-bus/default`, RoleArn: `arn:aws:iam::${root(org).accountId}:role/r`, InputTransformer: { InputTemplate: '"x"' } }],
    })).rejects.toThrow(/not available for target x: it is an event bus of another account/);
  }, 120_000);

  it('a dry run and a second run make zero mutating calls; undo removes both rules and the role', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    const plan = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig, dryRun: true });
    expect([...mutationsByAccount(org).values()].every((n) => n === 0)).toBe(true);
    expect(plan.output).toMatch(/Create the EventBridge rule "aws-bootstrap-account-joined" for AWS Organizations' "account created" events \(CreateAccountResult, SUCCEEDED\), in the management account 123456789012/);
    expect(plan.output).toMatch(/Create the EventBridge rule "aws-bootstrap-account-joined" for AWS Organizations' "account created" events the management account 123456789012 sends, in 210987654301 \(security\)/);
    expect(plan.output).toMatch(/Let the role "aws-bootstrap-account-joined-forwarder" put events on the default event bus of 210987654301 \(security\), and nothing else/);
    expect(plan.output).toMatch(/account <accountId> \(<accountName>\) joined the organization: run `aws-bootstrap --org --accounts <accountId>` for its per-account steps/);
    await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
    expect(mutationsByAccount(org)).toEqual(before);
    expect(again.report.organization!.results.filter((r) => r.step === 'organization-account-joined').every((r) => r.status === 'compliant')).toBe(true);
    await undoOrgAgainst(org);
    expect(rulesOf(root(org), 'us-east-1')).not.toContain(ACCOUNT_JOINED_RULE);
    expect(root(org).iam.roles[ACCOUNT_JOINED_ROLE.name]).toBeUndefined();
    expect(rulesOf(memberState(root(org), SECURITY)!, 'us-east-1')).not.toContain(ACCOUNT_JOINED_RULE);
    // Nothing is announced any more.
    expect(accountCreatedEvent(root(org), '999999999999', 'ghost')).toEqual({ published: [], refused: [] });
  }, 120_000);
});

describe('organization-account-joined in Japanese', () => {
  it('the preview shows the Japanese sentence and the Japanese route note', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    await inJapanese(async () => {
      const { output } = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig, dryRun: true });
      expect(output).toMatch(/アカウント <accountId> \(<accountName>\) が組織に参加しました: アカウントごとのステップのために `aws-bootstrap --org --accounts <accountId>` を実行してください/);
      expect(output).toMatch(/新しいアカウントのことを Organizations が伝えるのは管理アカウント 123456789012 の us-east-1 だけです/);
    });
  }, 120_000);
});

describe('organization-account-joined permissions', () => {
  it('its EventBridge actions are in both the management account\'s and the security account\'s policy (a rule on each side); IAM in the management account\'s only', async () => {
    const { organizationPolicies } = await import('../../src/permissions.js');
    const { organizationSteps } = await import('../../steps/organization/index.js');
    const step = organizationSteps.filter((s) => s.id === 'organization-account-joined');
    const { managementAccount, securityAccount } = organizationPolicies([], step, 'run', { orgRoleName: 'OrganizationAccountAccessRole' });
    const actions = (p: typeof managementAccount) => p.Statement.filter((s) => s.Sid?.startsWith('Organization')).flatMap((s) => s.Action);
    for (const action of ['events:PutRule', 'events:PutTargets', 'events:ListRules']) {
      expect(actions(managementAccount), action).toContain(action);
      expect(actions(securityAccount), action).toContain(action);
    }
    expect(actions(managementAccount)).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:PutRolePolicy', 'iam:PassRole']));
    expect(actions(securityAccount)).not.toContain('iam:CreateRole');
  });
});
