/** `--org` as a user runs it: the flags, the demo organization kept between runs, JSON, undo, bad input. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/cli.js';
import { tempDir } from '../support/wizard.js';

const example = join(import.meta.dirname, '..', '..', 'examples', 'aws-bootstrap.yaml');

describe('--org on the command line', () => {
  it('--demo --org --yes, then plan --org --json: every account kept between runs and compliant; undo --org takes each back', () => {
    const home = tempDir();
    const first = runBuilt(['--demo', '--org', '--demo-reset', '--demo-accounts', '2', '--demo-regions', '2', '--yes', '--config', example], home);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Organization: 3 accounts; working on 3/);
    expect(first.stdout).toMatch(/In 3 accounts × 2 regions: ✓ changed: Turn on EBS encryption by default/);
    expect(first.stdout).toMatch(/3\/3 \d{12} /);

    const plan = runBuilt(['plan', '--demo', '--org', '--json', '--config', example], home);
    expect(plan.code).toBe(0);
    const report = JSON.parse(plan.stdout) as { accounts: Array<{ account: string; report: { results: Array<{ status: string }> } }> };
    expect(report.accounts).toHaveLength(3);
    for (const account of report.accounts) expect(account.report.results.filter((r) => r.status === 'would change')).toEqual([]);

    const undo = runBuilt(['undo', '--demo', '--org', '--yes'], home);
    expect(undo.code).toBe(0);
    const again = runBuilt(['plan', '--demo', '--org', '--config', example], home);
    expect(again.code).toBe(2);
    // Four runs of the built CLI over three accounts and 25 steps: about 30 s on a busy machine.
  }, 90_000);

  it('speaks Japanese too', () => {
    const out = runBuilt(['plan', '--demo', '--org', '--demo-reset', '--demo-accounts', '1', '--demo-regions', '1', '--lang', 'ja', '--config', example]);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/組織: 2 アカウント/);
    expect(out.stdout).toMatch(/2 アカウント × 1 リージョン: ~ 変更予定: EBS のデフォルト暗号化を有効にする/);
    expect(out.stdout).toMatch(/アカウント別の準拠状況/);
  });

  it('refuses --org companions without --org, one --undo-log for many accounts, and an unknown account id, before anything runs', () => {
    expect(runBuilt(['--demo', '--accounts', '111111111111', '--yes']).stderr).toMatch(/--accounts only works with --org/);
    expect(runBuilt(['--demo', '--accounts', '111111111111', '--yes']).code).toBe(64);
    expect(runBuilt(['--demo', '--org', '--undo-log', '/tmp/x.jsonl', '--yes']).code).toBe(64);
    const unknown = runBuilt(['plan', '--demo', '--org', '--demo-reset', '--accounts', '999999999999']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/not in this organization: 999999999999/);
  });
});
