/**
 * `--org` from the command line: the management account's clients and each member's (real,
 * or the simulated organization of `--demo --org`), the shared and per-account inputs checked
 * before anything runs, and the JSON report with one report per account.
 */
import { checklist, loadOrganizationSteps } from '../../steps/index.js';
import { AwsClients } from '../aws/clients.js';
import { redactSecrets } from '../aws/errors.js';
import { checkGivenInputs } from '../engine/inputs.js';
import { clientsFor as singleAccountClients, concurrencyLimits, homeRegion, parseFaults, readInputs, selectSteps, withSession, type RunFlags, type Streams } from '../session.js';
import { simulatedClients } from '../sim/clients.js';
import { defaultDemoOrgStatePath, openDemoOrganization } from '../sim/demo-org.js';
import { writeDemoStatsAtExit } from '../sim/demo-stats.js';
import type { OrgAccess } from './reach.js';
import { accountSections, runOrg, type OrgReport } from './run.js';
import { runOrgUndo } from './undo.js';

type Connection = Pick<OrgAccess, 'management' | 'clientsFor'>;

/** The management account's clients and a way to make a member's: the real ones, or the demo organization. */
function connect(flags: RunFlags): Connection {
  if (!flags.demo) {
    const management = singleAccountClients(flags);
    return { management, clientsFor: (_accountId, credentials) => new AwsClients({ credentials }) };
  }
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const org = openDemoOrganization({
    statePath: flags.demoState ?? defaultDemoOrgStatePath(),
    reset: Boolean(flags.demoReset),
    ...(flags.demoAccounts !== undefined ? { members: flags.demoAccounts } : {}),
    ...(flags.demoLatency !== undefined ? { latencyMs: flags.demoLatency } : {}),
    ...(flags.demoJitter !== undefined ? { jitterMs: flags.demoJitter } : {}),
    ...(flags.demoRegions !== undefined ? { regionCount: flags.demoRegions } : {}),
    // (A fault may name the account it applies to: SimFault.account.)
    ...(flags.demoFaults ? { faults: parseFaults(flags.demoFaults) } : {}),
    // The calls' units of work only for the benchmark's statistics.
    lanes: Boolean(flags.demoStats),
  });
  // A new account, created now: what the organization turned on for new accounts covers it at once.
  if (flags.demoAddAccount) org.addAccount();
  // The benchmark reads every call of every account, and the CPU used (the simulation's summed over every account).
  if (flags.demoStats) {
    writeDemoStatsAtExit(flags.demoStats, org, () => [...org.accounts()].flatMap(([account, sim]) => sim.calls.map(({ input: _input, ...call }) => ({ ...call, account }))));
  }
  const { perService } = concurrencyLimits(flags);
  const options = perService !== undefined ? { perServiceConcurrency: perService } : {};
  return {
    management: simulatedClients(org.management, options),
    clientsFor: (accountId, credentials) => simulatedClients(org.account(accountId), { ...options, credentials }),
  };
}

function access(flags: RunFlags, connection: Connection, host: OrgAccess['host'], region: string): OrgAccess {
  return {
    ...connection,
    roleName: flags.roleName ?? 'OrganizationAccountAccessRole',
    selection: { ...(flags.accounts ? { only: flags.accounts } : {}), ...(flags.excludeAccounts ? { exclude: flags.excludeAccounts } : {}) },
    accountConcurrency: flags.accountConcurrency ?? 8,
    homeRegion: region,
    host,
  };
}

/** The `--json` report of an org run: the organization's outcome, with one ordinary run report per account. */
export function renderOrgJson(report: Pick<OrgReport, 'accounts' | 'exitCode'> & Partial<OrgReport>): string {
  return redactSecrets(JSON.stringify(report, null, 2));
}

export async function startOrgRun(command: 'apply' | 'plan', flags: RunFlags, streams: Streams): Promise<number> {
  const dryRun = command === 'plan';
  const { settings, sections } = await readInputs(flags);
  const allSteps = [...checklist, ...(await loadOrganizationSteps())];
  // --only and --skip choose among the organization-wide steps too.
  const selected = selectSteps(allSteps, flags.only ?? settings.only, flags.skip ?? settings.skip);
  const steps = selected.filter((step) => !step.organization);
  const organizationWide = selected.filter((step) => step.organization);
  // Every account's inputs are checked before any account is touched.
  checkGivenInputs(selected, allSteps, sections);
  for (const own of Object.values(settings.accounts ?? {})) checkGivenInputs(steps, allSteps, accountSections(sections, own));
  const { regions: concurrency } = concurrencyLimits(flags, settings.concurrency);
  return withSession(flags, streams, !dryRun, async ({ host, signal }) => {
    const connection = connect(flags);
    const region = await homeRegion(flags, connection.management);
    const report = await runOrg({
      ...access(flags, connection, host, region),
      steps,
      allSteps,
      organizationSteps: organizationWide,
      ...(settings.organization ? { organizationSettings: settings.organization } : {}),
      allowManagementAccount: Boolean(flags.allowManagementAccount),
      ...(flags.regions ?? settings.regions ? { regions: flags.regions ?? settings.regions } : {}),
      concurrency,
      dryRun,
      config: sections,
      ...(settings.accounts ? { accountConfig: settings.accounts } : {}),
      demo: Boolean(flags.demo),
      signal,
    });
    if (flags.json) streams.stdout.write(`${renderOrgJson(report)}\n`);
    return report.exitCode;
  });
}

export async function startOrgUndo(flags: RunFlags & { dryRun?: boolean; force?: boolean }, streams: Streams): Promise<number> {
  const dryRun = Boolean(flags.dryRun);
  const { regions: concurrency } = concurrencyLimits(flags);
  return withSession(flags, streams, !dryRun, async ({ host, signal }) => {
    const connection = connect(flags);
    const region = await homeRegion(flags, connection.management);
    const { settings } = await readInputs(flags);
    const report = await runOrgUndo({
      ...access(flags, connection, host, region),
      allSteps: [...checklist, ...(await loadOrganizationSteps())],
      ...(settings.organization ? { organizationSettings: settings.organization } : {}),
      ...(flags.only ? { only: flags.only } : {}),
      ...(flags.skip ? { skip: flags.skip } : {}),
      dryRun,
      force: Boolean(flags.force),
      concurrency,
      demo: Boolean(flags.demo),
      signal,
    });
    if (flags.json) streams.stdout.write(`${renderOrgJson(report)}\n`);
    return report.exitCode;
  });
}
