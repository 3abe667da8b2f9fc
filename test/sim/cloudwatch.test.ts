import { InvalidNextToken, InvalidParameterCombinationException, ResourceNotFound, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const REGION = 'eu-west-1';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';

const alarm = (extra: Record<string, unknown> = {}) => ({
  AlarmName: 'root-usage',
  AlarmDescription: 'root user activity',
  AlarmActions: [TOPIC],
  MetricName: 'RootAccountUsage',
  Namespace: 'LogMetrics',
  Statistic: 'Sum' as const,
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
  TreatMissingData: 'notBreaching',
  ...extra,
});

const cloudwatch = () => simService('cloudwatch', REGION);

describe('simulated CloudWatch alarms', () => {
  it('creates an alarm in INSUFFICIENT_DATA and shows it as DescribeAlarms does', async () => {
    const { client, sdk } = await cloudwatch();
    await client.send(new sdk.PutMetricAlarmCommand(alarm()));
    const { MetricAlarms, CompositeAlarms, NextToken } = await client.send(new sdk.DescribeAlarmsCommand({}));
    expect(NextToken).toBeUndefined();
    expect(CompositeAlarms).toEqual([]);
    expect(MetricAlarms).toEqual([{
      ...alarm(),
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:root-usage',
      ActionsEnabled: true,
      OKActions: [],
      InsufficientDataActions: [],
      Dimensions: [],
      // As the Query protocol answers for a single-metric alarm: a reader takes it for "no metric math".
      Metrics: [],
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: expect.any(Date),
      StateTransitionedTimestamp: expect.any(Date),
      AlarmConfigurationUpdatedTimestamp: expect.any(Date),
    }]);
  });

  it('a put with an existing name overwrites the whole configuration and keeps the state', async () => {
    const { sim, client, sdk } = await cloudwatch();
    await client.send(new sdk.PutMetricAlarmCommand(alarm()));
    sim.state.regional[REGION]!.alarms![0]!.StateValue = 'ALARM';
    const { AlarmDescription: _dropped, ...withoutDescription } = alarm({ Threshold: 5 });
    await client.send(new sdk.PutMetricAlarmCommand(withoutDescription));
    const [only, ...others] = (await client.send(new sdk.DescribeAlarmsCommand({}))).MetricAlarms!;
    expect(others).toEqual([]);
    expect(only).toMatchObject({ Threshold: 5, StateValue: 'ALARM' });
    expect(only).not.toHaveProperty('AlarmDescription');
  });

  it('keeps the tags given when the alarm is created for ListTagsForResource; a put of an existing alarm ignores its Tags', async () => {
    const { client, sdk } = await cloudwatch();
    const ARN = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:root-usage';
    const listTags = () => client.send(new sdk.ListTagsForResourceCommand({ ResourceARN: ARN }));
    await client.send(new sdk.PutMetricAlarmCommand(alarm({ Tags: [{ Key: 'owner', Value: 'first' }] })));
    expect((await listTags()).Tags).toEqual([{ Key: 'owner', Value: 'first' }]);
    // "If you are using this operation to update an existing alarm, any tags you specify in this parameter are ignored."
    await client.send(new sdk.PutMetricAlarmCommand(alarm({ Threshold: 2, Tags: [{ Key: 'aws-bootstrap:run', Value: 'r1' }] })));
    expect((await listTags()).Tags).toEqual([{ Key: 'owner', Value: 'first' }]);
    await expect(client.send(new sdk.PutMetricAlarmCommand(alarm({ AlarmName: 'other', Tags: [{ Key: '', Value: 'x' }] })))).rejects.toMatchObject({ name: 'ValidationError' });
    await client.send(new sdk.DeleteAlarmsCommand({ AlarmNames: ['root-usage'] }));
    const gone = listTags();
    await expect(gone).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(gone).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it.each([
    ['a period that is not 10, 20, 30 or a multiple of 60', { Period: 45 }, /Period must be/],
    ['an unknown missing-data treatment', { TreatMissingData: 'never' }, /TreatMissingData/],
    ['a topic in another region', { AlarmActions: ['arn:aws:sns:us-east-1:123456789012:alerts'] }, /Invalid region us-east-1 specified. Only eu-west-1 is supported./],
    ['six alarm actions', { AlarmActions: Array.from({ length: 6 }, (_, i) => `${TOPIC}${i}`) }, /AlarmActions/],
    ['no statistic', { Statistic: undefined }, /Statistic or ExtendedStatistic/],
    ['no threshold', { Threshold: undefined }, /Threshold/],
    ['DatapointsToAlarm above EvaluationPeriods', { DatapointsToAlarm: 2 }, /DatapointsToAlarm/],
    ['an alarm name over 255 characters', { AlarmName: 'a'.repeat(256) }, /alarmName/],
  ])('refuses %s with ValidationError', async (_what, change, message) => {
    const { sim, client, sdk } = await cloudwatch();
    const put = client.send(new sdk.PutMetricAlarmCommand(alarm(change)));
    await expect(put).rejects.toMatchObject({ name: 'ValidationError', message, $metadata: { httpStatusCode: 400 } });
    expect(sim.state.regional[REGION]!.alarms ?? []).toEqual([]);
  });

  it('deletes alarms; a delete of an alarm that is not there is answered ResourceNotFound', async () => {
    const { sim, client, sdk } = await cloudwatch();
    await client.send(new sdk.PutMetricAlarmCommand(alarm()));
    await client.send(new sdk.PutMetricAlarmCommand(alarm({ AlarmName: 'other' })));
    // One right name among wrong ones: the right one is deleted all the same.
    await client.send(new sdk.DeleteAlarmsCommand({ AlarmNames: ['root-usage', 'never-made'] }));
    expect(sim.state.regional[REGION]!.alarms!.map((a) => a.AlarmName)).toEqual(['other']);
    const again = client.send(new sdk.DeleteAlarmsCommand({ AlarmNames: ['root-usage'] }));
    await expect(again).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(again).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('pages DescribeAlarms by MaxRecords and filters by name, prefix and action', async () => {
    const { client, sdk } = await cloudwatch();
    for (const name of ['c', 'a', 'b']) await client.send(new sdk.PutMetricAlarmCommand(alarm({ AlarmName: name, AlarmActions: name === 'b' ? [] : [TOPIC] })));
    const first = await client.send(new sdk.DescribeAlarmsCommand({ MaxRecords: 2 }));
    const second = await client.send(new sdk.DescribeAlarmsCommand({ MaxRecords: 2, NextToken: first.NextToken }));
    expect([...first.MetricAlarms!, ...second.MetricAlarms!].map((a) => a.AlarmName)).toEqual(['a', 'b', 'c']);
    expect((await client.send(new sdk.DescribeAlarmsCommand({ AlarmNames: ['b', 'x'] }))).MetricAlarms!.map((a) => a.AlarmName)).toEqual(['b']);
    expect((await client.send(new sdk.DescribeAlarmsCommand({ ActionPrefix: 'arn:aws:sns:' }))).MetricAlarms!.map((a) => a.AlarmName)).toEqual(['a', 'c']);
    expect((await client.send(new sdk.DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }))).MetricAlarms).toEqual([]);
    await expect(client.send(new sdk.DescribeAlarmsCommand({ AlarmNames: ['a'], AlarmNamePrefix: 'a' }))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    await expect(client.send(new sdk.DescribeAlarmsCommand({ NextToken: 'bogus' }))).rejects.toBeInstanceOf(InvalidNextToken);
  });

  it('keeps alarms per region', async () => {
    const { clients, client, sdk } = await cloudwatch();
    await client.send(new sdk.PutMetricAlarmCommand(alarm()));
    const { client: usEast1 } = await clients.forRegion('us-east-1').use('cloudwatch');
    expect((await usEast1.send(new sdk.DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });
});
