/**
 * cloudtrail's tags (issue 15): the trail, delivery role, log group and log bucket it makes carry
 * aws-bootstrap:managed and the run's id, put on in the create calls; what it adopts gains none;
 * and undo deletes the trail and role only if they carry the tag of the run that made them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { rechained } from '../../support/undo-log.js';
import { tempDir } from '../../support/wizard.js';
import { addLogGroup, addTrail, BUCKET, HOME, LOG_GROUP, ROLE, run, TRAIL, trailArn, trails, undo } from './cloudtrail-support.js';

const fresh = () => new SimulatedAccount(freshAccountState());
const tagList = (run: string) => [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: run }];
const inputOf = (sim: SimulatedAccount, action: string) => sim.mutatingCalls().find((c) => c.action === action)!.input;

/** The log with the trail's record edited to name `name` instead (resealed, so only the tag check can refuse it). */
function logNamingTrail(logPath: string, name: string): string {
  const lines = readFileSync(logPath, 'utf8').trim().split('\n').map((line) => {
    const record = JSON.parse(line);
    if (record.undo?.kind === 'delete-trail') {
      record.undo.trailArn = trailArn(name);
      record.undo.change.name = name;
    }
    return JSON.stringify(record);
  });
  const tampered = join(tempDir(), 'undo.jsonl');
  writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);
  return tampered;
}

describe('cloudtrail tags what it makes', () => {
  it('the trail, role, log group and bucket carry aws-bootstrap:managed and the undo log\'s run id, from their create calls', async () => {
    const sim = fresh();
    const { undoLogPath } = await run(sim);
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    const aws = simulatedClients(sim).forRegion(HOME);
    const [cloudtrail, iam, s3] = await Promise.all([aws.use('cloudtrail'), aws.use('iam'), aws.use('s3')]);

    // As AWS answers them: ListTags, GetRole, GetBucketTagging.
    const { ResourceTagList } = await cloudtrail.client.send(new cloudtrail.sdk.ListTagsCommand({ ResourceIdList: [trailArn()] }));
    expect(ResourceTagList).toEqual([{ ResourceId: trailArn(), TagsList: tagList(runId) }]);
    expect((await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE }))).Role!.Tags).toEqual(tagList(runId));
    expect((await s3.client.send(new s3.sdk.GetBucketTaggingCommand({ Bucket: BUCKET }))).TagSet).toEqual(tagList(runId));
    expect(sim.state.regional[HOME]!.logGroups!.find((g) => g.logGroupName === LOG_GROUP)!.tags).toEqual({ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': runId });

    // In the create calls themselves: no moment without them.
    expect(inputOf(sim, 'CreateTrail')).toMatchObject({ TagsList: tagList(runId) });
    expect(inputOf(sim, 'CreateRole')).toMatchObject({ Tags: tagList(runId) });
    expect(inputOf(sim, 'CreateLogGroup')).toMatchObject({ tags: { 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': runId } });
    expect(inputOf(sim, 'CreateBucket')).toMatchObject({ CreateBucketConfiguration: { Tags: tagList(runId) } });
  });

  it('an adopted trail, role, log group and bucket gain no tags', async () => {
    const sim = fresh();
    sim.state.s3Buckets = { [BUCKET]: { Name: BUCKET, Region: HOME, CreationDate: '2020-01-01T00:00:00.000Z', ownership: 'ObjectWriter', encryptionRules: [], Tags: [], objectCount: 10 } };
    addTrail(sim, { Name: 'legacy', S3BucketName: BUCKET, LogFileValidationEnabled: false, isLogging: false });
    addLogGroup(sim, LOG_GROUP, 30);
    sim.state.iam.roles[ROLE] = {
      RoleName: ROLE, RoleId: 'AROAEXISTINGROLE0001', Arn: `arn:aws:iam::123456789012:role/${ROLE}`, Path: '/', CreateDate: '2025-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      inlinePolicies: {}, attachedPolicies: [],
    };
    const { report } = await run(sim, { config: { cloudtrail: { logRetentionDays: 365 } } });
    expect(report.results.map((r) => r.status)).toEqual(['changed']);
    expect(trails(sim).map((t) => [t.Name, t.Tags])).toEqual([['legacy', []]]);
    expect(sim.state.iam.roles[ROLE]!.Tags).toBeUndefined();
    expect(sim.state.regional[HOME]!.logGroups![0]!.tags).toEqual({});
    expect(sim.state.s3Buckets[BUCKET]!.Tags).toEqual([]);
  });
});

describe('cloudtrail undo deletes only what carries the run\'s tag', () => {
  it('a log edited to name another trail leaves that trail alone, with the reason; --force deletes it anyway', async () => {
    const sim = fresh();
    const { undoLogPath } = await run(sim);
    // Someone else's trail, without the tag, that the edited log says this run made.
    addTrail(sim, { Name: 'team-trail', S3BucketName: BUCKET, IsMultiRegionTrail: false });
    const tampered = logNamingTrail(undoLogPath, 'team-trail');
    const trailResult = (results: ReadonlyArray<{ title: string }>) => results.find((r) => r.title === `Create the multi-region trail ${TRAIL}`);

    const { report } = await undo(sim, tampered);
    expect(trailResult(report.results)).toMatchObject({
      status: 'skipped',
      detail: 'the trail team-trail was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway',
    });
    expect(trails(sim).map((t) => t.Name)).toEqual([TRAIL, 'team-trail']);

    const forced = await undo(sim, tampered, { force: true });
    expect(trailResult(forced.report.results)).toMatchObject({ status: 'undone' });
    expect(trails(sim).map((t) => t.Name)).toEqual([TRAIL]);
  });

  it('a role of that name without the run\'s tag (someone else\'s) is left alone; --force deletes it anyway', async () => {
    const sim = fresh();
    const { undoLogPath } = await run(sim);
    delete sim.state.iam.roles[ROLE]!.Tags;
    const roleResult = (results: ReadonlyArray<{ title: string }>) => results.find((r) => r.title === `Create the role ${ROLE}, which CloudTrail uses to deliver to CloudWatch Logs`);

    const { report } = await undo(sim, undoLogPath);
    expect(roleResult(report.results)).toMatchObject({
      status: 'skipped',
      detail: `the role ${ROLE} was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway`,
    });
    expect(sim.state.iam.roles[ROLE]).toBeDefined();

    const forced = await undo(sim, undoLogPath, { force: true });
    expect(roleResult(forced.report.results)).toMatchObject({ status: 'undone' });
    expect(sim.state.iam.roles[ROLE]).toBeUndefined();
  });
});
