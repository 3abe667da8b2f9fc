import { describe, expect, it } from 'vitest';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import step, { TEARDOWN_TAG, type DefaultVpc } from '../../steps/default-vpcs.js';
import type { SimRegion } from '../../src/sim/state.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { displayWidth } from '../../src/i18n/wrap.js';
import { renderJson } from '../../src/report/render.js';
import { runAgainst, ScriptedHost } from '../support/wizard.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };

const emptyVpc: DefaultVpc = {
  vpcId: 'vpc-1',
  cidrBlock: '172.31.0.0/16',
  networkInterfaces: [],
  connections: [],
  endpoints: [],
  internetGateways: [],
  egressOnlyInternetGateways: [],
  subnets: [],
  routeTables: [],
  networkAcls: [],
  securityGroups: [],
};

/** An instance's primary network interface in the region's default VPC. */
function launchInstance(region: SimRegion): void {
  region.networkInterfaces.push({
    NetworkInterfaceId: 'eni-0a1b2c3d4e5f60718',
    VpcId: region.vpcs[0]!.VpcId,
    SubnetId: region.subnets[0]!.SubnetId,
    Description: 'Primary network interface',
    InterfaceType: 'interface',
    Status: 'in-use',
    Attachment: { InstanceId: 'i-0fedcba9876543210', Status: 'attached' },
  });
}

/** Everything the teardown has to take apart, beyond what a fresh default VPC has. */
function addDependencies(region: SimRegion): void {
  const vpcId = region.vpcs[0]!.VpcId;
  region.vpcEndpoints.push({ VpcEndpointId: 'vpce-0s3', VpcId: vpcId, ServiceName: 'com.amazonaws.eu-west-1.s3', VpcEndpointType: 'Gateway', State: 'available' });
  region.egressOnlyInternetGateways.push({ EgressOnlyInternetGatewayId: 'eigw-01', Attachments: [{ VpcId: vpcId, State: 'attached' }] });
  // A custom route table still associated with a subnet: only deletable once the subnet is gone.
  region.routeTables.push({
    RouteTableId: 'rtb-custom',
    VpcId: vpcId,
    Associations: [{ RouteTableAssociationId: 'rtbassoc-custom', Main: false, SubnetId: region.subnets[1]!.SubnetId }],
    Routes: [{ DestinationCidrBlock: '172.31.0.0/16', GatewayId: 'local', State: 'active' }],
  });
  region.networkAcls.push({ NetworkAclId: 'acl-custom', VpcId: vpcId, IsDefault: false });
  region.securityGroups.push({ GroupId: 'sg-web', GroupName: 'web', Description: 'web servers', VpcId: vpcId });
}

