import { InvalidParameterException, NotFoundException, ResourceNotFoundException } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { confirmSubscription } from '../../src/sim/services/sns.js';
import { simService } from '../support/sim.js';

const ARN = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'SNS:Publish', Resource: ARN }] });

async function sns() {
  const env = await simService('sns', 'eu-west-1');
  const { client, sdk } = env;
  const create = (Attributes?: Record<string, string>) => client.send(new sdk.CreateTopicCommand({ Name: 'alerts', ...(Attributes ? { Attributes } : {}) }));
  const attributes = async () => (await client.send(new sdk.GetTopicAttributesCommand({ TopicArn: ARN }))).Attributes!;
  const subscribe = (Endpoint: string, ReturnSubscriptionArn = true) => client.send(new sdk.SubscribeCommand({ TopicArn: ARN, Protocol: 'email', Endpoint, ReturnSubscriptionArn }));
  const subscriptions = async () => (await client.send(new sdk.ListSubscriptionsByTopicCommand({ TopicArn: ARN }))).Subscriptions;
  return { ...env, create, attributes, subscribe, subscriptions };
}

describe('simulated SNS', () => {
  it('creates a topic in the region called, with the default policy SNS writes when none is given', async () => {
    const { sim, client, sdk, create, attributes } = await sns();
    expect(await create()).toMatchObject({ TopicArn: ARN });
    expect(sim.state.regional['us-east-1']!.snsTopics ?? []).toEqual([]);
    const found = await attributes();
    expect(found).toMatchObject({ TopicArn: ARN, Owner: '123456789012', SubscriptionsConfirmed: '0', SubscriptionsPending: '0' });
    expect(JSON.parse(found.Policy!)).toMatchObject({ Id: '__default_policy_ID', Statement: [{ Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } } }] });
    expect(found.KmsMasterKeyId).toBeUndefined();
    expect((await client.send(new sdk.ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: ARN }]);
  });

  it('CreateTopic is idempotent for the same request, and refuses a different one for an existing name', async () => {
    const { sim, create } = await sns();
    await create({ Policy: POLICY });
    expect(await create({ Policy: POLICY })).toMatchObject({ TopicArn: ARN });
    await expect(create({ Policy: POLICY, KmsMasterKeyId: 'alias/alerts' })).rejects.toThrow('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
    expect(sim.state.regional['eu-west-1']!.snsTopics).toHaveLength(1);
  });

  it('keeps the tags given to CreateTopic for ListTagsForResource, refuses bad ones, and answers ResourceNotFound for a missing topic', async () => {
    const { client, sdk } = await sns();
    const Tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: 'r1' }];
    await client.send(new sdk.CreateTopicCommand({ Name: 'alerts', Tags }));
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: ARN }))).Tags).toEqual(Tags);
    await expect(client.send(new sdk.CreateTopicCommand({ Name: 'alerts', Tags: [{ Key: 'aws-bootstrap:run', Value: 'r2' }] }))).rejects.toThrow('Topic already exists with different tags');
    await expect(client.send(new sdk.CreateTopicCommand({ Name: 'other', Tags: [{ Key: '', Value: 'x' }] }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.CreateTopicCommand({ Name: 'other', Tags: [{ Key: 'k'.repeat(129), Value: 'x' }] }))).rejects.toBeInstanceOf(InvalidParameterException);
    const missing = client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: `${ARN}-gone` }));
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(missing).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('stores the policy as compact JSON and refuses a bad one, an action of another service and an unknown attribute', async () => {
    const { client, sdk, create, attributes } = await sns();
    await create({ Policy: JSON.stringify(JSON.parse(POLICY), null, 2) });
    expect((await attributes()).Policy).toBe(POLICY);
    await expect(client.send(new sdk.SetTopicAttributesCommand({ TopicArn: ARN, AttributeName: 'Policy', AttributeValue: '{not json' }))).rejects.toThrow('Invalid parameter: Policy Error: null');
    const s3Action = POLICY.replace('SNS:Publish', 's3:GetObject');
    await expect(client.send(new sdk.SetTopicAttributesCommand({ TopicArn: ARN, AttributeName: 'Policy', AttributeValue: s3Action }))).rejects.toThrow('Policy statement action out of service scope!');
    await expect(client.send(new sdk.SetTopicAttributesCommand({ TopicArn: ARN, AttributeName: 'Colour', AttributeValue: 'red' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.CreateTopicCommand({ Name: 'bad name' }))).rejects.toThrow('Invalid parameter: Topic Name');
  });

  it('turns encryption off when KmsMasterKeyId is set to an empty value', async () => {
    const { client, sdk, create, attributes } = await sns();
    await create({ KmsMasterKeyId: 'alias/aws/sns' });
    expect((await attributes()).KmsMasterKeyId).toBe('alias/aws/sns');
    await client.send(new sdk.SetTopicAttributesCommand({ TopicArn: ARN, AttributeName: 'KmsMasterKeyId', AttributeValue: '' }));
    expect((await attributes()).KmsMasterKeyId).toBeUndefined();
  });

  it('keeps an email subscription pending, without an ARN in the list, until it is confirmed', async () => {
    const { sim, create, subscribe, subscriptions, attributes } = await sns();
    await create();
    const { SubscriptionArn } = await subscribe('a@example.com');
    expect(SubscriptionArn).toMatch(/^arn:aws:sns:eu-west-1:123456789012:alerts:[0-9a-f-]{36}$/);
    expect(await subscribe('a@example.com', false)).toMatchObject({ SubscriptionArn: 'pending confirmation' });
    expect(await subscriptions()).toEqual([{ SubscriptionArn: 'PendingConfirmation', Owner: '123456789012', Protocol: 'email', Endpoint: 'a@example.com', TopicArn: ARN }]);
    expect(await attributes()).toMatchObject({ SubscriptionsPending: '1', SubscriptionsConfirmed: '0' });

    expect(confirmSubscription(sim.state, ARN, 'a@example.com')).toBe(true);
    expect(confirmSubscription(sim.state, ARN, 'a@example.com')).toBe(false);
    expect(await subscriptions()).toEqual([expect.objectContaining({ SubscriptionArn, Endpoint: 'a@example.com' })]);
    expect(await attributes()).toMatchObject({ SubscriptionsPending: '0', SubscriptionsConfirmed: '1' });
    // Subscribing again answers the subscription already there.
    expect(await subscribe('a@example.com', false)).toEqual(expect.objectContaining({ SubscriptionArn }));
    expect(await subscriptions()).toHaveLength(1);
  });

  it('refuses to unsubscribe a pending subscription, unsubscribes a confirmed one, and then answers NotFound', async () => {
    const { sim, client, sdk, create, subscribe, subscriptions } = await sns();
    await create();
    const { SubscriptionArn } = await subscribe('a@example.com');
    const unsubscribe = () => client.send(new sdk.UnsubscribeCommand({ SubscriptionArn }));
    await expect(unsubscribe()).rejects.toThrow('Invalid parameter: SubscriptionArn Reason: Cannot unsubscribe a subscription that is pending confirmation');
    confirmSubscription(sim.state, ARN, 'a@example.com');
    await unsubscribe();
    expect(await subscriptions()).toEqual([]);
    await expect(unsubscribe()).rejects.toBeInstanceOf(NotFoundException);
  });

  it('answers NotFound for a topic that does not exist, refuses a bad email address, and deletes idempotently with the subscriptions', async () => {
    const { sim, client, sdk, create, subscribe, attributes } = await sns();
    await expect(attributes()).rejects.toBeInstanceOf(NotFoundException);
    await expect(subscribe('a@example.com')).rejects.toBeInstanceOf(NotFoundException);
    await create();
    await expect(subscribe('not-an-address')).rejects.toThrow('Invalid parameter: Email address');
    await subscribe('a@example.com');
    await client.send(new sdk.DeleteTopicCommand({ TopicArn: ARN }));
    await client.send(new sdk.DeleteTopicCommand({ TopicArn: ARN }));
    expect(sim.state.regional['eu-west-1']!.snsTopics).toEqual([]);
  });

  it('pages ListTopics and ListSubscriptionsByTopic by 100', async () => {
    const { sim, client, sdk, create, subscribe } = await sns();
    for (let i = 0; i < 101; i++) await client.send(new sdk.CreateTopicCommand({ Name: `t${i}` }));
    const first = await client.send(new sdk.ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect((await client.send(new sdk.ListTopicsCommand({ NextToken: first.NextToken }))).Topics).toHaveLength(1);
    await create();
    for (let i = 0; i < 101; i++) await subscribe(`u${i}@example.com`);
    const page = await client.send(new sdk.ListSubscriptionsByTopicCommand({ TopicArn: ARN }));
    expect(page.Subscriptions).toHaveLength(100);
    expect(page.NextToken).toBeDefined();
    await expect(client.send(new sdk.ListTopicsCommand({ NextToken: 'garbage' }))).rejects.toThrow('Invalid parameter: NextToken');
    expect(sim.mutatingCalls().every((c) => c.action === 'CreateTopic' || c.action === 'Subscribe')).toBe(true);
  });
});
