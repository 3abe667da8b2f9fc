/**
 * What the findings-alerts step wants to exist, as pure values: its inputs, the rules' names and
 * event patterns for serious GuardDuty and Security Hub CSPM findings, and the emails input
 * transformers make of them. The event formats are EventBridge's ("GuardDuty Finding" with the
 * finding in `detail`; "Security Hub Findings - Imported" with one ASFF finding in
 * `detail.findings`).
 */
import { z } from 'zod';
import { emailLines, emailTemplate, ourEmailLines, parsePattern, type ForwardingRole } from './forwarding.js';
import { texts } from '../../src/i18n/index.js';

/** The same rule name in every region, so a person finds them all. */
export const GUARDDUTY_RULE = 'aws-bootstrap-guardduty-findings';
/** The home region only: Security Hub's finding aggregator brings every linked region's findings there. */
export const SECURITY_HUB_RULE = 'aws-bootstrap-security-hub-findings';
export const ROLE_NAME = 'aws-bootstrap-findings-forwarding';
/** `forwards` is for the role's IAM description, which IAM takes in Latin-1 only: English in every language. */
export const ROLE: ForwardingRole = { name: ROLE_NAME, forwards: 'serious GuardDuty findings' };

/** GuardDuty's severity scale: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0 (GuardDuty User Guide). */
export const GUARDDUTY_SEVERITY = { min: 1, max: 10, high: 7 } as const;
/** ASFF's Severity.Label values, lowest first. */
export const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

const { min, max } = GUARDDUTY_SEVERITY;
const labels = SEVERITY_LABELS.join(', ');

