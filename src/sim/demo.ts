/**
 * `--demo`: the wizard against a simulated fresh account whose state is kept in a file between
 * runs, so a second run, `plan` and `undo` see what the first run did.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { texts } from '../i18n/index.js';
import { toolHome } from '../undo/log.js';
import { SimulatedAccount, type SimFault } from './account.js';
import type { SimBucket } from './alerting-state.js';
import { RegionTracker, StateFileWriter, writeStateFile } from './state-file.js';
import { freshAccountState, nextResourceId, type SimIamUser, type SimIpPermission, type SimState } from './state.js';

const t = texts(
  'demo',
  {
    unknownFormat: 'unknown format',
    notDemoFile: (path: string, error: Error) => `--demo-state: ${path} is not a demo account file (${error.message}); use --demo-reset to start a fresh one.`,
  },
  {
    unknownFormat: '形式が違います',
    notDemoFile: (path: string, error: Error) => {
      // Node's own sentence is English: a file that is not JSON is said so, a system error by its code.
      const reason = error instanceof SyntaxError ? 'JSON として読めません' : ((error as NodeJS.ErrnoException).code ?? error.message);
      return `--demo-state: ${path} はデモアカウントのファイルではありません (${reason})。新しく始めるには --demo-reset を付けてください。`;
    },
  },
);

export function defaultDemoStatePath(): string {
  return join(toolHome(), 'demo', 'account.json');
}

export interface DemoOptions {
  readonly statePath: string;
  /** Start again from a fresh account. */
  readonly reset: boolean;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** Enabled regions in a fresh demo account (17 by default). */
  readonly regionCount?: number;
  readonly faults?: readonly SimFault[];
  readonly seed?: number;
  /** `--demo-seed`: what to add to the account (kept in its file), e.g. `findings`. */
  readonly demoSeed?: DemoSeed;
  /** Attribute each call to its unit of work (`--demo-stats` writes them for the benchmark); off unless asked for. */
  readonly lanes?: boolean;
}

/** What `--demo-seed` can add to a demo account. */
export const DEMO_SEEDS = ['findings'] as const;
export type DemoSeed = (typeof DEMO_SEEDS)[number];

const DAY_MS = 86_400_000;

/**
 * `--demo-seed findings`: an account in use, with what the read-only checks look for beside
 * what they must not list. Users: alice (console password without MFA, and a 200-day-old key),
 * bob (password with MFA), ci-deploy (a key 400 days old, unused for 200), build-bot (a 30-day
 * key used yesterday). Roles: legacy-partner-access (unused for 150 days), app-runtime (used
 * yesterday), a service-linked role. Security groups in the home region's default VPC: ssh-admin
 * (22 open to the world, used by an instance), reporting-db (PostgreSQL open to ::/0), web (443
 * only); eu-west-1's default group lets a private network in. Buckets: one public through its
 * ACL, one with a public policy that its own Block Public Access stops, one private. Adds only
 * what is missing, so giving it again changes nothing.
 */
