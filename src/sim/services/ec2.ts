/**
 * EC2 in the simulated account: EBS encryption by default, and the default VPC with everything
 * in it. EC2 has no modeled errors: every failure is a code (`InvalidVpcID.NotFound`,
 * `DependencyViolation`, ...) on EC2ServiceException, and a `DryRun: true` call is answered
 * with `DryRunOperation` (HTTP 412) instead of being made.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsCodeError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { freshRegion, type RegionStatus, type SimIpPermission, type SimRegion, type SimState } from '../state.js';

const { EC2ServiceException } = loadSdk('ec2');

type Input = Record<string, unknown>;

function fail(code: string, message: string, status = 400): Error {
  return awsCodeError(ec2, code, message, status);
}

/** A region's resources; a region enabled after the account was created gets what AWS gives it. */
function regionOf({ state, region }: SimRequest): SimRegion {
  return (state.regional[region] ??= freshRegion(state, region));
}

/**
 * Answers a dry run. Handlers call this after checking that the named resources exist (EC2
 * resolves them to evaluate resource-level permissions) but before checking whether the call
 * would otherwise succeed: a dry run proves permissions, not dependencies.
 */
function answerDryRun(input: Input): void {
  if (input.DryRun === true) throw fail('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}

function requireString(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || !value) throw fail('MissingParameter', `The request must contain the parameter ${field}`);
  return value;
}

function find<T>(items: readonly T[], match: (item: T) => boolean, notFound: () => Error): T {
  const found = items.find(match);
  if (!found) throw notFound();
  return found;
}

const vpcNotFound = (id: string) => fail('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
const hasDependencies = (kind: string, id: string) => fail('DependencyViolation', `The ${kind} '${id}' has dependencies and cannot be deleted.`);

function vpcById(region: SimRegion, vpcId: string) {
  return find(region.vpcs, (v) => v.VpcId === vpcId, () => vpcNotFound(vpcId));
}

// ---- Describe calls: ids, Filters (Name/Values, any value matches, every filter must) and paging.

/** Filter name → the values a resource has for it. */
type FilterFields<T> = Record<string, (item: T) => ReadonlyArray<string | boolean | undefined>>;

/** EC2 filter values may use `*` and `?` wildcards. */
function valueMatcher(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function applyFilters<T>(items: readonly T[], input: Input, fields: FilterFields<T>): T[] {
  const filters = (input.Filters ?? []) as Array<{ Name?: string; Values?: string[] }>;
  const checks = filters.map(({ Name, Values }) => {
    // `tag:<key>` works on every resource that carries Tags.
    const tagKey = Name?.startsWith('tag:') ? Name.slice(4) : undefined;
    const byTag = (item: T) => ((item as { Tags?: Array<{ Key: string; Value: string }> }).Tags ?? []).filter((t) => t.Key === tagKey).map((t) => t.Value);
    const field = tagKey !== undefined ? byTag : Name === undefined ? undefined : fields[Name];
    if (!field) throw fail('InvalidParameterValue', `The filter '${String(Name)}' is invalid`);
    const patterns = (Values ?? []).map(valueMatcher);
    return (item: T) => field(item).some((value) => value !== undefined && patterns.some((p) => p.test(String(value))));
  });
  return items.filter((item) => checks.every((check) => check(item)));
}

interface Describer<T> {
  readonly list: (region: SimRegion) => readonly T[];
  /** The input field naming resources by id, and how a missing one is reported. */
  readonly ids: { readonly field: string; readonly of: (item: T) => string; readonly notFound: (id: string) => Error };
  readonly filters: FilterFields<T>;
  readonly outputField: string;
  readonly output?: (item: T, state: SimState) => unknown;
}

function describe<T>(describer: Describer<T>) {
  return (request: SimRequest) => {
    const region = regionOf(request);
    const { input } = request;
    let items = describer.list(region);
    const ids = input[describer.ids.field] as string[] | undefined;
    if (ids?.length) {
      for (const id of ids) find(items, (item) => describer.ids.of(item) === id, () => describer.ids.notFound(id));
      items = items.filter((item) => ids.includes(describer.ids.of(item)));
    }
    answerDryRun(input);
    const matching = applyFilters(items, input, describer.filters);
    // Without MaxResults, EC2 returns everything at once.
    const { page, next } = pageOf(matching, input.NextToken, input.MaxResults, matching.length, () =>
      fail('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.'));
    const toOutput = describer.output ?? ((item: T) => item);
    return { [describer.outputField]: page.map((item) => toOutput(item, request.state)), ...(next ? { NextToken: next } : {}) };
  };
}

/**
 * A region's opt-in status as EC2 words it. EC2 has no in-between values: a region still being
 * enabled or disabled is not usable, so it reads as not opted in (the simulation's choice).
 */
function optInStatus(status: RegionStatus): string {
  if (status === 'ENABLED_BY_DEFAULT') return 'opt-in-not-required';
  return status === 'ENABLED' ? 'opted-in' : 'not-opted-in';
}

/** A security group rule as EC2 describes it, every list present. */
function rule(IpProtocol: string, parts: Partial<SimIpPermission>): SimIpPermission {
  return { IpProtocol, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [], ...parts };
}

const mainRouteTableOf = (region: SimRegion, vpcId: string) =>
  region.routeTables.find((t) => t.VpcId === vpcId && t.Associations.some((a) => a.Main));

const ec2: SimService = {
  ServiceException: EC2ServiceException,
  regionNotEnabledCode: 'AuthFailure',
  handlers: {
    GetEbsEncryptionByDefault: (request: SimRequest) => {
      answerDryRun(request.input);
      return { EbsEncryptionByDefault: regionOf(request).ebsEncryptionByDefault };
    },
    EnableEbsEncryptionByDefault: (request: SimRequest) => {
      answerDryRun(request.input);
      regionOf(request).ebsEncryptionByDefault = true;
      return { EbsEncryptionByDefault: true };
    },
    DisableEbsEncryptionByDefault: (request: SimRequest) => {
      answerDryRun(request.input);
      regionOf(request).ebsEncryptionByDefault = false;
      return { EbsEncryptionByDefault: false };
    },

    /**
     * The account's regions from the region state: enabled ones only, unless AllRegions or
     * RegionNames asks for others (any named region is listed, enabled or not).
     */
    DescribeRegions: ({ state, input }: SimRequest) => {
      const all = Object.entries(state.regions).map(([RegionName, status]) => ({
        RegionName,
        Endpoint: `ec2.${RegionName}.amazonaws.com`,
        OptInStatus: optInStatus(status),
      }));
      const named = (input.RegionNames ?? []) as string[];
      for (const name of named) {
        if (!all.some((r) => r.RegionName === name)) throw fail('InvalidParameterValue', `Invalid region: ${name}`);
      }
      answerDryRun(input);
      const listed = named.length ? all.filter((r) => named.includes(r.RegionName)) : input.AllRegions === true ? all : all.filter((r) => r.OptInStatus !== 'not-opted-in');
      return {
        Regions: applyFilters(listed, input, {
          'region-name': (r) => [r.RegionName],
          endpoint: (r) => [r.Endpoint],
          'opt-in-status': (r) => [r.OptInStatus],
        }),
      };
    },

    DescribeVpcs: describe({
      list: (r) => r.vpcs,
      ids: { field: 'VpcIds', of: (v) => v.VpcId, notFound: vpcNotFound },
      filters: {
        'vpc-id': (v) => [v.VpcId],
        'is-default': (v) => [v.IsDefault],
        cidr: (v) => [v.CidrBlock],
        state: (v) => [v.State],
        'owner-id': (v) => [v.OwnerId],
        'dhcp-options-id': (v) => [v.DhcpOptionsId],
      },
      outputField: 'Vpcs',
    }),
    DescribeSubnets: describe({
      list: (r) => r.subnets,
      ids: { field: 'SubnetIds', of: (s) => s.SubnetId, notFound: (id) => fail('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`) },
      filters: {
        'vpc-id': (s) => [s.VpcId],
        'subnet-id': (s) => [s.SubnetId],
        'availability-zone': (s) => [s.AvailabilityZone],
        'default-for-az': (s) => [s.DefaultForAz],
        'cidr-block': (s) => [s.CidrBlock],
        state: (s) => [s.State],
      },
      outputField: 'Subnets',
      output: (s, state) => ({ ...s, OwnerId: state.accountId }),
    }),
    DescribeInternetGateways: describe({
      list: (r) => r.internetGateways,
      ids: {
        field: 'InternetGatewayIds',
        of: (g) => g.InternetGatewayId,
        notFound: (id) => fail('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${id}' does not exist`),
      },
      filters: {
        'internet-gateway-id': (g) => [g.InternetGatewayId],
        'attachment.vpc-id': (g) => g.Attachments.map((a) => a.VpcId),
        'attachment.state': (g) => g.Attachments.map((a) => a.State),
      },
      outputField: 'InternetGateways',
      output: (g, state) => ({ ...g, OwnerId: state.accountId }),
    }),
    // Only tag filters exist for this call: callers match attachments themselves.
    DescribeEgressOnlyInternetGateways: describe({
      list: (r) => r.egressOnlyInternetGateways,
      ids: {
        field: 'EgressOnlyInternetGatewayIds',
        of: (g) => g.EgressOnlyInternetGatewayId,
        notFound: (id) => fail('InvalidGatewayID.NotFound', `The eigw ID '${id}' does not exist`),
      },
      filters: {},
      outputField: 'EgressOnlyInternetGateways',
    }),
    DescribeRouteTables: describe({
      list: (r) => r.routeTables,
      ids: { field: 'RouteTableIds', of: (t) => t.RouteTableId, notFound: (id) => fail('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`) },
      filters: {
        'vpc-id': (t) => [t.VpcId],
        'route-table-id': (t) => [t.RouteTableId],
        'association.main': (t) => t.Associations.map((a) => a.Main),
        'association.subnet-id': (t) => t.Associations.map((a) => a.SubnetId),
        'association.route-table-association-id': (t) => t.Associations.map((a) => a.RouteTableAssociationId),
      },
      outputField: 'RouteTables',
      output: (t, state) => ({
        ...t,
        OwnerId: state.accountId,
        Associations: t.Associations.map((a) => ({ ...a, RouteTableId: t.RouteTableId, AssociationState: { State: 'associated' } })),
      }),
    }),
    DescribeNetworkAcls: describe({
      list: (r) => r.networkAcls,
      ids: { field: 'NetworkAclIds', of: (a) => a.NetworkAclId, notFound: (id) => fail('InvalidNetworkAclID.NotFound', `The networkAcl ID '${id}' does not exist`) },
      filters: {
        'vpc-id': (a) => [a.VpcId],
        'network-acl-id': (a) => [a.NetworkAclId],
        default: (a) => [a.IsDefault],
      },
      outputField: 'NetworkAcls',
      output: (a, state) => ({ ...a, OwnerId: state.accountId }),
    }),
    DescribeSecurityGroups: describe({
      list: (r) => r.securityGroups,
      ids: { field: 'GroupIds', of: (g) => g.GroupId, notFound: (id) => fail('InvalidGroup.NotFound', `The security group '${id}' does not exist`) },
      filters: {
        'vpc-id': (g) => [g.VpcId],
        'group-id': (g) => [g.GroupId],
        'group-name': (g) => [g.GroupName],
      },
      outputField: 'SecurityGroups',
      output: (g, state) => ({
        ...g,
        OwnerId: state.accountId,
        // What EC2 gives a group that nobody changed: a default group lets its own members in; every group lets all out.
        IpPermissions: g.IpPermissions ?? (g.GroupName === 'default' ? [rule('-1', { UserIdGroupPairs: [{ GroupId: g.GroupId, UserId: state.accountId }] })] : []),
        IpPermissionsEgress: g.IpPermissionsEgress ?? [rule('-1', { IpRanges: [{ CidrIp: '0.0.0.0/0' }] })],
      }),
    }),
    DescribeNetworkInterfaces: describe({
      list: (r) => r.networkInterfaces,
      ids: {
        field: 'NetworkInterfaceIds',
        of: (n) => n.NetworkInterfaceId,
        notFound: (id) => fail('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${id}' does not exist`),
      },
      filters: {
        'vpc-id': (n) => [n.VpcId],
        'subnet-id': (n) => [n.SubnetId],
        'network-interface-id': (n) => [n.NetworkInterfaceId],
        status: (n) => [n.Status],
        'interface-type': (n) => [n.InterfaceType],
        'attachment.instance-id': (n) => [n.Attachment?.InstanceId],
        'group-id': (n) => (n.Groups ?? []).map((g) => g.GroupId),
      },
      outputField: 'NetworkInterfaces',
      output: (n, state) => ({ ...n, OwnerId: state.accountId, Groups: n.Groups ?? [] }),
    }),
    DescribeVpnGateways: describe({
      list: (r) => r.vpnGateways ?? [],
      ids: { field: 'VpnGatewayIds', of: (g) => g.VpnGatewayId, notFound: (id) => fail('InvalidVpnGatewayID.NotFound', `The vpnGateway ID '${id}' does not exist`) },
      filters: {
        'vpn-gateway-id': (g) => [g.VpnGatewayId],
        state: (g) => [g.State],
        type: (g) => [g.Type],
        'attachment.vpc-id': (g) => g.VpcAttachments.map((a) => a.VpcId),
        'attachment.state': (g) => g.VpcAttachments.map((a) => a.State),
      },
      outputField: 'VpnGateways',
    }),
    DescribeVpcPeeringConnections: describe({
      list: (r) => r.vpcPeeringConnections ?? [],
      ids: {
        field: 'VpcPeeringConnectionIds',
        of: (p) => p.VpcPeeringConnectionId,
        notFound: (id) => fail('InvalidVpcPeeringConnectionID.NotFound', `The vpcPeeringConnection ID '${id}' does not exist`),
      },
      filters: {
        'vpc-peering-connection-id': (p) => [p.VpcPeeringConnectionId],
        'status-code': (p) => [p.Status.Code],
        'requester-vpc-info.vpc-id': (p) => [p.RequesterVpcInfo.VpcId],
        'accepter-vpc-info.vpc-id': (p) => [p.AccepterVpcInfo.VpcId],
      },
      outputField: 'VpcPeeringConnections',
    }),
    DescribeVpcEndpoints: describe({
      list: (r) => r.vpcEndpoints,
      ids: { field: 'VpcEndpointIds', of: (e) => e.VpcEndpointId, notFound: (id) => fail('InvalidVpcEndpointId.NotFound', `The VpcEndpoint ID '${id}' does not exist`) },
      filters: {
        'vpc-id': (e) => [e.VpcId],
        'vpc-endpoint-id': (e) => [e.VpcEndpointId],
        'service-name': (e) => [e.ServiceName],
        'vpc-endpoint-type': (e) => [e.VpcEndpointType],
        'vpc-endpoint-state': (e) => [e.State],
      },
      outputField: 'VpcEndpoints',
      output: (e, state) => ({ ...e, OwnerId: state.accountId }),
    }),

    // ---- Deletions, in the order a VPC has to be taken apart.

    /** Reports per endpoint instead of failing the call. */
    DeleteVpcEndpoints: (request: SimRequest) => {
      const region = regionOf(request);
      const ids = (request.input.VpcEndpointIds ?? []) as string[];
      if (!ids.length) throw fail('MissingParameter', 'The request must contain the parameter VpcEndpointIds');
      answerDryRun(request.input);
      const unsuccessful = [];
      for (const id of ids) {
        const endpoint = region.vpcEndpoints.find((e) => e.VpcEndpointId === id);
        if (!endpoint) {
          unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: `The VpcEndpoint ID '${id}' does not exist` } });
          continue;
        }
        region.vpcEndpoints = region.vpcEndpoints.filter((e) => e !== endpoint);
        // An interface endpoint's network interfaces go with it.
        region.networkInterfaces = region.networkInterfaces.filter((n) => !(n.InterfaceType === 'vpc_endpoint' && n.Description.includes(id)));
      }
      return { Unsuccessful: unsuccessful };
    },
    CreateTags: (request: SimRequest) => {
      const region = regionOf(request);
      const ids = (request.input.Resources ?? []) as string[];
      const tags = (request.input.Tags ?? []) as Array<{ Key: string; Value: string }>;
      // Only internet gateways carry tags in this simulation (the steps tag nothing else).
      const gateways = ids.map((id) =>
        find(region.internetGateways, (g) => g.InternetGatewayId === id, () => fail('InvalidID', `The ID '${id}' is not valid`)),
      );
      answerDryRun(request.input);
      for (const gateway of gateways) {
        const kept = (gateway.Tags ?? []).filter((t) => !tags.some((n) => n.Key === t.Key));
        gateway.Tags = [...kept, ...tags.map(({ Key, Value }) => ({ Key, Value: Value ?? '' }))];
      }
      return {};
    },
    DetachInternetGateway: (request: SimRequest) => {
      const region = regionOf(request);
      const igwId = requireString(request.input, 'InternetGatewayId');
      const vpcId = requireString(request.input, 'VpcId');
      const gateway = find(region.internetGateways, (g) => g.InternetGatewayId === igwId, () =>
        fail('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${igwId}' does not exist`));
      vpcById(region, vpcId);
      answerDryRun(request.input);
      if (!gateway.Attachments.some((a) => a.VpcId === vpcId)) {
        throw fail('Gateway.NotAttached', `resource ${igwId} is not attached to network ${vpcId}`);
      }
      gateway.Attachments = gateway.Attachments.filter((a) => a.VpcId !== vpcId);
      return {};
    },
    DeleteInternetGateway: (request: SimRequest) => {
      const region = regionOf(request);
      const igwId = requireString(request.input, 'InternetGatewayId');
      const gateway = find(region.internetGateways, (g) => g.InternetGatewayId === igwId, () =>
        fail('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${igwId}' does not exist`));
      answerDryRun(request.input);
      if (gateway.Attachments.length) throw hasDependencies('internetGateway', igwId);
      region.internetGateways = region.internetGateways.filter((g) => g !== gateway);
      return {};
    },
    DeleteEgressOnlyInternetGateway: (request: SimRequest) => {
      const region = regionOf(request);
      const id = requireString(request.input, 'EgressOnlyInternetGatewayId');
      const gateway = find(region.egressOnlyInternetGateways, (g) => g.EgressOnlyInternetGatewayId === id, () =>
        fail('InvalidGatewayID.NotFound', `The eigw ID '${id}' does not exist`));
      answerDryRun(request.input);
      region.egressOnlyInternetGateways = region.egressOnlyInternetGateways.filter((g) => g !== gateway);
      return { ReturnCode: true };
    },
    DeleteSubnet: (request: SimRequest) => {
      const region = regionOf(request);
      const subnetId = requireString(request.input, 'SubnetId');
      const subnet = find(region.subnets, (s) => s.SubnetId === subnetId, () =>
        fail('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`));
      answerDryRun(request.input);
      if (region.networkInterfaces.some((n) => n.SubnetId === subnetId)) throw hasDependencies('subnet', subnetId);
      region.subnets = region.subnets.filter((s) => s !== subnet);
      // The subnet's route table association goes with it.
      for (const table of region.routeTables) table.Associations = table.Associations.filter((a) => a.SubnetId !== subnetId);
      return {};
    },
    DeleteRouteTable: (request: SimRequest) => {
      const region = regionOf(request);
      const tableId = requireString(request.input, 'RouteTableId');
      const table = find(region.routeTables, (t) => t.RouteTableId === tableId, () =>
        fail('InvalidRouteTableID.NotFound', `The routeTable ID '${tableId}' does not exist`));
      answerDryRun(request.input);
      // The main table and tables still associated with subnets cannot go.
      if (table.Associations.length) throw hasDependencies('routeTable', tableId);
      region.routeTables = region.routeTables.filter((t) => t !== table);
      return {};
    },
    DeleteNetworkAcl: (request: SimRequest) => {
      const region = regionOf(request);
      const aclId = requireString(request.input, 'NetworkAclId');
      const acl = find(region.networkAcls, (a) => a.NetworkAclId === aclId, () =>
        fail('InvalidNetworkAclID.NotFound', `The networkAcl ID '${aclId}' does not exist`));
      answerDryRun(request.input);
      if (acl.IsDefault) throw fail('InvalidParameterValue', `cannot delete default network ACL ${aclId}`);
      region.networkAcls = region.networkAcls.filter((a) => a !== acl);
      return {};
    },
    DeleteSecurityGroup: (request: SimRequest) => {
      const region = regionOf(request);
      const groupId = requireString(request.input, 'GroupId');
      const group = find(region.securityGroups, (g) => g.GroupId === groupId, () =>
        fail('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`));
      answerDryRun(request.input);
      if (group.GroupName === 'default') {
        throw fail('CannotDelete', `the specified group: "${groupId}" name: "default" cannot be deleted by a user`);
      }
      region.securityGroups = region.securityGroups.filter((g) => g !== group);
      return { Return: true, GroupId: groupId };
    },
    /** The API, unlike the console, deletes nothing but the VPC and what comes with every VPC. */
    DeleteVpc: (request: SimRequest) => {
      const region = regionOf(request);
      const vpcId = requireString(request.input, 'VpcId');
      const vpc = vpcById(region, vpcId);
      answerDryRun(request.input);
      const inVpc = (item: { VpcId: string }) => item.VpcId === vpcId;
      const mainTable = mainRouteTableOf(region, vpcId);
      const dependencies = [
        region.subnets.some(inVpc),
        region.networkInterfaces.some(inVpc),
        region.vpcEndpoints.some(inVpc),
        region.internetGateways.some((g) => g.Attachments.some(inVpc)),
        region.egressOnlyInternetGateways.some((g) => g.Attachments.some(inVpc)),
        region.routeTables.some((t) => inVpc(t) && t !== mainTable),
        region.networkAcls.some((a) => inVpc(a) && !a.IsDefault),
        region.securityGroups.some((g) => inVpc(g) && g.GroupName !== 'default'),
        (region.vpnGateways ?? []).some((g) => g.VpcAttachments.some((a) => inVpc(a) && a.State !== 'detached')),
      ];
      if (dependencies.some(Boolean)) throw hasDependencies('vpc', vpcId);
      // An active peering goes with the VPC (as the VPC documentation says); a pending request
      // from another account has to be rejected first.
      for (const peering of region.vpcPeeringConnections ?? []) {
        if (![peering.RequesterVpcInfo.VpcId, peering.AccepterVpcInfo.VpcId].includes(vpcId)) continue;
        if (peering.Status.Code === 'pending-acceptance' && peering.AccepterVpcInfo.VpcId === vpcId) throw hasDependencies('vpc', vpcId);
        if (peering.Status.Code === 'active' || peering.Status.Code === 'pending-acceptance') peering.Status = { Code: 'deleted' };
      }
      region.vpcs = region.vpcs.filter((v) => v !== vpc);
      region.routeTables = region.routeTables.filter((t) => !inVpc(t));
      region.networkAcls = region.networkAcls.filter((a) => !inVpc(a));
      region.securityGroups = region.securityGroups.filter((g) => !inVpc(g));
      return {};
    },
    /** A new default VPC built the way a new region gets one: new ids every time. */
    CreateDefaultVpc: (request: SimRequest) => {
      const region = regionOf(request);
      answerDryRun(request.input);
      if (region.vpcs.some((v) => v.IsDefault)) {
        throw fail('DefaultVpcAlreadyExists', 'A Default VPC already exists for this account in this region.');
      }
      const created = freshRegion(request.state, request.region);
      region.vpcs.push(...created.vpcs);
      region.subnets.push(...created.subnets);
      region.internetGateways.push(...created.internetGateways);
      region.routeTables.push(...created.routeTables);
      region.networkAcls.push(...created.networkAcls);
      region.securityGroups.push(...created.securityGroups);
      return { Vpc: created.vpcs[0] };
    },
  },
};
export default ec2;
