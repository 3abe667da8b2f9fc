/**
 * log-alarms in Japanese: the plan, validation, skipped reasons, undo records and drift; the
 * alarm descriptions it sends follow the language, and a run in either language converges.
 */
import { describe, expect, it } from 'vitest';
import step, { ALARM_SPECS, WATCHES_JA, type AlarmDefinition, type FilterDefinition, type LogAlarmsInputs, type LogAlarmsState, type LogAlarmsUndo } from '../../steps/log-alarms.js';
import { catalogues, setLanguage, withLanguage, type Entry } from '../../src/i18n/index.js';
import { applyAll, undoAll } from '../support/apply.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';
import { addLogGroup, HOME, LOG_GROUP, planCtx, provided, TOPIC_ARN } from './log-alarms.standins.js';

const inputs = (section: Record<string, unknown> = {}): LogAlarmsInputs => step.inputs!.schema.parse(section);
const state = (filters: FilterDefinition[] = [], alarms: AlarmDefinition[] = []): LogAlarmsState => ({ filters, alarms, alarmTags: {} });
const ROOT = 'aws-bootstrap-root-account-usage';

const cisRootFilter: FilterDefinition = {
  logGroupName: LOG_GROUP,
  filterName: 'CIS-RootAccountUsage',
  filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
};
const cisRootAlarm = (actions = [TOPIC_ARN]): AlarmDefinition => ({
  AlarmName: 'CIS-1.1-RootAccountUsage', ActionsEnabled: true, AlarmActions: actions, MetricName: 'RootUsage', Namespace: 'CISBenchmark',
  Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
});

/** A before/after value of one labelled key, as the preview shows it. */
const labelled = (value: unknown) => Object.entries(value as Record<string, string>).flat();

function strings(entry: Entry): string[] {
  if (typeof entry === 'string') return [entry];
  if (typeof entry === 'function') return [];
  if (Array.isArray(entry)) return [...entry];
  return Object.values(entry as Record<string, Entry>).flatMap(strings);
}

