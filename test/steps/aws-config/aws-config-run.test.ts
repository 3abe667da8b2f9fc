/** config-bucket and aws-config driven by the real engine against the simulated account, in all 17 default regions. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import step from '../../../steps/aws-config/aws-config.js';
import bucketStep from '../../../steps/config-bucket.js';
import ebs from '../../../steps/ebs-encryption-by-default.js';
import { iamActionFor } from '../../../src/aws/clients.js';
import { InputError } from '../../../src/core/errors.js';
import type { AnyStep } from '../../../src/core/step.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { DEFAULT_REGIONS, freshAccountState, type SimState } from '../../../src/sim/state.js';
import { readUndoLog, type ChangeRecord } from '../../../src/undo/log.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, ScriptedHost, tempDir, undoAgainst } from '../../support/wizard.js';

const ACCOUNT = '123456789012';
const BUCKET = `aws-bootstrap-config-${ACCOUNT}-us-east-1`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const STEPS: AnyStep[] = [bucketStep, step];
const run = (sim: SimulatedAccount, options: Parameters<typeof runAgainst>[1] = {}) => runAgainst(sim, { steps: STEPS, allSteps: STEPS, ...options });
const undo = (sim: SimulatedAccount, logPath: string) => undoAgainst(sim, logPath, { allSteps: STEPS });
const statuses = (report: { results: ReadonlyArray<{ step: string; status: string }> }, id: string) => report.results.filter((r) => r.step === id).map((r) => r.status);
const recorders = (sim: SimulatedAccount, region: string) => sim.state.regional[region]!.configRecorders ?? [];

/** The account as undo must leave it: the kept bucket and the id counter aside. */
function shape(state: SimState): unknown {
  const { nextId: _n, s3Buckets: _b, ...rest } = structuredClone(state);
  return rest;
}

