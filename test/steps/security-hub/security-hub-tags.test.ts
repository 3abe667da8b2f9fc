/**
 * security-hub's tags (issue 15): the hub it enables carries aws-bootstrap:managed and the run's
 * id (EnableSecurityHub's Tags), an adopted hub gains none, and undo disables Security Hub CSPM
 * only where the hub carries the tag of the run that enabled it. Finding aggregators and
 * standards subscriptions cannot be tagged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { freshAccountState } from '../../../src/sim/state.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { rechained } from '../../support/undo-log.js';
import { runAgainst, tempDir, undoAgainst } from '../../support/wizard.js';
import { HOME, STEPS } from './security-hub-setup.js';

const OTHER = 'eu-west-1';
const FSBP = (region: string) => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const run = (sim: SimulatedAccount, regions: string[]) => runAgainst(sim, { steps: STEPS, allSteps: STEPS, regions });
const hubTags = async (sim: SimulatedAccount, region: string) => {
  const { client, sdk } = await simulatedClients(sim).forRegion(region).use('securityhub');
  return (await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: `arn:aws:securityhub:${region}:123456789012:hub/default` }))).Tags;
};

/** Security Hub enabled in `region` by someone else (no tags), checking FSBP. */
async function theirHub(sim: SimulatedAccount, region: string) {
  const { client, sdk } = await simulatedClients(sim).forRegion(region).use('securityhub');
  await client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }));
  await client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP(region) }] }));
}

describe('security-hub tags the hub it enables', () => {
  it('each region\'s hub carries aws-bootstrap:managed and the undo log\'s run id (ListTagsForResource)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim, [OTHER, HOME]);
    const runId = readUndoLog(undoLogPath).records[0]!.run;
    for (const region of [OTHER, HOME]) expect(await hubTags(sim, region), region).toEqual({ 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': runId });
  });

  it('an adopted hub gains no tags', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await theirHub(sim, OTHER);
    const { report } = await run(sim, [OTHER]);
    expect(report.results.find((r) => r.step === 'security-hub')!.changes).toEqual(['Enable the standard CIS AWS Foundations Benchmark v5.0.0']);
    expect(await hubTags(sim, OTHER)).toEqual({});
  });

  it('a log edited to name a region where someone else enabled it leaves that hub on, with the reason; --force disables it anyway', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim, [HOME]);
    await theirHub(sim, OTHER);
    // The record of enabling it in HOME, edited to say this run enabled it in OTHER (resealed).
    const lines = readFileSync(undoLogPath, 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.undo?.kind === 'disable-security-hub') record.region = OTHER;
      return JSON.stringify(record);
    });
    const tampered = join(tempDir(), 'undo.jsonl');
    writeFileSync(tampered, `${rechained(lines).join('\n')}\n`);
    const hubResult = (results: ReadonlyArray<{ step: string; region?: string; status: string }>) => results.find((r) => r.step === 'security-hub' && r.region === OTHER);

    const { report } = await undoAgainst(sim, tampered, { allSteps: STEPS });
    expect(hubResult(report.results)).toMatchObject({
      status: 'skipped',
      detail: 'the Security Hub CSPM hub was not created by this run: no aws-bootstrap:run tag; --force undoes it anyway',
    });
    expect(sim.state.regional[OTHER]!.securityHub).toBeDefined();

    const forced = await undoAgainst(sim, tampered, { allSteps: STEPS, force: true });
    expect(hubResult(forced.report.results)).toMatchObject({ status: 'undone' });
    expect(sim.state.regional[OTHER]!.securityHub).toBeUndefined();
  });
});
