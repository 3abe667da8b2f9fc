/**
 * What the findings-alerts step wants to exist, as pure values: its inputs, the rules' names and
 * event patterns for serious GuardDuty and Security Hub CSPM findings, and the emails input
 * transformers make of them. The event formats are EventBridge's ("GuardDuty Finding" with the
 * finding in `detail`; "Security Hub Findings - Imported" with one ASFF finding in
 * `detail.findings`).
 */
import { z } from 'zod';
import { emailLines, parsePattern, type ForwardingRole } from './event-forwarding.js';

/** The same rule name in every region, so a person finds them all. */
export const GUARDDUTY_RULE = 'aws-bootstrap-guardduty-findings';
/** The home region only: Security Hub's finding aggregator brings every linked region's findings there. */
export const SECURITY_HUB_RULE = 'aws-bootstrap-security-hub-findings';
export const ROLE_NAME = 'aws-bootstrap-findings-forwarding';
export const ROLE: ForwardingRole = { name: ROLE_NAME, forwards: 'serious GuardDuty findings' };

/** GuardDuty's severity scale: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0 (GuardDuty User Guide). */
export const GUARDDUTY_SEVERITY = { min: 1, max: 10, high: 7 } as const;
/** ASFF's Severity.Label values, lowest first. */
export const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

const severityError = `expected a GuardDuty severity from ${GUARDDUTY_SEVERITY.min} to ${GUARDDUTY_SEVERITY.max} (Low 1–3.9, Medium 4–6.9, High 7–8.9, Critical 9–10)`;

export const findingsAlertsInputs = z
  .object({
    /** GuardDuty findings of at least this severity are emailed. */
    guardDutyMinSeverity: z.number({ error: severityError }).min(GUARDDUTY_SEVERITY.min, severityError).max(GUARDDUTY_SEVERITY.max, severityError).default(GUARDDUTY_SEVERITY.high),
    /** Security Hub CSPM findings with one of these severity labels (and workflow status NEW) are emailed. */
    securityHubLabels: z
      .array(z.enum(SEVERITY_LABELS, { error: `expected a Security Hub severity label: ${SEVERITY_LABELS.join(', ')}` }))
      .min(1, 'give at least one severity label (default: HIGH and CRITICAL)')
      .refine((list) => new Set(list).size === list.length, 'the same label is listed twice')
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
export const labelsText = (labels: readonly string[]) => (labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)!}`);

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

/** Each line a JSON string: EventBridge escapes the values it puts inside quotes, and the topic's email shows one line per string. */
const template = (lines: readonly string[]) => lines.map((line) => JSON.stringify(line)).join('\n');

/** The email of a GuardDuty finding; `region` is where the finding was made, whichever region's bus delivered it. */
export const GUARDDUTY_EMAIL = {
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
  InputTemplate: template([
    'GuardDuty finding: <title>',
    'severity: <severity> (High 7–8.9, Critical 9–10)',
    'type: <type>',
    'resource: <resourceType>',
    'account <account>, region <region>',
    'description: <description>',
    'Open the finding: https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id%3D<id>',
  ]),
};

/** The email of a Security Hub CSPM finding (one finding an event); `region` is where the finding was made. */
export const SECURITY_HUB_EMAIL = {
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
  InputTemplate: template([
    'Security Hub finding: <title>',
    'severity: <severity> (from <product>)',
    'resource: <resourceType> <resource>',
    'account <account>, region <region>',
    'description: <description>',
    'Open the finding: https://console.aws.amazon.com/securityhub/home?region=<region>#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A<id>',
    'It is emailed again whenever Security Hub updates it while its workflow status is NEW: set it to NOTIFIED, SUPPRESSED or RESOLVED.',
  ]),
};

export const GUARDDUTY_EMAIL_LINES = emailLines(GUARDDUTY_EMAIL.InputTemplate);
export const SECURITY_HUB_EMAIL_LINES = emailLines(SECURITY_HUB_EMAIL.InputTemplate);
