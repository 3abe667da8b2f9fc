import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import s3 from '../../steps/s3-block-public-access.js';
import { checklist } from '../../steps/index.js';
import { AwsClients } from '../../src/aws/clients.js';
import { InputError, SetupError } from '../../src/core/errors.js';
import { servicesOf } from '../../src/engine/run.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { setLanguage, withLanguage } from '../../src/i18n/index.js';
import { renderJson } from '../../src/report/render.js';
import { englishLeft } from '../support/english.js';
import { runAgainst, ScriptedHost } from '../support/wizard.js';

const fresh = () => new SimulatedAccount(freshAccountState());

describe('wizard engine', () => {
  it('applies a step, records it in the undo log (0600) as it happens, and proves the plan is empty after', async () => {
    const sim = fresh();
    const { report, undoLogPath, output } = await runAgainst(sim, { steps: [s3] });
    expect(report.exitCode).toBe(0);
    expect(report.results).toEqual([expect.objectContaining({ step: 's3-block-public-access', status: 'changed' })]);
    expect(sim.state.s3control.publicAccessBlock?.BlockPublicPolicy).toBe(true);
    const log = readUndoLog(undoLogPath);
    expect(log.records.map((r) => r.type)).toEqual(['run', 'change']);
    const change = log.records[1]!;
    expect(change).toMatchObject({ step: 's3-block-public-access', account: '123456789012', before: 'not configured (buckets can be made public)', undo: { kind: 'delete-public-access-block' } });
    expect(statSync(undoLogPath).mode & 0o777).toBe(0o600);
    expect(output).toContain('Account 123456789012');
    // Verified by reading again after the change.
    expect(sim.calls.filter((c) => c.action === 'GetPublicAccessBlock')).toHaveLength(2);
  });

  it('a second run changes nothing and asks nothing', async () => {
    const sim = fresh();
    await runAgainst(sim, { steps: [s3] });
    const before = sim.mutatingCalls().length;
    const host = new ScriptedHost(true);
    const { report } = await runAgainst(sim, { steps: [s3], host });
    expect(sim.mutatingCalls().length).toBe(before);
    expect(host.confirmations).toHaveLength(0);
    expect(report.results[0]!.status).toBe('compliant');
  });

  it('dry run makes zero mutating calls, writes no undo log and exits 2 with changes pending', async () => {
    const sim = fresh();
    const { report, undoLogPath, output } = await runAgainst(sim, { steps: [s3], dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    expect(report.results[0]!.status).toBe('would change');
    expect(() => statSync(undoLogPath)).toThrow();
    expect(output).toContain('Turn on all four');
  });

  it('interactive "no" skips the step without changing anything; "quit" stops with 130', async () => {
    const sim = fresh();
    const { report } = await runAgainst(sim, { steps: [s3], host: new ScriptedHost(true, {}, ['no']) });
    expect(report.results[0]).toMatchObject({ status: 'skipped', detail: 'you chose not to apply it' });
    expect(sim.mutatingCalls()).toEqual([]);
    const quit = await runAgainst(sim, { steps: [s3], host: new ScriptedHost(true, {}, ['quit']) });
    expect(quit.report.exitCode).toBe(130);
    expect(quit.output).toMatch(/Stopped before the end: nothing was changed\./);
    expect(quit.output).not.toMatch(/changes listed as changed were made/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('a failing apply is reported with the API action, region and a fix, and exits 1', async () => {
    const sim = fresh();
    sim.inject({ service: 's3control', action: 'PutPublicAccessBlock', code: 'AccessDenied', status: 403, message: 'Access Denied' });
    const { report } = await runAgainst(sim, { steps: [s3] });
    expect(report.exitCode).toBe(1);
    expect(report.results[0]).toMatchObject({ status: 'failed' });
    expect(report.results[0]!.detail).toMatch(/s3:PutPublicAccessBlock in us-east-1 failed: AccessDenied.*grant s3:PutAccountPublicAccessBlock/);
  });

  it('a config section for an unknown step id is an input error before any call', async () => {
    const sim = fresh();
    await expect(runAgainst(sim, { steps: [s3], config: { 'no-such-step': {} } })).rejects.toThrow(InputError);
    expect(sim.calls).toEqual([]);
  });

  it('an unknown or disabled region is an input error naming it, before any change', async () => {
    const sim = fresh();
    await expect(runAgainst(sim, { steps: [s3], regions: ['eu-west-9'] })).rejects.toThrow(/"eu-west-9" is not an AWS region/);
    await expect(runAgainst(sim, { steps: [s3], regions: ['af-south-1'] })).rejects.toThrow(/af-south-1 is not enabled/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('credentials that AWS rejects end with a one-paragraph fix, not a stack trace', async () => {
    const sim = fresh();
    sim.inject({ service: 'sts', action: 'GetCallerIdentity', code: 'ExpiredToken', message: 'The security token included in the request is expired' });
    const error = await runAgainst(sim, { steps: [s3] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toMatch(/credentials have expired.*run again/);
  });

  it('warns when the caller is the root user', async () => {
    const sim = fresh();
    sim.state.callerArn = 'arn:aws:iam::123456789012:root';
    const { output } = await runAgainst(sim, { steps: [s3], dryRun: true });
    expect(output).toMatch(/signed in as the root user/);
  });

  it('the undo log never contains the credentials', async () => {
    const sim = fresh();
    const { undoLogPath, output } = await runAgainst(sim, { steps: [s3] });
    const text = readFileSync(undoLogPath, 'utf8') + output;
    expect(text).not.toMatch(/ASIASIMULATEDKEY0001|simulated\/SECRET|simulated-session-token/);
  });
});

describe('set-up failures', () => {
  it('regions that cannot be listed end the run with the action to grant, before any change', async () => {
    const sim = fresh();
    sim.inject({ service: 'account', action: 'ListRegions', code: 'AccessDeniedException', status: 403 });
    sim.inject({ service: 'ec2', action: 'DescribeRegions', code: 'UnauthorizedOperation', status: 403 });
    const error = await runAgainst(sim).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toMatch(/Could not list the account's enabled regions\. ec2:DescribeRegions in us-east-1 failed: UnauthorizedOperation.*grant ec2:DescribeRegions/);
    expect(sim.mutatingCalls()).toEqual([]);
  });

  it('when identity fails too, the identity problem is what is reported', async () => {
    const sim = fresh();
    sim.inject({ service: 'sts', code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    sim.inject({ service: 'account', code: 'UnrecognizedClientException', status: 403 });
    const error = await runAgainst(sim).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/AWS rejected the credentials \(InvalidClientTokenId/);
  });

  it('an unattended run loads the SDK modules of its steps while identity and regions are read; an interactive one does not', async () => {
    expect(servicesOf(checklist)).toEqual([
      'account', 'iam', 'ec2', 's3control', 's3', 'accessanalyzer', 'guardduty', 'budgets', 'costexplorer', 'sns', 'cloudtrail', 'logs', 'cloudwatch', 'events', 'config', 'securityhub',
    ]);
    expect(servicesOf([s3])).toEqual(['s3control']);
    const preload = vi.spyOn(AwsClients.prototype, 'preload');
    try {
      await runAgainst(fresh(), { steps: [s3] });
      expect(preload.mock.calls).toEqual([[['s3control']]]);
      await runAgainst(fresh(), { steps: [s3], host: new ScriptedHost(true) });
      expect(preload).toHaveBeenCalledTimes(1);
    } finally {
      preload.mockRestore();
    }
  });
});

describe('in Japanese', () => {
  it('speaks Japanese to the person and keeps the report the same as in English, apart from detail', async () => {
    setLanguage('ja');
    try {
      const host = new ScriptedHost(true, {}, ['no']);
      const { report, output } = await runAgainst(fresh(), { steps: [s3], host });
      expect(output).toContain('アカウント 123456789012、呼び出し元 arn:aws:iam::123456789012:user/');
      expect(output).toContain('取り消しログ: ');
      expect(output).toMatch(/まとめ\n {2}s3-block-public-access +アカウント +- スキップ +適用しないことを選びました/);
      expect(host.confirmations.map((c) => c.message)).toEqual(['このステップを適用しますか?']);
      expect(englishLeft(output)).toEqual([]);
      // Machine output: the status value, the English title; only the detail is in Japanese.
      expect(report.results).toEqual([{ step: 's3-block-public-access', title: withLanguage('en', () => s3.title), status: 'skipped', detail: '適用しないことを選びました', changes: [] }]);

      const dry = await runAgainst(fresh(), { steps: [s3], dryRun: true });
      expect(dry.output).toContain('ドライラン: 何も変更しません。');
      expect(dry.output).toMatch(/まとめ \(ドライラン: 何も変更していません\)\n {2}s3-block-public-access +アカウント +~ 変更予定 +アカウントレベル/);
      const json = JSON.parse(renderJson(dry.report));
      expect(json.results[0]).toMatchObject({ status: 'would change', changes: ['Turn on all four account-level S3 Block Public Access settings'] });
      expect(json.results[0]).not.toHaveProperty('changesShown');
    } finally {
      setLanguage('en');
    }
  });

  it('stops on "quit" with the Japanese sentence', async () => {
    setLanguage('ja');
    try {
      const quit = await runAgainst(fresh(), { steps: [s3], host: new ScriptedHost(true, {}, ['quit']) });
      expect(quit.report.exitCode).toBe(130);
      expect(quit.output).toContain('途中で停止しました: 何も変更していません。');
    } finally {
      setLanguage('en');
    }
  });
});
