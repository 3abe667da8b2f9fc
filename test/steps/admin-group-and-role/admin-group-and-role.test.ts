import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import step, {
  ADMIN_GROUP_PATH,
  desiredGroupPolicy,
  desiredTrustPolicy,
  foreignPrincipals,
  GROUP_POLICY_NAME,
  trustRequiresMfa,
  type AdminChangePayload,
  type AdminGroupAndRoleInputs,
  type AdminGroupAndRoleState,
  type AdminGroupAndRoleUndo,
  type PolicyDocument,
} from '../../../steps/admin-group-and-role/admin-group-and-role.js';
import type { Plan, StepContext } from '../../../src/core/step.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState, type SimState } from '../../../src/sim/state.js';
import { setLanguage, withLanguage } from '../../../src/i18n/index.js';
import { bootstrapTags } from '../../../src/core/tags.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { applyAll, undoAll } from '../../support/apply.js';
import { englishLeft } from '../../support/english.js';
import { simEnv } from '../../support/sim.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, undoAgainst } from '../../support/wizard.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const inputs = (given: object = {}) => step.inputs!.schema.parse(given);

/** Like applyAll, keeping the step's own undo record type (for undoDrift). */
async function applyTyped(ctx: StepContext, plan: Plan<AdminChangePayload>, given: AdminGroupAndRoleInputs): Promise<AdminGroupAndRoleUndo[]> {
  const undos: AdminGroupAndRoleUndo[] = [];
  for (const change of plan.changes) undos.push(await step.apply(ctx, change, given));
  return undos;
}
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/AdministratorAccessWithMFA';
const mfaTrust = desiredTrustPolicy(planCtx);
/** What the IAM console's "Require MFA" box generates: also matches calls made without MFA. */
const boolIfExistsTrust: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::123456789012:root' },
    Action: 'sts:AssumeRole',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  }],
};

