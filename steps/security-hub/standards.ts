/**
 * The Security Hub CSPM standards a person can choose, by the id AWS uses in the standard's ARN
 * (`arn:aws:securityhub:<region>::standards/<id>`), with the names DescribeStandards gives them,
 * and the security-hub step's inputs. CIS v1.2.0 is refused: it is the outdated version that
 * EnableDefaultStandards picks (its ARN is the old global `arn:aws:securityhub:::ruleset/…`).
 */
import { z } from 'zod';
import { texts } from '../../src/i18n/index.js';

export const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
export const CIS_V3 = 'cis-aws-foundations-benchmark/v/3.0.0';
export const CIS_V1_2 = 'cis-aws-foundations-benchmark/v/1.2.0';

export const DEFAULT_STANDARDS = [FSBP, CIS_V3];

const en = {
  /** Standard ids a person can choose, with their names (DescribeStandards' Name); CIS v1.2.0's for one enabled by someone else. */
  names: {
    [FSBP]: 'AWS Foundational Security Best Practices v1.0.0',
    [CIS_V3]: 'CIS AWS Foundations Benchmark v3.0.0',
    'cis-aws-foundations-benchmark/v/1.4.0': 'CIS AWS Foundations Benchmark v1.4.0',
    'nist-800-53/v/5.0.0': 'NIST Special Publication 800-53 Revision 5',
    'nist-800-171/v/2.0.0': 'NIST Special Publication 800-171 Revision 2',
    'pci-dss/v/3.2.1': 'PCI DSS v3.2.1',
    'pci-dss/v/4.0.1': 'PCI DSS v4.0.1',
    'aws-resource-tagging-standard/v/1.0.0': 'AWS Resource Tagging Standard v1.0.0',
  },
  cisV12: 'CIS AWS Foundations Benchmark v1.2.0',
  outdated: `${CIS_V1_2} is outdated (it is the version AWS's EnableDefaultStandards picks): choose ${CIS_V3}`,
  unknown: (id: string, known: string) => `unknown standard "${id}": choose from ${known}`,
  notAList: `expected a list of standard ids, like [${DEFAULT_STANDARDS.join(', ')}]`,
  none: 'choose at least one standard: without one, Security Hub CSPM checks nothing',
  twice: 'the same standard is listed twice',
};

/** The names as the Japanese console and documentation write them (AWS keeps CIS's and PCI DSS's in English). */
const t = texts('security-hub-standards', en, {
  names: {
    [FSBP]: 'AWS 基礎セキュリティのベストプラクティス v1.0.0',
    [CIS_V3]: 'CIS AWS Foundations Benchmark v3.0.0',
    'cis-aws-foundations-benchmark/v/1.4.0': 'CIS AWS Foundations Benchmark v1.4.0',
    'nist-800-53/v/5.0.0': 'NIST SP 800-53 Rev. 5',
    'nist-800-171/v/2.0.0': 'NIST SP 800-171 Rev. 2',
    'pci-dss/v/3.2.1': 'PCI DSS v3.2.1',
    'pci-dss/v/4.0.1': 'PCI DSS v4.0.1',
    'aws-resource-tagging-standard/v/1.0.0': 'AWS リソースタグ付け標準 v1.0.0',
  },
  cisV12: 'CIS AWS Foundations Benchmark v1.2.0',
  outdated: `${CIS_V1_2} は古いバージョンです (AWS の EnableDefaultStandards が選ぶもの)。${CIS_V3} を選んでください`,
  unknown: (id: string, known: string) => `不明な標準「${id}」です。次から選んでください: ${known}`,
  notAList: `標準の ID のリストを指定してください。例: [${DEFAULT_STANDARDS.join(', ')}]`,
  none: '標準を 1 つ以上選んでください。標準がないと Security Hub CSPM は何もチェックしません',
  twice: '同じ標準が 2 回指定されています',
});

/** Standard ids a person can choose. */
export const STANDARD_IDS: readonly string[] = Object.keys(en.names);

/** The name of a standard a person can choose, in the current language. */
export const standardTitle = (id: string): string => (t.names as Readonly<Record<string, string>>)[id] ?? id;

/** The regional ARN of a standard a person can choose. */
export const standardsArn = (partition: string, region: string, id: string) => `arn:${partition}:securityhub:${region}::standards/${id}`;

/** A readable name for any standards ARN, including ones enabled by someone else (CIS v1.2.0's ruleset). */
export function standardName(arn: string): string {
  const id = /:(?:standards|ruleset)\/(.+)$/.exec(arn)?.[1] ?? arn;
  if (id === CIS_V1_2) return t.cisV12;
  return standardTitle(id);
}

const standardId = z.string().superRefine((id, ctx) => {
  if (id === CIS_V1_2) {
    ctx.addIssue({ code: 'custom', message: t.outdated });
  } else if (!STANDARD_IDS.includes(id)) {
    ctx.addIssue({ code: 'custom', message: t.unknown(id, STANDARD_IDS.join(', ')) });
  }
});

export const securityHubInputs = z
  .object({
    standards: z
      .array(standardId, { error: () => t.notAList })
      .min(1, { error: () => t.none })
      .refine((ids) => new Set(ids).size === ids.length, { error: () => t.twice })
      .default(DEFAULT_STANDARDS),
  })
  .strict();
export type SecurityHubInputs = z.output<typeof securityHubInputs>;
