/** Security alerts reach a person: one SNS topic every alert is sent to, with email subscriptions. */
import { z } from 'zod';
import type { ServiceHandle } from '../../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import { alertsTopicPolicy, reviewTopicPolicy, samePolicy } from '../shared/topic-policy.js';
import { defineStep, type Change, type PlanContext, type Question, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { bootstrapTagList, notCreatedByRun, tagMap, tagsText } from '../../src/core/tags.js';
import { emailList, emailListQuestion, sameEmail } from '../../src/validate.js';
import type { AlternateContactsInputs } from '../alternate-contacts.js';

const DEFAULT_NAME = 'aws-bootstrap-alerts';
/** AWS managed keys (alias/aws/sns): CloudWatch alarms and EventBridge cannot use them. */
const AWS_MANAGED_KEY = /(^|:)alias\/aws\//;
const KMS_KEY = /^(alias\/[A-Za-z0-9/_-]{1,250}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]{1,250}))$/;
/** What ListSubscriptionsByTopic shows instead of an ARN until the address owner clicks the link. */
const PENDING = 'PendingConfirmation';

const en = {
  title: 'Security alerts reach a person',
  why: 'Alarms on root sign-ins, leaked keys or a stopped trail, and AWS Health notices, are only worth something if someone reads them: they all go to one SNS topic that emails the people who must act.',
  input: {
    topicName: 'a topic name is 1–256 letters, digits, hyphens and underscores',
    awsManagedKey: 'the AWS managed key alias/aws/sns cannot be used: CloudWatch alarms and EventBridge cannot publish to a topic encrypted with it, so every alert would be dropped without a word. Leave kmsKeyId out, or give a customer managed key',
    kmsKey: 'expected a customer managed KMS key: its key id, key ARN, alias/<name> or alias ARN',
  },
  question: 'Email addresses for security alerts (comma-separated, up to 10):',
  describe: {
    /** "a@example.com (email, unconfirmed)". */
    subscription: (endpoint: string, protocol: string, pending: boolean) => `${endpoint} (${protocol}${pending ? ', unconfirmed' : ''})`,
    policyAfter: 'only CloudWatch alarms and EventBridge rules of this account may publish; plain-HTTP requests are denied',
    encrypted: (key: string) => `encrypted with ${key}`,
    notEncrypted: 'not encrypted at rest',
  },
  notes: {
    costs: 'Costs: the topic itself is free; SNS email notifications are free for the first 1,000 a month (then USD 2.00 per 100,000), and so are the first million publishes.',
    untaggedSubscriptions: 'SNS subscriptions cannot be tagged: the ones this run makes are known by the topic they belong to.',
    confirmation: 'SNS emails each new address a confirmation link: alerts reach an address only once the link is clicked, and SNS deletes a subscription left unconfirmed for 48 hours (run again to send a new link).',
    notEncrypted: 'Not encrypted at rest, and never with the AWS managed key alias/aws/sns: CloudWatch alarms and EventBridge cannot use that key, so their alerts would be dropped without a word. To encrypt, set kmsKeyId to a customer managed key.',
    keyPolicy: (key: string) =>
      `The key policy of ${key} must let cloudwatch.amazonaws.com and events.amazonaws.com use kms:Decrypt and kms:GenerateDataKey* (for EventBridge, without aws:SourceAccount or aws:SourceArn conditions). This run does not check it: without it, alerts are dropped without a word.`,
    whoPublishes: (accountId: string, region: string) =>
      `Only CloudWatch alarms and EventBridge rules of account ${accountId} in ${region} may publish to it, and plain-HTTP requests are denied; IAM users and roles of this account can still publish if their own IAM policies allow it.`,
    othersRemoved: 'The statements that let others publish are removed; undo puts them back.',
    otherSubscriptions: (name: string, list: string) => `Other subscriptions of topic "${name}" are left as they are: ${list}.`,
    exists: (name: string) => `The topic "${name}" exists: it is kept, and only what is missing is changed.`,
  },
  confirmAdvice: (email: string) => `Confirm the subscription email sent to ${email} (SNS sent a link).`,
  plan: {
    subscribe: (email: string, name: string) => `Subscribe ${email} to the alerts topic "${name}"`,
    getsNone: (email: string) => `${email} gets no alerts`,
    getsAll: (email: string) => `${email} gets every alert, once the link in the confirmation email is clicked`,
    createTopic: (name: string) => `Create the SNS topic "${name}" for security alerts`,
    noTopic: (name: string) => `no topic named "${name}"`,
    created: (policy: string, key: string, tags: string) => `${policy}; ${key}; tagged ${tags}`,
    fixPolicy: (name: string) => `Fix the access policy of topic "${name}"`,
    replaceManagedKey: (name: string, key: string) => `Encrypt topic "${name}" with ${key} instead of the AWS managed key`,
    stopManagedKey: (name: string) => `Stop encrypting topic "${name}" with the AWS managed key`,
    managedKeyBefore: (key: string) => `encrypted with the AWS managed key ${key}: CloudWatch alarms and EventBridge cannot use it, so their alerts are dropped without a word`,
    encrypt: (name: string, key: string) => `Encrypt topic "${name}" with ${key}`,
  },
  undo: {
    deleteTopic: (name: string) => `Delete the SNS topic "${name}" and its subscriptions (it did not exist before)`,
    reviewPolicy: (name: string) => `Review the policy of topic "${name}"`,
    reviewPolicyManual: (arn: string) => `The topic had no readable policy before this run; review the policy of ${arn} in the SNS console.`,
    restorePolicy: (name: string) => `Put back the earlier access policy of topic "${name}"`,
    restoreKey: (name: string, key: string, managed: boolean) =>
      `Encrypt topic "${name}" with ${key} again${managed ? ' (CloudWatch alarms and EventBridge cannot publish through that key)' : ''}`,
    stopKey: (name: string) => `Stop encrypting topic "${name}" again`,
    unsubscribe: (email: string, name: string, topicIsNew: boolean) =>
      `Unsubscribe ${email} from topic "${name}" (${topicIsNew ? 'if still unconfirmed, it goes with the topic' : 'SNS cannot remove it while unconfirmed, and deletes it 48 hours after the link was sent'})`,
  },
  drift: {
    topicGone: (name: string) => `the topic "${name}" no longer exists`,
    theTopic: (name: string) => `the topic "${name}"`,
    policyChanged: (name: string) => `the access policy of topic "${name}" was changed since this run`,
    keyChanged: (name: string, now: string, left: string) => `topic "${name}" is now ${now} (this run left it ${left})`,
    foreignSubscriptions: (name: string, list: string) => `topic "${name}" has subscriptions this run did not make, which deleting it would remove: ${list}`,
    unsubscribed: (email: string, name: string) => `${email} is no longer subscribed to topic "${name}"`,
    pendingCannotGo: (email: string) =>
      `the subscription of ${email} is still waiting for its confirmation, and SNS cannot remove one that is: SNS deletes it by itself 48 hours after the link was sent unless it is confirmed (if it is, run undo again)`,
  },
  error: {
    topicAppeared: (name: string) =>
      `A topic named "${name}" appeared while this run was creating it, with another policy or key: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
    cannotUnsubscribe: (reason: string) => `Cannot unsubscribe: ${reason}.`,
  },
};

const t = texts('alerts-topic', en, {
  title: 'セキュリティアラートが担当者に届く',
  why: 'ルートユーザーのサインイン、漏えいしたキー、停止した証跡を知らせるアラームや AWS Health のお知らせは、誰かが読んで初めて役に立ちます。これらはすべて 1 つの SNS トピックに送られ、対応すべき人に E メールで届きます。',
  input: {
    topicName: 'トピック名は英字、数字、ハイフン、アンダースコアの 1～256 文字で指定してください',
    awsManagedKey: 'AWS マネージドキー alias/aws/sns は使えません。CloudWatch アラームと EventBridge はこのキーで暗号化されたトピックに発行できないため、すべてのアラートが何の知らせもなく失われます。kmsKeyId を省略するか、カスタマーマネージドキーを指定してください',
    kmsKey: 'カスタマーマネージド KMS キーを、キー ID、キー ARN、alias/<名前>、エイリアス ARN のいずれかで指定してください',
  },
  question: 'セキュリティアラートを送る E メールアドレス (カンマ区切り、10 件まで):',
  describe: {
    subscription: (endpoint: string, protocol: string, pending: boolean) => `${endpoint} (${protocol}${pending ? '、未確認' : ''})`,
    policyAfter: 'このアカウントの CloudWatch アラームと EventBridge ルールだけが発行でき、HTTP (非 HTTPS) のリクエストは拒否される',
    encrypted: (key: string) => `${key} で暗号化`,
    notEncrypted: '保管時の暗号化なし',
  },
  notes: {
    costs: '料金: トピック自体は無料です。SNS の E メール通知は毎月最初の 1,000 件まで無料 (その後は 100,000 件あたり USD 2.00) で、発行も最初の 100 万件までは無料です。',
    untaggedSubscriptions: 'SNS のサブスクリプションにはタグを付けられません。この実行で作成するサブスクリプションは、属するトピックで見分けます。',
    confirmation: 'SNS は新しいアドレスごとに確認リンクを E メールで送ります。アラートはリンクがクリックされてから届くようになり、48 時間確認されないままのサブスクリプションは SNS が削除します (もう一度実行すると新しいリンクが送られます)。',
    notEncrypted: '保管時の暗号化はしません。AWS マネージドキー alias/aws/sns は決して使いません。CloudWatch アラームと EventBridge はこのキーを使えず、アラートが何の知らせもなく失われるためです。暗号化するには、kmsKeyId にカスタマーマネージドキーを指定してください。',
    keyPolicy: (key: string) =>
      `${key} のキーポリシーで、cloudwatch.amazonaws.com と events.amazonaws.com に kms:Decrypt と kms:GenerateDataKey* の使用を許可する必要があります (EventBridge には aws:SourceAccount や aws:SourceArn の条件を付けずに)。この実行では確認しません。許可がないと、アラートは何の知らせもなく失われます。`,
    whoPublishes: (accountId: string, region: string) =>
      `このトピックに発行できるのは ${region} のアカウント ${accountId} の CloudWatch アラームと EventBridge ルールだけで、HTTP (非 HTTPS) のリクエストは拒否されます。このアカウントの IAM ユーザーとロールは、それぞれの IAM ポリシーが許可していれば引き続き発行できます。`,
    othersRemoved: '他者に発行を許可しているステートメントは削除します。undo で元に戻ります。',
    otherSubscriptions: (name: string, list: string) => `トピック「${name}」の他のサブスクリプションはそのままです: ${list}。`,
    exists: (name: string) => `トピック「${name}」は既にあります。そのまま使い、足りないところだけを変更します。`,
  },
  confirmAdvice: (email: string) => `${email} に送られたサブスクリプションの確認メールで、リンクをクリックして確認してください。`,
  plan: {
    subscribe: (email: string, name: string) => `${email} をアラート用トピック「${name}」にサブスクライブする`,
    getsNone: (email: string) => `${email} にはアラートが届かない`,
    getsAll: (email: string) => `確認メールのリンクがクリックされると、${email} にすべてのアラートが届く`,
    createTopic: (name: string) => `セキュリティアラート用の SNS トピック「${name}」を作成する`,
    noTopic: (name: string) => `「${name}」という名前のトピックなし`,
    created: (policy: string, key: string, tags: string) => `${policy}、${key}、タグ: ${tags}`,
    fixPolicy: (name: string) => `トピック「${name}」のアクセスポリシーを修正する`,
    replaceManagedKey: (name: string, key: string) => `トピック「${name}」を AWS マネージドキーではなく ${key} で暗号化する`,
    stopManagedKey: (name: string) => `トピック「${name}」の AWS マネージドキーによる暗号化をやめる`,
    managedKeyBefore: (key: string) => `AWS マネージドキー ${key} で暗号化: CloudWatch アラームと EventBridge はこのキーを使えないため、アラートが何の知らせもなく失われる`,
    encrypt: (name: string, key: string) => `トピック「${name}」を ${key} で暗号化する`,
  },
  undo: {
    deleteTopic: (name: string) => `SNS トピック「${name}」とそのサブスクリプションを削除する (以前は存在しなかった)`,
    reviewPolicy: (name: string) => `トピック「${name}」のポリシーを見直す`,
    reviewPolicyManual: (arn: string) => `この実行の前、トピックには読み取れるポリシーがありませんでした。SNS コンソールで ${arn} のポリシーを見直してください。`,
    restorePolicy: (name: string) => `トピック「${name}」のアクセスポリシーを以前のものに戻す`,
    restoreKey: (name: string, key: string, managed: boolean) =>
      `トピック「${name}」を再び ${key} で暗号化する${managed ? ' (CloudWatch アラームと EventBridge はこのキーを通して発行できない)' : ''}`,
    stopKey: (name: string) => `トピック「${name}」の暗号化を再び無効にする`,
    unsubscribe: (email: string, name: string, topicIsNew: boolean) =>
      `トピック「${name}」から ${email} のサブスクリプションを解除する (${topicIsNew ? 'まだ未確認なら、トピックと一緒に削除される' : '未確認の間は SNS で削除できず、リンクの送信から 48 時間後に SNS が削除する'})`,
  },
  drift: {
    topicGone: (name: string) => `トピック「${name}」はもう存在しない`,
    theTopic: (name: string) => `トピック「${name}」`,
    policyChanged: (name: string) => `トピック「${name}」のアクセスポリシーはこの実行の後に変更された`,
    keyChanged: (name: string, now: string, left: string) => `トピック「${name}」は現在「${now}」(この実行の後は「${left}」だった)`,
    foreignSubscriptions: (name: string, list: string) => `トピック「${name}」にはこの実行が作成していないサブスクリプションがあり、トピックを削除するとそれらも消える: ${list}`,
    unsubscribed: (email: string, name: string) => `${email} はもうトピック「${name}」にサブスクライブしていない`,
    pendingCannotGo: (email: string) =>
      `${email} のサブスクリプションはまだ確認待ちで、確認待ちのサブスクリプションは SNS で削除できない。確認されなければ、リンクの送信から 48 時間後に SNS が自動的に削除する (確認された場合は、もう一度 undo を実行する)`,
  },
  error: {
    topicAppeared: (name: string) =>
      `この実行が作成している間に「${name}」という名前のトピックが現れました (ポリシーかキーが異なります)。この実行が求めたものではないため、手を付けずに残します。もう一度実行すると、そのトピックに対する計画を確認できます。`,
    cannotUnsubscribe: (reason: string) => `サブスクリプションを解除できません: ${reason}。`,
  },
});

const inputSchema = z
  .object({
    name: z.string().trim().regex(/^[A-Za-z0-9_-]{1,256}$/, { error: () => t.input.topicName }).default(DEFAULT_NAME),
    emails: emailList,
    /** Opt-in encryption at rest with a customer managed key. */
    kmsKeyId: z
      .string()
      .trim()
      .refine((key) => !AWS_MANAGED_KEY.test(key), { error: () => t.input.awsManagedKey })
      .refine((key) => KMS_KEY.test(key), { error: () => t.input.kmsKey })
      .optional(),
  })
  .strict();
export type AlertsTopicInputs = z.output<typeof inputSchema>;

export interface ObservedSubscription {
  /** `PendingConfirmation` until the address owner confirms. */
  readonly arn: string;
  readonly protocol: string;
  readonly endpoint: string;
}
export interface ObservedTopic {
  readonly arn: string;
  readonly name: string;
  readonly policy?: string;
  readonly kmsKeyId?: string;
  readonly subscriptions: readonly ObservedSubscription[];
  /** The topic's tags: a topic this tool made carries the run that made it. Read for undo only (`StepContext.readTags`), else none. */
  readonly tags: Readonly<Record<string, string>>;
}
/** Every topic of the home region (observe cannot know the configured name). */
export type AlertsTopicState = { topics: readonly ObservedTopic[] };

/** What the alarm and notification steps send their alerts to. */
export interface AlertsTopicProvides {
  readonly topicArn: string;
}

export type AlertsTopicPayload =
  | { action: 'create-topic'; name: string; topicArn: string; policy: string; kmsKeyId?: string }
  | { action: 'fix-policy'; name: string; topicArn: string; policy: string; previous?: string }
  | { action: 'set-key'; name: string; topicArn: string; kmsKeyId?: string; previous?: string }
  | { action: 'subscribe'; name: string; topicArn: string; email: string; topicIsNew: boolean };

type PayloadOf<A extends AlertsTopicPayload['action']> = Extract<AlertsTopicPayload, { action: A }>;

/** The undo records this step writes: each carries the change it takes back. */
export type AlertsTopicUndo =
  /** `emails`: the addresses this run subscribed; any other subscription found later is someone else's. */
  | { kind: 'delete-topic'; description: string; change: PayloadOf<'create-topic'>; emails?: string[] }
  /** `manual` when the topic had no readable policy to put back. */
  | { kind: 'restore-topic-policy'; description: string; change: PayloadOf<'fix-policy'>; manual?: string }
  | { kind: 'restore-topic-key'; description: string; change: PayloadOf<'set-key'> }
  | { kind: 'unsubscribe'; description: string; change: PayloadOf<'subscribe'>; subscriptionArn: string };

// ---- reading and describing -------------------------------------------------------------

const topicArnOf = (ctx: PlanContext, name: string) => `arn:${ctx.partition}:sns:${ctx.region}:${ctx.accountId}:${name}`;
const findTopic = (state: AlertsTopicState, name: string) => state.topics.find((topic) => topic.name === name);
const isPending = (s: ObservedSubscription) => s.arn === PENDING;
const emailSubscription = (topic: ObservedTopic, email: string) => topic.subscriptions.find((s) => s.protocol === 'email' && sameEmail(s.endpoint, email));
const subscriptionText = (s: ObservedSubscription) => t.describe.subscription(s.endpoint, s.protocol, isPending(s));
const keyText = (key: string | undefined) => (key ? t.describe.encrypted(key) : t.describe.notEncrypted);

function subscribeChange(name: string, topicArn: string, email: string, topicIsNew: boolean): Change<AlertsTopicPayload> {
  return {
    summary: t.plan.subscribe(email, name),
    before: t.plan.getsNone(email),
    after: t.plan.getsAll(email),
    payload: { action: 'subscribe', name, topicArn, email, topicIsNew },
  };
}

// ---- AWS calls ---------------------------------------------------------------------------

type Sns = ServiceHandle<'sns'>;

/** A topic's subscriptions; undefined when the topic does not exist. */
async function readSubscriptions({ client, sdk }: Sns, TopicArn: string): Promise<ObservedSubscription[] | undefined> {
  try {
    const listed = await collectPages(sdk.paginateListSubscriptionsByTopic({ client }, { TopicArn }), (page) => page.Subscriptions);
    return listed.map((s) => ({ arn: s.SubscriptionArn ?? PENDING, protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' }));
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

async function readAttributes({ client, sdk }: Sns, TopicArn: string): Promise<Record<string, string> | undefined> {
  try {
    return (await client.send(new sdk.GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {};
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

async function readTags({ client, sdk }: Sns, ResourceArn: string): Promise<Record<string, string> | undefined> {
  try {
    return tagMap((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn }))).Tags);
  } catch (error) {
    if (isErrorCode(error, 'ResourceNotFoundException') || isErrorCode(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

/** One topic with its policy, key, subscriptions and tags (`withTags`: for undo); undefined when it went away meanwhile. */
async function readTopic(sns: Sns, arn: string, withTags: boolean): Promise<ObservedTopic | undefined> {
  const [attributes, subscriptions, tags] = await Promise.all([readAttributes(sns, arn), readSubscriptions(sns, arn), withTags ? readTags(sns, arn) : undefined]);
  if (!attributes || !subscriptions) return undefined;
  return {
    arn,
    name: arn.split(':').at(-1)!,
    ...(attributes.Policy !== undefined ? { policy: attributes.Policy } : {}),
    ...(attributes.KmsMasterKeyId ? { kmsKeyId: attributes.KmsMasterKeyId } : {}),
    // SNS shows a subscription removed a moment ago as `Deleted` for a while.
    subscriptions: subscriptions.filter((s) => s.arn !== 'Deleted'),
    tags: tags ?? {},
  };
}

/**
 * CreateTopic is sent once (createOnce): after a lost answer the topic is read, and taken as this
 * run's only if it has the policy and key asked for. SetTopicAttributes sets a value, so it is
 * simply sent again; Subscribe is idempotent per topic, protocol and endpoint (SNS answers the
 * subscription already there), so its retry makes no second one; DeleteTopic of a topic that is
 * gone is no error; and an Unsubscribe retried into "not found" after a lost answer is done.
 */
async function snsApi(ctx: StepContext) {
  const sns = await ctx.aws.use('sns');
  const { client, sdk } = sns;
  const setAttribute = (TopicArn: string, AttributeName: string, AttributeValue: string) => client.send(new sdk.SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue }));
  return {
    createTopic: (p: Extract<AlertsTopicPayload, { action: 'create-topic' }>) => createOnce({
      create: async () => {
        const Attributes = { Policy: p.policy, ...(p.kmsKeyId ? { KmsMasterKeyId: p.kmsKeyId } : {}) };
        // Tagged in the create call itself (it needs sns:TagResource too), so it is never untagged.
        const Tags = bootstrapTagList(ctx.runId);
        const { TopicArn } = await client.send(withoutBlindRetry(new sdk.CreateTopicCommand({ Name: p.name, Attributes, Tags })));
        return TopicArn ?? p.topicArn;
      },
      find: async () => {
        const found = await readAttributes(sns, p.topicArn);
        if (!found) return undefined;
        if (samePolicy(found.Policy, p.policy) && (found.KmsMasterKeyId || undefined) === p.kmsKeyId) return p.topicArn;
        throw new Error(t.error.topicAppeared(p.name));
      },
    }),
    setPolicy: (TopicArn: string, policy: string) => setAttribute(TopicArn, 'Policy', policy),
    // An empty value turns encryption off.
    setKey: (TopicArn: string, key: string | undefined) => setAttribute(TopicArn, 'KmsMasterKeyId', key ?? ''),
    async subscribe(TopicArn: string, email: string): Promise<string> {
      const { SubscriptionArn } = await client.send(new sdk.SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: email, ReturnSubscriptionArn: true }));
      return SubscriptionArn ?? '';
    },
    deleteTopic: (TopicArn: string) => client.send(new sdk.DeleteTopicCommand({ TopicArn })),
    unsubscribe: (SubscriptionArn: string) => sendDoneOnRetry(new sdk.UnsubscribeCommand({ SubscriptionArn }), (c) => client.send(c), 'NotFoundException'),
    readSubscriptions: (TopicArn: string) => readSubscriptions(sns, TopicArn),
  };
}

// ---- the step ----------------------------------------------------------------------------

export default defineStep<AlertsTopicState, AlertsTopicInputs, AlertsTopicPayload, AlertsTopicUndo>({
  id: 'alerts-topic',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: {
    // ListTagsForResource: undo deletes a topic only if it carries the tag of the run that made it.
    observe: ['sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource'],
    // GetTopicAttributes: after a lost answer, to see whether the topic was made. TagResource:
    // CreateTopic with Tags needs it as well.
    apply: ['sns:CreateTopic', 'sns:TagResource', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe'],
    undo: ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Unsubscribe'],
    // Every topic is read (GetTopicAttributes, ListSubscriptionsByTopic, ListTagsForResource): on `*`.
    scopes: (c) => [
      { name: 'Topic', actions: ['sns:CreateTopic', 'sns:TagResource', 'sns:SetTopicAttributes', 'sns:DeleteTopic', 'sns:Unsubscribe'], resources: [c.arn('sns', c.input('name'))] },
      { name: 'EmailSubscriptions', actions: ['sns:Subscribe'], resources: [c.arn('sns', c.input('name'))], condition: { StringEquals: { 'sns:Protocol': 'email' } } },
    ],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given, earlier = {}) {
      if (given.emails !== undefined) return [];
      const topic = findTopic(state as AlertsTopicState, typeof given.name === 'string' ? given.name : DEFAULT_NAME);
      // Offer the addresses the topic already emails, so a re-run keeps them.
      const current = topic?.subscriptions.filter((s) => s.protocol === 'email').map((s) => s.endpoint) ?? [];
      // The security contact given a moment ago is the likely recipient.
      const security = (earlier['alternate-contacts'] as AlternateContactsInputs | undefined)?.security?.email;
      const question: Question = emailListQuestion(t.question, current, security ? [security] : []);
      return [question];
    },
  },

  async observe(ctx) {
    const sns = await ctx.aws.use('sns');
    const { client, sdk } = sns;
    const arns = await collectPages(sdk.paginateListTopics({ client }, {}), (page) => page.Topics?.map((topic) => topic.TopicArn ?? ''));
    const topics = await Promise.all(arns.filter(Boolean).map((arn) => readTopic(sns, arn, ctx.readTags === true)));
    return { topics: topics.filter((topic): topic is ObservedTopic => topic !== undefined) };
  },

  provides(state, inputs, ctx): AlertsTopicProvides {
    return { topicArn: findTopic(state, inputs.name)?.arn ?? topicArnOf(ctx, inputs.name) };
  },

  // The topic's ARN depends on its name only: a dry run without the addresses previews the alarms and rules against it.
  providesWithoutInputs(state, given, ctx): AlertsTopicProvides | undefined {
    const name = inputSchema.shape.name.safeParse(given.name);
    return name.success ? { topicArn: findTopic(state, name.data)?.arn ?? topicArnOf(ctx, name.data) } : undefined;
  },

  plan(state, inputs, ctx) {
    const { name, emails, kmsKeyId } = inputs;
    const existing = findTopic(state, name);
    const topicArn = existing?.arn ?? topicArnOf(ctx, name);
    const wanted = alertsTopicPolicy({ partition: ctx.partition, accountId: ctx.accountId, region: ctx.region, topicArn });
    const encryptionNote = kmsKeyId ? t.notes.keyPolicy(kmsKeyId) : t.notes.notEncrypted;

    if (!existing) {
      return {
        changes: [
          {
            summary: t.plan.createTopic(name),
            before: t.plan.noTopic(name),
            after: t.plan.created(t.describe.policyAfter, keyText(kmsKeyId), tagsText(ctx.runId)),
            payload: { action: 'create-topic', name, topicArn, policy: JSON.stringify(wanted), ...(kmsKeyId ? { kmsKeyId } : {}) },
          },
          ...emails.map((email) => subscribeChange(name, topicArn, email, true)),
        ],
        notes: [
          t.notes.whoPublishes(ctx.accountId, ctx.region),
          encryptionNote,
          ...(emails.length ? [t.notes.untaggedSubscriptions] : []),
          t.notes.confirmation,
          t.notes.costs,
        ],
      };
    }

    // An existing topic is adopted without tags: this run did not make it.
    const changes: Change<AlertsTopicPayload>[] = [];
    const notes: string[] = [];
    const advice: string[] = [];
    const review = reviewTopicPolicy(existing.policy, wanted, ctx.accountId);
    if (review.missing.length || review.outsidePublishers.length) {
      changes.push({
        summary: t.plan.fixPolicy(name),
        before: [...review.missing, ...review.outsidePublishers].join('; '),
        after: t.describe.policyAfter,
        payload: { action: 'fix-policy', name, topicArn, policy: JSON.stringify(review.fixed), ...(existing.policy !== undefined ? { previous: existing.policy } : {}) },
      });
      if (review.outsidePublishers.length) notes.push(t.notes.othersRemoved);
    }

    const current = existing.kmsKeyId;
    if (current && AWS_MANAGED_KEY.test(current)) {
      changes.push({
        summary: kmsKeyId ? t.plan.replaceManagedKey(name, kmsKeyId) : t.plan.stopManagedKey(name),
        before: t.plan.managedKeyBefore(current),
        after: keyText(kmsKeyId),
        payload: { action: 'set-key', name, topicArn, ...(kmsKeyId ? { kmsKeyId } : {}), previous: current },
      });
      notes.push(encryptionNote);
    } else if (kmsKeyId && current !== kmsKeyId) {
      changes.push({
        summary: t.plan.encrypt(name, kmsKeyId),
        before: keyText(current),
        after: keyText(kmsKeyId),
        payload: { action: 'set-key', name, topicArn, kmsKeyId, ...(current ? { previous: current } : {}) },
      });
      notes.push(encryptionNote);
    } else if (current) {
      notes.push(t.notes.keyPolicy(current));
    }

    for (const email of emails) {
      const subscription = emailSubscription(existing, email);
      if (!subscription) changes.push(subscribeChange(name, topicArn, email, false));
      else if (isPending(subscription)) advice.push(t.confirmAdvice(email));
    }
    const others = existing.subscriptions.filter((s) => !(s.protocol === 'email' && emails.some((email) => sameEmail(email, s.endpoint))));
    if (others.length) notes.push(t.notes.otherSubscriptions(name, others.map(subscriptionText).join(', ')));
    if (changes.some((c) => c.payload.action === 'subscribe')) notes.push(t.notes.untaggedSubscriptions, t.notes.confirmation, t.notes.costs);
    if (changes.length) notes.unshift(t.notes.exists(name));
    return { changes, notes, ...(advice.length ? { advice } : {}) };
  },

  async apply(ctx, change, inputs) {
    const api = await snsApi(ctx);
    const p = change.payload;
    switch (p.action) {
      case 'create-topic':
        await api.createTopic(p);
        // The addresses this run subscribes: any other subscription found later is someone else's.
        return { kind: 'delete-topic', description: t.undo.deleteTopic(p.name), change: p, emails: [...inputs.emails] };
      case 'fix-policy':
        await api.setPolicy(p.topicArn, p.policy);
        return p.previous === undefined
          ? { kind: 'restore-topic-policy', description: t.undo.reviewPolicy(p.name), change: p, manual: t.undo.reviewPolicyManual(p.topicArn) }
          : { kind: 'restore-topic-policy', description: t.undo.restorePolicy(p.name), change: p };
      case 'set-key':
        await api.setKey(p.topicArn, p.kmsKeyId);
        return {
          kind: 'restore-topic-key',
          description: p.previous ? t.undo.restoreKey(p.name, p.previous, AWS_MANAGED_KEY.test(p.previous)) : t.undo.stopKey(p.name),
          change: p,
        };
      case 'subscribe': {
        const subscriptionArn = await api.subscribe(p.topicArn, p.email);
        return { kind: 'unsubscribe', description: t.undo.unsubscribe(p.email, p.name, p.topicIsNew), change: p, subscriptionArn };
      }
    }
  },

  async undo(ctx, action) {
    const api = await snsApi(ctx);
    switch (action.kind) {
      case 'delete-topic':
        return void (await api.deleteTopic(action.change.topicArn));
      case 'restore-topic-policy':
        return void (await api.setPolicy(action.change.topicArn, action.change.previous!));
      case 'restore-topic-key':
        return void (await api.setKey(action.change.topicArn, action.change.previous));
      case 'unsubscribe': {
        const p = action.change;
        const subscription = (await api.readSubscriptions(p.topicArn))?.find((s) => s.protocol === 'email' && sameEmail(s.endpoint, p.email));
        if (!subscription) return;
        if (isPending(subscription)) {
          // The topic this run made is deleted next, and its subscriptions with it.
          if (p.topicIsNew) return;
          // Reached only under --force (undoDrift holds it back otherwise).
          throw new Error(t.error.cannotUnsubscribe(t.drift.pendingCannotGo(p.email)));
        }
        return api.unsubscribe(subscription.arn);
      }
    }
  },

  undoDrift(state, action, recorded) {
    const { name, topicArn } = action.change;
    const topic = state.topics.find((found) => found.arn === topicArn);
    if (!topic) return t.drift.topicGone(name);
    switch (action.kind) {
      case 'delete-topic': {
        const p = action.change;
        // Deleted only if it carries the tag of the run that recorded making it (an edited log cannot name another topic).
        const notOurs = recorded && notCreatedByRun(topic.tags, recorded.runId, t.drift.theTopic(name));
        if (notOurs) return notOurs;
        if (!samePolicy(topic.policy, p.policy)) return t.drift.policyChanged(name);
        if (topic.kmsKeyId !== p.kmsKeyId) return t.drift.keyChanged(name, keyText(topic.kmsKeyId), keyText(p.kmsKeyId));
        const ours = action.emails ?? [];
        const others = topic.subscriptions.filter((s) => !(s.protocol === 'email' && ours.some((email) => sameEmail(email, s.endpoint))));
        return others.length ? t.drift.foreignSubscriptions(name, others.map(subscriptionText).join(', ')) : undefined;
      }
      case 'restore-topic-policy':
        return samePolicy(topic.policy, action.change.policy) ? undefined : t.drift.policyChanged(name);
      case 'restore-topic-key':
        return topic.kmsKeyId === action.change.kmsKeyId ? undefined : t.drift.keyChanged(name, keyText(topic.kmsKeyId), keyText(action.change.kmsKeyId));
      case 'unsubscribe': {
        const p = action.change;
        const subscription = emailSubscription(topic, p.email);
        if (!subscription) return t.drift.unsubscribed(p.email, name);
        return isPending(subscription) && !p.topicIsNew ? t.drift.pendingCannotGo(p.email) : undefined;
      }
    }
  },
});
