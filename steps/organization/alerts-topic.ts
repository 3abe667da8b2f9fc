/**
 * One alerts topic for the whole organization, in the security account's home region: every
 * alert of every account is emailed from it, so one confirmation email covers the organization.
 * Its policy lets CloudWatch alarms of any account of the organization publish (an alarm may
 * notify a topic of another account in its region when the topic's policy allows it), and
 * EventBridge rules of the security account; the security account's default event bus lets the
 * organization's accounts put events on it (`aws:PrincipalOrgID`), so their rules forward what
 * cannot publish across accounts by itself (Health events, "account joined"). It covers the
 * per-account `alerts-topic`: what it provides (`{ topicArn }`) is what the per-account steps
 * that need alerts-topic send to.
 */
import { z } from 'zod';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import type { AwsAccess } from '../../src/aws/clients.js';
import { defineStep, type Change, type PlanContext, type StepContext } from '../../src/core/step.js';
import { bootstrapTagList, notCreatedByRun, tagMap, tagsText } from '../../src/core/tags.js';
import { texts } from '../../src/i18n/index.js';
import { emailList, emailListQuestion, sameEmail } from '../../src/validate.js';
import { samePolicy } from '../shared/topic-policy.js';
import { organizationBusStatement, organizationTopicPolicy, ORGANIZATION_BUS_SID, PENDING, sameBusStatement } from './alerts.js';
import { named, organizationOf } from './shared.js';

const DEFAULT_NAME = 'aws-bootstrap-alerts';

const en = {
  title: 'Every alert of the organization reaches a person, from one topic',
  why: 'Fifty accounts with fifty topics mean fifty confirmation emails and alerts nobody can follow. One topic in the security account, fed by every account, is one place to subscribe and one email to confirm.',
  question: 'Email addresses for the organization\'s security alerts (comma-separated, up to 10):',
  createTopic: (name: string, account: string) => `Create the SNS topic "${name}" for the organization's alerts in ${account}`,
  noTopic: (name: string) => `no topic named "${name}"`,
  created: (tags: string) => `CloudWatch alarms of every account of the organization and EventBridge rules of the security account may publish; plain-HTTP requests are denied; tagged ${tags}`,
  fixPolicy: (name: string) => `Set the access policy of topic "${name}" for the organization`,
  policyAfter: 'CloudWatch alarms of every account of the organization and EventBridge rules of the security account may publish; plain-HTTP requests are denied',
  subscribe: (email: string, name: string) => `Subscribe ${email} to the organization's alerts topic "${name}"`,
  getsNone: (email: string) => `${email} gets no alerts`,
  getsAll: (email: string) => `${email} gets every alert of the organization, once the link in the confirmation email is clicked`,
  allowBus: (account: string) => `Let the accounts of the organization put events on the default event bus of ${account} (aws:PrincipalOrgID)`,
  busBefore: 'the organization\'s accounts may not put events on it',
  busAfter: (orgId: string) => `events:PutEvents by principals of organization ${orgId} only`,
  notes: {
    oneTopic: (account: string) => `One topic for the organization, in ${account}: every per-account step that sends alerts (alarms, Health events) sends them here, and no account gets a topic of its own.`,
    confirmation: 'SNS emails each new address a confirmation link: alerts reach an address only once the link is clicked, and SNS deletes a subscription left unconfirmed for 48 hours (run again to send a new link).',
    costs: 'Costs: the topic itself is free; SNS email notifications are free for the first 1,000 a month (then USD 2.00 per 100,000). Events other accounts put on the security account\'s event bus are billed as custom events, USD 1.00 per million (a few a month).',
    keyPolicy: (key: string) => `The key policy of ${key} must let cloudwatch.amazonaws.com and events.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*, from every account of the organization. This run does not check it.`,
    exists: (name: string) => `The topic "${name}" exists: it is kept, and only what is missing is changed.`,
  },
  confirmAdvice: (email: string) => `Confirm the subscription email sent to ${email} (SNS sent a link).`,
  undo: {
    deleteTopic: (name: string, account: string) => `Delete the SNS topic "${name}" in ${account} and its subscriptions (it did not exist before)`,
    restorePolicy: (name: string) => `Put back the earlier access policy of topic "${name}"`,
    unsubscribe: (email: string, name: string) => `Unsubscribe ${email} from topic "${name}" (SNS cannot remove it while unconfirmed, and deletes it 48 hours after the link was sent)`,
    removeBusPermission: (account: string) => `Stop letting the organization's accounts put events on the default event bus of ${account}`,
  },
  drift: {
    theTopic: (name: string) => `the topic "${name}"`,
    topicGone: (name: string) => `the topic "${name}" no longer exists`,
    policyChanged: (name: string) => `the access policy of topic "${name}" was changed since this run`,
    foreign: (name: string, list: string) => `topic "${name}" has subscriptions this run did not make, which deleting it would remove: ${list}`,
    unsubscribed: (email: string) => `${email} is no longer subscribed`,
    pending: (email: string) => `the subscription of ${email} still waits for its confirmation, and SNS cannot remove one that does (it deletes it 48 hours after the link was sent)`,
    busChanged: 'the statement letting the organization put events on the bus was changed since this run',
  },
  error: { topicAppeared: (name: string) => `A topic named "${name}" appeared while this run was creating it, with another policy: it is left alone. Run again to see the plan for it.` },
};

