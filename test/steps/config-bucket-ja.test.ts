/** config-bucket in Japanese: the plan with its cost, validation, undo records, drift and errors, with no English left. */
import { describe, expect, it } from 'vitest';
import step, { type ConfigBucketState, type ConfigBucketUndo } from '../../steps/config-bucket.js';
import type { ObservedBucket } from '../../steps/shared/log-bucket.js';
import { catalogues, setLanguage, withLanguage, type Entry } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';

const ACCOUNT = '123456789012';
const NAME = `aws-bootstrap-config-${ACCOUNT}-us-east-1`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const planCtx = { accountId: ACCOUNT, partition: 'aws', region: 'us-east-1' };
const inputs = (section: Record<string, unknown> = {}) => step.inputs!.schema.parse(section);

function strings(entry: Entry): string[] {
  if (typeof entry === 'string') return [entry];
  if (typeof entry === 'function') return [];
  if (Array.isArray(entry)) return [...entry];
  return Object.values(entry as Record<string, Entry>).flatMap(strings);
}

/** Every text a plan shows (readable before/after values; JSON is data). */
function shown(plan: ReturnType<typeof step.plan>): string[] {
  const readable = (v: unknown) => (typeof v === 'string' && !v.startsWith('{') ? [v] : []);
  return [...plan.changes.flatMap((c) => [c.summary, ...readable(c.before), ...readable(c.after)]), ...(plan.notes ?? [])];
}

