/**
 * findings-alerts through the real engine against the simulated account: every region's rules
 * and the one forwarding role made, read as compliant, previewed, and taken back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import alertsTopic from '../../../steps/alerts-topic/alerts-topic.js';
import step from '../../../steps/findings-alerts/findings-alerts.js';
import guardduty from '../../../steps/guardduty.js';
import healthNotifications from '../../../steps/health-notifications/health-notifications.js';
import { iamActionFor } from '../../../src/aws/clients.js';
import { runWizard } from '../../../src/engine/run.js';
import { setLanguage } from '../../../src/i18n/index.js';
import { forwardPolicy, trustPolicy } from '../../../steps/shared/forwarding.js';
import {
  guardDutyEmail, guardDutyEmailLines, GUARDDUTY_RULE, guardDutyPattern, ROLE_NAME, securityHubEmail, securityHubEmailLines, SECURITY_HUB_RULE,
} from '../../../steps/shared/finding-events.js';
import { ROLE_NAME as HEALTH_ROLE, RULE_NAME as HEALTH_RULE } from '../../../steps/health-notifications/events.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { DEFAULT_REGIONS, freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, ScriptedHost, tempDir } from '../../support/wizard.js';
import { ACCOUNT, allSteps, config, runFindings, TOPIC, undoFindings, withTopic } from './findings-alerts-setup.js';

const HOME_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const REGIONS = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];
const run = (sim: SimulatedAccount, extra: Parameters<typeof runFindings>[2] = {}) => runFindings(sim, REGIONS, extra);
const topicDone = () => withTopic(new SimulatedAccount(freshAccountState()));
const rulesIn = (sim: SimulatedAccount, region: string) => sim.state.regional[region]!.eventRules ?? [];
const withoutCounter = ({ nextId: _nextId, ...rest }: SimulatedAccount['state']) => rest;

describe('findings-alerts: against the simulated account', () => {
  it('a fresh account: every region applied, then read as compliant; a second run changes nothing', async () => {
    const sim = await topicDone();
    const { report } = await run(sim);
    expect(report.results.map((r) => [r.region, r.status])).toEqual(REGIONS.map((region) => [region, 'changed']));
    expect(rulesIn(sim, 'us-east-1')).toMatchObject([
      { Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(7), State: 'ENABLED', targets: [{ Id: 'alerts-topic', Arn: TOPIC, InputTransformer: guardDutyEmail() }] },
      { Name: SECURITY_HUB_RULE, targets: [{ Id: 'alerts-topic', Arn: TOPIC, InputTransformer: securityHubEmail() }] },
    ]);
    // Security Hub's findings come home through its aggregator: no Security Hub rule elsewhere.
    for (const region of ['ap-northeast-1', 'eu-west-1']) {
      expect(rulesIn(sim, region)).toMatchObject([{ Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(7), targets: [{ Id: 'home-event-bus', Arn: HOME_BUS, RoleArn: ROLE }] }]);
      expect(rulesIn(sim, region)).toHaveLength(1);
    }
    expect(sim.state.iam.roles[ROLE_NAME]).toMatchObject({ Arn: ROLE, AssumeRolePolicyDocument: trustPolicy(), inlinePolicies: { 'put-events-on-home-bus': forwardPolicy(HOME_BUS) } });
    expect(sim.calls.filter((c) => c.action === 'CreateRole').map((c) => c.lane)).toEqual(['findings-alerts@us-east-1']);

    const before = sim.calls.length;
    const again = await run(sim);
    expect(again.report.results.every((r) => r.status === 'compliant')).toBe(true);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it('a dry run on a fresh account changes nothing and previews every region against the topic to be made: the rules, both emails, the costs', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { report, output } = await runAgainst(sim, { steps: [alertsTopic, step], allSteps, config, regions: REGIONS, dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    expect(report.results.filter((r) => r.step === step.id).map((r) => r.status)).toEqual(['would change', 'would change', 'would change']);
    expect(output).toContain('In us-east-1:');
    expect(output).toContain('In 2 regions (ap-northeast-1, eu-west-1):');
    expect(output).toContain(`Create the EventBridge rule "${GUARDDUTY_RULE}" for GuardDuty findings of severity 7 or more`);
    expect(output).toContain(`Create the EventBridge rule "${SECURITY_HUB_RULE}" for new Security Hub CSPM findings labelled HIGH or CRITICAL`);
    expect(output).toContain('Forward each such GuardDuty finding to the default event bus of us-east-1');
    expect(output).toContain(`to: (none) → ${TOPIC}`);
    for (const line of [...guardDutyEmailLines(), ...securityHubEmailLines()]) expect(output).toContain(line);
    expect(output).toContain('EventBridge charges nothing for AWS service events such as GuardDuty and Security Hub CSPM findings');
    expect(output).toContain('forwarding a finding to another region is billed as a custom event, $1.00 per million');
  });

  it('GuardDuty declined (or not in the run) still gets the rules: they match nothing until findings come', async () => {
    const sim = await topicDone();
    const host = new ScriptedHost(true, {}, ['no', 'yes']);
    const { report } = await runAgainst(sim, { steps: [guardduty, step], allSteps, config, regions: REGIONS, host });
    expect(host.confirmations).toHaveLength(2);
    expect(report.results.filter((r) => r.step === 'guardduty').map((r) => [r.status, r.detail])).toEqual(REGIONS.map(() => ['skipped', 'you chose not to apply it']));
    expect(report.results.filter((r) => r.step === step.id).map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
    for (const region of REGIONS) {
      expect(sim.state.regional[region]!.detectors, region).toEqual([]);
      expect(rulesIn(sim, region).map((r) => r.Name), region).toContain(GUARDDUTY_RULE);
    }
  });

  it('adopts an existing identical role and a rule that already forwards every GuardDuty finding home: nothing doubled, and undo leaves them', async () => {
    const sim = await topicDone();
    const iam = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    const events = await simulatedClients(sim).forRegion('eu-west-1').use('events');
    await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: trustPolicy() }));
    await iam.client.send(new iam.sdk.PutRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: 'put-events-on-home-bus', PolicyDocument: forwardPolicy(HOME_BUS) }));
    await events.client.send(new events.sdk.PutRuleCommand({ Name: 'my-guardduty', EventPattern: '{"source":["aws.guardduty"]}' }));
    await events.client.send(new events.sdk.PutTargetsCommand({ Rule: 'my-guardduty', Targets: [{ Id: 'home', Arn: HOME_BUS, RoleArn: ROLE }] }));
    const before = structuredClone(sim.state);
    const { report, undoLogPath } = await run(sim);
    expect(report.exitCode).toBe(0);
    expect(sim.calls.filter((c) => ['CreateRole', 'PutRolePolicy'].includes(c.action))).toHaveLength(2);
    expect(rulesIn(sim, 'eu-west-1').map((r) => r.Name)).toEqual(['my-guardduty']);
    // Adopted, so not tagged: this tool did not make them.
    expect(rulesIn(sim, 'eu-west-1')[0]!.Tags).toEqual([]);
    expect(sim.state.iam.roles[ROLE_NAME]).not.toHaveProperty('Tags');
    await undoFindings(sim, undoLogPath);
    expect(withoutCounter(sim.state)).toEqual(withoutCounter(before));
  });

  it('undo takes back every rule, target and the role, newest first; a second undo does nothing', async () => {
    const sim = await topicDone();
    const start = structuredClone(sim.state);
    const { undoLogPath } = await run(sim);
    const applied = sim.calls.length;
    const first = await undoFindings(sim, undoLogPath);
    // One per change: six in the home region, two in each other one.
    expect(first.results.map((r) => r.status)).toEqual(Array(10).fill('undone'));
    expect(withoutCounter(sim.state)).toEqual(withoutCounter(start));
    const undoCalls = (lane: string) => sim.calls.slice(applied).filter((c) => c.lane === lane && c.mutating).map((c) => c.action);
    expect(undoCalls('findings-alerts@us-east-1')).toEqual(['DeleteRolePolicy', 'DeleteRolePolicy', 'DeleteRole', 'RemoveTargets', 'RemoveTargets', 'DeleteRule', 'RemoveTargets', 'RemoveTargets', 'DeleteRule']);
    expect(undoCalls('findings-alerts@eu-west-1')).toEqual(['RemoveTargets', 'RemoveTargets', 'DeleteRule']);
    expect((await undoFindings(sim, undoLogPath)).results).toEqual([]);
  });

  it('undo shows and skips what was changed since (a threshold lowered by hand, the role trusting more), unless forced', async () => {
    const sim = await topicDone();
    const { undoLogPath } = await run(sim);
    rulesIn(sim, 'eu-west-1')[0]!.EventPattern = guardDutyPattern(4);
    sim.state.iam.roles[ROLE_NAME]!.AssumeRolePolicyDocument = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const report = await undoFindings(sim, undoLogPath);
    expect(report.results.filter((r) => r.status === 'skipped').map((r) => `${r.region}: ${r.detail}`)).toEqual([
      expect.stringMatching(/^us-east-1: the trust policy of the IAM role "aws-bootstrap-findings-forwarding" was changed since this run/),
      expect.stringMatching(/^eu-west-1: the EventBridge rule "aws-bootstrap-guardduty-findings" was changed since this run/),
    ]);
    expect(rulesIn(sim, 'eu-west-1')).toHaveLength(1);
    expect(sim.state.regional['ap-northeast-1']).not.toHaveProperty('eventRules');
    expect(sim.state.regional['us-east-1']).not.toHaveProperty('eventRules');
    const forced = await undoFindings(sim, undoLogPath, { force: true });
    expect(forced.results.map((r) => r.status)).toEqual(['undone', 'undone']);
    expect(sim.state.regional['eu-west-1']).not.toHaveProperty('eventRules');
    expect(sim.state.iam.roles[ROLE_NAME]).toBeUndefined();
  });

  it('beside health-notifications: each step its own rules and role, and undoing one leaves the other working', async () => {
    const sim = await topicDone();
    const steps = [alertsTopic, healthNotifications, step];
    const { report, undoLogPath } = await runAgainst(sim, { steps: [healthNotifications, step], allSteps: steps, config, regions: REGIONS });
    expect(report.exitCode).toBe(0);
    expect(rulesIn(sim, 'eu-west-1').map((r) => r.Name).sort()).toEqual([GUARDDUTY_RULE, HEALTH_RULE]);
    expect(Object.keys(sim.state.iam.roles)).toEqual(expect.arrayContaining([ROLE_NAME, HEALTH_ROLE]));
    await undoFindings(sim, undoLogPath, { allSteps: steps });
    expect(rulesIn(sim, 'eu-west-1').map((r) => r.Name)).toEqual([HEALTH_RULE]);
    expect(sim.state.iam.roles[HEALTH_ROLE]).toBeDefined();
    expect(sim.state.iam.roles[ROLE_NAME]).toBeUndefined();
  });

  it('with a home region other than us-east-1, the Security Hub rule is there and us-east-1 forwards GuardDuty findings to it', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const report = await runWizard({
      steps: [alertsTopic, step], allSteps, clients: simulatedClients(sim), homeRegion: 'ap-northeast-1', regions: REGIONS, concurrency: 8, dryRun: false,
      config, host: new ScriptedHost(false), undoLogPath: `${tempDir()}/undo.jsonl`, demo: true, renderer: 'silent', verifyDelaysMs: [1, 2, 4, 8],
    });
    expect(report.results.filter((r) => r.step === step.id).map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
    expect(rulesIn(sim, 'ap-northeast-1').map((r) => r.Name)).toEqual([GUARDDUTY_RULE, SECURITY_HUB_RULE]);
    expect(rulesIn(sim, 'us-east-1')).toMatchObject([{ Name: GUARDDUTY_RULE, targets: [{ Arn: `arn:aws:events:ap-northeast-1:${ACCOUNT}:event-bus/default`, RoleArn: ROLE }] }]);
  });

  it('every call it makes is declared for its phase (what the least-privilege policy is built from)', async () => {
    const sim = await topicDone();
    const mine = (from: number) => sim.calls.slice(from).filter((c) => c.lane?.startsWith(`${step.id}@`)).map((c) => iamActionFor(c.service, c.action));
    const { permissions } = step;
    let from = sim.calls.length;
    await run(sim, { dryRun: true });
    expect(mine(from).filter((a) => !permissions.observe.includes(a))).toEqual([]);
    from = sim.calls.length;
    const { undoLogPath } = await run(sim);
    expect(mine(from).filter((a) => ![...permissions.observe, ...permissions.apply].includes(a))).toEqual([]);
    from = sim.calls.length;
    await undoFindings(sim, undoLogPath);
    const undoCalls = mine(from);
    expect(undoCalls.length).toBeGreaterThan(0);
    expect(undoCalls.filter((a) => ![...permissions.observe, ...permissions.undo!].includes(a))).toEqual([]);
  });

  it('the preview for every simulated region groups the 16 forwarding regions under one heading', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { output } = await runAgainst(sim, { steps: [alertsTopic, step], allSteps, config, dryRun: true });
    expect(DEFAULT_REGIONS).toHaveLength(17);
    expect(output).toContain('In us-east-1:');
    expect(output).toMatch(/In 16 regions \(/);
  });
});

describe('findings-alerts: tags (issue 15)', () => {
  const tagsOf = (runId: string) => [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: runId }];

  it('every rule and the role it creates carry aws-bootstrap:managed and the run id of the undo log, from the create call itself', async () => {
    const sim = await topicDone();
    const { undoLogPath } = await run(sim);
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    const tagged: string[] = [];
    for (const region of REGIONS) {
      const events = await simulatedClients(sim).forRegion(region).use('events');
      for (const rule of rulesIn(sim, region)) {
        expect((await events.client.send(new events.sdk.ListTagsForResourceCommand({ ResourceARN: rule.Arn }))).Tags).toEqual(tagsOf(runId));
        tagged.push(`${region}: ${rule.Name}`);
      }
    }
    expect(tagged).toEqual([`ap-northeast-1: ${GUARDDUTY_RULE}`, `eu-west-1: ${GUARDDUTY_RULE}`, `us-east-1: ${GUARDDUTY_RULE}`, `us-east-1: ${SECURITY_HUB_RULE}`]);
    const iam = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    expect((await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE_NAME }))).Role!.Tags).toEqual(tagsOf(runId));
    for (const call of sim.mutatingCalls().filter((c) => c.action === 'PutRule' || c.action === 'CreateRole')) expect(call.input).toMatchObject({ Tags: tagsOf(runId) });
  });

  it('undo leaves a rule named by an edited log, and a role of its name, alone unless they carry this run\'s tag; --force undoes them anyway', async () => {
    const sim = await topicDone();
    const { undoLogPath } = await run(sim);
    // Someone else's Security Hub rule (untagged) and the log edited to say this run made it; the role's tags taken off, as if someone else had made one of that name.
    const OTHER = 'team-securityhub-findings';
    const events = await simulatedClients(sim).forRegion('us-east-1').use('events');
    await events.client.send(new events.sdk.PutRuleCommand({ Name: OTHER, EventPattern: '{"source":["aws.securityhub"]}' }));
    delete sim.state.iam.roles[ROLE_NAME]!.Tags;
    const lines = readFileSync(undoLogPath, 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.undo?.kind === 'delete-rule' && record.undo.change.rule.Name === SECURITY_HUB_RULE) record.undo.change.rule.Name = OTHER;
      return JSON.stringify(record);
    });
    const tampered = join(tempDir(), 'undo.jsonl');
    writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);

    const report = await undoFindings(sim, tampered);
    expect(report.results.filter((r) => r.status === 'skipped').map((r) => `${r.region}: ${r.detail}`).sort()).toEqual([
      `us-east-1: the EventBridge rule "${OTHER}" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway`,
      `us-east-1: the IAM role "${ROLE_NAME}" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway`,
    ]);
    // The Security Hub rule of this run lost its target, but its deletion named the other rule: both stay.
    expect(rulesIn(sim, 'us-east-1').map((r) => r.Name)).toEqual([SECURITY_HUB_RULE, OTHER].sort());
    expect(sim.state.iam.roles[ROLE_NAME]).toBeDefined();

    const forced = await undoFindings(sim, tampered, { force: true });
    expect(forced.results.map((r) => r.status)).toEqual(['undone', 'undone']);
    expect(rulesIn(sim, 'us-east-1').map((r) => r.Name)).toEqual([SECURITY_HUB_RULE]);
    expect(sim.state.iam.roles[ROLE_NAME]).toBeUndefined();
  });

  it('the preview says which tags the rules and the role get, and what cannot be tagged', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { output } = await runAgainst(sim, { steps: [alertsTopic, step], allSteps, config, regions: REGIONS, dryRun: true });
    // The forwarding regions' rule (grouped), the home region's two rules, the role; a dry run has no run id yet.
    expect(output.match(/tags: \(none\) → aws-bootstrap:managed=true, aws-bootstrap:run=<this run>/g) ?? output).toHaveLength(4);
    expect(output).toContain('EventBridge targets and an IAM role\'s inline policy cannot be tagged');
  });
});

describe('findings-alerts: the run\'s language in the account (issue 12)', () => {
  it('a run in Japanese sends Japanese emails and converges; a run in English then puts the English emails and descriptions back', async () => {
    const sim = await topicDone();
    setLanguage('ja');
    try {
      const { report } = await run(sim);
      expect(report.exitCode).toBe(0);
      const [guardDutyRule, securityHubRule] = rulesIn(sim, 'us-east-1');
      expect(guardDutyRule!.targets![0]!.InputTransformer).toEqual(guardDutyEmail());
      expect(securityHubRule!.targets![0]!.InputTransformer!.InputTemplate).toContain('検出結果を開く');
      expect(rulesIn(sim, 'eu-west-1')[0]!.Description).toBe('このリージョンの重要度 7 以上の GuardDuty の検出結果を us-east-1 のデフォルトのイベントバスへ (aws-bootstrap)');
      const before = sim.calls.length;
      const again = await run(sim);
      expect(again.report.results.every((r) => r.status === 'compliant')).toBe(true);
      expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
    } finally {
      setLanguage('en');
    }
    const { report } = await run(sim);
    expect(report.results.map((r) => [r.region, r.status])).toEqual(REGIONS.map((region) => [region, 'changed']));
    expect(rulesIn(sim, 'us-east-1').map((r) => r.targets![0]!.InputTransformer)).toEqual([guardDutyEmail(), securityHubEmail()]);
    expect(rulesIn(sim, 'eu-west-1')[0]!.Description).toBe('GuardDuty findings of severity 7 or more in this region to the default event bus of us-east-1 (aws-bootstrap)');
    // Each language converges on its own text: English again changes nothing.
    const before = sim.calls.length;
    expect((await run(sim)).report.results.every((r) => r.status === 'compliant')).toBe(true);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
  });
});
