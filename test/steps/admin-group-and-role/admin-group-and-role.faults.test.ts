/**
 * Answers lost after IAM made the change (a 500, a reset connection, a hung answer): for every
 * mutating call admin-group-and-role makes, the run still ends compliant, nothing is made twice,
 * and the undo log holds exactly one record per change; undo still takes everything back. Also
 * with IAM reads lagging behind writes, as they do on AWS.
 */
import { describe, expect, it } from 'vitest';
import step, { GROUP_POLICY_NAME } from '../../../steps/admin-group-and-role/admin-group-and-role.js';
import type { StepContext } from '../../../src/core/step.js';
import { SimulatedAccount, type SimFault, type SimOptions } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState, type SimState } from '../../../src/sim/state.js';
import { readUndoLog, type ChangeRecord } from '../../../src/undo/log.js';
import { setLanguage } from '../../../src/i18n/index.js';
import { applyAll, undoAll } from '../../support/apply.js';
import { englishLeft } from '../../support/english.js';
import { runAgainst, undoAgainst } from '../../support/wizard.js';

const ROLE = 'AdministratorAccessWithMFA';
const GROUP = 'Administrators';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const config = { 'admin-group-and-role': { addUsers: ['alice'] } };
const given = step.inputs!.schema.parse(config['admin-group-and-role']);
const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const consistency: SimOptions['consistency'] = { services: ['iam'], staleReads: 2 };

/** A fresh account with alice: the run creates the role, attaches AdministratorAccess, creates the group, puts its policy, adds alice. */
const fresh = () => freshAccountState({ users: ['alice'] });
/** The role already exists, trusting anyone, with 12-hour sessions: the run tightens its trust and shortens its sessions instead. */
function looseRole(): SimState {
  const state = fresh();
  state.iam.roles[ROLE] = {
    RoleName: ROLE, RoleId: 'AROA0000000000000001', Arn: `arn:aws:iam::123456789012:role/${ROLE}`, Path: '/', CreateDate: '2026-01-01T00:00:00.000Z',
    MaxSessionDuration: 43200,
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }),
    inlinePolicies: {}, attachedPolicies: [ADMIN],
  };
  return state;
}
const setups = {
  fresh: { state: fresh, records: ['delete-role', 'detach-role-policy', 'delete-group', 'delete-group-policy', 'remove-user-from-group'] },
  'loose role': { state: looseRole, records: ['restore-trust-policy', 'restore-max-session', 'delete-group', 'delete-group-policy', 'remove-user-from-group'] },
} as const;
type Setup = keyof typeof setups;

/** Every mutating call the step makes while applying, and the account that makes it send it. */
const applyCalls: Array<[action: string, setup: Setup]> = [
  ['CreateRole', 'fresh'], ['AttachRolePolicy', 'fresh'], ['CreateGroup', 'fresh'], ['PutGroupPolicy', 'fresh'], ['AddUserToGroup', 'fresh'],
  ['UpdateAssumeRolePolicy', 'loose role'], ['UpdateRole', 'loose role'],
];
/** Every mutating call its undo makes. */
const undoCalls: Array<[action: string, setup: Setup]> = [
  ['RemoveUserFromGroup', 'fresh'], ['DeleteGroupPolicy', 'fresh'], ['DeleteGroup', 'fresh'], ['DetachRolePolicy', 'fresh'], ['DeleteRole', 'fresh'],
  ['UpdateAssumeRolePolicy', 'loose role'], ['UpdateRole', 'loose role'],
];
const creates = new Set(['CreateRole', 'CreateGroup']);

const lostAnswers: Array<[name: string, fault: Omit<SimFault, 'service' | 'action'>]> = [
  ['a 500', { code: 'InternalFailure', status: 500, after: true, times: 1 }],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }],
  ['a hung answer (attempt timeout)', { code: 'InternalFailure', status: 500, after: true, times: 1, hangMs: 200 }],
];

