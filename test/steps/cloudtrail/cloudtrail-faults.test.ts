/**
 * cloudtrail when AWS says no or the answer is lost. Access denied fails this step only, naming
 * the permission. An answer lost after AWS made the change (a 500, a reset connection, a
 * timeout) on any mutating call of apply or undo still ends as a clean run does: nothing made
 * twice, one undo record per change, and undo back where it started.
 */
import { describe, expect, it } from 'vitest';
import ebsEncryption from '../../../steps/ebs-encryption-by-default.js';
import { SimulatedAccount, type SimFault } from '../../../src/sim/account.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { RUN_TAG } from '../../../src/core/tags.js';
import { cloudTrailApi } from '../../../steps/shared/cloudtrail-aws.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { addLogGroup, addTrail, ACCOUNT, BUCKET, config, groupArn, HOME, mutations, ROLE, run, TRAIL, trails, undo } from './cloudtrail-support.js';

type LostAnswer = Omit<SimFault, 'service' | 'action'>;
const lost500: [string, LostAnswer, { attemptTimeoutMs?: number }] = ['a 500', { code: 'InternalError', status: 500, after: true, times: 1 }, {}];
const lostAnswers: Array<[string, LostAnswer, { attemptTimeoutMs?: number }]> = [
  lost500,
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }, {}],
  ['a timeout', { code: 'InternalError', status: 500, after: true, times: 1, hangMs: 200 }, { attemptTimeoutMs: 50 }],
];
/** Creates and deletes: the calls a blind retry could double or fail; they get every kind of lost answer. */
const CREATES_AND_DELETES = new Set(['CreateBucket', 'CreateLogGroup', 'CreateRole', 'CreateTrail', 'DeleteTrail', 'DeleteRole', 'DeleteRolePolicy', 'DeleteBucketPolicy']);

/** Every aws-bootstrap:run tag's value as one placeholder: each run has its own id. */
const withoutRunIds = <T>(value: T): T => JSON.parse(JSON.stringify(value, (key, v: unknown) => {
  if (key === RUN_TAG) return '<run>';
  return v && typeof v === 'object' && (v as { Key?: unknown }).Key === RUN_TAG ? { ...v, Value: '<run>' } : v;
})) as T;

/** The resources the step touches, to compare with a clean run's (whose run id is another). */
function resources(sim: SimulatedAccount) {
  const { s3Buckets, spreadingRoles, iam, regional } = structuredClone(sim.state);
  return withoutRunIds({ s3Buckets, spreadingRoles, roles: iam.roles, trails: Object.values(regional).flatMap((r) => r.trails ?? []), logGroups: regional[HOME]!.logGroups });
}

/** The injected fault hit a call (a hung one may have no answer yet: its client gave up on it). */
const fired = (sim: SimulatedAccount, action: string) => sim.calls.some((c) => c.action === action && (c.error !== undefined || c.end === undefined));
const kinds = (logPath: string) => readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [r.undo.kind] : []));

interface Scenario {
  readonly name: string;
  /** The account before the run. */
  readonly start: (sim: SimulatedAccount) => void;
  /** The step's config section for the run. */
  readonly section?: Record<string, unknown>;
  readonly applyCalls: readonly string[];
  readonly undoCalls: readonly string[];
}

