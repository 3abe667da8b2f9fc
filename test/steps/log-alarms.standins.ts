/**
 * Stand-ins for the two steps log-alarms builds on (`cloudtrail`, `alerts-topic`), with the
 * contracts of issue 10: the log group the trail delivers to, and the alerts topic. They make
 * their resources straight in the simulated state, so these tests do not depend on those steps.
 */
import { defineStep, type AnyStep, type PlanContext, type UndoAction } from '../../src/core/step.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import type { SimState } from '../../src/sim/state.js';

export const HOME = 'us-east-1';
export const LOG_GROUP = '/aws/cloudtrail/aws-bootstrap';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:aws-bootstrap-alerts';

/** What both stand-ins provide, as plan and apply get it in `ctx.provided`. */
export const provided = {
  cloudtrail: { logGroupName: LOG_GROUP, logGroupArn: `arn:aws:logs:${HOME}:123456789012:log-group:${LOG_GROUP}:*`, trailArn: `arn:aws:cloudtrail:${HOME}:123456789012:trail/aws-bootstrap` },
  'alerts-topic': { topicArn: TOPIC_ARN },
};
export const planCtx: PlanContext = { accountId: '123456789012', partition: 'aws', region: HOME, provided };

/** The trail's log group, as CloudWatch Logs keeps it. */
export function addLogGroup(state: SimState, name = LOG_GROUP): void {
  (state.regional[HOME]!.logGroups ??= []).push({ logGroupName: name, arn: `arn:aws:logs:${HOME}:${state.accountId}:log-group:${name}:*`, creationTime: 0, storedBytes: 0, tags: {} });
}

export function addTopic(state: SimState): void {
  (state.regional[HOME]!.snsTopics ??= []).push({ TopicArn: TOPIC_ARN, Attributes: {}, Tags: [], subscriptions: [] });
}

const hasLogGroup = (sim: SimulatedAccount) => (sim.state.regional[HOME]!.logGroups ?? []).some((g) => g.logGroupName === LOG_GROUP);
const hasTopic = (sim: SimulatedAccount) => (sim.state.regional[HOME]!.snsTopics ?? []).some((t) => t.TopicArn === TOPIC_ARN);

export function standIns(sim: SimulatedAccount): AnyStep[] {
  const cloudtrail = defineStep<{ made: boolean }, undefined, null>({
    id: 'cloudtrail',
    title: 'CloudTrail records every API call',
    why: 'stand-in',
    scope: 'account',
    permissions: { observe: [], apply: [] },
    async observe() {
      return { made: hasLogGroup(sim) };
    },
    plan(state) {
      return state.made ? { changes: [] } : { changes: [{ summary: 'Create the trail and its log group', before: 'no trail', after: LOG_GROUP, payload: null }] };
    },
    provides: () => provided.cloudtrail,
    async apply(): Promise<UndoAction> {
      addLogGroup(sim.state);
      return { kind: 'delete-log-group', description: `Delete ${LOG_GROUP}` };
    },
    async undo() {
      // As DeleteLogGroup does, the group's metric filters go with it.
      const region = sim.state.regional[HOME]!;
      region.logGroups = (region.logGroups ?? []).filter((g) => g.logGroupName !== LOG_GROUP);
      region.metricFilters = (region.metricFilters ?? []).filter((f) => f.logGroupName !== LOG_GROUP);
    },
  });
  const alertsTopic = defineStep<{ made: boolean }, undefined, null>({
    id: 'alerts-topic',
    title: 'Security alerts reach a person',
    why: 'stand-in',
    scope: 'account',
    permissions: { observe: [], apply: [] },
    async observe() {
      return { made: hasTopic(sim) };
    },
    plan(state) {
      return state.made ? { changes: [] } : { changes: [{ summary: 'Create the alerts topic', before: 'no topic', after: TOPIC_ARN, payload: null }] };
    },
    provides: () => provided['alerts-topic'],
    async apply(): Promise<UndoAction> {
      addTopic(sim.state);
      return { kind: 'delete-topic', description: 'Delete the alerts topic' };
    },
    async undo() {
      const region = sim.state.regional[HOME]!;
      region.snsTopics = (region.snsTopics ?? []).filter((t) => t.TopicArn !== TOPIC_ARN);
    },
  });
  return [cloudtrail, alertsTopic];
}