const ctxFor = (sim: SimulatedAccount): StepContext => ({ accountId: '123456789012', partition: 'aws', region: 'us-east-1', dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') });
const iamOf = (state: SimState) => structuredClone({ roles: state.iam.roles, groups: state.iam.groups, users: state.iam.users });
const changeRecords = (logPath: string) => readUndoLog(logPath).records.filter((r): r is ChangeRecord => r.type === 'change');

/** Whether the fault hit (a hung call ends, with its error, only after the client gave up on it). */
async function answerLost(sim: SimulatedAccount, action: string): Promise<boolean> {
  for (let waited = 0; waited < 2000 && sim.calls.some((c) => c.end === undefined); waited += 20) await new Promise((r) => setTimeout(r, 20));
  return sim.calls.some((c) => c.action === action && c.error);
}

/** Compliant, and nothing twice: one role with one AdministratorAccess, one group with its policy, alice in it once. */
async function expectDoneOnce(sim: SimulatedAccount) {
  sim.settle();
  expect(step.plan(await step.observe(ctxFor(sim)), given, planCtx).changes).toEqual([]);
  const { roles, groups, users } = sim.state.iam;
  expect(Object.keys(roles)).toEqual([ROLE]);
  expect(roles[ROLE]!.attachedPolicies).toEqual([ADMIN]);
  expect(Object.keys(groups)).toEqual([GROUP]);
  expect(Object.keys(groups[GROUP]!.inlinePolicies)).toEqual([GROUP_POLICY_NAME]);
  expect(users.alice!.groups).toEqual([GROUP]);
}

describe('admin-group-and-role: an answer lost after IAM made the change', () => {
  for (const [action, setup] of applyCalls) {
    for (const [name, fault] of lostAnswers) {
      it(`apply, ${action}, ${name}: compliant, nothing twice, one undo record per change`, async () => {
        const sim = new SimulatedAccount(setups[setup].state(), { faults: [{ service: 'iam', action, ...fault }] });
        const { report, undoLogPath } = await runAgainst(sim, { steps: [step], config, clientOptions: { attemptTimeoutMs: 50 } });
        expect(await answerLost(sim, action)).toBe(true);
        expect(report.results).toEqual([expect.objectContaining({ step: step.id, status: 'changed' })]);
        expect(report.results[0]!.detail).toBeUndefined();
        await expectDoneOnce(sim);
        // A create is never sent again once IAM is seen to have made it.
        if (creates.has(action)) expect(sim.calls.filter((c) => c.action === action)).toHaveLength(1);
        expect(changeRecords(undoLogPath).map((r) => r.undo.kind)).toEqual(setups[setup].records);
      });
    }
  }

  for (const [action, setup] of undoCalls) {
    for (const [name, fault] of lostAnswers.slice(0, 2)) {
      it(`undo, ${action}, ${name}: everything is taken back`, async () => {
        const start = setups[setup].state();
        const sim = new SimulatedAccount(structuredClone(start));
        const { undoLogPath } = await runAgainst(sim, { steps: [step], config });
        sim.inject({ service: 'iam', action, ...fault });
        const { report } = await undoAgainst(sim, undoLogPath);
        expect(await answerLost(sim, action)).toBe(true);
        expect(report.results.map((r) => [r.status, r.detail])).toEqual(setups[setup].records.map(() => ['undone', undefined]));
        expect(iamOf(sim.state)).toEqual(iamOf(start));
      });
    }
  }

  it('a role of that name that is not the one asked for is never taken as ours: the change fails, saying why', async () => {
    const otherTrust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const sim = new SimulatedAccount(fresh(), {
      faults: [{ service: 'iam', action: 'CreateRole', code: 'InternalFailure', status: 500, after: true, times: 1 }],
      // Something else puts its own trust policy on the role before the read after the lost answer.
      onChange: (state) => void (state.iam.roles[ROLE] && (state.iam.roles[ROLE].AssumeRolePolicyDocument = otherTrust)),
    });
    const ctx = ctxFor(sim);
    const [create] = step.plan(await step.observe(ctx), given, planCtx).changes;
    await expect(step.apply(ctx, create!, given)).rejects.toThrow(
      `The answer to CreateRole was lost, and a role named ${ROLE} now exists that is not the one this run asked for (its trust policy differs). Something else created it: check it, then run again.`,
    );
    expect(sim.calls.filter((c) => c.action === 'CreateRole')).toHaveLength(1);
  });

  it("nor is a role of that name, as asked, that carries another run's tag, nor a group of that name outside /aws-bootstrap/", async () => {
    const sim = new SimulatedAccount(fresh(), {
      faults: [
        { service: 'iam', action: 'CreateRole', code: 'InternalFailure', status: 500, after: true, times: 1 },
        { service: 'iam', action: 'CreateGroup', code: 'InternalFailure', status: 500, after: true, times: 1 },
      ],
      // Something else marks the role as its own, and moves the group, before the read after the lost answer.
      onChange: (state) => {
        const role = state.iam.roles[ROLE];
        if (role) role.Tags = [{ Key: 'aws-bootstrap:run', Value: 'another-run' }];
        const group = state.iam.groups[GROUP];
        if (group) group.Path = '/';
      },
    });
    const ctx = { ...ctxFor(sim), runId: 'this-run' };
    const changes = step.plan(await step.observe(ctx), given, planCtx).changes;
    const change = (action: string) => changes.find((c) => c.payload.action === action)!;
    await expect(step.apply(ctx, change('create-role'), given)).rejects.toThrow(
      `a role named ${ROLE} now exists that is not the one this run asked for (it does not carry this run's aws-bootstrap:run tag)`,
    );
    await expect(step.apply(ctx, change('create-group'), given)).rejects.toThrow(
      `a group named ${GROUP} now exists with the path /, not the one this run asked for`,
    );
  });

  it('says so in Japanese too', async () => {
    const sim = new SimulatedAccount(fresh(), {
      faults: [
        { service: 'iam', action: 'CreateRole', code: 'InternalFailure', status: 500, after: true, times: 1 },
        { service: 'iam', action: 'CreateGroup', code: 'InternalFailure', status: 500, after: true, times: 1 },
      ],
      onChange: (state) => {
        const role = state.iam.roles[ROLE];
        if (role) {
          role.Tags = [{ Key: 'aws-bootstrap:run', Value: 'another-run' }];
          role.MaxSessionDuration = 7200;
        }
        const group = state.iam.groups[GROUP];
        if (group) group.Path = '/';
      },
    });
    const ctx = { ...ctxFor(sim), runId: 'this-run' };
    const changes = step.plan(await step.observe(ctx), given, planCtx).changes;
    const change = (action: string) => changes.find((c) => c.payload.action === action)!;
    const failure = (action: string) => step.apply(ctx, change(action), given).then(() => '', (error: Error) => error.message);
    // The language is read when the message is made, after the awaits: set it for the whole call.
    setLanguage('ja');
    const [role, group] = await Promise.all([failure('create-role'), failure('create-group')]).finally(() => setLanguage('en'));
    expect(role).toBe(
      `CreateRole の応答が失われ、その後ロール ${ROLE} が存在していますが、この実行が要求したものではありません (最大セッション期間が 2 時間、この実行の aws-bootstrap:run タグが付いていない)。ほかの誰かが作成したものです。確認してから、もう一度実行してください。`,
    );
    expect(group).toBe(
      `CreateGroup の応答が失われ、その後グループ ${GROUP} がパス / で存在していますが、この実行が要求したものではありません。ほかの誰かが作成したものです。確認してから、もう一度実行してください。`,
    );
    for (const text of [role, group]) expect(englishLeft(text)).toEqual([]);
  });
});

describe('admin-group-and-role with IAM reads lagging behind writes', () => {
  it('applies its changes in one pass, each call once; the account reads compliant once the reads catch up', async () => {
    const sim = new SimulatedAccount(fresh(), { consistency });
    const ctx = ctxFor(sim);
    const undos = await applyAll(step, ctx, step.plan(await step.observe(ctx), given, planCtx), given);
    expect(undos.map((u) => u.kind)).toEqual(setups.fresh.records);
    expect(sim.mutatingCalls().map((c) => [c.action, c.error])).toEqual(
      ['CreateRole', 'AttachRolePolicy', 'CreateGroup', 'PutGroupPolicy', 'AddUserToGroup'].map((action) => [action, undefined]),
    );
    await expectDoneOnce(sim);
  });

  it('through the engine: the run ends changed (its read after applying waits for IAM to catch up)', async () => {
    const sim = new SimulatedAccount(fresh(), { consistency });
    const { report, undoLogPath } = await runAgainst(sim, { steps: [step], config });
    expect(report.results).toEqual([expect.objectContaining({ step: step.id, status: 'changed' })]);
    expect(changeRecords(undoLogPath).map((r) => r.undo.kind)).toEqual(setups.fresh.records);
    await expectDoneOnce(sim);
  });

  for (const action of ['CreateRole', 'CreateGroup']) {
    it(`${action}'s answer lost and the read after it still showing nothing: the create sent again finds it made, and takes it as ours`, async () => {
      const sim = new SimulatedAccount(fresh(), { consistency, faults: [{ service: 'iam', action, code: 'InternalFailure', status: 500, after: true, times: 1 }] });
      const { report, undoLogPath } = await runAgainst(sim, { steps: [step], config });
      expect(await answerLost(sim, action)).toBe(true);
      expect(report.results).toEqual([expect.objectContaining({ step: step.id, status: 'changed' })]);
      expect(sim.calls.filter((c) => c.action === action).map((c) => c.error)).toEqual(['InternalFailure', expect.stringMatching(/^EntityAlreadyExists/)]);
      expect(changeRecords(undoLogPath).map((r) => r.undo.kind)).toEqual(setups.fresh.records);
      await expectDoneOnce(sim);
    });
  }

  it('undo takes everything back even while its reads lag behind its own removals', async () => {
    const start = fresh();
    const sim = new SimulatedAccount(structuredClone(start), { consistency });
    const ctx = ctxFor(sim);
    const undos = await applyAll(step, ctx, step.plan(await step.observe(ctx), given, planCtx), given);
    sim.settle();
    // Deleting the group and the role reads what is left in them, just after the removals before.
    await undoAll(step, ctx, undos);
    expect(sim.calls.filter((c) => c.error).map((c) => `${c.action} ${c.error}`)).toEqual([
      'DeleteGroupPolicy NoSuchEntityException', 'RemoveUserFromGroup NoSuchEntityException', 'DetachRolePolicy NoSuchEntityException',
    ]);
    expect(iamOf(sim.state)).toEqual(iamOf(start));
  });
});