describe('config-bucket in Japanese', () => {
  it('plans the bucket and the service-linked role with the cost in Japanese', () => {
    const fresh = withLanguage('ja', () => step.plan({}, inputs(), planCtx));
    expect(fresh.changes.map((c) => c.summary)).toEqual([
      `AWS Config の設定スナップショットと設定履歴ファイルを保存する S3 バケット ${NAME} を作成する`,
      'AWS Config が記録に使うサービスにリンクされたロール AWSServiceRoleForConfig を作成する',
    ]);
    expect(fresh.changes[0]!.after).toMatch(new RegExp(`、AWSLogs/${ACCOUNT}/Config/ に書き込めるのはアカウント ${ACCOUNT} の AWS Config のみ、オブジェクトは 365 日後に削除。タグ: `));
    expect(fresh.changes[1]).toMatchObject({ before: 'ロールなし', after: expect.stringMatching(new RegExp(`^${ROLE}: AWS Config だけが使用でき、AWS 管理ポリシー AWSConfigServiceRolePolicy`)) });
    expect(fresh.notes).toEqual([
      '有効なすべてのリージョンの AWS Config がこの 1 つのバケットに配信します。料金: ファイルの S3 ストレージ (S3 Standard、us-east-1 で 1 GB・月あたり約 USD 0.023、保持期間 365 日)。操作の少ないアカウントでは、Config のファイルは月に数 MB です。',
      'undo ではバケットを残します。Config が配信したものは証拠になるためです。手動で削除する方法は undo が表示します。',
    ]);
    // Payloads are data: the same in both languages.
    expect(fresh.changes.map((c) => c.payload)).toEqual(step.plan({}, inputs(), planCtx).changes.map((c) => c.payload));

    const open: ObservedBucket = { name: NAME, ownership: 'ObjectWriter', encryption: [] };
    const existing = withLanguage('ja', () => step.plan({ bucket: open, role: { arn: ROLE, tags: {} } }, inputs({ retentionDays: 90 }), planCtx));
    expect(existing.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
      [`バケット ${NAME} のブロックパブリックアクセスを有効にする`, '設定なし', '4 つの設定すべてが有効'],
      [`バケット ${NAME} の ACL を無効にする (バケット所有者の強制)`, 'ObjectWriter', 'BucketOwnerEnforced'],
      [`バケット ${NAME} のデフォルトの暗号化 (SSE-S3) を有効にする`, 'なし', 'SSE-S3'],
      [`バケット ${NAME} に書き込めるのを AWS Config だけにし、HTTPS のみを許可する`, 'バケットポリシーなし', `AWSLogs/${ACCOUNT}/Config/ に書き込めるのはアカウント ${ACCOUNT} の AWS Config のみ、HTTP は拒否`],
      [`バケット ${NAME} のオブジェクトを 90 日後に削除する`, '無期限に保持', '90 日後'],
    ]);
    for (const text of [...shown(fresh), ...shown(existing), withLanguage('ja', () => step.title), withLanguage('ja', () => step.why)]) expect(englishLeft(text)).toEqual([]);
  });

  it('asks and refuses bad input in Japanese', () => {
    const ja = withLanguage('ja', () => {
      const problems = (section: Record<string, unknown>) => step.inputs!.schema.safeParse(section).error?.issues.map((i) => i.message) ?? [];
      const [question] = step.inputs!.questions({}, {});
      return [question!.message, question!.validate!('0'), ...problems({ retentionDays: 'a year' }), ...problems({ retentionDays: 1.5 }), ...problems({ retentionDays: 40_000 })];
    });
    expect(ja).toEqual([
      'AWS Config の設定スナップショットと設定履歴のファイルを S3 に何日間保持しますか?',
      'ファイルは 1 日以上保持してください',
      '日数を指定してください',
      '日数は整数で指定してください',
      '最大 36500 日 (100 年) です',
    ]);
    for (const text of ja) expect(englishLeft(text!)).toEqual([]);
  });

  it('writes its undo records, drift and errors in Japanese', async () => {
    const { sim, ctx } = simEnv();
    const { client, sdk } = await ctx().aws.use('s3');
    setLanguage('ja');
    let undos: ConfigBucketUndo[];
    let failure: string;
    let drift: Array<string | undefined>;
    try {
      undos = [];
      for (const change of step.plan(await step.observe(ctx()), inputs(), planCtx).changes) undos.push(await step.apply(ctx(), change, inputs()));
      // A setting put back by undo: the bucket made by another run of this step, without its lifecycle rule.
      await client.send(new sdk.DeleteBucketLifecycleCommand({ Bucket: NAME }));
      const [lifecycle] = step.plan(await step.observe(ctx()), inputs(), planCtx).changes;
      undos.push(await step.apply(ctx(), lifecycle!, inputs()));
      await client.send(new sdk.DeleteBucketLifecycleCommand({ Bucket: NAME }));
      const now: ConfigBucketState = await step.observe(ctx());
      drift = [step.undoDrift!(now, undos[2]!), step.undoDrift!({}, undos[1]!), step.undoDrift!(now, undos[1]!, { runId: 'another-run' })];
      sim.state.regional['eu-west-1']!.configRecorders = [{ name: 'default', arn: 'arn:aws:config:eu-west-1:123456789012:configuration-recorder/default/x', roleARN: ROLE, recording: true }];
      failure = await step.undo!(ctx(), undos[1]!).then(() => '', (error: Error) => error.message);
    } finally {
      setLanguage('en');
    }
    expect(undos.map((u) => [u.kind, u.description])).toEqual([
      ['keep-bucket', `S3 バケット ${NAME} (この実行で作成) を AWS Config が配信したファイルとともに残す`],
      ['delete-service-linked-role', 'サービスにリンクされたロール AWSServiceRoleForConfig (この実行で作成) を、それを使う Config レコーダーがなくなったら削除する'],
      ['restore-bucket-setting', `バケット ${NAME} のライフサイクルルールを元に戻す`],
    ]);
    const manual = undos[0]!.kind === 'keep-bucket' ? undos[0]!.manual : '';
    expect(manual).toBe(`S3 バケット ${NAME} には AWS Config の設定スナップショットと設定履歴が保存されています。これらは証拠になるため、undo では削除しません。不要になったら、バケットを空にしてから削除してください: \`aws s3 rb s3://${NAME} --force --region us-east-1\``);
    expect(drift.slice(0, 2)).toEqual([`バケット ${NAME} のライフサイクルルールはこの実行の後に変更されている`, 'ロール AWSServiceRoleForConfig はもう存在しない']);
    // The tag check's sentence is src/core/tags.ts's; the role is named in Japanese inside it.
    expect(drift[2]).toContain('ロール AWSServiceRoleForConfig');
    expect(failure).toMatch(/^IAM はロール AWSServiceRoleForConfig を削除しませんでした: .* \(使用箇所: eu-west-1: arn:aws:config:eu-west-1:123456789012:configuration-recorder\/default\/x\)。まだ使っているものを削除または変更してから、もう一度 undo を実行してください$/);
    // AWS's own reason (in English) is quoted as AWS gives it: only the sentence around it is checked.
    for (const text of [...undos.map((u) => u.description), manual, drift[0]!, drift[1]!, failure.replace(/: .* \(使用箇所/, ' (使用箇所')]) expect(englishLeft(text)).toEqual([]);
  });

  it('has no English left in the texts of its catalogue', () => {
    for (const text of strings(catalogues().get('config-bucket')!.ja)) expect(englishLeft(text), text).toEqual([]);
  });
});
