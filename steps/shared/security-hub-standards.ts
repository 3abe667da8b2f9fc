/**
 * The Security Hub CSPM standards a person can choose, by the id AWS uses in the standard's ARN
 * (`arn:aws:securityhub:<region>::standards/<id>`), and the security-hub step's inputs. Which
 * standards exist is not ours to list: each region says what it offers (DescribeStandards), so
 * the config is checked for the form of an id only, and the plan of each region for the rest.
 * Left out, the standards are AWS Foundational Security Best Practices and the newest CIS AWS
 * Foundations Benchmark the region offers. CIS v1.2.0 is refused: it is the outdated version
 * that EnableDefaultStandards picks (its ARN is the old global `arn:aws:securityhub:::ruleset/…`).
 */
import { z } from 'zod';
import { texts } from '../../src/i18n/index.js';

export const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
export const CIS_V3 = 'cis-aws-foundations-benchmark/v/3.0.0';
export const CIS_V1_2 = 'cis-aws-foundations-benchmark/v/1.2.0';

const CIS = 'cis-aws-foundations-benchmark/v/';

/**
 * Where DescribeStandards cannot be read (an endpoint that answers it only once the hub is on):
 * FSBP and CIS v3.0.0, which every region offers, stand in for the defaults.
 */
export const FALLBACK_STANDARDS = [FSBP, CIS_V3];

/** A standard the region offers, as DescribeStandards lists it. */
export interface OfferedStandard {
  readonly id: string;
  readonly arn: string;
  /** DescribeStandards' Name (English). */
  readonly name: string;
}

/** The id of a standard from its ARN (`…:standards/<id>` or CIS v1.2.0's `…:ruleset/<id>`). */
export const standardIdOf = (arn: string): string => /:(?:standards|ruleset)\/(.+)$/.exec(arn)?.[1] ?? arn;

/** A CIS AWS Foundations Benchmark version that counts (v1.2.0 does not). */
export const isCurrentCis = (id: string): boolean => id.startsWith(CIS) && id !== CIS_V1_2;

const versionOf = (id: string) => id.slice(id.lastIndexOf('/v/') + 3).split('.').map(Number);

function newer(a: string, b: string): boolean {
  const [x, y] = [versionOf(a), versionOf(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  }
  return false;
}

/** The newest CIS version among these (v1.2.0 never), if any. */
export function newestCis<T extends { readonly id: string }>(standards: readonly T[]): T | undefined {
  return standards.filter((s) => isCurrentCis(s.id)).reduce<T | undefined>((best, s) => (!best || newer(s.id, best.id) ? s : best), undefined);
}

const en = {
  /** The names of the standards AWS offers, as DescribeStandards gives them (one it does not list here shows the name AWS gives). */
  names: {
    [FSBP]: 'AWS Foundational Security Best Practices v1.0.0',
    'cis-aws-foundations-benchmark/v/5.0.0': 'CIS AWS Foundations Benchmark v5.0.0',
    [CIS_V3]: 'CIS AWS Foundations Benchmark v3.0.0',
    'cis-aws-foundations-benchmark/v/1.4.0': 'CIS AWS Foundations Benchmark v1.4.0',
    'nist-800-53/v/5.0.0': 'NIST Special Publication 800-53 Revision 5',
    'nist-800-171/v/2.0.0': 'NIST Special Publication 800-171 Revision 2',
    'pci-dss/v/3.2.1': 'PCI DSS v3.2.1',
    'pci-dss/v/4.0.1': 'PCI DSS v4.0.1',
    'aws-resource-tagging-standard/v/1.0.0': 'AWS Resource Tagging Standard v1.0.0',
  },
  cisV12: 'CIS AWS Foundations Benchmark v1.2.0',
  outdated: `${CIS_V1_2} is outdated (it is the version AWS's EnableDefaultStandards picks): choose a newer CIS version, or leave security-hub.standards out for the newest each region offers`,
  notAnId: (id: string) => `"${id}" is not a standard id: write the part of its ARN after "standards/", like ${CIS}5.0.0`,
  notAList: `expected a list of standard ids, like [${FSBP}, ${CIS}5.0.0]`,
  none: 'choose at least one standard: without one, Security Hub CSPM checks nothing',
  twice: 'the same standard is listed twice',
};

/** The names as the Japanese console and documentation write them (AWS keeps CIS's and PCI DSS's in English). */
const t = texts('security-hub-standards', en, {
  names: {
    [FSBP]: 'AWS 基礎セキュリティのベストプラクティス v1.0.0',
    'cis-aws-foundations-benchmark/v/5.0.0': 'CIS AWS Foundations Benchmark v5.0.0',
    [CIS_V3]: 'CIS AWS Foundations Benchmark v3.0.0',
    'cis-aws-foundations-benchmark/v/1.4.0': 'CIS AWS Foundations Benchmark v1.4.0',
    'nist-800-53/v/5.0.0': 'NIST SP 800-53 Rev. 5',
    'nist-800-171/v/2.0.0': 'NIST SP 800-171 Rev. 2',
    'pci-dss/v/3.2.1': 'PCI DSS v3.2.1',
    'pci-dss/v/4.0.1': 'PCI DSS v4.0.1',
    'aws-resource-tagging-standard/v/1.0.0': 'AWS リソースタグ付け標準 v1.0.0',
  },
  cisV12: 'CIS AWS Foundations Benchmark v1.2.0',
  outdated: `${CIS_V1_2} は古いバージョンです (AWS の EnableDefaultStandards が選ぶもの)。新しい CIS のバージョンを選ぶか、security-hub.standards を省略して各リージョンで提供される最新のものにしてください`,
  notAnId: (id: string) => `「${id}」は標準の ID ではありません。ARN の「standards/」より後の部分を書いてください。例: ${CIS}5.0.0`,
  notAList: `標準の ID のリストを指定してください。例: [${FSBP}, ${CIS}5.0.0]`,
  none: '標準を 1 つ以上選んでください。標準がないと Security Hub CSPM は何もチェックしません',
  twice: '同じ標準が 2 回指定されています',
});

/** The name of a standard, in the current language: ours where we know it, else the name AWS gives it, else its id. */
export const standardTitle = (id: string, awsName?: string): string => (t.names as Readonly<Record<string, string>>)[id] ?? awsName ?? id;

/** The regional ARN of a standard, where the region's list could not be read. */
export const standardsArn = (partition: string, region: string, id: string) => `arn:${partition}:securityhub:${region}::standards/${id}`;

/** A readable name for any standards ARN, including ones enabled by someone else (CIS v1.2.0's ruleset). */
export function standardName(arn: string): string {
  const id = standardIdOf(arn);
  if (id === CIS_V1_2) return t.cisV12;
  return standardTitle(id);
}

/** The form of the id in a standard's ARN: `<name>/v/<version>`. */
const STANDARD_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/v\/\d+(?:\.\d+)*$/;

const standardId = z.string().superRefine((id, ctx) => {
  if (id === CIS_V1_2) {
    ctx.addIssue({ code: 'custom', message: t.outdated });
  } else if (!STANDARD_ID.test(id)) {
    ctx.addIssue({ code: 'custom', message: t.notAnId(id) });
  }
});

export const securityHubInputs = z
  .object({
    /** Left out: FSBP and the newest CIS version each region offers (a hub's own CIS version is kept). */
    standards: z
      .array(standardId, { error: () => t.notAList })
      .min(1, { error: () => t.none })
      .refine((ids) => new Set(ids).size === ids.length, { error: () => t.twice })
      .optional(),
  })
  .strict();
export type SecurityHubInputs = z.output<typeof securityHubInputs>;
