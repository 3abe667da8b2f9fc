/** security-hub's plan, inputs and drift checks, on states written out by hand. */
import { describe, expect, it } from 'vitest';
import securityHub, { type SecurityHubState, type SecurityHubUndo } from '../../../steps/security-hub/security-hub.js';
import { CIS_V1_2, CIS_V3, FSBP } from '../../../steps/shared/security-hub-standards.js';
import { withLanguage } from '../../../src/i18n/index.js';
import { formatIssues } from '../../../src/validate.js';
import { englishLeft } from '../../support/english.js';
import { ACCOUNT, planCtx as ctx, provided } from './security-hub-setup.js';

// Chosen as a config gives them (the defaults, read from what each region offers, are in security-hub-cis.test.ts).
const inputs = { standards: [FSBP, CIS_V3] };
const arnOf = (region: string, id: string) => `arn:aws:securityhub:${region}::standards/${id}`;
const subscriptionOf = (region: string, id: string, status = 'READY', reason?: string) => ({
  standardsArn: id === CIS_V1_2 ? `arn:aws:securityhub:::ruleset/${id}` : arnOf(region, id),
  subscriptionArn: `arn:aws:securityhub:${region}:${ACCOUNT}:subscription/${id}`,
  status,
  ...(reason ? { reason } : {}),
});
const hub = (region: string, controlFindingGenerator = 'SECURITY_CONTROL') => ({ arn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default`, controlFindingGenerator, tags: {} });
const aggregator = (region: string, linkingMode?: string, linkedRegions?: string[]) => ({
  arn: `arn:aws:securityhub:${region}:${ACCOUNT}:finding-aggregator/00000000-0000-4000-8000-000000000001`,
  region,
  ...(linkingMode ? { linkingMode } : {}),
  ...(linkedRegions ? { linkedRegions } : {}),
});
const compliant = (region: string, home = 'us-east-1'): SecurityHubState => ({
  hub: hub(region),
  standards: [subscriptionOf(region, FSBP), subscriptionOf(region, CIS_V3)],
  aggregators: [aggregator(home, region === home ? 'ALL_REGIONS' : undefined)],
});
const off: SecurityHubState = { standards: [], aggregators: [] };
const payloads = (state: SecurityHubState, region: string, extra?: Parameters<typeof ctx>[1]) => securityHub.plan(state, inputs, ctx(region, extra)).changes.map((c) => c.payload);

describe('security-hub plan', () => {
  it('a fresh home region: enable the hub without default standards, then FSBP and CIS v3.0.0, then the aggregator; costs are stated', () => {
    const plan = securityHub.plan(off, inputs, ctx('us-east-1'));
    expect(plan.changes.map((c) => c.payload)).toEqual([
      { action: 'enable-hub', standards: [arnOf('us-east-1', FSBP), arnOf('us-east-1', CIS_V3)] },
      { action: 'enable-standards', standards: [{ id: FSBP, arn: arnOf('us-east-1', FSBP) }, { id: CIS_V3, arn: arnOf('us-east-1', CIS_V3) }] },
      { action: 'create-aggregator' },
    ]);
    expect(plan.notes!.join('\n')).toContain('free for 30 days in each region; then it is billed per security check and per finding ingested (https://aws.amazon.com/security-hub/pricing/)');
  });

  it('another region: the hub and the standards, no aggregator', () => {
    expect(payloads(off, 'eu-west-1').map((p) => p.action)).toEqual(['enable-hub', 'enable-standards']);
  });

  it('nothing when the hub, both standards and the aggregator linking every region are there (compliant)', () => {
    expect(securityHub.plan(compliant('us-east-1'), inputs, ctx('us-east-1'))).toEqual({ changes: [], notes: ['Security Hub CSPM is already on in us-east-1.'] });
    expect(payloads(compliant('eu-west-1'), 'eu-west-1')).toEqual([]);
  });

  it('a PENDING standard counts as enabled', () => {
    const state = { ...compliant('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP, 'PENDING'), subscriptionOf('eu-west-1', CIS_V3, 'PENDING')] };
    const plan = securityHub.plan(state, inputs, ctx('eu-west-1'));
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toContain('CIS AWS Foundations Benchmark v3.0.0 is being set up by AWS (PENDING); it counts as enabled.');
  });

  it('an existing hub keeps its standards: only the missing CIS v3.0.0 is added, and CIS v1.2.0 is named as kept', () => {
    const state = { hub: hub('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP), subscriptionOf('eu-west-1', CIS_V1_2)], aggregators: [aggregator('us-east-1')] };
    const plan = securityHub.plan(state, inputs, ctx('eu-west-1'));
    expect(plan.changes.map((c) => c.payload)).toEqual([{ action: 'enable-standards', standards: [{ id: CIS_V3, arn: arnOf('eu-west-1', CIS_V3) }] }]);
    expect(plan.changes[0]!.summary).toBe('Enable the standard CIS AWS Foundations Benchmark v3.0.0');
    expect(plan.notes![0]).toBe('Security Hub CSPM is already on in eu-west-1; the standards enabled there are kept: CIS AWS Foundations Benchmark v1.2.0 (READY).');
  });

  it('leaves an existing hub\'s per-standard findings as they are, and says so', () => {
    const plan = securityHub.plan({ ...compliant('eu-west-1'), hub: hub('eu-west-1', 'STANDARD_CONTROL') }, inputs, ctx('eu-west-1'));
    expect(plan.changes).toEqual([]);
    expect(plan.notes!.join(' ')).toMatch(/one finding per standard .*\(STANDARD_CONTROL\); this is left as it is/);
  });

  it('skips, with the reason, where AWS Config provides no recorder', () => {
    const noConfig = { provided: { ...provided, 'aws-config': undefined } };
    expect(securityHub.plan(off, inputs, ctx('eu-west-1', noConfig))).toEqual({ changes: [], skipped: 'AWS Config does not record in eu-west-1, and Security Hub CSPM\'s checks need it' });
    // Nothing to change: nothing to skip.
    expect(securityHub.plan(compliant('eu-west-1'), inputs, ctx('eu-west-1', noConfig)).skipped).toBeUndefined();
  });

  it('waits for a standard that is being disabled instead of enabling it into an error', () => {
    const state = { ...compliant('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP), subscriptionOf('eu-west-1', CIS_V3, 'DELETING')] };
    expect(securityHub.plan(state, inputs, ctx('eu-west-1'))).toMatchObject({
      changes: [],
      skipped: 'CIS AWS Foundations Benchmark v3.0.0 is being disabled (DELETING); run again once AWS has finished to enable it again',
    });
  });

  it('advises when a standard could not be set up because AWS Config does not record', () => {
    const state = { ...compliant('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP, 'INCOMPLETE', 'NO_AVAILABLE_CONFIGURATION_RECORDER'), subscriptionOf('eu-west-1', CIS_V3)] };
    expect(securityHub.plan(state, inputs, ctx('eu-west-1')).advice).toEqual([
      'AWS Foundational Security Best Practices v1.0.0 (INCOMPLETE: NO_AVAILABLE_CONFIGURATION_RECORDER): AWS Config does not record in eu-west-1, so most of its controls cannot run; run the aws-config step for this region.',
    ]);
  });

  it('adopts an existing aggregator: in another region (AWS allows one), or here linking fewer regions, with a note and no change', () => {
    const elsewhere = securityHub.plan({ ...compliant('us-east-1'), aggregators: [aggregator('eu-west-1')] }, inputs, ctx('us-east-1'));
    expect(elsewhere.changes).toEqual([]);
    expect(elsewhere.notes).toContain(`Findings are already gathered in eu-west-1 by the finding aggregator ${aggregator('eu-west-1').arn}; AWS allows one per account, so it is kept and us-east-1 gets none.`);
    const fewer = securityHub.plan({ ...compliant('us-east-1'), aggregators: [aggregator('us-east-1', 'SPECIFIED_REGIONS', ['eu-west-1'])] }, inputs, ctx('us-east-1'));
    expect(fewer.changes).toEqual([]);
    expect(fewer.notes!.join(' ')).toContain('The finding aggregator in us-east-1 links SPECIFIED_REGIONS (eu-west-1), not every region; it is left as it is');
  });

  it('puts the aggregator in the home region config-bucket provides, and plans none where it provides nothing', () => {
    const elsewhere = { provided: { ...provided, 'config-bucket': { ...provided['config-bucket'], homeRegion: 'eu-west-1' } } };
    expect(payloads(off, 'us-east-1', elsewhere).map((p) => p.action)).toEqual(['enable-hub', 'enable-standards']);
    expect(payloads(off, 'eu-west-1', elsewhere).map((p) => p.action)).toEqual(['enable-hub', 'enable-standards', 'create-aggregator']);
    expect(payloads(off, 'us-east-1', { provided: { 'aws-config': provided['aws-config'] } }).map((p) => p.action)).toEqual(['enable-hub', 'enable-standards']);
  });
});

describe('security-hub inputs', () => {
  const parse = (section: unknown) => securityHub.inputs!.schema.safeParse(section);
  const problems = (section: unknown) => {
    const result = parse(section);
    return result.success ? [] : formatIssues(result.error, 'security-hub');
  };

  it('left out, the standards are each region\'s defaults (FSBP and the newest CIS version it offers, see security-hub-cis.test.ts)', () => {
    expect(parse({})).toEqual({ success: true, data: {} });
  });

  it('refuses what is not a standard id; a well-formed one is checked against what each region offers, when planning', () => {
    expect(problems({ standards: ['PCI DSS 4'] })).toEqual([
      'security-hub.standards.0: "PCI DSS 4" is not a standard id: write the part of its ARN after "standards/", like cis-aws-foundations-benchmark/v/5.0.0',
    ]);
    expect(problems({ standards: ['pci-dss/v/9.9.9'] })).toEqual([]);
  });

  it('refuses the outdated CIS v1.2.0, an empty list and a standard listed twice', () => {
    expect(problems({ standards: [CIS_V1_2] })).toEqual([
      `security-hub.standards.0: ${CIS_V1_2} is outdated (it is the version AWS's EnableDefaultStandards picks): choose a newer CIS version, or leave security-hub.standards out for the newest each region offers`,
    ]);
    expect(problems({ standards: [] })).toEqual(['security-hub.standards: choose at least one standard: without one, Security Hub CSPM checks nothing']);
    expect(problems({ standards: [FSBP, FSBP] })).toEqual(['security-hub.standards: the same standard is listed twice']);
    expect(problems({ standard: [FSBP] })).toHaveLength(1);
  });
});

