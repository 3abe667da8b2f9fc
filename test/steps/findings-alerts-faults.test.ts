/**
 * findings-alerts when AWS misbehaves: an answer lost after the change was made (500, reset,
 * timeout) for each kind of mutating call of apply and undo, with IAM reads lagging, on a fresh
 * account and on one whose rule and role were changed since; access denied on one call.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceId } from '../../src/aws/clients.js';
import { ROLE_POLICY_NAME } from '../../src/event-forwarding.js';
import { GUARDDUTY_RULE, guardDutyPattern, ROLE_NAME, SECURITY_HUB_RULE } from '../../src/finding-events.js';
import { SimulatedAccount, type SimOptions } from '../../src/sim/account.js';
import { freshAccountState, type SimState } from '../../src/sim/state.js';
import { RUN_TAG } from '../../src/tags.js';
import { changeKinds, failures, faultFired, lostAnswers } from '../support/lost-answers.js';
import type { WizardRun } from '../support/wizard.js';
import { ACCOUNT, runFindings, undoFindings, withTopic } from './findings-alerts-setup.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const consistency: SimOptions['consistency'] = { services: ['iam'], staleReads: 2 };
type ClientOptions = WizardRun['clientOptions'];
const run = (sim: SimulatedAccount, clientOptions?: ClientOptions) => runFindings(sim, REGIONS, clientOptions ? { clientOptions } : {});
const undo = (sim: SimulatedAccount, logPath: string, clientOptions?: ClientOptions) => undoFindings(sim, logPath, clientOptions ? { clientOptions } : {});

/** The account without counters or run ids: two accounts with the same rules, targets and role compare equal. */
function shape(state: SimState): unknown {
  const { nextId: _nextId, ...rest } = structuredClone(state);
  // Each run has its own id, in the tags of what it created: which run does not matter here.
  return JSON.parse(JSON.stringify(rest), (_key, value: { Key?: unknown } | null) => (value?.Key === RUN_TAG ? { ...value, Value: '<run>' } : value));
}

