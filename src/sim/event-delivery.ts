/**
 * What happens after the set-up, in the simulated organization: an event put on an account's
 * default event bus goes through its enabled rules (EventBridge's matching), each target gets it
 * (input transformer applied), a topic publishes it, another account's bus takes it only if its
 * policy lets the sender in; an alarm that goes into ALARM publishes to its topics, in another
 * account only where the topic's policy lets CloudWatch of the alarm's account publish. Nothing
 * here is kinder than AWS: what AWS would drop without a word is dropped, and said so in
 * `refused` so tests can show why.
 */
import { organizationAccountState } from './organization-state.js';
import type { SimEventRule, SimEventTarget, SimSnsTopic } from './alerting-state.js';
import type { SimState } from './state.js';

type Json = unknown;

export interface Delivery {
  /** Topic ARNs that published a message, with the message. */
  readonly published: Array<{ topicArn: string; message: string }>;
  /** What AWS would drop, and why (for tests; AWS says nothing). */
  readonly refused: string[];
}

// ---- policies ------------------------------------------------------------------------------

interface Principal {
  readonly service?: string;
  /** An IAM principal's ARN (a role) or account root. */
  readonly aws?: string;
}

type Statement = { Effect?: string; Principal?: unknown; Action?: unknown; Condition?: Record<string, Record<string, unknown>> };

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));
const wildcard = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

function principalMatches(given: unknown, who: Principal): boolean {
  if (given === '*') return true;
  if (!given || typeof given !== 'object') return false;
  const p = given as Record<string, unknown>;
  if (who.service && list(p.Service).includes(who.service)) return true;
  if (who.aws) {
    const account = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(who.aws)?.[1];
    return list(p.AWS).some((v) => v === '*' || v === who.aws || (account && (v === account || v === `arn:aws:iam::${account}:root`)));
  }
  return false;
}

/** One condition block holds for these request values; an operator this model does not know never holds (no kinder than AWS). */
function conditionHolds(condition: Statement['Condition'], context: Record<string, string>): boolean {
  const value = (key: string) => Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  return Object.entries(condition ?? {}).every(([operator, entries]) => Object.entries(entries).every(([key, wanted]) => {
    const actual = value(key);
    if (actual === undefined) return false;
    switch (operator) {
      case 'StringEquals':
      case 'ArnEquals':
      case 'Bool':
        return list(wanted).includes(actual);
      case 'StringLike':
      case 'ArnLike':
        return list(wanted).some((w) => wildcard(w).test(actual));
      default:
        return false;
    }
  }));
}