const en = {
  severity: `expected a GuardDuty severity from ${min} to ${max} (Low 1–3.9, Medium 4–6.9, High 7–8.9, Critical 9–10)`,
  label: `expected a Security Hub severity label: ${labels}`,
  noLabel: 'give at least one severity label (default: HIGH and CRITICAL)',
  twice: 'the same label is listed twice',
  /** "HIGH or CRITICAL". */
  labels: (list: readonly string[]) => (list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list.at(-1)!}`),
  /** The emails, line by line: text the account sends, so in the language of the run. */
  guardDutyEmail: [
    'GuardDuty finding: <title>',
    'severity: <severity> (High 7–8.9, Critical 9–10)',
    'type: <type>',
    'resource: <resourceType>',
    'account <account>, region <region>',
    'description: <description>',
    'Open the finding: https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>',
  ],
  securityHubEmail: [
    'Security Hub finding: <title>',
    'severity: <severity> (from <product>)',
    'resource: <resourceType> <resource>',
    'account <account>, region <region>',
    'description: <description>',
    'Open the finding: https://console.aws.amazon.com/securityhub/home?region=<region>#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A<id>',
    'It is emailed again whenever Security Hub updates it while its workflow status is NEW: set it to NOTIFIED, SUPPRESSED or RESOLVED.',
  ],
};

const t = texts('finding-events', en, {
  severity: `GuardDuty の重要度 (${min}〜${max}) を指定してください (低 1〜3.9、中 4〜6.9、高 7〜8.9、重大 9〜10)`,
  label: `Security Hub の重要度ラベルを指定してください: ${labels}`,
  noLabel: '重要度ラベルを 1 つ以上指定してください (デフォルト: HIGH と CRITICAL)',
  twice: '同じラベルが 2 回指定されています',
  labels: (list: readonly string[]) => (list.length === 1 ? list[0]! : `${list.slice(0, -1).join('、')} または ${list.at(-1)!}`),
  guardDutyEmail: [
    'GuardDuty の検出結果: <title>',
    '重要度: <severity> (高 7〜8.9、重大 9〜10)',
    '検出結果タイプ: <type>',
    'リソース: <resourceType>',
    'アカウント <account>、リージョン <region>',
    '説明: <description>',
    '検出結果を開く: https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>',
  ],
  securityHubEmail: [
    'Security Hub の検出結果: <title>',
    '重要度: <severity> (検出元: <product>)',
    'リソース: <resourceType> <resource>',
    'アカウント <account>、リージョン <region>',
    '説明: <description>',
    '検出結果を開く: https://console.aws.amazon.com/securityhub/home?region=<region>#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A<id>',
    'ワークフローステータスが NEW の間は、Security Hub が更新するたびに再び E メールが届きます。NOTIFIED、SUPPRESSED、RESOLVED のいずれかに設定してください。',
  ],
});

/** Messages are read when a config is checked, so they follow the language of the run. */
const says = (text: () => string) => ({ error: text });

export const findingsAlertsInputs = z
  .object({
    /** GuardDuty findings of at least this severity are emailed. */
    guardDutyMinSeverity: z.number(says(() => t.severity)).min(min, says(() => t.severity)).max(max, says(() => t.severity)).default(GUARDDUTY_SEVERITY.high),
    /** Security Hub CSPM findings with one of these severity labels (and workflow status NEW) are emailed. */
    securityHubLabels: z
      .array(z.enum(SEVERITY_LABELS, says(() => t.label)))
      .min(1, says(() => t.noLabel))
      .refine((list) => new Set(list).size === list.length, says(() => t.twice))
      .default(['HIGH', 'CRITICAL']),
  })
  .strict();
export type FindingsAlertsInputs = z.output<typeof findingsAlertsInputs>;

const GUARDDUTY_FINDING = { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] };
const SECURITY_HUB_FINDING = { source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'] };

/**
 * GuardDuty findings at or above the threshold (EventBridge's numeric matching). The other
 * regions forward with the same pattern, so only the findings to be emailed cross regions.
 */
export function guardDutyPattern(minSeverity: number): string {
  return JSON.stringify({ ...GUARDDUTY_FINDING, detail: { severity: [{ numeric: ['>=', minSeverity] }] } });
}

/**
 * New, active Security Hub CSPM findings with one of the labels. GuardDuty's own findings, which
 * Security Hub imports too, are left out: the GuardDuty rule emails them, with its threshold.
 */
export function securityHubPattern(labels: readonly SeverityLabel[]): string {
  const findings = { Severity: { Label: [...labels] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'], ProductName: [{ 'anything-but': ['GuardDuty'] }] };
  return JSON.stringify({ ...SECURITY_HUB_FINDING, detail: { findings } });
}

/** Labels as a person reads them: "HIGH or CRITICAL". */
export const labelsText = (list: readonly string[]): string => t.labels(list);

/**
 * Whether another rule's pattern takes every event of this kind (its only keys `source` and
 * maybe `detail-type`, naming this kind): such a rule already sends what ours would, and more.
 */
function takesEvery(kind: { source: string[]; 'detail-type': string[] }) {
  return (pattern: string | undefined): boolean => {
    const parsed = parsePattern(pattern);
    if (!parsed || Object.keys(parsed).some((key) => key !== 'source' && key !== 'detail-type')) return false;
    const listed = (key: 'source' | 'detail-type') => parsed[key] === undefined || (Array.isArray(parsed[key]) && parsed[key].includes(kind[key][0]!));
    return Array.isArray(parsed.source) && listed('source') && listed('detail-type');
  };
}
export const takesEveryGuardDutyFinding = takesEvery(GUARDDUTY_FINDING);
export const takesEverySecurityHubFinding = takesEvery(SECURITY_HUB_FINDING);

/** Rules worth reading: ours, and any other that takes GuardDuty or Security Hub events (it may do the job already). */
export function relevantRule(rule: { Name: string; EventPattern?: string }): boolean {
  if (rule.Name === GUARDDUTY_RULE || rule.Name === SECURITY_HUB_RULE) return true;
  const sources = parsePattern(rule.EventPattern)?.source;
  return Array.isArray(sources) && sources.some((s) => s === 'aws.guardduty' || s === 'aws.securityhub');
}

/** The email of a GuardDuty finding, in the current language; `region` is where the finding was made, whichever region's bus delivered it. */
export function guardDutyEmail(): { InputPathsMap: Record<string, string>; InputTemplate: string } {
  return {
    InputPathsMap: {
      title: '$.detail.title',
      severity: '$.detail.severity',
      type: '$.detail.type',
      resourceType: '$.detail.resource.resourceType',
      account: '$.detail.accountId',
      region: '$.detail.region',
      description: '$.detail.description',
      id: '$.detail.id',
    },
    InputTemplate: emailTemplate(t.guardDutyEmail),
  };
}

/** The email of a Security Hub CSPM finding (one finding an event), in the current language; `region` is where the finding was made. */
export function securityHubEmail(): { InputPathsMap: Record<string, string>; InputTemplate: string } {
  return {
    InputPathsMap: {
      title: '$.detail.findings[0].Title',
      severity: '$.detail.findings[0].Severity.Label',
      product: '$.detail.findings[0].ProductName',
      resourceType: '$.detail.findings[0].Resources[0].Type',
      resource: '$.detail.findings[0].Resources[0].Id',
      account: '$.detail.findings[0].AwsAccountId',
      region: '$.detail.findings[0].Region',
      description: '$.detail.findings[0].Description',
      id: '$.detail.findings[0].Id',
    },
    InputTemplate: emailTemplate(t.securityHubEmail),
  };
}

export const guardDutyEmailLines = (): readonly string[] => emailLines(guardDutyEmail().InputTemplate);
export const securityHubEmailLines = (): readonly string[] => emailLines(securityHubEmail().InputTemplate);
/** The lines of a template that is the email in either language; undefined for any other. */
export const guardDutyEmailLinesOf = (template: string | undefined) => ourEmailLines(() => guardDutyEmail().InputTemplate, template);
export const securityHubEmailLinesOf = (template: string | undefined) => ourEmailLines(() => securityHubEmail().InputTemplate, template);

/**
 * The organization's findings rule (in the security account, where Security Hub aggregates every
 * account's findings): new Security Hub CSPM findings with these labels, of every product,
 * GuardDuty's included (there is no GuardDuty rule of its own in an organization).
 */
export function organizationFindingsPattern(labels: readonly SeverityLabel[]): string {
  const findings = { Severity: { Label: [...labels] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] };
  return JSON.stringify({ ...SECURITY_HUB_FINDING, detail: { findings } });
}
