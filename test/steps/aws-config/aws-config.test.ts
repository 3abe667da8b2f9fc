/** aws-config: the plan (pure), and its apply, undo and drift against the simulated account, one change at a time. */
import { describe, expect, it } from 'vitest';
import step, { NETWORK_RESOURCE_TYPES, wantedGroup, wantedMode, type AwsConfigUndo } from '../../../steps/aws-config/aws-config.js';
import bucketStep from '../../../steps/config-bucket.js';
import type { AwsConfigState, ObservedRecorder } from '../../../steps/aws-config/aws.js';
import { setLanguage, withLanguage } from '../../../src/i18n/index.js';
import { tagsText } from '../../../src/core/tags.js';
import { englishLeft } from '../../support/english.js';
import { simEnv } from '../../support/sim.js';

const ACCOUNT = '123456789012';
const BUCKET = `aws-bootstrap-config-${ACCOUNT}-us-east-1`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const provided = { 'config-bucket': { bucketName: BUCKET, roleArn: ROLE, homeRegion: 'us-east-1' } };
const ctxIn = (region: string) => ({ accountId: ACCOUNT, partition: 'aws', region, provided });
const inputs = (section: Record<string, unknown> = {}) => step.inputs!.schema.parse(section);
const plan = (state: AwsConfigState, region = 'eu-west-1', section: Record<string, unknown> = {}) => step.plan(state, inputs(section), ctxIn(region));

const recorder = (extra: Partial<ObservedRecorder> = {}): ObservedRecorder => ({
  name: 'default', roleARN: ROLE, recordingGroup: wantedGroup(false), recordingMode: wantedMode(true), recording: true, ...extra,
});
const channel = { name: 'default', s3BucketName: BUCKET };