/** Whether a resource policy lets this principal take this action with these request values (an explicit Deny wins). */
export function policyAllows(policy: string | undefined, action: string, who: Principal, context: Record<string, string>): boolean {
  if (!policy) return false;
  const statements = ((JSON.parse(policy) as { Statement?: Statement | Statement[] }).Statement ?? []);
  const all = Array.isArray(statements) ? statements : [statements];
  const applies = (s: Statement) => {
    const actions = list(s.Action).map((a) => a.toLowerCase());
    const service = action.split(':')[0]!.toLowerCase();
    return (actions.includes(action.toLowerCase()) || actions.includes('*') || actions.includes(`${service}:*`)) && principalMatches(s.Principal, who) && conditionHolds(s.Condition, context);
  };
  if (all.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return all.some((s) => s.Effect === 'Allow' && applies(s));
}

// ---- matching and transforming ---------------------------------------------------------------

const candidates = (value: Json): Json[] => (Array.isArray(value) ? value : [value]);

function matchesFilter(filter: Json, value: Json, present: boolean): boolean {
  if (filter === null || typeof filter !== 'object') return present && candidates(value).some((v) => v === filter);
  const [[type, operand]] = Object.entries(filter as Record<string, Json>) as [[string, Json]];
  if (type === 'exists') return present === operand;
  if (!present) return false;
  return candidates(value).some((v) => {
    switch (type) {
      case 'numeric': {
        const terms = operand as Array<string | number>;
        const ok = (op: string, bound: number) => typeof v === 'number' && ({ '<': v < bound, '<=': v <= bound, '=': v === bound, '>': v > bound, '>=': v >= bound } as Record<string, boolean>)[op];
        return ok(terms[0] as string, terms[1] as number) && (terms.length < 4 || ok(terms[2] as string, terms[3] as number));
      }
      case 'anything-but':
        return !candidates(operand).includes(v);
      case 'prefix':
        return typeof v === 'string' && v.startsWith(operand as string);
      case 'suffix':
        return typeof v === 'string' && v.endsWith(operand as string);
      case 'equals-ignore-case':
        return typeof v === 'string' && v.toLowerCase() === String(operand).toLowerCase();
      case 'wildcard':
        return typeof v === 'string' && wildcard(String(operand)).test(v);
      default:
        throw new Error(`internal: the simulation does not match "${type}" filters`);
    }
  });
}

/** Whether EventBridge would deliver this event to a rule with this pattern. */
export function patternMatches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern as Record<string, Json>).every(([key, want]) => {
    if (key === '$or') return (want as Json[]).some((branch) => patternMatches(branch, event));
    const items = candidates(event).filter((e): e is Record<string, Json> => !!e && typeof e === 'object');
    if (Array.isArray(want)) return items.some((e) => want.some((f) => matchesFilter(f, e[key], key in e))) || (items.length === 0 && want.some((f) => matchesFilter(f, undefined, false)));
    return items.some((e) => key in e && patternMatches(want, e[key]));
  });
}

function valueAt(event: Json, path: string): Json {
  if (path === '$') return event;
  return path.slice(2).split('.').reduce<Json>((value, part) => {
    const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part) ?? [];
    const field = (value as Record<string, Json> | undefined)?.[name!];
    return index === undefined ? field : (field as Json[] | undefined)?.[Number(index)];
  }, event);
}

/** What a target sends: the whole event, its Input, the part InputPath names, or the input transformer's text. */
export function targetInput(target: SimEventTarget, event: Json, rule: SimEventRule): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(valueAt(event, target.InputPath));
  if (!target.InputTransformer) return JSON.stringify(event);
  const { InputPathsMap: paths = {}, InputTemplate: template } = target.InputTransformer;
  return template.replace(/<([^<>\s]+)>/g, (all, key: string) => {
    if (key === 'aws.events.rule-arn') return rule.Arn;
    if (key === 'aws.events.rule-name') return rule.Name;
    if (key === 'aws.events.event' || key === 'aws.events.event.json') return JSON.stringify(event);
    if (!(key in paths)) return all;
    const value = valueAt(event, paths[key]!);
    // Inside quotes EventBridge puts a string's text, escaped; other values as JSON.
    return typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : value === undefined ? '' : JSON.stringify(value);
  });
}

// ---- delivering ------------------------------------------------------------------------------

const organizationIdOf = (root: SimState, accountId: string) => (root.organization?.accounts.some((a) => a.Id === accountId) ? root.organization.Id : undefined);

function topicAt(root: SimState, arn: string): SimSnsTopic | undefined {
  const [, , , region, account] = arn.split(':');
  const state = organizationAccountState(root, account!);
  return state?.regional[region!]?.snsTopics?.find((t) => t.TopicArn === arn);
}

function publish(topic: SimSnsTopic, message: string, by: string, out: Delivery): void {
  (topic.published ??= []).push({ Message: message, by });
  out.published.push({ topicArn: topic.TopicArn, message });
}

