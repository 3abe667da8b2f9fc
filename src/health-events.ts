/**
 * What the Health notification step wants to exist, as pure values: the rules' event patterns,
 * the email an input transformer makes of a Health event, the forwarding role's policies, and
 * how to compare what EventBridge and IAM return with them.
 */

/** The rule every region gets (the same name everywhere, so a person finds them all). */
export const RULE_NAME = 'aws-bootstrap-health-events';
/** The one role every region's rule forwards with (IAM is global). */
export const ROLE_NAME = 'aws-bootstrap-health-forwarding';
export const ROLE_POLICY_NAME = 'put-events-on-home-bus';
/** Target ids: the topic (home region) and the home region's default event bus (elsewhere). */
export const TOPIC_TARGET_ID = 'alerts-topic';
export const BUS_TARGET_ID = 'home-event-bus';

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
export const EMAIL_LINES: readonly string[] = HEALTH_EMAIL.InputTemplate.split('\n').map((line) => JSON.parse(line) as string);

export const homeBusArn = (partition: string, home: string, accountId: string) => `arn:${partition}:events:${home}:${accountId}:event-bus/default`;
export const roleArn = (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:role/${ROLE_NAME}`;

/** Only EventBridge may assume the role (it can be passed only by this account's principals). */
export function trustPolicy(): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
}

/** The role may put events on the home region's default bus, and nothing else. */
export function forwardPolicy(busArn: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn }] });
}

/** The region of an ARN (`arn:aws:sns:eu-west-1:…` → eu-west-1). */
export function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) throw new Error(`not a regional ARN: ${arn}`);
  return region;
}

// ---- comparing ------------------------------------------------------------------------------

/** JSON values equal regardless of key order (EventBridge and IAM may reorder or reformat). */
export function sameJson(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** IAM policy documents: the same statements, a lone value and a one-item list alike. */
export function samePolicyDocument(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const normal = (document: string) => {
    try {
      return JSON.stringify(JSON.parse(document), (_key, value: unknown) => (Array.isArray(value) && value.length === 1 ? value[0] : value));
    } catch {
      return document;
    }
  };
  return sameJson(normal(a), normal(b));
}

/**
 * Whether a pattern matches every AWS Health event (and only those, bar other sources): its
 * one key is `source`, listing `aws.health`. A pattern with more keys filters Health events.
 */
export function matchesAllHealthEvents(pattern: string | undefined): boolean {
  const parsed = parse(pattern);
  return parsed !== undefined && Object.keys(parsed).length === 1 && Array.isArray(parsed.source) && parsed.source.includes('aws.health');
}

/** Whether a pattern names AWS Health as a source at all (such rules' targets are read). */
export function mentionsHealth(pattern: string | undefined): boolean {
  const source = parse(pattern)?.source;
  return Array.isArray(source) && source.includes('aws.health');
}

function parse(pattern: string | undefined): Record<string, unknown> | undefined {
  if (!pattern) return undefined;
  try {
    const parsed: unknown = JSON.parse(pattern);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
