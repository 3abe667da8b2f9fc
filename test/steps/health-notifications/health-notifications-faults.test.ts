/**
 * health-notifications when AWS misbehaves: an answer lost after the change was made (500, reset,
 * timeout) for each kind of mutating call of apply and undo, with IAM reads lagging; access
 * denied on one call; target writes that meet another writer (FailedEntries).
 */
import { describe, expect, it } from 'vitest';
import step from '../../../steps/health-notifications/health-notifications.js';
import { createRole } from '../../../steps/shared/forwarding-aws.js';
import { ALL_HEALTH_EVENTS, ROLE, ROLE_NAME, ROLE_POLICY_NAME, RULE_NAME, trustPolicy } from '../../../steps/health-notifications/events.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { SimulatedAccount, type SimOptions } from '../../../src/sim/account.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { describeForwardingLostAnswers, type ForwardingScenario } from '../../support/forwarding-faults.js';
import { changeKinds, failures } from '../../support/lost-answers.js';
import type { WizardRun } from '../../support/wizard.js';
import { ACCOUNT, runHealth, undoHealth, withTopic } from './health-notifications-setup.js';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const consistency: SimOptions['consistency'] = { services: ['iam'], staleReads: 2 };
type ClientOptions = WizardRun['clientOptions'];
const run = (sim: SimulatedAccount, clientOptions?: ClientOptions) => runHealth(sim, REGIONS, clientOptions ? { clientOptions } : {});
const undo = (sim: SimulatedAccount, logPath: string, clientOptions?: ClientOptions) => undoHealth(sim, logPath, clientOptions ? { clientOptions } : {});


/** Our rule in eu-west-1, changed by someone since (disabled, sending elsewhere), and the role trusting another service. */
function changedSince(sim: SimulatedAccount): void {
  sim.state.regional['eu-west-1']!.eventRules = [{
    Name: RULE_NAME,
    Arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${RULE_NAME}`,
    EventBusName: 'default',
    EventPattern: ALL_HEALTH_EVENTS,
    State: 'DISABLED',
    Tags: [],
    targets: [{ Id: 'home-event-bus', Arn: `arn:aws:events:us-west-2:${ACCOUNT}:event-bus/default`, RoleArn: `arn:aws:iam::${ACCOUNT}:role/other` }],
  }];
  sim.state.iam.roles[ROLE_NAME] = {
    RoleName: ROLE_NAME, RoleId: 'AROAEXAMPLE000000001', Arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`, Path: '/', CreateDate: '2026-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
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
      { service: 'events', action: 'PutRule', region: 'eu-west-1' },
      { service: 'events', action: 'PutTargets', region: 'us-east-1' },
      { service: 'iam', action: 'CreateRole' },
      { service: 'iam', action: 'PutRolePolicy' },
    ],
    undo: [
      { service: 'events', action: 'RemoveTargets', region: 'eu-west-1' },
      { service: 'events', action: 'DeleteRule', region: 'us-east-1' },
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
  stepId: 'health-notifications',
  fresh: () => withTopic(new SimulatedAccount(freshAccountState(), { consistency })),
  run,
  undo,
  scenarios,
});

describe('health-notifications: IAM reads lagging behind a lost CreateRole', () => {
  it('the read after the lost answer does not show the role yet: the create sent again meets EntityAlreadyExists, and the role is read again until it shows', async () => {
    const sim = await withTopic(new SimulatedAccount(freshAccountState(), { consistency: { services: ['iam'], staleReads: 3 } }));
    sim.inject({ service: 'iam', action: 'CreateRole', code: 'InternalServerError', status: 500, after: true, times: 1 });
    // The home region alone, so no other region's reads use up the lag.
    const { report, undoLogPath } = await runHealth(sim, ['us-east-1']);
    expect(failures(report)).toEqual([]);
    expect(sim.calls.filter((c) => c.action === 'CreateRole').map((c) => c.error)).toEqual(['InternalServerError', 'EntityAlreadyExistsException']);
    expect(Object.keys(sim.state.iam.roles)).toContain(ROLE_NAME);
    expect(changeKinds(undoLogPath)).toEqual(['delete-rule', 'remove-target', 'delete-role', 'delete-role-policy']);
  });
});

describe('health-notifications: a role found after a lost CreateRole answer', () => {
  it('is taken as this run\'s only if it carries the run\'s tag: one someone else made meanwhile, trusting EventBridge alike, is refused', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const iam = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    // Someone else's role of that name, untagged; our CreateRole's answer is lost (it was not made).
    await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: trustPolicy() }));
    sim.inject({ service: 'iam', action: 'CreateRole', code: 'InternalServerError', status: 500, times: 1 });
    await expect(createRole(iam, ROLE, trustPolicy(), '20261130120000000')).rejects.toThrow(
      `The answer to CreateRole was lost, and the role ${ROLE_NAME} was not created by this run: no aws-bootstrap:run tag. Something else created it: check it, then run again.`,
    );
  });
});

describe('health-notifications: refusals', () => {
  it('access denied on events:PutTargets in one region fails that region only, naming the permission', async () => {
    const sim = await withTopic(new SimulatedAccount(freshAccountState()));
    sim.inject({ service: 'events', action: 'PutTargets', region: 'us-west-2', code: 'AccessDeniedException', status: 400 });
    const { report } = await run(sim);
    expect(report.results.map((r) => [r.step, r.region, r.status])).toEqual([
      ['health-notifications', 'eu-west-1', 'changed'],
      ['health-notifications', 'us-east-1', 'changed'],
      ['health-notifications', 'us-west-2', 'failed'],
    ]);
    expect(report.results.find((r) => r.status === 'failed')!.detail).toMatch(/events:PutTargets in us-west-2 failed: AccessDeniedException.*grant events:PutTargets/);
    expect(report.exitCode).toBe(1);
  });

  it('access denied on iam:CreateRole fails the home region after its rule is made; the other regions still forward', async () => {
    const sim = await withTopic(new SimulatedAccount(freshAccountState()));
    sim.inject({ service: 'iam', action: 'CreateRole', code: 'AccessDenied', status: 403 });
    const { report } = await run(sim);
    const home = report.results.find((r) => r.region === 'us-east-1')!;
    expect(home).toMatchObject({ status: 'failed', detail: expect.stringMatching(/iam:CreateRole .*grant iam:CreateRole.*done before the failure: Create the EventBridge rule/) });
    expect(report.results.filter((r) => r.step === step.id && r.region !== 'us-east-1').map((r) => r.status)).toEqual(['changed', 'changed']);
    expect(sim.state.regional['us-east-1']!.eventRules).toHaveLength(1);
  });

  it('target writes that meet another writer are sent again; if the rule stays busy, the region fails saying so', async () => {
    const busy = async (writers: number) => {
      const sim = await withTopic(new SimulatedAccount(freshAccountState()));
      sim.state.regional['eu-west-1']!.eventRules = [{
        Name: RULE_NAME, Arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${RULE_NAME}`, EventBusName: 'default', EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED',
        Description: 'AWS Health events of this region to the default event bus of us-east-1 (aws-bootstrap)', Tags: [], targets: [], concurrentWriters: writers,
      }];
      return sim;
    };
    const briefly = await busy(2);
    expect(failures((await run(briefly)).report)).toEqual([]);
    expect(briefly.calls.filter((c) => c.action === 'PutTargets' && c.region === 'eu-west-1')).toHaveLength(3);

    const { report } = await run(await busy(100));
    expect(report.results.find((r) => r.region === 'eu-west-1')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/events:PutTargets in eu-west-1 failed: ConcurrentModificationException/) });
  });
});
