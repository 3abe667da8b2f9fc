/** alerts-topic driven by the real engine against the simulated account: runs, previews, adoption, undo, failures. */
import { describe, expect, it } from 'vitest';
import step, { type AlertsTopicProvides } from '../../../steps/alerts-topic/alerts-topic.js';
import ebs from '../../../steps/ebs-encryption-by-default.js';
import { iamActionFor } from '../../../src/aws/clients.js';
import { InputError } from '../../../src/core/errors.js';
import { defineStep, type AnyStep } from '../../../src/core/step.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { confirmSubscription } from '../../../src/sim/services/sns.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, tempDir, undoAgainst } from '../../support/wizard.js';
import { inJapanese } from '../../support/language.js';

const NAME = 'aws-bootstrap-alerts';
const ARN = `arn:aws:sns:us-east-1:123456789012:${NAME}`;
const config = (section: Record<string, unknown> = {}) => ({ 'alerts-topic': { emails: ['sec@example.com', 'ops@example.com'], ...section } });
const run = (sim: SimulatedAccount, options: Parameters<typeof runAgainst>[1] = {}) => runAgainst(sim, { steps: [step], allSteps: [step], config: config(), ...options });
const rows = (report: { results: ReadonlyArray<{ step: string; status: string; detail?: string }> }) => report.results.map((r) => [r.step, r.status, r.detail]);
const topics = (sim: SimulatedAccount) => sim.state.regional['us-east-1']!.snsTopics ?? [];
const CONFIRM = (email: string) => `Confirm the subscription email sent to ${email} (SNS sent a link).`;

async function sns(sim: SimulatedAccount) {
  return simulatedClients(sim).forRegion('us-east-1').use('sns');
}

/** A topic of our name made by someone else: SNS's default policy, the AWS managed key, two subscriptions. */
async function existingTopic(sim: SimulatedAccount) {
  const { client, sdk } = await sns(sim);
  await client.send(new sdk.CreateTopicCommand({ Name: NAME, Attributes: { KmsMasterKeyId: 'alias/aws/sns' } }));
  await client.send(new sdk.SubscribeCommand({ TopicArn: ARN, Protocol: 'email', Endpoint: 'sec@example.com' }));
  await client.send(new sdk.SubscribeCommand({ TopicArn: ARN, Protocol: 'email', Endpoint: 'someone@example.com' }));
  confirmSubscription(sim.state, ARN, 'sec@example.com');
  confirmSubscription(sim.state, ARN, 'someone@example.com');
  sim.calls.length = 0;
  return structuredClone(topics(sim));
}