describe('security-hub undo drift', () => {
  const drift = securityHub.undoDrift!;
  const disableHub: SecurityHubUndo = { kind: 'disable-security-hub', description: '', destructive: true, standards: [arnOf('eu-west-1', FSBP), arnOf('eu-west-1', CIS_V3)] };
  const disableCis: SecurityHubUndo = { kind: 'disable-standards', description: '', subscriptions: [{ standardsArn: arnOf('eu-west-1', CIS_V3), subscriptionArn: subscriptionOf('eu-west-1', CIS_V3).subscriptionArn }] };

  it('the hub: unchanged with only its own standards; drifted once off, or with a standard someone enabled since', () => {
    expect(drift(compliant('eu-west-1'), disableHub)).toBeUndefined();
    expect(drift(off, disableHub)).toBe('Security Hub CSPM is already off here');
    const more = { ...compliant('eu-west-1'), standards: [...compliant('eu-west-1').standards, subscriptionOf('eu-west-1', 'pci-dss/v/4.0.1')] };
    expect(drift(more, disableHub)).toBe('standards were enabled since this run, which disabling Security Hub CSPM would turn off too: PCI DSS v4.0.1');
  });

  it('a standard: drifted once disabled since (or being disabled)', () => {
    expect(drift(compliant('eu-west-1'), disableCis)).toBeUndefined();
    const deleting = { ...compliant('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP), subscriptionOf('eu-west-1', CIS_V3, 'DELETING')] };
    expect(drift(deleting, disableCis)).toBe('CIS AWS Foundations Benchmark v3.0.0 was disabled since this run');
  });

  it('the aggregator: drifted once deleted, or linking other regions', () => {
    const deleteAggregator: SecurityHubUndo = { kind: 'delete-finding-aggregator', description: '', findingAggregatorArn: aggregator('us-east-1').arn };
    expect(drift(compliant('us-east-1'), deleteAggregator)).toBeUndefined();
    expect(drift({ ...compliant('us-east-1'), aggregators: [] }, deleteAggregator)).toMatch(/no longer exists/);
    expect(drift({ ...compliant('us-east-1'), aggregators: [aggregator('us-east-1', 'NO_REGIONS')] }, deleteAggregator)).toBe('the finding aggregator now links NO_REGIONS (this run made it link every region)');
  });
});

describe('security-hub: in Japanese (issue 12)', () => {
  const shownIn = (plan: { changes: ReadonlyArray<{ summary: string; before: unknown; after: unknown }>; notes?: readonly string[]; skipped?: string; advice?: readonly string[] }) => [
    ...plan.changes.flatMap((c) => [c.summary, ...[c.before, c.after].flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v as object).map(String)))]),
    ...(plan.notes ?? []), ...(plan.skipped ? [plan.skipped] : []), ...(plan.advice ?? []),
  ];

  it('plans, advises, validates and reports drift in Japanese, the costs included, with no English left', () => {
    const ja = withLanguage('ja', () => ({
      title: securityHub.title,
      why: securityHub.why,
      fresh: securityHub.plan(off, inputs, ctx('us-east-1')),
      existing: securityHub.plan({ hub: hub('eu-west-1', 'STANDARD_CONTROL'), standards: [subscriptionOf('eu-west-1', FSBP, 'INCOMPLETE', 'NO_AVAILABLE_CONFIGURATION_RECORDER'), subscriptionOf('eu-west-1', CIS_V1_2)], aggregators: [aggregator('us-east-1')] }, inputs, ctx('eu-west-1')),
      deleting: securityHub.plan({ ...compliant('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP), subscriptionOf('eu-west-1', CIS_V3, 'DELETING')] }, inputs, ctx('eu-west-1')),
      elsewhere: securityHub.plan({ ...compliant('us-east-1'), aggregators: [aggregator('eu-west-1')] }, inputs, ctx('us-east-1')),
      noConfig: securityHub.plan(off, inputs, ctx('eu-west-1', { provided: { ...provided, 'aws-config': undefined } })),
      errors: [{ standards: [CIS_V1_2] }, { standards: [] }, { standards: [FSBP, FSBP] }, { standards: ['PCI DSS 4'] }]
        .map((section) => securityHub.inputs!.schema.safeParse(section).error!.issues[0]!.message),
      drift: [
        securityHub.undoDrift!(off, { kind: 'disable-security-hub', description: '', destructive: true, standards: [] }),
        securityHub.undoDrift!({ ...compliant('eu-west-1'), standards: [subscriptionOf('eu-west-1', FSBP), subscriptionOf('eu-west-1', 'pci-dss/v/4.0.1')] }, { kind: 'disable-security-hub', description: '', destructive: true, standards: [arnOf('eu-west-1', FSBP)] }),
        securityHub.undoDrift!(off, { kind: 'disable-standards', description: '', subscriptions: [{ standardsArn: arnOf('eu-west-1', CIS_V3), subscriptionArn: 'x' }] }),
        securityHub.undoDrift!({ ...compliant('us-east-1'), aggregators: [aggregator('us-east-1', 'NO_REGIONS')] }, { kind: 'delete-finding-aggregator', description: '', findingAggregatorArn: aggregator('us-east-1').arn }),
      ],
    }));
    expect(ja.title).toBe('Security Hub CSPM がアカウントを標準に照らしてチェックする');
    expect(ja.fresh.changes.map((c) => c.summary)).toEqual([
      '統合されたコントロールの検出結果をオンにし、AWS のデフォルトの標準なしで Security Hub CSPM を有効にする',
      '2 個の標準を有効にする: AWS 基礎セキュリティのベストプラクティス v1.0.0、CIS AWS Foundations Benchmark v3.0.0',
      'us-east-1 に、すべてのリージョンをリンクする検出結果アグリゲーターを作成する',
    ]);
    // The cost is stated, in Japanese, before the hub is enabled.
    expect(ja.fresh.notes).toContain('料金: Security Hub CSPM は各リージョンで 30 日間無料です。その後はセキュリティチェックごと、取り込んだ検出結果ごとに課金されます (https://aws.amazon.com/security-hub/pricing/)。チェックは AWS Config ルールで実行され、その分は AWS Config から課金されます。');
    expect(ja.existing.changes[0]!.summary).toBe('標準 CIS AWS Foundations Benchmark v3.0.0 を有効にする');
    expect(ja.existing.notes![0]).toBe('eu-west-1 では Security Hub CSPM はすでに有効です。そこで有効になっている標準はそのまま残します: CIS AWS Foundations Benchmark v1.2.0 (READY)。');
    expect(ja.existing.advice).toEqual(['AWS 基礎セキュリティのベストプラクティス v1.0.0 (INCOMPLETE: NO_AVAILABLE_CONFIGURATION_RECORDER): eu-west-1 では AWS Config が記録していないため、ほとんどのコントロールを実行できません。このリージョンで aws-config ステップを実行してください。']);
    expect(ja.deleting.skipped).toBe('CIS AWS Foundations Benchmark v3.0.0 は無効化の処理中 (DELETING) です。AWS の処理が終わってからもう一度実行すると、再び有効にします');
    expect(ja.noConfig.skipped).toBe('eu-west-1 では AWS Config が記録しておらず、Security Hub CSPM のチェックにはそれが必要です');
    expect(ja.errors).toEqual([
      `${CIS_V1_2} は古いバージョンです (AWS の EnableDefaultStandards が選ぶもの)。新しい CIS のバージョンを選ぶか、security-hub.standards を省略して各リージョンで提供される最新のものにしてください`,
      '標準を 1 つ以上選んでください。標準がないと Security Hub CSPM は何もチェックしません',
      '同じ標準が 2 回指定されています',
      '「PCI DSS 4」は標準の ID ではありません。ARN の「standards/」より後の部分を書いてください。例: cis-aws-foundations-benchmark/v/5.0.0',
    ]);
    expect(ja.drift).toEqual([
      'ここでは Security Hub CSPM はすでに無効',
      'この実行の後に標準が有効にされており、Security Hub CSPM を無効にするとそれらも無効になる: PCI DSS v4.0.1',
      'CIS AWS Foundations Benchmark v3.0.0 はこの実行の後に無効にされた',
      '検出結果アグリゲーターは現在 NO_REGIONS をリンクしている (この実行ではすべてのリージョンをリンクするように作成した)',
    ]);
    for (const text of [ja.title, ja.why, ...[ja.fresh, ja.existing, ja.deleting, ja.elsewhere, ja.noConfig].flatMap(shownIn), ...ja.errors, ...ja.drift.map(String)]) {
      expect(englishLeft(text), text).toEqual([]);
    }
  });
});
