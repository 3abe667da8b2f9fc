/** Shared by the cloudtrail step's tests: runs of the step alone, and accounts with trails already in them. */
import step from '../../../steps/cloudtrail/cloudtrail.js';
import type { SimTrail } from '../../../src/sim/alerting-state.js';
import type { SimulatedAccount } from '../../../src/sim/account.js';
import type { AnyStep } from '../../../src/core/step.js';
import { runAgainst, undoAgainst, type WizardRun } from '../../support/wizard.js';

export const ACCOUNT = '123456789012';
export const HOME = 'us-east-1';
export const BUCKET = `aws-bootstrap-cloudtrail-${ACCOUNT}-${HOME}`;
export const LOG_GROUP = '/aws-bootstrap/cloudtrail';
export const ROLE = 'aws-bootstrap-cloudtrail-to-logs';
export const TRAIL = 'aws-bootstrap-trail';
export const trailArn = (name = TRAIL, region = HOME, account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
export const groupArn = (name = LOG_GROUP) => `arn:aws:logs:${HOME}:${ACCOUNT}:log-group:${name}`;

export const config = (section: Record<string, unknown> = {}) => ({ cloudtrail: section });

/** A run of the cloudtrail step (and `also`, if given), with the step known to the engine. */
export const run = (sim: SimulatedAccount, options: WizardRun & { also?: AnyStep[] } = {}) => {
  const { also = [], ...rest } = options;
  return runAgainst(sim, { steps: [step, ...also], allSteps: [step, ...also], ...rest });
};

export const undo = (sim: SimulatedAccount, logPath: string, options: Parameters<typeof undoAgainst>[2] = {}) => undoAgainst(sim, logPath, { allSteps: [step], ...options });

export const trails = (sim: SimulatedAccount, region = HOME) => sim.state.regional[region]!.trails ?? [];
export const mutations = (sim: SimulatedAccount) => sim.mutatingCalls().map((c) => c.action);

/** A trail as another tool (or the console) left it, in its home region's list. */
export function addTrail(sim: SimulatedAccount, trail: Partial<SimTrail> & { Name: string }): SimTrail {
  const home = trail.HomeRegion ?? HOME;
  const made: SimTrail = {
    TrailARN: trailArn(trail.Name, home), HomeRegion: home, S3BucketName: 'their-cloudtrail-logs',
    IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, IsOrganizationTrail: false, LogFileValidationEnabled: true, Tags: [], isLogging: true,
    ...trail,
  };
  (sim.state.regional[home]!.trails ??= []).push(made);
  return made;
}

/** A log group as CloudWatch Logs keeps it. */
export function addLogGroup(sim: SimulatedAccount, name: string, retentionInDays?: number): void {
  (sim.state.regional[HOME]!.logGroups ??= []).push({
    logGroupName: name, arn: `${groupArn(name)}:*`, creationTime: 0, storedBytes: 1024, tags: {}, ...(retentionInDays ? { retentionInDays } : {}),
  });
}
