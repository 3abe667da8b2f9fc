import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../src/i18n/index.js';
import { seedDemoAccount } from '../../src/sim/demo.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import step, { openRules } from '../../steps/open-security-groups.js';
import { englishLeft } from '../support/english.js';
import { simEnv } from '../support/sim.js';
import { runAgainst } from '../support/wizard.js';

const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };
const rule = (IpProtocol: string, from: number | undefined, to: number | undefined, cidr: string) => ({ IpProtocol, FromPort: from, ToPort: to, IpRanges: [{ CidrIp: cidr }] });

describe('open-security-groups', () => {
  it('is a read-only region check', () => {
    expect(step.readOnly).toBe(true);
    expect(step.scope).toBe('region');
    expect(step.permissions).toEqual({ observe: ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'], apply: [] });
  });

  it('which rules count: watched ports and every port, from 0.0.0.0/0 or ::/0 only', () => {
    expect(openRules([rule('tcp', 22, 22, '0.0.0.0/0')])).toEqual([{ protocol: 'tcp', port: '22', source: '0.0.0.0/0' }]);
    expect(openRules([rule('tcp', 443, 443, '0.0.0.0/0'), rule('tcp', 22, 22, '10.0.0.0/8'), rule('icmp', -1, -1, '0.0.0.0/0')])).toEqual([]);
    expect(openRules([rule('-1', undefined, undefined, '0.0.0.0/0')])).toEqual([{ protocol: 'all', port: 'all', source: '0.0.0.0/0' }]);
    expect(openRules([rule('tcp', 0, 65535, '0.0.0.0/0')])).toEqual([{ protocol: 'tcp', port: 'all', source: '0.0.0.0/0' }]);
    expect(openRules([rule('6', 3000, 6500, '0.0.0.0/0')]).map((r) => r.port)).toEqual(['3389', '3306', '5432', '6379']);
    expect(openRules([{ IpProtocol: 'tcp', FromPort: 27017, ToPort: 27017, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }])).toEqual([{ protocol: 'tcp', port: '27017', source: '::/0' }]);
  });

  it('a fresh account (default groups with AWS\'s own rules) is compliant in a region, and nothing is changed', async () => {
    const { sim, ctx } = simEnv();
    const state = await step.observe(ctx('eu-west-2'));
    expect(state).toEqual({ groups: [] });
    expect(step.plan(state, {}, planCtx)).toEqual({ changes: [] });
    // Nothing to report: no interface is looked up.
    expect(sim.calls.map((c) => c.action)).toEqual(['DescribeSecurityGroups']);
  });

  it('names SSH open to the world with the instance using it and PostgreSQL open to ::/0, not the group open on 443', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const state = await step.observe(ctx('us-east-1'));
    const plan = step.plan(state, {}, planCtx);
    const groups = sim.state.regional['us-east-1']!.securityGroups;
    const ssh = groups.find((g) => g.GroupName === 'ssh-admin')!;
    const db = groups.find((g) => g.GroupName === 'reporting-db')!;
    expect(plan.findings!.map((f) => [f.resource, f.severity])).toEqual([[`${ssh.GroupId} tcp/22 0.0.0.0/0`, 'high'], [`${db.GroupId} tcp/5432 ::/0`, 'high']]);
    const eni = sim.state.regional['us-east-1']!.networkInterfaces.find((n) => n.Groups?.[0]?.GroupId === ssh.GroupId)!;
    expect(plan.findings![0]!.what).toBe(`Security group ${ssh.GroupId} (ssh-admin) in ${ssh.VpcId} lets 0.0.0.0/0 in on tcp 22 (used by ${eni.NetworkInterfaceId} (${eni.Attachment!.InstanceId})).`);
    expect(plan.findings![1]!.what).toMatch(/\(not used by any network interface\)\.$/);
    expect(plan.findings![0]!.advice).toContain(`aws ec2 revoke-security-group-ingress --group-id ${ssh.GroupId}`);
    expect(JSON.stringify(plan)).not.toContain('(web)');
    // The interfaces are read once, filtered by the groups named.
    const lookups = sim.calls.filter((c) => c.action === 'DescribeNetworkInterfaces');
    expect(lookups.map((c) => c.input)).toEqual([{ Filters: [{ Name: 'group-id', Values: [ssh.GroupId, db.GroupId] }] }]);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('a default security group that lets in more than its own members counts (CIS 5.4)', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const plan = step.plan(await step.observe(ctx('eu-west-1')), {}, planCtx);
    const group = sim.state.regional['eu-west-1']!.securityGroups.find((g) => g.GroupName === 'default')!;
    expect(plan.findings).toEqual([expect.objectContaining({ resource: `${group.GroupId} default`, severity: 'medium', what: `The default security group ${group.GroupId} of ${group.VpcId} lets in traffic from 10.0.0.0/8 (not used by any network interface).` })]);
  });

  it('through the engine: every enabled region read, the findings only where they are, the same on a second run, never a question', async () => {
    const state = freshAccountState();
    seedDemoAccount(state, 'findings');
    const sim = new SimulatedAccount(state);
    const { report, host } = await runAgainst(sim, { steps: [step], dryRun: true });
    const needed = report.results.filter((r) => r.status === 'action needed');
    expect(needed.map((r) => [r.region, r.findings!.length])).toEqual([['eu-west-1', 1], ['us-east-1', 2]]);
    expect(report.results.filter((r) => r.status === 'compliant')).toHaveLength(15);
    expect(needed[1]!.findings![0]).toMatchObject({ step: 'open-security-groups', region: 'us-east-1', severity: 'high' });
    expect(host.confirmations).toEqual([]);
    expect(sim.mutatingCalls()).toEqual([]);
    const again = await runAgainst(sim, { steps: [step] });
    expect(again.report.results).toEqual(report.results);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('speaks Japanese with no English left', async () => {
    const { sim, ctx } = simEnv();
    seedDemoAccount(sim.state, 'findings');
    const states = [await step.observe(ctx('us-east-1')), await step.observe(ctx('eu-west-1'))];
    const { title, why, advice } = withLanguage('ja', () => ({ title: step.title, why: step.why, advice: states.flatMap((s) => step.plan(s, {}, planCtx).advice!) }));
    expect(advice).toHaveLength(3);
    for (const text of [title, why, ...advice]) expect(englishLeft(text), text).toEqual([]);
  });
});