describe('alerts-topic against the simulated account', () => {
  it('fresh: makes the topic and subscriptions, is action needed until each address confirms, then compliant; a second run changes nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const first = await run(sim);
    expect(rows(first.report)).toEqual([['alerts-topic', 'action needed', `${CONFIRM('sec@example.com')} ${CONFIRM('ops@example.com')}`]]);
    expect(first.report.results[0]!.changes).toHaveLength(3);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['CreateTopic', 'Subscribe', 'Subscribe']);
    const [created] = topics(sim);
    expect(created).toMatchObject({ TopicArn: ARN });
    expect(JSON.parse(created!.Attributes.Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AccountManagesTopic', 'CloudWatchAlarmsPublish', 'EventBridgeRulesPublish', 'DenyPlainHttp']);
    expect(created!.Attributes.KmsMasterKeyId).toBeUndefined();

    const before = sim.mutatingCalls().length;
    const second = await run(sim);
    expect(rows(second.report)).toEqual(rows(first.report));
    confirmSubscription(sim.state, ARN, 'sec@example.com');
    expect(rows((await run(sim)).report)).toEqual([['alerts-topic', 'action needed', CONFIRM('ops@example.com')]]);
    confirmSubscription(sim.state, ARN, 'ops@example.com');
    expect(rows((await run(sim)).report)).toEqual([['alerts-topic', 'compliant', undefined]]);
    expect(sim.mutatingCalls()).toHaveLength(before);
  });

  it('dry run: zero mutating calls, and the full preview', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { report, output } = await run(sim, { dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    const preview = output.slice(output.indexOf('[1/1]'), output.indexOf('Summary'));
    expect(preview.split('\n').map((line) => line.trimEnd())).toEqual([
      '[1/1] Security alerts reach a person  alerts-topic',
      `  ${step.why}`,
      `    ~ Create the SNS topic "${NAME}" for security alerts`,
      `        before: no topic named "${NAME}"`,
      // A dry run has no run id yet.
      '        after:  only CloudWatch alarms and EventBridge rules of this account may publish; plain-HTTP requests are denied; not encrypted at rest; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>',
      `    ~ Subscribe sec@example.com to the alerts topic "${NAME}"`,
      '        before: sec@example.com gets no alerts',
      '        after:  sec@example.com gets every alert, once the link in the confirmation email is clicked',
      `    ~ Subscribe ops@example.com to the alerts topic "${NAME}"`,
      '        before: ops@example.com gets no alerts',
      '        after:  ops@example.com gets every alert, once the link in the confirmation email is clicked',
      '  Only CloudWatch alarms and EventBridge rules of account 123456789012 in us-east-1 may publish to it, and plain-HTTP requests are denied; IAM users and roles of this account can still publish if their own IAM policies allow it.',
      '  Not encrypted at rest, and never with the AWS managed key alias/aws/sns: CloudWatch alarms and EventBridge cannot use that key, so their alerts would be dropped without a word. To encrypt, set kmsKeyId to a customer managed key.',
      '  SNS subscriptions cannot be tagged: the ones this run makes are known by the topic they belong to.',
      '  SNS emails each new address a confirmation link: alerts reach an address only once the link is clicked, and SNS deletes a subscription left unconfirmed for 48 hours (run again to send a new link).',
      '  Costs: the topic itself is free; SNS email notifications are free for the first 1,000 a month (then USD 2.00 per 100,000), and so are the first million publishes.',
      '',
      '',
    ]);
  });

  it('a dependent step is previewed in a dry run against the topic this step will create', async () => {
    const seen: string[] = [];
    const dependent = defineStep<object, undefined, string>({
      id: 'uses-topic', title: 'Sends to the alerts topic', why: 'test', scope: 'region', needs: ['alerts-topic'], permissions: { observe: [], apply: [] },
      observe: async () => ({}),
      plan(_state, _inputs, ctx) {
        const { topicArn } = ctx.provided!['alerts-topic'] as AlertsTopicProvides;
        seen.push(`${ctx.region} → ${topicArn}`);
        return { changes: [] };
      },
      apply: async () => ({ kind: 'none', description: 'none' }),
    }) as AnyStep;
    const sim = new SimulatedAccount(freshAccountState());
    await runAgainst(sim, { steps: [step, dependent], allSteps: [step, dependent], config: config(), dryRun: true, regions: ['eu-west-1', 'us-east-1'] });
    expect(seen.sort()).toEqual([`eu-west-1 → ${ARN}`, `us-east-1 → ${ARN}`]);
  });

  it('adopts a topic with confirmed subscriptions as it is: compliant, zero changes', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await run(sim);
    confirmSubscription(sim.state, ARN, 'sec@example.com');
    confirmSubscription(sim.state, ARN, 'ops@example.com');
    const adopted = new SimulatedAccount(structuredClone(sim.state));
    const { report } = await run(adopted);
    expect(rows(report)).toEqual([['alerts-topic', 'compliant', undefined]]);
    expect(adopted.mutatingCalls()).toEqual([]);
  });

  it('adopts an existing topic: fixes its policy, takes the AWS managed key off, adds the missing address, leaves the others; undo restores it', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const start = await existingTopic(sim);
    const { report, undoLogPath } = await run(sim);
    expect(report.results[0]).toMatchObject({ status: 'action needed', detail: CONFIRM('ops@example.com') });
    expect(report.results[0]!.changes).toEqual([`Fix the access policy of topic "${NAME}"`, `Stop encrypting topic "${NAME}" with the AWS managed key`, `Subscribe ops@example.com to the alerts topic "${NAME}"`]);
    expect(sim.mutatingCalls().map((c) => c.action)).toEqual(['SetTopicAttributes', 'SetTopicAttributes', 'Subscribe']);
    const [adopted] = topics(sim);
    expect(adopted!.Attributes.KmsMasterKeyId).toBeUndefined();
    expect(adopted!.subscriptions.map((s) => [s.Endpoint, s.confirmed])).toEqual([['sec@example.com', true], ['someone@example.com', true], ['ops@example.com', false]]);

    // The unconfirmed subscription cannot be removed: held back with the reason, the rest undone.
    const undo = await undoAgainst(sim, undoLogPath, { allSteps: [step] });
    expect(undo.report.results.map((r) => [r.status, r.detail])).toEqual([
      ['skipped', expect.stringMatching(/^the subscription of ops@example.com is still waiting for its confirmation, and SNS cannot remove one that is: SNS deletes it by itself 48 hours after/)],
      ['undone', undefined],
      ['undone', undefined],
    ]);
    expect(topics(sim)[0]!.Attributes).toEqual(start[0]!.Attributes);
    // Once it is confirmed, undo takes it back too.
    confirmSubscription(sim.state, ARN, 'ops@example.com');
    const again = await undoAgainst(sim, undoLogPath, { allSteps: [step] });
    expect(again.report.results.map((r) => r.status)).toEqual(['undone']);
    expect(topics(sim)).toEqual(start);
  });

  it('undo round trip: the topic it made is deleted with its subscriptions, confirmed or not', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    expect(readUndoLog(undoLogPath).records.flatMap((r) => (r.type === 'change' ? [r.undo.kind] : []))).toEqual(['delete-topic', 'unsubscribe', 'unsubscribe']);
    confirmSubscription(sim.state, ARN, 'sec@example.com');
    const mark = sim.calls.length;
    const { report } = await undoAgainst(sim, undoLogPath, { allSteps: [step] });
    expect(report.results.map((r) => r.status)).toEqual(['undone', 'undone', 'undone']);
    // The confirmed one is unsubscribed; the unconfirmed one, which SNS cannot remove, goes with the topic.
    expect(sim.calls.slice(mark).filter((c) => c.mutating).map((c) => c.action)).toEqual(['Unsubscribe', 'DeleteTopic']);
    expect(topics(sim)).toEqual([]);
    expect((await undoAgainst(sim, undoLogPath, { allSteps: [step] })).report.results).toEqual([]);
  });

  it('undo keeps a topic it made when someone else subscribed to it since, and says so', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    const { client, sdk } = await sns(sim);
    await client.send(new sdk.SubscribeCommand({ TopicArn: ARN, Protocol: 'email', Endpoint: 'new-hire@example.com' }));
    const { report } = await undoAgainst(sim, undoLogPath, { allSteps: [step] });
    expect(report.results.at(-1)).toMatchObject({
      status: 'skipped',
      detail: `topic "${NAME}" has subscriptions this run did not make, which deleting it would remove: new-hire@example.com (email, unconfirmed); --force undoes it anyway`,
    });
    expect(topics(sim)).toHaveLength(1);
  });

  it('the topic it makes carries aws-bootstrap:managed and the run id of the undo log; ListTagsForResource shows them', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    const { client, sdk } = await sns(sim);
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: ARN }))).Tags).toEqual([
      { Key: 'aws-bootstrap:managed', Value: 'true' },
      { Key: 'aws-bootstrap:run', Value: runId },
    ]);
    // In the create call itself: no moment without them.
    expect(sim.mutatingCalls().find((c) => c.action === 'CreateTopic')!.input).toMatchObject({ Tags: [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: runId }] });
  });

  it('an adopted topic gains no tags', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await existingTopic(sim);
    const { report } = await run(sim);
    expect(report.results[0]!.changes).toHaveLength(3);
    expect(topics(sim)[0]!.Tags).toEqual([]);
  });

  it('undo leaves a topic named by an edited log alone unless it carries this run\'s tag; --force deletes it anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    // Someone else's topic, untagged, and the log edited to say this run made it.
    const OTHER = 'arn:aws:sns:us-east-1:123456789012:team-alerts';
    const { client, sdk } = await sns(sim);
    await client.send(new sdk.CreateTopicCommand({ Name: 'team-alerts', Attributes: { Policy: topics(sim)[0]!.Attributes.Policy! } }));
    const lines = readFileSync(undoLogPath, 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.undo?.kind === 'delete-topic') Object.assign(record.undo.change, { name: 'team-alerts', topicArn: OTHER });
      return JSON.stringify(record);
    });
    const tampered = join(tempDir(), 'undo.jsonl');
    writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);

    const { report } = await undoAgainst(sim, tampered, { allSteps: [step] });
    expect(report.results.at(-1)).toMatchObject({
      status: 'skipped',
      detail: 'the topic "team-alerts" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway',
    });
    expect(topics(sim).map((t) => t.TopicArn)).toEqual([ARN, OTHER]);

    const forced = await undoAgainst(sim, tampered, { allSteps: [step], force: true });
    expect(forced.report.results.at(-1)).toMatchObject({ status: 'undone' });
    expect(topics(sim).map((t) => t.TopicArn)).toEqual([ARN]);
  });

  it('bad input is refused before any change', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await expect(run(sim, { config: config({ emails: ['sec@example'] }) })).rejects.toThrow(InputError);
    await expect(run(sim, { config: config({ kmsKeyId: 'alias/aws/sns' }) })).rejects.toThrow(/alerts-topic\.kmsKeyId: the AWS managed key alias\/aws\/sns cannot be used/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('access denied on sns:Subscribe fails this step, naming the permission; the other steps complete', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'sns', action: 'Subscribe', code: 'AuthorizationError', status: 403, message: 'not authorized to perform: SNS:Subscribe' }] });
    const { report } = await runAgainst(sim, { steps: [step, ebs], allSteps: [step, ebs], config: config(), regions: ['us-east-1', 'eu-west-1'] });
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed).toEqual([expect.objectContaining({ step: 'alerts-topic', detail: expect.stringMatching(/sns:Subscribe in us-east-1 failed: AuthorizationError.*grant sns:Subscribe/s) })]);
    expect(report.results.filter((r) => r.step === 'ebs-encryption-by-default').map((r) => r.status)).toEqual(['changed', 'changed']);
    expect(report.exitCode).toBe(1);
    // The topic made before the refusal is recorded, so undo can take it back.
    expect(topics(sim)).toHaveLength(1);
  });

  it('declares every IAM action its calls need, phase by phase (observe, apply, undo)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await existingTopic(sim);
    const actionsOf = (from: number) => [...new Set(sim.calls.slice(from).filter((c) => c.lane?.startsWith('alerts-topic@')).map((c) => iamActionFor(c.service, c.action)))].sort();
    const { observe, apply, undo = [] } = step.permissions;
    await run(sim, { dryRun: true });
    expect(actionsOf(0).filter((a) => !observe.includes(a))).toEqual([]);
    let mark = sim.calls.length;
    const { undoLogPath } = await run(sim);
    expect(actionsOf(mark).filter((a) => ![...observe, ...apply].includes(a))).toEqual([]);
    confirmSubscription(sim.state, ARN, 'ops@example.com');
    mark = sim.calls.length;
    await undoAgainst(sim, undoLogPath, { allSteps: [step] });
    expect(actionsOf(mark)).toContain('sns:Unsubscribe');
    expect(actionsOf(mark).filter((a) => ![...observe, ...undo].includes(a))).toEqual([]);
  });
});

