/**
 * SNS in the simulated account: standard topics with their attributes (policy, encryption) and
 * subscriptions. An email subscription stays pending until its owner clicks the link SNS mails;
 * tests stand in for that person with `confirmSubscription`.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimSnsSubscription, SimSnsTopic } from '../alerting-state.js';
import { awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { nextUuid, type SimState } from '../state.js';

const { InvalidParameterException, NotFoundException, ResourceNotFoundException, SNSServiceException } = loadSdk('sns');

type Input = Record<string, unknown>;

/** SNS answers list calls 100 at a time (ListTopics, ListSubscriptionsByTopic). */
const PAGE_SIZE = 100;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,261})$/;
/** What CreateTopic takes for a standard topic; SetTopicAttributes takes the same but FifoTopic. */
const CREATE_ATTRIBUTES = ['DeliveryPolicy', 'DisplayName', 'Policy', 'KmsMasterKeyId', 'SignatureVersion', 'TracingConfig', 'FifoTopic', 'DataProtectionPolicy', 'ArchivePolicy'];
const SET_ATTRIBUTES = CREATE_ATTRIBUTES.filter((name) => name !== 'FifoTopic');
const PROTOCOLS = ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose'];
// SNS's own check is looser than ours: something@something.tld.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** What an email or email-json subscription shows in ListSubscriptionsByTopic until it is confirmed. */
const PENDING = 'PendingConfirmation';

const invalid = (what: string) => awsError(InvalidParameterException, `Invalid parameter: ${what}`);
const topicNotFound = () => awsError(NotFoundException, 'Topic does not exist', 404);

const topicsOf = (state: SimState, region: string): SimSnsTopic[] => {
  const regional = state.regional[region]!;
  return (regional.snsTopics ??= []);
};

function existingTopic({ state, region, input }: SimRequest): SimSnsTopic {
  const arn = input.TopicArn;
  const parsed = typeof arn === 'string' ? TOPIC_ARN.exec(arn) : null;
  if (!parsed) throw invalid('TopicArn');
  if (parsed[1] !== region) throw invalid('TopicArn');
  const topic = topicsOf(state, region).find((t) => t.TopicArn === arn);
  if (!topic) throw topicNotFound();
  return topic;
}

/** The policy SNS gives a topic created without one: the account may do anything with it. */
function defaultPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [{
      Sid: '__default_statement_ID',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
      Resource: topicArn,
      Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
    }],
  });
}

/** Checks a topic policy the way SNS does before storing it; returns it as SNS stores it (compact JSON). */
function checkedPolicy(value: unknown): string {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(String(value)) as { Statement?: unknown };
  } catch {
    throw invalid('Policy Error: null');
  }
  const statements = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  if (!statements.length) throw invalid('Policy Error: null');
  for (const statement of statements as Input[]) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw invalid('Policy Error: null');
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) throw invalid('Policy Error: null');
    const actions = [statement.Action ?? statement.NotAction].flat();
    if (!actions.length || actions.some((a) => typeof a !== 'string' || !(a === '*' || /^sns:/i.test(a)))) {
      throw invalid('Policy statement action out of service scope!');
    }
  }
  return JSON.stringify(document);
}

/** Validates one attribute for CreateTopic or SetTopicAttributes; returns the value to store ('' removes it). */
function checkedAttribute(name: string, value: unknown, allowed: readonly string[]): string {
  if (!allowed.includes(name)) throw invalid('AttributeName');
  if (typeof value !== 'string') throw invalid(name);
  if (name === 'Policy') return checkedPolicy(value);
  if (name === 'FifoTopic' && value !== 'false') throw invalid('Attributes Reason: this simulation has standard topics only');
  if (name === 'KmsMasterKeyId' && value !== '' && !/^(alias\/[A-Za-z0-9/_-]{1,250}|[0-9a-f-]{36}|mrk-[0-9a-f]{32}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+)$/.test(value)) {
    throw invalid('KmsMasterKeyId');
  }
  return value;
}

/** The attributes GetTopicAttributes returns: what was set plus the counts SNS keeps. */
function attributesOf(topic: SimSnsTopic, accountId: string): Record<string, string> {
  const pending = topic.subscriptions.filter((s) => !s.confirmed).length;
  return {
    ...topic.Attributes,
    TopicArn: topic.TopicArn,
    Owner: accountId,
    SubscriptionsConfirmed: String(topic.subscriptions.length - pending),
    SubscriptionsPending: String(pending),
    SubscriptionsDeleted: '0',
  };
}

