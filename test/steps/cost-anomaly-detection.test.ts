import { describe, expect, it } from 'vitest';
import step, { type CostAnomalyInputs, type CostAnomalyState, type CostAnomalyUndo, type ObservedMonitor, type ObservedSubscription, type SubscriptionSettings } from '../../steps/cost-anomaly-detection.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { addDefaultServicesMonitor, freshAccountState } from '../../src/sim/state.js';
import { bootstrapTagList, bootstrapTags } from '../../src/core/tags.js';
import { readUndoLog } from '../../src/undo/log.js';
import { formatIssues } from '../../src/validate.js';
import { withLanguage } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';
import { applyAll, undoAll } from '../support/apply.js';
import { simEnv } from '../support/sim.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';
import { inJapanese } from '../support/language.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };
const SUBSCRIPTION = 'aws-bootstrap-cost-anomalies';
const inputs = (section: Record<string, unknown> = {}): CostAnomalyInputs => step.inputs!.schema.parse({ emails: ['a@example.com'], ...section });

function issuesOf(section: Record<string, unknown>): string[] {
  const result = step.inputs!.schema.safeParse(section);
  if (result.success) throw new Error(`expected ${JSON.stringify(section)} to be rejected`);
  return formatIssues(result.error, 'cost-anomaly-detection');
}

const servicesMonitor: ObservedMonitor = { arn: 'arn:aws:ce::123456789012:anomalymonitor/default', name: 'Default-Services-Monitor', type: 'DIMENSIONAL', dimension: 'SERVICE' };
const accountsMonitor: ObservedMonitor = { arn: 'arn:aws:ce::123456789012:anomalymonitor/accounts', name: 'Accounts', type: 'DIMENSIONAL', dimension: 'LINKED_ACCOUNT' };

