/**
 * What the Health notification step wants to exist, as pure values: the rules' names and event
 * patterns, the email an input transformer makes of a Health event, and its forwarding role
 * (the rules, role and comparisons shared with findings-alerts are in forwarding.ts).
 */
import { emailLines, emailTemplate, mentionsSource, ourEmailLines, parsePattern, type ForwardingRole } from '../shared/forwarding.js';
import { texts } from '../../src/i18n/index.js';

export { BUS_TARGET_ID, forwardPolicy, ROLE_POLICY_NAME, TOPIC_TARGET_ID, trustPolicy } from '../shared/forwarding.js';

/** The rule every region gets (the same name everywhere, so a person finds them all). */
export const RULE_NAME = 'aws-bootstrap-health-events';
/** The one role every region's rule forwards with (IAM is global). */
export const ROLE_NAME = 'aws-bootstrap-health-forwarding';
/** `forwards` is for the role's IAM description, which IAM takes in Latin-1 only: English in every language. */
export const ROLE: ForwardingRole = { name: ROLE_NAME, forwards: 'AWS Health events' };

/** AWS Health's event type categories (EventBridge `detail.eventTypeCategory`). */
export const CATEGORIES = ['issue', 'accountNotification', 'scheduledChange', 'investigation'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The link AWS Health documents for the account's open issues. */
export const DASHBOARD_URL = 'https://health.aws.amazon.com/health/home#/account/dashboard/open-issues';

/** Every Health event: what the other regions forward, and the home rule without a filter. */
export const ALL_HEALTH_EVENTS = JSON.stringify({ source: ['aws.health'] });

/** The home rule's pattern: every Health event, or only the chosen categories. */
export function homePattern(categories: readonly Category[] | undefined): string {
  return categories ? JSON.stringify({ source: ['aws.health'], detail: { eventTypeCategory: [...categories] } }) : ALL_HEALTH_EVENTS;
}

/**
 * The email, line by line, as the checklist's example (item 9) lays it out, in the language of the
 * run: it is text the account sends. Each line is a JSON string: EventBridge escapes the values it
 * puts inside quotes, and the topic's email shows one line per string. `region` is the region the
 * event concerns (`detail.eventRegion`), not the one that delivered it, which for a forwarded
 * event is the region it came from anyway.
 */
const t = texts('health-events', {
  email: [
    'AWS Health: <eventTypeCode>',
    'type: <type> (<category>)',
    'service: <service>',
    'region: <region>',
    'start time: <startTime>',
    'description: <description>',
    `Details and affected resources: ${DASHBOARD_URL}`,
  ],
}, {
  email: [
    'AWS Health: <eventTypeCode>',
    '種類: <type> (<category>)',
    'サービス: <service>',
    'リージョン: <region>',
    '開始時刻: <startTime>',
    '説明: <description>',
    `詳細と影響を受けるリソース: ${DASHBOARD_URL}`,
  ],
});

const INPUT_PATHS = {
  type: '$.detail-type',
  category: '$.detail.eventTypeCategory',
  eventTypeCode: '$.detail.eventTypeCode',
  service: '$.detail.service',
  region: '$.detail.eventRegion',
  startTime: '$.detail.startTime',
  description: '$.detail.eventDescription[0].latestDescription',
};

/** The input transformer of the home region's target, in the current language (a run in the other language puts its own in place). */
export function healthEmail(): { InputPathsMap: Record<string, string>; InputTemplate: string } {
  return { InputPathsMap: { ...INPUT_PATHS }, InputTemplate: emailTemplate(t.email) };
}

/** The lines of the email as a person reads them (for the preview). */
export const healthEmailLines = (): readonly string[] => emailLines(healthEmail().InputTemplate);

/** The lines of a template that is this email in either language; undefined for any other. */
export const healthEmailLinesOf = (template: string | undefined) => ourEmailLines(() => healthEmail().InputTemplate, template);

/**
 * Whether a pattern matches every AWS Health event (and only those, bar other sources): its
 * one key is `source`, listing `aws.health`. A pattern with more keys filters Health events.
 */
export function matchesAllHealthEvents(pattern: string | undefined): boolean {
  const parsed = parsePattern(pattern);
  return parsed !== undefined && Object.keys(parsed).length === 1 && Array.isArray(parsed.source) && parsed.source.includes('aws.health');
}

/** Whether a pattern names AWS Health as a source at all (such rules' targets are read). */
export const mentionsHealth = (pattern: string | undefined) => mentionsSource(pattern, 'aws.health');
