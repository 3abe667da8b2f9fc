/**
 * `aws-bootstrap permissions` prints the policy a mode needs. Every call the simulated account
 * records in a full run, a plan, an undo, and a run that adopts what an account already has
 * must be allowed by the policy printed for that mode, on the resource the call names (the ARN
 * IAM checks, built from the call's input) and with the condition keys it carries; so must what
 * those calls need besides (tags in a create call, a role passed to a service, the service-linked
 * role a first detector creates). A missing action or a pattern too narrow fails here.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import guardduty from '../../steps/guardduty.js';
import { checklist } from '../../steps/index.js';
import { organizationSteps } from '../../steps/organization/index.js';
import { loadConfigFile } from '../../src/config.js';
import { allows, MANAGED_POLICY_LIMIT, policyFor, policySize, resourceMatches, splitPolicy, stepActions, type PermissionMode, type PolicyDocument } from '../../src/permissions.js';
import { SimulatedAccount, type SimCall } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';
import { adoptingAccount, EXISTING } from '../trust/adopting-account.js';
import { iamNames, refusedRequests, requestsOf, type IamNames } from '../trust/policy-requests.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

const statementsFor = (policy: PolicyDocument, action: string) => policy.Statement.filter((s) => s.Action.includes(action));
/** The policy with one statement's resources replaced (a pattern broken by hand). */
const withResource = (policy: PolicyDocument, sid: string, resource: string): PolicyDocument => ({ ...policy, Statement: policy.Statement.map((s) => (s.Sid === sid ? { ...s, Resource: resource } : s)) });