/** The role's own inline policies let it put events on this bus (what EventBridge assumes it for). */
function roleMayPutEvents(state: SimState, roleArn: string, busArn: string): boolean {
  const role = Object.values(state.iam.roles).find((r) => r.Arn === roleArn);
  if (!role) return false;
  return Object.values(role.inlinePolicies ?? {}).some((document) => {
    const statements = (JSON.parse(decodeURIComponent(String(document))) as { Statement?: Statement | Statement[] }).Statement ?? [];
    return (Array.isArray(statements) ? statements : [statements]).some((s) => s.Effect === 'Allow' && list(s.Action).includes('events:PutEvents') && list((s as { Resource?: unknown }).Resource).some((r) => wildcard(r).test(busArn)));
  });
}

/**
 * An event on the default event bus of `accountId` in `region` (an AWS service's, or one
 * another bus sent on): every enabled rule that matches sends it to its targets.
 */
export function putEvent(root: SimState, accountId: string, region: string, event: Record<string, Json>, out: Delivery = { published: [], refused: [] }, hops = 0): Delivery {
  const state = organizationAccountState(root, accountId);
  if (!state || hops > 3) return out;
  const rules = (state.regional[region]?.eventRules ?? []).filter((r) => r.EventBusName === 'default' && r.State.startsWith('ENABLED') && r.EventPattern && patternMatches(JSON.parse(r.EventPattern), event));
  for (const rule of rules) {
    for (const target of rule.targets) {
      const [, , service, targetRegion, targetAccount, resource] = /^arn:([^:]+):([^:]+):([^:]*):(\d{12})?:(.*)$/.exec(target.Arn) ?? [];
      if (service === 'sns') {
        const topic = topicAt(root, target.Arn);
        if (!topic) { out.refused.push(`${rule.Arn} → ${target.Arn}: no such topic`); continue; }
        // In its own account EventBridge publishes as events.amazonaws.com; to another account's topic, with the target's role.
        const allowed = targetAccount === accountId
          ? policyAllows(topic.Attributes.Policy, 'sns:Publish', { service: 'events.amazonaws.com' }, { 'aws:SourceAccount': accountId, 'aws:SourceArn': rule.Arn, 'aws:SecureTransport': 'true' })
          : !!target.RoleArn && policyAllows(topic.Attributes.Policy, 'sns:Publish', { aws: target.RoleArn }, { 'aws:PrincipalAccount': accountId, 'aws:PrincipalOrgID': organizationIdOf(root, accountId) ?? '', 'aws:SecureTransport': 'true' });
        if (!allowed) { out.refused.push(`${rule.Arn} → ${target.Arn}: the topic's policy does not let it publish`); continue; }
        publish(topic, targetInput(target, event, rule), rule.Arn, out);
      } else if (service === 'events' && resource === 'event-bus/default') {
        if (targetAccount === accountId && targetRegion === region) continue;
        if (!target.RoleArn || !roleMayPutEvents(state, target.RoleArn, target.Arn)) { out.refused.push(`${rule.Arn} → ${target.Arn}: no role that may put events there`); continue; }
        if (targetAccount !== accountId) {
          const receiver = organizationAccountState(root, targetAccount!);
          const orgId = organizationIdOf(root, accountId);
          const allowed = policyAllows(receiver?.regional[targetRegion!]?.eventBusPolicy, 'events:PutEvents', { aws: target.RoleArn }, { 'aws:PrincipalAccount': accountId, ...(orgId ? { 'aws:PrincipalOrgID': orgId } : {}), 'aws:SecureTransport': 'true' });
          if (!allowed) { out.refused.push(`${rule.Arn} → ${target.Arn}: the bus's policy does not let ${accountId} put events`); continue; }
        }
        // Sent on as it came (its `account` and `region` stay the source's), the transformer applied if any
        // (only to a bus of the same account: PutTargets takes none for another account's).
        const sent = targetAccount === accountId && target.InputTransformer || target.Input !== undefined || target.InputPath !== undefined ? (JSON.parse(targetInput(target, event, rule)) as Record<string, Json>) : event;
        putEvent(root, targetAccount!, targetRegion!, sent, out, hops + 1);
      } else {
        out.refused.push(`${rule.Arn} → ${target.Arn}: not a target this simulation delivers to`);
      }
    }
  }
  return out;
}

