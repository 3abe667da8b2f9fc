/**
 * log-alarms through the real engine, after the real alerts-topic step and a stand-in for the
 * cloudtrail step (the trail's log group; see log-alarms.standins.ts): fresh →
 * applied → compliant, a second run and a dry run change nothing, the full preview, adoption of
 * another tool's filters and alarms, declining the trail, access denied on PutMetricFilter, and
 * an undo round trip.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import alertsTopic from '../../steps/alerts-topic/alerts-topic.js';
import ebs from '../../steps/ebs-encryption-by-default.js';
import step, { ALARM_SPECS } from '../../steps/log-alarms.js';
import { iamActionFor } from '../../src/aws/clients.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { rechained } from '../support/undo-log.js';
import { runAgainst, ScriptedHost, tempDir, undoAgainst } from '../support/wizard.js';
import { comparable } from '../support/state.js';
import { addLogGroup, HOME, LOG_GROUP, standIns, TOPIC_ARN } from './log-alarms.standins.js';

const regions = [HOME];
const config = { 'alerts-topic': { emails: ['security@example.com'] }, 'log-alarms': {} };

function setUp(prepare?: (sim: SimulatedAccount) => void) {
  const sim = new SimulatedAccount(freshAccountState());
  prepare?.(sim);
  const [cloudtrail] = standIns(sim);
  const steps = [cloudtrail!, alertsTopic, step];
  return { sim, steps, run: (extra: Parameters<typeof runAgainst>[1] = {}) => runAgainst(sim, { steps, allSteps: steps, regions, config, ...extra }) };
}

/** The account as a person compares it: an empty list is the same as none. */
const asCompared = (sim: SimulatedAccount) => JSON.parse(JSON.stringify(comparable(sim.state), (_key, value: unknown) => (Array.isArray(value) && !value.length ? undefined : value)));

const rowOf = <R extends { step: string }>(report: { results: readonly R[] }, id: string) => report.results.filter((r) => r.step === id);
const mutating = (sim: SimulatedAccount) => sim.mutatingCalls().filter((c) => c.service === 'logs' || c.service === 'cloudwatch');