describe('the printed policy allows every call of its mode, on the resources it names', async () => {
  const sim = new SimulatedAccount(freshAccountState());
  const account = sim.state.accountId;
  const initial = structuredClone(sim.state);
  const run = await runAgainst(sim, { config });
  const afterRun = structuredClone(sim.state);
  const runCalls = sim.calls.slice();
  await undoAgainst(sim, run.undoLogPath);
  const undoCalls = sim.calls.slice(runCalls.length);
  const planned = new SimulatedAccount(freshAccountState());
  await runAgainst(planned, { config, dryRun: true });

  // An account with things in it: the run adopts a role and a group under paths, a trail of
  // another name delivering to its own log group, a recorder with its own role, a topic, ...
  const adopting = await adoptingAccount();
  const adoptingBefore = structuredClone(adopting.state);
  const setupCalls = adopting.calls.length;
  const adopted = await runAgainst(adopting, { config });
  const adoptingAfter = structuredClone(adopting.state);
  const adoptCalls = adopting.calls.slice(setupCalls);
  const adoptUndoStart = adopting.calls.length;
  await undoAgainst(adopting, adopted.undoLogPath);
  const adoptUndoCalls = adopting.calls.slice(adoptUndoStart);

  // Roles' and groups' paths, as each account had them.
  const names = iamNames(initial, afterRun);
  const adoptNames = iamNames(adoptingBefore, adoptingAfter);
  const scenarios: Array<{ title: string; mode: PermissionMode; calls: readonly SimCall[]; iam: IamNames }> = [
    { title: 'a full run', mode: 'run', calls: runCalls, iam: names },
    { title: 'a plan', mode: 'plan', calls: planned.calls, iam: iamNames(planned.state) },
    { title: 'an undo', mode: 'undo', calls: undoCalls, iam: names },
    { title: 'a run that adopts what the account has', mode: 'run', calls: adoptCalls, iam: adoptNames },
    { title: 'the undo of that run', mode: 'undo', calls: adoptUndoCalls, iam: adoptNames },
  ];

  it('the runs did their work (so the calls below are the real ones)', () => {
    expect(run.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(adopted.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    // It adopted, not created: the calls act on names the steps did not choose.
    expect(adoptCalls.some((c) => c.action === 'UpdateTrail' && (c.input as { Name?: string }).Name?.endsWith(`trail/${EXISTING.trail}`))).toBe(true);
    expect(adoptCalls.some((c) => c.action === 'PutMetricFilter' && (c.input as { logGroupName?: string }).logGroupName === EXISTING.trailLogGroup)).toBe(true);
    expect(adoptCalls.some((c) => c.action === 'UpdateAssumeRolePolicy' && (c.input as { RoleName?: string }).RoleName === EXISTING.adminRole)).toBe(true);
  });

  for (const { title, mode, calls, iam } of scenarios) {
    it(`${title}: ${calls.length} calls, every one allowed on its resource by the ${mode} policy`, () => {
      expect(calls.length).toBeGreaterThan(10);
      expect(refusedRequests(policyFor(checklist, mode, { config }), calls, account, iam)).toEqual([]);
    });
  }

  it('resources are checked, not only actions: the calls name ARNs the policy scopes', () => {
    const requests = [...runCalls, ...undoCalls].flatMap((c) => requestsOf(c, account, names));
    const scoped = requests.filter((r) => r.resource && !statementsFor(policyFor(checklist, 'run', { config }), r.action).some((s) => s.Resource === '*'));
    expect(scoped.length).toBeGreaterThan(100);
    // Some of them only the implied requests show: tagging in a create call, passing a role.
    expect(requests.some((r) => r.action === 'iam:PassRole' && r.resource?.endsWith(':role/aws-bootstrap-cloudtrail-to-logs'))).toBe(true);
    expect(requests.some((r) => r.action === 'iam:TagRole' && r.from.includes('CreateRole (tags)'))).toBe(true);
  });

  it('a policy missing one action the run calls is caught (the check can fail)', () => {
    const policy = policyFor(checklist, 'run', { config });
    const trimmed: PolicyDocument = { ...policy, Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== 'guardduty:CreateDetector') })) };
    expect(refusedRequests(trimmed, runCalls, account, names).filter((r) => !r.includes('guardduty:CreateDetector on'))).toEqual([]);
    expect(refusedRequests(trimmed, runCalls, account, names).some((r) => r.includes('guardduty:CreateDetector on (no resource: needs *)'))).toBe(true);
  });

  it('a pattern too narrow is caught: the admin role by another name, the trail bucket of another account, the alarms of another prefix', () => {
    const policy = policyFor(checklist, 'run', { config });
    const narrowRole = withResource(policy, 'AdminGroupAndRoleRole', 'arn:aws:iam::*:role/SomeOtherRole');
    expect(refusedRequests(narrowRole, runCalls, account, names).map((r) => r.replace(/ with .*/, ''))).toEqual([
      `admin-group-and-role@us-east-1 iam:CreateRole (tags): iam:TagRole on arn:aws:iam::${account}:role/AdministratorAccessWithMFA`,
      `admin-group-and-role@us-east-1 iam:CreateRole: iam:CreateRole on arn:aws:iam::${account}:role/AdministratorAccessWithMFA`,
    ]);
    const narrowBucket = withResource(policy, 'LogBuckets', 'arn:aws:s3:::aws-bootstrap-cloudtrail-999999999999-*');
    expect(refusedRequests(narrowBucket, runCalls, account, names).filter((r) => r.includes('s3:PutBucketPolicy'))).toEqual([
      `cloudtrail@us-east-1 s3:PutBucketPolicy: s3:PutBucketPolicy on arn:aws:s3:::aws-bootstrap-cloudtrail-${account}-us-east-1`,
      `config-bucket@us-east-1 s3:PutBucketPolicy: s3:PutBucketPolicy on arn:aws:s3:::aws-bootstrap-config-${account}-us-east-1`,
    ]);
    const narrowAlarms = withResource(policy, 'LogAlarmsAlarms', 'arn:aws:cloudwatch:*:*:alarm:someone-else-*');
    expect(refusedRequests(narrowAlarms, runCalls, account, names).filter((r) => r.includes('cloudwatch:PutMetricAlarm')).length).toBeGreaterThan(10);
    // A role path the policy does not reach: the adopted admin role lives under /team/.
    const pathless = withResource(policy, 'AdminGroupAndRoleRole', 'arn:aws:iam::*:role/AdministratorAccessWithMFA');
    expect(refusedRequests(pathless, adoptCalls, account, adoptNames).some((r) => r.includes(`role${EXISTING.adminRolePath}${EXISTING.adminRole}`))).toBe(true);
  });

  it('a condition is checked too: an SNS subscription other than email, an attached policy other than AdministratorAccess', () => {
    const policy = policyFor(checklist, 'run', { config });
    const subscribe = runCalls.find((c) => c.action === 'Subscribe')!;
    const attach = runCalls.find((c) => c.action === 'AttachRolePolicy')!;
    const https = { ...subscribe, input: { ...(subscribe.input as object), Protocol: 'https' } };
    const readOnly = { ...attach, input: { ...(attach.input as object), PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } };
    expect(refusedRequests(policy, [subscribe, attach], account, names)).toEqual([]);
    expect(refusedRequests(policy, [https], account, names)).toHaveLength(1);
    expect(refusedRequests(policy, [readOnly], account, names)).toHaveLength(1);
  });
});

