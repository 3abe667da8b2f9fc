/**
 * EC2 makes a teardown call (or undo's CreateDefaultVpc) and the answer is lost: a 5xx, a reset
 * connection, a hung answer the client gives up on. The SDK retries blindly, and the retry finds
 * the work done ("not found", "not attached", "already exists"): the step takes that as its own
 * success. The region ends without a default VPC (with one, after undo), nothing fails, and the
 * undo log has one record per change.
 */
import { describe, expect, it } from 'vitest';
import step, { type DefaultVpcsUndo } from '../../steps/default-vpcs.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState, type SimRegion } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, undoAgainst } from '../support/wizard.js';

const REGION = 'eu-west-1';

type LostAnswer = Omit<SimFault, 'service' | 'action' | 'region'>;

const lostAnswers: Array<[string, LostAnswer, { attemptTimeoutMs?: number }]> = [
  ['a 500', { code: 'InternalError', status: 500, after: true, times: 1 }, {}],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }, {}],
  ['a timeout', { code: 'InternalError', status: 500, after: true, times: 1, hangMs: 300 }, { attemptTimeoutMs: 100 }],
];

/**
 * Every call of the teardown, with what EC2 answers its retry once the lost attempt had done it.
 * DeleteVpcEndpoints reports the missing endpoint in its output (no error); tagging again succeeds.
 */
const teardownCalls: Array<[string, string | undefined]> = [
  ['DeleteVpcEndpoints', undefined],
  ['CreateTags', undefined],
  ['DetachInternetGateway', 'Gateway.NotAttached'],
  ['DeleteInternetGateway', 'InvalidInternetGatewayID.NotFound'],
  ['DeleteEgressOnlyInternetGateway', 'InvalidGatewayID.NotFound'],
  ['DeleteSubnet', 'InvalidSubnetID.NotFound'],
  ['DeleteRouteTable', 'InvalidRouteTableID.NotFound'],
  ['DeleteNetworkAcl', 'InvalidNetworkAclID.NotFound'],
  ['DeleteSecurityGroup', 'InvalidGroup.NotFound'],
  ['DeleteVpc', 'InvalidVpcID.NotFound'],
];

