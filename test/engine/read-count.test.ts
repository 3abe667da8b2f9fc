/**
 * Issue 27, fewer calls: a second run on a compliant account reads each global fact once
 * (shared reads, `StepContext.shared`), and tags only when undo decides on them. Counted through
 * the simulation, not timed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { DEFAULT_REGIONS, freshAccountState } from '../../src/sim/state.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const config = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

/**
 * The second run's reads at the 17 default regions: 523 before issue 27, 336 with shared reads,
 * 311 with the bucket list, contact and IAM details read once and tags for undo only, 294 with
 * the VPCs read only where a default security group says a VPC is there, 293 with a trail's
 * default event selectors known from DescribeTrails.
 */
const SECOND_RUN_READ_BOUND = 296;

describe('a second run on a compliant account', () => {
  it(`makes fewer than ${SECOND_RUN_READ_BOUND} reads at ${DEFAULT_REGIONS.length} regions: a global fact once, tags never`, async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await runAgainst(sim, { config });
    const before = sim.calls.length;
    const { report } = await runAgainst(sim, { config });
    expect(report.exitCode).toBe(0);
    const second = sim.calls.slice(before);
    const count = (action: string) => second.filter((c) => c.action === action).length;
    expect(second.filter((c) => c.mutating)).toEqual([]);
    expect(second.length).toBeLessThan(SECOND_RUN_READ_BOUND);
    // Each forwarding step's role (IAM is global), cloudtrail's and config-bucket's: once per run.
    expect(count('GetRole')).toBe(4);
    expect(count('GetRolePolicy')).toBe(3);
    expect(count('ListFindingAggregators')).toBe(1);
    // The two forwarding steps list the same rules: once per region.
    expect(count('ListRules')).toBe(DEFAULT_REGIONS.length);
    expect(count('GetCredentialReport')).toBe(1);
    // The trail keeps AWS's default selectors (DescribeTrails: HasCustomEventSelectors false).
    expect(count('GetEventSelectors')).toBe(0);
    // S3's bucket list is the account's, whatever the endpoint: listed once, each region taking its own buckets.
    expect(count('ListBuckets')).toBe(1);
    // Read by two steps each, once.
    expect(count('GetContactInformation')).toBe(1);
    // Every VPC has a default security group, which cannot be deleted: with none listed (the
    // default VPCs went in the first run), default-vpcs has no VPC to look for.
    expect(count('DescribeSecurityGroups')).toBe(DEFAULT_REGIONS.length);
    expect(count('DescribeVpcs')).toBe(0);
    expect(count('GetAccountAuthorizationDetails')).toBe(1);
    // Tags never: only undo decides on them (the topic's, budget's, anomaly monitor's and subscription's, trail's too).
    expect(second.filter((c) => c.action === 'ListTagsForResource' || c.action === 'ListTags')).toEqual([]);

    // Undo still reads the tags before it decides, and takes everything this run made back.
    const undoStart = sim.calls.length;
    const undone = await undoAgainst(sim, undoLogPath);
    expect(undone.report.results.filter((r) => r.status === 'skipped' || r.status === 'failed')).toEqual([]);
    const undoTagReads = sim.calls.slice(undoStart).filter((c) => c.action === 'ListTagsForResource' || c.action === 'ListTags');
    expect(new Set(undoTagReads.map((c) => c.service))).toEqual(new Set(['cloudwatch', 'config', 'securityhub', 'events', 'sns', 'budgets', 'costexplorer', 'cloudtrail']));
  });
});

describe('shared reads (AwsClients.shared)', () => {
  it('answers the same read once until a call that changes something goes through the clients', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const clients = simulatedClients(sim);
    const iam = await clients.get('iam', 'us-east-1');
    let reads = 0;
    const summary = () => clients.shared('iam:GetAccountSummary', async () => {
      reads++;
      return (await iam.client.send(new iam.sdk.GetAccountSummaryCommand({}))).SummaryMap;
    });
    await Promise.all([summary(), summary()]);
    await summary();
    expect(reads).toBe(1);
    // IAM writing its credential report changes nothing: the answer is kept.
    await iam.client.send(new iam.sdk.GenerateCredentialReportCommand({}));
    await summary();
    expect(reads).toBe(1);
    // A change from another service's client drops it: the next read is new.
    const ec2 = await clients.get('ec2', 'eu-west-1');
    await ec2.client.send(new ec2.sdk.EnableEbsEncryptionByDefaultCommand({}));
    const after = await summary();
    expect(reads).toBe(2);
    expect(after).toBeDefined();
    // A failed read is not kept.
    let failures = 0;
    const failing = () => clients.shared('x', async () => {
      failures++;
      throw new Error('no');
    });
    await expect(failing()).rejects.toThrow('no');
    await expect(failing()).rejects.toThrow('no');
    expect(failures).toBe(2);
  });
});
