/** No unused default VPC is left in a region. */
import type { Filter } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { ServiceHandle } from '../src/aws/clients.js';
import { sendDoneOnRetry } from '../src/aws/create-once.js';
import { dryRunProbe } from '../src/aws/dry-run.js';
import { withDoneSoFar } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { displayWidth, padDisplay } from '../src/i18n/wrap.js';
import { mayHaveVpc, regionSecurityGroups } from './shared/security-groups.js';

const en = {
  title: 'No unused default VPC is left in the region',
  why: 'Every region starts with a default VPC whose subnets give each instance a public IP address; anything launched without choosing a network lands there, one security group rule away from the internet.',
  /** Why the VPC stays: `list` names the first few interfaces or connections (see `few`). */
  inUse: (vpcId: string, count: number, list: string) => `the default VPC ${vpcId} is in use by ${count} network interface${count === 1 ? '' : 's'}: ${list}`,
  connected: (vpcId: string, list: string) => `the default VPC ${vpcId} is connected to other networks: ${list}`,
  /** The first few of a longer list, and how many more there are. */
  few: (shown: readonly string[], more: number) => `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
  ofInstance: (instanceId: string) => `of instance ${instanceId}`,
  vpnGateway: (id: string, state: string) => `VPN gateway ${id} (${state})`,
  peering: (id: string, status: string, otherVpcId: string, otherOwnerId: string | undefined) =>
    `peering connection ${id} (${status}, with ${otherVpcId}${otherOwnerId ? ` of account ${otherOwnerId}` : ''})`,
  resource: {
    endpoint: (id: string, serviceName: string) => `VPC endpoint ${id} (${serviceName})`,
    internetGateway: (id: string) => `internet gateway ${id} (detached, then deleted)`,
    detachedGateway: (id: string) => `internet gateway ${id} (already detached by an interrupted run)`,
    egressOnlyGateway: (id: string) => `egress-only internet gateway ${id}`,
    subnet: (id: string, cidrBlock: string, zone: string) => `subnet ${id} (${cidrBlock}, ${zone})`,
    routeTable: (id: string) => `route table ${id}`,
    networkAcl: (id: string) => `network ACL ${id}`,
    securityGroup: (id: string, name: string) => `security group ${id} (${name})`,
    vpc: (id: string, cidrBlock: string) => `VPC ${id} (${cidrBlock}) with its main route table, default network ACL and default security group`,
  },
  change: (vpcId: string) => `Delete the default VPC ${vpcId} and what it contains`,
  /** The compact preview (--verbose lists every resource instead). */
  table: {
    heading: (n: number) => `Delete the default VPC and what it contains in ${n} region${n === 1 ? '' : 's'}:`,
    columns: ['region', 'VPC', 'CIDR', 'subnets', 'internet gateway', 'also deleted'] as readonly string[],
    /** On a narrow terminal. */
    short: ['region', 'VPC', 'CIDR', 'subnets', 'IGW', 'also'] as readonly string[],
    none: '-',
    count: (n: number, kind: 'endpoint' | 'egressOnly' | 'routeTable' | 'networkAcl' | 'securityGroup') =>
      `${n} ${{ endpoint: 'VPC endpoint', egressOnly: 'egress-only gateway', routeTable: 'route table', networkAcl: 'network ACL', securityGroup: 'security group' }[kind]}${n === 1 ? '' : 's'}`,
    verbose: '(--verbose lists every resource; --json has them too)',
  },
  after: 'all of these deleted: the region has no default VPC',
  notes: [
    'Undo creates a NEW default VPC with CreateDefaultVpc: new ids, so nothing that names the old VPC, subnet or security group ids will find them again.',
    'Afterwards an instance launched without a subnet, or a service that defaults to the default VPC, needs a network chosen explicitly.',
  ],
  nothingDeleted: (blocker: string) => `${blocker}; nothing was deleted`,
  /** When DeleteVpcEndpoints reports a failure without a message. */
  notDeleted: 'not deleted',
  undo: (region: string, vpcId: string) =>
    `Create a NEW default VPC in ${region} with CreateDefaultVpc (172.31.0.0/16, a default subnet per zone): it gets new ids; ${vpcId} and its subnets do not come back`,
  drift: (vpcId: string) => `a default VPC (${vpcId}) exists again, and a region can have only one`,
};

const t = texts('default-vpcs', en, {
  title: '使われていないデフォルト VPC がリージョンに残っていない',
  why: 'どのリージョンにも最初からデフォルト VPC があり、そのサブネットは各インスタンスにパブリック IP アドレスを割り当てます。ネットワークを選ばずに起動したものはすべてそこに置かれ、セキュリティグループのルールを 1 つ変えるだけでインターネットに公開されてしまいます。',
  inUse: (vpcId: string, count: number, list: string) => `デフォルト VPC ${vpcId} は ${count} 個のネットワークインターフェイスで使用中です: ${list}`,
  connected: (vpcId: string, list: string) => `デフォルト VPC ${vpcId} は他のネットワークに接続されています: ${list}`,
  few: (shown: readonly string[], more: number) => `${shown.join('、')}${more > 0 ? `、ほか ${more} 件` : ''}`,
  ofInstance: (instanceId: string) => `(インスタンス ${instanceId})`,
  vpnGateway: (id: string, state: string) => `仮想プライベートゲートウェイ ${id} (${state})`,
  peering: (id: string, status: string, otherVpcId: string, otherOwnerId: string | undefined) =>
    `VPC ピアリング接続 ${id} (${status}、接続先 ${otherVpcId}${otherOwnerId ? `、アカウント ${otherOwnerId}` : ''})`,
  resource: {
    endpoint: (id: string, serviceName: string) => `VPC エンドポイント ${id} (${serviceName})`,
    internetGateway: (id: string) => `インターネットゲートウェイ ${id} (デタッチしてから削除)`,
    detachedGateway: (id: string) => `インターネットゲートウェイ ${id} (中断された実行ですでにデタッチ済み)`,
    egressOnlyGateway: (id: string) => `Egress-Only インターネットゲートウェイ ${id}`,
    subnet: (id: string, cidrBlock: string, zone: string) => `サブネット ${id} (${cidrBlock}、${zone})`,
    routeTable: (id: string) => `ルートテーブル ${id}`,
    networkAcl: (id: string) => `ネットワーク ACL ${id}`,
    securityGroup: (id: string, name: string) => `セキュリティグループ ${id} (${name})`,
    vpc: (id: string, cidrBlock: string) => `VPC ${id} (${cidrBlock}) とそのメインルートテーブル、デフォルトのネットワーク ACL、デフォルトのセキュリティグループ`,
  },
  change: (vpcId: string) => `デフォルト VPC ${vpcId} とその中のリソースを削除する`,
  table: {
    heading: (n: number) => `${n} リージョンでデフォルト VPC とその中のリソースを削除:`,
    columns: ['リージョン', 'VPC', 'CIDR', 'サブネット', 'インターネットゲートウェイ', 'ほかに削除'] as readonly string[],
    short: ['リージョン', 'VPC', 'CIDR', 'サブネット', 'IGW', 'ほか'] as readonly string[],
    none: '-',
    count: (n: number, kind: 'endpoint' | 'egressOnly' | 'routeTable' | 'networkAcl' | 'securityGroup') =>
      `${{ endpoint: 'VPC エンドポイント', egressOnly: 'Egress-Only ゲートウェイ', routeTable: 'ルートテーブル', networkAcl: 'ネットワーク ACL', securityGroup: 'セキュリティグループ' }[kind]} ${n} 個`,
    verbose: '(--verbose ですべてのリソースを表示します。--json にも含まれます)',
  },
  after: 'これらをすべて削除: リージョンにデフォルト VPC はない',
  notes: [
    '元に戻すと、CreateDefaultVpc で「新しい」デフォルト VPC が作成されます。ID が変わるため、古い VPC、サブネット、セキュリティグループの ID を指定しているものからは見つからなくなります。',
    '削除後は、サブネットを指定せずに起動するインスタンスや、デフォルト VPC を既定で使うサービスでは、ネットワークを明示的に選ぶ必要があります。',
  ],
  nothingDeleted: (blocker: string) => `${blocker}。何も削除していません。`,
  notDeleted: '削除されませんでした',
  undo: (region: string, vpcId: string) =>
    `${region} に CreateDefaultVpc で新しいデフォルト VPC を作成する (172.31.0.0/16、アベイラビリティーゾーンごとにデフォルトサブネット 1 つ): ID は新しくなり、${vpcId} とそのサブネットは戻らない`,
  drift: (vpcId: string) => `デフォルト VPC (${vpcId}) が再び存在し、1 つのリージョンに作成できるデフォルト VPC は 1 つだけ`,
});

type Ec2 = ServiceHandle<'ec2'>;

export interface NetworkInterfaceUse {
  readonly id: string;
  readonly description: string;
  readonly interfaceType?: string;
  readonly instanceId?: string;
}

/** A VPN gateway attached to the VPC, or a peering that links it to another VPC (kept as data, put in words by the plan). */
export type Connection =
  | { readonly type: 'vpn-gateway'; readonly id: string; readonly state: string }
  | { readonly type: 'peering'; readonly id: string; readonly status: string; readonly otherVpcId: string; readonly otherOwnerId?: string };

/** The region's default VPC and everything that can stand in the way of deleting it. */
export interface DefaultVpc {
  readonly vpcId: string;
  readonly cidrBlock: string;
  /** Anything here means something runs in the VPC: the step leaves it alone. */
  readonly networkInterfaces: readonly NetworkInterfaceUse[];
  /**
   * VPN gateways and peering connections that join the VPC to other networks: the step leaves it
   * alone too (an attached VPN gateway makes DeleteVpc fail after the rest is gone; an active
   * peering would be deleted with the VPC, cutting off the other side).
   */
  readonly connections: readonly Connection[];
  readonly endpoints: ReadonlyArray<{ readonly id: string; readonly serviceName: string }>;
  readonly internetGateways: readonly string[];
  /**
   * Gateways an interrupted run already detached from this VPC (found by our tag): nothing
   * else links them to the VPC any more, so they are deleted with it.
   */
  readonly detachedGateways?: readonly string[];
  readonly egressOnlyInternetGateways: readonly string[];
  readonly subnets: ReadonlyArray<{ readonly id: string; readonly cidrBlock: string; readonly availabilityZone: string }>;
  readonly routeTables: ReadonlyArray<{ readonly id: string; readonly main: boolean }>;
  readonly networkAcls: ReadonlyArray<{ readonly id: string; readonly isDefault: boolean }>;
  readonly securityGroups: ReadonlyArray<{ readonly id: string; readonly name: string }>;
}

export type DefaultVpcsState = { defaultVpc: DefaultVpc | null };

/** One EC2 call of the teardown; every one of them accepts `DryRun`. Named by the API call, except tagging. */
export interface Deletion {
  readonly action:
    | 'DeleteVpcEndpoints'
    | 'TagInternetGateway'
    | 'DetachInternetGateway'
    | 'DeleteInternetGateway'
    | 'DeleteEgressOnlyInternetGateway'
    | 'DeleteSubnet'
    | 'DeleteRouteTable'
    | 'DeleteNetworkAcl'
    | 'DeleteSecurityGroup'
    | 'DeleteVpc';
  readonly id: string;
}

export interface DefaultVpcDeletion {
  readonly vpcId: string;
  /** For the compact preview. */
  readonly cidrBlock?: string;
  /** In the order EC2 needs them: whatever depends on something goes before it. */
  readonly deletions: readonly Deletion[];
}

type NoInputs = Record<string, never>;

const byVpc = (vpcId: string): Filter[] => [{ Name: 'vpc-id', Values: [vpcId] }];

/**
 * Put on an internet gateway before it is detached (value: the VPC id). Between detaching and
 * deleting, a crash would otherwise leave a gateway that nothing connects to the VPC any more.
 */
export const TEARDOWN_TAG = 'aws-bootstrap:deleting-with-default-vpc';

async function networkInterfacesIn({ client, sdk }: Ec2, vpcId: string): Promise<NetworkInterfaceUse[]> {
  const interfaces = await collectPages(sdk.paginateDescribeNetworkInterfaces({ client }, { Filters: byVpc(vpcId) }), (page) => page.NetworkInterfaces);
  return interfaces.map((n) => ({
    id: n.NetworkInterfaceId ?? '',
    description: n.Description ?? '',
    ...(n.InterfaceType ? { interfaceType: n.InterfaceType } : {}),
    ...(n.Attachment?.InstanceId ? { instanceId: n.Attachment.InstanceId } : {}),
  }));
}

/** "eni-1 "Primary network interface" of instance i-1", or the interface type when no instance owns it. */
function describeUse(use: NetworkInterfaceUse): string {
  const owner = use.instanceId ? t.ofInstance(use.instanceId) : use.interfaceType && use.interfaceType !== 'interface' ? `(${use.interfaceType})` : '';
  return [use.id, use.description ? `"${use.description}"` : '', owner].filter(Boolean).join(' ');
}

function describeConnection(connection: Connection): string {
  return connection.type === 'vpn-gateway'
    ? t.vpnGateway(connection.id, connection.state)
    : t.peering(connection.id, connection.status, connection.otherVpcId, connection.otherOwnerId);
}

/** The IAM action a teardown call needs (tagging the gateway is CreateTags). */
const permissionFor = (deletion: Deletion) => `ec2:${deletion.action === 'TagInternetGateway' ? 'CreateTags' : deletion.action}`;

const firstFew = (items: readonly string[]) => t.few(items.slice(0, 3), Math.max(0, items.length - 3));

/** Why the VPC must stay, if it must: something runs in it, or it joins other networks. */
function whyKept(vpcId: string, uses: readonly NetworkInterfaceUse[], connections: readonly Connection[]): string | undefined {
  if (uses.length) return t.inUse(vpcId, uses.length, firstFew(uses.map(describeUse)));
  if (connections.length) return t.connected(vpcId, firstFew(connections.map(describeConnection)));
  return undefined;
}

/** Peerings that are, or may become, a live link: deleting the VPC would take them down. */
const LIVE_PEERING = ['initiating-request', 'pending-acceptance', 'provisioning', 'active'];

async function connectionsOf({ client, sdk }: Ec2, vpcId: string): Promise<Connection[]> {
  const [gateways, peerings] = await Promise.all([
    // Not paginated: the answer holds every matching gateway.
    client.send(new sdk.DescribeVpnGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] })).then((out) => out.VpnGateways ?? []),
    collectPages(sdk.paginateDescribeVpcPeeringConnections({ client }, { Filters: [{ Name: 'status-code', Values: LIVE_PEERING }] }), (page) => page.VpcPeeringConnections),
  ]);
  const peered = peerings.filter((p) => p.RequesterVpcInfo?.VpcId === vpcId || p.AccepterVpcInfo?.VpcId === vpcId);
  return [
    ...gateways.flatMap((g): Connection[] => {
      const attachment = g.VpcAttachments?.find((a) => a.VpcId === vpcId && a.State !== 'detached');
      return attachment ? [{ type: 'vpn-gateway', id: g.VpnGatewayId ?? '?', state: attachment.State ?? 'attached' }] : [];
    }),
    ...peered.map((p): Connection => {
      const other = p.RequesterVpcInfo?.VpcId === vpcId ? p.AccepterVpcInfo : p.RequesterVpcInfo;
      return {
        type: 'peering',
        id: p.VpcPeeringConnectionId ?? '?',
        status: p.Status?.Code ?? '?',
        otherVpcId: other?.VpcId ?? '?',
        ...(other?.OwnerId ? { otherOwnerId: other.OwnerId } : {}),
      };
    }),
  ];
}

/** What goes, as people read it and as EC2 calls, in teardown order. */
function teardown(vpc: DefaultVpc): { resources: string[]; deletions: Deletion[] } {
  const resources: string[] = [];
  const deletions: Deletion[] = [];
  const add = (resource: string, ...calls: Deletion[]) => {
    resources.push(resource);
    deletions.push(...calls);
  };
  const r = t.resource;
  for (const e of vpc.endpoints) add(r.endpoint(e.id, e.serviceName), { action: 'DeleteVpcEndpoints', id: e.id });
  for (const id of vpc.internetGateways) {
    add(r.internetGateway(id), { action: 'TagInternetGateway', id }, { action: 'DetachInternetGateway', id }, { action: 'DeleteInternetGateway', id });
  }
  for (const id of vpc.detachedGateways ?? []) add(r.detachedGateway(id), { action: 'DeleteInternetGateway', id });
  for (const id of vpc.egressOnlyInternetGateways) add(r.egressOnlyGateway(id), { action: 'DeleteEgressOnlyInternetGateway', id });
  for (const s of vpc.subnets) add(r.subnet(s.id, s.cidrBlock, s.availabilityZone), { action: 'DeleteSubnet', id: s.id });
  // The main route table, default network ACL and default security group go with the VPC itself.
  for (const table of vpc.routeTables.filter((table) => !table.main)) add(r.routeTable(table.id), { action: 'DeleteRouteTable', id: table.id });
  for (const a of vpc.networkAcls.filter((a) => !a.isDefault)) add(r.networkAcl(a.id), { action: 'DeleteNetworkAcl', id: a.id });
  for (const g of vpc.securityGroups.filter((g) => g.name !== 'default')) add(r.securityGroup(g.id, g.name), { action: 'DeleteSecurityGroup', id: g.id });
  add(r.vpc(vpc.vpcId, vpc.cidrBlock), { action: 'DeleteVpc', id: vpc.vpcId });
  return { resources, deletions };
}



/** Sends one teardown call; with `dryRun`, EC2 only answers whether it would be allowed. */
async function send({ client, sdk }: Ec2, deletion: Deletion, vpcId: string, dryRun: boolean): Promise<void> {
  const DryRun = dryRun ? true : undefined;
  const { id } = deletion;
  switch (deletion.action) {
    case 'DeleteVpcEndpoints':
      return sendDoneOnRetry(new sdk.DeleteVpcEndpointsCommand({ VpcEndpointIds: [id], DryRun }), async (command) => {
        // This call reports failures per endpoint in its output instead of failing.
        const out = await client.send(command);
        const failed = out.Unsuccessful?.[0];
        if (failed) {
          const error = new Error(`${failed.ResourceId ?? id}: ${failed.Error?.Message ?? t.notDeleted}`);
          error.name = failed.Error?.Code ?? 'VpcEndpointNotDeleted';
          throw error;
        }
      }, 'InvalidVpcEndpointId.NotFound');
    case 'TagInternetGateway':
      // Tagging again changes nothing: a blind retry is harmless.
      await client.send(new sdk.CreateTagsCommand({ Resources: [id], Tags: [{ Key: TEARDOWN_TAG, Value: vpcId }], DryRun }));
      return;
    case 'DetachInternetGateway':
      return sendDoneOnRetry(new sdk.DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId, DryRun }), (c) => client.send(c), 'Gateway.NotAttached');
    case 'DeleteInternetGateway':
      return sendDoneOnRetry(new sdk.DeleteInternetGatewayCommand({ InternetGatewayId: id, DryRun }), (c) => client.send(c), 'InvalidInternetGatewayID.NotFound');
    case 'DeleteEgressOnlyInternetGateway':
      return sendDoneOnRetry(new sdk.DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: id, DryRun }), (c) => client.send(c), 'InvalidGatewayID.NotFound');
    case 'DeleteSubnet':
      return sendDoneOnRetry(new sdk.DeleteSubnetCommand({ SubnetId: id, DryRun }), (c) => client.send(c), 'InvalidSubnetID.NotFound');
    case 'DeleteRouteTable':
      return sendDoneOnRetry(new sdk.DeleteRouteTableCommand({ RouteTableId: id, DryRun }), (c) => client.send(c), 'InvalidRouteTableID.NotFound');
    case 'DeleteNetworkAcl':
      return sendDoneOnRetry(new sdk.DeleteNetworkAclCommand({ NetworkAclId: id, DryRun }), (c) => client.send(c), 'InvalidNetworkAclID.NotFound');
    case 'DeleteSecurityGroup':
      return sendDoneOnRetry(new sdk.DeleteSecurityGroupCommand({ GroupId: id, DryRun }), (c) => client.send(c), 'InvalidGroup.NotFound');
    case 'DeleteVpc':
      return sendDoneOnRetry(new sdk.DeleteVpcCommand({ VpcId: id, DryRun }), (c) => client.send(c), 'InvalidVpcID.NotFound');
  }
}

/** Consecutive deletions of the same kind, in their order. */
function batchesByAction(deletions: readonly Deletion[]): Deletion[][] {
  const batches: Deletion[][] = [];
  for (const deletion of deletions) {
    const last = batches.at(-1);
    if (last && last[0]!.action === deletion.action) last.push(deletion);
    else batches.push([deletion]);
  }
  return batches;
}

/**
 * The preview of every region's deletion as one table: region, VPC id, CIDR, subnets, internet
 * gateway and what else goes (counts). The gateway ids give way to counts on a terminal too narrow
 * for them. `--verbose` lists every resource instead (the plan's `before`).
 */
function previewTable(plans: ReadonlyArray<{ region: string; plan: { changes: ReadonlyArray<{ payload: DefaultVpcDeletion }> } }>, columns?: number): string {
  const rows = plans.flatMap(({ region, plan }) =>
    plan.changes.map(({ payload }) => {
      const ids = (action: Deletion['action']) => [...new Set(payload.deletions.filter((d) => d.action === action).map((d) => d.id))];
      const gateways = [...new Set([...ids('DetachInternetGateway'), ...ids('DeleteInternetGateway')])];
      const also = ([['DeleteVpcEndpoints', 'endpoint'], ['DeleteEgressOnlyInternetGateway', 'egressOnly'], ['DeleteRouteTable', 'routeTable'], ['DeleteNetworkAcl', 'networkAcl'], ['DeleteSecurityGroup', 'securityGroup']] as const)
        .map(([action, kind]) => [ids(action).length, kind] as const)
        .filter(([n]) => n > 0)
        .map(([n, kind]) => t.table.count(n, kind));
      return { region, vpc: payload.vpcId, cidr: payload.cidrBlock ?? '', subnets: String(ids('DeleteSubnet').length), gateways, also: also.length ? also.join(', ') : t.table.none };
    }),
  );
  const ids = (gateways: readonly string[]) => (gateways.length ? gateways.join(', ') : t.table.none);
  const count = (gateways: readonly string[]) => String(gateways.length);
  const layout = (gateway: (ids: readonly string[]) => string, headers: readonly string[], indent: string) => {
    const cells = [[...headers], ...rows.map((r) => [r.region, r.vpc, r.cidr, r.subnets, gateway(r.gateways), r.also])];
    const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i]!))));
    return cells.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : padDisplay(cell, widths[i]!))).join('  ')}`.trimEnd());
  };
  // The widest layout that fits: gateway ids, then their counts, then short headings.
  const layouts = [() => layout(ids, t.table.columns, '    '), () => layout(count, t.table.columns, '    '), () => layout(count, t.table.short, '  ')];
  let lines = layouts[0]!();
  for (const next of layouts.slice(1)) if (columns && lines.some((line) => displayWidth(line) > columns)) lines = next();
  return [`  ✗ ${t.table.heading(rows.length)}`, ...lines, `    ${t.table.verbose}`].join('\n');
}