describe('log-alarms through the engine', () => {
  it('fresh account: the filters and alarms are made after the trail and topic, then read back as compliant; a second run changes nothing', async () => {
    const { sim, run } = setUp();
    const { report } = await run();
    // The topic waits for its subscription to be confirmed; the alarms send to it all the same.
    expect(report.results.map((r) => [r.step, r.status])).toEqual([['cloudtrail', 'changed'], ['alerts-topic', 'action needed'], ['log-alarms', 'changed']]);
    expect(rowOf(report, 'log-alarms')[0]).toMatchObject({ changes: expect.arrayContaining(['Create the alarm "aws-bootstrap-root-account-usage" (CloudWatch.1: root user activity)']) });
    const region = sim.state.regional[HOME]!;
    expect(region.metricFilters!.map((f) => f.logGroupName)).toEqual(ALARM_SPECS.map(() => LOG_GROUP));
    expect(region.alarms!.every((a) => a.AlarmActions.join() === TOPIC_ARN)).toBe(true);
    expect(mutating(sim)).toHaveLength(2 * ALARM_SPECS.length);

    const before = sim.calls.length;
    const again = await run();
    expect(again.report.results.map((r) => r.status)).toEqual(['compliant', 'action needed', 'compliant']);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it('dry run on a fresh account: the full preview against the log group the trail will make, zero mutating calls', async () => {
    const { sim, run } = setUp();
    const { report, output } = await run({ dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    expect(rowOf(report, 'log-alarms').map((r) => r.status)).toEqual(['would change']);
    for (const spec of ALARM_SPECS) {
      expect(output).toContain(`Add the metric filter "aws-bootstrap-${spec.id}"\n        metric filter: none with the ${spec.control} pattern → the ${spec.control} pattern (${spec.follows}), counted as LogMetrics/${spec.metricName}`);
      expect(output).toContain(`Create the alarm "aws-bootstrap-${spec.id}" (${spec.control}: ${spec.watches})\n        alarm: none notifies the alerts topic → Sum ≥ ${spec.threshold} in 5 minutes of LogMetrics/${spec.metricName}, notifies aws-bootstrap-alerts`);
    }
    expect(output).toContain(`Filters on the CloudTrail log group ${LOG_GROUP}; alarms notify ${TOPIC_ARN}.`);
    expect(output).toContain('Cost: 19 new alarms × about USD 0.10 a month = about USD 1.90 a month');
    // A dry run has no run id yet.
    expect(output).toContain('The new alarms are tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>. Metric filters cannot be tagged (CloudWatch Logs tags log groups, not their filters).');
    // For the report: the preview as a person sees it.
    if (process.env.SHOW_PREVIEW) console.log(output);
  });

  it('every alarm it makes carries aws-bootstrap:managed and the run id of the undo log, from PutMetricAlarm itself', async () => {
    const { sim, run } = setUp();
    const { undoLogPath } = await run();
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    const tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: runId }];
    const alarms = sim.state.regional[HOME]!.alarms!;
    expect(alarms).toHaveLength(ALARM_SPECS.length);
    for (const alarm of alarms) expect(alarm.Tags).toEqual(tags);
    for (const put of sim.mutatingCalls().filter((c) => c.action === 'PutMetricAlarm')) expect(put.input).toMatchObject({ Tags: tags });
  });

  it('a same-named alarm it replaces gains no tags (PutMetricAlarm is sent without them)', async () => {
    const { sim, run } = setUp((s) => {
      addLogGroup(s.state);
      s.state.regional[HOME]!.alarms = [{
        AlarmName: 'aws-bootstrap-root-account-usage', AlarmArn: `arn:aws:cloudwatch:${HOME}:123456789012:alarm:aws-bootstrap-root-account-usage`, ActionsEnabled: true,
        AlarmActions: [], OKActions: [], InsufficientDataActions: [], MetricName: 'Old', Namespace: 'Mine', Statistic: 'Sum',
        Dimensions: [], Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', StateValue: 'OK',
        StateReason: '', StateUpdatedTimestamp: '2025-01-01T00:00:00.000Z', AlarmConfigurationUpdatedTimestamp: '2025-01-01T00:00:00.000Z', Tags: [],
      }];
    });
    const { report, output } = await run();
    expect(rowOf(report, 'log-alarms')).toMatchObject([{ status: 'changed' }]);
    expect(output).toContain('A replaced alarm keeps its own tags: this run did not make it.');
    const replaced = sim.state.regional[HOME]!.alarms!.find((a) => a.AlarmName === 'aws-bootstrap-root-account-usage')!;
    expect(replaced).toMatchObject({ MetricName: 'RootAccountUsage', Tags: [] });
    const put = sim.mutatingCalls().find((c) => c.action === 'PutMetricAlarm' && (c.input as { AlarmName: string }).AlarmName === replaced.AlarmName)!;
    expect(put.input).not.toHaveProperty('Tags');
  });

  it('undo leaves an alarm named by an edited log alone unless it carries this run\'s tag; --force deletes it anyway', async () => {
    const { sim, steps, run } = setUp();
    const { undoLogPath } = await run();
    // Someone else's alarm, untagged, set up like one of ours; the log edited to say this run made it.
    const ours = sim.state.regional[HOME]!.alarms!.find((a) => a.AlarmName === 'aws-bootstrap-root-account-usage')!;
    sim.state.regional[HOME]!.alarms!.push({ ...structuredClone(ours), AlarmName: 'team-root-usage', AlarmArn: `arn:aws:cloudwatch:${HOME}:123456789012:alarm:team-root-usage`, Tags: [] });
    const lines = readFileSync(undoLogPath, 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.undo?.kind === 'delete-alarm' && record.undo.change.alarm.AlarmName === ours.AlarmName) record.undo.change.alarm.AlarmName = 'team-root-usage';
      return JSON.stringify(record);
    });
    const tampered = join(tempDir(), 'undo.jsonl');
    writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);
    const alarmNames = () => sim.state.regional[HOME]!.alarms!.map((a) => a.AlarmName);

    const { report } = await undoAgainst(sim, tampered, { allSteps: steps });
    expect(report.results.filter((r) => r.status !== 'undone')).toEqual([expect.objectContaining({
      step: 'log-alarms',
      status: 'skipped',
      detail: 'the alarm "team-root-usage" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway',
    })]);
    expect(alarmNames()).toEqual(['aws-bootstrap-root-account-usage', 'team-root-usage']);

    const forced = await undoAgainst(sim, tampered, { allSteps: steps, force: true });
    expect(forced.report.results.map((r) => r.status)).toEqual(['undone']);
    expect(alarmNames()).toEqual(['aws-bootstrap-root-account-usage']);
  });

  it('adopts another tool\'s filter and alarm for the same pattern, and a second run makes nothing', async () => {
    const { sim, run } = setUp((s) => {
      addLogGroup(s.state);
      const region = s.state.regional[HOME]!;
      region.metricFilters = [{
        logGroupName: LOG_GROUP, filterName: 'CIS-RootAccountUsage', creationTime: 0,
        filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
        metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
      }];
      region.alarms = [{
        AlarmName: 'CIS-1.1-RootAccountUsage', AlarmArn: `arn:aws:cloudwatch:${HOME}:123456789012:alarm:CIS-1.1-RootAccountUsage`, ActionsEnabled: true,
        AlarmActions: [TOPIC_ARN], OKActions: [], InsufficientDataActions: [], MetricName: 'RootAccountUsage', Namespace: 'CISBenchmark', Statistic: 'Sum',
        Dimensions: [], Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', StateValue: 'OK',
        StateReason: '', StateUpdatedTimestamp: '2025-01-01T00:00:00.000Z', AlarmConfigurationUpdatedTimestamp: '2025-01-01T00:00:00.000Z', Tags: [],
      }];
    });
    const { report, output } = await run();
    expect(output).toContain('Already watched: root user activity (filter "CIS-RootAccountUsage", alarm "CIS-1.1-RootAccountUsage").');
    expect(rowOf(report, 'log-alarms')).toMatchObject([{ status: 'changed' }]);
    const region = sim.state.regional[HOME]!;
    expect(region.metricFilters!.filter((f) => f.filterPattern.includes('"Root"'))).toHaveLength(1);
    expect(region.alarms!.filter((a) => a.MetricName === 'RootAccountUsage').map((a) => a.AlarmName)).toEqual(['CIS-1.1-RootAccountUsage']);
    expect(mutating(sim)).toHaveLength(2 * (ALARM_SPECS.length - 1));
    const before = sim.calls.length;
    expect((await run()).report.results.map((r) => r.status)).toEqual(['compliant', 'action needed', 'compliant']);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
  });

  it('declining the trail skips the alarms with that reason; nothing is made', async () => {
    const { sim, run } = setUp();
    const host = new ScriptedHost(true, {}, ['no', 'yes']);
    const { report } = await run({ host });
    expect(rowOf(report, 'log-alarms')).toEqual([expect.objectContaining({ status: 'skipped', detail: 'needs "CloudTrail records every API call", which is not done: you chose not to apply it' })]);
    expect(rowOf(report, 'alerts-topic')).toMatchObject([{ status: 'action needed' }]);
    expect(mutating(sim)).toEqual([]);
  });

  it('access denied on logs:PutMetricFilter: this step fails naming the permission, everything else completes', async () => {
    const { sim, steps } = setUp();
    sim.inject({ service: 'logs', action: 'PutMetricFilter', code: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: logs:PutMetricFilter' });
    const all = [...steps, ebs];
    const { report, undoLogPath } = await runAgainst(sim, { steps: all, allSteps: all, regions, config });
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([
      expect.objectContaining({ step: 'log-alarms', detail: expect.stringMatching(/^logs:PutMetricFilter in us-east-1 failed: AccessDeniedException: .*grant logs:PutMetricFilter/) }),
    ]);
    expect(report.results.filter((r) => r.step !== 'log-alarms').map((r) => [r.step, r.status])).toEqual([['cloudtrail', 'changed'], ['alerts-topic', 'action needed'], ['ebs-encryption-by-default', 'changed']]);
    expect(report.exitCode).toBe(1);
    // The alarms are made side by side with the filters: each one made is recorded, none hidden.
    const recorded = readUndoLog(undoLogPath).records.filter((r) => r.type === 'change' && r.step === 'log-alarms');
    expect(recorded).toHaveLength((sim.state.regional[HOME]!.alarms ?? []).length);
    expect(sim.state.regional[HOME]!.metricFilters ?? []).toEqual([]);
  });

  it('undo takes every filter and alarm back, before the topic (and trail), and the account is as it started', async () => {
    const { sim, steps, run } = setUp();
    const start = asCompared(sim);
    const { undoLogPath } = await run();
    const records = readUndoLog(undoLogPath).records.flatMap((r) => (r.type === 'change' && r.step === 'log-alarms' ? [r.undo.kind] : []));
    expect(records.sort()).toEqual(ALARM_SPECS.flatMap(() => ['delete-metric-filter', 'delete-alarm']).sort());
    const before = sim.calls.length;
    const undo = await undoAgainst(sim, undoLogPath, { allSteps: steps });
    expect(undo.report.results.filter((r) => r.status !== 'undone')).toEqual([]);
    // The alarms' deletes come before the trail's log group goes (which would take the filters with it).
    const deletes = mutating(sim).filter((c) => c.seq > before).map((c) => c.action);
    expect(new Set(deletes)).toEqual(new Set(['DeleteMetricFilter', 'DeleteAlarms']));
    expect(deletes).toHaveLength(2 * ALARM_SPECS.length);
    const topicUndone = sim.calls.find((c) => c.seq > before && c.service === 'sns' && c.mutating)!;
    expect(Math.max(...mutating(sim).filter((c) => c.seq > before).map((c) => c.seq))).toBeLessThan(topicUndone.seq);
    expect(asCompared(sim)).toEqual(start);
    // Every call the step made is one it declares, for the phase it was made in.
    const actions = (calls: typeof sim.calls) => [...new Set(calls.filter((c) => c.lane?.startsWith('log-alarms@')).map((c) => iamActionFor(c.service, c.action)))].sort();
    const { observe, apply, undo: undoing = [] } = step.permissions;
    // cloudwatch:TagResource is never called: AWS checks it for the Tags PutMetricAlarm carries.
    // cloudwatch:ListTagsForResource only in undo's read before it decides (the alarms' tags say which run made them).
    expect(actions(sim.calls.slice(0, before))).toEqual([...observe, ...apply].filter((a) => a !== 'cloudwatch:TagResource' && a !== 'cloudwatch:ListTagsForResource').sort());
    expect(actions(sim.calls.slice(before))).toContain('cloudwatch:ListTagsForResource');
    expect(actions(sim.calls.slice(before)).filter((a) => ![...observe, ...undoing].includes(a))).toEqual([]);
    expect((await undoAgainst(sim, undoLogPath, { allSteps: steps })).output).toMatch(/Nothing to undo/);
  });
});
