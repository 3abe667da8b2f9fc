/**
 * health-notifications: every region's Health events reach the alerts topic (forwarded to the
 * home region's bus, emailed from there), planned purely, applied through the real engine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import alertsTopic from '../../../steps/alerts-topic/alerts-topic.js';
import step, { type HealthNotificationsState } from '../../../steps/health-notifications/health-notifications.js';
import type { PlanContext } from '../../../src/core/step.js';
import { iamActionFor } from '../../../src/aws/clients.js';
import { setLanguage, withLanguage } from '../../../src/i18n/index.js';
import { runWizard } from '../../../src/engine/run.js';
import { ALL_HEALTH_EVENTS, forwardPolicy, healthEmail, healthEmailLines, ROLE_NAME, RULE_NAME, trustPolicy } from '../../../steps/health-notifications/events.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { englishLeft } from '../../support/english.js';
import { rechained } from '../../support/undo-log.js';
import { ScriptedHost, runAgainst, tempDir } from '../../support/wizard.js';
import { ACCOUNT, allSteps, config, runHealth, TOPIC, undoHealth, withTopic } from './health-notifications-setup.js';

const HOME_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const REGIONS = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];
const run = (sim: SimulatedAccount, extra: Parameters<typeof runHealth>[2] = {}) => runHealth(sim, REGIONS, extra);
const undo = (sim: SimulatedAccount, logPath: string, force = false) => undoHealth(sim, logPath, { force });
const topicDone = () => withTopic(new SimulatedAccount(freshAccountState()));

const planCtx = (region: string, topicArn = TOPIC, partition = 'aws'): PlanContext => ({ accountId: ACCOUNT, partition, region, provided: { 'alerts-topic': { topicArn } } });
const empty: HealthNotificationsState = { rules: [] };
const actions = (plan: { changes: ReadonlyArray<{ payload: unknown }> }) => plan.changes.map((c) => (c.payload as { action: string }).action);
const rulesIn = (sim: SimulatedAccount, region: string) => sim.state.regional[region]!.eventRules ?? [];

describe('health-notifications: plan', () => {
  it('in the home region: a rule emailing every Health event to the topic through the transformer, and the forwarding role', () => {
    const plan = step.plan(empty, {}, planCtx('us-east-1'));
    expect(actions(plan)).toEqual(['create-rule', 'add-target', 'create-role', 'put-role-policy']);
    expect(plan.changes[0]!.payload).toMatchObject({ rule: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED' } });
    expect(plan.changes[1]!.payload).toMatchObject({ target: { Arn: TOPIC, InputTransformer: healthEmail() } });
    expect(plan.changes[3]!.payload).toMatchObject({ document: forwardPolicy(HOME_BUS) });
    expect(plan.notes!.join(' ')).toMatch(/one topic and one email confirmation/);
    // Home is us-east-1, where global events arrive: no warning about keeping it in the run.
    expect(plan.notes!.join(' ')).not.toMatch(/Global events/);
  });

  it('elsewhere: a rule forwarding every Health event to the home bus with the role, and no role of its own', () => {
    const plan = step.plan(empty, {}, planCtx('eu-west-1'));
    expect(actions(plan)).toEqual(['create-rule', 'add-target']);
    expect(plan.changes[1]!.payload).toMatchObject({ target: { Arn: HOME_BUS, RoleArn: ROLE } });
    expect(plan.changes[1]!.payload).not.toHaveProperty('target.InputTransformer');
    expect(plan.notes!.join(' ')).toMatch(/which this step creates in us-east-1: keep us-east-1 in the run/);
    expect(plan.notes!.join(' ')).toMatch(/\$1\.00 per million/);
  });

  it('a home region other than us-east-1 is warned that global events arrive only in us-east-1', () => {
    const topic = `arn:aws:sns:ap-northeast-1:${ACCOUNT}:alerts`;
    expect(step.plan(empty, {}, planCtx('ap-northeast-1', topic)).notes!.join(' ')).toMatch(/Global events .* arrive only in us-east-1: keep us-east-1 in the run/);
    expect(step.plan(empty, {}, planCtx('us-east-1', topic)).changes[1]!.payload).toMatchObject({ target: { Arn: `arn:aws:events:ap-northeast-1:${ACCOUNT}:event-bus/default` } });
  });

  it('only the chosen categories, in the home rule; the other regions still forward everything', () => {
    const home = step.plan(empty, { categories: ['issue', 'scheduledChange'] }, planCtx('us-east-1'));
    expect(JSON.parse((home.changes[0]!.payload as { rule: { EventPattern: string } }).rule.EventPattern)).toEqual({ source: ['aws.health'], detail: { eventTypeCategory: ['issue', 'scheduledChange'] } });
    expect(step.plan(empty, { categories: ['issue'] }, planCtx('eu-west-1')).changes[0]!.payload).toMatchObject({ rule: { EventPattern: ALL_HEALTH_EVENTS } });
  });

  it('adopts another enabled rule that already takes every Health event to the same place', () => {
    const other = { definition: { Name: 'my-health', EventPattern: '{"source":["aws.health"]}', State: 'ENABLED' }, targets: [{ Id: 'x', Arn: HOME_BUS, RoleArn: ROLE }] };
    const plan = step.plan({ rules: [other] }, {}, planCtx('eu-west-1'));
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([expect.stringMatching(/"my-health" already sends every AWS Health event/)]);
    // Disabled, or without the role, it does not count.
    expect(actions(step.plan({ rules: [{ ...other, definition: { ...other.definition, State: 'DISABLED' } }] }, {}, planCtx('eu-west-1')))).toEqual(['create-rule', 'add-target']);
    expect(actions(step.plan({ rules: [{ ...other, targets: [{ Id: 'x', Arn: HOME_BUS }] }] }, {}, planCtx('eu-west-1')))).toEqual(['create-rule', 'add-target']);
  });

  it('puts a changed rule and target of its own back, keeping what it replaces for undo', () => {
    const ours = { definition: { Name: RULE_NAME, EventPattern: '{"source":["aws.ec2"]}', State: 'DISABLED' }, targets: [{ Id: 'alerts-topic', Arn: `arn:aws:sns:us-east-1:${ACCOUNT}:old` }] };
    const plan = step.plan({ rules: [ours], role: { arn: ROLE, trustPolicy: '{"Statement":[]}', forwardPolicy: forwardPolicy(HOME_BUS), tags: {} } }, {}, planCtx('us-east-1'));
    expect(actions(plan)).toEqual(['update-rule', 'replace-target', 'update-trust']);
    expect(plan.changes[0]!.payload).toMatchObject({ previous: ours.definition });
    expect(plan.changes[1]!.payload).toMatchObject({ previous: ours.targets[0] });
  });

  it('a forwarding target with another role (or none) is put right; with this role it is compliant', () => {
    const rule = (RoleArn?: string) => ({
      definition: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED', Description: 'AWS Health events of this region to the default event bus of us-east-1 (aws-bootstrap)' },
      targets: [{ Id: 'home-event-bus', Arn: HOME_BUS, ...(RoleArn ? { RoleArn } : {}) }],
    });
    const role = { arn: ROLE, trustPolicy: trustPolicy(), forwardPolicy: forwardPolicy(HOME_BUS), tags: {} };
    expect(step.plan({ rules: [rule(ROLE)], role }, {}, planCtx('eu-west-1')).changes).toEqual([]);
    expect(actions(step.plan({ rules: [rule(`arn:aws:iam::${ACCOUNT}:role/other`)], role }, {}, planCtx('eu-west-1')))).toEqual(['replace-target']);
    expect(actions(step.plan({ rules: [rule()], role }, {}, planCtx('eu-west-1')))).toEqual(['replace-target']);
  });

  it('leaves a rule of that name an AWS service manages alone, and skips where regions cannot forward', () => {
    const managed = { definition: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED' }, managedBy: 'health.amazonaws.com', targets: [] };
    expect(step.plan({ rules: [managed] }, {}, planCtx('eu-west-1')).skipped).toMatch(/managed by health\.amazonaws\.com/);
    const cn = step.plan(empty, {}, planCtx('cn-northwest-1', 'arn:aws-cn:sns:cn-north-1:123456789012:alerts', 'aws-cn'));
    expect(cn).toMatchObject({ changes: [], skipped: expect.stringMatching(/cannot send events to another region in the aws-cn partition/) });
  });

  it('refuses bad input with a clear message', () => {
    const parse = (section: unknown) => step.inputs!.schema.safeParse(section);
    expect(parse({ categories: ['outage'] }).error?.issues[0]?.message).toMatch(/expected an AWS Health event category: issue, accountNotification/);
    expect(parse({ categories: [] }).error?.issues[0]?.message).toMatch(/at least one category/);
    expect(parse({ categories: ['issue', 'issue'] }).error?.issues[0]?.message).toMatch(/listed twice/);
    expect(parse({ ruleName: 'x' }).success).toBe(false);
  });
});

describe('health-notifications: against the simulated account', () => {
  it('a fresh account: every region applied, then read as compliant; a second run changes nothing', async () => {
    const sim = await topicDone();
    const { report } = await run(sim);
    expect(report.results.map((r) => [r.region, r.status])).toEqual(REGIONS.map((region) => [region, 'changed']));
    expect(rulesIn(sim, 'us-east-1')).toMatchObject([{ Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, targets: [{ Arn: TOPIC, InputTransformer: healthEmail() }] }]);
    for (const region of ['ap-northeast-1', 'eu-west-1']) expect(rulesIn(sim, region)).toMatchObject([{ targets: [{ Arn: HOME_BUS, RoleArn: ROLE }] }]);
    expect(sim.state.iam.roles[ROLE_NAME]).toMatchObject({ Arn: ROLE, AssumeRolePolicyDocument: trustPolicy(), inlinePolicies: { 'put-events-on-home-bus': forwardPolicy(HOME_BUS) } });
    // One role, created once, from the home region only.
    expect(sim.calls.filter((c) => c.action === 'CreateRole').map((c) => c.lane)).toEqual(['health-notifications@us-east-1']);

    const before = sim.calls.length;
    const again = await run(sim);
    expect(again.report.results.every((r) => r.status === 'compliant')).toBe(true);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it('a dry run on a fresh account changes nothing and previews every region against the topic to be made, grouped, with the email and the costs', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { report, output } = await runAgainst(sim, { steps: [alertsTopic, step], allSteps, config, regions: REGIONS, dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    expect(output).toContain('In us-east-1:');
    expect(output).toContain('In 2 regions (ap-northeast-1, eu-west-1):');
    expect(output).toContain(`Forward each AWS Health event to the default event bus of us-east-1`);
    expect(output).toContain(`to: (none) → ${TOPIC}`);
    for (const line of healthEmailLines()) expect(output).toContain(line);
    expect(output).toContain('EventBridge charges nothing for AWS service events');
  });

  it('adopts an existing identical role: no second one, and undo leaves it', async () => {
    const sim = await topicDone();
    const iam = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: trustPolicy() }));
    await iam.client.send(new iam.sdk.PutRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: 'put-events-on-home-bus', PolicyDocument: forwardPolicy(HOME_BUS) }));
    const { report, undoLogPath } = await run(sim);
    expect(report.exitCode).toBe(0);
    expect(sim.calls.filter((c) => c.action === 'CreateRole' || c.action === 'PutRolePolicy')).toHaveLength(2);
    await undo(sim, undoLogPath);
    expect(sim.state.iam.roles[ROLE_NAME]).toBeDefined();
    for (const region of REGIONS) expect(sim.state.regional[region]).not.toHaveProperty('eventRules');
  });

  it('undo takes back every rule, target and the role (among the home region\'s records); a second undo does nothing', async () => {
    const sim = await topicDone();
    const start = structuredClone(sim.state);
    const { undoLogPath } = await run(sim);
    const applied = sim.calls.length;
    const first = await undo(sim, undoLogPath);
    expect(first.results.every((r) => r.status === 'undone')).toBe(true);
    const { nextId: _a, ...now } = sim.state;
    const { nextId: _b, ...then } = start;
    expect(now).toEqual(then);
    // Newest first in each region; the other regions' undo never needs the role, so theirs may run beside it.
    const undoCalls = (lane: string) => sim.calls.slice(applied).filter((c) => c.lane === lane && c.mutating).map((c) => c.action);
    expect(undoCalls('health-notifications@us-east-1')).toEqual(['DeleteRolePolicy', 'DeleteRolePolicy', 'DeleteRole', 'RemoveTargets', 'RemoveTargets', 'DeleteRule']);
    expect(undoCalls('health-notifications@eu-west-1')).toEqual(['RemoveTargets', 'RemoveTargets', 'DeleteRule']);
    const second = await undo(sim, undoLogPath);
    expect(second.results).toEqual([]);
  });

  it('with a home region other than us-east-1, us-east-1 (where global events arrive) forwards there too', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const host = new ScriptedHost(false);
    const report = await runWizard({
      steps: [alertsTopic, step], allSteps, clients: simulatedClients(sim), homeRegion: 'ap-northeast-1', regions: REGIONS, concurrency: 8, dryRun: false,
      config, host, undoLogPath: `${tempDir()}/undo.jsonl`, demo: true, renderer: 'silent', verifyDelaysMs: [1, 2, 4, 8],
    });
    expect(report.results.filter((r) => r.step === step.id).map((r) => [r.region, r.status])).toEqual(REGIONS.map((region) => [region, 'changed']));
    const tokyoBus = `arn:aws:events:ap-northeast-1:${ACCOUNT}:event-bus/default`;
    expect(rulesIn(sim, 'us-east-1')).toMatchObject([{ targets: [{ Arn: tokyoBus, RoleArn: ROLE }] }]);
    expect(rulesIn(sim, 'ap-northeast-1')).toMatchObject([{ targets: [{ Arn: `arn:aws:sns:ap-northeast-1:${ACCOUNT}:aws-bootstrap-alerts` }] }]);
    expect(sim.calls.filter((c) => c.action === 'CreateRole').map((c) => c.lane)).toEqual(['health-notifications@ap-northeast-1']);
    expect(host.output).toMatch(/Global events .* arrive only in us-east-1: keep us-east-1 in the run/);
  });

  it('undo shows and skips what was changed since (a rule disabled, the role trusting more), unless forced', async () => {
    const sim = await topicDone();
    const { undoLogPath } = await run(sim);
    rulesIn(sim, 'eu-west-1')[0]!.State = 'DISABLED';
    sim.state.iam.roles[ROLE_NAME]!.AssumeRolePolicyDocument = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
    const report = await undo(sim, undoLogPath);
    const skipped = report.results.filter((r) => r.status === 'skipped').map((r) => `${r.region}: ${r.detail}`);
    expect(skipped).toEqual([
      expect.stringMatching(/^us-east-1: the trust policy of the IAM role "aws-bootstrap-health-forwarding" was changed since this run/),
      expect.stringMatching(/^eu-west-1: the EventBridge rule "aws-bootstrap-health-events" was changed since this run/),
    ]);
    expect(rulesIn(sim, 'eu-west-1')).toHaveLength(1);
    expect(sim.state.iam.roles[ROLE_NAME]).toBeDefined();
    // The rest went: the other regions' rules, and the role's policy.
    expect(sim.state.regional['ap-northeast-1']).not.toHaveProperty('eventRules');
    expect(sim.state.iam.roles[ROLE_NAME]!.inlinePolicies).toEqual({});
    // Forced, what was skipped goes too.
    const forced = await undo(sim, undoLogPath, true);
    expect(forced.results.map((r) => r.status)).toEqual(['undone', 'undone']);
    expect(sim.state.regional['eu-west-1']).not.toHaveProperty('eventRules');
    expect(sim.state.iam.roles[ROLE_NAME]).toBeUndefined();
  });

  it('undo of a target whose rule someone deleted meanwhile is done (a target cannot outlive its rule)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const ctx = { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', dryRun: false, aws: simulatedClients(sim).forRegion('eu-west-1') };
    const undoTarget = await step.apply(ctx, { summary: '', before: null, after: null, payload: { action: 'add-target', rule: RULE_NAME, target: { Id: 'x', Arn: TOPIC.replace('us-east-1', 'eu-west-1') } } }, {}).catch((e: Error) => e);
    expect(undoTarget).toMatchObject({ name: 'ResourceNotFoundException' });
    await step.undo!(ctx, { kind: 'remove-target', description: '', change: { action: 'add-target', rule: RULE_NAME, target: { Id: 'x', Arn: TOPIC } } });
    expect(sim.calls.at(-1)).toMatchObject({ action: 'RemoveTargets', error: 'ResourceNotFoundException' });
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
    await undo(sim, undoLogPath);
    const undoCalls = mine(from);
    expect(undoCalls.length).toBeGreaterThan(0);
    expect(undoCalls.filter((a) => ![...permissions.observe, ...permissions.undo!].includes(a))).toEqual([]);
  });

  it('undo of a rule or role it created clears what it put in them even when that record was lost (killed in between)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const ctx = { accountId: ACCOUNT, partition: 'aws', region: 'us-east-1', dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
    const plan = step.plan(empty, {}, planCtx('us-east-1'));
    const records = [];
    for (const change of plan.changes) records.push(await step.apply(ctx, change, {}));
    const [createRule, , createRole] = records;
    // Only the records of the creations survived: the target and the role's policy are not in the log.
    await step.undo!(ctx, createRole!);
    await step.undo!(ctx, createRule!);
    expect(sim.state.iam.roles[ROLE_NAME]).toBeUndefined();
    expect(sim.state.regional['us-east-1']).not.toHaveProperty('eventRules');
  });
});

describe('health-notifications: tags (issue 15)', () => {
  const tagsOf = (runId: string) => [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: runId }];

  it('every rule and the role it creates carry aws-bootstrap:managed and the run id of the undo log, from the create call itself', async () => {
    const sim = await topicDone();
    const { undoLogPath } = await run(sim);
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    for (const region of REGIONS) {
      const events = await simulatedClients(sim).forRegion(region).use('events');
      const [rule] = rulesIn(sim, region);
      expect((await events.client.send(new events.sdk.ListTagsForResourceCommand({ ResourceARN: rule!.Arn }))).Tags).toEqual(tagsOf(runId));
    }
    const iam = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    expect((await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE_NAME }))).Role!.Tags).toEqual(tagsOf(runId));
    // No moment without them: PutRule and CreateRole took them.
    const created = sim.mutatingCalls().filter((c) => c.action === 'PutRule' || c.action === 'CreateRole');
    expect(created).toHaveLength(REGIONS.length + 1);
    for (const call of created) expect(call.input).toMatchObject({ Tags: tagsOf(runId) });
  });

  it('an adopted role, and a rule of its name found changed, gain no tags', async () => {
    const sim = await topicDone();
    const iam = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: trustPolicy() }));
    const events = await simulatedClients(sim).forRegion('eu-west-1').use('events');
    await events.client.send(new events.sdk.PutRuleCommand({ Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'DISABLED' }));
    const { report } = await run(sim);
    expect(report.exitCode).toBe(0);
    expect(sim.state.iam.roles[ROLE_NAME]).not.toHaveProperty('Tags');
    expect(rulesIn(sim, 'eu-west-1')).toMatchObject([{ Name: RULE_NAME, State: 'ENABLED', Tags: [] }]);
    // The update left the tags alone: none were sent.
    expect(sim.mutatingCalls().filter((c) => c.action === 'PutRule' && c.region === 'eu-west-1').map((c) => c.input)).not.toContainEqual(expect.objectContaining({ Tags: expect.anything() }));
  });

  it('undo leaves a rule named by an edited log, and a role of its name, alone unless they carry this run\'s tag; --force undoes them anyway', async () => {
    const sim = await topicDone();
    const { undoLogPath } = await run(sim);
    // Someone else's rule (untagged) and the log edited to say this run made it; the role's tags taken off, as if someone else had made one of that name.
    const OTHER = 'team-health-events';
    const events = await simulatedClients(sim).forRegion('eu-west-1').use('events');
    await events.client.send(new events.sdk.PutRuleCommand({ Name: OTHER, EventPattern: ALL_HEALTH_EVENTS }));
    delete sim.state.iam.roles[ROLE_NAME]!.Tags;
    const lines = readFileSync(undoLogPath, 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.region === 'eu-west-1' && record.undo?.kind === 'delete-rule') record.undo.change.rule.Name = OTHER;
      return JSON.stringify(record);
    });
    const tampered = join(tempDir(), 'undo.jsonl');
    writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);

    const report = await undo(sim, tampered);
    expect(report.results.filter((r) => r.status === 'skipped').map((r) => `${r.region}: ${r.detail}`)).toEqual([
      `us-east-1: the IAM role "${ROLE_NAME}" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway`,
      `eu-west-1: the EventBridge rule "${OTHER}" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway`,
    ]);
    expect(rulesIn(sim, 'eu-west-1').map((r) => r.Name)).toEqual([RULE_NAME, OTHER]);
    expect(sim.state.iam.roles[ROLE_NAME]).toBeDefined();

    const forced = await undo(sim, tampered, true);
    expect(forced.results.map((r) => r.status)).toEqual(['undone', 'undone']);
    expect(rulesIn(sim, 'eu-west-1').map((r) => r.Name)).toEqual([RULE_NAME]);
    expect(sim.state.iam.roles[ROLE_NAME]).toBeUndefined();
  });

  it('the preview says which tags the rules and the role get, and what cannot be tagged', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { output } = await runAgainst(sim, { steps: [alertsTopic, step], allSteps, config, regions: REGIONS, dryRun: true });
    // Once for each region's rule (grouped: home, and the two others), once for the role; a dry run has no run id yet.
    expect(output.match(/tags: \(none\) → aws-bootstrap:managed=true, aws-bootstrap:run=<this run>/g) ?? output).toHaveLength(3);
    expect(output).toContain('EventBridge targets and an IAM role\'s inline policy cannot be tagged');
  });
});

describe('health-notifications: in Japanese (issue 12)', () => {
  const shownIn = (plan: { changes: ReadonlyArray<{ summary: string }>; notes?: readonly string[]; skipped?: string }) => [...plan.changes.map((c) => c.summary), ...(plan.notes ?? []), ...(plan.skipped ? [plan.skipped] : [])];

  it('plans, validates and reports drift in Japanese, the email and the costs included, with no English left', () => {
    const ja = withLanguage('ja', () => ({
      title: step.title,
      why: step.why,
      home: step.plan(empty, {}, planCtx('us-east-1')),
      other: step.plan(empty, {}, planCtx('eu-west-1')),
      tokyo: step.plan(empty, {}, planCtx('ap-northeast-1', `arn:aws:sns:ap-northeast-1:${ACCOUNT}:alerts`)),
      cn: step.plan(empty, {}, planCtx('cn-northwest-1', 'arn:aws-cn:sns:cn-north-1:123456789012:alerts', 'aws-cn')),
      errors: [{ categories: ['outage'] }, { categories: [] }, { categories: ['issue', 'issue'] }].map((section) => step.inputs!.schema.safeParse(section).error!.issues[0]!.message),
      drift: [
        step.undoDrift!({ rules: [] }, { kind: 'delete-rule', description: '', change: { action: 'create-rule', rule: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED' } } }),
        step.undoDrift!({ rules: [] }, { kind: 'delete-role', description: '', change: { action: 'create-role', trust: trustPolicy() } }),
      ],
    }));
    expect(ja.title).toBe('AWS Health イベントが E メールで届く');
    expect(ja.home.changes.map((c) => c.summary)).toEqual([
      `AWS Health イベント用の EventBridge ルール「${RULE_NAME}」を作成する`,
      '各 AWS Health イベントを読みやすい形でアラート用トピックに E メールで送信する',
      `他のリージョンのルールが転送に使う IAM ロール「${ROLE_NAME}」を作成する`,
      `ロール「${ROLE_NAME}」に us-east-1 のデフォルトのイベントバスへのイベント送信だけを許可する`,
    ]);
    expect(ja.other.changes[1]!.summary).toBe('各 AWS Health イベントを us-east-1 のデフォルトのイベントバスに転送する');
    // The email the account sends is in the run's language; the rule's description too (rule names stay ASCII).
    const target = (ja.home.changes[1]!.payload as { target: { InputTransformer: { InputTemplate: string } } }).target;
    expect(target.InputTransformer.InputTemplate).toContain('"種類: <type> (<category>)"');
    expect((ja.home.changes[0]!.payload as { rule: { Name: string; Description: string } }).rule).toMatchObject({ Name: RULE_NAME, Description: expect.stringMatching(/^すべてのリージョンの AWS Health イベントを/) });
    expect(ja.home.changes[1]!.after).toMatchObject({ message: expect.arrayContaining(['種類: <type> (<category>)', '開始時刻: <startTime>']) });
    expect(ja.other.notes).toContain('料金: これらのような AWS のサービスのイベントにも、それをトピックに配信することにも EventBridge の料金はかかりません。イベントを別のリージョンに転送すると、カスタムイベントとして 100 万件あたり 1.00 USD が課金されます (Health イベントは月に数件なので 1 セントを大きく下回ります)。SNS の E メールは月 1,000 件まで無料です。');
    expect(ja.tokyo.notes!.join('\n')).toMatch(/グローバルイベント .* は us-east-1 にだけ届きます/);
    expect(ja.cn.skipped).toMatch(/^aws-cn パーティションでは EventBridge はイベントを別のリージョンに送信できない/);
    expect(ja.errors).toEqual([
      'AWS Health のイベントタイプカテゴリを指定してください: issue, accountNotification, scheduledChange, investigation',
      'カテゴリを 1 つ以上指定するか、すべての Health イベントを対象にするなら categories を省いてください',
      '同じカテゴリが 2 回指定されています',
    ]);
    expect(ja.drift).toEqual([`EventBridge ルール「${RULE_NAME}」はもう存在しない`, `IAM ロール「${ROLE_NAME}」はもう存在しない`]);
    for (const text of [ja.title, ja.why, ...shownIn(ja.home), ...shownIn(ja.other), ...shownIn(ja.tokyo), ...shownIn(ja.cn), ...ja.errors, ...ja.drift.map(String)]) {
      expect(englishLeft(text), text).toEqual([]);
    }
  });

  it('a run in Japanese sends the Japanese email and converges; a run in English then plans the English email and descriptions back, and undo descriptions follow the language', async () => {
    const sim = await topicDone();
    setLanguage('ja');
    try {
      const { report, undoLogPath } = await run(sim);
      expect(report.exitCode).toBe(0);
      const template = rulesIn(sim, 'us-east-1')[0]!.targets![0]!.InputTransformer!.InputTemplate;
      expect(template).toBe(healthEmail().InputTemplate);
      expect(template).toContain('詳細と影響を受けるリソース');
      const undo = readUndoLog(undoLogPath).records.filter((r) => r.type === 'change').map((r) => (r as { undo: { description: string } }).undo.description);
      expect(undo).toContain(`eu-west-1 の EventBridge ルール「${RULE_NAME}」を削除する (以前は存在しなかった)`);
      for (const text of undo) expect(englishLeft(text), text).toEqual([]);
      // The same language again: nothing to change.
      const before = sim.calls.length;
      const again = await run(sim);
      expect(again.report.results.every((r) => r.status === 'compliant')).toBe(true);
      expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
    } finally {
      setLanguage('en');
    }
    // The other language: the email and the rules' descriptions are text in the account, so they are put in English.
    const ctx = (region: string) => ({ accountId: ACCOUNT, partition: 'aws', region, dryRun: true, aws: simulatedClients(sim).forRegion(region) });
    const home = step.plan(await step.observe(ctx('us-east-1')), {}, planCtx('us-east-1'));
    expect(home.changes.map((c) => [actions({ changes: [c] })[0], c.summary])).toEqual([
      ['update-rule', `Put the description of the EventBridge rule "${RULE_NAME}" right`],
      ['replace-target', 'Email each AWS Health event to the alerts topic, laid out for reading'],
    ]);
    expect(home.changes[0]!.before).toMatchObject({ description: expect.stringMatching(/^すべてのリージョンの AWS Health イベントを/) });
    expect(home.changes[0]!.after).toMatchObject({ description: 'AWS Health events of every region to the alerts topic, as readable email (aws-bootstrap)' });
    // The Japanese email is shown as its lines, as the English one is.
    expect(home.changes[1]!.before).toMatchObject({ message: expect.arrayContaining(['種類: <type> (<category>)']) });
    expect(home.changes[1]!.after).toMatchObject({ message: healthEmailLines() });
    expect(actions(step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx('eu-west-1')))).toEqual(['update-rule']);
  });
});
