/**
 * findings-alerts when AWS misbehaves: an answer lost after the change was made (500, reset,
 * timeout) for each kind of mutating call of apply and undo, with IAM reads lagging, on a fresh
 * account and on one whose rule and role were changed since; access denied on one call.
 */
import { describe, expect, it } from 'vitest';
import { ROLE_POLICY_NAME } from '../../../steps/shared/forwarding.js';
import { GUARDDUTY_RULE, guardDutyPattern, ROLE_NAME, SECURITY_HUB_RULE } from '../../../steps/shared/finding-events.js';
import { SimulatedAccount, type SimOptions } from '../../../src/sim/account.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { describeForwardingLostAnswers, type ForwardingScenario } from '../../support/forwarding-faults.js';
import { changeKinds } from '../../support/lost-answers.js';
import type { WizardRun } from '../../support/wizard.js';
import { ACCOUNT, runFindings, undoFindings, withTopic } from './findings-alerts-setup.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const consistency: SimOptions['consistency'] = { services: ['iam'], staleReads: 2 };
type ClientOptions = WizardRun['clientOptions'];
const run = (sim: SimulatedAccount, clientOptions?: ClientOptions) => runFindings(sim, REGIONS, clientOptions ? { clientOptions } : {});
const undo = (sim: SimulatedAccount, logPath: string, clientOptions?: ClientOptions) => undoFindings(sim, logPath, clientOptions ? { clientOptions } : {});


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


const scenarios: readonly ForwardingScenario[] = [
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


describeForwardingLostAnswers({
  stepId: 'findings-alerts',
  fresh: () => withTopic(new SimulatedAccount(freshAccountState(), { consistency })),
  run,
  undo,
  scenarios,
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
