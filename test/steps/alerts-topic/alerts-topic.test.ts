import { describe, expect, it } from 'vitest';
import step, { type AlertsTopicInputs, type AlertsTopicState, type ObservedSubscription, type ObservedTopic } from '../../../steps/alerts-topic/alerts-topic.js';
import { alertsTopicPolicy } from '../../../steps/shared/topic-policy.js';
import { formatIssues } from '../../../src/validate.js';
import { withLanguage } from '../../../src/i18n/index.js';
import { englishLeft } from '../../support/english.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };
const NAME = 'aws-bootstrap-alerts';
const ARN = `arn:aws:sns:eu-west-1:123456789012:${NAME}`;
const POLICY = JSON.stringify(alertsTopicPolicy({ ...planCtx, topicArn: ARN }));
const inputs = (section: Record<string, unknown> = {}): AlertsTopicInputs => step.inputs!.schema.parse({ emails: ['a@example.com'], ...section });

function issuesOf(section: Record<string, unknown>): string[] {
  const result = step.inputs!.schema.safeParse(section);
  if (result.success) throw new Error(`expected ${JSON.stringify(section)} to be rejected`);
  return formatIssues(result.error, 'alerts-topic');
}

const confirmed = (endpoint: string, protocol = 'email'): ObservedSubscription => ({ arn: `${ARN}:0000000${endpoint.length}-0000-4000-8000-000000000001`, protocol, endpoint });
const pending = (endpoint: string): ObservedSubscription => ({ arn: 'PendingConfirmation', protocol: 'email', endpoint });
const topic = (fields: Partial<ObservedTopic> = {}): ObservedTopic => ({ arn: ARN, name: NAME, policy: POLICY, subscriptions: [confirmed('a@example.com')], tags: {}, ...fields });
const stateWith = (...topics: ObservedTopic[]): AlertsTopicState => ({ topics });
const actions = (state: AlertsTopicState, given = inputs()) => step.plan(state, given, planCtx).changes.map((c) => c.payload.action);