describe('aws-config: the plan', () => {
  it('fresh region: a recorder of every type (IAM left out), network resources daily, a channel to the bucket, recording', () => {
    const p = plan({});
    expect(p.changes.map((c) => [c.summary, c.after])).toEqual([
      ['Create the configuration recorder "default"', 'all resource types, IAM left out; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC; with the service-linked role AWSServiceRoleForConfig; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>'],
      [`Deliver Config's snapshots and history to s3://${BUCKET}`, `delivery channel "default" to s3://${BUCKET}`],
      ['Start recording with the configuration recorder "default"', 'recording'],
    ]);
    expect(p.changes[0]!.payload).toEqual({
      action: 'create-recorder',
      recorder: {
        name: 'default',
        roleARN: ROLE,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: false, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
        recordingMode: {
          recordingFrequency: 'CONTINUOUS',
          recordingModeOverrides: [{ description: expect.stringMatching(/checklist item 17/), resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkInterface'], recordingFrequency: 'DAILY' }],
        },
      },
    });
    expect(p.notes!.join(' ')).toMatch(/USD 0\.003 per item recorded continuously, USD 0\.012 per item recorded daily.*aws\.amazon\.com\/config\/pricing/);
  });

  it('records the global IAM types in the home region only (and says why there)', () => {
    const home = plan({}, 'us-east-1');
    expect(home.changes[0]!.after).toMatch(/^all resource types, IAM included;/);
    expect(home.notes!.join(' ')).toMatch(/recorded in the home region \(us-east-1\) only/);
    expect(plan({}).notes!.join(' ')).not.toMatch(/IAM/);
    // In a region Config reached after February 2022, Config cannot record them: said, not attempted.
    const late = step.plan({}, inputs(), { ...ctxIn('eu-central-2'), provided: { 'config-bucket': { ...provided['config-bucket'], homeRegion: 'eu-central-2' } } });
    expect(late.changes[0]!.after).toMatch(/IAM left out/);
    expect(late.notes!.join(' ')).toMatch(/cannot record the global IAM resource types in eu-central-2/);
  });

  it('dailyForNetworkResources: false records everything continuously', () => {
    expect(plan({}, 'eu-west-1', { dailyForNetworkResources: false }).changes[0]!.after).toMatch(/IAM left out; continuous; with/);
    expect(plan({ recorder: recorder(), channel }, 'eu-west-1', { dailyForNetworkResources: false }).changes.map((c) => [c.summary, c.before, c.after])).toEqual([
      ['Change what the configuration recorder "default" records', 'all resource types, IAM left out; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC', 'all resource types, IAM left out; continuous'],
    ]);
  });

  it('compliant: nothing to do, nothing to say', () => {
    expect(plan({ recorder: recorder(), channel })).toEqual({ changes: [], notes: [] });
    // The same daily set, written as separate overrides in another order, is the same.
    const split = { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [...NETWORK_RESOURCE_TYPES].reverse().map((t) => ({ resourceTypes: [t], recordingFrequency: 'DAILY' })) };
    expect(plan({ recorder: recorder({ recordingMode: split }), channel }).changes).toEqual([]);
  });

  it('adopts a stopped recorder of another name and role: keeps both, starts it, and fixes what it records', () => {
    const theirs = recorder({ name: 'theirs', roleARN: `arn:aws:iam::${ACCOUNT}:role/my-config-role`, recording: false, recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } } });
    const p = plan({ recorder: theirs, channel });
    expect(p.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
      ['Change what the configuration recorder "theirs" records', 'only AWS::S3::Bucket; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC', 'all resource types, IAM left out; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC'],
      ['Start recording with the configuration recorder "theirs"', 'stopped', 'recording'],
    ]);
    expect(p.changes[0]!.payload).toMatchObject({ recorder: { name: 'theirs', roleARN: `arn:aws:iam::${ACCOUNT}:role/my-config-role` }, previous: { recordingGroup: theirs.recordingGroup } });
    expect(p.notes![0]).toBe('Adopting the existing configuration recorder "theirs" (Config allows one per region): its name and role stay.');
    expect(step.provides!({ recorder: theirs, channel }, inputs(), ctxIn('eu-west-1'))).toEqual({ recorderName: 'theirs' });
  });

  it('points an existing channel at the bucket (without a key prefix its policy does not cover), keeping its other settings', () => {
    const elsewhere = { name: 'mine', s3BucketName: 'old-bucket', s3KeyPrefix: 'config', snsTopicARN: `arn:aws:sns:eu-west-1:${ACCOUNT}:t` };
    const [change] = plan({ recorder: recorder(), channel: elsewhere }).changes;
    expect([change!.summary, change!.before, change!.after]).toEqual([`Point the delivery channel "mine" at s3://${BUCKET}`, 's3://old-bucket/config', `s3://${BUCKET}`]);
    expect(change!.payload).toEqual({ action: 'update-channel', channel: { name: 'mine', s3BucketName: BUCKET, snsTopicARN: elsewhere.snsTopicARN }, previous: elsewhere });
  });

  it('says so when an adopted recorder\'s deliveries fail', () => {
    expect(plan({ recorder: recorder({ lastStatus: 'Failure', lastErrorCode: 'NoSuchBucketException' }), channel }).notes).toEqual([
      "The recorder's last delivery failed (NoSuchBucketException): check the delivery channel's bucket and the recorder's role.",
    ]);
  });

  it('cannot plan without the config-bucket step, and refuses bad input', () => {
    expect(() => step.plan({}, inputs(), { accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1' })).toThrow(/needs the config-bucket step/);
    const problems = (section: Record<string, unknown>) => step.inputs!.schema.safeParse(section).error?.issues.map((i) => i.message);
    expect(problems({ dailyForNetworkResources: 'yes' })).toEqual(['expected true or false']);
    expect(problems({ daily: true })).toEqual([expect.stringMatching(/daily/)]);
  });
});

describe('aws-config: apply, undo and drift against the simulated account', () => {
  /** An account with config-bucket's work done (bucket, policy, role spread). */
  async function ready() {
    const env = simEnv();
    const bucketInputs = bucketStep.inputs!.schema.parse({});
    const bucketCtx = env.ctx('us-east-1');
    for (const change of bucketStep.plan(await bucketStep.observe(bucketCtx), bucketInputs, bucketCtx).changes) await bucketStep.apply(bucketCtx, change, bucketInputs);
    delete env.sim.state.spreadingRoles;
    env.sim.calls.length = 0;
    const ctx = (region = 'eu-west-1') => ({ ...env.ctx(region), provided });
    const applyAll = async (region = 'eu-west-1', section: Record<string, unknown> = {}) => {
      const undos: AwsConfigUndo[] = [];
      for (const change of step.plan(await step.observe(ctx(region)), inputs(section), ctx(region)).changes) undos.push(await step.apply(ctx(region), change, inputs(section)));
      return undos;
    };
    return { ...env, ctx, applyAll };
  }

  it('fresh: recorder, channel, recording; then compliant; undo stops, deletes the channel, deletes the recorder', async () => {
    const { sim, ctx, applyAll } = await ready();
    const undos = await applyAll();
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder']);
    expect(undos.map((u) => u.kind)).toEqual(['delete-recorder', 'delete-channel', 'stop-recorder']);
    const state = await step.observe(ctx());
    expect(state).toMatchObject({ recorder: { name: 'default', recording: true, lastStatus: 'Success' }, channel: { name: 'default', s3BucketName: BUCKET } });
    expect(step.plan(state, inputs(), ctx()).changes).toEqual([]);
    for (const undo of [...undos].reverse()) {
      expect(step.undoDrift!(await step.observe(ctx()), undo)).toBeUndefined();
      await step.undo!(ctx(), undo);
    }
    expect(await step.observe(ctx())).toEqual({});
  });

  it('adopts a recorder someone made between the plan and the apply (MaxNumberOfConfigurationRecordersExceededException), and undo puts its settings back', async () => {
    const { sim, ctx } = await ready();
    const [create, channelChange, start] = step.plan(await step.observe(ctx()), inputs(), ctx()).changes;
    const { client, sdk } = await ctx().aws.use('config');
    await client.send(new sdk.PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'theirs', roleARN: ROLE, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }));
    const undo = await step.apply(ctx(), create!, inputs());
    expect(undo).toMatchObject({ kind: 'restore-recorder', name: 'theirs', previous: { name: 'theirs', recordingGroup: { includeGlobalResourceTypes: true } } });
    expect(sim.state.regional['eu-west-1']!.configRecorders).toMatchObject([{ name: 'theirs', recordingGroup: { includeGlobalResourceTypes: false }, recordingMode: { recordingModeOverrides: [{ recordingFrequency: 'DAILY' }] } }]);
    // The start planned for "default" starts the recorder that is there, and its undo stops that one.
    await step.apply(ctx(), channelChange!, inputs());
    expect(await step.apply(ctx(), start!, inputs())).toMatchObject({ kind: 'stop-recorder', name: 'theirs' });
    expect(sim.state.regional['eu-west-1']!.configRecorders).toMatchObject([{ name: 'theirs', recording: true }]);
    sim.state.regional['eu-west-1']!.configRecorders![0]!.recording = false;
    await step.undo!(ctx(), undo);
    expect(sim.state.regional['eu-west-1']!.configRecorders).toMatchObject([{ name: 'theirs', recordingGroup: { includeGlobalResourceTypes: true }, recordingMode: { recordingModeOverrides: [] } }]);
  });

  it('a channel someone made between the plan and the apply is pointed at the bucket, and undo points it back', async () => {
    const { sim, ctx, applyAll } = await ready();
    const [recorderChange, channelChange] = step.plan(await step.observe(ctx()), inputs(), ctx()).changes;
    await step.apply(ctx(), recorderChange!, inputs());
    const { client, sdk } = await ctx().aws.use('config');
    await client.send(new sdk.PutDeliveryChannelCommand({ DeliveryChannel: { name: 'theirs', s3BucketName: BUCKET, configSnapshotDeliveryProperties: { deliveryFrequency: 'One_Hour' } } }));
    const undo = await step.apply(ctx(), channelChange!, inputs());
    expect(undo).toMatchObject({ kind: 'restore-channel', name: 'theirs' });
    expect(sim.state.regional['eu-west-1']!.deliveryChannels).toEqual([{ name: 'theirs', s3BucketName: BUCKET, configSnapshotDeliveryProperties: { deliveryFrequency: 'One_Hour' } }]);
    expect((await applyAll()).map((u) => u.kind)).toEqual(['stop-recorder']);
  });

  it('drift: a recorder stopped, re-scoped or deleted since, a channel pointed elsewhere', async () => {
    const { sim, ctx, applyAll } = await ready();
    const [deleteRecorder, deleteChannel, stop] = await applyAll();
    const region = sim.state.regional['eu-west-1']!;
    region.configRecorders![0]!.recording = false;
    region.configRecorders![0]!.recordingGroup = { ...region.configRecorders![0]!.recordingGroup, includeGlobalResourceTypes: true };
    region.deliveryChannels![0]!.s3BucketName = 'elsewhere';
    const state = await step.observe(ctx());
    expect(step.undoDrift!(state, stop!)).toBe('the configuration recorder "default" was stopped since this run');
    expect(step.undoDrift!(state, deleteRecorder!)).toBe('what the configuration recorder "default" records was changed since this run (now: all resource types, IAM included; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC)');
    expect(step.undoDrift!(state, deleteChannel!)).toBe(`the delivery channel "default" now delivers to s3://elsewhere (this run set s3://${BUCKET})`);
    region.configRecorders = [];
    region.deliveryChannels = [];
    const gone = await step.observe(ctx());
    expect([stop, deleteRecorder, deleteChannel].map((u) => step.undoDrift!(gone, u!))).toEqual([
      'the configuration recorder "default" no longer exists', 'the configuration recorder "default" no longer exists', 'the delivery channel "default" no longer exists',
    ]);
  });
});