export function seedDemoAccount(state: SimState, seed: DemoSeed, now = Date.now()): void {
  if (seed !== 'findings') return;
  const ago = (days: number) => new Date(now - days * DAY_MS).toISOString();
  const account = state.accountId;
  const user = (name: string, parts: Partial<SimIamUser>) => {
    state.iam.users[name] ??= { UserName: name, UserId: nextResourceId(state, 'AIDA', 16).replace('-', '').toUpperCase(), Arn: `arn:aws:iam::${account}:user/${name}`, Path: '/', CreateDate: ago(500), groups: [], ...parts };
  };
  const key = (days: number, lastUsed?: { days: number; service: string }) => ({
    AccessKeyId: `AKIA${nextResourceId(state, 'K', 15).replace('-', '').toUpperCase()}`,
    Status: 'Active' as const,
    CreateDate: ago(days),
    ...(lastUsed ? { lastUsed: { date: ago(lastUsed.days), region: 'us-east-1', service: lastUsed.service } } : {}),
  });
  user('alice', { password: { changed: ago(300), lastUsed: ago(3) }, accessKeys: [key(200, { days: 1, service: 'ec2' })] });
  user('bob', { password: { changed: ago(100), lastUsed: ago(1) }, mfaDevices: [`arn:aws:iam::${account}:mfa/bob`] });
  user('ci-deploy', { accessKeys: [key(400, { days: 200, service: 's3' })] });
  user('build-bot', { accessKeys: [key(30, { days: 1, service: 'ecr' })] });

  const role = (name: string, path: string, created: string, lastUsed?: string) => {
    state.iam.roles[name] ??= {
      RoleName: name, RoleId: nextResourceId(state, 'AROA', 16).replace('-', '').toUpperCase(), Arn: `arn:aws:iam::${account}:role${path}${name}`, Path: path,
      CreateDate: created, MaxSessionDuration: 3600, inlinePolicies: {}, attachedPolicies: [],
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' }] }),
      ...(lastUsed ? { RoleLastUsed: { LastUsedDate: lastUsed, Region: 'us-east-1' } } : {}),
    };
  };
  role('legacy-partner-access', '/', ago(600), ago(150));
  role('app-runtime', '/', ago(600), ago(1));
  role('AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/', ago(600));

  const home = state.regional['us-east-1'];
  if (home && !home.securityGroups.some((g) => g.GroupName === 'ssh-admin')) {
    const vpc = home.vpcs.find((v) => v.IsDefault)?.VpcId ?? home.vpcs[0]?.VpcId ?? 'vpc-none';
    const subnet = home.subnets[0]?.SubnetId ?? 'subnet-none';
    const world = (port: number, cidr: { v4?: string; v6?: string }): SimIpPermission => ({
      IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: cidr.v4 ? [{ CidrIp: cidr.v4 }] : [], Ipv6Ranges: cidr.v6 ? [{ CidrIpv6: cidr.v6 }] : [], UserIdGroupPairs: [], PrefixListIds: [],
    });
    const group = (name: string, rules: SimIpPermission[]) => {
      const g = { GroupId: nextResourceId(state, 'sg'), GroupName: name, Description: name, VpcId: vpc, IpPermissions: rules };
      home.securityGroups.push(g);
      return g;
    };
    const ssh = group('ssh-admin', [world(22, { v4: '0.0.0.0/0' }), world(443, { v4: '0.0.0.0/0' })]);
    group('reporting-db', [world(5432, { v6: '::/0' })]);
    const web = group('web', [world(443, { v4: '0.0.0.0/0', v6: '::/0' })]);
    home.networkInterfaces.push(
      { NetworkInterfaceId: nextResourceId(state, 'eni'), VpcId: vpc, SubnetId: subnet, Description: 'bastion', InterfaceType: 'interface', Status: 'in-use', Attachment: { InstanceId: nextResourceId(state, 'i'), Status: 'attached' }, Groups: [{ GroupId: ssh.GroupId, GroupName: ssh.GroupName }] },
      { NetworkInterfaceId: nextResourceId(state, 'eni'), VpcId: vpc, SubnetId: subnet, Description: 'web server', InterfaceType: 'interface', Status: 'in-use', Attachment: { InstanceId: nextResourceId(state, 'i'), Status: 'attached' }, Groups: [{ GroupId: web.GroupId, GroupName: web.GroupName }] },
    );
  }
  const europe = state.regional['eu-west-1']?.securityGroups.find((g) => g.GroupName === 'default');
  if (europe && !europe.IpPermissions) {
    europe.IpPermissions = [
      { IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [{ GroupId: europe.GroupId, UserId: account }], PrefixListIds: [] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] },
    ];
  }

  const buckets = (state.s3Buckets ??= {});
  const bucket = (name: string, parts: Partial<SimBucket>) => {
    buckets[name] ??= { Name: name, Region: 'us-east-1', CreationDate: ago(700), encryptionRules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }], Tags: [], objectCount: 10, ...parts };
  };
  const everyone = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::demo-legacy-site-${account}/*` }] });
  bucket(`demo-public-assets-${account}`, { ownership: 'ObjectWriter', aclGrants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] });
  bucket(`demo-legacy-site-${account}`, { policy: everyone, ownership: 'BucketOwnerEnforced', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  bucket(`demo-private-data-${account}`, { ownership: 'BucketOwnerEnforced', publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
}

export function loadState(path: string): SimState {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as SimState;
    if (state.version !== 1 || typeof state.accountId !== 'string') throw new Error(t.unknownFormat);
    return state;
  } catch (error) {
    throw new InputError(t.notDemoFile(path, error as Error));
  }
}

/** Writes the whole state file (see writeStateFile). */
export function saveState(path: string, state: SimState): void {
  writeStateFile(path, JSON.stringify(state));
}

export function openDemoAccount(options: DemoOptions): SimulatedAccount {
  const opening = performance.now();
  const fresh = options.reset || !existsSync(options.statePath);
  const state = fresh ? freshAccountState({ enabledRegionCount: options.regionCount }) : loadState(options.statePath);
  if (options.demoSeed) seedDemoAccount(state, options.demoSeed);
  if (fresh || options.demoSeed) saveState(options.statePath, state);
  // Rewritten after every change, but only in the regions the calls since the last one reached.
  const tracker = new RegionTracker();
  const stateFile = new StateFileWriter(options.statePath);
  const sim: SimulatedAccount = new SimulatedAccount(state, {
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    faults: options.faults,
    seed: options.seed,
    lanes: options.lanes === true,
    regionTracker: tracker,
    onChange: (changed) => stateFile.save(changed, changed === sim.state ? tracker.take() : 'all'),
  });
  // Reading or making the state file is the simulation's work too (the benchmark sets it apart).
  sim.outsideCallsMs += performance.now() - opening;
  return sim;
}