describe('alerts-topic inputs', () => {
  it('names the topic aws-bootstrap-alerts and leaves it unencrypted unless a key is given', () => {
    expect(inputs()).toEqual({ name: NAME, emails: ['a@example.com'] });
    expect(inputs({ kmsKeyId: 'alias/alerts' }).kmsKeyId).toBe('alias/alerts');
    expect(inputs({ kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }).kmsKeyId).toMatch(/^arn:aws:kms:/);
  });

  it('rejects bad, repeated or missing email addresses like the other steps', () => {
    expect(issuesOf({ emails: ['not-an-email'] })).toEqual(['alerts-topic.emails.0: expected an email address like name@example.com']);
    expect(issuesOf({ emails: ['a@example.com', 'A@example.com'] })).toEqual(['alerts-topic.emails: the same email address is listed twice']);
    expect(issuesOf({})).toEqual(['alerts-topic.emails: Invalid input: expected array, received undefined']);
  });

  it('refuses the AWS managed key, saying why, and anything that is not a key', () => {
    const managed = issuesOf({ emails: ['a@example.com'], kmsKeyId: 'alias/aws/sns' });
    expect(managed).toEqual([expect.stringMatching(/^alerts-topic\.kmsKeyId: the AWS managed key alias\/aws\/sns cannot be used: CloudWatch alarms and EventBridge cannot publish to a topic encrypted with it/)]);
    expect(issuesOf({ emails: ['a@example.com'], kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/sns' })[0]).toMatch(/AWS managed key/);
    expect(issuesOf({ emails: ['a@example.com'], kmsKeyId: 'my key' })).toEqual(['alerts-topic.kmsKeyId: expected a customer managed KMS key: its key id, key ARN, alias/<name> or alias ARN']);
  });

  it('rejects a topic name SNS would refuse, and unknown keys', () => {
    expect(issuesOf({ emails: ['a@example.com'], name: 'alerts.fifo' })).toEqual(['alerts-topic.name: a topic name is 1–256 letters, digits, hyphens and underscores']);
    expect(issuesOf({ emails: ['a@example.com'], topic: 'x' })[0]).toMatch(/topic/);
  });
});

describe('alerts-topic questions', () => {
  const earlier = { 'alternate-contacts': { security: { name: 'Jiro', title: 'CISO', email: 'security@example.com', phone: '+81 3-1234-5670' }, replaceExisting: false } };

  it('offers the security contact given earlier in the run, as a suggestion only', () => {
    const [emails] = step.inputs!.questions(stateWith(), {}, earlier);
    expect(emails).toMatchObject({ path: 'emails', suggestion: 'security@example.com' });
    expect(emails!.default).toBeUndefined();
    expect(emails!.parse!('a@example.com, b@example.com')).toEqual(['a@example.com', 'b@example.com']);
    expect(step.inputs!.questions(stateWith(), { emails: ['a@example.com'] }, earlier)).toEqual([]);
  });

  it('keeps the addresses the existing topic already emails as the default', () => {
    const existing = topic({ subscriptions: [confirmed('a@example.com'), pending('b@example.com'), confirmed('arn:aws:sqs:eu-west-1:123456789012:q', 'sqs')] });
    const [emails] = step.inputs!.questions(stateWith(existing), {}, earlier);
    expect(emails!.default).toBe('a@example.com, b@example.com');
  });
});

describe('alerts-topic plan', () => {
  it('plans the topic and one subscription per address on a fresh account, stating costs and encryption (noncompliant)', () => {
    const plan = step.plan(stateWith(), inputs({ emails: ['a@example.com', 'b@example.com'] }), planCtx);
    expect(plan.changes.map((c) => c.payload)).toEqual([
      { action: 'create-topic', name: NAME, topicArn: ARN, policy: POLICY },
      { action: 'subscribe', name: NAME, topicArn: ARN, email: 'a@example.com', topicIsNew: true },
      { action: 'subscribe', name: NAME, topicArn: ARN, email: 'b@example.com', topicIsNew: true },
    ]);
    expect(plan.notes?.join('\n')).toMatch(/email notifications are free for the first 1,000 a month/);
    expect(plan.notes?.join('\n')).toMatch(/never with the AWS managed key alias\/aws\/sns/);
    expect(plan.advice).toBeUndefined();
  });

  it('with a customer managed key, creates the topic with it and says what its key policy must allow', () => {
    const plan = step.plan(stateWith(), inputs({ kmsKeyId: 'alias/alerts' }), planCtx);
    expect(plan.changes[0]!.payload).toMatchObject({ action: 'create-topic', kmsKeyId: 'alias/alerts' });
    expect(plan.notes?.join('\n')).toMatch(/key policy of alias\/alerts must let cloudwatch\.amazonaws\.com and events\.amazonaws\.com use kms:Decrypt and kms:GenerateDataKey\*/);
  });

  it('adopts an existing topic with its policy and confirmed subscriptions: nothing to do (compliant)', () => {
    const plan = step.plan(stateWith(topic()), inputs({ emails: ['A@Example.com'] }), planCtx);
    expect(plan).toEqual({ changes: [], notes: [] });
  });

  it('reports an address still waiting for its confirmation as advice, and subscribes none twice', () => {
    const plan = step.plan(stateWith(topic({ subscriptions: [pending('a@example.com')] })), inputs(), planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.advice).toEqual(['Confirm the subscription email sent to a@example.com (SNS sent a link).']);
  });

  it('fixes the policy of an adopted topic, subscribes missing addresses only, and leaves other subscriptions alone (noncompliant)', () => {
    const defaultPolicy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: ARN, Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } } }] });
    const existing = topic({ policy: defaultPolicy, subscriptions: [confirmed('a@example.com'), confirmed('old@example.com'), confirmed('arn:aws:sqs:eu-west-1:123456789012:q', 'sqs')] });
    const plan = step.plan(stateWith(existing), inputs({ emails: ['a@example.com', 'b@example.com'] }), planCtx);
    expect(plan.changes.map((c) => [c.summary, c.before])).toEqual([
      [`Fix the access policy of topic "${NAME}"`, 'CloudWatch alarms of this account may not publish; EventBridge rules of this account may not publish; plain-HTTP requests are not denied'],
      [`Subscribe b@example.com to the alerts topic "${NAME}"`, 'b@example.com gets no alerts'],
    ]);
    expect(plan.changes[0]!.payload).toMatchObject({ previous: defaultPolicy });
    expect(plan.changes[1]!.payload).toMatchObject({ topicIsNew: false });
    expect(plan.notes).toContain(`Other subscriptions of topic "${NAME}" are left as they are: old@example.com (email), arn:aws:sqs:eu-west-1:123456789012:q (sqs).`);
  });

  it('takes the AWS managed key off an adopted topic, or switches to the customer key given, saying why (noncompliant)', () => {
    const managed = stateWith(topic({ kmsKeyId: 'alias/aws/sns' }));
    const [off] = step.plan(managed, inputs(), planCtx).changes;
    expect(off).toMatchObject({
      summary: `Stop encrypting topic "${NAME}" with the AWS managed key`,
      before: 'encrypted with the AWS managed key alias/aws/sns: CloudWatch alarms and EventBridge cannot use it, so their alerts are dropped without a word',
      after: 'not encrypted at rest',
      payload: { action: 'set-key', previous: 'alias/aws/sns' },
    });
    expect(off!.payload).not.toHaveProperty('kmsKeyId');
    const [swap] = step.plan(managed, inputs({ kmsKeyId: 'alias/alerts' }), planCtx).changes;
    expect(swap).toMatchObject({ after: 'encrypted with alias/alerts', payload: { kmsKeyId: 'alias/alerts', previous: 'alias/aws/sns' } });
  });

  it('leaves a customer managed key alone unless another is asked for, noting what its key policy needs', () => {
    const custom = stateWith(topic({ kmsKeyId: 'alias/team-key' }));
    const kept = step.plan(custom, inputs(), planCtx);
    expect(kept.changes).toEqual([]);
    expect(kept.notes?.join('\n')).toMatch(/key policy of alias\/team-key must let/);
    expect(actions(custom, inputs({ kmsKeyId: 'alias/alerts' }))).toEqual(['set-key']);
    expect(actions(stateWith(topic()), inputs({ kmsKeyId: 'alias/alerts' }))).toEqual(['set-key']);
  });

  it('provides the topic ARN before the topic exists, and the existing one after', () => {
    expect(step.provides!(stateWith(), inputs(), planCtx)).toEqual({ topicArn: ARN });
    expect(step.provides!(stateWith(), inputs({ name: 'alerts' }), { ...planCtx, partition: 'aws-cn', region: 'cn-north-1' })).toEqual({ topicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:alerts' });
    expect(step.provides!(stateWith(topic()), inputs(), { ...planCtx, region: 'us-east-1' })).toEqual({ topicArn: ARN });
  });
});

