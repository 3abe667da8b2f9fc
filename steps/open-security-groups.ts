/**
 * No security group lets the whole internet reach administration or database ports (checked
 * only, in every enabled region): inbound rules from 0.0.0.0/0 or ::/0 on SSH, RDP, database and
 * search ports or on every port, and a default security group that lets in more than its own
 * members (CIS 5.4), each with the network interfaces that use the group.
 */
import { z } from 'zod';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Finding } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { regionSecurityGroups } from './shared/security-groups.js';

/** Ports that must never be open to the world: SSH, RDP, MySQL, PostgreSQL, SQL Server, Oracle, Redis, MongoDB, Elasticsearch. */
export const WATCHED_PORTS: readonly number[] = [22, 3389, 3306, 5432, 1433, 1521, 6379, 27017, 9200];
const WORLD = ['0.0.0.0/0', '::/0'];
/** Filter values per DescribeNetworkInterfaces call. */
const FILTER_VALUES = 200;

const en = {
  title: 'No security group lets the internet reach administration or database ports',
  why: 'Scanners find an SSH, RDP or database port open to the internet within minutes and try passwords and known flaws on it around the clock.',
  allPorts: 'every port',
  port: (protocol: string, port: string) => `${protocol} ${port}`,
  unused: 'not used by any network interface',
  usedBy: (users: readonly string[]) => `used by ${users.join(', ')}`,
  open: (group: string, vpc: string, port: string, source: string, used: string) => `Security group ${group} in ${vpc} lets ${source} in on ${port} (${used}).`,
  openWhy: 'Anyone on the internet can reach this port and try passwords and known vulnerabilities on it.',
  openFix: (id: string) =>
    `Remove the rule or narrow its source to your own addresses: EC2 console → Security Groups → ${id} → Inbound rules → Edit inbound rules (for administration, Systems Manager Session Manager needs no open port). CLI: \`aws ec2 revoke-security-group-ingress --group-id ${id} --ip-permissions …\`.`,
  defaultGroup: (group: string, vpc: string, sources: string, used: string) => `The default security group ${group} of ${vpc} lets in traffic from ${sources} (${used}).`,
  defaultWhy: 'Every resource launched without a chosen security group lands in the default group, so its inbound rules apply to things nobody meant to expose (CIS 5.4).',
  defaultFix: (id: string) =>
    `Remove its inbound rules and put the resources that need them in security groups of their own: EC2 console → Security Groups → ${id} → Inbound rules → Edit inbound rules. CLI: \`aws ec2 revoke-security-group-ingress --group-id ${id} --ip-permissions …\`.`,
  readOnly: 'open-security-groups is a read-only check; change the rules yourself once you know who needs them',
};

const t = texts('open-security-groups', en, {
  title: '管理用やデータベースのポートをインターネットに開いているセキュリティグループがない',
  why: 'インターネットに開いた SSH、RDP、データベースのポートはスキャナーに数分で見つかり、昼夜を問わずパスワードや既知の脆弱性を試されます。',
  allPorts: 'すべてのポート',
  port: (protocol: string, port: string) => `${protocol} ${port}`,
  unused: 'どのネットワークインターフェイスも使っていません',
  usedBy: (users: readonly string[]) => `使用中: ${users.join(', ')}`,
  open: (group: string, vpc: string, port: string, source: string, used: string) => `${vpc} のセキュリティグループ ${group} は ${port} で ${source} からの通信を許可しています (${used})。`,
  openWhy: 'インターネット上の誰もがこのポートに到達し、パスワードや既知の脆弱性を試せます。',
  openFix: (id: string) =>
    `ルールを削除するか、送信元を自社のアドレスに絞ってください: EC2 コンソール →「セキュリティグループ」→ ${id} →「インバウンドルール」→「インバウンドルールを編集」(管理作業には、ポートを開く必要のない Systems Manager Session Manager が使えます)。CLI: \`aws ec2 revoke-security-group-ingress --group-id ${id} --ip-permissions …\`。`,
  defaultGroup: (group: string, vpc: string, sources: string, used: string) => `${vpc} のデフォルトのセキュリティグループ ${group} は ${sources} からのインバウンド通信を許可しています (${used})。`,
  defaultWhy: 'セキュリティグループを選ばずに起動したリソースはすべてデフォルトのセキュリティグループに入るため、そのインバウンドルールが公開するつもりのないものにも適用されます (CIS 5.4)。',
  defaultFix: (id: string) =>
    `インバウンドルールを削除し、通信が必要なリソースには専用のセキュリティグループを使ってください: EC2 コンソール →「セキュリティグループ」→ ${id} →「インバウンドルール」→「インバウンドルールを編集」。CLI: \`aws ec2 revoke-security-group-ingress --group-id ${id} --ip-permissions …\`。`,
  readOnly: 'open-security-groups は読み取り専用のチェックです。誰に必要かを確かめてから、ルールはご自身で変更してください。',
});

/** One inbound rule that lets the world in on a watched port (or on every port). */
export interface OpenRule {
  /** `tcp`, `udp` or `all` (protocol -1). */
  readonly protocol: string;
  /** A watched port, or `all`. */
  readonly port: string;
  readonly source: string;
}