describe('default-vpcs', () => {
  it('plans nothing where there is no default VPC (compliant)', () => {
    const plan = step.plan({ defaultVpc: null }, {}, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toBeUndefined();
  });

  it('skips a default VPC with a network interface, naming the interface and its instance', () => {
    const plan = step.plan({
      defaultVpc: { ...emptyVpc, networkInterfaces: [{ id: 'eni-1', description: 'Primary network interface', interfaceType: 'interface', instanceId: 'i-1' }] },
    }, {}, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toBe('the default VPC vpc-1 is in use by 1 network interface: eni-1 "Primary network interface" of instance i-1');
  });

  it('skips a default VPC joined to other networks (VPN gateway, peering), naming each', () => {
    const connections: DefaultVpc['connections'] = [
      { type: 'vpn-gateway', id: 'vgw-1', state: 'attached' },
      { type: 'peering', id: 'pcx-1', status: 'active', otherVpcId: 'vpc-9' },
    ];
    const plan = step.plan({ defaultVpc: { ...emptyVpc, connections } }, {}, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toBe('the default VPC vpc-1 is connected to other networks: VPN gateway vgw-1 (attached); peering connection pcx-1 (active, with vpc-9)');
  });

  it('plans one destructive change that lists and orders everything to delete (noncompliant)', () => {
    const vpc: DefaultVpc = {
      ...emptyVpc,
      endpoints: [{ id: 'vpce-1', serviceName: 'com.amazonaws.eu-west-1.s3' }],
      internetGateways: ['igw-1'],
      egressOnlyInternetGateways: ['eigw-1'],
      subnets: [{ id: 'subnet-a', cidrBlock: '172.31.0.0/20', availabilityZone: 'eu-west-1a' }, { id: 'subnet-b', cidrBlock: '172.31.16.0/20', availabilityZone: 'eu-west-1b' }],
      routeTables: [{ id: 'rtb-main', main: true }, { id: 'rtb-2', main: false }],
      networkAcls: [{ id: 'acl-default', isDefault: true }, { id: 'acl-2', isDefault: false }],
      securityGroups: [{ id: 'sg-default', name: 'default' }, { id: 'sg-2', name: 'web' }],
    };
    const { changes } = step.plan({ defaultVpc: vpc }, {}, planCtx);
    expect(changes).toHaveLength(1);
    const [change] = changes;
    expect(change!.destructive).toBe(true);
    expect(change!.payload).toEqual({
      vpcId: 'vpc-1',
      cidrBlock: emptyVpc.cidrBlock,
      deletions: [
        { action: 'DeleteVpcEndpoints', id: 'vpce-1' },
        { action: 'TagInternetGateway', id: 'igw-1' },
        { action: 'DetachInternetGateway', id: 'igw-1' },
        { action: 'DeleteInternetGateway', id: 'igw-1' },
        { action: 'DeleteEgressOnlyInternetGateway', id: 'eigw-1' },
        { action: 'DeleteSubnet', id: 'subnet-a' },
        { action: 'DeleteSubnet', id: 'subnet-b' },
        { action: 'DeleteRouteTable', id: 'rtb-2' },
        { action: 'DeleteNetworkAcl', id: 'acl-2' },
        { action: 'DeleteSecurityGroup', id: 'sg-2' },
        { action: 'DeleteVpc', id: 'vpc-1' },
      ],
    });
    const before = change!.before as string[];
    expect(before.map((line) => line.match(/\b(vpce|igw|eigw|subnet|rtb|acl|sg|vpc)-[\w-]+/)![0])).toEqual([
      'vpce-1', 'igw-1', 'eigw-1', 'subnet-a', 'subnet-b', 'rtb-2', 'acl-2', 'sg-2', 'vpc-1',
    ]);
  });

  it('deletes a fresh default VPC, after which the region has none and the plan is empty', async () => {
    const { sim, ctx } = simEnv();
    const region = sim.state.regional['eu-west-1']!;
    const vpcId = region.vpcs[0]!.VpcId;
    const igwId = region.internetGateways[0]!.InternetGatewayId;
    const subnetIds = region.subnets.map((s) => s.SubnetId);
    const usEast1 = structuredClone(sim.state.regional['us-east-1']);

    const before = await step.observe(ctx('eu-west-1'));
    expect(before.defaultVpc).toMatchObject({ vpcId, internetGateways: [igwId], networkInterfaces: [] });
    const [change] = step.plan(before, {}, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, {});

    expect(region.vpcs).toEqual([]);
    expect([region.subnets, region.internetGateways, region.routeTables, region.networkAcls, region.securityGroups]).toEqual([[], [], [], [], []]);
    expect(sim.state.regional['us-east-1']).toEqual(usEast1);
    expect(await step.observe(ctx('eu-west-1'))).toEqual({ defaultVpc: null });
    expect(sim.mutatingCalls().map((c) => [c.action, c.region, c.input])).toEqual([
      ['CreateTags', 'eu-west-1', { Resources: [igwId], Tags: [{ Key: TEARDOWN_TAG, Value: vpcId }] }],
      ['DetachInternetGateway', 'eu-west-1', { InternetGatewayId: igwId, VpcId: vpcId }],
      ['DeleteInternetGateway', 'eu-west-1', { InternetGatewayId: igwId }],
      ...subnetIds.map((id) => ['DeleteSubnet', 'eu-west-1', { SubnetId: id }]),
      ['DeleteVpc', 'eu-west-1', { VpcId: vpcId }],
    ]);
    expect(undo).toMatchObject({ kind: 'create-default-vpc', deletedVpcId: vpcId });
    expect(undo.description).toMatch(/NEW default VPC.*CreateDefaultVpc/);
  });

  it('takes apart endpoints, gateways, custom route tables, ACLs and security groups in an order EC2 accepts', async () => {
    const { sim, ctx } = simEnv();
    const region = sim.state.regional['eu-west-1']!;
    addDependencies(region);
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    await step.apply(ctx('eu-west-1'), change!, {});
    expect([region.vpcs, region.vpcEndpoints, region.egressOnlyInternetGateways, region.routeTables, region.networkAcls, region.securityGroups])
      .toEqual([[], [], [], [], [], []]);
    expect(sim.calls.filter((c) => c.error)).toEqual([]);
  });

  it('undo creates a new default VPC with new ids; a second undo is refused by EC2', async () => {
    const { sim, ctx } = simEnv();
    const old = structuredClone(sim.state.regional['eu-west-1']!);
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    const undo = await step.apply(ctx('eu-west-1'), change!, {});
    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toBeUndefined();

    await step.undo!(ctx('eu-west-1'), undo);
    const recreated = (await step.observe(ctx('eu-west-1'))).defaultVpc!;
    expect(recreated.cidrBlock).toBe('172.31.0.0/16');
    expect(recreated.vpcId).not.toBe(old.vpcs[0]!.VpcId);
    expect(recreated.subnets).toHaveLength(old.subnets.length);
    expect(recreated.subnets.map((s) => s.id).filter((id) => old.subnets.some((o) => o.SubnetId === id))).toEqual([]);
    expect(sim.mutatingCalls().at(-1)!.action).toBe('CreateDefaultVpc');

    expect(step.undoDrift!(await step.observe(ctx('eu-west-1')), undo)).toMatch(/exists again/);
    await expect(step.undo!(ctx('eu-west-1'), undo)).rejects.toMatchObject({ name: 'DefaultVpcAlreadyExists' });
  });

  it('skips a region whose default VPC holds an instance, with the reason, and changes nothing', async () => {
    const { sim, ctx } = simEnv();
    launchInstance(sim.state.regional['eu-west-1']!);
    const plan = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toContain('eni-0a1b2c3d4e5f60718 "Primary network interface" of instance i-0fedcba9876543210');
    expect(step.plan(await step.observe(ctx('us-east-1')), {}, { ...planCtx, region: 'us-east-1' }).changes).toHaveLength(1);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('skips a region whose default VPC has a VPN gateway attached or a live peering, and deletes the others', async () => {
    const { sim, ctx } = simEnv();
    const west = sim.state.regional['eu-west-1']!;
    const central = sim.state.regional['eu-central-1']!;
    west.vpnGateways = [{ VpnGatewayId: 'vgw-0a1', State: 'available', Type: 'ipsec.1', VpcAttachments: [{ VpcId: west.vpcs[0]!.VpcId, State: 'attached' }] }];
    const peering = (code: 'active' | 'rejected', id: string) => ({
      VpcPeeringConnectionId: id,
      RequesterVpcInfo: { VpcId: central.vpcs[0]!.VpcId, OwnerId: '123456789012', Region: 'eu-central-1' },
      AccepterVpcInfo: { VpcId: 'vpc-0other', OwnerId: '111122223333', Region: 'eu-central-1' },
      Status: { Code: code },
    });
    central.vpcPeeringConnections = [peering('active', 'pcx-0live'), peering('rejected', 'pcx-0old')];

    const planIn = async (region: string) => step.plan(await step.observe(ctx(region)), {}, { ...planCtx, region });
    expect((await planIn('eu-west-1')).skipped).toBe(`the default VPC ${west.vpcs[0]!.VpcId} is connected to other networks: VPN gateway vgw-0a1 (attached)`);
    expect((await planIn('eu-central-1')).skipped).toBe(
      `the default VPC ${central.vpcs[0]!.VpcId} is connected to other networks: peering connection pcx-0live (active, with vpc-0other of account 111122223333)`,
    );
    // A detached gateway and a rejected peering no longer tie the VPC to anything.
    west.vpnGateways[0]!.VpcAttachments[0]!.State = 'detached';
    central.vpcPeeringConnections[0]!.Status = { Code: 'rejected' };
    expect((await planIn('eu-west-1')).changes).toHaveLength(1);
    expect((await planIn('eu-central-1')).changes).toHaveLength(1);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('refuses to apply, deleting nothing, when an instance was launched after the plan', async () => {
    const { sim, ctx } = simEnv();
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    launchInstance(sim.state.regional['eu-west-1']!);
    await expect(step.apply(ctx('eu-west-1'), change!, {})).rejects.toThrow(/in use.*i-0fedcba9876543210.*nothing was deleted/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('refuses to apply, deleting nothing, when a VPN gateway was attached after the plan', async () => {
    const { sim, ctx } = simEnv();
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    const region = sim.state.regional['eu-west-1']!;
    region.vpnGateways = [{ VpnGatewayId: 'vgw-0late', State: 'available', Type: 'ipsec.1', VpcAttachments: [{ VpcId: region.vpcs[0]!.VpcId, State: 'attaching' }] }];
    await expect(step.apply(ctx('eu-west-1'), change!, {})).rejects.toThrow(/connected to other networks: VPN gateway vgw-0late \(attaching\); nothing was deleted/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('lets DependencyViolation from DeleteVpc through to the engine', async () => {
    const { sim, ctx } = simEnv();
    sim.inject({ service: 'ec2', action: 'DeleteVpc', region: 'eu-west-1', code: 'DependencyViolation', message: "The vpc 'vpc-x' has dependencies and cannot be deleted." });
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    await expect(step.apply(ctx('eu-west-1'), change!, {})).rejects.toMatchObject({ name: 'DependencyViolation' });
  });

  it('probes every deletion with DryRun in a dry run: all would succeed, nothing changes', async () => {
    const { sim, ctx } = simEnv();
    addDependencies(sim.state.regional['eu-west-1']!);
    const [change] = step.plan(await step.observe(ctx('eu-west-1', true)), {}, planCtx).changes;
    const stateBefore = structuredClone(sim.state);
    const results = await step.probe!(ctx('eu-west-1', true), change!);

    const { deletions } = change!.payload;
    // Each under its IAM action: tagging the gateway is ec2:CreateTags.
    expect(results).toEqual(deletions.map((d) => ({ action: d.action === 'TagInternetGateway' ? 'ec2:CreateTags' : `ec2:${d.action}`, target: d.id, allowed: true })));
    expect(results.map((r) => r.action)).toContain('ec2:CreateTags');
    expect(sim.mutatingCalls()).toEqual([]);
    expect(sim.state).toEqual(stateBefore);
    const probes = sim.calls.filter((c) => c.action.startsWith('Delete') || c.action.startsWith('Detach') || c.action === 'CreateTags');
    expect(probes).toHaveLength(deletions.length);
    for (const call of probes) expect(call).toMatchObject({ input: { DryRun: true }, error: 'DryRunOperation', mutating: false });
  });

  it('reports a denied deletion in the probe as "would be denied"', async () => {
    const { sim, ctx } = simEnv();
    sim.inject({ service: 'ec2', action: 'DeleteVpc', region: 'eu-west-1', code: 'UnauthorizedOperation', status: 403 });
    const [change] = step.plan(await step.observe(ctx('eu-west-1', true)), {}, planCtx).changes;
    const results = await step.probe!(ctx('eu-west-1', true), change!);
    const vpcId = sim.state.regional['eu-west-1']!.vpcs[0]!.VpcId;
    expect(results.at(-1)).toEqual({ action: 'ec2:DeleteVpc', target: vpcId, allowed: false });
    expect(results.slice(0, -1).every((r) => r.allowed)).toBe(true);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('reports a denied gateway tag under its IAM action, ec2:CreateTags', async () => {
    const { sim, ctx } = simEnv();
    sim.inject({ service: 'ec2', action: 'CreateTags', region: 'eu-west-1', code: 'UnauthorizedOperation', status: 403 });
    const [change] = step.plan(await step.observe(ctx('eu-west-1', true)), {}, planCtx).changes;
    const results = await step.probe!(ctx('eu-west-1', true), change!);
    const igwId = sim.state.regional['eu-west-1']!.internetGateways[0]!.InternetGatewayId;
    expect(results.filter((r) => !r.allowed)).toEqual([{ action: 'ec2:CreateTags', target: igwId, allowed: false }]);
    expect(step.permissions.apply).toContain('ec2:CreateTags');
  });

  it('a run cut off between detaching and deleting the gateway leaves it tagged, and the next run deletes it with the VPC', async () => {
    const { sim, ctx } = simEnv();
    const region = sim.state.regional['eu-west-1']!;
    const igwId = region.internetGateways[0]!.InternetGatewayId;
    sim.inject({ service: 'ec2', action: 'DeleteInternetGateway', region: 'eu-west-1', code: 'InternalError', status: 500, times: 10 });
    const [change] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
    await expect(step.apply(ctx('eu-west-1'), change!, {})).rejects.toMatchObject({ name: 'InternalError' });
    // Detached, so nothing but our tag links it to the VPC any more.
    expect(region.internetGateways[0]).toMatchObject({ InternetGatewayId: igwId, Attachments: [], Tags: [{ Key: TEARDOWN_TAG, Value: region.vpcs[0]!.VpcId }] });

    sim.clearFaults();
    const again = await step.observe(ctx('eu-west-1'));
    expect(again.defaultVpc).toMatchObject({ internetGateways: [], detachedGateways: [igwId] });
    const [rest] = step.plan(again, {}, planCtx).changes;
    expect(rest!.before).toEqual(expect.arrayContaining([`internet gateway ${igwId} (already detached by an interrupted run)`]));
    await step.apply(ctx('eu-west-1'), rest!, {});
    expect(region.internetGateways).toEqual([]);
    expect(region.vpcs).toEqual([]);
  });

  it('speaks Japanese when asked: what goes, the notes, why a VPC stays, the undo record and the drift, with no English left', async () => {
    const vpc: DefaultVpc = {
      ...emptyVpc,
      endpoints: [{ id: 'vpce-1', serviceName: 'com.amazonaws.eu-west-1.s3' }],
      internetGateways: ['igw-1'],
      detachedGateways: ['igw-0'],
      egressOnlyInternetGateways: ['eigw-1'],
      subnets: [{ id: 'subnet-a', cidrBlock: '172.31.0.0/20', availabilityZone: 'eu-west-1a' }],
      routeTables: [{ id: 'rtb-main', main: true }, { id: 'rtb-2', main: false }],
      networkAcls: [{ id: 'acl-2', isDefault: false }],
      securityGroups: [{ id: 'sg-2', name: 'web' }],
    };
    const uses = ['eni-1', 'eni-2', 'eni-3', 'eni-4', 'eni-5'].map((id) => ({ id, description: 'Primary network interface', interfaceType: 'interface', instanceId: `i-${id.slice(4)}` }));
    const ja = withLanguage('ja', () => ({
      title: step.title,
      why: step.why,
      plan: step.plan({ defaultVpc: vpc }, {}, planCtx),
      inUse: step.plan({ defaultVpc: { ...emptyVpc, networkInterfaces: uses } }, {}, planCtx).skipped!,
      connected: step.plan({
        defaultVpc: { ...emptyVpc, connections: [{ type: 'vpn-gateway', id: 'vgw-1', state: 'attached' }, { type: 'peering', id: 'pcx-1', status: 'active', otherVpcId: 'vpc-9', otherOwnerId: '111122223333' }] },
      }, {}, planCtx).skipped!,
    }));
    const [change] = ja.plan.changes;
    expect(change!.summary).toBe('デフォルト VPC vpc-1 とその中のリソースを削除する');
    expect(change!.before).toEqual([
      'VPC エンドポイント vpce-1 (com.amazonaws.eu-west-1.s3)',
      'インターネットゲートウェイ igw-1 (デタッチしてから削除)',
      'インターネットゲートウェイ igw-0 (中断された実行ですでにデタッチ済み)',
      'Egress-Only インターネットゲートウェイ eigw-1',
      'サブネット subnet-a (172.31.0.0/20、eu-west-1a)',
      'ルートテーブル rtb-2',
      'ネットワーク ACL acl-2',
      'セキュリティグループ sg-2 (web)',
      'VPC vpc-1 (172.31.0.0/16) とそのメインルートテーブル、デフォルトのネットワーク ACL、デフォルトのセキュリティグループ',
    ]);
    expect(ja.inUse).toBe('デフォルト VPC vpc-1 は 5 個のネットワークインターフェイスで使用中です: eni-1 "Primary network interface" (インスタンス i-1)、eni-2 "Primary network interface" (インスタンス i-2)、eni-3 "Primary network interface" (インスタンス i-3)、ほか 2 件');
    expect(ja.connected).toBe('デフォルト VPC vpc-1 は他のネットワークに接続されています: 仮想プライベートゲートウェイ vgw-1 (attached)、VPC ピアリング接続 pcx-1 (active、接続先 vpc-9、アカウント 111122223333)');
    const shown = [ja.title, ja.why, change!.summary, ...(change!.before as string[]), change!.after as string, ...ja.plan.notes!, ja.inUse, ja.connected];
    for (const text of shown) expect(englishLeft(text)).toEqual([]);
    // English again outside, the same data put in words.
    expect(step.plan({ defaultVpc: { ...emptyVpc, networkInterfaces: uses } }, {}, planCtx).skipped).toMatch(/in use by 5 network interfaces: .*; and 2 more$/);

    const { sim, ctx } = simEnv();
    setLanguage('ja');
    try {
      const [deletion] = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx).changes;
      launchInstance(sim.state.regional['eu-west-1']!);
      await expect(step.apply(ctx('eu-west-1'), deletion!, {})).rejects.toThrow(/で使用中です: .*i-0fedcba9876543210\)。何も削除していません。$/);
      sim.state.regional['eu-west-1']!.networkInterfaces = [];
      const undo = await step.apply(ctx('eu-west-1'), deletion!, {});
      expect(undo.description).toMatch(/^eu-west-1 に CreateDefaultVpc で新しいデフォルト VPC を作成する/);
      await step.undo!(ctx('eu-west-1'), undo);
      const drift = step.undoDrift!(await step.observe(ctx('eu-west-1')), undo);
      expect(drift).toMatch(/^デフォルト VPC \(vpc-\S+\) が再び存在し/);
      for (const text of [undo.description, drift!]) expect(englishLeft(text)).toEqual([]);
    } finally {
      setLanguage('en');
    }
  });
});

describe('default-vpcs preview (issue 26)', () => {
  const run = async (lang: 'en' | 'ja', verbose: boolean, columns = 100) => {
    const host = new ScriptedHost(true, {}, ['no']);
    Object.assign(host.out, { isTTY: true, columns });
    setLanguage(lang);
    try {
      const { report, output } = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], host, ...(verbose ? { verbose } : {}) });
      return { report, output, host };
    } finally {
      setLanguage('en');
    }
  };
  // eslint-disable-next-line no-control-regex
  const section = (output: string) => output.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((line) => !/^(Account|Regions|Undo log|Summary)/.test(line));

  it.each(['en', 'ja'] as const)('in %s, 17 regions are one compact table (a line per region), then the note on what undo cannot restore; the question names 17 and defaults to No', async (lang) => {
    const { output, host, report } = await run(lang, false);
    const lines = section(output.slice(0, output.indexOf(lang === 'ja' ? 'まとめ' : 'Summary')));
    expect(lines.length).toBeLessThan(40);
    const header = lines.find((line) => line.includes('CIDR'))!;
    expect(header).toMatch(lang === 'ja' ? /リージョン +VPC +CIDR +サブネット +(インターネットゲートウェイ +ほかに削除|IGW +ほか)$/ : /region +VPC +CIDR +subnets +internet gateway +also deleted$/);
    const rows = lines.filter((line) => /^ {2,4}[a-z]{2}-[a-z]+-\d +vpc-\w+ +172\.31\.0\.0\/16 +\d+ +(?:igw-\w+|1) +-$/.test(line));
    expect(rows).toHaveLength(17);
    expect(output).not.toMatch(/subnet-\w+ \(172\.31/);
    expect(output).toMatch(lang === 'ja' ? /CreateDefaultVpc で「新しい」デフォルト VPC/ : /Undo creates a NEW default VPC with CreateDefaultVpc/);
    expect(host.confirmations).toHaveLength(1);
    expect(host.confirmations[0]!.destructive).toBe(true);
    expect(host.confirmations[0]!.choose).toBe('regions');
    expect(host.confirmations[0]!.message).toMatch(lang === 'ja' ? /17 リージョンで/ : /in 17 regions\?/);
    expect(report.results.every((r) => r.status === 'skipped')).toBe(true);
  });

  it('on 80 columns the gateway ids give way to counts; --verbose and --json keep every resource', async () => {
    const narrow = await run('en', false, 80);
    for (const line of section(narrow.output).filter((line) => /vpc-|CIDR/.test(line))) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(section(narrow.output).filter((line) => /^ {2}[a-z]{2}-[a-z]+-\d +vpc-\w+ +172\.31\.0\.0\/16 +\d+ +1 +-$/.test(line))).toHaveLength(17);
    const wide = await run('en', false, 120);
    expect(section(wide.output).filter((line) => / igw-\w+ +-$/.test(line))).toHaveLength(17);
    const verbose = await run('en', true);
    expect(verbose.output).toMatch(/subnet subnet-\w+ \(172\.31\.0\.0\/20, us-east-1a\)/);
    expect(verbose.output).not.toMatch(/also deleted/);
    // --json (a dry run) lists what each region's change takes away.
    const dry = await runAgainst(new SimulatedAccount(freshAccountState()), { steps: [step], dryRun: true });
    const row = dry.report.results.find((r) => r.region === 'us-east-1')!;
    expect(row.listing).toEqual(expect.arrayContaining([expect.stringMatching(/^internet gateway igw-/), expect.stringMatching(/^subnet subnet-/), expect.stringMatching(/^VPC vpc-/)]));
    expect(renderJson(dry.report)).toContain('"listing"');
  });
});
