/**
 * aws-config's tags (issue 15): the recorder it makes carries aws-bootstrap:managed and the run's
 * id (PutConfigurationRecorder's Tags), an adopted recorder gains none, and undo deletes a
 * recorder only if it carries the tag of the run that made it. Delivery channels cannot be tagged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import step from '../../../steps/aws-config/aws-config.js';
import bucketStep from '../../../steps/config-bucket.js';
import type { AnyStep } from '../../../src/core/step.js';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import type { SimConfigRecorder } from '../../../src/sim/compliance-state.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, tempDir, undoAgainst } from '../../support/wizard.js';

const ACCOUNT = '123456789012';
const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const STEPS: AnyStep[] = [bucketStep, step];
const run = (sim: SimulatedAccount, regions: string[]) => runAgainst(sim, { steps: STEPS, allSteps: STEPS, regions });
const recorders = (sim: SimulatedAccount, region: string) => sim.state.regional[region]!.configRecorders ?? [];

async function recorderTags(sim: SimulatedAccount, region: string) {
  const { client, sdk } = await simulatedClients(sim).forRegion(region).use('config');
  return (await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: recorders(sim, region)[0]!.arn! }))).Tags;
}

/** A recorder someone else made in `region` (no tags). */
function theirRecorder(sim: SimulatedAccount, region: string, name: string): SimConfigRecorder {
  const made: SimConfigRecorder = {
    name, arn: `arn:aws:config:${region}:${ACCOUNT}:configuration-recorder/${name}/abc`, roleARN: `arn:aws:iam::${ACCOUNT}:role/config-role`,
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: false, resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
    recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [{ resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::NetworkInterface'], recordingFrequency: 'DAILY' }] },
    recording: false,
  };
  sim.state.regional[region]!.configRecorders = [made];
  return made;
}

describe('aws-config tags the recorder it makes', () => {
  it('each region\'s recorder carries aws-bootstrap:managed and the undo log\'s run id, from PutConfigurationRecorder itself', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim, [OTHER, HOME]);
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    const Tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'aws-bootstrap:run', Value: runId }];
    for (const region of [OTHER, HOME]) expect(await recorderTags(sim, region), region).toEqual(Tags);
    // (Config refuses the role IAM made moments ago once: that call is sent again, with the same tags.)
    expect(sim.mutatingCalls().filter((c) => c.action === 'PutConfigurationRecorder' && !c.error).map((c) => (c.input as { Tags?: unknown }).Tags)).toEqual([Tags, Tags]);
  });

  it('an adopted recorder gains no tags', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    theirRecorder(sim, OTHER, 'my-recorder');
    await run(sim, [OTHER, HOME]);
    expect(await recorderTags(sim, OTHER)).toEqual([]);
  });

  it('a log edited to name someone else\'s recorder leaves it alone, with the reason; --force deletes it anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim, [HOME]);
    theirRecorder(sim, OTHER, 'their-recorder');
    // The record of making the recorder in HOME, edited to name theirs (resealed).
    const lines = readFileSync(undoLogPath, 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.undo?.kind === 'delete-recorder') Object.assign(record, { region: OTHER, undo: { ...record.undo, name: 'their-recorder' } });
      return JSON.stringify(record);
    });
    const tampered = join(tempDir(), 'undo.jsonl');
    writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);
    const recorderResult = (results: ReadonlyArray<{ step: string; region?: string; status: string }>) => results.find((r) => r.step === 'aws-config' && r.region === OTHER);

    const { report } = await undoAgainst(sim, tampered, { allSteps: STEPS });
    expect(recorderResult(report.results)).toMatchObject({
      status: 'skipped',
      detail: 'the configuration recorder "their-recorder" was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway',
    });
    expect(recorders(sim, OTHER).map((r) => r.name)).toEqual(['their-recorder']);

    const forced = await undoAgainst(sim, tampered, { allSteps: STEPS, force: true });
    expect(recorderResult(forced.report.results)).toMatchObject({ status: 'undone' });
    expect(recorders(sim, OTHER)).toEqual([]);
  });
});
