/**
 * What the findings-alerts tests share: an account whose alerts topic is done (made by the real
 * alerts-topic step, its email confirmed), runs and undos of the findings step alone, and a
 * small model of EventBridge's matching and input transformation, so the rules' patterns and
 * emails are checked against events shaped as GuardDuty and Security Hub send them (a wrong
 * pattern fails silently on AWS: nothing is ever emailed).
 */
import alertsTopic from '../../../steps/alerts-topic/alerts-topic.js';
import step from '../../../steps/findings-alerts/findings-alerts.js';
import guardduty from '../../../steps/guardduty.js';
import type { AnyStep } from '../../../src/core/step.js';
import { runUndo } from '../../../src/engine/undo.js';
import type { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { patternMatches, targetInput } from '../../../src/sim/event-delivery.js';
import type { SimEventRule, SimEventTarget } from '../../../src/sim/alerting-state.js';
import { ACCOUNT, TOPIC, topicConfig } from '../../support/alerts-topic.js';
import { runAgainst, ScriptedHost, type WizardRun } from '../../support/wizard.js';

export { ACCOUNT, EMAIL, TOPIC, withTopic } from '../../support/alerts-topic.js';
export const allSteps: readonly AnyStep[] = [guardduty, alertsTopic, step];
export const config = topicConfig;


/** The findings step alone (the topic, outside the run, is found done), in these regions. */
export function runFindings(sim: SimulatedAccount, regions: readonly string[], extra: WizardRun = {}) {
  return runAgainst(sim, { steps: [step], allSteps, config, regions, ...extra });
}

/** Undo of the findings step's records only (the topic stays, as in a person's account). */
export function undoFindings(sim: SimulatedAccount, logPath: string, options: { clientOptions?: WizardRun['clientOptions']; force?: boolean; allSteps?: readonly AnyStep[] } = {}) {
  return runUndo({
    allSteps: options.allSteps ?? allSteps,
    only: [step.id],
    clients: simulatedClients(sim, options.clientOptions),
    homeRegion: 'us-east-1',
    logPath,
    dryRun: false,
    force: options.force ?? false,
    concurrency: 8,
    host: new ScriptedHost(false),
    demo: true,
  });
}

// ---- EventBridge's matching and input transformation: the simulation's own (src/sim/event-delivery.ts) --

type Json = unknown;

/** Whether EventBridge would deliver this event to a rule with this pattern. */
export const matches = patternMatches;

/** The text an input transformer makes of an event, for a template of JSON-string lines (as the topic's email shows them). */
export function transform(transformer: { InputPathsMap: Record<string, string>; InputTemplate: string }, event: Json): string {
  const rule = { Name: 'test', Arn: 'arn:aws:events:us-east-1:123456789012:rule/test' } as SimEventRule;
  const filled = targetInput({ Id: 'test', Arn: TOPIC, InputTransformer: transformer } as SimEventTarget, event, rule);
  return filled.split('\n').map((line) => JSON.parse(line) as string).join('\n');
}

/** A GuardDuty finding as EventBridge delivers it (the finding in `detail`, GetFindings' shape). */
export function guardDutyEvent(severity: number, region = 'eu-west-1') {
  return {
    version: '0', id: 'cd2d702e-ab31-411b-9344-793ce56b1bc7', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', account: ACCOUNT, time: '2026-11-30T09:00:00Z', region, resources: [],
    detail: {
      schemaVersion: '2.0', accountId: ACCOUNT, region, partition: 'aws', id: '16afba5c5c43e07c9e3e5e2e544e95df',
      arn: `arn:aws:guardduty:${region}:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/16afba5c5c43e07c9e3e5e2e544e95df`,
      type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      resource: { resourceType: 'AccessKey', accessKeyDetails: { accessKeyId: 'ASIAEXAMPLE', principalId: 'AROAEXAMPLE:i-0abc', userType: 'AssumedRole', userName: 'web-role' } },
      severity, createdAt: '2026-11-30T08:55:00.000Z', updatedAt: '2026-11-30T08:55:00.000Z',
      title: 'Credentials for instance role web-role used from external IP address.',
      description: 'Credentials created exclusively for an EC2 instance using instance role web-role have been used from external IP address 198.51.100.7.',
      service: { serviceName: 'guardduty', archived: false, count: 1 },
    },
  };
}

/** A Security Hub CSPM finding as EventBridge delivers it (one ASFF finding in `detail.findings`). */
export function securityHubEvent(finding: { label?: string; workflow?: string; record?: string; product?: string; region?: string } = {}) {
  const region = finding.region ?? 'eu-west-1';
  const id = `arn:aws:securityhub:${region}:${ACCOUNT}:security-control/S3.8/finding/0f6fd2ca-1b0e-4f7e-9d5e-4a5a3c0a1a11`;
  return {
    version: '0', id: 'CWE-event-id', 'detail-type': 'Security Hub Findings - Imported', source: 'aws.securityhub', account: ACCOUNT, time: '2026-11-30T09:00:00Z', region: 'us-east-1', resources: [id],
    detail: {
      findings: [{
        SchemaVersion: '2018-10-08', Id: id, ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`, ProductName: finding.product ?? 'Security Hub', CompanyName: 'AWS',
        Region: region, GeneratorId: 'security-control/S3.8', AwsAccountId: ACCOUNT, Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
        Title: 'S3 general purpose buckets should block public access', Description: 'This control checks whether an S3 general purpose bucket blocks public access at the bucket level.',
        Severity: { Label: finding.label ?? 'HIGH', Normalized: 70, Original: 'HIGH' },
        Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::example-bucket', Partition: 'aws', Region: region }],
        Compliance: { Status: 'FAILED', SecurityControlId: 'S3.8' },
        Workflow: { Status: finding.workflow ?? 'NEW' }, WorkflowState: finding.workflow ?? 'NEW', RecordState: finding.record ?? 'ACTIVE',
        CreatedAt: '2026-11-30T08:00:00.000Z', UpdatedAt: '2026-11-30T09:00:00.000Z',
      }],
    },
  };
}
