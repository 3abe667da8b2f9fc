/**
 * The Security Hub CSPM standards a person can choose, by the id AWS uses in the standard's ARN
 * (`arn:aws:securityhub:<region>::standards/<id>`), with the names DescribeStandards gives them,
 * and the security-hub step's inputs. CIS v1.2.0 is refused: it is the outdated version that
 * EnableDefaultStandards picks (its ARN is the old global `arn:aws:securityhub:::ruleset/…`).
 */
import { z } from 'zod';

export const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
export const CIS_V3 = 'cis-aws-foundations-benchmark/v/3.0.0';
export const CIS_V1_2 = 'cis-aws-foundations-benchmark/v/1.2.0';

/** Standard ids a person can choose, with their names (DescribeStandards' Name). */
export const STANDARDS: Readonly<Record<string, string>> = {
  [FSBP]: 'AWS Foundational Security Best Practices v1.0.0',
  [CIS_V3]: 'CIS AWS Foundations Benchmark v3.0.0',
  'cis-aws-foundations-benchmark/v/1.4.0': 'CIS AWS Foundations Benchmark v1.4.0',
  'nist-800-53/v/5.0.0': 'NIST Special Publication 800-53 Revision 5',
  'nist-800-171/v/2.0.0': 'NIST Special Publication 800-171 Revision 2',
  'pci-dss/v/3.2.1': 'PCI DSS v3.2.1',
  'pci-dss/v/4.0.1': 'PCI DSS v4.0.1',
  'aws-resource-tagging-standard/v/1.0.0': 'AWS Resource Tagging Standard v1.0.0',
};

export const DEFAULT_STANDARDS = [FSBP, CIS_V3];

/** The regional ARN of a standard a person can choose. */
export const standardsArn = (partition: string, region: string, id: string) => `arn:${partition}:securityhub:${region}::standards/${id}`;

/** A readable name for any standards ARN, including ones enabled by someone else (CIS v1.2.0's ruleset). */
export function standardName(arn: string): string {
  const id = /:(?:standards|ruleset)\/(.+)$/.exec(arn)?.[1] ?? arn;
  if (id === CIS_V1_2) return 'CIS AWS Foundations Benchmark v1.2.0';
  return STANDARDS[id] ?? id;
}

const standardId = z.string().superRefine((id, ctx) => {
  if (id === CIS_V1_2) {
    ctx.addIssue({ code: 'custom', message: `${CIS_V1_2} is outdated (it is the version AWS's EnableDefaultStandards picks): choose ${CIS_V3}` });
  } else if (!(id in STANDARDS)) {
    ctx.addIssue({ code: 'custom', message: `unknown standard "${id}": choose from ${Object.keys(STANDARDS).join(', ')}` });
  }
});

export const securityHubInputs = z
  .object({
    standards: z
      .array(standardId, { error: `expected a list of standard ids, like [${DEFAULT_STANDARDS.join(', ')}]` })
      .min(1, 'choose at least one standard: without one, Security Hub CSPM checks nothing')
      .refine((ids) => new Set(ids).size === ids.length, 'the same standard is listed twice')
      .default(DEFAULT_STANDARDS),
  })
  .strict();
export type SecurityHubInputs = z.output<typeof securityHubInputs>;
