/**
 * cloudtrail in Japanese: the plan (changes, costs, notes, skipped reasons), the questions and
 * their validation messages, the undo records and the drift sentences, with no English left.
 */
import { describe, expect, it } from 'vitest';
import step from '../../../steps/cloudtrail/cloudtrail.js';
import type { CloudTrailState, ObservedTrail } from '../../../steps/shared/cloudtrail-aws.js';
import type { CloudTrailPayload, CloudTrailUndo } from '../../../steps/cloudtrail/plan.js';
import type { Change, PlanContext } from '../../../src/core/step.js';
import { catalogues, setLanguage, withLanguage, type Entry } from '../../../src/i18n/index.js';
import { englishLeft } from '../../support/english.js';
import { simEnv } from '../../support/sim.js';
import { ACCOUNT, BUCKET, groupArn, HOME, LOG_GROUP, ROLE, TRAIL, trailArn } from './cloudtrail-support.js';

const planCtx: PlanContext = { accountId: ACCOUNT, partition: 'aws', region: HOME };
const inputs = (section: Record<string, unknown> = {}) => step.inputs!.schema.parse(section);
const ALL_MANAGEMENT = { basic: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };

/** A trail as observe reads it: complete and logging unless told otherwise. */
const trail = (fields: Partial<ObservedTrail> & { name: string }): ObservedTrail => ({
  arn: trailArn(fields.name, fields.homeRegion ?? HOME, fields.accountId ?? ACCOUNT), homeRegion: HOME, accountId: ACCOUNT, multiRegion: true, organization: false,
  globalEvents: true, validation: true, bucket: 'their-logs', logging: true, selectors: ALL_MANAGEMENT, tags: {}, ...fields,
});

/** Every text a plan shows: summaries, readable before/after values, notes and the skipped reason. */
function shown(plan: ReturnType<typeof step.plan>): string[] {
  const readable = (v: unknown) => (typeof v === 'string' && !v.startsWith('{') ? [v] : []);
  return [
    ...plan.changes.flatMap((c: Change<CloudTrailPayload>) => [c.summary, ...readable(c.before), ...readable(c.after)]),
    ...(plan.notes ?? []), ...(plan.skipped ? [plan.skipped] : []),
  ];
}

/** The string leaves of a catalogue (functions are rendered by the tests below). */
function strings(entry: Entry): string[] {
  if (typeof entry === 'string') return [entry];
  if (typeof entry === 'function') return [];
  if (Array.isArray(entry)) return [...entry];
  return Object.values(entry as Record<string, Entry>).flatMap(strings);
}

