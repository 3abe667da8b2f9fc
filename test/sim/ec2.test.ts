import { describe, expect, it } from 'vitest';
import type { DescribeRegionsCommandInput } from '@aws-sdk/client-ec2';
import { collectPages } from '../../src/aws/paginate.js';
import { simService } from '../support/sim.js';

/** Real EC2 client for one region of a fresh simulated account, and that region's simulated resources. */
async function ec2In(regionName = 'eu-west-1') {
  const env = await simService('ec2', regionName);
  return { ...env, region: env.sim.state.regional[regionName] };
}

describe('simulated EC2', () => {
  it('answers a DryRun call with DryRunOperation (HTTP 412), records it as not mutating, and changes nothing', async () => {
    const { sim, client, sdk, region } = await ec2In();
    const before = structuredClone(sim.state);
    await expect(client.send(new sdk.DeleteVpcCommand({ VpcId: region!.vpcs[0]!.VpcId, DryRun: true }))).rejects.toMatchObject({
      name: 'DryRunOperation',
      message: 'Request would have succeeded, but DryRun flag is set.',
      $metadata: { httpStatusCode: 412 },
    });
    expect(sim.state).toEqual(before);
    expect(sim.calls.at(-1)).toMatchObject({ action: 'DeleteVpc', mutating: false, error: 'DryRunOperation' });
  });

  it('still reports a missing resource for a DryRun call', async () => {
    const { client, sdk } = await ec2In();
    await expect(client.send(new sdk.DeleteSubnetCommand({ SubnetId: 'subnet-missing', DryRun: true }))).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
  });

  it('refuses to delete a VPC that still has subnets and an internet gateway (DependencyViolation)', async () => {
    const { client, sdk, region } = await ec2In();
    const vpcId = region!.vpcs[0]!.VpcId;
    await expect(client.send(new sdk.DeleteVpcCommand({ VpcId: vpcId }))).rejects.toMatchObject({
      name: 'DependencyViolation',
      message: `The vpc '${vpcId}' has dependencies and cannot be deleted.`,
    });
    expect(region!.vpcs).toHaveLength(1);
  });

  it('keeps a VPC with a VPN gateway attached (DependencyViolation); an active peering is deleted with the VPC', async () => {
    const { client, sdk, region } = await ec2In();
    const vpcId = region!.vpcs[0]!.VpcId;
    // Everything else already taken apart, as the teardown leaves it just before DeleteVpc.
    region!.subnets = [];
    region!.internetGateways = [];
    region!.vpnGateways = [{ VpnGatewayId: 'vgw-1', State: 'available', Type: 'ipsec.1', VpcAttachments: [{ VpcId: vpcId, State: 'attached' }] }];
    region!.vpcPeeringConnections = [{
      VpcPeeringConnectionId: 'pcx-1',
      RequesterVpcInfo: { VpcId: vpcId, OwnerId: '123456789012', Region: 'eu-west-1' },
      AccepterVpcInfo: { VpcId: 'vpc-other', OwnerId: '111122223333', Region: 'eu-west-1' },
      Status: { Code: 'active' },
    }];
    const { VpnGateways } = await client.send(new sdk.DescribeVpnGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }));
    expect(VpnGateways?.map((g) => [g.VpnGatewayId, g.VpcAttachments?.[0]?.State])).toEqual([['vgw-1', 'attached']]);
    const peerings = await collectPages(sdk.paginateDescribeVpcPeeringConnections({ client }, { Filters: [{ Name: 'requester-vpc-info.vpc-id', Values: [vpcId] }] }), (p) => p.VpcPeeringConnections);
    expect(peerings.map((p) => [p.VpcPeeringConnectionId, p.Status?.Code, p.AccepterVpcInfo?.OwnerId])).toEqual([['pcx-1', 'active', '111122223333']]);

    await expect(client.send(new sdk.DeleteVpcCommand({ VpcId: vpcId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    region!.vpnGateways[0]!.VpcAttachments[0]!.State = 'detached';
    await client.send(new sdk.DeleteVpcCommand({ VpcId: vpcId }));
    expect(region!.vpcs).toEqual([]);
    expect(region!.vpcPeeringConnections[0]!.Status.Code).toBe('deleted');
  });

  it('refuses to delete an attached internet gateway, and to detach one twice', async () => {
    const { client, sdk, region } = await ec2In();
    const vpcId = region!.vpcs[0]!.VpcId;
    const igwId = region!.internetGateways[0]!.InternetGatewayId;
    await expect(client.send(new sdk.DeleteInternetGatewayCommand({ InternetGatewayId: igwId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await client.send(new sdk.DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
    await expect(client.send(new sdk.DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }))).rejects.toMatchObject({ name: 'Gateway.NotAttached' });
  });

  it('refuses to delete a subnet with a network interface, the main route table and the default security group', async () => {
    const { client, sdk, region } = await ec2In();
    const subnet = region!.subnets[0]!;
    region!.networkInterfaces.push({
      NetworkInterfaceId: 'eni-1', VpcId: subnet.VpcId, SubnetId: subnet.SubnetId, Description: '', InterfaceType: 'interface', Status: 'in-use',
    });
    await expect(client.send(new sdk.DeleteSubnetCommand({ SubnetId: subnet.SubnetId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(client.send(new sdk.DeleteRouteTableCommand({ RouteTableId: region!.routeTables[0]!.RouteTableId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(client.send(new sdk.DeleteSecurityGroupCommand({ GroupId: region!.securityGroups[0]!.GroupId }))).rejects.toMatchObject({ name: 'CannotDelete' });
  });

  it('reports unknown ids and unknown filter names with EC2 codes', async () => {
    const { client, sdk } = await ec2In();
    await expect(client.send(new sdk.DescribeVpcsCommand({ VpcIds: ['vpc-nope'] }))).rejects.toMatchObject({
      name: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-nope' does not exist",
    });
    await expect(client.send(new sdk.DescribeVpcsCommand({ Filters: [{ Name: 'isdefault', Values: ['true'] }] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: "The filter 'isdefault' is invalid",
    });
  });

  it('filters by Name/Values, with wildcards, any value matching and every filter applying', async () => {
    const { client, sdk, region } = await ec2In();
    const vpcId = region!.vpcs[0]!.VpcId;
    const subnets = (filters: Array<{ Name: string; Values: string[] }>) =>
      client.send(new sdk.DescribeSubnetsCommand({ Filters: filters })).then((out) => out.Subnets!.map((s) => s.AvailabilityZone));
    expect(await subnets([{ Name: 'availability-zone', Values: ['eu-west-1*'] }])).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(await subnets([{ Name: 'availability-zone', Values: ['eu-west-1a', 'eu-west-1c'] }])).toEqual(['eu-west-1a', 'eu-west-1c']);
    expect(await subnets([{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'availability-zone', Values: ['us-*'] }])).toEqual([]);
    const defaultVpcs = await client.send(new sdk.DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(defaultVpcs.Vpcs!.map((v) => v.VpcId)).toEqual([vpcId]);
    const mainTables = await client.send(new sdk.DescribeRouteTablesCommand({ Filters: [{ Name: 'association.main', Values: ['false'] }] }));
    expect(mainTables.RouteTables).toEqual([]);
  });

  it('pages Describe results with MaxResults and NextToken', async () => {
    const { client, sdk } = await ec2In('us-east-1');
    const first = await client.send(new sdk.DescribeSubnetsCommand({ MaxResults: 5 }));
    expect(first.Subnets).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const all = await collectPages(sdk.paginateDescribeSubnets({ client, pageSize: 5 }, {}), (page) => page.Subnets);
    expect(new Set(all.map((s) => s.SubnetId)).size).toBe(6);
  });

  it('creates a default VPC only where none exists (DefaultVpcAlreadyExists)', async () => {
    const { client, sdk } = await ec2In();
    await expect(client.send(new sdk.CreateDefaultVpcCommand({}))).rejects.toMatchObject({
      name: 'DefaultVpcAlreadyExists',
      message: 'A Default VPC already exists for this account in this region.',
    });
  });

  it('answers a delete sent again, once the first took effect, with the "not found" codes EC2 uses', async () => {
    const { client, sdk, region } = await ec2In();
    const vpcId = region!.vpcs[0]!.VpcId;
    const igwId = region!.internetGateways[0]!.InternetGatewayId;
    const subnetIds = region!.subnets.map((s) => s.SubnetId);
    const twice = async (send: () => Promise<unknown>) => {
      await send();
      return send().then(() => 'no error', (error: Error) => [error.name, error.message]);
    };
    expect(await twice(() => client.send(new sdk.DetachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId })))).toEqual([
      'Gateway.NotAttached', `resource ${igwId} is not attached to network ${vpcId}`,
    ]);
    expect(await twice(() => client.send(new sdk.DeleteInternetGatewayCommand({ InternetGatewayId: igwId })))).toEqual([
      'InvalidInternetGatewayID.NotFound', `The internetGateway ID '${igwId}' does not exist`,
    ]);
    for (const id of subnetIds.slice(1)) await client.send(new sdk.DeleteSubnetCommand({ SubnetId: id }));
    expect(await twice(() => client.send(new sdk.DeleteSubnetCommand({ SubnetId: subnetIds[0]! })))).toEqual([
      'InvalidSubnetID.NotFound', `The subnet ID '${subnetIds[0]}' does not exist`,
    ]);
    expect(await twice(() => client.send(new sdk.DeleteVpcCommand({ VpcId: vpcId })))).toEqual(['InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`]);
  });

  it('lists regions with DescribeRegions: enabled ones by default, all with AllRegions, each with its endpoint and opt-in status', async () => {
    const { client, sdk, sim } = await ec2In('us-east-1');
    sim.state.regions['eu-south-1'] = 'ENABLED';
    sim.state.regions['ap-east-1'] = 'ENABLING';
    sim.state.regions['sa-east-1'] = 'DISABLED';
    const regions = async (input: DescribeRegionsCommandInput) =>
      (await client.send(new sdk.DescribeRegionsCommand(input))).Regions!;

    const enabled = await regions({});
    expect(enabled.map((r) => r.RegionName).sort()).toEqual(
      Object.entries(sim.state.regions).filter(([, s]) => s === 'ENABLED' || s === 'ENABLED_BY_DEFAULT').map(([name]) => name).sort(),
    );
    expect(enabled.find((r) => r.RegionName === 'eu-west-1')).toEqual({ RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' });
    expect(enabled.find((r) => r.RegionName === 'eu-south-1')).toEqual({ RegionName: 'eu-south-1', Endpoint: 'ec2.eu-south-1.amazonaws.com', OptInStatus: 'opted-in' });

    const all = await regions({ AllRegions: true });
    expect(all).toHaveLength(Object.keys(sim.state.regions).length);
    const statusOf = (name: string) => all.find((r) => r.RegionName === name)?.OptInStatus;
    // Still being enabled is not usable yet: EC2 has no in-between status.
    expect([statusOf('af-south-1'), statusOf('ap-east-1'), statusOf('sa-east-1')]).toEqual(['not-opted-in', 'not-opted-in', 'not-opted-in']);

    expect((await regions({ RegionNames: ['af-south-1', 'us-east-1'] })).map((r) => r.RegionName)).toEqual(['us-east-1', 'af-south-1']);
    expect((await regions({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['opted-in'] }] })).map((r) => r.RegionName)).toEqual(['eu-south-1']);
    await expect(regions({ RegionNames: ['xx-nowhere-1'] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('reports an opt-in region that is not enabled as AuthFailure', async () => {
    const { client, sdk } = await ec2In('af-south-1');
    await expect(client.send(new sdk.GetEbsEncryptionByDefaultCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
  });
});