const absolute = (value: string) => ({ Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE' as const, MatchOptions: ['GREATER_THAN_OR_EQUAL' as const], Values: [value] } });

function subscription(settings: Partial<SubscriptionSettings> = {}, monitor = servicesMonitor): ObservedSubscription {
  return {
    arn: `arn:aws:ce::123456789012:anomalysubscription/${settings.name ?? SUBSCRIPTION}`,
    monitorArns: [monitor.arn],
    settings: { name: SUBSCRIPTION, subscribers: [{ Type: 'EMAIL', Address: 'a@example.com' }], frequency: 'DAILY', thresholdExpression: absolute('100'), ...settings },
  };
}

const stateWith = (monitors: ObservedMonitor[], subscriptions: ObservedSubscription[] = []): CostAnomalyState => ({ monitors, subscriptions });

describe('cost-anomaly-detection inputs', () => {
  it('defaults to a daily email at an impact of USD 100', () => {
    expect(inputs()).toEqual({
      emails: ['a@example.com'],
      threshold: 100,
      thresholdType: 'absolute',
      frequency: 'DAILY',
      monitorName: 'aws-bootstrap-services',
      subscriptionName: SUBSCRIPTION,
    });
  });

  it('rejects IMMEDIATE, which only an SNS topic can receive', () => {
    expect(issuesOf({ emails: ['a@example.com'], frequency: 'IMMEDIATE' })).toEqual([
      'cost-anomaly-detection.frequency: IMMEDIATE alerts can only go to an SNS topic, not to email addresses; use DAILY or WEEKLY',
    ]);
    expect(issuesOf({ emails: ['a@example.com'], frequency: 'HOURLY' })).toEqual(['cost-anomaly-detection.frequency: expected DAILY or WEEKLY']);
  });

  it('rejects bad emails, more than ten, and thresholds AWS would refuse', () => {
    expect(issuesOf({ emails: ['a@example'] })).toEqual(['cost-anomaly-detection.emails.0: expected an email address like name@example.com']);
    expect(issuesOf({ emails: Array.from({ length: 11 }, (_, i) => `u${i}@example.com`) })).toEqual(['cost-anomaly-detection.emails: AWS accepts at most 10 email addresses here']);
    expect(issuesOf({ emails: ['a@example.com'], threshold: -1 })).toEqual(['cost-anomaly-detection.threshold: a threshold is at least 0']);
    expect(issuesOf({ emails: ['a@example.com'], threshold: 10.555 })).toEqual(['cost-anomaly-detection.threshold: expected at most 2 decimal places']);
    expect(issuesOf({ emails: ['a@example.com'], thresholdType: 'USD' })[0]).toMatch(/thresholdType: expected 'absolute'/);
  });
});

describe('cost-anomaly-detection questions', () => {
  it('asks for the emails as a comma-separated list, offering those the subscription already has', () => {
    const [question] = step.inputs!.questions(stateWith([]), {});
    expect(question).toMatchObject({ path: 'emails', kind: 'text' });
    expect(question!.default).toBeUndefined();
    expect(question!.parse!('a@example.com,b@example.com')).toEqual(['a@example.com', 'b@example.com']);
    expect(question!.validate!('')).toBe('give at least one email address');
    const existing = subscription({ subscribers: [{ Type: 'EMAIL', Address: 'x@example.com' }, { Type: 'EMAIL', Address: 'y@example.com' }] });
    expect(step.inputs!.questions(stateWith([servicesMonitor], [existing]), {})[0]!.default).toBe('x@example.com, y@example.com');
    expect(step.inputs!.questions(stateWith([]), { emails: ['a@example.com'] })).toEqual([]);
  });

  it('offers the budget alert addresses given earlier in the run as a suggestion (a person confirms it), the current ones taking precedence', () => {
    const earlier = { 'monthly-budget': { emails: ['billing@example.com', 'cfo@example.com'] } };
    const [question] = step.inputs!.questions(stateWith([]), {}, earlier);
    expect(question).toMatchObject({ suggestion: 'billing@example.com, cfo@example.com' });
    expect(question!.default).toBeUndefined();
    const existing = subscription({ subscribers: [{ Type: 'EMAIL', Address: 'x@example.com' }] });
    const [again] = step.inputs!.questions(stateWith([servicesMonitor], [existing]), {}, earlier);
    expect(again!.default).toBe('x@example.com');
    expect(again!.suggestion).toBeUndefined();
  });
});

describe('cost-anomaly-detection plan', () => {
  it('plans nothing when the services monitor has our subscription as configured (compliant)', () => {
    expect(step.plan(stateWith([servicesMonitor], [subscription()]), inputs(), planCtx).changes).toEqual([]);
  });

  it('plans the monitor and then a subscription that finds the monitor when applied (noncompliant)', () => {
    const plan = step.plan(stateWith([accountsMonitor]), inputs(), planCtx);
    expect(plan.changes.map((c) => c.payload)).toEqual([
      { action: 'create-monitor', monitorName: 'aws-bootstrap-services' },
      { action: 'create-subscription', subscription: { name: SUBSCRIPTION, subscribers: [{ Type: 'EMAIL', Address: 'a@example.com' }], frequency: 'DAILY', thresholdExpression: absolute('100') } },
    ]);
    expect(plan.changes[1]!.after).toBe('daily summary of anomalies with impact ≥ USD 100, to a@example.com; tags: aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
  });

  it('subscribes to an existing services monitor instead of creating one', () => {
    const plan = step.plan(stateWith([servicesMonitor]), inputs({ thresholdType: 'percentage', threshold: 40, frequency: 'WEEKLY' }), planCtx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['create-subscription']);
    expect(plan.changes[0]!.payload).toMatchObject({ monitorArn: servicesMonitor.arn });
    expect(plan.changes[0]!.after).toBe('weekly summary of anomalies with impact ≥ 40 %, to a@example.com; tags: aws-bootstrap:managed=true, aws-bootstrap:run=<this run>');
    expect(plan.notes).toEqual(['Using the account\'s existing services monitor "Default-Services-Monitor" (an account can have only one).']);
  });

  it('adopts an existing subscription of the monitor to the same addresses, whatever its name', () => {
    const theirs = subscription({ name: 'team alerts', frequency: 'WEEKLY', subscribers: [{ Type: 'EMAIL', Address: 'A@example.com' }] });
    const plan = step.plan(stateWith([servicesMonitor], [theirs]), inputs(), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toContain('Subscription "team alerts" already sends weekly summary of anomalies with impact ≥ USD 100, to A@example.com; it is used as it is.');
  });

  it('does not adopt a subscription of another monitor', () => {
    const elsewhere = subscription({ name: 'accounts' }, accountsMonitor);
    expect(step.plan(stateWith([servicesMonitor, accountsMonitor], [elsewhere]), inputs(), planCtx).changes.map((c) => c.payload.action)).toEqual(['create-subscription']);
  });

  it('updates our subscription when its recipients, frequency or threshold differ', () => {
    const ours = subscription({ subscribers: [{ Type: 'EMAIL', Address: 'old@example.com' }], thresholdExpression: absolute('250') });
    const [change, ...rest] = step.plan(stateWith([servicesMonitor], [ours]), inputs(), planCtx).changes;
    expect(rest).toEqual([]);
    expect(change!.payload).toMatchObject({ action: 'update-subscription', subscriptionArn: ours.arn, previous: ours.settings });
    expect([change!.before, change!.after]).toEqual([
      'daily summary of anomalies with impact ≥ USD 250, to old@example.com',
      'daily summary of anomalies with impact ≥ USD 100, to a@example.com',
    ]);
  });
});

describe('cost-anomaly-detection against the simulated account', () => {
  it('creates a services monitor and a subscription through us-east-1, whatever the home region, then plans nothing', async () => {
    const { sim, ctx } = simEnv();
    const given = inputs({ emails: ['a@example.com', 'b@example.com'] });
    const before = await step.observe(ctx('eu-west-1'));
    expect(before).toEqual({ monitors: [], subscriptions: [] });
    const undos = await applyAll(step, ctx('eu-west-1'), step.plan(before, given, planCtx), given);
    expect(undos.map((u) => u.kind)).toEqual(['delete-monitor', 'delete-subscription']);

    const [monitor] = sim.state.costExplorer.monitors;
    expect(monitor).toMatchObject({ MonitorName: 'aws-bootstrap-services', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' });
    const [created] = sim.state.costExplorer.subscriptions;
    expect(created).toMatchObject({
      SubscriptionName: SUBSCRIPTION,
      MonitorArnList: [monitor!.MonitorArn],
      Frequency: 'DAILY',
      Subscribers: [{ Type: 'EMAIL', Address: 'a@example.com', Status: 'CONFIRMED' }, { Type: 'EMAIL', Address: 'b@example.com', Status: 'CONFIRMED' }],
      ThresholdExpression: absolute('100'),
    });
    const createCall = sim.calls.find((c) => c.action === 'CreateAnomalySubscription')!;
    expect(createCall.input).not.toHaveProperty('AnomalySubscription.Threshold');

    const mutating = sim.mutatingCalls().length;
    expect(step.plan(await step.observe(ctx('eu-west-1')), given, planCtx).changes).toEqual([]);
    expect(sim.mutatingCalls().length).toBe(mutating);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateAnomalyMonitor', 'CreateAnomalySubscription']);
    const ceCalls = sim.calls.filter((c) => c.service === 'costexplorer');
    expect(new Set(ceCalls.map((c) => c.region))).toEqual(new Set(['us-east-1']));

    const state = await step.observe(ctx());
    expect(undos.map((u) => step.undoDrift!(state, u as CostAnomalyUndo))).toEqual([undefined, undefined]);
    // The undo records go through the JSON undo log.
    await undoAll(step, ctx(), JSON.parse(JSON.stringify(undos)));
    expect(sim.state.costExplorer).toEqual({ monitors: [], subscriptions: [] });
  });

  it('reuses the default services monitor, never trying to create a second one, and undo leaves it in place', async () => {
    const { sim, ctx } = simEnv();
    const existing = addDefaultServicesMonitor(sim.state);
    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    expect(plan.changes.map((c) => c.payload.action)).toEqual(['create-subscription']);
    const undo = await step.apply(ctx(), plan.changes[0]!, inputs());
    expect(sim.calls.some((c) => c.action === 'CreateAnomalyMonitor')).toBe(false);
    expect(sim.state.costExplorer.subscriptions[0]!.MonitorArnList).toEqual([existing.MonitorArn]);
    await step.undo!(ctx(), undo);
    expect(sim.state.costExplorer.monitors).toEqual([existing]);
    expect(sim.state.costExplorer.subscriptions).toEqual([]);
  });

  it('updates a legacy Threshold subscription with ThresholdExpression only, and undo restores the old settings', async () => {
    const { sim, ctx } = simEnv();
    const monitor = addDefaultServicesMonitor(sim.state);
    sim.state.costExplorer.subscriptions.push({
      SubscriptionArn: 'arn:aws:ce::123456789012:anomalysubscription/legacy',
      AccountId: '123456789012',
      SubscriptionName: SUBSCRIPTION,
      MonitorArnList: [monitor.MonitorArn],
      Subscribers: [{ Type: 'EMAIL', Address: 'old@example.com', Status: 'CONFIRMED' }],
      Frequency: 'WEEKLY',
      Threshold: 40,
    });
    const [change] = step.plan(await step.observe(ctx()), inputs(), planCtx).changes;
    expect(change!.before).toBe('weekly summary of anomalies with impact ≥ USD 40, to old@example.com');
    const undo = await step.apply(ctx(), change!, inputs());
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['UpdateAnomalySubscription']);
    expect(sim.mutatingCalls()[0]!.input).not.toHaveProperty('Threshold');
    expect(step.plan(await step.observe(ctx()), inputs(), planCtx).changes).toEqual([]);

    await step.undo!(ctx(), undo);
    const [restored] = sim.state.costExplorer.subscriptions;
    expect(restored).toMatchObject({ Frequency: 'WEEKLY', Subscribers: [{ Type: 'EMAIL', Address: 'old@example.com' }], ThresholdExpression: absolute('40') });
    expect(restored).not.toHaveProperty('Threshold');
  });

  it('sees drift: a created subscription edited since, a created monitor now used by someone else', async () => {
    const { sim, ctx } = simEnv();
    const [monitorUndo, subscriptionUndo] = await applyAll(step, ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx), inputs());
    sim.state.costExplorer.subscriptions[0]!.Frequency = 'WEEKLY';
    sim.state.costExplorer.subscriptions.push({ ...sim.state.costExplorer.subscriptions[0]!, SubscriptionArn: 'arn:aws:ce::123456789012:anomalysubscription/other', SubscriptionName: 'finance' });
    const state = await step.observe(ctx());
    expect(step.undoDrift!(state, subscriptionUndo as CostAnomalyUndo)).toBe(`the anomaly alert subscription "${SUBSCRIPTION}" was changed since this run: it now sends weekly summary of anomalies with impact ≥ USD 100, to a@example.com`);
    expect(step.undoDrift!(state, monitorUndo as CostAnomalyUndo)).toBe('the monitor "aws-bootstrap-services" now also feeds "finance"');
  });
});

describe('cost-anomaly-detection: tags on what it creates (issue 15)', () => {
  const config = { 'cost-anomaly-detection': { emails: ['a@example.com'] } };

  it('the monitor and subscription it creates carry both tags, with the run id of the undo log; the preview shows them', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const run = await runAgainst(sim, { steps: [step], config });
    expect(run.report.exitCode).toBe(0);
    const runId = readUndoLog(run.undoLogPath).records[0]!.run;
    const { monitors, subscriptions } = sim.state.costExplorer;
    expect(monitors.map((m) => m.tags)).toEqual([bootstrapTagList(runId)]);
    expect(subscriptions.map((s) => s.tags)).toEqual([bootstrapTagList(runId)]);
    // ListTagsForResource answers them, so observe has them for undo (`readTags`); a plan's read leaves them.
    const { sim: reader, ctx } = simEnv({ state: sim.state });
    const state = await step.observe({ ...ctx(), readTags: true });
    expect([...state.monitors, ...state.subscriptions].map((r) => r.tags)).toEqual([bootstrapTags(runId), bootstrapTags(runId)]);
    const planned = await step.observe(ctx());
    expect([...planned.monitors, ...planned.subscriptions].map((r) => r.tags)).toEqual([undefined, undefined]);
    expect(reader.calls.filter((c) => c.action === 'ListTagsForResource')).toHaveLength(2);

    const preview = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], config, dryRun: true });
    expect(preview.output.split('tags: aws-bootstrap:managed=true, aws-bootstrap:run=<this run>')).toHaveLength(3);
  });

  it('the services monitor AWS made, and a subscription it adopts, are not tagged', async () => {
    const teamAlerts = (sim: SimulatedAccount, address: string) => simulatedClients(sim).forRegion('us-east-1').use('costexplorer').then(({ client, sdk }) => client.send(new sdk.CreateAnomalySubscriptionCommand({
      AnomalySubscription: {
        SubscriptionName: 'team alerts', MonitorArnList: [sim.state.costExplorer.monitors[0]!.MonitorArn], Subscribers: [{ Type: 'EMAIL', Address: address }], Frequency: 'WEEKLY', ThresholdExpression: absolute('50'),
      },
    })));
    // Our subscription goes on the monitor AWS made: only the subscription is tagged.
    const sim = new SimulatedAccount(freshAccountState({ defaultServicesMonitor: true }));
    await teamAlerts(sim, 'team@example.com');
    const run = await runAgainst(sim, { steps: [step], config });
    const runId = readUndoLog(run.undoLogPath).records[0]!.run;
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateAnomalySubscription', 'CreateAnomalySubscription']);
    expect(sim.state.costExplorer.monitors.map((m) => [m.MonitorName, m.tags])).toEqual([['Default-Services-Monitor', undefined]]);
    expect(sim.state.costExplorer.subscriptions.map((s) => [s.SubscriptionName, s.tags])).toEqual([['team alerts', undefined], [SUBSCRIPTION, bootstrapTagList(runId)]]);

    // A subscription to the same addresses is used as it is.
    const adopting = new SimulatedAccount(freshAccountState({ defaultServicesMonitor: true }));
    await teamAlerts(adopting, 'a@example.com');
    expect((await runAgainst(adopting, { steps: [step], config })).report.exitCode).toBe(0);
    expect(adopting.mutatingCalls()).toHaveLength(1);
    expect(adopting.state.costExplorer.subscriptions.map((s) => s.tags)).toEqual([undefined]);
  });

  it('undo leaves alone a monitor and subscription a tampered log names that this run did not create; --force deletes them anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const run = await runAgainst(sim, { steps: [step], config });
    const [ourMonitor] = sim.state.costExplorer.monitors;
    const [ourSubscription] = sim.state.costExplorer.subscriptions;
    // Someone else's monitor and subscription, and the log edited to name them.
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('costexplorer');
    const { MonitorArn } = await client.send(new sdk.CreateAnomalyMonitorCommand({ AnomalyMonitor: { MonitorName: 'Accounts', MonitorType: 'DIMENSIONAL', MonitorDimension: 'LINKED_ACCOUNT' } }));
    const { SubscriptionArn } = await client.send(new sdk.CreateAnomalySubscriptionCommand({
      AnomalySubscription: { SubscriptionName: 'team alerts', MonitorArnList: [MonitorArn!], Subscribers: [{ Type: 'EMAIL', Address: 'team@example.com' }], Frequency: 'DAILY', ThresholdExpression: absolute('10') },
    }));
    const lines = readFileSync(run.undoLogPath, 'utf8').split('\n').filter(Boolean);
    const edited = lines.map((line) => line
      .replaceAll(`"monitorArn":"${ourMonitor!.MonitorArn}"`, `"monitorArn":"${MonitorArn!}"`)
      .replaceAll(`"subscriptionArn":"${ourSubscription!.SubscriptionArn}"`, `"subscriptionArn":"${SubscriptionArn!}"`));
    expect(edited.filter((line, i) => line !== lines[i])).toHaveLength(2);
    writeFileSync(run.undoLogPath, rechained(edited).map((line) => `${line}\n`).join(''));

    const undo = await undoAgainst(sim, run.undoLogPath);
    expect(undo.report.results.map((r) => [r.status, r.detail])).toEqual([
      ['skipped', 'the anomaly alert subscription "team alerts" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway'],
      ['skipped', 'the cost anomaly monitor "Accounts" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway'],
    ]);
    expect(sim.state.costExplorer.monitors.map((m) => m.MonitorName)).toEqual(['aws-bootstrap-services', 'Accounts']);
    expect(sim.state.costExplorer.subscriptions.map((s) => s.SubscriptionName)).toEqual([SUBSCRIPTION, 'team alerts']);

    const forced = await undoAgainst(sim, run.undoLogPath, { force: true });
    expect(forced.report.results.map((r) => r.status)).toEqual(['undone', 'undone']);
    expect(sim.state.costExplorer.monitors.map((m) => m.MonitorName)).toEqual(['aws-bootstrap-services']);
    expect(sim.state.costExplorer.subscriptions.map((s) => s.SubscriptionName)).toEqual([SUBSCRIPTION]);
  });
});