describe('cloudtrail in Japanese', () => {
  it('previews a fresh account\'s trail, bucket, log group and role, with the costs, in Japanese', () => {
    const plan = withLanguage('ja', () => step.plan({ trails: [], logGroups: [] }, inputs(), planCtx));
    expect(plan.changes.map((c) => c.summary)).toEqual([
      `証跡のログファイルを保存する S3 バケット ${BUCKET} を作成する`,
      `CloudWatch Logs のロググループ ${LOG_GROUP} を作成する (イベントの保持期間 365 日)`,
      `CloudTrail が CloudWatch Logs への配信に使うロール ${ROLE} を作成する`,
      `ロール ${ROLE} が証跡のイベントを ${LOG_GROUP} に書き込めるようにする (logs:CreateLogStream, logs:PutLogEvents)`,
      `マルチリージョン証跡 ${TRAIL} を作成する`,
      `証跡 ${TRAIL} のログ記録を開始する`,
    ]);
    expect(plan.changes[0]!.after).toMatch(new RegExp(`^ブロックパブリックアクセス有効、ACL 無効 \\(バケット所有者の強制\\)、SSE-S3 暗号化、HTTPS のみ、AWSLogs/${ACCOUNT}/ に書き込めるのは CloudTrail のみ \\(${trailArn()} 用\\)、オブジェクトは 365 日後に削除。タグ: aws-bootstrap:managed=true, aws-bootstrap:run=`));
    expect(plan.changes[4]!.after).toMatch(/^すべてのリージョンとグローバルサービスの管理イベント \(読み取りと書き込み\)、ログファイルの検証、/);
    expect(plan.notes).toEqual([
      expect.stringMatching(/^料金: 各リージョンの管理イベントの最初のコピーは無料です。課金されるもの: ログファイルの S3 ストレージ \(S3 Standard、us-east-1 で 1 GB・月あたり約 USD 0\.023、保持期間 365 日\)、および CloudWatch Logs: /),
      'undo では、この実行で作成する証跡とロールを停止して削除しますが、バケットとロググループは残します。ログは証拠になるためです。',
    ]);
    for (const text of shown(plan)) expect(englishLeft(text)).toEqual([]);
    // Data stays data: the payloads are the same in both languages.
    expect(plan.changes.map((c) => c.payload)).toEqual(step.plan({ trails: [], logGroups: [] }, inputs(), planCtx).changes.map((c) => c.payload));
  });

  it('completes an adopted trail, changes a kept log group\'s retention, and names the other trails, in Japanese', () => {
    const state: CloudTrailState = {
      trails: [
        trail({ name: 'existing', multiRegion: false, globalEvents: false, validation: false, logging: false, selectors: { basic: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } }),
        trail({ name: 'other', multiRegion: true, homeRegion: 'eu-west-1' }),
      ],
      logGroups: [{ name: LOG_GROUP, arn: groupArn(), retentionInDays: 30, storedBytes: 0 }],
    };
    const plan = withLanguage('ja', () => step.plan(state, inputs({ trailName: 'existing', logRetentionDays: 90 }), planCtx));
    expect(plan.changes.map((c) => c.summary)).toEqual([
      `ロググループ ${LOG_GROUP} のイベントの保持期間を 90 日にする`,
      `CloudTrail が CloudWatch Logs への配信に使うロール ${ROLE} を作成する`,
      `ロール ${ROLE} が証跡のイベントを ${LOG_GROUP} に書き込めるようにする (logs:CreateLogStream, logs:PutLogEvents)`,
      `証跡 existing を更新する: すべてのリージョンを記録する、グローバルサービスイベントを含める、ログファイルの検証を有効にする、CloudWatch Logs のロググループ ${LOG_GROUP} に配信する`,
      '証跡 existing ですべての管理イベント (読み取りと書き込み) を記録する',
      '証跡 existing のログ記録を開始する',
    ]);
    expect(plan.changes[0]).toMatchObject({ before: '30 日', after: '90 日' });
    expect(plan.changes[5]).toMatchObject({ before: 'ログ記録なし', after: 'ログ記録中' });
    expect(plan.notes![0]).toBe('ここでは次の証跡も管理イベントを記録しています: other。2 つ目以降のコピーは課金されます (100,000 イベントあたり USD 2.00)。不要なものは削除を検討してください。');
    for (const text of shown(plan)) expect(englishLeft(text)).toEqual([]);

    const adopting = withLanguage('ja', () => step.plan({ trails: [trail({ name: 'theirs', logGroupArn: `${groupArn('their-group')}:*`, roleArn: 'arn:aws:iam::123456789012:role/theirs' })], logGroups: [] }, inputs(), planCtx));
    expect(adopting.notes).toEqual([
      '2 つ目の証跡を作成する代わりに、既存の証跡 theirs を引き継ぎます (管理イベントの 2 つ目のコピーは課金されるため)。',
      '証跡はロググループ their-group に配信しています。このロググループはそのままにします。',
    ]);
    for (const text of shown(adopting)) expect(englishLeft(text)).toEqual([]);
  });

  it('says in Japanese why a trail this account cannot change offers nothing', () => {
    const organization = trail({ name: 'org-trail', accountId: '999999999999', organization: true, validation: false, logging: false });
    const elsewhere = trail({ name: 'eu-trail', homeRegion: 'eu-west-1', logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:trail:*' });
    const [org, eu] = withLanguage('ja', () => [organization, elsewhere].map((t) => step.plan({ trails: [t], logGroups: [] }, inputs(), planCtx)));
    expect(org!.skipped).toBe('管理アカウント 999999999999 の組織の証跡 org-trail がこのアカウントの API コールを記録していますが、次の点が不足しています: ログ記録が停止している、ログファイルの検証が無効、CloudWatch Logs に配信していない。'
      + 'メンバーアカウントからは変更できないため、管理アカウントに修正を依頼してください。log-alarms ステップにはロググループを渡しません。');
    expect(eu!.skipped).toBe('ホームリージョンが eu-west-1 のマルチリージョン証跡 eu-trail がこのアカウントの API コールを記録し、arn:aws:logs:eu-west-1:123456789012:log-group:trail:* に配信しています。'
      + 'その証跡に対するアラームは eu-west-1 に置くものなので、ここでは log-alarms ステップにロググループを渡しません。');
    for (const plan of [org!, eu!]) for (const text of shown(plan)) expect(englishLeft(text)).toEqual([]);
  });

  it('asks and validates in Japanese', () => {
    const ja = withLanguage('ja', () => {
      const questions = step.inputs!.questions({ trails: [], logGroups: [] }, {});
      const issues = (section: Record<string, unknown>) => {
        const result = step.inputs!.schema.safeParse(section);
        return result.success ? [] : result.error.issues.map((i) => i.message);
      };
      return {
        questions: questions.map((q) => q.message),
        answers: [questions[0]!.validate!('0'), questions[1]!.validate!('366'), questions[1]!.validate!('a year')],
        issues: [
          ...issues({ trailName: 'my trail' }), ...issues({ trailName: 'a--b' }), ...issues({ logGroupName: 'aws/trail' }), ...issues({ logGroupName: 'bad name' }),
          ...issues({ bucketRetentionDays: 40_000 }), ...issues({ bucketRetentionDays: 1.5 }),
        ],
      };
    });
    expect(ja.questions).toEqual(['証跡のログファイルを S3 に何日間保持しますか?', '証跡のイベントを CloudWatch Logs に何日間保持しますか (AWS が定める期間のいずれか。例: 90、365、731、3653)?']);
    expect(ja.answers).toEqual([
      'ログファイルは 1 日以上保持してください',
      'CloudWatch Logs の保持期間に指定できる日数は次のいずれかだけです: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
      '日数を指定してください',
    ]);
    expect(ja.issues).toEqual([
      '証跡名は 3～128 文字の英字、数字、ピリオド、アンダースコア、ハイフンで、先頭と末尾は英字か数字にしてください',
      '証跡名にピリオド、アンダースコア、ハイフンを 2 つ続けることはできません',
      "ロググループ名を 'aws/' で始めることはできません",
      'ロググループ名は 1～512 文字の英字、数字と . - _ / # にしてください',
      '最大 36500 日 (100 年) です',
      '日数は整数で指定してください',
    ]);
    for (const text of [...ja.questions, ...ja.answers as string[], ...ja.issues]) expect(englishLeft(text)).toEqual([]);
    // The same schema answers in English again afterwards.
    expect(step.inputs!.questions({ trails: [], logGroups: [] }, {})[1]!.validate!('a year')).toBe('expected a number of days');
  });

  it('writes its undo records in Japanese (the manual text names the command) and keeps their data', async () => {
    const { ctx } = simEnv();
    setLanguage('ja');
    let undos: CloudTrailUndo[];
    try {
      const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
      undos = [];
      for (const change of plan.changes) undos.push(await step.apply(ctx(), change, inputs()));
    } finally {
      setLanguage('en');
    }
    expect(undos.map((u) => [u.kind, u.description])).toEqual([
      ['keep-bucket', `S3 バケット ${BUCKET} (この実行で作成) を証跡のログファイルとともに残す`],
      ['keep-log-group', `CloudWatch Logs のロググループ ${LOG_GROUP} (この実行で作成) を証跡のイベントとともに残す`],
      ['delete-role', `ロール ${ROLE} (この実行で作成) を削除する`],
      ['restore-role-policy', `ロール ${ROLE} から配信権限を削除する`],
      ['delete-trail', `証跡 ${TRAIL} (この実行で作成) を削除する (ログファイルは s3://${BUCKET} に残る)`],
      ['stop-logging', `証跡 ${TRAIL} のログ記録を停止する`],
    ]);
    const manual = undos.flatMap((u) => ('manual' in u ? [u.manual] : []));
    expect(manual).toEqual([
      `S3 バケット ${BUCKET} には証跡のログファイルが保存されています。ログファイルは証拠になるため、undo では削除しません。不要になったら、バケットを空にしてから削除してください: \`aws s3 rb s3://${BUCKET} --force --region ${HOME}\``,
      `CloudWatch Logs のロググループ ${LOG_GROUP} には証跡のイベントが保存されています。イベントは証拠になるため、undo では削除しません。不要になったら削除してください: \`aws logs delete-log-group --log-group-name ${LOG_GROUP} --region ${HOME}\``,
    ]);
    // The command is a command: `aws logs delete-log-group`.
    for (const text of [...undos.map((u) => u.description), ...manual]) expect(englishLeft(text, ['aws logs'])).toEqual([]);
    expect(undos.find((u) => u.kind === 'delete-trail')).toMatchObject({ trailArn: trailArn(), change: { action: 'create-trail', name: TRAIL, bucket: BUCKET } });
  });

  it('describes drift in Japanese', async () => {
    const { ctx } = simEnv();
    const undos: CloudTrailUndo[] = [];
    const plan = step.plan(await step.observe(ctx()), inputs(), planCtx);
    for (const change of plan.changes) undos.push(await step.apply(ctx(), change, inputs()));
    const after = await step.observe(ctx());
    const of = <K extends CloudTrailUndo['kind']>(kind: K) => undos.find((u) => u.kind === kind) as Extract<CloudTrailUndo, { kind: K }>;
    const record = (undo: CloudTrailUndo) => undo;
    const trailNow = after.trails[0]!;
    const ja = withLanguage('ja', () => [
      step.undoDrift!({ ...after, trails: [], role: undefined }, of('delete-trail')),
      step.undoDrift!({ ...after, role: undefined }, of('delete-role')),
      step.undoDrift!({ ...after, role: { ...after.role!, otherPolicies: ['extra'] } }, of('delete-role')),
      step.undoDrift!({ ...after, role: { ...after.role!, deliveryPolicy: '{"Version":"2012-10-17","Statement":[]}' } }, of('restore-role-policy')),
      step.undoDrift!({ ...after, trails: [{ ...trailNow, logging: false }] }, of('stop-logging')),
      step.undoDrift!({ ...after, trails: [{ ...trailNow, bucket: 'elsewhere', logGroupArn: undefined }] }, of('delete-trail')),
      step.undoDrift!({ ...after, trails: [{ ...trailNow, multiRegion: false }] }, record({ kind: 'restore-trail', description: '', change: { action: 'update-trail', trailArn: trailNow.arn, name: TRAIL, set: { IsMultiRegionTrail: true }, previous: { IsMultiRegionTrail: false } } })),
      step.undoDrift!({ ...after, trails: [{ ...trailNow, selectors: { basic: [] } }] }, record({ kind: 'restore-event-selectors', description: '', change: { action: 'put-event-selectors', trailArn: trailNow.arn, name: TRAIL, selectors: ALL_MANAGEMENT, previous: { basic: [] } } })),
      step.undoDrift!({ ...after, role: { ...after.role!, trust: '{"Version":"2012-10-17","Statement":[]}' } }, record({ kind: 'restore-role-trust', description: '', change: { action: 'update-role-trust', trust: after.role!.trust, previous: '{}' } })),
      step.undoDrift!(after, record({ kind: 'restore-retention', description: '', change: { action: 'set-retention', name: LOG_GROUP, retentionInDays: 90 } })),
      step.undoDrift!({ ...after, logGroups: [] }, record({ kind: 'restore-retention', description: '', change: { action: 'set-retention', name: LOG_GROUP, retentionInDays: 90 } })),
      step.undoDrift!({ ...after, bucket: undefined }, record({ kind: 'restore-bucket-setting', description: '', change: { action: 'bucket-setting', bucket: BUCKET, setting: 'lifecycle', value: [], previous: undefined } })),
      step.undoDrift!(after, record({ kind: 'restore-bucket-setting', description: '', change: { action: 'bucket-setting', bucket: BUCKET, setting: 'policy', value: '{}', previous: undefined } })),
    ]);
    expect(ja).toEqual([
      `証跡 ${TRAIL} はもう存在しない`,
      `ロール ${ROLE} はもう存在しない`,
      `ロール ${ROLE} にはこの実行の後にほかのポリシーが付けられている: extra`,
      `ロール ${ROLE} の配信権限はこの実行の後に変更されている`,
      `証跡 ${TRAIL} のログ記録はこの実行の後に停止されている`,
      `証跡 ${TRAIL} の配信先は現在 s3://elsewhere と ロググループなし (この実行で設定したのは s3://${BUCKET} と ${groupArn()})`,
      `証跡 ${TRAIL} はこの実行の後に変更されている (IsMultiRegionTrail)`,
      `証跡 ${TRAIL} のイベントセレクターはこの実行の後に変更されている`,
      `ロール ${ROLE} の信頼ポリシーはこの実行の後に変更されている`,
      `ロググループ ${LOG_GROUP} のイベントの保持期間は現在 365 日 (この実行で設定したのは 90 日)`,
      `ロググループ ${LOG_GROUP} はもう存在しない`,
      `バケット ${BUCKET} はもう存在しない`,
      `バケット ${BUCKET} のバケットポリシーはこの実行の後に変更されている`,
    ]);
    for (const text of ja) expect(englishLeft(text!)).toEqual([]);
  });

  it('has no English left in the texts of its catalogues and those of the modules it shares', () => {
    const mine = ['cloudtrail', 'cloudtrail-plan', 'cloudtrail-aws', 'log-bucket', 'log-bucket-aws'];
    const found = catalogues();
    for (const name of mine) {
      const catalogue = found.get(name);
      expect(catalogue, name).toBeDefined();
      for (const text of strings(catalogue!.ja)) expect(englishLeft(text), `${name}: ${text}`).toEqual([]);
    }
  });
});