const t = texts('organization-alerts-topic', en, {
  title: '組織のすべてのアラートが 1 つのトピックから担当者に届く',
  why: '50 のアカウントに 50 のトピックがあれば、確認メールも 50 通になり、アラートを追えなくなります。セキュリティアカウントの 1 つのトピックにすべてのアカウントから送れば、サブスクライブする場所も確認するメールも 1 つで済みます。',
  question: '組織のセキュリティアラートを送る E メールアドレス (カンマ区切り、10 件まで):',
  createTopic: (name: string, account: string) => `${account} に組織のアラート用 SNS トピック「${name}」を作成する`,
  noTopic: (name: string) => `「${name}」という名前のトピックなし`,
  created: (tags: string) => `組織のすべてのアカウントの CloudWatch アラームとセキュリティアカウントの EventBridge ルールが発行でき、HTTP (非 HTTPS) のリクエストは拒否される。タグ: ${tags}`,
  fixPolicy: (name: string) => `トピック「${name}」のアクセスポリシーを組織向けに設定する`,
  policyAfter: '組織のすべてのアカウントの CloudWatch アラームとセキュリティアカウントの EventBridge ルールが発行でき、HTTP (非 HTTPS) のリクエストは拒否される',
  subscribe: (email: string, name: string) => `${email} を組織のアラート用トピック「${name}」にサブスクライブする`,
  getsNone: (email: string) => `${email} にはアラートが届かない`,
  getsAll: (email: string) => `確認メールのリンクがクリックされると、${email} に組織のすべてのアラートが届く`,
  allowBus: (account: string) => `組織のアカウントが ${account} のデフォルトのイベントバスにイベントを送信できるようにする (aws:PrincipalOrgID)`,
  busBefore: '組織のアカウントはイベントを送信できない',
  busAfter: (orgId: string) => `組織 ${orgId} のプリンシパルだけに events:PutEvents を許可`,
  notes: {
    oneTopic: (account: string) => `組織のトピックは ${account} の 1 つだけです。アラートを送るアカウントごとのステップ (アラーム、Health イベント) はすべてここに送り、アカウントごとのトピックは作成しません。`,
    confirmation: 'SNS は新しいアドレスごとに確認リンクを E メールで送ります。アラートはリンクがクリックされてから届くようになり、48 時間確認されないままのサブスクリプションは SNS が削除します (もう一度実行すると新しいリンクが送られます)。',
    costs: '料金: トピック自体は無料です。SNS の E メール通知は毎月最初の 1,000 件まで無料 (その後は 100,000 件あたり USD 2.00) です。他のアカウントがセキュリティアカウントのイベントバスに送るイベントは、カスタムイベントとして 100 万件あたり USD 1.00 が課金されます (月に数件です)。',
    keyPolicy: (key: string) => `${key} のキーポリシーで、組織のすべてのアカウントからの cloudwatch.amazonaws.com と events.amazonaws.com に kms:Decrypt と kms:GenerateDataKey* を許可する必要があります。この実行では確認しません。`,
    exists: (name: string) => `トピック「${name}」は既にあります。そのまま使い、足りないところだけを変更します。`,
  },
  confirmAdvice: (email: string) => `${email} に送られたサブスクリプションの確認メールで、リンクをクリックして確認してください。`,
  undo: {
    deleteTopic: (name: string, account: string) => `${account} の SNS トピック「${name}」とそのサブスクリプションを削除する (以前は存在しなかった)`,
    restorePolicy: (name: string) => `トピック「${name}」のアクセスポリシーを以前のものに戻す`,
    unsubscribe: (email: string, name: string) => `トピック「${name}」から ${email} のサブスクリプションを解除する (未確認の間は SNS で削除できず、リンクの送信から 48 時間後に SNS が削除する)`,
    removeBusPermission: (account: string) => `組織のアカウントが ${account} のデフォルトのイベントバスにイベントを送信できないように戻す`,
  },
  drift: {
    theTopic: (name: string) => `トピック「${name}」`,
    topicGone: (name: string) => `トピック「${name}」はもう存在しない`,
    policyChanged: (name: string) => `トピック「${name}」のアクセスポリシーはこの実行の後に変更された`,
    foreign: (name: string, list: string) => `トピック「${name}」にはこの実行が作成していないサブスクリプションがあり、トピックを削除するとそれらも消える: ${list}`,
    unsubscribed: (email: string) => `${email} はもうサブスクライブしていない`,
    pending: (email: string) => `${email} のサブスクリプションはまだ確認待ちで、確認待ちのものは SNS で削除できない (リンクの送信から 48 時間後に SNS が削除する)`,
    busChanged: '組織にイベントの送信を許可するステートメントはこの実行の後に変更された',
  },
  error: { topicAppeared: (name: string) => `この実行が作成している間に「${name}」という名前のトピックが別のポリシーで現れました。手を付けずに残します。もう一度実行すると、そのトピックに対する計画を確認できます。` },
});