describe('aws-config: in Japanese (issue 12)', () => {
  const shownIn = (p: ReturnType<typeof plan>) => [...p.changes.flatMap((c) => [c.summary, String(c.before), String(c.after)]), ...(p.notes ?? [])];

  it('plans in Japanese, the cost before anything is recorded included, with no English left', () => {
    const ja = withLanguage('ja', () => ({
      title: step.title,
      why: step.why,
      home: plan({}, 'us-east-1'),
      late: step.plan({}, inputs(), { ...ctxIn('eu-central-2'), provided: { 'config-bucket': { ...provided['config-bucket'], homeRegion: 'eu-central-2' } } }),
      adopted: plan({ recorder: recorder({ name: 'theirs', recording: false, lastStatus: 'Failure', lastErrorCode: 'NoSuchBucketException', recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] } }), channel: { name: 'mine', s3BucketName: 'old-bucket' } }),
      error: step.inputs!.schema.safeParse({ dailyForNetworkResources: 'yes' }).error!.issues[0]!.message,
      daily: wantedMode(true).recordingModeOverrides![0]!.description,
    }));
    expect(ja.title).toBe('AWS Config がリソースの変更を記録する');
    expect(ja.home.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
      ['設定レコーダー「default」を作成する', '設定レコーダーなし', `すべてのリソースタイプ (IAM を含む)、継続的、日次: NetworkInterface, SecurityGroup, Subnet, VPC、サービスにリンクされたロール AWSServiceRoleForConfig を使用、タグ ${withLanguage('ja', () => tagsText(undefined))}`],
      [`Config のスナップショットと履歴を s3://${BUCKET} に配信する`, '配信チャネルなし', `s3://${BUCKET} への配信チャネル「default」`],
      ['設定レコーダー「default」で記録を開始する', '記録していない', '記録中'],
    ]);
    expect(ja.home.notes).toContain('料金: AWS Config は記録する設定項目ごとに課金されます。継続的に記録する項目は 1 件あたり 0.003 USD、日次で記録する項目は 1 件あたり 0.012 USD です (us-east-1 とほとんどのリージョンの AWS の料金表による。ご利用のリージョンは aws.amazon.com/config/pricing を参照してください)。'
      + '記録は既存のリソースごとに 1 件 (デフォルト VPC でおよそ 12 件) から始まり、その後は変更ごとに 1 件です。変更の少ないアカウントならリージョンあたり月に数セントですが、変更の多いアカウント (Auto Scaling、コンテナ、VPC 内の Lambda) でははるかに多くかかります。日次で記録するネットワークリソースは、どれほど頻繁に変わってもそれぞれ 1 日最大 1 件です。');
    expect(ja.late.notes!.join('\n')).toMatch(/Config は eu-central-2 \(2022 年 2 月より後に追加されたリージョン\) ではグローバル IAM リソースタイプを記録できません/);
    expect(ja.adopted.changes.map((c) => c.summary)).toEqual(['設定レコーダー「theirs」の記録対象を変更する', `配信チャネル「mine」の配信先を s3://${BUCKET} にする`, '設定レコーダー「theirs」で記録を開始する']);
    expect(ja.adopted.changes[0]!.before).toBe('AWS::S3::Bucket のみ、継続的、日次: NetworkInterface, SecurityGroup, Subnet, VPC');
    expect(ja.adopted.notes!.slice(0, 2)).toEqual([
      '既存の設定レコーダー「theirs」を採用します (Config ではリージョンごとに 1 つだけです)。名前とロールはそのままです。',
      'レコーダーの前回の配信は失敗しました (NoSuchBucketException)。配信チャネルのバケットとレコーダーのロールを確認してください。',
    ]);
    expect(ja.error).toBe('true か false を指定してください');
    // Sent into the account in the run's language; not compared, so a run in the other language leaves it.
    expect(ja.daily).toBe('ネットワークリソースは頻繁に変わるため 1 日 1 回記録 (aws-bootstrap、チェックリスト項目 17)');
    for (const text of [ja.title, ja.why, ...shownIn(ja.home), ...shownIn(ja.late), ...shownIn(ja.adopted), ja.error, ja.daily!]) {
      expect(englishLeft(text, ['Auto Scaling']), text).toEqual([]);
    }
  });

  it('writes its undo records and reports drift in Japanese', async () => {
    const env = simEnv();
    const bucketInputs = bucketStep.inputs!.schema.parse({});
    const bucketCtx = env.ctx('us-east-1');
    for (const change of bucketStep.plan(await bucketStep.observe(bucketCtx), bucketInputs, bucketCtx).changes) await bucketStep.apply(bucketCtx, change, bucketInputs);
    delete env.sim.state.spreadingRoles;
    const ctx = { ...env.ctx('eu-west-1'), provided };
    setLanguage('ja');
    try {
      const undos: AwsConfigUndo[] = [];
      for (const change of step.plan(await step.observe(ctx), inputs(), ctx).changes) undos.push(await step.apply(ctx, change, inputs()));
      expect(undos.map((u) => u.description)).toEqual([
        'eu-west-1 の設定レコーダー「default」を削除する (この実行で作成したもの。記録した内容はバケットに残る)',
        'eu-west-1 の配信チャネル「default」を削除する (この実行で作成したもの)',
        'eu-west-1 の設定レコーダー「default」を停止する',
      ]);
      const region = env.sim.state.regional['eu-west-1']!;
      region.configRecorders![0]!.recording = false;
      region.deliveryChannels![0]!.s3BucketName = 'elsewhere';
      const state = await step.observe(ctx);
      const drift = [step.undoDrift!(state, undos[2]!), step.undoDrift!(state, undos[1]!), step.undoDrift!({}, undos[0]!), step.undoDrift!(state, undos[0]!, { runId: 'another-run' })];
      expect(drift.slice(0, 3)).toEqual([
        '設定レコーダー「default」はこの実行の後に停止された',
        `配信チャネル「default」は現在 s3://elsewhere に配信している (この実行で設定したのは s3://${BUCKET})`,
        '設定レコーダー「default」はもう存在しない',
      ]);
      expect(drift[3]).toMatch(/^設定レコーダー「default」/);
      for (const text of [...undos.map((u) => u.description), ...drift.slice(0, 3).map(String)]) expect(englishLeft(text), text).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});