describe('the policy for chosen steps', () => {
  it('names the engine calls and the step, with its actions by name, each on the narrowest resource', () => {
    const policy = policyFor([guardduty], 'run');
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['Engine', 'Account', 'ServiceLinkedRoles', 'Guardduty']);
    expect(policy.Statement[0]).toMatchObject({ Action: ['ec2:DescribeRegions', 'sts:GetCallerIdentity'], Resource: '*' });
    expect(policy.Statement[1]).toMatchObject({ Action: ['account:ListRegions'], Resource: 'arn:aws:account::*:account' });
    expect(policy.Statement.slice(2).flatMap((s) => s.Action).sort()).toEqual(stepActions(guardduty, 'run'));
    // The role a first detector creates, and nothing else's.
    expect(policy.Statement[2]).toEqual({
      Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole'],
      Resource: ['arn:aws:iam::*:role/aws-service-role/guardduty.amazonaws.com/*', 'arn:aws:iam::*:role/aws-service-role/malware-protection.guardduty.amazonaws.com/*'],
      Condition: { StringEquals: { 'iam:AWSServiceName': ['guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'] } },
    });
    // CreateDetector and ListDetectors take no resource; the detectors' ids are AWS's, so the rest is on * too.
    expect(policy.Statement[3]).toMatchObject({ Action: ['guardduty:CreateDetector', 'guardduty:GetDetector', 'guardduty:ListDetectors', 'guardduty:TagResource', 'guardduty:UpdateDetector'], Resource: '*' });
    expect(allows(policyFor([guardduty], 'undo'), 'guardduty:DeleteDetector')).toBe(true);
    expect(allows(policyFor([guardduty], 'plan'), 'guardduty:CreateDetector')).toBe(false);
  });

  it('names from the config file: another admin role, topic or trail is what the policy names', () => {
    const custom = { ...config, 'admin-group-and-role': { roleName: 'BreakGlass', groupName: 'Admins' }, 'alerts-topic': { name: 'ops-alerts', emails: ['a@example.com'] }, cloudtrail: { trailName: 'main-trail', logGroupName: '/ops/trail' } };
    const policy = policyFor(checklist, 'run', { config: custom });
    const resources = (sid: string) => ([] as string[]).concat(policy.Statement.find((s) => s.Sid === sid)!.Resource);
    expect(resources('AdminGroupAndRoleRole')).toEqual(['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/*/BreakGlass']);
    expect(resources('AdminGroupAndRoleGroup')).toEqual(['arn:aws:iam::*:group/Admins', 'arn:aws:iam::*:group/*/Admins']);
    expect(resources('AlertsTopicTopic')).toEqual(['arn:aws:sns:*:*:ops-alerts']);
    expect(resources('CloudtrailTrail')).toEqual(['arn:aws:cloudtrail:*:*:trail/main-trail']);
    expect(resources('AdminGroupAndRoleRoleAdminPolicy')).toEqual(['arn:aws:iam::*:role/BreakGlass', 'arn:aws:iam::*:role/*/BreakGlass']);
    expect(resources('CloudtrailLogGroup')).toEqual(['arn:aws:logs:*:*:log-group:/ops/trail', 'arn:aws:logs:*:*:log-group:/ops/trail:*']);
    // A section that does not parse as a whole (a budget without its amount): its names still do.
    const partial = policyFor(checklist, 'run', { config: { 'monthly-budget': { name: 'team-budget' } } });
    expect(partial.Statement.find((s) => s.Sid === 'MonthlyBudgetBudget')!.Resource).toBe('arn:aws:budgets::*:budget/team-budget');
    // Without a config: the inputs' defaults, which the example config also uses.
    expect(policyFor(checklist, 'run')).toEqual(policyFor(checklist, 'run', { config }));
    // An account id narrows every ARN's account part.
    expect(JSON.stringify(policyFor(checklist, 'run', { accountId: '123456789012' }))).not.toMatch(/arn:aws:[a-z0-9-]+:[^:]*:\*:/);
  });

  it('no action is scoped in one statement and granted on * by another (that would undo the scoping)', () => {
    for (const mode of ['run', 'plan', 'undo'] as const) {
      const policy = policyFor(checklist, mode);
      const onStar = new Set(policy.Statement.filter((s) => s.Resource === '*' && !s.Condition).flatMap((s) => s.Action));
      const scoped = policy.Statement.filter((s) => s.Resource !== '*').flatMap((s) => s.Action);
      expect(scoped.filter((action) => onStar.has(action)), mode).toEqual([]);
    }
  });

  it('IAM wildcard matching, as the checks above use it', () => {
    expect(resourceMatches('arn:aws:iam::*:role/*/Admin', 'arn:aws:iam::123456789012:role/team/Admin')).toBe(true);
    expect(resourceMatches('arn:aws:iam::*:role/*/Admin', 'arn:aws:iam::123456789012:role/Admin')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::aws-bootstrap-config-*-*', 'arn:aws:s3:::aws-bootstrap-config-123456789012-us-east-1')).toBe(true);
    expect(resourceMatches('arn:aws:cloudwatch:*:*:alarm:aws-bootstrap-*', 'arn:aws:cloudwatch:us-east-1:1:alarm:*')).toBe(false);
    expect(resourceMatches('arn:aws:sns:*:*:a?c', 'arn:aws:sns:us-east-1:1:abc')).toBe(true);
  });

  it('--split: a policy too large for one managed policy becomes several that each fit and together allow the same', () => {
    const whole = policyFor([...checklist, ...organizationSteps], 'run');
    expect(policySize(whole)).toBeGreaterThan(MANAGED_POLICY_LIMIT);
    const parts = splitPolicy(whole);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(policySize(part)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    // Every statement kept whole where it fits, in order; nothing added, nothing lost.
    expect(parts.flatMap((p) => p.Statement)).toEqual(whole.Statement);
    // A statement larger than the limit alone is cut over its actions, resources and condition kept.
    const wide = { Sid: 'Wide', Effect: 'Allow' as const, Action: Array.from({ length: 400 }, (_, i) => `service:Action${i}`), Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    const cut = splitPolicy({ Version: '2012-10-17', Statement: [wide] }).flatMap((p) => p.Statement);
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.flatMap((s) => s.Action)).toEqual(wide.Action);
    for (const s of cut) expect([s.Resource, s.Condition, /^Wide\d+$/.test(s.Sid)]).toEqual([wide.Resource, wide.Condition, true]);
    for (const part of splitPolicy({ Version: '2012-10-17', Statement: [wide] })) expect(policySize(part)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
  });

  it('the whole checklist fits one inline role policy', () => {
    for (const mode of ['run', 'plan', 'undo'] as const) expect(policySize(policyFor(checklist, mode))).toBeLessThan(10_240);
  });
});
