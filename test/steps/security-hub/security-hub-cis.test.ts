/**
 * Which standards security-hub enables (issue 22 item 5): every standard Security Hub CSPM offers
 * in the region (DescribeStandards, not a list of our own), by default AWS Foundational Security
 * Best Practices and the newest CIS AWS Foundations Benchmark the region offers; CIS v1.2.0 never;
 * an existing hub keeps the CIS version it has unless another is asked for.
 */
import { describe, expect, it } from 'vitest';
import securityHub, { type SecurityHubState } from '../../../steps/security-hub/security-hub.js';
import { CIS_V1_2, FSBP } from '../../../steps/shared/security-hub-standards.js';
import { withLanguage } from '../../../src/i18n/index.js';
import { formatIssues } from '../../../src/validate.js';
import { englishLeft } from '../../support/english.js';
import { ACCOUNT, planCtx as ctx } from './security-hub-setup.js';

const CIS_V5 = 'cis-aws-foundations-benchmark/v/5.0.0';
const CIS_V3 = 'cis-aws-foundations-benchmark/v/3.0.0';
const CIS_V14 = 'cis-aws-foundations-benchmark/v/1.4.0';
const arnOf = (region: string, id: string) => (id === CIS_V1_2 ? `arn:aws:securityhub:::ruleset/${id}` : `arn:aws:securityhub:${region}::standards/${id}`);
const NAMES: Record<string, string> = {
  [FSBP]: 'AWS Foundational Security Best Practices v1.0.0',
  [CIS_V1_2]: 'CIS AWS Foundations Benchmark v1.2.0',
  [CIS_V14]: 'CIS AWS Foundations Benchmark v1.4.0',
  [CIS_V3]: 'CIS AWS Foundations Benchmark v3.0.0',
  [CIS_V5]: 'CIS AWS Foundations Benchmark v5.0.0',
  'pci-dss/v/4.0.1': 'PCI DSS v4.0.1',
};
/** What DescribeStandards lists in the region, as observed. */
const offered = (region: string, ids: readonly string[]) => ids.map((id) => ({ id, arn: arnOf(region, id), name: NAMES[id] ?? id }));
const EVERYTHING = [FSBP, CIS_V1_2, CIS_V14, CIS_V3, CIS_V5, 'pci-dss/v/4.0.1'];
const subscriptionOf = (region: string, id: string, status = 'READY') => ({ standardsArn: arnOf(region, id), subscriptionArn: `arn:aws:securityhub:${region}:${ACCOUNT}:subscription/${id}`, status });
const hub = (region: string) => ({ arn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default`, controlFindingGenerator: 'SECURITY_CONTROL', tags: {} });
const off = (region: string, ids = EVERYTHING): SecurityHubState => ({ standards: [], aggregators: [], offered: offered(region, ids) });
const on = (region: string, enabled: readonly string[], ids = EVERYTHING): SecurityHubState => ({ hub: hub(region), standards: enabled.map((id) => subscriptionOf(region, id)), aggregators: [], offered: offered(region, ids) });
const parse = (section: unknown) => securityHub.inputs!.schema.safeParse(section);
const defaults = parse({}).data!;
const enabling = (state: SecurityHubState, region: string, inputs = defaults) =>
  securityHub.plan(state, inputs, ctx(region)).changes.flatMap((c) => (c.payload.action === 'enable-standards' ? c.payload.standards.map((s) => s.arn) : []));

describe('security-hub: the standards Security Hub CSPM offers in each region', () => {
  it('by default: FSBP and the newest CIS version the region offers (v5.0.0 here), with their ARNs as DescribeStandards gives them', () => {
    expect(enabling(off('eu-west-1'), 'eu-west-1')).toEqual([arnOf('eu-west-1', FSBP), arnOf('eu-west-1', CIS_V5)]);
    expect(securityHub.plan(off('eu-west-1'), defaults, ctx('eu-west-1')).changes[1]!.summary).toBe('Enable 2 standards: AWS Foundational Security Best Practices v1.0.0, CIS AWS Foundations Benchmark v5.0.0');
  });

  it('a region that does not offer v5.0.0 yet gets the newest it offers (v3.0.0); versions compare as numbers', () => {
    expect(enabling(off('ap-southeast-7', [FSBP, CIS_V1_2, CIS_V14, CIS_V3]), 'ap-southeast-7')).toEqual([arnOf('ap-southeast-7', FSBP), arnOf('ap-southeast-7', CIS_V3)]);
    const v10 = 'cis-aws-foundations-benchmark/v/10.0.0';
    expect(enabling(off('eu-west-1', [FSBP, CIS_V5, v10]), 'eu-west-1')).toEqual([arnOf('eu-west-1', FSBP), arnOf('eu-west-1', v10)]);
  });

  it('never v1.2.0, even where it is the only CIS version offered', () => {
    expect(enabling(off('eu-west-1', [FSBP, CIS_V1_2]), 'eu-west-1')).toEqual([arnOf('eu-west-1', FSBP)]);
  });

  it('an existing hub with CIS v3.0.0 keeps it, and nothing is added unless asked; the note says a newer one is offered', () => {
    const plan = securityHub.plan(on('eu-west-1', [FSBP, CIS_V3]), defaults, ctx('eu-west-1'));
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toContain('CIS AWS Foundations Benchmark v3.0.0 is kept; Security Hub CSPM offers CIS AWS Foundations Benchmark v5.0.0 in eu-west-1 too: list cis-aws-foundations-benchmark/v/5.0.0 in security-hub.standards to add it.');
    // Asked for: added next to it (v3.0.0 is never disabled).
    expect(enabling(on('eu-west-1', [FSBP, CIS_V3]), 'eu-west-1', parse({ standards: [FSBP, CIS_V5] }).data!)).toEqual([arnOf('eu-west-1', CIS_V5)]);
  });

  it('an existing hub with only the outdated v1.2.0 gets the newest CIS version besides', () => {
    expect(enabling(on('eu-west-1', [FSBP, CIS_V1_2]), 'eu-west-1')).toEqual([arnOf('eu-west-1', CIS_V5)]);
  });

  it('a standard asked for that the region does not offer: the region is skipped with the reason and what it offers', () => {
    const plan = securityHub.plan(off('ap-southeast-7', [FSBP, CIS_V3]), parse({ standards: [FSBP, CIS_V5] }).data!, ctx('ap-southeast-7'));
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toBe(`Security Hub CSPM does not offer ${CIS_V5} in ap-southeast-7 (it offers ${FSBP}, ${CIS_V3}): change security-hub.standards, or leave it out for the newest CIS version each region offers`);
  });

  it('where the region would not list its standards (an endpoint that answers only once the hub is on): FSBP and CIS v3.0.0, offered everywhere, said in a note', () => {
    const plan = securityHub.plan({ standards: [], aggregators: [] }, defaults, ctx('eu-west-1'));
    expect(enabling({ standards: [], aggregators: [] }, 'eu-west-1')).toEqual([arnOf('eu-west-1', FSBP), arnOf('eu-west-1', CIS_V3)]);
    expect(plan.notes).toContain('Security Hub CSPM did not list the standards it offers in eu-west-1 before it is on, so AWS Foundational Security Best Practices v1.0.0, CIS AWS Foundations Benchmark v3.0.0, offered in every region, are planned; a newer CIS version can be listed in security-hub.standards.');
    expect(englishLeft(withLanguage('ja', () => securityHub.plan({ standards: [], aggregators: [] }, defaults, ctx('eu-west-1')).notes![0]!))).toEqual([]);
  });

  it('config: any well-formed standard id passes (each region says what it offers); v1.2.0 is refused with the reason, a malformed id too', () => {
    const problems = (section: unknown) => {
      const result = parse(section);
      return result.success ? [] : formatIssues(result.error, 'security-hub');
    };
    expect(defaults).toEqual({});
    expect(parse({ standards: [CIS_V5, 'nist-800-171/v/2.0.0'] }).success).toBe(true);
    expect(problems({ standards: [CIS_V1_2] })).toEqual([
      `security-hub.standards.0: ${CIS_V1_2} is outdated (it is the version AWS's EnableDefaultStandards picks): choose a newer CIS version, or leave security-hub.standards out for the newest each region offers`,
    ]);
    expect(problems({ standards: ['arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1'] })).toEqual([
      'security-hub.standards.0: "arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1" is not a standard id: write the part of its ARN after "standards/", like cis-aws-foundations-benchmark/v/5.0.0',
    ]);
  });

  it('in Japanese, with no English left', () => {
    const ja = withLanguage('ja', () => [
      securityHub.plan(off('eu-west-1'), defaults, ctx('eu-west-1')).changes[1]!.summary,
      ...securityHub.plan(on('eu-west-1', [FSBP, CIS_V3]), defaults, ctx('eu-west-1')).notes!,
      securityHub.plan(off('ap-southeast-7', [FSBP, CIS_V3]), parse({ standards: [CIS_V5] }).data!, ctx('ap-southeast-7')).skipped!,
      ...[{ standards: [CIS_V1_2] }, { standards: ['x'] }].map((section) => parse(section).error!.issues[0]!.message),
    ]);
    expect(ja[0]).toBe('2 個の標準を有効にする: AWS 基礎セキュリティのベストプラクティス v1.0.0、CIS AWS Foundations Benchmark v5.0.0');
    for (const text of ja) expect(englishLeft(text), text).toEqual([]);
  });
});
