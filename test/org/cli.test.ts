/** `--org` as a user runs it: the flags, the demo organization kept between runs, JSON, undo, bad input. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/cli.js';
import { tempDir } from '../support/wizard.js';

const example = join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml');

describe('--org on the command line', () => {
  it('--demo --org --yes, then plan --org --json: every account kept between runs and compliant; undo --org takes each back', () => {
    const home = tempDir();
    const first = runBuilt(['--demo', '--org', '--demo-reset', '--demo-accounts', '1', '--demo-regions', '2', '--yes', '--config', example], home);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // The demo organization has a security and a log archive account besides the members asked for.
    expect(first.stdout).toMatch(/Organization: 4 accounts; working on 4/);
    expect(first.stdout).toMatch(/In 4 accounts × 2 regions: ✓ changed: Turn on EBS encryption by default/);
    expect(first.stdout).toMatch(/4\/4 \d{12} /);
    expect(first.stdout).toMatch(/Organization-wide steps are off/);

    const plan = runBuilt(['plan', '--demo', '--org', '--json', '--config', example], home);
    expect(plan.code).toBe(0);
    const report = JSON.parse(plan.stdout) as { accounts: Array<{ account: string; report: { results: Array<{ status: string }> } }> };
    expect(report.accounts).toHaveLength(4);
    for (const account of report.accounts) expect(account.report.results.filter((r) => r.status === 'would change')).toEqual([]);

    const undo = runBuilt(['undo', '--demo', '--org', '--yes'], home);
    expect(undo.code).toBe(0);
    const again = runBuilt(['plan', '--demo', '--org', '--config', example], home);
    expect(again.code).toBe(2);
    // Four runs of the built CLI over three accounts and 25 steps: about 30 s on a busy machine.
  }, 90_000);

  it('the grouped result says why: a failure\'s cause and an action needed under the changes, in a run and in undo --org (issue 26)', () => {
    const home = tempDir();
    const denied = (service: string, action: string, iam: string) => JSON.stringify([{ service, action, code: 'AccessDeniedException', message: `User is not authorized to perform: ${iam}` }]);
    const run = runBuilt(['--demo', '--org', '--demo-reset', '--demo-accounts', '1', '--demo-regions', '1', '--yes', '--config', example, '--demo-faults', denied('costexplorer', 'CreateAnomalySubscription', 'ce:CreateAnomalySubscription')], home);
    expect(run.code).toBe(1);
    const grouped = (out: string, step: string) => out.slice(out.indexOf(`  ${step}\n`) >= 0 ? out.indexOf(`  ${step}\n`) : out.indexOf(`${step}\n`)).split('\n\n')[0]!;
    // Failed with a change made: the change and the cause.
    expect(grouped(run.stdout, 'cost-anomaly-detection')).toMatch(
      /In 4 accounts: ✗ failed: Create the cost anomaly monitor "aws-bootstrap-services" for AWS services\n {6}ce:CreateAnomalySubscription in us-east-1 failed: AccessDeniedException/,
    );
    // Action needed with changes made: the changes and what to do.
    expect(grouped(run.stdout, 'alerts-topic')).toMatch(/In 4 accounts: ! action needed: Create the SNS topic "aws-bootstrap-alerts".*\n {6}Confirm the subscription email sent to security@example\.com/);

    const undo = runBuilt(['undo', '--demo', '--org', '--yes', '--demo-faults', denied('sns', 'DeleteTopic', 'sns:DeleteTopic')], home);
    expect(undo.code).toBe(1);
    // Not only the matrix: each step's lines, with the commands for what undo keeps and the failure's reason.
    expect(undo.stdout).toMatch(/cloudtrail\n(?:.*\n)*? {2}In 4 accounts: ! action needed: The S3 bucket aws-bootstrap-cloudtrail-<account>-us-east-1 holds the trail's log files.*`aws s3 rb s3:\/\/aws-bootstrap-cloudtrail-<account>-us-east-1 --force --region us-east-1`/);
    expect(undo.stdout).toMatch(/`aws logs delete-log-group --log-group-name \/aws-bootstrap\/cloudtrail --region us-east-1`/);
    expect(undo.stdout).toMatch(/alerts-topic\n(?:.*\n)*? {2}In 4 accounts: ✗ failed: sns:DeleteTopic in us-east-1 failed: AccessDeniedException/);
    expect(undo.stdout).toMatch(/default-vpcs\n {2}In 4 accounts × 1 region: ✓ undone: Create a NEW default VPC/);
    expect(undo.stdout).toMatch(/Result by account/);
  }, 90_000);

  it('speaks Japanese too', () => {
    const out = runBuilt(['plan', '--demo', '--org', '--demo-reset', '--demo-accounts', '1', '--demo-regions', '1', '--lang', 'ja', '--config', example]);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/組織: 4 アカウント/);
    expect(out.stdout).toMatch(/4 アカウント × 1 リージョン: ~ 変更予定: EBS のデフォルト暗号化を有効にする/);
    expect(out.stdout).toMatch(/アカウント別の準拠状況/);
  });

  it('with the security and log archive accounts: the organization-wide steps first; an account added later is covered by GuardDuty without a run', () => {
    const home = tempDir();
    const accounts = ['--set', 'organization.securityAccount=210987654301', '--set', 'organization.logArchiveAccount=210987654302'];
    const first = runBuilt(['--demo', '--org', '--demo-reset', '--demo-accounts', '1', '--demo-regions', '2', '--yes', '--config', example, ...accounts], home);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Organization-wide steps: once, from the management account 123456789012/);
    expect(first.stdout).toMatch(/undo-logs\/123456789012\/organization\//);
    expect(first.stdout).toMatch(/In 4 accounts: - skipped: covered by the organization \(organization-guardduty\)/);
    const plan = runBuilt(['plan', '--demo', '--org', '--demo-add-account', '--json', '--config', example, ...accounts], home);
    expect(plan.code).toBe(2);
    const report = JSON.parse(plan.stdout) as { organization: { exitCode: number; results: Array<{ step: string; status: string }> }; accounts: Array<{ name: string; report: { results: Array<{ step: string; status: string }> } }> };
    // A new account: AWS sets no alternate contacts in it (organization-contacts), and its AWS Config role is made by organization-log-archive (for its Config to deliver to the log archive account); the topic waits for its confirmation (action needed); nothing else organization-wide.
    expect(report.organization.results.filter((r) => r.status !== 'compliant').map((r) => r.step)).toEqual(['organization-contacts', 'organization-log-archive', 'organization-alerts-topic']);
    const added = report.accounts.find((a) => a.name.startsWith('new-account'))!;
    expect(added.report.results.find((r) => r.step === 'guardduty')!.status).toBe('skipped');
    expect(added.report.results.some((r) => r.step === 'ebs-encryption-by-default' && r.status === 'would change')).toBe(true);
    for (const account of report.accounts.filter((a) => a !== added)) expect(account.report.results.filter((r) => r.status === 'would change')).toEqual([]);
    const refused = runBuilt(['plan', '--demo', '--org', '--set', 'organization.securityAccount=123456789012', '--set', 'organization.logArchiveAccount=210987654302'], home);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/is the management account.*--allow-management-account/);
    expect(runBuilt(['--demo', '--allow-management-account', '--yes']).code).toBe(64);
  }, 90_000);

  it('refuses --org companions without --org, one --undo-log for many accounts, and an unknown account id, before anything runs', () => {
    expect(runBuilt(['--demo', '--accounts', '111111111111', '--yes']).stderr).toMatch(/--accounts only works with --org/);
    expect(runBuilt(['--demo', '--accounts', '111111111111', '--yes']).code).toBe(64);
    expect(runBuilt(['--demo', '--org', '--undo-log', '/tmp/x.jsonl', '--yes']).code).toBe(64);
    const unknown = runBuilt(['plan', '--demo', '--org', '--demo-reset', '--accounts', '999999999999']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/not in this organization: 999999999999/);
  });
});
