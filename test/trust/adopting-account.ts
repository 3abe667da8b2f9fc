/**
 * An account someone has already worked in: resources the checklist's steps adopt (or read past)
 * instead of creating, made as their owners would have made them (the API, or the console),
 * without aws-bootstrap's tags. Shared by the tag test (adopted resources gain no tags) and the
 * policy test (a run that adopts acts on names the step did not choose).
 */
import type { SimTrail } from '../../src/sim/alerting-state.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState } from '../../src/sim/state.js';

export const HOME = 'us-east-1';
/** A second region, where the region steps find things too. */
export const OTHER = 'eu-west-1';

/** What is there before the run, by kind: names as the steps see them. */
export const EXISTING = {
  adminRole: 'AdministratorAccessWithMFA',
  adminRolePath: '/team/',
  adminGroup: 'Administrators',
  adminGroupPath: '/people/',
  analyzer: 'team-analyzer',
  /** The alerts topic's name: the step adopts it (and fixes its policy). */
  alertsTopic: 'aws-bootstrap-alerts',
  otherTopic: 'team-notifications',
  trail: 'org-audit',
  trailBucket: 'team-cloudtrail-logs',
  trailLogGroup: '/team/cloudtrail',
  trailRole: 'team-cloudtrail-to-logs',
  recorder: 'team-recorder',
  recorderRole: 'team-config-recorder',
  budget: 'aws-bootstrap-monthly-cost',
} as const;

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** A fresh simulated account with the resources above, made before the run (their calls are not the run's). */
export async function adoptingAccount(): Promise<SimulatedAccount> {
  const sim = new SimulatedAccount(freshAccountState());
  const account = sim.state.accountId;
  const home = simulatedClients(sim).forRegion(HOME);
  const other = simulatedClients(sim).forRegion(OTHER);

  const iam = await home.use('iam');
  await iam.client.send(new iam.sdk.CreateRoleCommand({
    RoleName: EXISTING.adminRole,
    Path: EXISTING.adminRolePath,
    // Trusts the account, without MFA: the step tightens it.
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] }),
  }));
  await iam.client.send(new iam.sdk.CreateGroupCommand({ GroupName: EXISTING.adminGroup, Path: EXISTING.adminGroupPath }));
  await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: EXISTING.trailRole, AssumeRolePolicyDocument: trust('cloudtrail.amazonaws.com') }));
  await iam.client.send(new iam.sdk.CreateRoleCommand({ RoleName: EXISTING.recorderRole, AssumeRolePolicyDocument: trust('config.amazonaws.com') }));
  // Made long ago: IAM has spread them.
  delete sim.state.spreadingRoles;

  const analyzer = await home.use('accessanalyzer');
  await analyzer.client.send(new analyzer.sdk.CreateAnalyzerCommand({ analyzerName: EXISTING.analyzer, type: 'ACCOUNT' }));

  // Suspended: the step resumes it.
  const guardduty = await other.use('guardduty');
  await guardduty.client.send(new guardduty.sdk.CreateDetectorCommand({ Enable: false }));

  const sns = await home.use('sns');
  await sns.client.send(new sns.sdk.CreateTopicCommand({ Name: EXISTING.alertsTopic }));
  await sns.client.send(new sns.sdk.CreateTopicCommand({ Name: EXISTING.otherTopic }));

  const budgets = await home.use('budgets');
  await budgets.client.send(new budgets.sdk.CreateBudgetCommand({
    AccountId: account,
    Budget: { BudgetName: EXISTING.budget, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '10', Unit: 'USD' } },
  }));

  // A multi-region trail delivering to its own bucket and log group, without log file validation: adopted and fixed.
  const logs = await home.use('logs');
  await logs.client.send(new logs.sdk.CreateLogGroupCommand({ logGroupName: EXISTING.trailLogGroup }));
  const trail: SimTrail = {
    Name: EXISTING.trail, TrailARN: `arn:aws:cloudtrail:${HOME}:${account}:trail/${EXISTING.trail}`, HomeRegion: HOME, S3BucketName: EXISTING.trailBucket,
    IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, IsOrganizationTrail: false, LogFileValidationEnabled: false,
    CloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME}:${account}:log-group:${EXISTING.trailLogGroup}:*`,
    CloudWatchLogsRoleArn: `arn:aws:iam::${account}:role/${EXISTING.trailRole}`,
    Tags: [], isLogging: true,
  };
  (sim.state.regional[HOME]!.trails ??= []).push(trail);

  // A stopped recorder with its own role: adopted, its recording changed and started, its role kept.
  const config = await other.use('config');
  await config.client.send(new config.sdk.PutConfigurationRecorderCommand({
    ConfigurationRecorder: { name: EXISTING.recorder, roleARN: `arn:aws:iam::${account}:role/${EXISTING.recorderRole}`, recordingGroup: { allSupported: false, resourceTypes: ['AWS::EC2::Instance'] } },
  }));

  const securityhub = await other.use('securityhub');
  await securityhub.client.send(new securityhub.sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }));

  sim.settle();
  return sim;
}