const OTHER_ACCOUNT = '210987654321';
/** A trust statement that requires MFA the right way, for whichever principal. */
const mfaStatement = (Principal: unknown) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
const trust = (...Statement: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
/** Trust policies that require MFA but let in more than this account, and who they let in. */
const wideTrusts: Array<[name: string, policy: PolicyDocument, foreign: string[]]> = [
  ['"AWS": "*"', trust(mfaStatement({ AWS: '*' })), ['AWS: *']],
  ['another account', trust(mfaStatement({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` })), [`AWS: arn:aws:iam::${OTHER_ACCOUNT}:root`]],
  [
    'a mixed statement list where one statement is wide',
    trust(mfaStatement({ AWS: 'arn:aws:iam::123456789012:root' }), mfaStatement({ AWS: ['123456789012', OTHER_ACCOUNT] })),
    [`AWS: ${OTHER_ACCOUNT}`],
  ],
];

const compliant = (): AdminGroupAndRoleState => ({
  users: ['alice', 'bob'],
  roles: {
    AdministratorAccessWithMFA: {
      name: 'AdministratorAccessWithMFA', arn: ROLE_ARN, trustPolicy: mfaTrust, maxSessionDuration: 3600,
      attachedPolicyArns: [ADMIN], inlinePolicyNames: [], tags: {},
    },
  },
  groups: {
    Administrators: {
      name: 'Administrators', arn: 'arn:aws:iam::123456789012:group/Administrators', path: '/',
      inlinePolicies: { [GROUP_POLICY_NAME]: desiredGroupPolicy(planCtx, ROLE_ARN) }, attachedPolicyArns: [], members: ['alice'],
    },
  },
});
const empty = (): AdminGroupAndRoleState => ({ users: ['alice', 'bob'], roles: {}, groups: {} });
const actions = (state: AdminGroupAndRoleState, given: object = {}) => step.plan(state, inputs(given), planCtx).changes.map((c) => c.payload.action);

/** The sim stores policy documents as JSON text. */
const parse = (document: string) => JSON.parse(document) as { Statement: Array<Record<string, unknown>> };
const iamOf = (state: SimState) => structuredClone({ roles: state.iam.roles, groups: state.iam.groups, users: state.iam.users });

describe('trustRequiresMfa', () => {
  it('accepts Bool aws:MultiFactorAuthPresent and nothing weaker', () => {
    expect(trustRequiresMfa(mfaTrust)).toBe(true);
    expect(trustRequiresMfa(boolIfExistsTrust)).toBe(false);
    const noCondition = { Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] };
    expect(trustRequiresMfa(noCondition)).toBe(false);
    // A second Allow without MFA opens the role just the same.
    expect(trustRequiresMfa({ Statement: [...(mfaTrust.Statement as object[]), noCondition.Statement[0]] })).toBe(false);
    // Condition keys ignore case in IAM.
    expect(trustRequiresMfa({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:multifactorauthpresent': ['true'] } } }] })).toBe(true);
  });

  it('requires NumericLessThan aws:MultiFactorAuthAge within the limit when one is configured', () => {
    expect(trustRequiresMfa(mfaTrust, 3600)).toBe(false);
    expect(trustRequiresMfa(desiredTrustPolicy(planCtx, 3600), 3600)).toBe(true);
    expect(trustRequiresMfa(desiredTrustPolicy(planCtx, 7200), 3600)).toBe(false);
  });
});

describe('foreignPrincipals', () => {
  const foreign = (...statements: object[]) => foreignPrincipals(trust(...statements), planCtx);

  it("accepts this account's own principals: its root, its bare id, its users, roles and role sessions", () => {
    expect(foreign(mfaStatement({
      AWS: [
        'arn:aws:iam::123456789012:root', '123456789012', 'arn:aws:iam::123456789012:user/alice',
        'arn:aws:iam::123456789012:role/ops', 'arn:aws:sts::123456789012:assumed-role/ops/alice',
      ],
    }))).toEqual([]);
    // A Deny statement only narrows who may assume the role.
    expect(foreign(mfaStatement({ AWS: '123456789012' }), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' })).toEqual([]);
  });

  it('names everyone else an Allow statement lets in', () => {
    for (const [, policy, expected] of wideTrusts) expect(foreignPrincipals(policy, planCtx)).toEqual(expected);
    expect(foreign(mfaStatement('*'))).toEqual(['*']);
    expect(foreign(mfaStatement({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:user/mallory` }))).toEqual([`AWS: arn:aws:iam::${OTHER_ACCOUNT}:user/mallory`]);
    expect(foreign(mfaStatement({ AWS: 'arn:aws:iam::123456789012:*' }))).toEqual(['AWS: arn:aws:iam::123456789012:*']);
    expect(foreign(mfaStatement({ AWS: 'arn:aws-cn:iam::123456789012:root' }))).toEqual(['AWS: arn:aws-cn:iam::123456789012:root']);
    expect(foreign(mfaStatement({ Service: 'ec2.amazonaws.com', AWS: '123456789012' }))).toEqual(['Service: ec2.amazonaws.com']);
    expect(foreign(mfaStatement({ Federated: 'cognito-identity.amazonaws.com' }))).toEqual(['Federated: cognito-identity.amazonaws.com']);
    expect(foreign({ Effect: 'Allow', NotPrincipal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' })).toEqual(['everyone but NotPrincipal {"AWS":"123456789012"}']);
  });
});

describe('admin-group-and-role plan', () => {
  it('plans nothing when role, attachment, group policy and members are in place (compliant)', () => {
    expect(step.plan(compliant(), inputs({ addUsers: ['alice'] }), planCtx).changes).toEqual([]);
  });

  it('plans, on an empty account, the role, its attachment, the group, its policy and one change per user, in that order', () => {
    expect(actions(empty(), { addUsers: ['alice', 'bob'] })).toEqual(['create-role', 'attach-admin-policy', 'create-group', 'put-group-policy', 'add-user', 'add-user']);
  });

  it('creates the role with the trust policy from templates/ and the configured session length', () => {
    const [create] = step.plan(empty(), inputs({ maxSessionHours: 4, mfaMaxAgeSeconds: 3600 }), planCtx).changes;
    expect(create!.payload).toMatchObject({ action: 'create-role', maxSessionDuration: 4 * 3600 });
    expect(create!.after).toMatchObject({ maxSessionDuration: '4 hours' });
    const trust = (create!.payload as { trustPolicy: PolicyDocument }).trustPolicy;
    expect(trust.Statement).toEqual([{
      Sid: 'AllowAccountPrincipalsSignedInWithMFA',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    }]);
  });

  it('fixes a BoolIfExists trust policy of an existing role, showing before and after', () => {
    const state = compliant();
    state.roles.AdministratorAccessWithMFA!.trustPolicy = boolIfExistsTrust;
    const plan = step.plan(state, inputs(), planCtx);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ summary: 'Require MFA in the trust policy of the role AdministratorAccessWithMFA', before: boolIfExistsTrust, after: mfaTrust });
    expect(plan.notes).toEqual(expect.arrayContaining([expect.stringMatching(/BoolIfExists .* also admits calls signed with long-term access keys/)]));
  });

  for (const [name, wide, foreign] of wideTrusts) {
    it(`limits a trust policy that requires MFA but trusts ${name} to this account's principals`, () => {
      const state = compliant();
      state.roles.AdministratorAccessWithMFA!.trustPolicy = wide;
      const plan = step.plan(state, inputs(), planCtx);
      expect(plan.changes).toEqual([{
        summary: "Limit the trust policy of the role AdministratorAccessWithMFA to this account's principals",
        before: wide,
        after: mfaTrust,
        payload: { action: 'update-trust-policy', roleName: 'AdministratorAccessWithMFA', trustPolicy: mfaTrust, previous: wide },
      }]);
      expect(plan.notes).toEqual(expect.arrayContaining([`The role AdministratorAccessWithMFA can also be assumed by ${foreign.join(', ')}; an administrator role must trust only this account.`]));
    });
  }

  it('says so when a wide trust policy lacks MFA as well; leaves alone one of its own that trusts only this account with MFA', () => {
    const state = compliant();
    state.roles.AdministratorAccessWithMFA!.trustPolicy = trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
    expect(step.plan(state, inputs(), planCtx).changes.map((c) => c.summary)).toEqual([
      "Limit the trust policy of the role AdministratorAccessWithMFA to this account's principals and require MFA",
    ]);

    state.roles.AdministratorAccessWithMFA!.trustPolicy = trust(mfaStatement({ AWS: ['123456789012', 'arn:aws:iam::123456789012:user/alice'] }));
    const plan = step.plan(state, inputs({ addUsers: ['alice'] }), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual(['The role AdministratorAccessWithMFA already trusts only this account and requires MFA, with a trust policy of its own; it is left as it is.']);
  });

  it('adopts existing resources: attaches a missing AdministratorAccess, puts a missing group policy, fixes the session length', () => {
    const state = compliant();
    state.roles.AdministratorAccessWithMFA!.attachedPolicyArns = ['arn:aws:iam::aws:policy/ReadOnlyAccess'];
    state.roles.AdministratorAccessWithMFA!.maxSessionDuration = 43200;
    state.groups.Administrators!.inlinePolicies = {};
    const plan = step.plan(state, inputs({ addUsers: ['alice', 'bob'] }), planCtx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['update-max-session', 'attach-admin-policy', 'put-group-policy', 'add-user']);
    expect(plan.changes[0]).toMatchObject({ before: '12 hours', after: '1 hour' });
    expect(plan.changes[1]).toMatchObject({ before: { attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }, after: { attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess', ADMIN] } });
    expect(plan.changes[3]!.payload).toEqual({ action: 'add-user', groupName: 'Administrators', userName: 'bob' });
    expect(plan.notes).toEqual(expect.arrayContaining(['The role AdministratorAccessWithMFA also has: arn:aws:iam::aws:policy/ReadOnlyAccess (left as they are).']));
  });

  it('warns, without detaching anything, when the adopted group also grants permissions directly (e.g. AdministratorAccess)', () => {
    const state = compliant();
    state.groups.Administrators!.attachedPolicyArns = [ADMIN];
    const plan = step.plan(state, inputs({ addUsers: ['alice'] }), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([
      `The group Administrators also grants permissions directly (${ADMIN}); its members can use them without MFA, around the role. ` +
        'Once you have assumed AdministratorAccessWithMFA with MFA successfully, remove them from the group.',
    ]);
  });

  it('finds existing resources whatever the case of the configured names (IAM names ignore case)', () => {
    expect(actions(compliant(), { groupName: 'administrators', roleName: 'administratoraccesswithmfa', addUsers: ['ALICE'] })).toEqual([]);
  });

  it('fails at plan time, naming the user, when addUsers lists a user that does not exist', () => {
    expect(() => step.plan(empty(), inputs({ addUsers: ['alice', 'mallory'] }), planCtx)).toThrow('addUsers: there is no IAM user named "mallory" in this account (users: alice, bob)');
  });
});

describe('admin-group-and-role inputs', () => {
  const problems = (given: unknown) => {
    const result = step.inputs!.schema.safeParse(given);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('has the documented defaults and accepts a comma-separated user list', () => {
    expect(inputs()).toEqual({ groupName: 'Administrators', roleName: 'AdministratorAccessWithMFA', maxSessionHours: 1, addUsers: [] });
    expect(inputs({ addUsers: 'alice, bob' }).addUsers).toEqual(['alice', 'bob']);
  });

  it('rejects bad values with clear messages', () => {
    expect(problems({ maxSessionHours: 13 })).toEqual(['maxSessionHours: IAM allows 1 to 12 hours']);
    expect(problems({ roleName: 'admin role' })).toEqual(['roleName: an IAM role name uses letters, digits and +=,.@_- only']);
    expect(problems({ addUsers: ['alice', 'Alice'] })).toEqual(['addUsers: a user is listed twice']);
    expect(problems({ mfaMaxAgeSeconds: 10 })).toEqual(['mfaMaxAgeSeconds: give at least 60 seconds']);
  });
});

describe('admin-group-and-role against the simulated account', () => {
  it('sets everything up on a fresh account with the exact calls, then plans nothing; undo in reverse restores the account', async () => {
    const { sim, ctx } = simEnv({ fresh: { users: ['alice', 'bob'] } });
    const before = iamOf(sim.state);
    const given = inputs({ addUsers: ['alice', 'bob'] });
    const undos = await applyAll(step, ctx(), step.plan(await step.observe(ctx()), given, planCtx), given);

    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateRole', 'AttachRolePolicy', 'CreateGroup', 'PutGroupPolicy', 'AddUserToGroup', 'AddUserToGroup']);
    expect(sim.mutatingCalls()[0]!.input).toMatchObject({ RoleName: 'AdministratorAccessWithMFA', MaxSessionDuration: 3600 });
    expect(sim.state.iam.roles.AdministratorAccessWithMFA!.attachedPolicies).toEqual([ADMIN]);
    expect(sim.state.iam.users.alice!.groups).toEqual(['Administrators']);
    expect(step.plan(await step.observe(ctx()), given, planCtx).changes).toEqual([]);

    await undoAll(step, ctx(), undos);
    expect(sim.mutatingCalls().slice(6).map((c) => c.action)).toEqual([
      'RemoveUserFromGroup', 'RemoveUserFromGroup', 'DeleteGroupPolicy', 'DeleteGroup', 'DetachRolePolicy', 'DeleteRole',
    ]);
    expect(iamOf(sim.state)).toEqual(before);
  });

  it('still takes everything back when the records of the attachment, group policy and members were lost (a kill between call and write)', async () => {
    const { sim, ctx } = simEnv({ fresh: { users: ['alice', 'bob'] } });
    const before = iamOf(sim.state);
    const given = inputs({ addUsers: ['alice'] });
    const undos = await applyTyped(ctx(), step.plan(await step.observe(ctx()), given, planCtx), given);
    sim.state.iam.users.bob!.groups.push('Administrators');
    const kept = undos.filter((u) => u.kind === 'delete-role' || u.kind === 'delete-group');
    expect(kept).toHaveLength(2);

    // The drift check accepts what this run itself put in, and only that.
    const state = await step.observe(ctx());
    expect(kept.map((u) => step.undoDrift!(state, u))).toEqual([undefined, 'the group Administrators now has other members: bob']);
    sim.state.iam.users.bob!.groups = [];

    const from = sim.mutatingCalls().length;
    await undoAll(step, ctx(), kept);
    expect(sim.mutatingCalls().slice(from).map((c) => c.action)).toEqual(['DeleteGroupPolicy', 'RemoveUserFromGroup', 'DeleteGroup', 'DetachRolePolicy', 'DeleteRole']);
    expect(iamOf(sim.state)).toEqual(before);
  });

  it('creates a trust policy that really uses Bool for aws:MultiFactorAuthPresent (read from the account)', async () => {
    const { sim, ctx } = simEnv();
    await applyAll(step, ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx), inputs());
    const [statement, ...others] = parse(sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument).Statement;
    expect(others).toEqual([]);
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' });
    expect(statement!.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
  });

  it('gives the group only sts:AssumeRole on the role plus self-service password and MFA on the caller\'s own user', async () => {
    const { sim, ctx } = simEnv();
    await applyAll(step, ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx), inputs());
    const { Statement } = parse(sim.state.iam.groups.Administrators!.inlinePolicies[GROUP_POLICY_NAME]!);
    const allowed = Statement.flatMap((s) => [s.Action].flat().map((action) => [action, [s.Resource].flat().join(' ')]));
    const own = 'arn:aws:iam::123456789012:user/${aws:username}';
    expect(Object.fromEntries(allowed)).toEqual({
      'sts:AssumeRole': ROLE_ARN,
      'iam:GetAccountPasswordPolicy': '*',
      'iam:ListVirtualMFADevices': '*',
      'iam:ChangePassword': own,
      'iam:GetUser': own,
      'iam:ListMFADevices': own,
      'iam:EnableMFADevice': own,
      'iam:ResyncMFADevice': own,
      'iam:CreateVirtualMFADevice': 'arn:aws:iam::123456789012:mfa/*',
      'iam:DeleteVirtualMFADevice': 'arn:aws:iam::123456789012:mfa/${aws:username}',
      'iam:DeactivateMFADevice': own,
    });
    expect(Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(Statement.find((s) => s.Action === 'iam:DeactivateMFADevice')!.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
  });

  it('fixes an existing role whose trust policy uses BoolIfExists; undo puts the old document back', async () => {
    const { sim, ctx } = simEnv();
    await applyAll(step, ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx), inputs());
    const weakDocument = JSON.stringify(boolIfExistsTrust);
    sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument = weakDocument;
    sim.calls.length = 0;

    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['update-trust-policy']);
    const undos = await applyAll(step, ctx(), plan, inputs());
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAssumeRolePolicy']);
    expect(parse(sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument).Statement[0]!.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);

    await undoAll(step, ctx(), undos);
    expect(parse(sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument)).toEqual(boolIfExistsTrust);
  });

  for (const [name, wide] of wideTrusts) {
    it(`tightens an existing role that trusts ${name}: applied, read back compliant; undo puts the old document back`, async () => {
      const { sim, ctx } = simEnv();
      await applyAll(step, ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx), inputs());
      sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument = JSON.stringify(wide);
      sim.calls.length = 0;

      const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
      expect(plan.changes.map((c) => c.payload.action)).toEqual(['update-trust-policy']);
      const undos = await applyTyped(ctx(), plan, inputs());
      expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAssumeRolePolicy']);
      expect(parse(sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument)).toEqual(mfaTrust);
      expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);

      expect(undos.map((u) => u.kind)).toEqual(['restore-trust-policy']);
      expect(step.undoDrift!(await step.observe(ctx()), undos[0]!)).toBeUndefined();
      await undoAll(step, ctx(), undos);
      expect(parse(sim.state.iam.roles.AdministratorAccessWithMFA!.AssumeRolePolicyDocument)).toEqual(wide);
    });
  }

  it('adopts an existing group: no second group, its members stay; undo leaves the group as it was', async () => {
    const { sim, ctx } = simEnv({ fresh: { users: ['alice', 'carol'] } });
    await step.apply(ctx(), { summary: '', before: null, after: null, payload: { action: 'create-group', groupName: 'Administrators', plannedMembers: [] } }, inputs());
    await step.apply(ctx(), { summary: '', before: null, after: null, payload: { action: 'add-user', groupName: 'Administrators', userName: 'carol' } }, inputs());
    const before = iamOf(sim.state);
    sim.calls.length = 0;

    const given = inputs({ addUsers: ['alice'] });
    const plan = step.plan(await step.observe(ctx()), given, planCtx);
    expect(plan.notes).toEqual(expect.arrayContaining(['The group Administrators also has: carol (left in it).']));
    const undos = await applyAll(step, ctx(), plan, given);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateRole', 'AttachRolePolicy', 'PutGroupPolicy', 'AddUserToGroup']);
    expect(Object.keys(sim.state.iam.groups)).toEqual(['Administrators']);

    await undoAll(step, ctx(), undos);
    expect(iamOf(sim.state)).toEqual(before);
    expect(sim.state.iam.users.carol!.groups).toEqual(['Administrators']);
  });

  it('reads roles page by page (more than one page of roles and users)', async () => {
    const { sim, ctx } = simEnv({ fresh: { users: Array.from({ length: 120 }, (_, i) => `user${i}`) } });
    for (let i = 0; i < 110; i++) {
      await step.apply(ctx(), { summary: '', before: null, after: null, payload: { action: 'create-role', roleName: `role${i}`, trustPolicy: boolIfExistsTrust, maxSessionDuration: 7200, description: 'x' } }, inputs());
    }
    const state = await step.observe(ctx());
    expect(state.users).toHaveLength(121);
    expect(Object.keys(state.roles)).toHaveLength(110);
    expect(state.roles.role109!.maxSessionDuration).toBe(7200);
    expect(sim.calls.filter((c) => c.action === 'GetAccountAuthorizationDetails').length).toBeGreaterThan(1);
  });

  it('undo leaves attached a managed policy someone attached since to the role it created: skipped with the reason, and still attached under --force', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { steps: [step] });
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    await client.send(new sdk.AttachRolePolicyCommand({ RoleName: 'AdministratorAccessWithMFA', PolicyArn: READ_ONLY }));
    const roleUndo = (results: ReadonlyArray<{ title: string }>) => results.find((r) => r.title.startsWith('Create the role'));

    const undo = await undoAgainst(sim, undoLogPath);
    expect(roleUndo(undo.report.results)).toMatchObject({ status: 'skipped', detail: `the role AdministratorAccessWithMFA now also has ${READ_ONLY}; --force undoes it anyway` });
    // Everything else was taken back, AdministratorAccess included (its own record).
    expect(undo.report.results.filter((r) => r.status !== 'undone')).toHaveLength(1);
    expect(sim.state.iam.roles.AdministratorAccessWithMFA!.attachedPolicies).toEqual([READ_ONLY]);

    // Forced, undo detaches only what this run attached; IAM then refuses to delete the role.
    const forced = await undoAgainst(sim, undoLogPath, { force: true });
    expect(roleUndo(forced.report.results)).toMatchObject({ status: 'failed', detail: expect.stringContaining('DeleteConflictException') });
    expect(sim.state.iam.roles.AdministratorAccessWithMFA!.attachedPolicies).toEqual([READ_ONLY]);
  });

  it('reports drift before undo would destroy something changed since the run', async () => {
    const { sim, ctx } = simEnv({ fresh: { users: ['alice'] } });
    const given = inputs({ addUsers: ['alice'] });
    const undos = await applyTyped(ctx(), step.plan(await step.observe(ctx()), given, planCtx), given);
    const drift = async () => {
      const state = await step.observe(ctx());
      return undos.map((u) => step.undoDrift!(state, u)).filter(Boolean);
    };
    expect(await drift()).toEqual([]);

    sim.state.iam.roles.AdministratorAccessWithMFA!.attachedPolicies.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
    sim.state.iam.users['demo-admin']!.groups.push('Administrators');
    sim.state.iam.groups.Administrators!.inlinePolicies[GROUP_POLICY_NAME] = JSON.stringify({ Statement: [] });
    expect(await drift()).toEqual([
      'the role AdministratorAccessWithMFA now also has arn:aws:iam::aws:policy/ReadOnlyAccess',
      'the group Administrators now has other members: demo-admin',
      `the inline policy ${GROUP_POLICY_NAME} of the group Administrators was changed since this run`,
    ]);
  });
});