/**
 * An alarm goes into ALARM: it publishes to each of its topics (another account's only where the
 * topic's policy lets CloudWatch publish for the alarm's account or organization), and EventBridge
 * gets its "CloudWatch Alarm State Change" event.
 */
export function raiseAlarm(root: SimState, accountId: string, region: string, alarmName: string): Delivery {
  const out: Delivery = { published: [], refused: [] };
  const state = organizationAccountState(root, accountId);
  const alarm = state?.regional[region]?.alarms?.find((a) => a.AlarmName === alarmName);
  if (!alarm) throw new Error(`internal: no alarm ${alarmName} in ${accountId} ${region}`);
  const previous = alarm.StateValue;
  alarm.StateValue = 'ALARM';
  alarm.StateReason = 'Threshold Crossed (simulated)';
  const message = JSON.stringify({ AlarmName: alarm.AlarmName, AWSAccountId: accountId, NewStateValue: 'ALARM', OldStateValue: previous, NewStateReason: alarm.StateReason, Region: region, AlarmArn: alarm.AlarmArn });
  if (alarm.ActionsEnabled) {
    for (const arn of alarm.AlarmActions.filter((a) => a.split(':')[2] === 'sns')) {
      const topic = topicAt(root, arn);
      const orgId = organizationIdOf(root, accountId);
      const context = { 'aws:SourceAccount': accountId, 'aws:SourceArn': alarm.AlarmArn, ...(orgId ? { 'aws:SourceOrgID': orgId } : {}), 'aws:SecureTransport': 'true' };
      if (!topic) out.refused.push(`${alarm.AlarmArn} → ${arn}: no such topic`);
      else if (!policyAllows(topic.Attributes.Policy, 'sns:Publish', { service: 'cloudwatch.amazonaws.com' }, context)) out.refused.push(`${alarm.AlarmArn} → ${arn}: the topic's policy does not let CloudWatch of ${accountId} publish`);
      else publish(topic, message, alarm.AlarmArn, out);
    }
  }
  const event = { version: '0', id: 'sim-alarm', 'detail-type': 'CloudWatch Alarm State Change', source: 'aws.cloudwatch', account: accountId, region, time: new Date(0).toISOString(), resources: [alarm.AlarmArn], detail: { alarmName: alarm.AlarmName, state: { value: 'ALARM', reason: alarm.StateReason }, previousState: { value: previous } } };
  const more = putEvent(root, accountId, region, event);
  return { published: [...out.published, ...more.published], refused: [...out.refused, ...more.refused] };
}

/**
 * Organizations finished creating an account (CreateAccount, or `--demo-add-account`): its
 * `CreateAccountResult` CloudTrail service event reaches the management account's default bus
 * in us-east-1, whatever the home region, as EventBridge delivers it.
 */
export function accountCreatedEvent(root: SimState, accountId: string, accountName: string): Delivery {
  const management = root.accountId;
  const time = '2026-06-01T00:00:00Z';
  const event = {
    version: '0',
    id: `sim-create-account-${accountId}`,
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.organizations',
    account: management,
    time,
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { accountId: management, invokedBy: 'AWS Internal' },
      eventTime: time,
      eventSource: 'organizations.amazonaws.com',
      eventName: 'CreateAccountResult',
      awsRegion: 'us-east-1',
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      requestParameters: null,
      responseElements: null,
      eventID: `sim-${accountId}`,
      readOnly: false,
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: management,
      serviceEventDetails: {
        createAccountStatus: { id: `car-${accountId}`, state: 'SUCCEEDED', accountName, accountId, requestedTimestamp: time, completedTimestamp: time },
      },
      eventCategory: 'Management',
    },
  };
  return putEvent(root, management, 'us-east-1', event);
}