/** A fresh account whose default VPC in REGION also has one of everything the teardown deletes. */
function accountWithEverything(): SimulatedAccount {
  const sim = new SimulatedAccount(freshAccountState());
  const region = sim.state.regional[REGION]!;
  const vpcId = region.vpcs[0]!.VpcId;
  region.vpcEndpoints.push({ VpcEndpointId: 'vpce-0s3', VpcId: vpcId, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway', State: 'available' });
  region.egressOnlyInternetGateways.push({ EgressOnlyInternetGatewayId: 'eigw-01', Attachments: [{ VpcId: vpcId, State: 'attached' }] });
  region.routeTables.push({
    RouteTableId: 'rtb-custom',
    VpcId: vpcId,
    Associations: [{ RouteTableAssociationId: 'rtbassoc-custom', Main: false, SubnetId: region.subnets[1]!.SubnetId }],
    Routes: [{ DestinationCidrBlock: '172.31.0.0/16', GatewayId: 'local', State: 'active' }],
  });
  region.networkAcls.push({ NetworkAclId: 'acl-custom', VpcId: vpcId, IsDefault: false });
  region.securityGroups.push({ GroupId: 'sg-web', GroupName: 'web', Description: 'web servers', VpcId: vpcId });
  return sim;
}

const defaultVpcs = (region: SimRegion) => region.vpcs.filter((v) => v.IsDefault);
const callsOf = (sim: SimulatedAccount, action: string) => sim.calls.filter((c) => c.action === action && c.region === REGION);
const records = (logPath: string) => readUndoLog(logPath).records;
const run = (sim: SimulatedAccount, clientOptions: { attemptTimeoutMs?: number } = {}) => runAgainst(sim, { steps: [step], regions: [REGION], clientOptions });

describe('default-vpcs: a lost answer after EC2 made the change', () => {
  for (const [action, retryAnswer] of teardownCalls) {
    for (const [faultName, fault, clientOptions] of lostAnswers) {
      it(`apply, ${action} answered by ${faultName}: no default VPC left, no failure, one undo record`, async () => {
        const sim = accountWithEverything();
        sim.inject({ service: 'ec2', action, region: REGION, ...fault });
        const { report, undoLogPath } = await run(sim, clientOptions);

        // The first attempt made the change and lost the answer; the SDK sent the same call again.
        const [first, ...others] = callsOf(sim, action);
        const retries = others.filter((c) => JSON.stringify(c.input) === JSON.stringify(first!.input));
        expect(retries.map((c) => c.error)).toEqual([retryAnswer]);
        expect(report.results).toMatchObject([{ step: 'default-vpcs', region: REGION, status: 'changed' }]);
        expect(report.exitCode).toBe(0);
        const region = sim.state.regional[REGION]!;
        expect(defaultVpcs(region)).toEqual([]);
        expect([region.subnets, region.internetGateways, region.vpcEndpoints, region.egressOnlyInternetGateways, region.routeTables, region.networkAcls, region.securityGroups])
          .toEqual([[], [], [], [], [], [], []]);
        expect(records(undoLogPath).filter((r) => r.type === 'change')).toMatchObject([{ step: 'default-vpcs', region: REGION, undo: { kind: 'create-default-vpc' } }]);
      });
    }
  }

  it('a resource already gone on the first attempt (not our doing) still fails the step, with what was done', async () => {
    const sim = accountWithEverything();
    // Someone else deleted it after the plan: the answer was not lost, so this is no retry of ours.
    sim.inject({ service: 'ec2', action: 'DeleteSubnet', region: REGION, code: 'InvalidSubnetID.NotFound', times: 1 });
    const { report } = await run(sim);
    expect(report.results).toMatchObject([{ region: REGION, status: 'failed', detail: expect.stringMatching(/ec2:DeleteSubnet in eu-west-1 failed: InvalidSubnetID\.NotFound/) }]);
    expect(defaultVpcs(sim.state.regional[REGION]!)).toHaveLength(1);
  });

  it('a DryRun probe is never taken as done: a lost answer, then "not found" on the retry, fails the probe with that', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    // One subnet, so both faults hit the same call: its first attempt, then its retry.
    sim.state.regional[REGION]!.subnets.splice(1);
    sim.inject({ service: 'ec2', action: 'DeleteSubnet', region: REGION, code: 'InternalError', status: 500, times: 1 });
    sim.inject({ service: 'ec2', action: 'DeleteSubnet', region: REGION, code: 'InvalidSubnetID.NotFound', times: 1 });
    const aws = simulatedClients(sim).forRegion(REGION);
    const ctx = { accountId: sim.state.accountId, partition: 'aws', region: REGION, dryRun: true, aws };
    const [change] = step.plan(await step.observe(ctx), {}, ctx).changes;
    await expect(step.probe!(ctx, change!)).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
  });

  // undoAgainst takes no client options: the timeout case calls the step's undo directly below.
  for (const [faultName, fault] of lostAnswers.filter(([, f]) => !f.hangMs)) {
    it(`undo, CreateDefaultVpc answered by ${faultName}: one default VPC again, no failure, one undone record`, async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const { undoLogPath } = await run(sim);
      sim.inject({ service: 'ec2', action: 'CreateDefaultVpc', region: REGION, ...fault });
      const { report } = await undoAgainst(sim, undoLogPath);

      expect(callsOf(sim, 'CreateDefaultVpc').map((c) => c.error)).toEqual([fault.code === 'ECONNRESET' ? 'Error' : 'InternalError', 'DefaultVpcAlreadyExists']);
      expect(report.results).toMatchObject([{ step: 'default-vpcs', region: REGION, status: 'undone' }]);
      expect(report.exitCode).toBe(0);
      expect(defaultVpcs(sim.state.regional[REGION]!)).toHaveLength(1);
      expect(records(undoLogPath).filter((r) => r.type === 'undone')).toHaveLength(1);
    });
  }

  it('undo, CreateDefaultVpc answered by a timeout: one default VPC again, no failure', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    const [change] = records(undoLogPath).flatMap((r) => (r.type === 'change' ? [r] : []));
    sim.inject({ service: 'ec2', action: 'CreateDefaultVpc', region: REGION, code: 'InternalError', status: 500, after: true, times: 1, hangMs: 300 });
    const aws = simulatedClients(sim, { attemptTimeoutMs: 100 }).forRegion(REGION);
    await step.undo!({ accountId: sim.state.accountId, partition: 'aws', region: REGION, dryRun: false, aws }, change!.undo as DefaultVpcsUndo);

    // The first attempt is still hanging when the retry, sent after the attempt timeout, is answered.
    expect(callsOf(sim, 'CreateDefaultVpc').map((c) => c.error)).toEqual([undefined, 'DefaultVpcAlreadyExists']);
    expect(defaultVpcs(sim.state.regional[REGION]!)).toHaveLength(1);
  });
});