/** Checks tags as SNS does (keys 1–128 characters, values up to 256, at most 50). */
function tagsOf(value: unknown): Array<{ Key: string; Value: string }> {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) throw invalid('Tags');
  return value.map((tag: Input) => {
    if (typeof tag.Key !== 'string' || typeof tag.Value !== 'string' || tag.Key.length < 1 || tag.Key.length > 128 || tag.Value.length > 256) throw invalid('Tags');
    return { Key: tag.Key, Value: tag.Value };
  });
}

const sameTags = (a: ReadonlyArray<{ Key: string; Value: string }>, b: ReadonlyArray<{ Key: string; Value: string }>) =>
  a.length === b.length && a.every((x) => b.some((y) => x.Key === y.Key && x.Value === y.Value));

/** A subscription as ListSubscriptionsByTopic shows it: unconfirmed ones have no ARN yet. */
const listed = ({ SubscriptionArn, Owner, Protocol, Endpoint, TopicArn }: SimSnsSubscription) => ({ SubscriptionArn, Owner, Protocol, Endpoint, TopicArn });

/**
 * Test helper, standing in for the person who clicks the link in the confirmation email: the
 * pending subscription of `endpoint` to `topicArn` becomes confirmed and gets its ARN. Returns
 * false when there is no such pending subscription.
 */
export function confirmSubscription(state: SimState, topicArn: string, endpoint: string): boolean {
  const region = TOPIC_ARN.exec(topicArn)?.[1];
  const topic = region ? state.regional[region]?.snsTopics?.find((t) => t.TopicArn === topicArn) : undefined;
  const subscription = topic?.subscriptions.find((s) => s.Endpoint === endpoint && !s.confirmed);
  if (!subscription) return false;
  subscription.confirmed = true;
  subscription.SubscriptionArn = subscription.arnWhenConfirmed;
  return true;
}