const scenarios: Scenario[] = [
  {
    name: 'a fresh account',
    start: () => undefined,
    applyCalls: ['CreateBucket', 'PutPublicAccessBlock', 'PutBucketEncryption', 'PutBucketPolicy', 'PutBucketLifecycleConfiguration', 'CreateLogGroup', 'PutRetentionPolicy', 'CreateRole', 'PutRolePolicy', 'CreateTrail', 'StartLogging'],
    undoCalls: ['StopLogging', 'DeleteTrail', 'DeleteRolePolicy', 'DeleteRole'],
  },
  {
    name: 'an own trail to complete, a role to fix and a log group to keep longer',
    section: { logRetentionDays: 365 },
    start: (sim) => {
      addTrail(sim, { Name: 'legacy', LogFileValidationEnabled: false, isLogging: false, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] });
      addLogGroup(sim, '/aws-bootstrap/cloudtrail', 30);
      sim.state.iam.roles[ROLE] = {
        RoleName: ROLE, RoleId: 'AROAEXISTINGROLE0001', Arn: `arn:aws:iam::123456789012:role/${ROLE}`, Path: '/', CreateDate: '2025-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        inlinePolicies: {}, attachedPolicies: [],
      };
    },
    applyCalls: ['PutRetentionPolicy', 'UpdateAssumeRolePolicy', 'PutRolePolicy', 'UpdateTrail', 'PutEventSelectors', 'StartLogging'],
    undoCalls: ['StopLogging', 'PutEventSelectors', 'UpdateTrail', 'DeleteRolePolicy', 'UpdateAssumeRolePolicy', 'PutRetentionPolicy'],
  },
  {
    name: 'an old log bucket of ours, missing every setting',
    start: (sim) => {
      sim.state.s3Buckets = { [BUCKET]: { Name: BUCKET, Region: HOME, CreationDate: '2020-01-01T00:00:00.000Z', ownership: 'ObjectWriter', encryptionRules: [], Tags: [], objectCount: 10 } };
    },
    applyCalls: ['PutPublicAccessBlock', 'PutBucketOwnershipControls', 'PutBucketEncryption', 'PutBucketPolicy', 'PutBucketLifecycleConfiguration'],
    undoCalls: ['DeleteBucketLifecycle', 'DeleteBucketPolicy', 'DeleteBucketEncryption', 'PutBucketOwnershipControls', 'DeletePublicAccessBlock'],
  },
];

function account(scenario: Scenario): SimulatedAccount {
  const sim = new SimulatedAccount(freshAccountState());
  scenario.start(sim);
  return sim;
}

describe('cloudtrail: a lost answer after AWS made the change', () => {
  for (const scenario of scenarios) {
    describe(scenario.name, async () => {
      const clean = account(scenario);
      const runConfig = { config: config(scenario.section) };
      const cleanRun = await run(clean, runConfig);
      const cleanKinds = kinds(cleanRun.undoLogPath);
      await undo(clean, cleanRun.undoLogPath);
      const undoneState = resources(clean);
      const cleanAccount = account(scenario);
      await run(cleanAccount, runConfig);
      const applied = resources(cleanAccount);

      for (const action of scenario.applyCalls) {
        for (const [faultName, fault, clientOptions] of CREATES_AND_DELETES.has(action) ? lostAnswers : [lost500]) {
          it(`apply, ${action} answered by ${faultName}: nothing doubled, one undo record per change`, async () => {
            const sim = account(scenario);
            sim.inject({ action, ...fault });
            const { report, undoLogPath } = await run(sim, { ...runConfig, clientOptions });
            expect(fired(sim, action), 'the fault fired').toBe(true);
            expect(report.results.map((r) => [r.status, r.detail])).toEqual([['changed', undefined]]);
            expect(kinds(undoLogPath)).toEqual(cleanKinds);
            expect(resources(sim)).toEqual(applied);
          });
        }
      }

      for (const action of scenario.undoCalls) {
        for (const [faultName, fault, clientOptions] of CREATES_AND_DELETES.has(action) ? lostAnswers : [lost500]) {
          it(`undo, ${action} answered by ${faultName}: back where it started`, async () => {
            const sim = account(scenario);
            const { undoLogPath } = await run(sim, runConfig);
            sim.inject({ action, ...fault });
            const { report } = await undo(sim, undoLogPath, { clientOptions });
            expect(fired(sim, action), 'the fault fired').toBe(true);
            expect(report.results.filter((r) => r.status !== 'undone' && r.status !== 'action needed')).toEqual([]);
            expect(resources(sim)).toEqual(undoneState);
          });
        }
      }
    });
  }
});

describe('cloudtrail: a lost CreateRole answer while IAM reads lag', () => {
  it('the read after the lost answer does not show the role yet: it is read again, never made twice', async () => {
    const sim = new SimulatedAccount(freshAccountState(), { consistency: { services: ['iam'], staleReads: 2 } });
    sim.inject({ service: 'iam', action: 'CreateRole', code: 'InternalError', status: 500, after: true, times: 1 });
    const { report } = await run(sim);
    expect(report.results.map((r) => [r.status, r.detail])).toEqual([['changed', undefined]]);
    expect(sim.calls.filter((c) => c.action === 'CreateRole').map((c) => c.error)).toEqual(['InternalError', 'EntityAlreadyExistsException']);
    expect(Object.keys(sim.state.iam.roles)).toEqual([ROLE]);
  });
});