describe('cost-anomaly-detection in Japanese (issue 12)', () => {
  const runCtx = { ...planCtx, runId: '20260101T000000Z-1a2b' };
  const TAGS = 'aws-bootstrap:managed=true, aws-bootstrap:run=20260101T000000Z-1a2b';
  const shown = (plan: ReturnType<typeof step.plan>) => [...plan.changes.flatMap((c) => [c.summary, String(c.before), String(c.after)]), ...(plan.notes ?? [])];


  it('shows the title, why, question and a plan for a new account in Japanese', () => {
    withLanguage('ja', () => {
      expect(step.title).toBe('コスト異常検出が AWS のサービスごとの異常な支出を E メールで知らせる');
      expect(englishLeft(step.why)).toEqual([]);
      expect(step.inputs!.questions(stateWith([]), {})[0]!.message).toBe('コスト異常のアラートを送る E メールアドレス (カンマ区切り、10 件まで):');
      const plan = step.plan(stateWith([accountsMonitor]), inputs(), runCtx);
      expect(plan.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
        ['AWS のサービスのコストモニター「aws-bootstrap-services」を作成する', 'サービスごとの支出のモニターなし', `モニター「aws-bootstrap-services」: AWS 管理、サービスごとの支出を個別に評価、タグ: ${TAGS}`],
        ['a@example.com 宛てのアラートサブスクリプションを作成する', 'AWS のサービスのモニターにアラートサブスクリプションなし', `日次の要約 (影響額 ≥ USD 100 の異常、宛先: a@example.com)、タグ: ${TAGS}`],
      ]);
      expect(shown(plan).flatMap((text) => englishLeft(text))).toEqual([]);
    });
    expect(step.title).toBe('Cost Anomaly Detection emails unusual spend per AWS service');
  });

  it('describes an adopted monitor, an adopted subscription and an update in Japanese', () => {
    const theirs = subscription({ name: 'team alerts', frequency: 'WEEKLY', subscribers: [{ Type: 'EMAIL', Address: 'A@example.com' }] });
    const adopted = withLanguage('ja', () => step.plan(stateWith([servicesMonitor], [theirs]), inputs(), runCtx));
    expect(adopted.notes).toEqual([
      'アカウントに既にある AWS のサービスのコストモニター「Default-Services-Monitor」を使います (1 つのアカウントに 1 つしか作れません)。',
      'サブスクリプション「team alerts」はすでに週次の要約 (影響額 ≥ USD 100 の異常、宛先: A@example.com)を送っています。そのまま使います。',
    ]);
    const ours = subscription({ subscribers: [{ Type: 'EMAIL', Address: 'old@example.com' }], thresholdExpression: absolute('250') });
    const update = withLanguage('ja', () => step.plan(stateWith([servicesMonitor], [ours]), inputs({ thresholdType: 'percentage', threshold: 40 }), runCtx));
    expect(update.changes.map((c) => [c.summary, c.before, c.after])).toEqual([[
      `アラートサブスクリプション「${SUBSCRIPTION}」を更新する`,
      '日次の要約 (影響額 ≥ USD 250 の異常、宛先: old@example.com)',
      '日次の要約 (影響率 ≥ 40 % の異常、宛先: a@example.com)',
    ]]);
    expect([...shown(adopted), ...shown(update)].flatMap((text) => englishLeft(text, ['team alerts']))).toEqual([]);
  });

  it('says what is wrong with an input in Japanese', () => {
    const issues = withLanguage('ja', () => [
      ...issuesOf({ emails: ['a@example.com'], frequency: 'IMMEDIATE' }),
      ...issuesOf({ emails: ['a@example.com'], threshold: 10.555 }),
      ...issuesOf({ emails: ['a@example.com'], thresholdType: 'USD' }),
      ...issuesOf({ emails: ['a@example.com'], monitorName: ' ' }),
    ]);
    expect(issues).toEqual([
      'cost-anomaly-detection.frequency: IMMEDIATE (個々のアラート) は SNS トピックにしか送れず、E メールアドレスには送れません。DAILY か WEEKLY を指定してください',
      'cost-anomaly-detection.threshold: 小数点以下は 2 桁までで指定してください',
      "cost-anomaly-detection.thresholdType: 'absolute' (想定外の支出の USD 額) か 'percentage' (想定される支出を上回る割合) を指定してください",
      'cost-anomaly-detection.monitorName: モニター名を指定してください',
    ]);
  });

  it('records undo descriptions and reports drift in Japanese; a re-run in either language changes nothing', async () => {
    const { sim, ctx } = simEnv();
    const undos = await inJapanese(async () => (await applyAll(step, ctx(), step.plan(await step.observe(ctx()), inputs(), planCtx), inputs())) as CostAnomalyUndo[]);
    expect(undos.map((u) => u.description)).toEqual([
      'コストモニター「aws-bootstrap-services」を削除する (この実行で作成)',
      `アラートサブスクリプション「${SUBSCRIPTION}」を削除する (この実行で作成)`,
    ]);
    const state = await step.observe(ctx());
    for (const lang of ['ja', 'en'] as const) expect(withLanguage(lang, () => step.plan(state, inputs(), planCtx)).changes).toEqual([]);

    sim.state.costExplorer.subscriptions[0]!.Frequency = 'WEEKLY';
    sim.state.costExplorer.subscriptions.push({ ...sim.state.costExplorer.subscriptions[0]!, SubscriptionArn: 'arn:aws:ce::123456789012:anomalysubscription/other', SubscriptionName: 'finance' });
    const drifted = await step.observe(ctx());
    expect(withLanguage('ja', () => undos.map((u) => step.undoDrift!(drifted, u)))).toEqual([
      'モニター「aws-bootstrap-services」は現在「finance」にも使われている',
      `アラートサブスクリプション「${SUBSCRIPTION}」はこの実行の後に変更された: 現在は週次の要約 (影響額 ≥ USD 100 の異常、宛先: a@example.com)`,
    ]);
    const [monitorUndo, subscriptionUndo] = undos;
    expect(withLanguage('ja', () => [step.undoDrift!(stateWith([]), monitorUndo!), step.undoDrift!(stateWith([]), subscriptionUndo!)])).toEqual([
      'コストモニター「aws-bootstrap-services」はもう存在しない',
      `アラートサブスクリプション「${SUBSCRIPTION}」はもう存在しない`,
    ]);
  });

  it('refuses an undo record of an unknown kind, in the current language', async () => {
    const { ctx } = simEnv();
    const record = { kind: 'delete-everything', description: 'x' } as unknown as CostAnomalyUndo;
    await expect(inJapanese(() => step.undo!(ctx(), record))).rejects.toThrow('cost-anomaly-detection は種類 delete-everything の操作を元に戻せません');
    await expect(step.undo!(ctx(), record)).rejects.toThrow('cost-anomaly-detection cannot undo an action of kind delete-everything');
  });
});