export interface ObservedGroup {
  readonly id: string;
  readonly name: string;
  readonly vpcId: string;
  readonly open: readonly OpenRule[];
  /** For a default group: the sources of inbound rules other than its own members (CIS 5.4). */
  readonly defaultInbound?: readonly string[];
  /** The network interfaces in the group (interface id, and the instance or what AWS says it is for). */
  readonly usedBy: readonly string[];
}

export interface OpenSecurityGroupsState {
  /** Only the groups with something to report. */
  readonly groups: readonly ObservedGroup[];
}

type Permission = {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6?: string }>;
  UserIdGroupPairs?: Array<{ GroupId?: string }>;
  PrefixListIds?: Array<{ PrefixListId?: string }>;
};

const PROTOCOLS: Record<string, string> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp' };

/** The inbound rules that let the world in on a watched port or on every port. */
export function openRules(permissions: readonly Permission[]): OpenRule[] {
  const rules: OpenRule[] = [];
  for (const p of permissions) {
    const sources = [...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)].filter((s): s is string => WORLD.includes(s ?? ''));
    if (!sources.length) continue;
    const protocol = p.IpProtocol === '-1' ? 'all' : PROTOCOLS[p.IpProtocol ?? ''];
    if (!protocol) continue; // ICMP and other protocols carry no port
    const from = p.FromPort ?? 0;
    const to = p.ToPort ?? 65535;
    const ports = protocol === 'all' || (from <= 0 && to >= 65535) ? ['all'] : WATCHED_PORTS.filter((port) => from <= port && port <= to).map(String);
    for (const source of sources) for (const port of ports) rules.push({ protocol, port, source });
  }
  return rules;
}

/** A default group's inbound sources other than itself (AWS's own rule lets its members talk to each other). */
function defaultInbound(groupId: string, permissions: readonly Permission[]): string[] {
  return permissions.flatMap((p) => [
    ...(p.IpRanges ?? []).map((r) => r.CidrIp),
    ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(p.PrefixListIds ?? []).map((r) => r.PrefixListId),
    ...(p.UserIdGroupPairs ?? []).map((r) => r.GroupId).filter((id) => id !== groupId),
  ]).filter((s): s is string => Boolean(s));
}

export default defineStep<OpenSecurityGroupsState, Record<string, never>, never, never>({
  id: 'open-security-groups',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  readOnly: true,
  permissions: { observe: ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'], apply: [] },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('ec2');
    // default-vpcs reads the same list: once per region.
    const described = await regionSecurityGroups(ctx);
    const flagged = described.flatMap((g) => {
      const inbound = (g.IpPermissions ?? []) as Permission[];
      const open = openRules(inbound);
      const sources = g.GroupName === 'default' ? [...new Set(defaultInbound(g.GroupId!, inbound))] : [];
      return open.length || sources.length ? [{ id: g.GroupId!, name: g.GroupName ?? g.GroupId!, vpcId: g.VpcId ?? '-', open, ...(sources.length ? { defaultInbound: sources } : {}) }] : [];
    });
    const usedBy = new Map<string, string[]>();
    for (let i = 0; i < flagged.length; i += FILTER_VALUES) {
      const ids = flagged.slice(i, i + FILTER_VALUES).map((g) => g.id);
      const interfaces = await collectPages(sdk.paginateDescribeNetworkInterfaces({ client }, { Filters: [{ Name: 'group-id', Values: ids }] }), (p) => p.NetworkInterfaces);
      for (const eni of interfaces) {
        const what = eni.Attachment?.InstanceId ?? eni.Description ?? eni.InterfaceType;
        const label = what ? `${eni.NetworkInterfaceId} (${what})` : eni.NetworkInterfaceId!;
        for (const g of eni.Groups ?? []) if (ids.includes(g.GroupId!)) usedBy.set(g.GroupId!, [...(usedBy.get(g.GroupId!) ?? []), label]);
      }
    }
    return { groups: flagged.map((g) => ({ ...g, usedBy: usedBy.get(g.id) ?? [] })) };
  },

  plan(state) {
    const findings: Finding[] = state.groups.flatMap((g) => {
      const label = g.name === g.id ? g.id : `${g.id} (${g.name})`;
      const used = g.usedBy.length ? t.usedBy(g.usedBy) : t.unused;
      const open = g.open.map((r): Finding => {
        const port = r.port === 'all' ? (r.protocol === 'all' ? t.allPorts : t.port(r.protocol, t.allPorts)) : t.port(r.protocol === 'all' ? 'tcp/udp' : r.protocol, r.port);
        return { resource: `${g.id} ${r.protocol}/${r.port} ${r.source}`, severity: 'high', what: t.open(label, g.vpcId, port, r.source, used), why: t.openWhy, advice: t.openFix(g.id) };
      });
      const fallback: Finding[] = g.defaultInbound?.length
        ? [{ resource: `${g.id} default`, severity: 'medium', what: t.defaultGroup(g.id, g.vpcId, g.defaultInbound.join(', '), used), why: t.defaultWhy, advice: t.defaultFix(g.id) }]
        : [];
      return [...open, ...fallback];
    });
    return findings.length ? { changes: [], findings, advice: findings.map((f) => `${f.what} ${f.why} ${f.advice}`) } : { changes: [] };
  },

  apply() {
    return Promise.reject(new Error(t.readOnly));
  },
});