const sns: SimService = {
  ServiceException: SNSServiceException,
  handlers: {
    CreateTopic: (request: SimRequest) => {
      const { state, region, input } = request;
      const name = input.Name;
      if (typeof name !== 'string' || !TOPIC_NAME.test(name)) throw invalid('Topic Name');
      const given = Object.entries((input.Attributes ?? {}) as Input).map(([key, value]) => [key, checkedAttribute(key, value, CREATE_ATTRIBUTES)] as const);
      const tags = tagsOf(input.Tags);
      const arn = `arn:aws:sns:${region}:${state.accountId}:${name}`;
      const existing = topicsOf(state, region).find((t) => t.TopicArn === arn);
      if (existing) {
        // Idempotent: the same request answers the same topic; a different one is refused.
        if (given.some(([key, value]) => (existing.Attributes[key] ?? '') !== value)) throw invalid('Attributes Reason: Topic already exists with different attributes');
        if (input.Tags !== undefined && !sameTags(existing.Tags, tags)) throw invalid('Tags Reason: Topic already exists with different tags');
        return { TopicArn: arn };
      }
      const attributes: Record<string, string> = {
        Policy: defaultPolicy(arn, state.accountId),
        DisplayName: '',
        EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}',
      };
      for (const [key, value] of given) {
        if (value === '') delete attributes[key];
        else attributes[key] = value;
      }
      topicsOf(state, region).push({ TopicArn: arn, Attributes: attributes, Tags: tags, subscriptions: [] });
      return { TopicArn: arn };
    },
    GetTopicAttributes: (request: SimRequest) => ({ Attributes: attributesOf(existingTopic(request), request.state.accountId) }),
    SetTopicAttributes: (request: SimRequest) => {
      const topic = existingTopic(request);
      const name = String(request.input.AttributeName ?? '');
      const value = checkedAttribute(name, request.input.AttributeValue ?? '', SET_ATTRIBUTES);
      // An empty value takes the attribute off (an empty KmsMasterKeyId turns encryption off).
      if (value === '') delete topic.Attributes[name];
      else topic.Attributes[name] = value;
      return {};
    },
    // Idempotent: deleting a topic that does not exist is no error. Its subscriptions go with it.
    DeleteTopic: (request: SimRequest) => {
      const { state, region, input } = request;
      if (typeof input.TopicArn !== 'string' || !TOPIC_ARN.test(input.TopicArn)) throw invalid('TopicArn');
      state.regional[region]!.snsTopics = topicsOf(state, region).filter((t) => t.TopicArn !== input.TopicArn);
      return {};
    },
    // A topic's tags (given to CreateTopic); subscriptions take none. A missing topic is
    // ResourceNotFound here, not the NotFound of the other topic calls.
    ListTagsForResource: ({ state, region, input }: SimRequest) => {
      const arn = input.ResourceArn;
      if (typeof arn !== 'string' || TOPIC_ARN.exec(arn)?.[1] !== region) throw invalid('ResourceArn');
      const topic = topicsOf(state, region).find((t) => t.TopicArn === arn);
      if (!topic) throw awsError(ResourceNotFoundException, 'Resource does not exist', 404);
      return { Tags: topic.Tags.map(({ Key, Value }) => ({ Key, Value })) };
    },
    ListTopics: ({ state, region, input }: SimRequest) => {
      const { page, next } = pageOf(topicsOf(state, region).map((t) => ({ TopicArn: t.TopicArn })), input.NextToken, undefined, PAGE_SIZE, () => invalid('NextToken'));
      return { Topics: page, ...(next ? { NextToken: next } : {}) };
    },

    Subscribe: (request: SimRequest) => {
      const topic = existingTopic(request);
      const { state, input } = request;
      const protocol = input.Protocol;
      const endpoint = input.Endpoint;
      if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol)) throw invalid('Protocol');
      if (typeof endpoint !== 'string' || !endpoint) throw invalid('Endpoint');
      if ((protocol === 'email' || protocol === 'email-json') && !EMAIL.test(endpoint)) throw invalid('Email address');
      if (input.Attributes !== undefined && Object.keys(input.Attributes as Input).length) throw invalid('Attributes Reason: this simulation takes no subscription attributes');
      const answer = (s: SimSnsSubscription) => ({ SubscriptionArn: s.confirmed || input.ReturnSubscriptionArn === true ? s.arnWhenConfirmed : 'pending confirmation' });
      // The same topic, protocol and endpoint again answers the subscription already there
      // (a pending one gets its confirmation email again): never a second subscription.
      const existing = topic.subscriptions.find((s) => s.Protocol === protocol && s.Endpoint === endpoint);
      if (existing) return answer(existing);
      // Email needs its owner's confirmation; the other protocols are taken as confirmed at once here.
      const confirmed = protocol !== 'email' && protocol !== 'email-json';
      const arn = `${topic.TopicArn}:${nextUuid(state)}`;
      const subscription: SimSnsSubscription = {
        SubscriptionArn: confirmed ? arn : PENDING,
        Protocol: protocol,
        Endpoint: endpoint,
        Owner: state.accountId,
        TopicArn: topic.TopicArn,
        arnWhenConfirmed: arn,
        confirmed,
      };
      topic.subscriptions.push(subscription);
      return answer(subscription);
    },
    ListSubscriptionsByTopic: (request: SimRequest) => {
      const topic = existingTopic(request);
      const { page, next } = pageOf(topic.subscriptions.map(listed), request.input.NextToken, undefined, PAGE_SIZE, () => invalid('NextToken'));
      return { Subscriptions: page, ...(next ? { NextToken: next } : {}) };
    },
    Unsubscribe: ({ state, region, input }: SimRequest) => {
      const arn = input.SubscriptionArn;
      if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+:[0-9a-f-]{36}$/.test(arn)) throw invalid('SubscriptionArn');
      for (const topic of topicsOf(state, region)) {
        const subscription = topic.subscriptions.find((s) => s.arnWhenConfirmed === arn);
        if (!subscription) continue;
        // SNS cannot remove an unconfirmed subscription; it deletes it by itself after 48 hours.
        if (!subscription.confirmed) throw invalid('SubscriptionArn Reason: Cannot unsubscribe a subscription that is pending confirmation');
        topic.subscriptions = topic.subscriptions.filter((s) => s !== subscription);
        return {};
      }
      throw awsError(NotFoundException, 'Subscription does not exist', 404);
    },
  },
};
export default sns;
