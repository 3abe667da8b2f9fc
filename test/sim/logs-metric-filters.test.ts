import { InvalidParameterException, LimitExceededException, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { patternParses } from '../../src/sim/services/logs-metric-filters.js';
import type { SimState } from '../../src/sim/state.js';
import { simService } from '../support/sim.js';

const REGION = 'eu-west-1';
const GROUP = '/aws/cloudtrail/example';
const metric = (metricName = 'RootAccountUsage') => ({ metricName, metricNamespace: 'LogMetrics', metricValue: '1' });

/** A log group put straight into the state (log groups come with the CloudTrail step's simulation). */
function withLogGroup(state: SimState, name = GROUP, region = REGION): void {
  const regional = state.regional[region]!;
  (regional.logGroups ??= []).push({ logGroupName: name, arn: `arn:aws:logs:${region}:${state.accountId}:log-group:${name}:*`, creationTime: 0, storedBytes: 0, tags: {} });
}

async function logs() {
  const env = await simService('logs', REGION);
  withLogGroup(env.sim.state);
  return env;
}

describe('simulated CloudWatch Logs metric filters', () => {
  it('puts a filter on a log group, shows it as DescribeMetricFilters does, and a put with the same name replaces it', async () => {
    const { sim, client, sdk } = await logs();
    await client.send(new sdk.PutMetricFilterCommand({ logGroupName: GROUP, filterName: 'root', filterPattern: '{$.userIdentity.type="Root"}', metricTransformations: [metric()] }));
    const { metricFilters, nextToken } = await client.send(new sdk.DescribeMetricFiltersCommand({ logGroupName: GROUP }));
    expect(nextToken).toBeUndefined();
    expect(metricFilters).toEqual([{ filterName: 'root', filterPattern: '{$.userIdentity.type="Root"}', logGroupName: GROUP, metricTransformations: [metric()], creationTime: expect.any(Number) }]);
    await client.send(new sdk.PutMetricFilterCommand({ logGroupName: GROUP, filterName: 'root', filterPattern: '{$.eventName=CreateUser}', metricTransformations: [metric('Users')] }));
    expect(sim.state.regional[REGION]!.metricFilters).toMatchObject([{ filterName: 'root', filterPattern: '{$.eventName=CreateUser}', metricTransformations: [metric('Users')] }]);
    // Without a log group: every filter of the region.
    expect((await client.send(new sdk.DescribeMetricFiltersCommand({}))).metricFilters).toHaveLength(1);
  });

  it('answers a log group or filter that does not exist with ResourceNotFoundException', async () => {
    const { client, sdk } = await logs();
    const put = client.send(new sdk.PutMetricFilterCommand({ logGroupName: '/no/such/group', filterName: 'f', filterPattern: '', metricTransformations: [metric()] }));
    await expect(put).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(put).rejects.toMatchObject({ message: 'The specified log group does not exist.' });
    await expect(client.send(new sdk.DescribeMetricFiltersCommand({ logGroupName: '/no/such/group' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const remove = client.send(new sdk.DeleteMetricFilterCommand({ logGroupName: GROUP, filterName: 'never-made' }));
    await expect(remove).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'The specified metric filter does not exist.' });
  });

  it('deletes a filter, and a second delete is refused', async () => {
    const { sim, client, sdk } = await logs();
    await client.send(new sdk.PutMetricFilterCommand({ logGroupName: GROUP, filterName: 'f', filterPattern: 'ERROR', metricTransformations: [metric()] }));
    await client.send(new sdk.DeleteMetricFilterCommand({ logGroupName: GROUP, filterName: 'f' }));
    expect(sim.state.regional[REGION]!.metricFilters).toEqual([]);
    await expect(client.send(new sdk.DeleteMetricFilterCommand({ logGroupName: GROUP, filterName: 'f' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    ['two metric transformations', { metricTransformations: [metric(), metric('Other')] }, /metricTransformations/],
    ['a pattern whose brackets do not close', { filterPattern: '{($.eventName=CreateUser}' }, /Invalid metric filter pattern/],
    ['an unclosed quote', { filterPattern: '{$.eventName="CreateUser}' }, /Invalid metric filter pattern/],
    ['a pattern over 1024 characters', { filterPattern: `{$.eventName=${'x'.repeat(1020)}}` }, /filterPattern/],
    ['a filter name with a colon', { filterName: 'a:b' }, /filterName/],
    ['a metric name with a dollar sign', { metricTransformations: [metric('a$b')] }, /metricName/],
    ['both a default value and dimensions', { metricTransformations: [{ ...metric(), defaultValue: 0, dimensions: { user: '$.userIdentity.arn' } }] }, /defaultValue and dimensions/],
  ])('refuses %s with InvalidParameterException', async (_what, change, message) => {
    const { sim, client, sdk } = await logs();
    const input = { logGroupName: GROUP, filterName: 'f', filterPattern: '{$.eventName=CreateUser}', metricTransformations: [metric()], ...change };
    const put = client.send(new sdk.PutMetricFilterCommand(input));
    await expect(put).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(put).rejects.toMatchObject({ message });
    expect(sim.state.regional[REGION]!.metricFilters ?? []).toEqual([]);
  });

  it('holds at most 100 filters per log group', async () => {
    const { sim, client, sdk } = await logs();
    // 99 already there, the 100th through the API.
    sim.state.regional[REGION]!.metricFilters = Array.from({ length: 99 }, (_, i) => ({ filterName: `f${i}`, filterPattern: '', logGroupName: GROUP, metricTransformations: [metric()], creationTime: 0 }));
    await client.send(new sdk.PutMetricFilterCommand({ logGroupName: GROUP, filterName: 'f99', filterPattern: '', metricTransformations: [metric()] }));
    await expect(client.send(new sdk.PutMetricFilterCommand({ logGroupName: GROUP, filterName: 'f100', filterPattern: '', metricTransformations: [metric()] }))).rejects.toBeInstanceOf(LimitExceededException);
    // Replacing one of the hundred is still fine.
    await client.send(new sdk.PutMetricFilterCommand({ logGroupName: GROUP, filterName: 'f7', filterPattern: 'ERROR', metricTransformations: [metric()] }));
  });

  it('pages DescribeMetricFilters by limit, and checks its parameters', async () => {
    const { sim, client, sdk } = await logs();
    withLogGroup(sim.state, '/other');
    for (const [group, name] of [[GROUP, 'b'], [GROUP, 'a'], ['/other', 'c']] as const) {
      await client.send(new sdk.PutMetricFilterCommand({ logGroupName: group, filterName: name, filterPattern: '', metricTransformations: [metric(name)] }));
    }
    const first = await client.send(new sdk.DescribeMetricFiltersCommand({ limit: 2 }));
    const second = await client.send(new sdk.DescribeMetricFiltersCommand({ limit: 2, nextToken: first.nextToken }));
    expect([...first.metricFilters!, ...second.metricFilters!].map((f) => `${f.logGroupName} ${f.filterName}`)).toEqual(['/aws/cloudtrail/example a', '/aws/cloudtrail/example b', '/other c']);
    expect(second.nextToken).toBeUndefined();
    const byMetric = await client.send(new sdk.DescribeMetricFiltersCommand({ metricName: 'c', metricNamespace: 'LogMetrics' }));
    expect(byMetric.metricFilters!.map((f) => f.filterName)).toEqual(['c']);
    await expect(client.send(new sdk.DescribeMetricFiltersCommand({ filterNamePrefix: 'a' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.DescribeMetricFiltersCommand({ metricName: 'c' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(client.send(new sdk.DescribeMetricFiltersCommand({ limit: 51 }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('tells a pattern that parses from one that does not', () => {
    expect(patternParses('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }')).toBe(true);
    expect(patternParses('[ip, user, status=4*]')).toBe(true);
    expect(patternParses('ERROR')).toBe(true);
    expect(patternParses('{ ($.eventName = "a)b") }')).toBe(true);
    expect(patternParses('{ ($.eventName = ConsoleLogin) ')).toBe(false);
    expect(patternParses('{ ($.eventName = ConsoleLogin)) }')).toBe(false);
    expect(patternParses('{ (eventName = ConsoleLogin) }')).toBe(false);
  });
});
