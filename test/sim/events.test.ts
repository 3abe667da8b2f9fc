import { InvalidEventPatternException, LimitExceededException, ManagedRuleException, ResourceNotFoundException } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const HEALTH = JSON.stringify({ source: ['aws.health'] });
const HOME_BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/default';
const ROLE = 'arn:aws:iam::123456789012:role/forward';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';

const eventBridge = () => simService('events', 'eu-west-1');

describe('simulated EventBridge rules', () => {
  it('creates a rule (enabled unless said), describes it with its creator, and lists it', async () => {
    const { client, sdk } = await eventBridge();
    const { RuleArn } = await client.send(new sdk.PutRuleCommand({ Name: 'health', EventPattern: HEALTH, Description: 'Health events' }));
    expect(RuleArn).toBe('arn:aws:events:eu-west-1:123456789012:rule/health');
    expect(await client.send(new sdk.DescribeRuleCommand({ Name: 'health' }))).toMatchObject({
      Name: 'health', Arn: RuleArn, EventPattern: HEALTH, State: 'ENABLED', Description: 'Health events', EventBusName: 'default', CreatedBy: '123456789012',
    });
    const { Rules } = await client.send(new sdk.ListRulesCommand({}));
    expect(Rules).toEqual([{ Name: 'health', Arn: RuleArn, EventPattern: HEALTH, State: 'ENABLED', Description: 'Health events', EventBusName: 'default' }]);
  });

  it('replaces every field on update (what is left out is cleared) but keeps tags and targets', async () => {
    const { client, sdk } = await eventBridge();
    await client.send(new sdk.PutRuleCommand({ Name: 'health', EventPattern: HEALTH, Description: 'old', Tags: [{ Key: 'k', Value: 'v' }] }));
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC }] }));
    await client.send(new sdk.PutRuleCommand({ Name: 'health', EventPattern: HEALTH, State: 'DISABLED', Tags: [{ Key: 'ignored', Value: 'x' }] }));
    const rule = await client.send(new sdk.DescribeRuleCommand({ Name: 'health' }));
    expect(rule.State).toBe('DISABLED');
    expect(rule).not.toHaveProperty('Description');
    expect((await client.send(new sdk.ListTargetsByRuleCommand({ Rule: 'health' }))).Targets).toEqual([{ Id: 't', Arn: TOPIC }]);
    // The tags given at creation, read by ARN; the update's were ignored.
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceARN: rule.Arn }))).Tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('lists a rule\'s tags by ARN (none when created without), refuses a rule that is not there, and bad tags as EventBridge does', async () => {
    const { client, sdk } = await eventBridge();
    const { RuleArn } = await client.send(new sdk.PutRuleCommand({ Name: 'plain', EventPattern: HEALTH }));
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([]);
    await expect(client.send(new sdk.ListTagsForResourceCommand({ ResourceARN: RuleArn!.replace('plain', 'none') }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    for (const Tags of [[{ Key: '', Value: 'v' }], [{ Key: 'k'.repeat(129), Value: 'v' }], [{ Key: 'k', Value: 'v'.repeat(257) }], [{ Key: 'aws:k', Value: 'v' }], Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))]) {
      await expect(client.send(new sdk.PutRuleCommand({ Name: 'tagged', EventPattern: HEALTH, Tags }))).rejects.toMatchObject({ name: 'ValidationException' });
    }
    expect((await client.send(new sdk.ListRulesCommand({}))).Rules!.map((r) => r.Name)).toEqual(['plain']);
  });

  it('answers a missing rule with ResourceNotFoundException, as EventBridge words it', async () => {
    const { client, sdk } = await eventBridge();
    for (const call of [new sdk.DescribeRuleCommand({ Name: 'none' }), new sdk.ListTargetsByRuleCommand({ Rule: 'none' }), new sdk.PutTargetsCommand({ Rule: 'none', Targets: [{ Id: 't', Arn: TOPIC }] }), new sdk.RemoveTargetsCommand({ Rule: 'none', Ids: ['t'] })]) {
      await expect(client.send(call as never)).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Rule none does not exist on EventBus default.' });
    }
    await expect(client.send(new sdk.ListRulesCommand({ EventBusName: 'other' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses bad names, no pattern, and patterns EventBridge would not accept', async () => {
    const { client, sdk } = await eventBridge();
    await expect(client.send(new sdk.PutRuleCommand({ Name: 'bad name', EventPattern: HEALTH }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/at 'name' failed to satisfy constraint/) });
    await expect(client.send(new sdk.PutRuleCommand({ Name: 'r' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.' });
    for (const pattern of ['{', '{}', '{"source":"aws.health"}', '{"source":[]}', '[]']) {
      await expect(client.send(new sdk.PutRuleCommand({ Name: 'r', EventPattern: pattern }))).rejects.toBeInstanceOf(InvalidEventPatternException);
    }
    await expect(client.send(new sdk.PutRuleCommand({ Name: 'r', EventPattern: HEALTH, State: 'ON' as never }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('takes content filters of the kinds EventBridge has, and refuses malformed ones', async () => {
    const { client, sdk } = await eventBridge();
    const put = (detail: unknown) => client.send(new sdk.PutRuleCommand({ Name: 'r', EventPattern: JSON.stringify({ source: ['aws.guardduty'], detail }) }));
    for (const good of [
      { severity: [{ numeric: ['>=', 7] }] }, { severity: [{ numeric: ['>', 0, '<=', 5] }] }, { name: [{ 'anything-but': ['GuardDuty'] }] },
      { name: [{ 'anything-but': { prefix: 'x' } }] }, { name: [{ prefix: 'a' }, 'b'] }, { name: [{ exists: false }] }, { $or: [{ a: ['1'] }, { b: [2] }] },
    ]) await expect(put(good), JSON.stringify(good)).resolves.toHaveProperty('RuleArn');
    for (const bad of [
      { severity: [{ numeric: ['=>', 7] }] }, { severity: [{ numeric: ['>=', '7'] }] }, { severity: [{ numeric: ['<', 9, '>', 1] }] }, { severity: [{ numeric: ['>=', 7, '<'] }] },
      { name: [{ 'anything-but': [] }] }, { name: [{ 'anything-but': ['a', 1] }] }, { name: [{ exists: 'yes' }] }, { name: [{ prefix: 'a', suffix: 'b' }] }, { name: [{ contains: 'a' }] },
    ]) await expect(put(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidEventPatternException);
  });

  it('keeps the rules in name order whichever was made first (EventBridge keeps no order of creation)', async () => {
    const made = async (names: string[]) => {
      const { client, sdk, state } = await eventBridge();
      for (const name of names) await client.send(new sdk.PutRuleCommand({ Name: name, EventPattern: HEALTH }));
      return state().regional['eu-west-1']!.eventRules!.map((r) => r.Name);
    };
    expect(await made(['b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
    expect(await made(['c', 'b', 'a'])).toEqual(['a', 'b', 'c']);
  });

  it('lists by name prefix, sorted, a page at a time', async () => {
    const { client, sdk } = await eventBridge();
    for (const name of ['b-2', 'a-1', 'b-1', 'b-3']) await client.send(new sdk.PutRuleCommand({ Name: name, EventPattern: HEALTH }));
    const first = await client.send(new sdk.ListRulesCommand({ NamePrefix: 'b-', Limit: 2 }));
    expect(first.Rules!.map((r) => r.Name)).toEqual(['b-1', 'b-2']);
    expect(first.NextToken).toBeDefined();
    const second = await client.send(new sdk.ListRulesCommand({ NamePrefix: 'b-', Limit: 2, NextToken: first.NextToken }));
    expect(second.Rules!.map((r) => r.Name)).toEqual(['b-3']);
    expect(second).not.toHaveProperty('NextToken');
    await expect(client.send(new sdk.ListRulesCommand({ NextToken: 'forged' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new sdk.ListRulesCommand({ Limit: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('deletes a rule only once its targets are removed; deleting it again is no error; the last one leaves no trace', async () => {
    const { sim, client, sdk } = await eventBridge();
    await client.send(new sdk.PutRuleCommand({ Name: 'health', EventPattern: HEALTH }));
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC }] }));
    await expect(client.send(new sdk.DeleteRuleCommand({ Name: 'health' }))).rejects.toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });
    // Removing ids the rule does not have is not an error.
    expect(await client.send(new sdk.RemoveTargetsCommand({ Rule: 'health', Ids: ['t', 'other'] }))).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    await client.send(new sdk.DeleteRuleCommand({ Name: 'health' }));
    await client.send(new sdk.DeleteRuleCommand({ Name: 'health' }));
    expect(sim.state.regional['eu-west-1']).not.toHaveProperty('eventRules');
  });

  it('leaves rules an AWS service manages alone unless forced', async () => {
    const { sim, client, sdk } = await eventBridge();
    sim.state.regional['eu-west-1']!.eventRules = [{ Name: 'managed', Arn: 'arn:aws:events:eu-west-1:123456789012:rule/managed', EventBusName: 'default', EventPattern: HEALTH, State: 'ENABLED', ManagedBy: 'health.amazonaws.com', Tags: [], targets: [] }];
    await expect(client.send(new sdk.PutRuleCommand({ Name: 'managed', EventPattern: HEALTH }))).rejects.toBeInstanceOf(ManagedRuleException);
    await expect(client.send(new sdk.DeleteRuleCommand({ Name: 'managed' }))).rejects.toBeInstanceOf(ManagedRuleException);
    await client.send(new sdk.DeleteRuleCommand({ Name: 'managed', Force: true }));
  });
});

describe('simulated EventBridge targets', () => {
  async function withRule() {
    const env = await eventBridge();
    await env.client.send(new env.sdk.PutRuleCommand({ Name: 'health', EventPattern: HEALTH }));
    return env;
  }

  it('needs a role to send to an event bus in another region, and keeps it when the same target comes without one', async () => {
    const { client, sdk } = await withRule();
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 'bus', Arn: HOME_BUS }] }))).rejects.toMatchObject({
      name: 'ValidationException', message: `RoleArn is required for target ${HOME_BUS}.`,
    });
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 'bus', Arn: HOME_BUS, RoleArn: ROLE }] }));
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 'bus', Arn: HOME_BUS }] }));
    expect((await client.send(new sdk.ListTargetsByRuleCommand({ Rule: 'health' }))).Targets).toEqual([{ Id: 'bus', Arn: HOME_BUS, RoleArn: ROLE }]);
  });

  it('checks input transformers: placeholders must be defined (or EventBridge\'s own), one kind of input only', async () => {
    const { client, sdk } = await withRule();
    const transformer = (template: string) => ({ InputPathsMap: { service: '$.detail.service' }, InputTemplate: template });
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC, InputTransformer: transformer('"<service> via <aws.events.rule-name>"') }] }));
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC, InputTransformer: transformer('"<region>"') }] }))).rejects.toMatchObject({
      name: 'ValidationException', message: 'InputTemplate for target t contains invalid placeholder region.',
    });
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC, Input: '{}', InputPath: '$.detail' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC, Input: 'not json' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('keeps a topic target in the rule\'s region, and at most five targets a rule', async () => {
    const { client, sdk } = await withRule();
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: 'arn:aws:sns:us-east-1:123456789012:alerts' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    const targets = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ Id: `t${i + from}`, Arn: TOPIC }));
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: targets(5) }));
    // The same ids again replace, they do not add.
    await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: targets(2) }));
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: targets(1, 5) }))).rejects.toBeInstanceOf(LimitExceededException);
    await expect(client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: targets(11) }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('reports target writes that meet another writer per entry, with the call itself succeeding', async () => {
    const { sim, client, sdk } = await withRule();
    sim.state.regional['eu-west-1']!.eventRules![0]!.concurrentWriters = 1;
    const answer = await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC }] }));
    expect(answer).toMatchObject({ FailedEntryCount: 1, FailedEntries: [{ TargetId: 't', ErrorCode: 'ConcurrentModificationException' }] });
    expect((await client.send(new sdk.ListTargetsByRuleCommand({ Rule: 'health' }))).Targets).toEqual([]);
    expect(await client.send(new sdk.PutTargetsCommand({ Rule: 'health', Targets: [{ Id: 't', Arn: TOPIC }] }))).toMatchObject({ FailedEntryCount: 0 });
    expect(sim.state.regional['eu-west-1']!.eventRules![0]).not.toHaveProperty('concurrentWriters');
  });
});
