/** Runs `--org` in-process against a simulated organization. */
import { join } from 'node:path';
import { checklist } from '../../steps/index.js';
import { organizationSteps } from '../../steps/organization/index.js';
import { loadConfigFile } from '../../src/config.js';
import type { AnyStep } from '../../src/core/step.js';
import { runOrg, type OrgOptions } from '../../src/org/run.js';
import { runOrgUndo } from '../../src/org/undo.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { SimulatedOrganization } from '../../src/sim/organization.js';
import { freshOrganizationState, type FreshOrganizationOptions } from '../../src/sim/organization-state.js';
import { ScriptedHost, tempDir } from '../support/wizard.js';

export const exampleConfig = loadConfigFile(join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml')).sections;

export function freshOrganization(options: FreshOrganizationOptions = {}): SimulatedOrganization {
  return new SimulatedOrganization(freshOrganizationState({ enabledRegionCount: 3, ...options }));
}

export interface OrgRun {
  readonly steps?: readonly AnyStep[];
  readonly config?: Record<string, unknown>;
  readonly accountConfig?: OrgOptions['accountConfig'];
  readonly dryRun?: boolean;
  readonly host?: ScriptedHost;
  readonly selection?: OrgOptions['selection'];
  readonly roleName?: string;
  readonly signal?: AbortSignal;
  /** The organization-wide steps, with organization.* as given (`{}`: the steps are there, no account chosen). */
  readonly organization?: { securityAccount?: string; logArchiveAccount?: string };
  /** Other organization-wide steps than the checklist's (with `organization`). */
  readonly organizationSteps?: readonly AnyStep[];
  readonly allowManagementAccount?: boolean;
}

export async function runOrgAgainst(org: SimulatedOrganization, run: OrgRun = {}) {
  // Each account's undo log goes to its own folder under a private tool home.
  process.env.AWS_BOOTSTRAP_HOME ??= tempDir('aws-bootstrap-org-home-');
  const host = run.host ?? new ScriptedHost(false);
  const report = await runOrg({
    steps: run.steps ?? checklist,
    allSteps: [...new Map([...checklist, ...organizationSteps, ...(run.steps ?? []), ...(run.organizationSteps ?? [])].map((step) => [step.id, step])).values()],
    ...(run.organization ? { organizationSteps: run.organizationSteps ?? organizationSteps, organizationSettings: run.organization } : {}),
    ...(run.allowManagementAccount ? { allowManagementAccount: true } : {}),
    management: simulatedClients(org.management),
    clientsFor: (accountId, credentials) => simulatedClients(org.account(accountId), { credentials }),
    roleName: run.roleName ?? 'OrganizationAccountAccessRole',
    selection: run.selection ?? {},
    accountConcurrency: 4,
    homeRegion: 'us-east-1',
    concurrency: 8,
    dryRun: run.dryRun ?? false,
    config: run.config ?? exampleConfig,
    ...(run.accountConfig ? { accountConfig: run.accountConfig } : {}),
    host,
    demo: true,
    verifyDelaysMs: [1, 2, 4, 8],
    ...(run.signal ? { signal: run.signal } : {}),
  });
  return { report, host, output: host.output };
}

/** `undo --org` in-process against the same simulated organization. */
export async function undoOrgAgainst(org: SimulatedOrganization, run: { dryRun?: boolean; host?: ScriptedHost } = {}) {
  const host = run.host ?? new ScriptedHost(false);
  const report = await runOrgUndo({
    allSteps: [...checklist, ...organizationSteps],
    management: simulatedClients(org.management),
    clientsFor: (accountId, credentials) => simulatedClients(org.account(accountId), { credentials }),
    roleName: 'OrganizationAccountAccessRole',
    selection: {},
    accountConcurrency: 4,
    homeRegion: 'us-east-1',
    concurrency: 8,
    dryRun: run.dryRun ?? false,
    force: false,
    host,
    demo: true,
  });
  return { report, host, output: host.output };
}

/** Mutating calls made so far, per account of the organization. */
export function mutationsByAccount(org: SimulatedOrganization): Map<string, number> {
  return new Map([...org.accounts()].map(([id, sim]) => [id, sim.mutatingCalls().length]));
}