// The per-account alerts-topic section is read (inputs.section): the same keys, one answer for both.
const inputSchema = z.object({
  name: z.string().trim().regex(/^[A-Za-z0-9_-]{1,256}$/).default(DEFAULT_NAME),
  emails: emailList,
  kmsKeyId: z.string().trim().optional(),
}).strict();
export type OrganizationAlertsTopicInputs = z.output<typeof inputSchema>;

export interface OrganizationTopic {
  readonly arn: string;
  readonly name: string;
  readonly policy?: string;
  readonly subscriptions: ReadonlyArray<{ arn: string; protocol: string; endpoint: string }>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface OrganizationAlertsTopicState {
  readonly securityAccount: string;
  readonly security: string;
  readonly organizationId: string;
  /** Every topic of the security account's home region (observe cannot know the configured name). */
  readonly topics: readonly OrganizationTopic[];
  /** Our statement in the security account's default event bus policy, as it is there now. */
  readonly busStatement?: unknown;
}

export type OrganizationAlertsTopicChange =
  | { action: 'create-topic'; accountId: string; name: string; topicArn: string; policy: string; kmsKeyId?: string }
  | { action: 'set-policy'; accountId: string; name: string; topicArn: string; policy: string; previous?: string }
  | { action: 'subscribe'; accountId: string; name: string; topicArn: string; email: string }
  | { action: 'allow-bus'; accountId: string; organizationId: string };

type ChangeOf<A extends OrganizationAlertsTopicChange['action']> = Extract<OrganizationAlertsTopicChange, { action: A }>;

export type OrganizationAlertsTopicUndo =
  | { kind: 'delete-topic'; description: string; change: ChangeOf<'create-topic'>; emails: string[] }
  | { kind: 'restore-policy'; description: string; change: ChangeOf<'set-policy'>; manual?: string }
  | { kind: 'unsubscribe'; description: string; change: ChangeOf<'subscribe'> }
  | { kind: 'remove-bus-permission'; description: string; change: ChangeOf<'allow-bus'> };

const topicArnOf = (ctx: PlanContext, account: string, name: string) => `arn:${ctx.partition}:sns:${ctx.region}:${account}:${name}`;
const findTopic = (state: OrganizationAlertsTopicState, name: string) => state.topics.find((topic) => topic.name === name);
const emailSubscription = (topic: OrganizationTopic, email: string) => topic.subscriptions.find((s) => s.protocol === 'email' && sameEmail(s.endpoint, email));

async function readTopic(aws: AwsAccess, arn: string): Promise<OrganizationTopic | undefined> {
  const { client, sdk } = await aws.use('sns');
  try {
    const [attributes, subscriptions, tags] = await Promise.all([
      client.send(new sdk.GetTopicAttributesCommand({ TopicArn: arn })),
      collectPages(sdk.paginateListSubscriptionsByTopic({ client }, { TopicArn: arn }), (page) => page.Subscriptions),
      client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: arn })),
    ]);
    return {
      arn,
      name: arn.split(':').at(-1)!,
      ...(attributes.Attributes?.Policy !== undefined ? { policy: attributes.Attributes.Policy } : {}),
      subscriptions: subscriptions.map((s) => ({ arn: s.SubscriptionArn ?? PENDING, protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' })).filter((s) => s.arn !== 'Deleted'),
      tags: tagMap(tags.Tags),
    };
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException', 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/** Our statement of the default bus policy (by its Sid), or undefined. */
async function readBusStatement(aws: AwsAccess): Promise<unknown> {
  const { client, sdk } = await aws.use('events');
  const { Policy } = await client.send(new sdk.DescribeEventBusCommand({ Name: 'default' }));
  if (!Policy) return undefined;
  const statements = (JSON.parse(Policy) as { Statement?: Array<{ Sid?: string }> }).Statement ?? [];
  return statements.find((s) => s.Sid === ORGANIZATION_BUS_SID);
}

function inSecurity(ctx: StepContext): AwsAccess {
  const org = organizationOf(ctx, 'organization-alerts-topic');
  return org.in(org.securityAccount);
}

export default defineStep<OrganizationAlertsTopicState, OrganizationAlertsTopicInputs, OrganizationAlertsTopicChange, OrganizationAlertsTopicUndo>({
  id: 'organization-alerts-topic',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  organization: {
    covers: ['alerts-topic'],
    inSecurityAccount: [
      'sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource',
      'sns:CreateTopic', 'sns:TagResource', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:DeleteTopic', 'sns:Unsubscribe',
      'events:DescribeEventBus', 'events:PutPermission', 'events:RemovePermission',
    ],
  },
  permissions: {
    observe: ['organizations:DescribeOrganization', 'sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource', 'events:DescribeEventBus'],
    apply: ['sns:CreateTopic', 'sns:TagResource', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'events:PutPermission'],
    undo: ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Unsubscribe', 'events:RemovePermission'],
  },
  inputs: {
    section: 'alerts-topic',
    schema: inputSchema,
    questions(state, given) {
      if (given.emails !== undefined) return [];
      const topic = findTopic(state as OrganizationAlertsTopicState, typeof given.name === 'string' ? given.name : DEFAULT_NAME);
      const current = topic?.subscriptions.filter((s) => s.protocol === 'email').map((s) => s.endpoint) ?? [];
      return [emailListQuestion(t.question, current)];
    },
  },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-alerts-topic');
    const security = inSecurity(ctx);
    const { client: orgs, sdk: o } = await ctx.aws.use('organizations');
    const { client, sdk } = await security.use('sns');
    const [organization, arns, busStatement] = await Promise.all([
      orgs.send(new o.DescribeOrganizationCommand({})),
      collectPages(sdk.paginateListTopics({ client }, {}), (page) => page.Topics?.map((topic) => topic.TopicArn ?? '')),
      readBusStatement(security),
    ]);
    const topics = (await Promise.all(arns.filter(Boolean).map((arn) => readTopic(security, arn)))).filter((x): x is OrganizationTopic => x !== undefined);
    return {
      securityAccount: org.securityAccount,
      security: named(org, org.securityAccount),
      organizationId: organization.Organization?.Id ?? '',
      topics,
      ...(busStatement ? { busStatement } : {}),
    };
  },

  provides(state, inputs, ctx) {
    return { topicArn: findTopic(state, inputs.name)?.arn ?? topicArnOf(ctx, state.securityAccount, inputs.name) };
  },

  providesWithoutInputs(state, given, ctx) {
    const name = inputSchema.shape.name.safeParse(given.name);
    return name.success ? { topicArn: findTopic(state, name.data)?.arn ?? topicArnOf(ctx, state.securityAccount, name.data) } : undefined;
  },

  plan(state, inputs, ctx) {
    const { name, emails, kmsKeyId } = inputs;
    const accountId = state.securityAccount;
    const existing = findTopic(state, name);
    const topicArn = existing?.arn ?? topicArnOf(ctx, accountId, name);
    const policy = JSON.stringify(organizationTopicPolicy({ partition: ctx.partition, region: ctx.region, securityAccount: accountId, organizationId: state.organizationId, topicArn }));
    const changes: Change<OrganizationAlertsTopicChange>[] = [];
    const notes: string[] = [];
    const advice: string[] = [];
    if (!existing) {
      changes.push({
        summary: t.createTopic(name, state.security),
        before: t.noTopic(name),
        after: t.created(tagsText(ctx.runId)),
        payload: { action: 'create-topic', accountId, name, topicArn, policy, ...(kmsKeyId ? { kmsKeyId } : {}) },
      });
    } else if (!samePolicy(existing.policy, policy)) {
      changes.push({
        summary: t.fixPolicy(name),
        before: existing.policy ?? null,
        after: t.policyAfter,
        payload: { action: 'set-policy', accountId, name, topicArn, policy, ...(existing.policy !== undefined ? { previous: existing.policy } : {}) },
      });
    }
    for (const email of emails) {
      const subscription = existing && emailSubscription(existing, email);
      if (!subscription) changes.push({ summary: t.subscribe(email, name), before: t.getsNone(email), after: t.getsAll(email), payload: { action: 'subscribe', accountId, name, topicArn, email } });
      else if (subscription.arn === PENDING) advice.push(t.confirmAdvice(email));
    }
    if (!sameBusStatement(state.busStatement, organizationBusStatement(ctx.partition, ctx.region, accountId, state.organizationId))) {
      changes.push({ summary: t.allowBus(state.security), before: state.busStatement ?? t.busBefore, after: t.busAfter(state.organizationId), payload: { action: 'allow-bus', accountId, organizationId: state.organizationId } });
    }
    if (changes.length) {
      if (existing) notes.push(t.notes.exists(name));
      notes.push(t.notes.oneTopic(state.security));
      if (kmsKeyId) notes.push(t.notes.keyPolicy(kmsKeyId));
      if (changes.some((c) => c.payload.action === 'subscribe')) notes.push(t.notes.confirmation);
      notes.push(t.notes.costs);
    }
    return { changes, notes, ...(advice.length ? { advice } : {}) };
  },

  async apply(ctx, change, inputs) {
    const p = change.payload;
    const security = inSecurity(ctx);
    const label = named(organizationOf(ctx, 'organization-alerts-topic'), p.accountId);
    if (p.action === 'allow-bus') {
      const { client, sdk } = await security.use('events');
      await client.send(new sdk.PutPermissionCommand({
        EventBusName: 'default', StatementId: ORGANIZATION_BUS_SID, Action: 'events:PutEvents', Principal: '*',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: p.organizationId },
      }));
      return { kind: 'remove-bus-permission', description: t.undo.removeBusPermission(label), change: p };
    }
    const { client, sdk } = await security.use('sns');
    switch (p.action) {
      case 'create-topic':
        await createOnce({
          create: async () => {
            const Attributes = { Policy: p.policy, ...(p.kmsKeyId ? { KmsMasterKeyId: p.kmsKeyId } : {}) };
            const { TopicArn } = await client.send(withoutBlindRetry(new sdk.CreateTopicCommand({ Name: p.name, Attributes, Tags: bootstrapTagList(ctx.runId) })));
            return TopicArn ?? p.topicArn;
          },
          find: async () => {
            const found = await readTopic(security, p.topicArn);
            if (!found) return undefined;
            if (samePolicy(found.policy, p.policy)) return p.topicArn;
            throw new Error(t.error.topicAppeared(p.name));
          },
        });
        return { kind: 'delete-topic', description: t.undo.deleteTopic(p.name, label), change: p, emails: [...inputs.emails] };
      case 'set-policy':
        await client.send(new sdk.SetTopicAttributesCommand({ TopicArn: p.topicArn, AttributeName: 'Policy', AttributeValue: p.policy }));
        return { kind: 'restore-policy', description: t.undo.restorePolicy(p.name), change: p };
      case 'subscribe':
        await client.send(new sdk.SubscribeCommand({ TopicArn: p.topicArn, Protocol: 'email', Endpoint: p.email, ReturnSubscriptionArn: true }));
        return { kind: 'unsubscribe', description: t.undo.unsubscribe(p.email, p.name), change: p };
    }
  },

  async undo(ctx, action) {
    const security = inSecurity(ctx);
    if (action.kind === 'remove-bus-permission') {
      const { client, sdk } = await security.use('events');
      await sendDoneOnRetry(new sdk.RemovePermissionCommand({ EventBusName: 'default', StatementId: ORGANIZATION_BUS_SID }), (c) => client.send(c), 'ResourceNotFoundException');
      return;
    }
    const { client, sdk } = await security.use('sns');
    const p = action.change;
    switch (action.kind) {
      case 'delete-topic':
        await client.send(new sdk.DeleteTopicCommand({ TopicArn: p.topicArn }));
        return;
      case 'restore-policy':
        if (action.change.previous !== undefined) await client.send(new sdk.SetTopicAttributesCommand({ TopicArn: p.topicArn, AttributeName: 'Policy', AttributeValue: action.change.previous }));
        return;
      case 'unsubscribe': {
        const topic = await readTopic(security, p.topicArn);
        const subscription = topic && emailSubscription(topic, action.change.email);
        // A topic this run made goes with its subscriptions (deleted next); an unconfirmed one cannot be removed.
        if (!subscription || subscription.arn === PENDING) return;
        await sendDoneOnRetry(new sdk.UnsubscribeCommand({ SubscriptionArn: subscription.arn }), (c) => client.send(c), 'NotFoundException');
      }
    }
  },

  undoDrift(state, action, recorded) {
    if (action.kind === 'remove-bus-permission') {
      return state.busStatement === undefined || sameBusStatement(state.busStatement, organizationBusStatement('aws', '', action.change.accountId, action.change.organizationId)) ? undefined : t.drift.busChanged;
    }
    const { name, topicArn } = action.change;
    const topic = state.topics.find((found) => found.arn === topicArn);
    if (!topic) return t.drift.topicGone(name);
    switch (action.kind) {
      case 'delete-topic': {
        const notOurs = recorded && notCreatedByRun(topic.tags, recorded.runId, t.drift.theTopic(name));
        if (notOurs) return notOurs;
        if (!samePolicy(topic.policy, action.change.policy)) return t.drift.policyChanged(name);
        const others = topic.subscriptions.filter((s) => !(s.protocol === 'email' && action.emails.some((email) => sameEmail(email, s.endpoint))));
        return others.length ? t.drift.foreign(name, others.map((s) => s.endpoint).join(', ')) : undefined;
      }
      case 'restore-policy':
        return samePolicy(topic.policy, action.change.policy) ? undefined : t.drift.policyChanged(name);
      case 'unsubscribe': {
        const subscription = emailSubscription(topic, action.change.email);
        if (!subscription) return t.drift.unsubscribed(action.change.email);
        // Still unconfirmed in a topic this run made: it goes with the topic.
        const topicIsOurs = recorded && !notCreatedByRun(topic.tags, recorded.runId, name);
        return subscription.arn === PENDING && !topicIsOurs ? t.drift.pending(action.change.email) : undefined;
      }
    }
  },
});