describe('cloudtrail: a trail that appeared while CreateTrail was lost is ours only with this bucket and this run\'s tag', () => {
  // The request is lost before it arrives (so nothing was created), and meanwhile a trail of that name was made.
  const lostRequest = { service: 'cloudtrail', action: 'CreateTrail', code: 'InternalError', status: 500, times: 1 } as const;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
  const createAs = (sim: SimulatedAccount, runId: string) => cloudTrailApi({
    accountId: ACCOUNT, partition: 'aws', region: HOME, dryRun: false, runId, aws: simulatedClients(sim).forRegion(HOME),
  }).then((api) => api.createTrail({ name: TRAIL, bucket: BUCKET, logGroupArn: groupArn(), roleArn }));

  it('one made by another run (same name, bucket and log group, another run\'s tag): a clear error, not adopted', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const first = await run(sim);
    expect(first.report.results.map((r) => r.status)).toEqual(['changed']);
    const before = structuredClone(trails(sim));
    sim.inject(lostRequest);
    await expect(createAs(sim, '20260101000000000')).rejects.toThrow(`A trail named ${TRAIL} appeared while this run was creating it, writing to s3://${BUCKET}: not what this run asked for, so it is left alone. Run again to see the plan for it.`);
    expect(trails(sim)).toEqual(before);
  });

  it('one writing to another bucket: a clear error naming that bucket, not adopted', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    addTrail(sim, { Name: TRAIL, S3BucketName: 'their-cloudtrail-logs', CloudWatchLogsLogGroupArn: `${groupArn()}:*`, CloudWatchLogsRoleArn: roleArn });
    sim.inject(lostRequest);
    await expect(createAs(sim, '20260101000000000')).rejects.toThrow(`A trail named ${TRAIL} appeared while this run was creating it, writing to s3://their-cloudtrail-logs: not what this run asked for`);
    expect(sim.calls.filter((c) => c.action === 'CreateTrail')).toHaveLength(1);
  });

  it('one of this run (its answer was lost after CloudTrail made it): adopted, never made twice', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const first = await run(sim);
    const [made] = trails(sim);
    const runId = made!.Tags.find((t) => t.Key === RUN_TAG)!.Value;
    expect(runId).toBeTruthy();
    sim.inject(lostRequest);
    await expect(createAs(sim, runId)).resolves.toBe(made!.TrailARN);
    expect(first.report.results.map((r) => r.status)).toEqual(['changed']);
    expect(trails(sim)).toHaveLength(1);
  });
});

describe('cloudtrail: access denied', () => {
  it('on s3:PutBucketPolicy fails this step, naming the permission and what was done; the rest completes, and a rerun finishes', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    sim.inject({ service: 's3', action: 'PutBucketPolicy', code: 'AccessDenied', status: 403, message: 'Access Denied', times: 1 });
    const { report } = await run(sim, { also: [ebsEncryption], regions: [HOME] });
    const [trail, ebs] = report.results;
    expect(trail).toMatchObject({ status: 'failed' });
    expect(trail!.detail).toMatch(/s3:PutBucketPolicy/);
    expect(trail!.detail).toMatch(/Already done before the failure: created the bucket aws-bootstrap-cloudtrail-123456789012-us-east-1, turned on its Block Public Access, set SSE-S3 default encryption/);
    expect(ebs).toMatchObject({ status: 'changed' });
    expect(mutations(sim)).not.toContain('CreateTrail');

    const again = await run(sim);
    expect(again.report.results.map((r) => r.status)).toEqual(['changed']);
    expect(mutations(sim).filter((a) => a === 'CreateBucket')).toEqual(['CreateBucket']);
  });

  it('on cloudtrail:CreateTrail fails this step, naming the permission; what was made before is recorded', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    sim.inject({ service: 'cloudtrail', action: 'CreateTrail', code: 'AccessDeniedException', status: 400, message: 'User is not authorized to perform: cloudtrail:CreateTrail' });
    const { report, undoLogPath } = await run(sim);
    expect(report.results[0]).toMatchObject({ status: 'failed', detail: expect.stringContaining('cloudtrail:CreateTrail') });
    expect(kinds(undoLogPath)).toEqual(['keep-bucket', 'keep-log-group', 'delete-role', 'restore-role-policy']);
  });
});