/** Our rule in eu-west-1 changed by someone since (a lower threshold, disabled, sending elsewhere), and the role trusting another service. */
function changedSince(sim: SimulatedAccount): void {
  sim.state.regional['eu-west-1']!.eventRules = [{
    Name: GUARDDUTY_RULE,
    Arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${GUARDDUTY_RULE}`,
    EventBusName: 'default',
    EventPattern: guardDutyPattern(4),
    State: 'DISABLED',
    Tags: [],
    targets: [{ Id: 'home-event-bus', Arn: `arn:aws:events:us-west-2:${ACCOUNT}:event-bus/default`, RoleArn: `arn:aws:iam::${ACCOUNT}:role/other` }],
  }];
  sim.state.iam.roles[ROLE_NAME] = {
    RoleName: ROLE_NAME, RoleId: 'AROAEXAMPLE000000002', Arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`, Path: '/', CreateDate: '2026-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    inlinePolicies: { [ROLE_POLICY_NAME]: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] }) },
    attachedPolicies: [],
  };
}

interface Call {
  readonly service: ServiceId;
  readonly action: string;
  /** Where the call is made (IAM's calls are in the home region's lane). */
  readonly region?: string;
}

const scenarios: ReadonlyArray<{ name: string; start: (sim: SimulatedAccount) => void; apply: readonly Call[]; undo: readonly Call[] }> = [
  {
    name: 'a fresh account',
    start: () => undefined,
    apply: [
      { service: 'events', action: 'PutRule', region: 'us-east-1' },
      { service: 'events', action: 'PutTargets', region: 'eu-west-1' },
      { service: 'iam', action: 'CreateRole' },
      { service: 'iam', action: 'PutRolePolicy' },
    ],
    undo: [
      { service: 'events', action: 'RemoveTargets', region: 'us-east-1' },
      { service: 'events', action: 'DeleteRule', region: 'eu-west-1' },
      { service: 'iam', action: 'DeleteRolePolicy' },
      { service: 'iam', action: 'DeleteRole' },
    ],
  },
  {
    name: 'a rule and role changed since',
    start: changedSince,
    apply: [
      { service: 'events', action: 'PutRule', region: 'eu-west-1' },
      { service: 'events', action: 'PutTargets', region: 'eu-west-1' },
      { service: 'iam', action: 'UpdateAssumeRolePolicy' },
      { service: 'iam', action: 'PutRolePolicy' },
    ],
    undo: [
      { service: 'events', action: 'PutRule', region: 'eu-west-1' },
      { service: 'events', action: 'PutTargets', region: 'eu-west-1' },
      { service: 'iam', action: 'UpdateAssumeRolePolicy' },
      { service: 'iam', action: 'PutRolePolicy' },
    ],
  },
];

const kinds = (logPath: string) => changeKinds(logPath).sort();

describe('findings-alerts: a lost answer after AWS made the change', () => {
  for (const scenario of scenarios) {
    describe(scenario.name, async () => {
      const fresh = async () => {
        const sim = await withTopic(new SimulatedAccount(freshAccountState(), { consistency }));
        scenario.start(sim);
        return sim;
      };
      const start = shape((await fresh()).state);
      const clean = await fresh();
      const cleanRun = await run(clean);
      clean.settle();
      const cleanState = shape(clean.state);

      it('the clean run changes something in every region and its undo gets back to the start', async () => {
        expect(failures(cleanRun.report)).toEqual([]);
        expect(cleanRun.report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
        const sim = await fresh();
        const { undoLogPath } = await run(sim);
        sim.settle();
        await undo(sim, undoLogPath);
        expect(shape(sim.state)).toEqual(start);
      });

      for (const call of scenario.apply) {
        for (const [faultName, fault, clientOptions] of lostAnswers) {
          it(`apply, ${call.action}${call.region ? ` in ${call.region}` : ''} answered by ${faultName}: nothing doubled, one undo record per change`, async () => {
            const sim = await fresh();
            sim.inject({ ...call, ...fault });
            const { report, undoLogPath } = await run(sim, clientOptions);
            expect(faultFired(sim, call.action)).toBe(true);
            expect(failures(report)).toEqual([]);
            sim.settle();
            expect(shape(sim.state)).toEqual(cleanState);
            expect(kinds(undoLogPath)).toEqual(kinds(cleanRun.undoLogPath));
          });
        }
      }

      for (const call of scenario.undo) {
        for (const [faultName, fault, clientOptions] of lostAnswers) {
          it(`undo, ${call.action}${call.region ? ` in ${call.region}` : ''} answered by ${faultName}: back where it started`, async () => {
            const sim = await fresh();
            const { undoLogPath } = await run(sim);
            sim.settle();
            sim.inject({ ...call, ...fault });
            const report = await undo(sim, undoLogPath, clientOptions);
            expect(faultFired(sim, call.action)).toBe(true);
            expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
            expect(shape(sim.state)).toEqual(start);
          });
        }
      }
    });
  }
});

describe('findings-alerts: refusals', () => {
  it('access denied on events:PutRule in one region fails that region only, naming the permission', async () => {
    const sim = await withTopic(new SimulatedAccount(freshAccountState()));
    sim.inject({ service: 'events', action: 'PutRule', region: 'us-west-2', code: 'AccessDeniedException', status: 400 });
    const { report } = await run(sim);
    expect(report.results.map((r) => [r.step, r.region, r.status])).toEqual([
      ['findings-alerts', 'eu-west-1', 'changed'],
      ['findings-alerts', 'us-east-1', 'changed'],
      ['findings-alerts', 'us-west-2', 'failed'],
    ]);
    expect(report.results.find((r) => r.status === 'failed')!.detail).toMatch(/events:PutRule in us-west-2 failed: AccessDeniedException.*grant events:PutRule/);
    expect(sim.state.regional['us-west-2']).not.toHaveProperty('eventRules');
    expect(report.exitCode).toBe(1);
  });

  it('access denied on iam:CreateRole fails the home region after its rules are made; the other regions still get theirs', async () => {
    const sim = await withTopic(new SimulatedAccount(freshAccountState()));
    sim.inject({ service: 'iam', action: 'CreateRole', code: 'AccessDenied', status: 403 });
    const { report, undoLogPath } = await run(sim);
    const home = report.results.find((r) => r.region === 'us-east-1')!;
    expect(home).toMatchObject({ status: 'failed', detail: expect.stringMatching(/iam:CreateRole .*grant iam:CreateRole.*done before the failure: Create the EventBridge rule/) });
    expect(report.results.filter((r) => r.region !== 'us-east-1').map((r) => r.status)).toEqual(['changed', 'changed']);
    expect(sim.state.regional['us-east-1']!.eventRules!.map((r) => r.Name)).toEqual([GUARDDUTY_RULE, SECURITY_HUB_RULE]);
    // What was made before the refusal is recorded, so undo takes it back.
    expect(changeKinds(undoLogPath).filter((k) => k === 'delete-rule')).toHaveLength(4);
  });
});
