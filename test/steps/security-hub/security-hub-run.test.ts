/** security-hub driven by the real engine against the simulated account, after config-bucket and aws-config. */
import { describe, expect, it } from 'vitest';
import ebs from '../../../steps/ebs-encryption-by-default.js';
import { iamActionFor } from '../../../src/aws/clients.js';
import { InputError } from '../../../src/core/errors.js';
import { runUndo } from '../../../src/engine/undo.js';
import { setLanguage } from '../../../src/i18n/index.js';
import type { AnyStep } from '../../../src/core/step.js';
import { SimulatedAccount, type SimFault } from '../../../src/sim/account.js';
import { simulatedClients } from '../../../src/sim/clients.js';
import { DEFAULT_REGIONS, freshAccountState, type SimState } from '../../../src/sim/state.js';
import { securityHubApi } from '../../../steps/security-hub/aws.js';
import { readUndoLog } from '../../../src/undo/log.js';
import { runAgainst, ScriptedHost, undoAgainst } from '../../support/wizard.js';
import { ACCOUNT, HOME, step, STEPS } from './security-hub-setup.js';

const FSBP = (region: string) => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS_V3 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
const CIS_V5 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/5.0.0`;
/** A region AWS has not brought CIS v5.0.0 to (in the simulation): it gets the newest it offers, v3.0.0. */
const WITHOUT_V5 = 'sa-east-1';
const REGIONS = ['eu-west-1', HOME];

const run = (sim: SimulatedAccount, options: Parameters<typeof runAgainst>[1] = {}) => runAgainst(sim, { steps: STEPS, allSteps: STEPS, ...options });
const undo = (sim: SimulatedAccount, logPath: string, host?: ScriptedHost) => undoAgainst(sim, logPath, { allSteps: STEPS, ...(host ? { host } : {}) });
const securityHubCalls = (sim: SimulatedAccount, from = 0) => sim.calls.slice(from).filter((c) => c.service === 'securityhub' && c.mutating);
const rows = (report: { results: ReadonlyArray<{ step: string; region?: string; status: string; detail?: string }> }, id = 'security-hub') =>
  report.results.filter((r) => r.step === id).map((r) => [r.region, r.status, r.detail]);

/** What Security Hub holds, region by region: the hub's settings, its standards, the aggregator. */
function securityHubOf(state: SimState, regions: readonly string[]) {
  return Object.fromEntries(regions.map((region) => {
    const { securityHub: hub, findingAggregators = [] } = state.regional[region]!;
    return [region, {
      // A standard being disabled (DELETING) is as good as gone.
      hub: hub ? { ControlFindingGenerator: hub.ControlFindingGenerator, standards: hub.standards.filter((s) => s.StandardsStatus !== 'DELETING').map((s) => s.StandardsArn) } : null,
      aggregators: findingAggregators.map((a) => a.RegionLinkingMode),
    }];
  }));
}

/** An account whose Security Hub (enabled by someone else) checks FSBP only. */
async function withFsbpOnly(sim: SimulatedAccount, region: string) {
  const { client, sdk } = await simulatedClients(sim).forRegion(region).use('securityhub');
  await client.send(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false }));
  await client.send(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP(region) }] }));
  sim.calls.length = 0;
}

describe('security-hub against the simulated account', () => {
  it('fresh: every one of the 17 regions gets Security Hub with FSBP and the newest CIS version it offers (v5.0.0, v3.0.0 where v5.0.0 is not offered), the home region the aggregator; observed compliant; a second run changes nothing', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    sim.state.regional[WITHOUT_V5]!.securityHubNotOffered = ['cis-aws-foundations-benchmark/v/5.0.0'];
    const first = await run(sim);
    expect(first.report.exitCode).toBe(0);
    expect(rows(first.report)).toEqual(DEFAULT_REGIONS.slice().sort().map((region) => [region, 'changed', undefined]));
    for (const region of DEFAULT_REGIONS) {
      expect(securityHubOf(sim.state, [region])[region], region).toEqual({
        hub: { ControlFindingGenerator: 'SECURITY_CONTROL', standards: [FSBP(region), region === WITHOUT_V5 ? CIS_V3(region) : CIS_V5(region)] },
        aggregators: region === HOME ? ['ALL_REGIONS'] : [],
      });
    }
    const enables = securityHubCalls(sim).filter((c) => c.action === 'EnableSecurityHub');
    // The hub is tagged in the enable call itself.
    const Tags = { 'aws-bootstrap:managed': 'true', 'aws-bootstrap:run': readUndoLog(first.undoLogPath).records[0]!.run };
    expect(enables.map((c) => c.input)).toEqual(DEFAULT_REGIONS.map(() => ({ EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL', Tags })));
    expect(readUndoLog(first.undoLogPath).records.filter((r) => r.type === 'change' && r.step === 'security-hub')).toHaveLength(2 * 17 + 1);

    const before = sim.mutatingCalls().length;
    const second = await run(sim);
    expect(rows(second.report)).toEqual(DEFAULT_REGIONS.slice().sort().map((region) => [region, 'compliant', undefined]));
    expect(sim.mutatingCalls()).toHaveLength(before);
    // The aggregator's settings are read only where it lives.
    expect(new Set(sim.calls.filter((c) => c.action === 'GetFindingAggregator').map((c) => c.region))).toEqual(new Set([HOME]));
  });

  it('dry run: zero mutating calls, and the full preview, Security Hub included where Config is not on yet', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { report, output } = await run(sim, { dryRun: true });
    expect(sim.mutatingCalls()).toEqual([]);
    expect(report.exitCode).toBe(2);
    const others = DEFAULT_REGIONS.filter((r) => r !== HOME).sort();
    const enableLines = [
      '    ~ Enable Security Hub CSPM with consolidated control findings, without AWS\'s default standards',
      '        before: Security Hub CSPM is off',
      '        after:',
      '          controlFindings: one finding per control (SECURITY_CONTROL)',
      '          defaultStandards: not enabled (they include the outdated CIS v1.2.0)',
      // A dry run has no run id yet.
      '          tags: aws-bootstrap:managed=true, aws-bootstrap:run=<this run>',
      '    ~ Enable 2 standards: AWS Foundational Security Best Practices v1.0.0, CIS AWS Foundations Benchmark v5.0.0',
      '        before: enabled: none',
      '        after:  enabled: AWS Foundational Security Best Practices v1.0.0 (PENDING until AWS has set it up), CIS AWS Foundations Benchmark v5.0.0 (PENDING until AWS has set it up)',
    ];
    const preview = output.slice(output.indexOf('[3/3]'), output.indexOf('Summary'));
    expect(preview.split('\n').map((line) => line.trimEnd())).toEqual([
      '[3/3] Security Hub CSPM checks the account against the standards  security-hub',
      `  ${step.why}`,
      `  In 16 regions (${others.join(', ')}):`,
      ...enableLines,
      '  In us-east-1:',
      ...enableLines,
      '    ~ Create a finding aggregator in us-east-1 that links every region',
      '        before: each region shows only its own findings',
      '        after:',
      '          homeRegion: us-east-1',
      '          linkedRegions: all (ALL_REGIONS, and regions enabled later)',
      '  Costs: Security Hub CSPM is free for 30 days in each region; then it is billed per security check and per finding ingested (https://aws.amazon.com/security-hub/pricing/). Its checks run on AWS Config rules, billed by AWS Config.',
      '  Its checks read what the AWS Config recorder "default" records in the same region.',
      '  us-east-1: In us-east-1, the aggregator shows the findings, control statuses and security scores of every region where Security Hub CSPM is on.',
      '  us-east-1: Security Hub CSPM cannot tag finding aggregators or standards subscriptions: undo knows the ones this run made by their ARNs in the undo log.',
      '',
      '',
    ]);
  });

  it('an account with Security Hub on and only FSBP: the newest CIS version (v5.0.0) is added, FSBP untouched; undo removes CIS only', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await withFsbpOnly(sim, 'eu-west-1');
    const start = structuredClone(sim.state.regional['eu-west-1']!.securityHub);
    const { report, undoLogPath } = await run(sim, { regions: ['eu-west-1'] });
    expect(rows(report)).toEqual([['eu-west-1', 'changed', undefined]]);
    expect(report.results.find((r) => r.step === 'security-hub')!.changes).toEqual(['Enable the standard CIS AWS Foundations Benchmark v5.0.0']);
    expect(securityHubCalls(sim).map((c) => [c.action, c.input])).toEqual([['BatchEnableStandards', { StandardsSubscriptionRequests: [{ StandardsArn: CIS_V5('eu-west-1') }] }]]);
    expect(securityHubOf(sim.state, ['eu-west-1'])['eu-west-1']!.hub!.standards).toEqual([FSBP('eu-west-1'), CIS_V5('eu-west-1')]);

    const mark = sim.calls.length;
    const undone = await undo(sim, undoLogPath);
    expect(undone.report.results.filter((r) => r.step === 'security-hub').map((r) => r.status)).toEqual(['undone']);
    expect(securityHubCalls(sim, mark).map((c) => [c.action, c.input])).toEqual([
      ['BatchDisableStandards', { StandardsSubscriptionArns: [`arn:aws:securityhub:eu-west-1:${ACCOUNT}:subscription/cis-aws-foundations-benchmark/v/5.0.0`] }],
    ]);
    // Once AWS has finished disabling it, the hub is as it was.
    const { client, sdk } = await simulatedClients(sim).forRegion('eu-west-1').use('securityhub');
    for (let i = 0; i < 3; i++) await client.send(new sdk.GetEnabledStandardsCommand({}));
    expect(sim.state.regional['eu-west-1']!.securityHub!.standards.map((s) => s.StandardsArn)).toEqual(start!.standards.map((s) => s.StandardsArn));
  });

  it('adopts an aggregator that links every region, and one in another region, without making a second', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await run(sim, { regions: REGIONS });
    const adopted = new SimulatedAccount(structuredClone(sim.state));
    await run(adopted, { regions: REGIONS });
    expect(adopted.mutatingCalls()).toEqual([]);

    // Someone moved the aggregator to eu-west-1: kept, and the home region gets none.
    const { client, sdk } = await simulatedClients(sim).forRegion(HOME).use('securityhub');
    const [{ FindingAggregatorArn }] = (await client.send(new sdk.ListFindingAggregatorsCommand({}))).FindingAggregators!;
    await client.send(new sdk.DeleteFindingAggregatorCommand({ FindingAggregatorArn }));
    const other = await simulatedClients(sim).forRegion('eu-west-1').use('securityhub');
    await other.client.send(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    const mark = sim.mutatingCalls().length;
    const { report } = await run(sim, { regions: REGIONS });
    expect(rows(report).map(([region, status]) => [region, status])).toEqual([['eu-west-1', 'compliant'], [HOME, 'compliant']]);
    expect(sim.mutatingCalls()).toHaveLength(mark);
    expect(report.notes ?? []).toEqual(expect.arrayContaining([expect.objectContaining({ regions: [HOME], note: expect.stringMatching(/^Findings are already gathered in eu-west-1 by the finding aggregator .*; AWS allows one per account, so it is kept and us-east-1 gets none\.$/) })]));
  });

  it('undo after a 17-region run asks once for every region, naming them, No by default; "choose regions" keeps the others (issue 26)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim);
    const host = new ScriptedHost(true, {}, ['all', 'some']);
    host.picks = [['eu-west-1', HOME]];
    const { report } = await undo(sim, undoLogPath, host);
    const destructive = host.confirmations.filter((c) => c.destructive);
    expect(destructive).toHaveLength(1);
    expect(destructive[0]!.message).toBe(`Undo: Disable Security Hub CSPM (its findings in this region are deleted) in 17 regions (${[...DEFAULT_REGIONS].sort().join(', ')})? This cannot be taken back.`);
    expect(destructive[0]!.choose).toBe('regions');
    expect(host.offered).toEqual([{ what: 'regions', items: [...DEFAULT_REGIONS].sort() }]);
    const disabling = report.results.filter((r) => r.step === 'security-hub' && r.changes.some((c) => c.startsWith('Disable Security Hub')) || (r.step === 'security-hub' && r.status === 'skipped'));
    expect(disabling.filter((r) => r.status === 'undone').map((r) => r.region).sort()).toEqual(['eu-west-1', HOME]);
    expect(disabling.filter((r) => r.status === 'skipped')).toHaveLength(15);
    expect(DEFAULT_REGIONS.filter((r) => sim.state.regional[r]!.securityHub)).toHaveLength(15);
  });

  it('undo round trip: back to the start in every region; disabling Security Hub asks on its own, No by default, even after "all"', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const start = securityHubOf(sim.state, REGIONS);
    const { undoLogPath } = await run(sim, { regions: REGIONS });
    const kinds = readUndoLog(undoLogPath).records.flatMap((r) => (r.type === 'change' && r.step === 'security-hub' ? [[r.region, r.undo.kind, r.undo.destructive ?? false]] : []));
    expect(kinds.sort()).toEqual([
      ['eu-west-1', 'disable-security-hub', true], ['eu-west-1', 'disable-standards', false],
      [HOME, 'delete-finding-aggregator', false], [HOME, 'disable-security-hub', true], [HOME, 'disable-standards', false],
    ]);

    // A person answers "all" to the first question; disabling Security Hub is still asked, once for both regions, and kept with "no".
    const host = new ScriptedHost(true, {}, ['all', 'no']);
    const kept = await undo(sim, undoLogPath, host);
    // (Regions apply side by side: the newest record, asked first, is the last change of either region.)
    const [first, ...then] = host.confirmations;
    expect(first!.destructive).toBe(false);
    expect(then.map((c) => [c.message, c.destructive])).toEqual([
      [expect.stringMatching(/^Undo: Disable Security Hub CSPM \(its findings in this region are deleted\) in 2 regions \((eu-west-1, us-east-1|us-east-1, eu-west-1)\)\? This cannot be taken back\.$/), true],
    ]);
    expect(kept.report.results.filter((r) => r.status === 'skipped').map((r) => r.detail)).toEqual(['you chose to keep it', 'you chose to keep it']);
    expect(Object.values(securityHubOf(sim.state, REGIONS)).map((r) => r.hub?.standards)).toEqual([[], []]);

    // (config-bucket's kept bucket stays "action needed" on every undo.)
    const { report } = await undo(sim, undoLogPath);
    expect(rows(report).sort()).toEqual([['eu-west-1', 'undone', undefined], [HOME, 'undone', undefined]]);
    expect(securityHubOf(sim.state, REGIONS)).toEqual(start);
    expect(rows((await undo(sim, undoLogPath)).report)).toEqual([]);
  });

  it('undo takes Security Hub CSPM back before AWS Config, whose recorder its checks read (issue 22 item 11)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const { undoLogPath } = await run(sim, { regions: REGIONS });
    const from = sim.calls.length;
    const { report } = await undo(sim, undoLogPath);
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
    const undone = sim.calls.slice(from).filter((c) => c.mutating);
    const securityHub = undone.flatMap((c, i) => (c.service === 'securityhub' ? [i] : []));
    const config = undone.flatMap((c, i) => (c.service === 'config' ? [i] : []));
    // Both were taken back (else the order below proves nothing)…
    expect(undone.filter((c) => c.service === 'securityhub').map((c) => c.action).sort()).toEqual(['BatchDisableStandards', 'BatchDisableStandards', 'DeleteFindingAggregator', 'DisableSecurityHub', 'DisableSecurityHub']);
    expect(config.length).toBeGreaterThan(0);
    // …and every Security Hub call, in every region, came before the first AWS Config one.
    expect(Math.max(...securityHub)).toBeLessThan(Math.min(...config));
  });

  it('AWS Config failed in one region: Security Hub is skipped there with the reason, every other region done, exit 1', async () => {
    const denied: SimFault = { service: 'config', action: 'PutConfigurationRecorder', region: 'eu-west-1', code: 'AccessDeniedException', status: 400, message: 'User is not authorized to perform: config:PutConfigurationRecorder' };
    const sim = new SimulatedAccount(freshAccountState(), { faults: [denied] });
    const { report } = await run(sim);
    expect(report.exitCode).toBe(1);
    expect(rows(report, 'aws-config').filter(([, status]) => status !== 'changed')).toEqual([['eu-west-1', 'failed', expect.stringContaining('AccessDeniedException')]]);
    const skipped = rows(report).filter(([, status]) => status !== 'changed');
    expect(skipped).toEqual([['eu-west-1', 'skipped', expect.stringMatching(/^needs "AWS Config records resource changes" in eu-west-1, which is not done: .*AccessDeniedException/)]]);
    expect(sim.state.regional['eu-west-1']!.securityHub).toBeUndefined();
    expect(DEFAULT_REGIONS.filter((r) => sim.state.regional[r]!.securityHub)).toHaveLength(16);
  });

  it('bad input is refused before any change; a standard a region does not offer skips Security Hub there, with the reason', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    await expect(run(sim, { config: { 'security-hub': { standards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark/v/5.0.0'] } } })).rejects.toThrow(InputError);
    await expect(run(sim, { config: { 'security-hub': { standards: ['cis-aws-foundations-benchmark/v/1.2.0'] } } })).rejects.toThrow(/security-hub\.standards\.0: cis-aws-foundations-benchmark\/v\/1\.2\.0 is outdated/);
    expect(sim.mutatingCalls()).toEqual([]);

    sim.state.regional['eu-west-1']!.securityHubNotOffered = ['cis-aws-foundations-benchmark/v/5.0.0'];
    const { report } = await run(sim, { regions: REGIONS, config: { 'security-hub': { standards: ['cis-aws-foundations-benchmark/v/5.0.0'] } } });
    expect(rows(report).sort()).toEqual([
      ['eu-west-1', 'skipped', expect.stringMatching(/^Security Hub CSPM does not offer cis-aws-foundations-benchmark\/v\/5\.0\.0 in eu-west-1 \(it offers aws-foundational-security-best-practices\/v\/1\.0\.0, .*cis-aws-foundations-benchmark\/v\/3\.0\.0, /)],
      [HOME, 'changed', undefined],
    ]);
    expect(securityHubCalls(sim).filter((c) => c.region === 'eu-west-1')).toEqual([]);
    expect(securityHubOf(sim.state, [HOME])[HOME]!.hub!.standards).toEqual([CIS_V5(HOME)]);
  });

  it('access denied on securityhub:BatchEnableStandards in one region fails that region, naming the permission; the rest completes', async () => {
    const sim = new SimulatedAccount(freshAccountState(), {
      faults: [{ service: 'securityhub', action: 'BatchEnableStandards', region: 'eu-west-1', code: 'AccessDeniedException', status: 403, message: 'not authorized to perform: securityhub:BatchEnableStandards' }],
    });
    const steps: AnyStep[] = [...STEPS, ebs];
    const { report, undoLogPath } = await runAgainst(sim, { steps, allSteps: steps, regions: REGIONS });
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([
      expect.objectContaining({ step: 'security-hub', region: 'eu-west-1', detail: expect.stringMatching(/securityhub:BatchEnableStandards in eu-west-1 failed: AccessDeniedException.*grant securityhub:BatchEnableStandards/s) }),
    ]);
    expect(report.results.filter((r) => r.status !== 'failed').every((r) => r.status === 'changed')).toBe(true);
    // Security Hub was enabled there before the refusal: recorded, so undo can take it back.
    expect(readUndoLog(undoLogPath).records.some((r) => r.type === 'change' && r.region === 'eu-west-1' && r.undo.kind === 'disable-security-hub')).toBe(true);
  });

  it('declares every IAM action its calls need, phase by phase (observe, apply, undo)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    const actionsOf = (from: number) => [...new Set(sim.calls.slice(from).filter((c) => c.lane?.startsWith('security-hub@')).map((c) => iamActionFor(c.service, c.action)))].sort();
    const { observe, apply, undo: undoing = [] } = step.permissions;
    await run(sim, { dryRun: true, regions: REGIONS });
    expect(actionsOf(0).filter((a) => !observe.includes(a))).toEqual([]);
    let mark = sim.calls.length;
    const { undoLogPath } = await run(sim, { regions: REGIONS });
    expect(actionsOf(mark).filter((a) => ![...observe, ...apply].includes(a))).toEqual([]);
    mark = sim.calls.length;
    const undone = await runUndo({
      allSteps: STEPS, clients: simulatedClients(sim), homeRegion: HOME, logPath: undoLogPath, dryRun: false, force: false, concurrency: 8, host: new ScriptedHost(false), demo: true,
    });
    expect(undone.results.filter((r) => r.step === 'security-hub').every((r) => r.status === 'undone')).toBe(true);
    expect(actionsOf(mark)).toEqual(expect.arrayContaining(['securityhub:BatchDisableStandards', 'securityhub:DeleteFindingAggregator', 'securityhub:DisableSecurityHub']));
    expect(actionsOf(mark).filter((a) => ![...observe, ...undoing].includes(a))).toEqual([]);
  });

  describe('undoing standards AWS is still setting up', () => {
    const ctxOf = (sim: SimulatedAccount) => ({ accountId: ACCOUNT, partition: 'aws', region: 'eu-west-1', dryRun: false, aws: simulatedClients(sim).forRegion('eu-west-1') });
    const enableCis = async (sim: SimulatedAccount) => {
      await withFsbpOnly(sim, 'eu-west-1');
      const change = { summary: '', before: null, after: null, payload: { action: 'enable-standards' as const, standards: [{ id: 'cis-aws-foundations-benchmark/v/3.0.0', arn: CIS_V3('eu-west-1') }] } };
      const record = await step.apply(ctxOf(sim), change, { standards: [] });
      if (record.kind !== 'disable-standards') throw new Error(`test set-up: a ${record.kind} record`);
      return record;
    };

    it('waits while a standard is PENDING (AWS refuses to disable it then), then disables it', async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const record = await enableCis(sim);
      await step.undo!(ctxOf(sim), record);
      expect(sim.calls.filter((c) => c.action === 'BatchDisableStandards').map((c) => c.error)).toEqual([undefined]);
      expect(sim.calls.filter((c) => c.action === 'GetEnabledStandards').length).toBeGreaterThan(1);
      expect(sim.state.regional['eu-west-1']!.securityHub!.standards.find((s) => s.StandardsArn === CIS_V3('eu-west-1'))!.StandardsStatus).toBe('DELETING');
    });

    it('gives up with a clear message when it stays PENDING', async () => {
      const sim = new SimulatedAccount(freshAccountState());
      const record = await enableCis(sim);
      sim.state.regional['eu-west-1']!.securityHub!.standards.find((s) => s.StandardsArn === CIS_V3('eu-west-1'))!.readsLeft = 100;
      const api = await securityHubApi(ctxOf(sim), [1, 1]);
      await expect(api.disableStandards(record.subscriptions.map((s) => s.subscriptionArn))).rejects.toThrow(
        'AWS is still setting up CIS AWS Foundations Benchmark v3.0.0 in eu-west-1 (PENDING) and refuses to disable a standard until it is done: run undo again in a few minutes.',
      );
      expect(sim.calls.filter((c) => c.action === 'BatchDisableStandards')).toEqual([]);
    });
  });
});

describe('security-hub and aws-config in Japanese (issue 12)', () => {
  it('a run in Japanese records Japanese undo descriptions and converges; a run in English then changes nothing either (no text of theirs is compared)', async () => {
    const sim = new SimulatedAccount(freshAccountState());
    setLanguage('ja');
    try {
      const first = await run(sim, { regions: REGIONS });
      expect(first.report.exitCode).toBe(0);
      const undo = (id: string, region: string) => readUndoLog(first.undoLogPath).records
        .filter((r) => r.type === 'change' && r.step === id && r.region === region)
        .map((r) => (r as { undo: { description: string } }).undo.description);
      expect(undo('security-hub', HOME)).toEqual([
        'Security Hub CSPM を無効にする (このリージョンの検出結果は削除される)',
        'AWS 基礎セキュリティのベストプラクティス v1.0.0、CIS AWS Foundations Benchmark v5.0.0 を無効にする',
        '検出結果アグリゲーターを削除する (各リージョンには自身の検出結果だけが表示されるようになる)',
      ]);
      expect(undo('aws-config', 'eu-west-1')).toEqual([
        'eu-west-1 の設定レコーダー「default」を削除する (この実行で作成したもの。記録した内容はバケットに残る)',
        'eu-west-1 の配信チャネル「default」を削除する (この実行で作成したもの)',
        'eu-west-1 の設定レコーダー「default」を停止する',
      ]);
      // Text sent into the account follows the language: the recorder's daily override says why in Japanese.
      expect(sim.state.regional['eu-west-1']!.configRecorders![0]!.recordingMode).toMatchObject({ recordingModeOverrides: [{ description: expect.stringMatching(/^ネットワークリソースは頻繁に変わるため/) }] });
      const before = sim.calls.length;
      const again = await run(sim, { regions: REGIONS });
      expect(again.report.results.every((r) => r.status === 'compliant')).toBe(true);
      expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
    } finally {
      setLanguage('en');
    }
    const before = sim.calls.length;
    const english = await run(sim, { regions: REGIONS });
    expect(english.report.results.every((r) => r.status === 'compliant')).toBe(true);
    expect(sim.calls.slice(before).filter((c) => c.mutating)).toEqual([]);
  });
});
