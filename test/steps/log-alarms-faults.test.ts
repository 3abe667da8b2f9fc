/**
 * log-alarms when AWS makes the change and the answer is lost (a 500, a reset connection, a
 * hung answer): every mutating call of apply and undo is retried safely, and each run ends with
 * one filter and one alarm per kind of event, no failure, and exactly one undo record per change.
 */
import { describe, expect, it } from 'vitest';
import step, { ALARM_SPECS, nameOf } from '../../steps/log-alarms.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';
import { addLogGroup, addTopic, HOME, LOG_GROUP, standIns } from './log-alarms.standins.js';

// Short enough that a hung answer times out quickly, long enough for any simulated call.
const clientOptions = { attemptTimeoutMs: 100 };
type LostAnswer = Omit<SimFault, 'service' | 'action' | 'region'>;
const lostAnswers: Array<[string, LostAnswer]> = [
  ['a 500', { code: 'InternalServerErrorException', status: 500, after: true, times: 1 }],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }],
  ['a timeout', { code: 'InternalServerErrorException', status: 500, after: true, times: 1, hangMs: 300 }],
];
const serviceOf = { PutMetricFilter: 'logs', DeleteMetricFilter: 'logs', PutMetricAlarm: 'cloudwatch', DeleteAlarms: 'cloudwatch' } as const;
type Action = keyof typeof serviceOf;

/** An account whose trail log group and topic exist; with `ours`, a filter and alarm of our names that differ (replaced, then restored). */
function account(ours = false) {
  const sim = new SimulatedAccount(freshAccountState());
  addLogGroup(sim.state);
  addTopic(sim.state);
  if (ours) {
    const region = sim.state.regional[HOME]!;
    region.metricFilters = [{ logGroupName: LOG_GROUP, filterName: nameOf(ALARM_SPECS[0]!), filterPattern: '{$.userIdentity.type="Root"}', metricTransformations: [{ metricName: 'Old', metricNamespace: 'Mine', metricValue: '1' }], creationTime: 0 }];
    region.alarms = [{
      AlarmName: nameOf(ALARM_SPECS[0]!), AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:old', ActionsEnabled: true, AlarmActions: [], OKActions: [], InsufficientDataActions: [],
      MetricName: 'Old', Namespace: 'Mine', Statistic: 'Sum', Dimensions: [], Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold',
      StateValue: 'OK', StateReason: '', StateUpdatedTimestamp: '2025-01-01T00:00:00.000Z', AlarmConfigurationUpdatedTimestamp: '2025-01-01T00:00:00.000Z', Tags: [],
    }];
  }
  const steps = [...standIns(sim), step];
  const run = () => runAgainst(sim, { steps, allSteps: steps, regions: [HOME], config: { 'log-alarms': {} }, clientOptions });
  const undo = (logPath: string) => undoAgainst(sim, logPath, { allSteps: steps, clientOptions });
  return { sim, run, undo };
}

const lose = (sim: SimulatedAccount, action: Action, fault: LostAnswer) => sim.inject({ service: serviceOf[action], action, region: HOME, ...fault });
const callsOf = (sim: SimulatedAccount, action: Action) => sim.calls.filter((c) => c.action === action);

/** The log-alarms undo records as "kind name", sorted; each change has exactly one. */
function records(logPath: string): string[] {
  return readUndoLog(logPath).records.flatMap((r) => {
    if (r.type !== 'change' || r.step !== 'log-alarms') return [];
    const change = r.undo.change as { filter?: { filterName: string }; alarm?: { AlarmName: string } };
    return [`${r.undo.kind} ${change.filter?.filterName ?? change.alarm?.AlarmName}`];
  }).sort();
}

const expectedRecords = (first: 'delete' | 'restore') =>
  ALARM_SPECS.flatMap((spec, i) => [`${i === 0 ? first : 'delete'}-metric-filter ${nameOf(spec)}`, `${i === 0 ? first : 'delete'}-alarm ${nameOf(spec)}`]).sort();

function expectOneOfEach(sim: SimulatedAccount): void {
  const region = sim.state.regional[HOME]!;
  expect(region.metricFilters!.map((f) => f.filterName).sort()).toEqual(ALARM_SPECS.map(nameOf).sort());
  expect(region.alarms!.map((a) => a.AlarmName).sort()).toEqual(ALARM_SPECS.map(nameOf).sort());
}

describe('log-alarms: answers lost after AWS made the change', () => {
  for (const [name, fault] of lostAnswers) {
    describe(name, () => {
      for (const action of ['PutMetricFilter', 'PutMetricAlarm'] as const) {
        it(`${action} (apply): sent again by the SDK, it leaves the same one; one undo record per change`, async () => {
          const { sim, run } = account();
          lose(sim, action, fault);
          const { report, undoLogPath } = await run();
          expect(report.results.find((r) => r.step === 'log-alarms')).toMatchObject({ status: 'changed' });
          expectOneOfEach(sim);
          // The one whose answer was lost, its retry, and one for every other kind of event.
          expect(callsOf(sim, action)).toHaveLength(ALARM_SPECS.length + 1);
          expect(records(undoLogPath)).toEqual(expectedRecords('delete'));
        });
      }

      for (const action of ['DeleteMetricFilter', 'DeleteAlarms'] as const) {
        it(`${action} (undo): a retry that finds it gone is done, not a failure`, async () => {
          const { sim, run, undo } = account();
          const { undoLogPath } = await run();
          lose(sim, action, fault);
          const { report } = await undo(undoLogPath);
          expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
          expect(sim.state.regional[HOME]!.metricFilters).toEqual([]);
          expect(sim.state.regional[HOME]!.alarms).toEqual([]);
          const notFound = action === 'DeleteAlarms' ? 'ResourceNotFound' : 'ResourceNotFoundException';
          // One delete per kind of event, plus the SDK's retry of the one whose answer was lost, which found it gone.
          const calls = callsOf(sim, action);
          expect(calls).toHaveLength(ALARM_SPECS.length + 1);
          const retried = calls.filter((c) => c.error === notFound);
          expect(retried).toHaveLength(1);
          expect(calls.filter((c) => JSON.stringify(c.input) === JSON.stringify(retried[0]!.input))).toHaveLength(2);
        });
      }

      for (const action of ['PutMetricFilter', 'PutMetricAlarm'] as const) {
        it(`${action} (undo, putting back what was replaced): sent again harmlessly`, async () => {
          const { sim, run, undo } = account(true);
          const { undoLogPath } = await run();
          expect(records(undoLogPath)).toEqual(expectedRecords('restore'));
          lose(sim, action, fault);
          const { report } = await undo(undoLogPath);
          expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
          expect(sim.state.regional[HOME]!.metricFilters).toMatchObject([{ filterName: nameOf(ALARM_SPECS[0]!), metricTransformations: [{ metricName: 'Old' }] }]);
          expect(sim.state.regional[HOME]!.alarms).toMatchObject([{ AlarmName: nameOf(ALARM_SPECS[0]!), MetricName: 'Old', Threshold: 5 }]);
        });
      }
    });
  }

  it('undo: a delete refused while the alarm is still there is a failure, not taken as done', async () => {
    const { sim, run, undo } = account();
    const { undoLogPath } = await run();
    sim.inject({ service: 'cloudwatch', action: 'DeleteAlarms', code: 'ResourceNotFound', message: 'The named resource does not exist.', times: 1 });
    const { report } = await undo(undoLogPath);
    expect(report.results.filter((r) => r.status === 'failed')).toHaveLength(1);
  });
});
