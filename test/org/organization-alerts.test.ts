/**
 * One alerts topic for the organization, in the security account: a fresh organization gets
 * exactly one topic (one subscription, one confirmation email), and a finding, a Health event in
 * a member and an alarm in the management account each reach it, through the simulated
 * organization's delivery (no kinder than AWS: without the policies, nothing arrives).
 */
import { describe, expect, it } from 'vitest';
import { checklist } from '../../steps/index.js';
import { memberState } from '../../src/sim/organization-state.js';
import { putEvent, raiseAlarm } from '../../src/sim/event-delivery.js';
import type { SimState } from '../../src/sim/state.js';
import { exampleConfig, freshOrganization, mutationsByAccount, runOrgAgainst, undoOrgAgainst } from './support.js';

const SECURITY = '210987654301';
const MEMBER = '210987654303';
const chosen = { securityAccount: SECURITY, logArchiveAccount: '210987654302' };
const steps = checklist.filter((s) => ['alerts-topic', 'health-notifications', 'findings-alerts'].includes(s.id));
const TOPIC = `arn:aws:sns:us-east-1:${SECURITY}:aws-bootstrap-alerts`;

const root = (org: ReturnType<typeof freshOrganization>) => org.management.state;
function allTopics(org: ReturnType<typeof freshOrganization>) {
  const states: SimState[] = [root(org), ...root(org).organization!.accounts.flatMap((a) => (a.member ? [a.member] : []))];
  return states.flatMap((s) => Object.values(s.regional).flatMap((r) => r.snsTopics ?? []));
}