describe('log-alarms in Japanese', () => {
  it('says what every alarm watches in Japanese: one text per alarm of the template, no English left', () => {
    expect(Object.keys(WATCHES_JA).sort()).toEqual(ALARM_SPECS.map((s) => s.id).sort());
    for (const text of Object.values(WATCHES_JA)) expect(englishLeft(text)).toEqual([]);
    for (const text of strings(catalogues().get('log-alarms')!.ja)) expect(englishLeft(text), text).toEqual([]);
  });

  it('says in Japanese that a filter with an older published pattern is kept, and what the current one adds', () => {
    const olderFilter = (id: string): FilterDefinition => {
      const spec = ALARM_SPECS.find((s) => s.id === id)!;
      return { logGroupName: LOG_GROUP, filterName: `aws-bootstrap-${id}`, filterPattern: spec.olderPatterns[0]!.filterPattern, metricTransformations: [{ metricName: spec.metricName, metricNamespace: 'LogMetrics', metricValue: '1' }] };
    };
    const plan = withLanguage('ja', () => step.plan(state([olderFilter('route-table-changes'), olderFilter('organizations-changes')]), inputs(), planCtx));
    expect(plan.notes).toContain('メトリクスフィルター「aws-bootstrap-route-table-changes」は AWS Security Hub CSPM (CloudWatch.13) の以前の公開パターンです。そのままにします。現在のパターン (CIS AWS Foundations v3.0 4.13 / Prowler) はイベントソースも確認します。');
    expect(plan.notes).toContain('メトリクスフィルター「aws-bootstrap-organizations-changes」は CIS AWS Foundations v1.5 4.15 の以前の公開パターンです。そのままにします。現在のパターン (CIS AWS Foundations v3.0 4.15 / Prowler) はさらに CancelHandshake、CreateOrganization、EnableAllFeatures も検知します。');
  });

  it('plans the filters and alarms with their cost in Japanese; the payloads are the same data', () => {
    const [plan, excluded, watched, others, filterReplaced] = withLanguage('ja', () => [
      step.plan(state(), inputs(), planCtx),
      step.plan(state(), inputs({ exclude: ['unauthorized-api-calls'] }), planCtx),
      step.plan(state([cisRootFilter], [cisRootAlarm()]), inputs(), planCtx),
      step.plan(state([cisRootFilter], [cisRootAlarm(['arn:aws:sns:us-east-1:123456789012:someone-else']), { ...cisRootAlarm(), AlarmName: ROOT, AlarmActions: [], ActionsEnabled: false }]), inputs(), planCtx),
      step.plan(state([{ ...cisRootFilter, filterName: ROOT, filterPattern: '{$.userIdentity.type="Root"}' }]), inputs(), planCtx),
    ]);
    const [filter, alarm] = plan!.changes;
    expect(filter).toMatchObject({
      summary: `メトリクスフィルター「${ROOT}」を追加する`,
      before: { メトリクスフィルター: 'CloudWatch.1 のパターンのものはなし' },
      after: { メトリクスフィルター: 'CloudWatch.1 のパターン (出典: AWS Security Hub CSPM、LogMetrics/RootAccountUsage として集計)' },
    });
    expect(alarm).toMatchObject({
      summary: `アラーム「${ROOT}」を作成する (CloudWatch.1: ルートユーザーのアクティビティ)`,
      before: { アラーム: 'アラートトピックに通知するものはなし' },
      after: { アラーム: 'LogMetrics/RootAccountUsage の 5 分間の Sum ≥ 1、通知先 aws-bootstrap-alerts' },
    });
    const checklist = plan!.changes.find((c) => c.payload.id === 'iam-user-created' && c.payload.action === 'put-alarm')!;
    expect(checklist.summary).toBe('アラーム「aws-bootstrap-iam-user-created」を作成する (チェックリスト 8: IAM ユーザーの作成)');
    expect(plan!.changes.map((c) => c.payload)).toEqual(step.plan(state(), inputs(), planCtx).changes.map((c) => ({ ...c.payload, ...(c.payload.action === 'put-alarm' ? { alarm: { ...c.payload.alarm, AlarmDescription: expect.any(String) } } : {}) })));
    expect(plan!.notes).toEqual([
      `フィルターは CloudTrail のロググループ ${LOG_GROUP} に置き、アラームは ${TOPIC_ARN} に通知します。パターンは AWS Security Hub CSPM (CloudWatch.1～14)、CIS AWS Foundations v3.0 (4.13、4.15)、Prowler のチェックが公開しているものと、チェックリスト独自のものです (templates/log-alarms.json に各出典があります)。`,
      '料金: 新しいアラーム 19 個 × 月約 USD 0.10 = 月約 USD 1.90 (AWS 無料利用枠にはアカウントあたり 10 個のアラームが含まれます)。メトリクスフィルターは無料です。'
        + 'フィルターが発行するメトリクスはカスタムメトリクスとして課金されます (月約 USD 0.30) が、課金されるのは一致するイベントが記録された時間帯だけです。',
      expect.stringMatching(/^新しいアラームにはタグ aws-bootstrap:managed=true, aws-bootstrap:run=.* を付けます。メトリクスフィルターにはタグを付けられません \(CloudWatch Logs がタグを付けられるのはロググループで、フィルターではありません\)。$/),
    ]);
    expect(excluded!.notes).toContain('対象外 (exclude): unauthorized-api-calls。');
    expect(watched!.notes).toContain('すでに監視されています: ルートユーザーのアクティビティ (フィルター「CIS-RootAccountUsage」、アラーム「CIS-1.1-RootAccountUsage」)。');
    expect(others!.notes).toContain('アラーム「CIS-1.1-RootAccountUsage」は CISBenchmark/RootUsage を監視していますが、アラートトピックには通知しません。そのままにします。');
    const replaced = [...others!.changes, ...filterReplaced!.changes].filter((c) => c.payload.id === 'root-account-usage');
    expect(replaced.map((c) => [c.summary, ...labelled(c.before)])).toEqual([
      [`アラーム「${ROOT}」を置き換える (CloudWatch.1: ルートユーザーのアクティビティ)`, 'アラーム', 'CISBenchmark/RootUsage の 5 分間の Sum ≥ 1、通知先なし (アクション無効)'],
      [`メトリクスフィルター「${ROOT}」を置き換える`, 'メトリクスフィルター', '別のパターン (CISBenchmark/RootUsage として集計)'],
      [`アラーム「${ROOT}」を作成する (CloudWatch.1: ルートユーザーのアクティビティ)`, 'アラーム', 'アラートトピックに通知するものはなし'],
    ]);
    expect(others!.notes!.at(-1)).toMatch(/置き換えるアラームは元のタグのままです \(この実行で作成したものではないため\)。/);
    const texts = [plan!, excluded!, watched!, others!, filterReplaced!].flatMap((p) => [...p.changes.flatMap((c) => [c.summary, ...labelled(c.before), ...labelled(c.after)]), ...(p.notes ?? [])]);
    for (const text of texts) expect(englishLeft(text)).toEqual([]);
  });

  it('says why it is skipped and refuses bad input in Japanese', () => {
    const ja = withLanguage('ja', () => {
      const issues = (section: Record<string, unknown>) => {
        const result = step.inputs!.schema.safeParse(section);
        return result.success ? [] : result.error.issues.map((i) => i.message);
      };
      const elsewhere = { ...provided, cloudtrail: { ...provided.cloudtrail, logGroupName: '/trail', logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/trail' } };
      return [
        step.plan(state(), inputs(), { ...planCtx, provided: { cloudtrail: provided.cloudtrail } }).skipped!,
        step.plan(state(), inputs(), { ...planCtx, provided: elsewhere }).skipped!,
        ...issues({ exclude: ['root'] }),
        ...issues({ exclude: ['vpc-changes', 'vpc-changes'] }),
        step.title, step.why,
      ];
    });
    expect(ja.slice(0, 4)).toEqual([
      'CloudTrail のロググループとアラートトピックが必要です',
      '証跡の配信先は、アラートトピックのあるホームリージョン us-east-1 ではなく eu-west-1 のロググループ /trail です。アラームは同じリージョンのトピックにしか通知できません。'
        + '--region eu-west-1 を付けて実行してアラームとトピックをそこに置くか、証跡の配信先を us-east-1 のロググループにしてください',
      expect.stringMatching(/^次のいずれかを指定してください: root-account-usage, unauthorized-api-calls, /),
      '同じアラームが 2 回指定されています',
    ]);
    for (const text of ja) expect(englishLeft(text)).toEqual([]);
  });

  it('sends the alarm description in the run\'s language; a run in either language afterwards changes nothing, and undo takes it back', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided, runId: 'run-ja' };
    setLanguage('ja');
    let undos: LogAlarmsUndo[];
    try {
      const plan = step.plan(await step.observe(context), inputs(), { ...planCtx, runId: 'run-ja' });
      undos = (await applyAll(step, context, plan, inputs())) as LogAlarmsUndo[];
    } finally {
      setLanguage('en');
    }
    const root = sim.state.regional[HOME]!.alarms!.find((a) => a.AlarmName === ROOT)!;
    expect(root.AlarmDescription).toBe(`CloudWatch.1: ルートユーザーのアクティビティ。CloudTrail のロググループ ${LOG_GROUP} のメトリクスフィルターで数えます。aws-bootstrap が作成しました。`);
    const roles = sim.state.regional[HOME]!.alarms!.find((a) => a.AlarmName === 'aws-bootstrap-assume-role-failures')!;
    expect(roles.AlarmDescription).toMatch(/^チェックリスト 8: ロールの切り替えの繰り返しの失敗/);
    for (const a of sim.state.regional[HOME]!.alarms!) {
      expect(englishLeft(a.AlarmDescription!), a.AlarmName).toEqual([]);
      expect(a.AlarmDescription!.length).toBeLessThanOrEqual(1024);
    }
    // The description is prose: the plan never compares it, so neither language puts the alarms again.
    // Read as undo reads before it decides: with the alarms' tags.
    const after = await step.observe({ ...context, readTags: true });
    expect(step.plan(after, inputs(), planCtx).changes).toEqual([]);
    expect(withLanguage('ja', () => step.plan(after, inputs(), planCtx).changes)).toEqual([]);
    for (const undo of undos) expect(step.undoDrift!(after, undo, { runId: 'run-ja' })).toBeUndefined();

    expect(undos.slice(0, 2).map((u) => [u.kind, u.description])).toEqual([
      ['delete-metric-filter', `${LOG_GROUP} のメトリクスフィルター「${ROOT}」を削除する (以前は存在しなかった)`],
      ['delete-alarm', `us-east-1 のアラーム「${ROOT}」を削除する (以前は存在しなかった)`],
    ]);
    for (const undo of undos) expect(englishLeft(undo.description)).toEqual([]);
    await undoAll(step, context, undos);
    expect(sim.state.regional[HOME]!.alarms).toEqual([]);
    expect(sim.state.regional[HOME]!.metricFilters).toEqual([]);
  });

  it('an English run\'s alarms are left as they are by a Japanese run', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided };
    await applyAll(step, context, step.plan(await step.observe(context), inputs(), planCtx), inputs());
    const after = await step.observe(context);
    expect(withLanguage('ja', () => step.plan(after, inputs(), planCtx))).toEqual({ changes: [], notes: [] });
    expect(sim.state.regional[HOME]!.alarms!.find((a) => a.AlarmName === ROOT)!.AlarmDescription).toBe(`CloudWatch.1: root user activity, counted by a metric filter on the CloudTrail log group ${LOG_GROUP}. Made by aws-bootstrap.`);
  });

  it('writes restore records and describes drift in Japanese', async () => {
    const { sim, ctx } = simEnv();
    addLogGroup(sim.state);
    const context = { ...ctx(HOME), provided };
    const { client: logs, sdk: logsSdk } = await context.aws.use('logs');
    const { client: cloudwatch, sdk: cloudwatchSdk } = await context.aws.use('cloudwatch');
    await logs.send(new logsSdk.PutMetricFilterCommand({ logGroupName: LOG_GROUP, filterName: ROOT, filterPattern: '{$.userIdentity.type="Root"}', metricTransformations: [{ metricName: 'Old', metricNamespace: 'Mine', metricValue: '1' }] }));
    await cloudwatch.send(new cloudwatchSdk.PutMetricAlarmCommand({ ...cisRootAlarm(), AlarmName: ROOT, MetricName: 'Old', Namespace: 'Mine', AlarmActions: [] }));
    const only = inputs({ exclude: ALARM_SPECS.slice(1).map((s) => s.id) });
    const plan = step.plan(await step.observe(context), only, planCtx);
    // Apply reads the language as it writes each record: it is set for the whole (asynchronous) run.
    setLanguage('ja');
    let records: LogAlarmsUndo[];
    try {
      records = (await applyAll(step, context, plan, only)) as LogAlarmsUndo[];
    } finally {
      setLanguage('en');
    }
    expect(records.map((u) => u.kind)).toEqual(['restore-metric-filter', 'restore-alarm']);

    const edited = await step.observe(context);
    const changedState: LogAlarmsState = {
      ...edited,
      filters: edited.filters.map((f) => ({ ...f, filterPattern: '{$.x=1}' })),
      alarms: edited.alarms.map((a) => ({ ...a, Threshold: 10 })),
    };
    const ja = withLanguage('ja', () => [
      ...records.map((u) => u.description),
      step.undoDrift!(changedState, records[0]!)!,
      step.undoDrift!(changedState, records[1]!)!,
      step.undoDrift!(state(), records[0]!)!,
      step.undoDrift!(state(), records[1]!)!,
    ]);
    expect(ja).toEqual([
      `${LOG_GROUP} のメトリクスフィルター「${ROOT}」をこの実行の前の状態に戻す`,
      `us-east-1 のアラーム「${ROOT}」をこの実行の前の状態に戻す`,
      `${LOG_GROUP} のメトリクスフィルター「${ROOT}」はこの実行の後に変更されている`,
      `アラーム「${ROOT}」はこの実行の後に変更されている (現在: LogMetrics/RootAccountUsage の 5 分間の Sum ≥ 10、通知先 aws-bootstrap-alerts)`,
      `${LOG_GROUP} のメトリクスフィルター「${ROOT}」はもう存在しない`,
      `アラーム「${ROOT}」はもう存在しない`,
    ]);
    for (const text of ja) expect(englishLeft(text)).toEqual([]);
  });
});
