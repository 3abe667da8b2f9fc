/** Security alerts reach a person: one SNS topic every alert is sent to, with email subscriptions. */
import { z } from 'zod';
import type { ServiceHandle } from '../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../src/aws/create-once.js';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { alertsTopicPolicy, reviewTopicPolicy, samePolicy } from '../src/alerts-topic-policy.js';
import { defineStep, type Change, type PlanContext, type Question, type StepContext, type UndoAction } from '../src/core/step.js';
import { bootstrapTagList, notCreatedByRun, tagMap, tagsText } from '../src/tags.js';
import { emailList, emailListQuestion, sameEmail } from '../src/validate.js';
import type { AlternateContactsInputs } from './alternate-contacts.js';

const DEFAULT_NAME = 'aws-bootstrap-alerts';
/** AWS managed keys (alias/aws/sns): CloudWatch alarms and EventBridge cannot use them. */
const AWS_MANAGED_KEY = /(^|:)alias\/aws\//;
const KMS_KEY = /^(alias\/[A-Za-z0-9/_-]{1,250}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]{1,250}))$/;
/** What ListSubscriptionsByTopic shows instead of an ARN until the address owner clicks the link. */
const PENDING = 'PendingConfirmation';

const inputSchema = z
  .object({
    name: z.string().trim().regex(/^[A-Za-z0-9_-]{1,256}$/, 'a topic name is 1–256 letters, digits, hyphens and underscores').default(DEFAULT_NAME),
    emails: emailList,
    /** Opt-in encryption at rest with a customer managed key. */
    kmsKeyId: z
      .string()
      .trim()
      .refine((key) => !AWS_MANAGED_KEY.test(key), 'the AWS managed key alias/aws/sns cannot be used: CloudWatch alarms and EventBridge cannot publish to a topic encrypted with it, so every alert would be dropped without a word. Leave kmsKeyId out, or give a customer managed key')
      .refine((key) => KMS_KEY.test(key), 'expected a customer managed KMS key: its key id, key ARN, alias/<name> or alias ARN')
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
  /** The topic's tags: a topic this tool made carries the run that made it. */
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

// ---- reading and describing -------------------------------------------------------------

const topicArnOf = (ctx: PlanContext, name: string) => `arn:${ctx.partition}:sns:${ctx.region}:${ctx.accountId}:${name}`;
const findTopic = (state: AlertsTopicState, name: string) => state.topics.find((t) => t.name === name);
const isPending = (s: ObservedSubscription) => s.arn === PENDING;
const emailSubscription = (topic: ObservedTopic, email: string) => topic.subscriptions.find((s) => s.protocol === 'email' && sameEmail(s.endpoint, email));
const subscriptionText = (s: ObservedSubscription) => `${s.endpoint} (${s.protocol}${isPending(s) ? ', unconfirmed' : ''})`;

const POLICY_AFTER = 'only CloudWatch alarms and EventBridge rules of this account may publish; plain-HTTP requests are denied';
const keyText = (key: string | undefined) => (key ? `encrypted with ${key}` : 'not encrypted at rest');
const COSTS = 'Costs: the topic itself is free; SNS email notifications are free for the first 1,000 a month (then USD 2.00 per 100,000), and so are the first million publishes.';
const UNTAGGED_SUBSCRIPTIONS = 'SNS subscriptions cannot be tagged: the ones this run makes are known by the topic they belong to.';
const CONFIRMATION = 'SNS emails each new address a confirmation link: alerts reach an address only once the link is clicked, and SNS deletes a subscription left unconfirmed for 48 hours (run again to send a new link).';
const NOT_ENCRYPTED = 'Not encrypted at rest, and never with the AWS managed key alias/aws/sns: CloudWatch alarms and EventBridge cannot use that key, so their alerts would be dropped without a word. To encrypt, set kmsKeyId to a customer managed key.';
const keyPolicyNote = (key: string) =>
  `The key policy of ${key} must let cloudwatch.amazonaws.com and events.amazonaws.com use kms:Decrypt and kms:GenerateDataKey* (for EventBridge, without aws:SourceAccount or aws:SourceArn conditions). This run does not check it: without it, alerts are dropped without a word.`;
const confirmAdvice = (email: string) => `Confirm the subscription email sent to ${email} (SNS sent a link).`;
const pendingCannotGo = (email: string) =>
  `the subscription of ${email} is still waiting for its confirmation, and SNS cannot remove one that is: SNS deletes it by itself 48 hours after the link was sent unless it is confirmed (if it is, run undo again)`;

function subscribeChange(name: string, topicArn: string, email: string, topicIsNew: boolean): Change<AlertsTopicPayload> {
  return {
    summary: `Subscribe ${email} to the alerts topic "${name}"`,
    before: `${email} gets no alerts`,
    after: `${email} gets every alert, once the link in the confirmation email is clicked`,
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

/** One topic with its policy, key, subscriptions and tags; undefined when it went away meanwhile. */
async function readTopic(sns: Sns, arn: string): Promise<ObservedTopic | undefined> {
  const [attributes, subscriptions, tags] = await Promise.all([readAttributes(sns, arn), readSubscriptions(sns, arn), readTags(sns, arn)]);
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
        throw new Error(`A topic named "${p.name}" appeared while this run was creating it, with another policy or key: not what this run asked for, so it is left alone. Run again to see the plan for it.`);
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

export default defineStep<AlertsTopicState, AlertsTopicInputs, AlertsTopicPayload>({
  id: 'alerts-topic',
  title: 'Security alerts reach a person',
  why: 'Alarms on root sign-ins, leaked keys or a stopped trail, and AWS Health notices, are only worth something if someone reads them: they all go to one SNS topic that emails the people who must act.',
  scope: 'account',
  permissions: {
    // ListTagsForResource: undo deletes a topic only if it carries the tag of the run that made it.
    observe: ['sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:ListTagsForResource'],
    // GetTopicAttributes: after a lost answer, to see whether the topic was made. TagResource:
    // CreateTopic with Tags needs it as well.
    apply: ['sns:CreateTopic', 'sns:TagResource', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe'],
    undo: ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Unsubscribe'],
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
      const question: Question = emailListQuestion('Email addresses for security alerts (comma-separated, up to 10):', current, security ? [security] : []);
      return [question];
    },
  },

  async observe(ctx) {
    const sns = await ctx.aws.use('sns');
    const { client, sdk } = sns;
    const arns = await collectPages(sdk.paginateListTopics({ client }, {}), (page) => page.Topics?.map((t) => t.TopicArn ?? ''));
    const topics = await Promise.all(arns.filter(Boolean).map((arn) => readTopic(sns, arn)));
    return { topics: topics.filter((t): t is ObservedTopic => t !== undefined) };
  },

  provides(state, inputs, ctx): AlertsTopicProvides {
    return { topicArn: findTopic(state, inputs.name)?.arn ?? topicArnOf(ctx, inputs.name) };
  },

  plan(state, inputs, ctx) {
    const { name, emails, kmsKeyId } = inputs;
    const existing = findTopic(state, name);
    const topicArn = existing?.arn ?? topicArnOf(ctx, name);
    const wanted = alertsTopicPolicy({ partition: ctx.partition, accountId: ctx.accountId, region: ctx.region, topicArn });
    const encryptionNote = kmsKeyId ? keyPolicyNote(kmsKeyId) : NOT_ENCRYPTED;

    if (!existing) {
      return {
        changes: [
          {
            summary: `Create the SNS topic "${name}" for security alerts`,
            before: `no topic named "${name}"`,
            after: `${POLICY_AFTER}; ${keyText(kmsKeyId)}; tagged ${tagsText(ctx.runId)}`,
            payload: { action: 'create-topic', name, topicArn, policy: JSON.stringify(wanted), ...(kmsKeyId ? { kmsKeyId } : {}) },
          },
          ...emails.map((email) => subscribeChange(name, topicArn, email, true)),
        ],
        notes: [
          `Only CloudWatch alarms and EventBridge rules of account ${ctx.accountId} in ${ctx.region} may publish to it, and plain-HTTP requests are denied; IAM users and roles of this account can still publish if their own IAM policies allow it.`,
          encryptionNote,
          ...(emails.length ? [UNTAGGED_SUBSCRIPTIONS] : []),
          CONFIRMATION,
          COSTS,
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
        summary: `Fix the access policy of topic "${name}"`,
        before: [...review.missing, ...review.outsidePublishers].join('; '),
        after: POLICY_AFTER,
        payload: { action: 'fix-policy', name, topicArn, policy: JSON.stringify(review.fixed), ...(existing.policy !== undefined ? { previous: existing.policy } : {}) },
      });
      if (review.outsidePublishers.length) notes.push(`The statements that let others publish are removed; undo puts them back.`);
    }

    const current = existing.kmsKeyId;
    if (current && AWS_MANAGED_KEY.test(current)) {
      changes.push({
        summary: kmsKeyId ? `Encrypt topic "${name}" with ${kmsKeyId} instead of the AWS managed key` : `Stop encrypting topic "${name}" with the AWS managed key`,
        before: `encrypted with the AWS managed key ${current}: CloudWatch alarms and EventBridge cannot use it, so their alerts are dropped without a word`,
        after: keyText(kmsKeyId),
        payload: { action: 'set-key', name, topicArn, ...(kmsKeyId ? { kmsKeyId } : {}), previous: current },
      });
      notes.push(encryptionNote);
    } else if (kmsKeyId && current !== kmsKeyId) {
      changes.push({
        summary: `Encrypt topic "${name}" with ${kmsKeyId}`,
        before: keyText(current),
        after: keyText(kmsKeyId),
        payload: { action: 'set-key', name, topicArn, kmsKeyId, ...(current ? { previous: current } : {}) },
      });
      notes.push(encryptionNote);
    } else if (current) {
      notes.push(keyPolicyNote(current));
    }

    for (const email of emails) {
      const subscription = emailSubscription(existing, email);
      if (!subscription) changes.push(subscribeChange(name, topicArn, email, false));
      else if (isPending(subscription)) advice.push(confirmAdvice(email));
    }
    const others = existing.subscriptions.filter((s) => !(s.protocol === 'email' && emails.some((email) => sameEmail(email, s.endpoint))));
    if (others.length) notes.push(`Other subscriptions of topic "${name}" are left as they are: ${others.map(subscriptionText).join(', ')}.`);
    if (changes.some((c) => c.payload.action === 'subscribe')) notes.push(UNTAGGED_SUBSCRIPTIONS, CONFIRMATION, COSTS);
    if (changes.length) notes.unshift(`The topic "${name}" exists: it is kept, and only what is missing is changed.`);
    return { changes, notes, ...(advice.length ? { advice } : {}) };
  },

  async apply(ctx, change, inputs) {
    const api = await snsApi(ctx);
    const p = change.payload;
    const undo = (kind: string, description: string, extra: Record<string, unknown> = {}): UndoAction => ({ kind, description, change: p, ...extra });
    switch (p.action) {
      case 'create-topic':
        await api.createTopic(p);
        // The addresses this run subscribes: any other subscription found later is someone else's.
        return undo('delete-topic', `Delete the SNS topic "${p.name}" and its subscriptions (it did not exist before)`, { emails: [...inputs.emails] });
      case 'fix-policy':
        await api.setPolicy(p.topicArn, p.policy);
        return p.previous === undefined
          ? undo('restore-topic-policy', `Review the policy of topic "${p.name}"`, { manual: `The topic had no readable policy before this run; review the policy of ${p.topicArn} in the SNS console.` })
          : undo('restore-topic-policy', `Put back the earlier access policy of topic "${p.name}"`);
      case 'set-key':
        await api.setKey(p.topicArn, p.kmsKeyId);
        return undo('restore-topic-key', p.previous
          ? `Encrypt topic "${p.name}" with ${p.previous} again${AWS_MANAGED_KEY.test(p.previous) ? ' (CloudWatch alarms and EventBridge cannot publish through that key)' : ''}`
          : `Stop encrypting topic "${p.name}" again`);
      case 'subscribe': {
        const subscriptionArn = await api.subscribe(p.topicArn, p.email);
        const unconfirmed = p.topicIsNew ? 'if still unconfirmed, it goes with the topic' : 'SNS cannot remove it while unconfirmed, and deletes it 48 hours after the link was sent';
        return undo('unsubscribe', `Unsubscribe ${p.email} from topic "${p.name}" (${unconfirmed})`, { subscriptionArn });
      }
    }
  },

  async undo(ctx, action) {
    const api = await snsApi(ctx);
    const p = action.change as AlertsTopicPayload;
    switch (p.action) {
      case 'create-topic':
        return void (await api.deleteTopic(p.topicArn));
      case 'fix-policy':
        return void (await api.setPolicy(p.topicArn, p.previous!));
      case 'set-key':
        return void (await api.setKey(p.topicArn, p.previous));
      case 'subscribe': {
        const subscription = (await api.readSubscriptions(p.topicArn))?.find((s) => s.protocol === 'email' && sameEmail(s.endpoint, p.email));
        if (!subscription) return;
        if (isPending(subscription)) {
          // The topic this run made is deleted next, and its subscriptions with it.
          if (p.topicIsNew) return;
          // Reached only under --force (undoDrift holds it back otherwise).
          throw new Error(`Cannot unsubscribe: ${pendingCannotGo(p.email)}.`);
        }
        return api.unsubscribe(subscription.arn);
      }
    }
  },

  undoDrift(state, action, recorded) {
    const p = action.change as AlertsTopicPayload;
    const topic = state.topics.find((t) => t.arn === p.topicArn);
    if (!topic) return `the topic "${p.name}" no longer exists`;
    switch (p.action) {
      case 'create-topic': {
        // Deleted only if it carries the tag of the run that recorded making it (an edited log cannot name another topic).
        const notOurs = recorded && notCreatedByRun(topic.tags, recorded.runId, `the topic "${p.name}"`);
        if (notOurs) return notOurs;
        if (!samePolicy(topic.policy, p.policy)) return `the access policy of topic "${p.name}" was changed since this run`;
        if (topic.kmsKeyId !== p.kmsKeyId) return `topic "${p.name}" is now ${keyText(topic.kmsKeyId)} (this run left it ${keyText(p.kmsKeyId)})`;
        const ours = (action.emails as string[] | undefined) ?? [];
        const others = topic.subscriptions.filter((s) => !(s.protocol === 'email' && ours.some((email) => sameEmail(email, s.endpoint))));
        return others.length ? `topic "${p.name}" has subscriptions this run did not make, which deleting it would remove: ${others.map(subscriptionText).join(', ')}` : undefined;
      }
      case 'fix-policy':
        return samePolicy(topic.policy, p.policy) ? undefined : `the access policy of topic "${p.name}" was changed since this run`;
      case 'set-key':
        return topic.kmsKeyId === p.kmsKeyId ? undefined : `topic "${p.name}" is now ${keyText(topic.kmsKeyId)} (this run left it ${keyText(p.kmsKeyId)})`;
      case 'subscribe': {
        const subscription = emailSubscription(topic, p.email);
        if (!subscription) return `${p.email} is no longer subscribed to topic "${p.name}"`;
        return isPending(subscription) && !p.topicIsNew ? pendingCannotGo(p.email) : undefined;
      }
    }
  },
});