const healthEvent = (account: string, region: string) => ({
  version: '0', id: 'h-1', 'detail-type': 'AWS Health Event', source: 'aws.health', account, time: '2026-11-30T09:00:00Z', region, resources: [],
  detail: { eventArn: 'arn:aws:health:us-east-1::event/EC2/x', service: 'EC2', eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', eventTypeCategory: 'scheduledChange', eventRegion: region, startTime: 'Mon, 30 Nov 2026 09:00:00 GMT', eventDescription: [{ language: 'en_US', latestDescription: 'Your instance will be retired.' }] },
});
const findingEvent = (account: string) => ({
  version: '0', id: 'f-1', 'detail-type': 'Security Hub Findings - Imported', source: 'aws.securityhub', account: SECURITY, time: '2026-11-30T09:00:00Z', region: 'us-east-1', resources: [],
  detail: { findings: [{ Id: 'finding-1', Title: 'EC2 instance is querying a domain used by malware', AwsAccountId: account, Region: 'eu-west-1', ProductName: 'GuardDuty', Severity: { Label: 'HIGH' }, Workflow: { Status: 'NEW' }, RecordState: 'ACTIVE', Resources: [{ Type: 'AwsEc2Instance', Id: 'i-0123' }], Description: 'malware' }] },
});

async function applied() {
  const org = freshOrganization({ members: 2, securityAccounts: true });
  const run = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
  return { org, ...run };
}

describe('organization-alerts-topic: one topic for the whole organization', () => {
  it('a fresh organization gets exactly one alerts topic, in the security account, with one subscription', async () => {
    const { org, report } = await applied();
    const failed = [...report.organization!.results, ...report.accounts.flatMap((a) => a.report!.results)].filter((r) => r.status === 'failed');
    expect(failed, JSON.stringify(failed)).toEqual([]);
    const topics = allTopics(org);
    expect(topics.map((t) => t.TopicArn)).toEqual([TOPIC]);
    expect(topics[0]!.subscriptions.map((s) => s.Endpoint)).toEqual(['security@example.com']);
    // Every account's alerts-topic is covered by the organization's.
    for (const outcome of report.accounts) {
      expect(outcome.report!.results.find((r) => r.step === 'alerts-topic')!.coveredBy).toBe('organization-alerts-topic');
    }
  });

  it('a Health event in a member (home region and another region) reaches the one topic, once', async () => {
    const { org } = await applied();
    for (const region of ['us-east-1', 'us-east-2']) {
      const before = allTopics(org)[0]!.published?.length ?? 0;
      const out = putEvent(root(org), MEMBER, region, healthEvent(MEMBER, region));
      expect(out.published.map((p) => p.topicArn), JSON.stringify(out.refused)).toEqual([TOPIC]);
      expect(allTopics(org)[0]!.published!.length).toBe(before + 1);
      expect(out.published[0]!.message).toContain('AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED');
    }
  });

  it('a finding of a member, aggregated in the security account, reaches the topic through the organization findings rule, as readable email', async () => {
    const { org } = await applied();
    const out = putEvent(root(org), SECURITY, 'us-east-1', findingEvent(MEMBER));
    expect(out.published.map((p) => p.topicArn), JSON.stringify(out.refused)).toEqual([TOPIC]);
    expect(out.published[0]!.message).toContain('EC2 instance is querying a domain used by malware');
    expect(out.published[0]!.message).toContain(MEMBER);
  });

  it('an alarm in the management account publishes to the security account\'s topic (its policy lets the organization\'s CloudWatch in)', async () => {
    const { org } = await applied();
    const management = root(org);
    (management.regional['us-east-1']!.alarms ??= []).push({
      AlarmName: 'aws-bootstrap-root-usage', AlarmArn: `arn:aws:cloudwatch:us-east-1:${management.accountId}:alarm:aws-bootstrap-root-usage`, ActionsEnabled: true,
      AlarmActions: [TOPIC], OKActions: [], InsufficientDataActions: [], MetricName: 'RootUsage', Namespace: 'aws-bootstrap', Dimensions: [], Period: 300, EvaluationPeriods: 1,
      Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', StateValue: 'OK', StateReason: '', StateUpdatedTimestamp: '', AlarmConfigurationUpdatedTimestamp: '', Tags: [],
    });
    const out = raiseAlarm(management, management.accountId, 'us-east-1', 'aws-bootstrap-root-usage');
    expect(out.published.map((p) => p.topicArn), JSON.stringify(out.refused)).toEqual([TOPIC]);
  });

  it('no kinder than AWS: without the bus policy a member\'s Health event is dropped; an alarm of an account outside the organization is refused', async () => {
    const { org } = await applied();
    delete memberState(root(org), SECURITY)!.regional['us-east-1']!.eventBusPolicy;
    const out = putEvent(root(org), MEMBER, 'us-east-1', healthEvent(MEMBER, 'us-east-1'));
    expect(out.published).toEqual([]);
    expect(out.refused.join()).toMatch(/bus's policy does not let 210987654303 put events/);
    // The topic's policy without the organization's CloudWatch statement: the management account's alarm is refused.
    const topic = allTopics(org)[0]!;
    const policy = JSON.parse(topic.Attributes.Policy!) as { Statement: Array<{ Sid: string }> };
    topic.Attributes.Policy = JSON.stringify({ ...policy, Statement: policy.Statement.filter((x) => x.Sid !== 'OrganizationAlarmsPublish') });
    const management = root(org);
    (management.regional['us-east-1']!.alarms ??= []).push({
      AlarmName: 'a', AlarmArn: `arn:aws:cloudwatch:us-east-1:${management.accountId}:alarm:a`, ActionsEnabled: true, AlarmActions: [TOPIC], OKActions: [], InsufficientDataActions: [], MetricName: 'm', Namespace: 'n',
      Dimensions: [], Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', StateValue: 'OK', StateReason: '', StateUpdatedTimestamp: '', AlarmConfigurationUpdatedTimestamp: '', Tags: [],
    });
    const alarm = raiseAlarm(management, management.accountId, 'us-east-1', 'a');
    expect(alarm.published).toEqual([]);
    expect(alarm.refused.join()).toMatch(/does not let CloudWatch of 123456789012 publish/);
  }, 60_000);

  it('a dry run and a second run make zero mutating calls; undo takes the topic, its rule and the bus permission back', async () => {
    const org = freshOrganization({ members: 1, securityAccounts: true });
    const plan = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig, dryRun: true });
    expect([...mutationsByAccount(org).values()].every((n) => n === 0)).toBe(true);
    expect(plan.output).toMatch(/Create the SNS topic "aws-bootstrap-alerts" for the organization's alerts in 210987654301 \(security\)/);
    await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
    org.accounts().forEach((sim) => sim.settle());
    const before = mutationsByAccount(org);
    const again = await runOrgAgainst(org, { steps, organization: chosen, config: exampleConfig });
    expect(mutationsByAccount(org)).toEqual(before);
    const ours = again.report.organization!.results.filter((r) => r.step === 'organization-alerts-topic' || r.step === 'organization-findings-alerts');
    expect(ours.map((r) => [r.step, r.status, r.detail])).toEqual(// The address has not clicked the link yet: action needed, never done.
      [['organization-alerts-topic', 'action needed', 'Confirm the subscription email sent to security@example.com (SNS sent a link).'], ['organization-findings-alerts', 'compliant', undefined]]);
    await undoOrgAgainst(org);
    expect(allTopics(org)).toEqual([]);
    const security = memberState(root(org), SECURITY)!.regional['us-east-1']!;
    expect(security.eventBusPolicy).toBeUndefined();
    expect((security.eventRules ?? []).map((r) => r.Name)).toEqual([]);
  }, 120_000);
});