describe('alerts-topic in Japanese (issue 12)', () => {
  const runCtx = { ...planCtx, runId: '20260101T000000Z-1a2b' };
  const shown = (plan: ReturnType<typeof step.plan>) => [
    ...plan.changes.flatMap((c) => [c.summary, String(c.before), String(c.after)]),
    ...(plan.notes ?? []),
    ...(plan.advice ?? []),
  ];

  it('shows the title, why, question and the plan for a fresh account in Japanese', () => {
    withLanguage('ja', () => {
      expect(step.title).toBe('セキュリティアラートが担当者に届く');
      expect(englishLeft(step.why)).toEqual([]);
      expect(step.inputs!.questions(stateWith(), {})[0]!.message).toBe('セキュリティアラートを送る E メールアドレス (カンマ区切り、10 件まで):');
      const plan = step.plan(stateWith(), inputs(), runCtx);
      expect(plan.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
        [
          `セキュリティアラート用の SNS トピック「${NAME}」を作成する`,
          `「${NAME}」という名前のトピックなし`,
          'このアカウントの CloudWatch アラームと EventBridge ルールだけが発行でき、HTTP (非 HTTPS) のリクエストは拒否される、保管時の暗号化なし、タグ: aws-bootstrap:managed=true, aws-bootstrap:run=20260101T000000Z-1a2b',
        ],
        [`a@example.com をアラート用トピック「${NAME}」にサブスクライブする`, 'a@example.com にはアラートが届かない', '確認メールのリンクがクリックされると、a@example.com にすべてのアラートが届く'],
      ]);
      expect(plan.notes![0]).toBe('このトピックに発行できるのは eu-west-1 のアカウント 123456789012 の CloudWatch アラームと EventBridge ルールだけで、HTTP (非 HTTPS) のリクエストは拒否されます。このアカウントの IAM ユーザーとロールは、それぞれの IAM ポリシーが許可していれば引き続き発行できます。');
      expect(plan.notes).toContain('料金: トピック自体は無料です。SNS の E メール通知は毎月最初の 1,000 件まで無料 (その後は 100,000 件あたり USD 2.00) で、発行も最初の 100 万件までは無料です。');
      expect(shown(plan).flatMap((text) => englishLeft(text))).toEqual([]);
      const keyed = step.plan(stateWith(), inputs({ kmsKeyId: 'alias/alerts' }), runCtx);
      expect(shown(keyed).flatMap((text) => englishLeft(text))).toEqual([]);
    });
    expect(step.title).toBe('Security alerts reach a person');
  });

  it('describes what it fixes on an adopted topic in Japanese: policy, AWS managed key, subscriptions, advice', () => {
    const defaultPolicy = JSON.stringify({ Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'SNS:Publish', Resource: ARN }] });
    const existing = topic({ policy: defaultPolicy, kmsKeyId: 'alias/aws/sns', subscriptions: [pending('a@example.com'), confirmed('old@example.com')] });
    const plan = withLanguage('ja', () => step.plan(stateWith(existing), inputs({ emails: ['a@example.com', 'b@example.com'] }), runCtx));
    expect(plan.changes.map((c) => [c.summary, c.before, c.after])).toEqual([
      [
        `トピック「${NAME}」のアクセスポリシーを修正する`,
        'このアカウントの CloudWatch アラームが発行できない; このアカウントの EventBridge ルールが発行できない; HTTP (非 HTTPS) のリクエストが拒否されない; ステートメント「Public」が発行を許可している相手: 誰でも',
        'このアカウントの CloudWatch アラームと EventBridge ルールだけが発行でき、HTTP (非 HTTPS) のリクエストは拒否される',
      ],
      [
        `トピック「${NAME}」の AWS マネージドキーによる暗号化をやめる`,
        'AWS マネージドキー alias/aws/sns で暗号化: CloudWatch アラームと EventBridge はこのキーを使えないため、アラートが何の知らせもなく失われる',
        '保管時の暗号化なし',
      ],
      [`b@example.com をアラート用トピック「${NAME}」にサブスクライブする`, 'b@example.com にはアラートが届かない', '確認メールのリンクがクリックされると、b@example.com にすべてのアラートが届く'],
    ]);
    expect(plan.notes).toContain(`トピック「${NAME}」の他のサブスクリプションはそのままです: old@example.com (email)。`);
    expect(plan.notes![0]).toBe(`トピック「${NAME}」は既にあります。そのまま使い、足りないところだけを変更します。`);
    expect(plan.advice).toEqual(['a@example.com に送られたサブスクリプションの確認メールで、リンクをクリックして確認してください。']);
    expect(shown(plan).flatMap((text) => englishLeft(text))).toEqual([]);
  });

  it('says what is wrong with an input in Japanese', () => {
    const issues = withLanguage('ja', () => [
      ...issuesOf({ emails: ['a@example.com'], name: 'alerts.fifo' }),
      ...issuesOf({ emails: ['a@example.com'], kmsKeyId: 'alias/aws/sns' }),
      ...issuesOf({ emails: ['a@example.com'], kmsKeyId: 'my key' }),
    ]);
    expect(issues).toEqual([
      'alerts-topic.name: トピック名は英字、数字、ハイフン、アンダースコアの 1～256 文字で指定してください',
      'alerts-topic.kmsKeyId: AWS マネージドキー alias/aws/sns は使えません。CloudWatch アラームと EventBridge はこのキーで暗号化されたトピックに発行できないため、すべてのアラートが何の知らせもなく失われます。kmsKeyId を省略するか、カスタマーマネージドキーを指定してください',
      'alerts-topic.kmsKeyId: カスタマーマネージド KMS キーを、キー ID、キー ARN、alias/<名前>、エイリアス ARN のいずれかで指定してください',
    ]);
  });
});