describe('admin-group-and-role marks what it creates (issue 15)', () => {
  const ROLE = 'AdministratorAccessWithMFA';
  const tagsOf = (state: SimState, roleName: string) => Object.fromEntries((state.iam.roles[roleName]!.Tags ?? []).map((t) => [t.Key, t.Value]));

  it("tags the role it creates with this run's id, in CreateRole itself; the group it creates, which IAM cannot tag, goes under /aws-bootstrap/", async () => {
    const sim = new SimulatedAccount(freshAccountState({ users: ['alice'] }));
    const { undoLogPath } = await runAgainst(sim, { steps: [step], config: { 'admin-group-and-role': { addUsers: ['alice'] } } });
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    expect(tagsOf(sim.state, ROLE)).toEqual({ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': runId });
    expect(sim.mutatingCalls().find((c) => c.action === 'CreateRole')!.input).toMatchObject({ Tags: [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: runId }] });
    expect(sim.mutatingCalls().filter((c) => c.action === 'TagRole')).toEqual([]);
    expect(sim.state.iam.groups.Administrators).toMatchObject({ Path: ADMIN_GROUP_PATH, Arn: 'arn:aws:iam::123456789012:group/aws-bootstrap/Administrators' });
    // The group is still found by name (the path plays no part), so the run after plans nothing.
    expect((await runAgainst(sim, { steps: [step], config: { 'admin-group-and-role': { addUsers: ['alice'] } } })).report.results.map((r) => r.status)).toEqual(['compliant']);
  });

  it('adopts a role and a group that exist (the group at any path) without tagging or moving them', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    await client.send(new sdk.CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(boolIfExistsTrust), Tags: [{ Key: 'team', Value: 'ops' }] }));
    await client.send(new sdk.CreateGroupCommand({ GroupName: 'Administrators', Path: '/people/' }));
    sim.calls.length = 0;

    await runAgainst(sim, { steps: [step] });
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAssumeRolePolicy', 'AttachRolePolicy', 'PutGroupPolicy']);
    expect(tagsOf(sim.state, ROLE)).toEqual({ team: 'ops' });
    expect(Object.keys(sim.state.iam.groups)).toEqual(['Administrators']);
    expect(sim.state.iam.groups.Administrators!.Path).toBe('/people/');
  });

  it('shows in the preview which tags the role gets, and that the group gets a path instead', async () => {
    const plan = step.plan(empty(), inputs(), { ...planCtx, runId: 'r-7' });
    expect(plan.changes[0]!.after).toMatchObject({ tags: 'aws-bootstrap:managed=true, aws-bootstrap:run=r-7' });
    expect(plan.changes.find((c) => c.payload.action === 'create-group')!.after).toEqual({ groupName: 'Administrators', path: ADMIN_GROUP_PATH });
    expect(plan.notes).toContain('IAM groups cannot be tagged: the group Administrators is created under the path /aws-bootstrap/ instead, which marks it as made by aws-bootstrap.');

    const preview = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], dryRun: true });
    expect(preview.output).toContain('aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
    expect(preview.output).toContain('IAM groups cannot be tagged');
  });

  it('undo leaves alone a role and a group a tampered log names that this run did not create; --force deletes them anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const run = await runAgainst(sim, { steps: [step] });
    // Someone else's role (no tags, the same trust policy) and group (at /), and the log's deletes edited to name them.
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    await client.send(new sdk.CreateRoleCommand({ RoleName: 'OpsRole', AssumeRolePolicyDocument: JSON.stringify(mfaTrust) }));
    await client.send(new sdk.CreateGroupCommand({ GroupName: 'Ops' }));
    const lines = readFileSync(run.undoLogPath, 'utf8').split('\n').filter(Boolean);
    const edited = lines.map((line) => {
      const record = JSON.parse(line) as { undo?: { kind: string; roleName?: string; groupName?: string } };
      if (record.undo?.kind === 'delete-role') record.undo.roleName = 'OpsRole';
      if (record.undo?.kind === 'delete-group') record.undo.groupName = 'Ops';
      return JSON.stringify(record);
    });
    expect(edited).not.toEqual(lines);
    writeFileSync(run.undoLogPath, rechained(edited).map((line) => `${line}\n`).join(''));
    const kept = (results: ReadonlyArray<{ status: string; detail?: string }>) => results.filter((r) => r.status !== 'undone').map((r) => [r.status, r.detail]);

    const undo = await undoAgainst(sim, run.undoLogPath);
    expect(kept(undo.report.results)).toEqual([
      ['skipped', 'the group Ops was not created by this run: its path is /, not /aws-bootstrap/; --force undoes it anyway'],
      ['skipped', 'the role OpsRole was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway'],
    ]);
    expect(Object.keys(sim.state.iam.roles).sort()).toEqual([ROLE, 'OpsRole']);
    expect(Object.keys(sim.state.iam.groups).sort()).toEqual(['Administrators', 'Ops']);
    expect(sim.mutatingCalls().filter((c) => c.action === 'DeleteRole' || c.action === 'DeleteGroup')).toEqual([]);

    const forced = await undoAgainst(sim, run.undoLogPath, { force: true });
    expect(forced.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(Object.keys(sim.state.iam.roles)).toEqual([ROLE]);
    expect(Object.keys(sim.state.iam.groups)).toEqual(['Administrators']);
  });

  it("undo's drift check takes a role with another run's tag for someone else's", async () => {
    const { ctx } = simEnv();
    const given = inputs();
    const undos = await applyTyped({ ...ctx(), runId: 'r-1' }, step.plan(await step.observe(ctx()), given, planCtx), given);
    const deleteRole = undos.find((u) => u.kind === 'delete-role')!;
    const state = await step.observe(ctx());
    expect(state.roles[ROLE]!.tags).toEqual(bootstrapTags('r-1'));
    expect(step.undoDrift!(state, deleteRole, { runId: 'r-1' })).toBeUndefined();
    expect(step.undoDrift!(state, deleteRole, { runId: 'r-2' })).toBe(`the role ${ROLE} was created by another run (aws-bootstrap:run=r-1), not this one`);
  });
});