describe('AWS Config in every region, through the engine', () => {
  it('fresh: the bucket and role, then a recording recorder and channel in all 17 regions; compliant when read again; a second run changes nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { report } = await run(sim);
    expect(report.exitCode).toBe(0);
    expect(statuses(report, 'config-bucket')).toEqual(['changed']);
    expect(statuses(report, 'aws-config')).toEqual(DEFAULT_REGIONS.map(() => 'changed'));
    for (const region of DEFAULT_REGIONS) {
      expect(recorders(sim, region)).toEqual([expect.objectContaining({ name: 'default', roleARN: ROLE, recording: true, recordingGroup: expect.objectContaining({ includeGlobalResourceTypes: region === 'us-east-1' }) })]);
      expect(sim.state.regional[region]!.deliveryChannels).toEqual([{ name: 'default', s3BucketName: BUCKET }]);
    }
    const mark = sim.mutatingCalls().length;
    const again = await run(sim);
    expect(statuses(again.report, 'aws-config')).toEqual(DEFAULT_REGIONS.map(() => 'compliant'));
    expect(statuses(again.report, 'config-bucket')).toEqual(['compliant']);
    expect(sim.mutatingCalls()).toHaveLength(mark);
  });

  it('dry run: zero mutating calls, and the full preview of both steps for 17 regions', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { report, output } = await run(sim, { dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    const others = DEFAULT_REGIONS.filter((r) => r !== 'us-east-1').sort().join(', ');
    const preview = output.slice(output.indexOf('[1/2]'), output.indexOf('Summary'));
    expect(preview.split('\n').map((line) => line.trimEnd())).toEqual([
      '[1/2] AWS Config has a locked-down bucket to deliver to, and its service-linked role  config-bucket',
      `  ${bucketStep.why}`,
      `    ~ Create the S3 bucket ${BUCKET} for AWS Config's configuration snapshots and history files`,
      '        before: no bucket',
      `        after:  Block Public Access on, ACLs disabled (bucket owner enforced), SSE-S3 encryption, HTTPS only, only AWS Config, for account ${ACCOUNT}, may write AWSLogs/${ACCOUNT}/Config/, objects deleted after 365 days; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>`,
      '    ~ Create the service-linked role AWSServiceRoleForConfig that AWS Config records with',
      '        before: no such role',
      `        after:  ${ROLE}: only AWS Config can use it, with AWS's managed policy AWSConfigServiceRolePolicy (reading resource configurations); tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run> right after it is made (its create call takes no tags)`,
      '  Every enabled region\'s AWS Config delivers to this one bucket. Costs: S3 storage of the files (S3 Standard, about USD 0.023 per GB-month in us-east-1; kept 365 days); a quiet account\'s Config files come to a few MB a month.',
      '  Undo keeps the bucket: what Config delivered there is evidence. It says how to remove it by hand.',
      '',
      '[2/2] AWS Config records resource changes  aws-config',
      `  ${step.why}`,
      `  In 16 regions (${others}):`,
      '    ~ Create the configuration recorder "default"',
      '        before: no configuration recorder',
      '        after:  all resource types, IAM left out; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC; with the service-linked role AWSServiceRoleForConfig; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>',
      `    ~ Deliver Config's snapshots and history to s3://${BUCKET}`,
      '        before: no delivery channel',
      `        after:  delivery channel "default" to s3://${BUCKET}`,
      '    ~ Start recording with the configuration recorder "default"',
      '        before: not recording',
      '        after:  recording',
      '  In us-east-1:',
      '    ~ Create the configuration recorder "default"',
      '        before: no configuration recorder',
      '        after:  all resource types, IAM included; continuous; daily: NetworkInterface, SecurityGroup, Subnet, VPC; with the service-linked role AWSServiceRoleForConfig; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>',
      `    ~ Deliver Config's snapshots and history to s3://${BUCKET}`,
      '        before: no delivery channel',
      `        after:  delivery channel "default" to s3://${BUCKET}`,
      '    ~ Start recording with the configuration recorder "default"',
      '        before: not recording',
      '        after:  recording',
      '  Config cannot tag delivery channels: undo knows the one this run makes by its name in the undo log.',
      '  Costs: AWS Config bills each configuration item it records: USD 0.003 per item recorded continuously, USD 0.012 per item recorded daily (AWS\'s price list for us-east-1 and most regions; see aws.amazon.com/config/pricing for yours). '
        + 'Recording starts with one item per existing resource (a default VPC is about a dozen), then one per change: a quiet account pays cents a month per region, a busy one (autoscaling, containers, Lambda in a VPC) far more; '
        + 'network resources recorded daily cost at most one item a day each, however often they change.',
      '  us-east-1: IAM users, groups, roles and policies are global: they are recorded in the home region (us-east-1) only, so each change is billed once, not once per region.',
      '',
      '',
    ]);
  });

  it('adopts an existing stopped recorder: starts it (no second recorder); undo stops it again and leaves it there', async () => {
    const state = freshAccountState();
    state.iam.roles['config-role'] = {
      RoleName: 'config-role', RoleId: 'AROAEXAMPLE000000002', Arn: `arn:aws:iam::${ACCOUNT}:role/config-role`, Path: '/', CreateDate: '2026-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      inlinePolicies: {}, attachedPolicies: [],
    };
    const theirs = {
      name: 'my-recorder', arn: `arn:aws:config:eu-west-1:${ACCOUNT}:configuration-recorder/my-recorder/abc`, roleARN: `arn:aws:iam::${ACCOUNT}:role/config-role`,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: false, resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
      recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [{ resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkInterface'], recordingFrequency: 'DAILY' }] },
      recording: false,
    };
    state.regional['eu-west-1']!.configRecorders = [structuredClone(theirs)];
    const sim = new SimulatedAccount(state);
    const { report, undoLogPath } = await run(sim, { regions: ['eu-west-1', 'us-east-1'] });
    expect(report.exitCode).toBe(0);
    const row = report.results.find((r) => r.region === 'eu-west-1')!;
    expect(row.changes).toEqual([`Deliver Config's snapshots and history to s3://${BUCKET}`, 'Start recording with the configuration recorder "my-recorder"']);
    expect(recorders(sim, 'eu-west-1')).toEqual([expect.objectContaining({ name: 'my-recorder', roleARN: theirs.roleARN, recording: true })]);
    expect(sim.calls.filter((c) => c.region === 'eu-west-1' && c.action === 'PutConfigurationRecorder')).toEqual([]);

    const undone = await undo(sim, undoLogPath);
    expect(undone.report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(recorders(sim, 'eu-west-1')).toEqual([{ ...theirs, recording: false, lastStartTime: expect.any(String), lastStopTime: expect.any(String), lastStatus: 'Success', lastStatusChangeTime: expect.any(String) }]);
    expect(sim.state.regional['eu-west-1']!.deliveryChannels).toBeUndefined();
  });

  it('Config denied in one region: that region fails naming the permission; every other region, and other steps, are done; exit 1', async () => {
    const sim = new SimulatedAccount(freshAccountState(), {
      faults: [{ service: 'config', action: 'PutConfigurationRecorder', region: 'eu-west-1', code: 'AccessDeniedException', status: 400, message: 'User is not authorized to perform: config:PutConfigurationRecorder' }],
    });
    const { report } = await runAgainst(sim, { steps: [...STEPS, ebs], allSteps: [...STEPS, ebs] });
    expect(report.exitCode).toBe(1);
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([
      expect.objectContaining({ step: 'aws-config', region: 'eu-west-1', detail: expect.stringMatching(/^config:PutConfigurationRecorder in eu-west-1 failed: AccessDeniedException.*grant config:PutConfigurationRecorder/s) }),
    ]);
    expect(statuses(report, 'aws-config').filter((s) => s === 'changed')).toHaveLength(16);
    expect(statuses(report, 'ebs-encryption-by-default')).toEqual(DEFAULT_REGIONS.map(() => 'changed'));
    expect(recorders(sim, 'eu-west-1')).toEqual([]);
  });

  it('the role denied: config-bucket fails naming iam:CreateServiceLinkedRole, and aws-config is skipped everywhere with the reason', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { faults: [{ service: 'iam', action: 'CreateServiceLinkedRole', code: 'AccessDenied', status: 403 }] });
    const { report } = await run(sim, { regions: ['eu-west-1', 'us-east-1'] });
    expect(report.results.map((r) => [r.step, r.status, r.detail])).toEqual([
      ['config-bucket', 'failed', expect.stringMatching(/iam:CreateServiceLinkedRole in us-east-1 failed: AccessDenied.*grant iam:CreateServiceLinkedRole.*done before the failure: Create the S3 bucket/s)],
      ['aws-config', 'skipped', expect.stringMatching(/^needs "AWS Config has a locked-down bucket to deliver to, and its service-linked role", which is not done/)],
      ['aws-config', 'skipped', expect.stringMatching(/^needs "AWS Config has a locked-down bucket/)],
    ]);
    expect(sim.state.regional['eu-west-1']!.configRecorders ?? []).toEqual([]);
  });

  it('declining the bucket skips Config in every region, with that reason', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const host = new ScriptedHost(true, { retentionDays: '365' }, ['no']);
    const { report } = await run(sim, { host, regions: ['eu-west-1', 'us-east-1'] });
    expect(report.results.filter((r) => r.step === 'aws-config').map((r) => r.detail)).toEqual([
      'needs "AWS Config has a locked-down bucket to deliver to, and its service-linked role", which is not done: you chose not to apply it',
      'needs "AWS Config has a locked-down bucket to deliver to, and its service-linked role", which is not done: you chose not to apply it',
    ]);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('undo round trip: back to the start, apart from the kept bucket, which is reported as action needed; a second undo does nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const start = shape(sim.state);
    const { undoLogPath } = await run(sim);
    const { report } = await undo(sim, undoLogPath);
    expect(report.results.filter((r) => r.status !== 'undone')).toEqual([
      expect.objectContaining({ step: 'config-bucket', status: 'action needed', detail: expect.stringMatching(/holds AWS Config's configuration snapshots and history, which are evidence.*aws s3 rb s3:\/\/aws-bootstrap-config-123456789012-us-east-1 --force --region us-east-1/) }),
    ]);
    expect(report.results).toHaveLength(2 + 3 * DEFAULT_REGIONS.length);
    expect(shape(sim.state)).toEqual(start);
    expect(Object.keys(sim.state.s3Buckets!)).toEqual([BUCKET]);
    expect((await undo(sim, undoLogPath)).report.results.filter((r) => r.status === 'undone')).toEqual([]);
  });

  it('a kill lost the record of a start: undo still deletes the channel (stopping the recorder the run started) and the recorder', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const start = shape(sim.state);
    const { undoLogPath } = await run(sim, { regions: ['eu-west-1', 'us-east-1'] });
    const lost = readUndoLog(undoLogPath).records.find((r): r is ChangeRecord => r.type === 'change' && r.undo.kind === 'stop-recorder' && r.region === 'eu-west-1')!;
    const log = join(tempDir(), 'lost.jsonl');
    const lines = readFileSync(undoLogPath, 'utf8').split('\n').filter(Boolean);
    writeFileSync(log, rechained(lines.filter((line) => !line.includes(`"id":"${lost.id}"`))).map((line) => `${line}\n`).join(''));
    const { report } = await undo(sim, log);
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(shape(sim.state)).toEqual(start);
  });

  it('bad input is refused before any change', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await expect(run(sim, { config: { 'config-bucket': { retentionDays: 0 } } })).rejects.toThrow(/config-bucket\.retentionDays: keep the files at least 1 day/);
    await expect(run(sim, { config: { 'aws-config': { dailyForNetworkResources: 'yes' } } })).rejects.toThrow(InputError);
    await expect(run(sim, { config: { 'aws-config': { dailyForNetworkResources: 'yes' } } })).rejects.toThrow(/aws-config\.dailyForNetworkResources: expected true or false/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('declares every IAM action its calls need, phase by phase (observe, apply, undo)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const undeclared = (from: number, allowed: (s: AnyStep) => readonly string[]) => [...new Set(sim.calls.slice(from).filter((c) => c.lane).flatMap((c) => {
      const owner = STEPS.find((s) => c.lane!.startsWith(`${s.id}@`))!;
      const action = iamActionFor(c.service, c.action);
      return allowed(owner).includes(action) ? [] : [`${owner.id}: ${action}`];
    }))];
    await run(sim, { dryRun: true });
    expect(undeclared(0, (s) => s.permissions.observe)).toEqual([]);
    let mark = sim.calls.length;
    const { undoLogPath } = await run(sim);
    expect(undeclared(mark, (s) => [...s.permissions.observe, ...s.permissions.apply])).toEqual([]);
    mark = sim.calls.length;
    await undo(sim, undoLogPath);
    expect(undeclared(mark, (s) => [...s.permissions.observe, ...(s.permissions.undo ?? [])])).toEqual([]);
    expect(sim.calls.slice(mark).map((c) => iamActionFor(c.service, c.action))).toEqual(expect.arrayContaining(['config:DeleteConfigurationRecorder', 'iam:DeleteServiceLinkedRole']));
  });
});
