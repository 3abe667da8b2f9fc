/**
 * SNS makes the change and the answer is lost (a 5xx, a reset connection, a timeout), in apply
 * and in undo: the run still ends as it would have, nothing is doubled, and each change has
 * exactly one undo record.
 */
import { describe, expect, it } from 'vitest';
import step from '../../../steps/alerts-topic/alerts-topic.js';
import { SimulatedAccount, type SimFault } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { confirmSubscription } from '../../../src/sim/services/sns.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { RUN_TAG } from '../../../src/core/tags.js';
import { runAgainst, undoAgainst } from '../../support/wizard.js';

type LostAnswer = Omit<SimFault, 'service' | 'action'>;

const lostAnswers: Array<[string, LostAnswer, { attemptTimeoutMs?: number }]> = [
  ['a 500', { code: 'InternalError', status: 500, after: true, times: 1 }, {}],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }, {}],
  ['a timeout', { code: 'InternalError', status: 500, after: true, times: 1, hangMs: 200 }, { attemptTimeoutMs: 50 }],
];

const NAME = 'aws-bootstrap-alerts';
const ARN = `arn:aws:sns:us-east-1:123456789012:${NAME}`;
const config = { 'alerts-topic': { emails: ['sec@example.com', 'ops@example.com'] } };
const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

interface Scenario {
  readonly name: string;
  /** Someone else's topic of our name, there before the run (none: a fresh account). */
  readonly existing: boolean;
  readonly kinds: readonly string[];
  readonly applyCalls: readonly string[];
  readonly undoCalls: readonly string[];
}

const scenarios: Scenario[] = [
  { name: 'create the topic', existing: false, kinds: ['delete-topic', 'unsubscribe', 'unsubscribe'], applyCalls: ['CreateTopic', 'Subscribe'], undoCalls: ['Unsubscribe', 'DeleteTopic'] },
  {
    name: 'adopt and fix a topic',
    existing: true,
    kinds: ['restore-topic-policy', 'restore-topic-key', 'unsubscribe'],
    applyCalls: ['SetTopicAttributes', 'Subscribe'],
    undoCalls: ['Unsubscribe', 'SetTopicAttributes'],
  },
];

async function startOf(scenario: Scenario): Promise<SimulatedAccount> {
  const sim = new SimulatedAccount(freshAccountState());
  if (scenario.existing) {
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('sns');
    await client.send(new sdk.CreateTopicCommand({ Name: NAME, Attributes: { KmsMasterKeyId: 'alias/aws/sns' } }));
    await client.send(new sdk.SubscribeCommand({ TopicArn: ARN, Protocol: 'email', Endpoint: 'sec@example.com' }));
    confirmSubscription(sim.state, ARN, 'sec@example.com');
  }
  return sim;
}

const topics = (sim: SimulatedAccount) => sim.state.regional['us-east-1']!.snsTopics ?? [];
/** The topics as they would be had the clean run been this run: the topic it made carries this run's id. */
const asIfRun = (sim: SimulatedAccount, logPath: string) => {
  const run = readUndoLog(logPath).records[0]!.run;
  return topics(sim).map((t) => ({ ...t, Tags: t.Tags.map((tag) => (tag.Key === RUN_TAG ? { ...tag, Value: run } : tag)) }));
};
const changeKinds = (logPath: string) => readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [r.undo.kind] : []));
/** The injected fault hit a call (a hung one has no answer yet: its client gave up on it). */
const faultFired = (sim: SimulatedAccount, action: string) => sim.calls.some((c) => c.action === action && (c.error !== undefined || c.end === undefined));

async function stillPlanned(sim: SimulatedAccount) {
  const ctx = { ...planCtx, dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
  return step.plan(await step.observe(ctx), step.inputs!.schema.parse(config['alerts-topic']), ctx).changes.map((c) => c.summary);
}

describe('alerts-topic: a lost answer after SNS made the change', () => {
  for (const scenario of scenarios) {
    describe(scenario.name, async () => {
      // The same run without faults: the state every faulted run must end in.
      const clean = await startOf(scenario);
      await runAgainst(clean, { steps: [step], allSteps: [step], config });

      for (const action of scenario.applyCalls) {
        for (const [faultName, fault, clientOptions] of lostAnswers) {
          it(`apply, ${action} answered by ${faultName}: done once, one undo record per change`, async () => {
            const sim = await startOf(scenario);
            sim.inject({ service: 'sns', action, ...fault });
            const { report, undoLogPath } = await runAgainst(sim, { steps: [step], allSteps: [step], config, clientOptions });
            expect(faultFired(sim, action)).toBe(true);
            expect(report.results.map((r) => r.status)).toEqual(['action needed']);
            expect(changeKinds(undoLogPath)).toEqual(scenario.kinds);
            expect(topics(sim)).toEqual(asIfRun(clean, undoLogPath));
            expect(await stillPlanned(sim)).toEqual([]);
          });
        }
      }

      for (const action of scenario.undoCalls) {
        for (const [faultName, fault, clientOptions] of lostAnswers) {
          it(`undo, ${action} answered by ${faultName}: the account is back where it started`, async () => {
            const sim = await startOf(scenario);
            const start = structuredClone(topics(sim));
            const { undoLogPath } = await runAgainst(sim, { steps: [step], allSteps: [step], config });
            // Confirmed, so that undo unsubscribes rather than waiting for SNS to drop them.
            for (const email of ['sec@example.com', 'ops@example.com']) confirmSubscription(sim.state, ARN, email);
            sim.inject({ service: 'sns', action, ...fault });
            const { report } = await undoAgainst(sim, undoLogPath, { allSteps: [step], clientOptions });
            expect(faultFired(sim, action)).toBe(true);
            expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
            expect(topics(sim)).toEqual(start);
          });
        }
      }
    });
  }
});

describe('alerts-topic: what appeared while a create was lost is not taken for ours', () => {
  it('a topic of our name with another policy: a clear error, and no second create', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const ctx = { ...planCtx, dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
    const given = step.inputs!.schema.parse(config['alerts-topic']);
    const [create] = step.plan(await step.observe(ctx), given, ctx).changes;
    const { client, sdk } = await ctx.aws.use('sns');
    await client.send(new sdk.CreateTopicCommand({ Name: NAME }));
    // The request is lost before it arrives (nothing was made by it), and meanwhile someone else made the topic.
    sim.inject({ service: 'sns', action: 'CreateTopic', code: 'InternalError', status: 500, times: 1 });
    await expect(step.apply(ctx, create!, given)).rejects.toThrow(
      `A topic named "${NAME}" appeared while this run was creating it, with another policy or key: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
    );
    expect(sim.calls.filter((c) => c.action === 'CreateTopic')).toHaveLength(2);
  });
});