describe('admin-group-and-role in Japanese', () => {
  it('shows its plan, validation messages and errors in Japanese, with no English left', () => {
    const wide: AdminGroupAndRoleState = {
      users: ['alice', 'bob'],
      roles: {
        AdministratorAccessWithMFA: {
          name: 'AdministratorAccessWithMFA', arn: ROLE_ARN, trustPolicy: boolIfExistsTrust, maxSessionDuration: 12 * 3600,
          attachedPolicyArns: [READ_ONLY], inlinePolicyNames: ['extra'], tags: {},
        },
      },
      groups: {
        Administrators: {
          name: 'Administrators', arn: 'arn:aws:iam::123456789012:group/Administrators', path: '/',
          inlinePolicies: { [GROUP_POLICY_NAME]: { Statement: [] } }, attachedPolicyArns: [READ_ONLY], members: ['bob'],
        },
      },
    };
    const foreignTrust = trust(mfaStatement({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }), { Effect: 'Allow', NotPrincipal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' });
    const ja = withLanguage('ja', () => {
      const problems = (given: object) => {
        const result = step.inputs!.schema.safeParse(given);
        return result.success ? [] : result.error.issues.map((i) => i.message);
      };
      const error = (run: () => unknown) => {
        try {
          run();
          return '';
        } catch (e) {
          return (e as Error).message;
        }
      };
      return {
        title: step.title,
        why: step.why,
        fresh: step.plan(empty(), inputs({ addUsers: ['alice'] }), planCtx),
        wide: step.plan(wide, inputs({ addUsers: ['alice'] }), planCtx),
        foreign: step.plan({ ...compliant(), roles: { AdministratorAccessWithMFA: { ...compliant().roles.AdministratorAccessWithMFA!, trustPolicy: foreignTrust } } }, inputs(), planCtx),
        own: step.plan({ ...compliant(), roles: { AdministratorAccessWithMFA: { ...compliant().roles.AdministratorAccessWithMFA!, trustPolicy: trust(mfaStatement({ AWS: '123456789012' })) } } }, inputs(), planCtx),
        invalid: [
          ...problems({ groupName: '', roleName: 'bad name!', maxSessionHours: 1.5 }),
          ...problems({ maxSessionHours: 13, addUsers: ['alice', 'Alice'], mfaMaxAgeSeconds: 30 }),
          ...problems({ roleName: 'r'.repeat(65), mfaMaxAgeSeconds: 200_000 }),
          ...problems({ mfaMaxAgeSeconds: 60.5 }),
        ],
        errors: [
          error(() => step.plan(empty(), inputs({ addUsers: ['mallory'] }), planCtx)),
          error(() => step.plan({ ...empty(), users: [] }, inputs({ addUsers: ['mallory'] }), planCtx)),
        ],
      };
    });
    expect(ja.fresh.changes.map((c) => c.summary)).toEqual([
      'MFA がないと引き受けられない IAM ロール AdministratorAccessWithMFA を作成する',
      'ロール AdministratorAccessWithMFA に AdministratorAccess をアタッチする',
      'IAM グループ Administrators を作成する',
      `Administrators のメンバーがロールを引き受け、自分のパスワードと MFA を管理できるようにする (インラインポリシー ${GROUP_POLICY_NAME})`,
      'alice をグループ Administrators に追加する',
    ]);
    expect(ja.fresh.changes[0]!.before).toBe('AdministratorAccessWithMFA という名前のロールなし');
    expect(ja.fresh.changes[0]!.after).toMatchObject({ roleName: 'AdministratorAccessWithMFA', maxSessionDuration: '1 時間' });
    // IAM takes only Latin-1 in a role description: it stays English.
    expect(ja.fresh.changes[0]!.payload).toMatchObject({ description: expect.stringMatching(/^Administrator access for members of the Administrators group/) });
    expect(ja.fresh.changes.slice(2).map((c) => [c.before, c.after])).toEqual([
      ['Administrators という名前のグループなし', { groupName: 'Administrators', path: ADMIN_GROUP_PATH }],
      [`${GROUP_POLICY_NAME} という名前のインラインポリシーなし`, expect.any(Object)],
      ['alice は Administrators のメンバーではない', 'alice は Administrators のメンバー'],
    ]);
    expect(ja.fresh.notes).toEqual([
      'IAM グループにはタグを付けられません。そのため、グループ Administrators はパス /aws-bootstrap/ の下に作成し、aws-bootstrap が作成したことをパスで示します。',
      'メンバーが AdministratorAccessWithMFA を引き受けるには、自分の IAM ユーザーに MFA デバイスが必要です。',
      'ロールの切り替えはこちらから行えます: https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=AdministratorAccessWithMFA',
    ]);
    expect(ja.wide.changes.map((c) => c.summary)).toEqual([
      'ロール AdministratorAccessWithMFA の信頼ポリシーで MFA を必須にする',
      'ロール AdministratorAccessWithMFA の最大セッション期間を 1 時間にする',
      'ロール AdministratorAccessWithMFA に AdministratorAccess をアタッチする',
      `グループ Administrators のインラインポリシー ${GROUP_POLICY_NAME} を更新する`,
      'alice をグループ Administrators に追加する',
    ]);
    expect(ja.wide.changes[1]).toMatchObject({ before: '12 時間', after: '1 時間' });
    expect(ja.wide.notes!.slice(0, 4)).toEqual([
      expect.stringMatching(/^このロールの信頼ポリシーは aws:MultiFactorAuthPresent に BoolIfExists を使っています。/),
      `ロール AdministratorAccessWithMFA には ${READ_ONLY}、extra (インライン) もあります (そのままにします)。`,
      'グループ Administrators には bob も属しています (そのまま残します)。',
      `グループ Administrators はアクセス許可を直接付与してもいます (${READ_ONLY})。メンバーはロールを経由せず、MFA なしでそれらを使えます。MFA で AdministratorAccessWithMFA を引き受けられることを確かめたら、それらをグループから外してください。`,
    ]);
    expect(ja.foreign.changes[0]!.summary).toBe('ロール AdministratorAccessWithMFA の信頼ポリシーをこのアカウントのプリンシパルだけに限定し、MFA を必須にする');
    expect(ja.foreign.notes![0]).toBe(
      `ロール AdministratorAccessWithMFA は次のプリンシパルも引き受けることができます: AWS: arn:aws:iam::${OTHER_ACCOUNT}:root、NotPrincipal {"AWS":"123456789012"} 以外の全員。管理者ロールは、このアカウントだけを信頼する必要があります。`,
    );
    expect(ja.own.notes).toEqual([
      'ロール AdministratorAccessWithMFA は独自の信頼ポリシーで、すでにこのアカウントだけを信頼し、MFA を必須にしています。そのままにします。',
      'グループ Administrators には alice も属しています (そのまま残します)。',
    ]);
    expect(ja.invalid).toEqual([
      'グループ名を指定してください',
      // (An empty name does not match the pattern either.)
      'IAM のグループ名に使えるのは英字、数字と +=,.@_- だけです',
      'IAM のロール名に使えるのは英字、数字と +=,.@_- だけです',
      '時間は整数で指定してください',
      'IAM で指定できるのは 1～12 時間です',
      '同じユーザーが 2 回指定されています',
      '60 秒以上を指定してください',
      'IAM のロール名は 64 文字以内で指定してください',
      'MFA のセッションは最長 36 時間 (129600 秒) です',
      '秒数は整数で指定してください',
    ]);
    expect(ja.errors).toEqual([
      'addUsers: このアカウントに "mallory" という名前の IAM ユーザーはありません (ユーザー: alice、bob)',
      'addUsers: このアカウントに "mallory" という名前の IAM ユーザーはありません (このアカウントには IAM ユーザーがありません)',
    ]);
    const plans = [ja.fresh, ja.wide, ja.foreign, ja.own];
    const shown = [
      ja.title, ja.why, ...ja.invalid, ...ja.errors,
      ...plans.flatMap((plan) => [...plan.changes.flatMap((c) => [c.summary, ...[c.before, c.after].filter((v): v is string => typeof v === 'string')]), ...(plan.notes ?? [])]),
    ];
    for (const text of shown) expect(englishLeft(text)).toEqual([]);
  });

  it('writes its undo records and drift sentences in Japanese', async () => {
    const { sim, ctx } = simEnv({ fresh: { users: ['alice'] } });
    setLanguage('ja');
    try {
      const given = inputs({ addUsers: ['alice'] });
      const undos = await applyTyped({ ...ctx(), runId: 'r-1' }, step.plan(await step.observe(ctx()), given, planCtx), given);
      expect(undos.map((u) => u.description)).toEqual([
        'ロール AdministratorAccessWithMFA を削除する (この実行で作成)',
        'ロール AdministratorAccessWithMFA から AdministratorAccess をデタッチする',
        'グループ Administrators を削除する (この実行で作成)',
        `グループ Administrators からインラインポリシー ${GROUP_POLICY_NAME} を削除する`,
        'alice をグループ Administrators から外す',
      ]);
      sim.state.iam.roles.AdministratorAccessWithMFA!.attachedPolicies = [READ_ONLY];
      sim.state.iam.users['demo-admin']!.groups.push('Administrators');
      sim.state.iam.groups.Administrators!.inlinePolicies[GROUP_POLICY_NAME] = JSON.stringify({ Statement: [] });
      sim.state.iam.users.alice!.groups = [];
      const state = await step.observe(ctx());
      const drift = undos.map((u) => step.undoDrift!(state, u, { runId: 'r-1' }));
      expect(drift).toEqual([
        `ロール AdministratorAccessWithMFA に ${READ_ONLY} が追加されている`,
        `${ADMIN} はもうロール AdministratorAccessWithMFA にアタッチされていない`,
        'グループ Administrators にほかのメンバーがいる: demo-admin',
        `グループ Administrators のインラインポリシー ${GROUP_POLICY_NAME} がこの実行の後に変更されている`,
        'alice はもうグループ Administrators のメンバーではない',
      ]);
      const other = step.undoDrift!(state, undos[0]!, { runId: 'r-2' });
      expect(other).toMatch(/^ロール AdministratorAccessWithMFA /);
      const restore = [
        { kind: 'restore-max-session', description: '', roleName: 'AdministratorAccessWithMFA', previous: 7200, applied: 14_400 },
        { kind: 'delete-role', description: '', roleName: 'Gone', trustPolicy: mfaTrust },
        { kind: 'delete-group', description: '', groupName: 'Gone' },
      ] as const;
      expect(restore.map((u) => step.undoDrift!(state, u))).toEqual([
        'ロール AdministratorAccessWithMFA の最大セッション期間がこの実行の後に変更されている (現在: 1 時間)',
        'ロール Gone はもう存在しない',
        'グループ Gone はもう存在しない',
      ]);
      for (const text of [...undos.map((u) => u.description), ...drift]) expect(englishLeft(text!)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