/** The one undo record this step writes: make a new default VPC (the deleted one cannot come back). */
export type DefaultVpcsUndo = { kind: 'create-default-vpc'; description: string; deletedVpcId: string };

export default defineStep<DefaultVpcsState, NoInputs, DefaultVpcDeletion, DefaultVpcsUndo>({
  id: 'default-vpcs',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  permissions: {
    observe: [
      'ec2:DescribeVpcs', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeInternetGateways',
      'ec2:DescribeEgressOnlyInternetGateways', 'ec2:DescribeSubnets', 'ec2:DescribeRouteTables', 'ec2:DescribeNetworkAcls',
      'ec2:DescribeSecurityGroups', 'ec2:DescribeVpnGateways', 'ec2:DescribeVpcPeeringConnections',
    ],
    apply: [
      'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpnGateways', 'ec2:DescribeVpcPeeringConnections', 'ec2:DeleteVpcEndpoints',
      'ec2:CreateTags', 'ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway', 'ec2:DeleteEgressOnlyInternetGateway',
      'ec2:DeleteSubnet', 'ec2:DeleteRouteTable', 'ec2:DeleteNetworkAcl', 'ec2:DeleteSecurityGroup', 'ec2:DeleteVpc',
    ],
    undo: ['ec2:CreateDefaultVpc'],
    // The default VPC's parts are EC2's ids and AWS offers nothing narrower than their types; what the step may tag is narrowed instead.
    scopes: () => [
      { name: 'TeardownTag', actions: ['ec2:CreateTags'], resources: ['*'], condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [TEARDOWN_TAG] } } },
    ],
  },
  inputs: { schema: z.object({}).strict() as z.ZodType<NoInputs>, questions: () => [] },

  async observe(ctx) {
    const ec2 = await ctx.aws.use('ec2');
    const { client, sdk } = ec2;
    // No VPC's default security group, no VPC: the groups are read for open-security-groups anyway.
    if (!mayHaveVpc(await regionSecurityGroups(ctx))) return { defaultVpc: null };
    const vpcs = await collectPages(sdk.paginateDescribeVpcs({ client }, { Filters: [{ Name: 'is-default', Values: ['true'] }] }), (page) => page.Vpcs);
    const vpc = vpcs[0];
    if (!vpc?.VpcId) return { defaultVpc: null };
    const vpcId = vpc.VpcId;
    const [networkInterfaces, connections, endpoints, internetGateways, taggedGateways, egressOnlyGateways, subnets, routeTables, networkAcls, securityGroups] = await Promise.all([
      networkInterfacesIn(ec2, vpcId),
      connectionsOf(ec2, vpcId),
      collectPages(sdk.paginateDescribeVpcEndpoints({ client }, { Filters: byVpc(vpcId) }), (page) => page.VpcEndpoints),
      collectPages(sdk.paginateDescribeInternetGateways({ client }, { Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }), (page) => page.InternetGateways),
      collectPages(sdk.paginateDescribeInternetGateways({ client }, { Filters: [{ Name: `tag:${TEARDOWN_TAG}`, Values: [vpcId] }] }), (page) => page.InternetGateways),
      // This call has tag filters only: the attachment is matched below.
      collectPages(sdk.paginateDescribeEgressOnlyInternetGateways({ client }, {}), (page) => page.EgressOnlyInternetGateways),
      collectPages(sdk.paginateDescribeSubnets({ client }, { Filters: byVpc(vpcId) }), (page) => page.Subnets),
      collectPages(sdk.paginateDescribeRouteTables({ client }, { Filters: byVpc(vpcId) }), (page) => page.RouteTables),
      collectPages(sdk.paginateDescribeNetworkAcls({ client }, { Filters: byVpc(vpcId) }), (page) => page.NetworkAcls),
      collectPages(sdk.paginateDescribeSecurityGroups({ client }, { Filters: byVpc(vpcId) }), (page) => page.SecurityGroups),
    ]);
    return {
      defaultVpc: {
        vpcId,
        cidrBlock: vpc.CidrBlock ?? '',
        networkInterfaces,
        connections,
        endpoints: endpoints.map((e) => ({ id: e.VpcEndpointId ?? '', serviceName: e.ServiceName ?? '' })),
        internetGateways: internetGateways.map((g) => g.InternetGatewayId ?? ''),
        detachedGateways: taggedGateways.filter((g) => !g.Attachments?.some((a) => a.VpcId === vpcId)).map((g) => g.InternetGatewayId ?? ''),
        egressOnlyInternetGateways: egressOnlyGateways
          .filter((g) => g.Attachments?.some((a) => a.VpcId === vpcId))
          .map((g) => g.EgressOnlyInternetGatewayId ?? ''),
        subnets: subnets.map((s) => ({ id: s.SubnetId ?? '', cidrBlock: s.CidrBlock ?? '', availabilityZone: s.AvailabilityZone ?? '' })),
        routeTables: routeTables.map((t) => ({ id: t.RouteTableId ?? '', main: t.Associations?.some((a) => a.Main) ?? false })),
        networkAcls: networkAcls.map((a) => ({ id: a.NetworkAclId ?? '', isDefault: a.IsDefault === true })),
        securityGroups: securityGroups.map((g) => ({ id: g.GroupId ?? '', name: g.GroupName ?? '' })),
      },
    };
  },

  preview: previewTable,

  plan(state) {
    const vpc = state.defaultVpc;
    if (!vpc) return { changes: [] };
    const blocker = whyKept(vpc.vpcId, vpc.networkInterfaces, vpc.connections);
    if (blocker) return { changes: [], skipped: blocker };
    const { resources, deletions } = teardown(vpc);
    return {
      changes: [{
        summary: t.change(vpc.vpcId),
        before: resources,
        after: t.after,
        destructive: true,
        payload: { vpcId: vpc.vpcId, cidrBlock: vpc.cidrBlock, deletions },
      }],
      notes: t.notes,
    };
  },

  async apply(ctx, change) {
    const ec2 = await ctx.aws.use('ec2');
    const { vpcId, deletions } = change.payload;
    // Something may have been launched or connected since the plan was shown: never take apart
    // a VPC in use.
    const [uses, connections] = await Promise.all([networkInterfacesIn(ec2, vpcId), connectionsOf(ec2, vpcId)]);
    const blocker = whyKept(vpcId, uses, connections);
    if (blocker) throw new Error(t.nothingDeleted(blocker));
    const done: string[] = [];
    try {
      // In order by kind (gateway before subnets before the VPC); the calls of one kind do not
      // depend on each other (six subnets in us-east-1), so they go together.
      for (const batch of batchesByAction(deletions)) {
        await Promise.all(
          batch.map(async (deletion) => {
            await send(ec2, deletion, vpcId, false);
            done.push(`${deletion.action} ${deletion.id}`);
          }),
        );
      }
    } catch (error) {
      throw withDoneSoFar(error, done);
    }
    return {
      kind: 'create-default-vpc',
      description: t.undo(ctx.region, vpcId),
      deletedVpcId: vpcId,
    };
  },

  async probe(ctx, change) {
    const ec2 = await ctx.aws.use('ec2');
    // A dry run checks each call on its own: none depends on another having been made.
    return Promise.all(change.payload.deletions.map((deletion) => dryRunProbe(permissionFor(deletion), deletion.id, () => send(ec2, deletion, change.payload.vpcId, true))));
  },

  async undo(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    // After a lost answer, the retry's DefaultVpcAlreadyExists is the VPC the first attempt made.
    await sendDoneOnRetry(new sdk.CreateDefaultVpcCommand({}), (c) => client.send(c), 'DefaultVpcAlreadyExists');
  },

  undoDrift(state) {
    return state.defaultVpc ? t.drift(state.defaultVpc.vpcId) : undefined;
  },
});
