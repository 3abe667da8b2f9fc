/**
 * What the Health notification step wants to exist, as pure values: the rules' names and event
 * patterns, the email an input transformer makes of a Health event, and its forwarding role
 * (the rules, role and comparisons shared with findings-alerts are in event-forwarding.ts).
 */
import { emailLines, mentionsSource, parsePattern, type ForwardingRole } from './event-forwarding.js';

export { BUS_TARGET_ID, forwardPolicy, ROLE_POLICY_NAME, TOPIC_TARGET_ID, trustPolicy } from './event-forwarding.js';

/** The rule every region gets (the same name everywhere, so a person finds them all). */
export const RULE_NAME = 'aws-bootstrap-health-events';
/** The one role every region's rule forwards with (IAM is global). */
export const ROLE_NAME = 'aws-bootstrap-health-forwarding';
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
 * The email, line by line, as the checklist's example (item 9) lays it out. Each line is a JSON
 * string: EventBridge escapes the values it puts inside quotes, and the topic's email shows one
 * line per string. `region` is the region the event concerns (`detail.eventRegion`), not the one
 * that delivered it, which for a forwarded event is the region it came from anyway.
 */
export const HEALTH_EMAIL = {
  InputPathsMap: {
    type: '$.detail-type',
    category: '$.detail.eventTypeCategory',
    eventTypeCode: '$.detail.eventTypeCode',
    service: '$.detail.service',
    region: '$.detail.eventRegion',
    startTime: '$.detail.startTime',
    description: '$.detail.eventDescription[0].latestDescription',
  },
  InputTemplate: [
    'AWS Health: <eventTypeCode>',
    'type: <type> (<category>)',
    'service: <service>',
    'region: <region>',
    'start time: <startTime>',
    'description: <description>',
    `Details and affected resources: ${DASHBOARD_URL}`,
  ].map((line) => JSON.stringify(line)).join('\n'),
};

/** The lines of the email as a person reads them (for the preview). */
export const EMAIL_LINES: readonly string[] = emailLines(HEALTH_EMAIL.InputTemplate);

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