describe('alerts-topic in Japanese against the simulated account (issue 12)', () => {

  it('records its undo descriptions in Japanese; the topic holds no text, so a re-run in either language changes nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const start = await existingTopic(sim);
    const { report, undoLogPath } = await inJapanese(() => run(sim));
    expect(report.results[0]).toMatchObject({ status: 'action needed', detail: 'ops@example.com に送られたサブスクリプションの確認メールで、リンクをクリックして確認してください。' });
    expect(readUndoLog(undoLogPath).records.flatMap((r) => (r.type === 'change' ? [[r.undo.kind, r.undo.description]] : []))).toEqual([
      ['restore-topic-policy', `トピック「${NAME}」のアクセスポリシーを以前のものに戻す`],
      ['restore-topic-key', `トピック「${NAME}」を再び alias/aws/sns で暗号化する (CloudWatch アラームと EventBridge はこのキーを通して発行できない)`],
      ['unsubscribe', `トピック「${NAME}」から ops@example.com のサブスクリプションを解除する (未確認の間は SNS で削除できず、リンクの送信から 48 時間後に SNS が削除する)`],
    ]);
    const mutating = sim.mutatingCalls().length;
    await inJapanese(() => run(sim));
    await run(sim);
    expect(sim.mutatingCalls()).toHaveLength(mutating);

    // The unconfirmed subscription is held back, with the reason in Japanese.
    const undo = await inJapanese(() => undoAgainst(sim, undoLogPath, { allSteps: [step] }));
    expect(undo.report.results[0]).toMatchObject({
      status: 'skipped',
      detail: expect.stringMatching(/^ops@example.com のサブスクリプションはまだ確認待ちで、確認待ちのサブスクリプションは SNS で削除できない。/),
    });
    expect(undo.report.results.slice(1).map((r) => r.status)).toEqual(['undone', 'undone']);
    expect(topics(sim)[0]!.Attributes).toEqual(start[0]!.Attributes);
  });
});
