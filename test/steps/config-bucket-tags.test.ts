/**
 * config-bucket's tags (issue 15): the bucket it makes carries aws-bootstrap:managed and the run's
 * id from CreateBucket itself; the service-linked role, whose create call takes no tags, gets them
 * right after; what it adopts gains none; and undo deletes the role only if it carries the tag of
 * the run that made it.
 */
import { describe, expect, it } from 'vitest';
import step from '../../steps/config-bucket.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const BUCKET = 'aws-bootstrap-config-123456789012-us-east-1';
const ROLE = 'AWSServiceRoleForConfig';
const run = (sim: SimulatedAccount) => runAgainst(sim, { steps: [step], allSteps: [step] });
const undo = (sim: SimulatedAccount, logPath: string, force = false) => undoAgainst(sim, logPath, { allSteps: [step], force });
const roleResult = (results: ReadonlyArray<{ title: string }>) => results.find((r) => r.title === `Create the service-linked role ${ROLE} that AWS Config records with`);

async function tagsOf(sim: SimulatedAccount) {
  const aws = simulatedClients(sim).forRegion('us-east-1');
  const [s3, iam] = await Promise.all([aws.use('s3'), aws.use('iam')]);
  const bucket = await s3.client.send(new s3.sdk.GetBucketTaggingCommand({ Bucket: BUCKET })).then((out) => out.TagSet, () => undefined);
  return { bucket, role: (await iam.client.send(new iam.sdk.GetRoleCommand({ RoleName: ROLE }))).Role!.Tags };
}

describe('config-bucket tags what it makes', () => {
  it('the bucket (in CreateBucket) and the service-linked role (TagRole right after) carry aws-bootstrap:managed and the undo log\'s run id', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    const Tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: readUndoLog(undoLogPath).records[0]!.run }];
    expect(await tagsOf(sim)).toEqual({ bucket: Tags, role: Tags });
    expect(sim.mutatingCalls().filter((c) => ['CreateServiceLinkedRole', 'TagRole'].includes(c.action)).map((c) => [c.action, c.input])).toEqual([
      ['CreateServiceLinkedRole', { AWSServiceName: 'config.amazonaws.com' }],
      ['TagRole', { RoleName: ROLE, Tags }],
    ]);
  });

  it('an adopted bucket and role gain no tags', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { client, sdk } = await simulatedClients(sim).forRegion('us-east-1').use('iam');
    await client.send(new sdk.CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    sim.state.s3Buckets = { [BUCKET]: { Name: BUCKET, Region: 'us-east-1', CreationDate: '2026-01-01T00:00:00.000Z', ownership: 'ObjectWriter', encryptionRules: [], Tags: [], objectCount: 0 } };
    sim.calls.length = 0;
    const { report } = await run(sim);
    expect(report.results.map((r) => r.status)).toEqual(['changed']);
    expect(await tagsOf(sim)).toEqual({ bucket: undefined, role: undefined });
  });

  it('a role of that name without the run\'s tag (someone else\'s) is left alone, with the reason; --force deletes it anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    delete sim.state.iam.roles[ROLE]!.Tags;
    const { report } = await undo(sim, undoLogPath);
    expect(roleResult(report.results)).toMatchObject({ status: 'skipped', detail: `the role ${ROLE} was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway` });
    expect(sim.state.iam.roles[ROLE]).toBeDefined();

    const forced = await undo(sim, undoLogPath, true);
    expect(roleResult(forced.report.results)).toMatchObject({ status: 'undone' });
    expect(sim.state.iam.roles[ROLE]).toBeUndefined();
  });

  it('the preview says which tags the bucket and the role get', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { output } = await runAgainst(sim, { steps: [step], allSteps: [step], dryRun: true });
    expect(output).toMatch(/objects deleted after 365 days; tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run>\n/);
    expect(output).toContain('tagged aws-bootstrap:managed=true, aws-bootstrap:run=<this run> right after it is made (its create call takes no tags)');
  });
});
