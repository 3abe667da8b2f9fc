/**
 * The alerts topic's access policy (templates/alerts-topic-policy.json) and how an existing
 * topic's policy is judged against it: pure functions over policy documents, compared by what
 * they mean (action case, one value or a list, an account id or its root ARN), not by their text.
 */
import { withoutEmpty } from '../../src/aws/paginate.js';
import { texts } from '../../src/i18n/index.js';
import { fillTemplate, readTemplate } from '../../src/templates.js';

/** A policy's shortcomings in words, as the alerts-topic step shows them before fixing it. */
const t = texts('alerts-topic-policy', {
  /** What lacking each required statement (by its Sid in the template) means. */
  missing: {
    CloudWatchAlarmsPublish: 'CloudWatch alarms of this account may not publish',
    EventBridgeRulesPublish: 'EventBridge rules of this account may not publish',
    DenyPlainHttp: 'plain-HTTP requests are not denied',
  },
  everyoneBut: 'everyone but the principals it names',
  anyone: 'anyone',
  anyAccount: (service: string) => `${service} on behalf of any account`,
  account: (id: string) => `account ${id}`,
  statement: (sid: string | undefined) => (sid ? `"${sid}"` : 'a statement'),
  letsPublish: (statement: string, who: string) => `${statement} lets ${who} publish`,
}, {
  missing: {
    CloudWatchAlarmsPublish: 'このアカウントの CloudWatch アラームが発行できない',
    EventBridgeRulesPublish: 'このアカウントの EventBridge ルールが発行できない',
    DenyPlainHttp: 'HTTP (非 HTTPS) のリクエストが拒否されない',
  },
  everyoneBut: 'ステートメントで指定したプリンシパル以外の全員',
  anyone: '誰でも',
  anyAccount: (service: string) => `任意のアカウントに代わって発行する ${service}`,
  account: (id: string) => `アカウント ${id}`,
  statement: (sid: string | undefined) => (sid ? `ステートメント「${sid}」` : 'あるステートメント'),
  letsPublish: (statement: string, who: string) => `${statement}が発行を許可している相手: ${who}`,
});

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** The statements an alerts topic must have, by Sid in the template (what lacking each means is in `t.missing`). */
type RequiredSid = keyof typeof t.missing;
const REQUIRED: readonly string[] = ['CloudWatchAlarmsPublish', 'EventBridgeRulesPublish', 'DenyPlainHttp'] satisfies RequiredSid[];
const lacking = (s: PolicyStatement) => t.missing[s.Sid as RequiredSid];

/** The services that may publish alerts, when the policy limits them to this account. */
const ALERT_SERVICES = ['cloudwatch.amazonaws.com', 'events.amazonaws.com'];

/** The alerts topic's policy for this account, region and topic. */
export function alertsTopicPolicy(values: { partition: string; accountId: string; region: string; topicArn: string }): PolicyDocument {
  return fillTemplate(readTemplate('alerts-topic-policy') as PolicyDocument, values);
}

/** A policy document from its JSON text; undefined when it is not one. */
export function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { Statement?: unknown };
    if (!parsed || typeof parsed !== 'object' || parsed.Statement === undefined) return undefined;
    const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as PolicyStatement[];
    return { ...(parsed as PolicyDocument), Statement: statements };
  } catch {
    return undefined;
  }
}

const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

/** `123456789012` and `arn:aws:iam::123456789012:root` name the same principal. */
const principalId = (value: string) => /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1] ?? value;

function principalMap(principal: unknown): Record<string, string[]> {
  if (principal === undefined) return {};
  if (principal === '*') return { AWS: ['*'] };
  return Object.fromEntries(Object.entries(principal as Record<string, unknown>).map(([type, values]) => [type, list(values).map((v) => (type === 'AWS' ? principalId(v) : v)).sort()]));
}

/** Condition keys are case-insensitive; values may be one string or a list. */
function conditionMap(condition: PolicyStatement['Condition']): Record<string, Record<string, string[]>> {
  return Object.fromEntries(Object.entries(condition ?? {}).map(([operator, entries]) => [operator, Object.fromEntries(Object.entries(entries).map(([key, values]) => [key.toLowerCase(), list(values).sort()]))]));
}

/** Sorts object keys at every level, so equal meanings give equal JSON. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
  return value;
}

/** What a statement means, as comparable text (the Sid is only a label). */
function meaning(s: PolicyStatement): string {
  return JSON.stringify(sortedKeys({
    Effect: s.Effect,
    Principal: principalMap(s.Principal),
    NotPrincipal: principalMap(s.NotPrincipal),
    Action: list(s.Action).map((a) => a.toLowerCase()).sort(),
    NotAction: list(s.NotAction).map((a) => a.toLowerCase()).sort(),
    Resource: list(s.Resource).sort(),
    NotResource: list(s.NotResource).sort(),
    Condition: conditionMap(s.Condition),
  }));
}

const hasStatement = (statements: readonly PolicyStatement[], wanted: PolicyStatement) => statements.some((s) => meaning(withoutEmpty(s)) === meaning(withoutEmpty(wanted)));

/** The same policy in meaning: the same statements, in any order and spelling. */
export function samePolicy(a: string | undefined, b: string | undefined): boolean {
  const [x, y] = [parsePolicy(a), parsePolicy(b)];
  if (!x || !y) return a === b;
  // Empty lists and maps left out ("absent" and "empty" alike).
  const meanings = (d: PolicyDocument) => d.Statement.map((s) => meaning(withoutEmpty(s))).sort();
  return JSON.stringify(meanings(x)) === JSON.stringify(meanings(y));
}

function grantsPublish(s: PolicyStatement): boolean {
  if (s.Effect !== 'Allow') return false;
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => ['sns:publish', 'sns:*', '*'].includes(a.toLowerCase()));
  return list(s.Action).some((a) => ['sns:publish', 'sns:*', '*'].includes(a.toLowerCase()));
}

/** Whether the statement's conditions hold it to requests from or by this account. */
function heldToAccount(s: PolicyStatement, accountId: string, keys: readonly string[]): boolean {
  return Object.entries(conditionMap(s.Condition)).some(([operator, entries]) =>
    ['StringEquals', 'StringEqualsIgnoreCase'].includes(operator) && keys.some((key) => entries[key]?.length && entries[key]!.every((v) => v === accountId)));
}

/** Who outside this account (or outside its CloudWatch and EventBridge) a statement lets publish; undefined when no one. */
function outsidePublisher(s: PolicyStatement, accountId: string): string | undefined {
  if (!grantsPublish(s)) return undefined;
  if (s.NotPrincipal !== undefined) return t.everyoneBut;
  const outside: string[] = [];
  for (const [type, values] of Object.entries(principalMap(s.Principal))) {
    for (const value of values) {
      if (type === 'AWS' && (value === accountId || new RegExp(`^arn:[^:]+:iam::${accountId}:`).test(value))) continue;
      if (type === 'AWS' && value === '*') {
        // SNS's own default policy: anyone, but only when the topic's owner is this account.
        if (!heldToAccount(s, accountId, ['aws:sourceowner', 'aws:sourceaccount', 'aws:principalaccount'])) outside.push(t.anyone);
        continue;
      }
      if (type === 'Service' && ALERT_SERVICES.includes(value)) {
        if (!heldToAccount(s, accountId, ['aws:sourceaccount', 'aws:sourceowner'])) outside.push(t.anyAccount(value));
        continue;
      }
      outside.push(type === 'AWS' ? (/^\d{12}$/.test(value) ? t.account(value) : value) : type === 'Service' ? value : `${type} ${value}`);
    }
  }
  return outside.length ? outside.join(', ') : undefined;
}

export interface PolicyReview {
  /** What the policy lacks, in words ("plain-HTTP requests are not denied"). */
  readonly missing: readonly string[];
  /** Statements letting others publish, in words (`"Public" lets anyone publish`). */
  readonly outsidePublishers: readonly string[];
  /** The policy to set when anything is missing or wrong: the current one, fixed. */
  readonly fixed: PolicyDocument;
}

/**
 * Judges a topic's policy against the alerts topic's. The fix keeps every statement that lets no
 * one outside the account publish, drops those that do (and any of ours that was edited), and adds
 * the statements that are missing; an unreadable policy is replaced by the wanted one.
 */
export function reviewTopicPolicy(current: string | undefined, wanted: PolicyDocument, accountId: string): PolicyReview {
  const required = wanted.Statement.filter((s) => s.Sid !== undefined && REQUIRED.includes(s.Sid));
  const document = parsePolicy(current);
  if (!document) return { missing: required.map(lacking), outsidePublishers: [], fixed: wanted };
  const missing = required.filter((s) => !hasStatement(document.Statement, s));
  const outsidePublishers: string[] = [];
  const kept = document.Statement.filter((s) => {
    const outside = outsidePublisher(s, accountId);
    if (outside) outsidePublishers.push(t.letsPublish(t.statement(s.Sid), outside));
    // A statement under one of the required Sids that says something else is replaced (Sids are unique).
    const replaced = required.some((r) => r.Sid === s.Sid && meaning(r) !== meaning(s));
    return !outside && !replaced;
  });
  const added = required.filter((s) => !hasStatement(kept, s));
  return {
    missing: missing.map(lacking),
    outsidePublishers,
    fixed: { Version: document.Version ?? '2012-10-17', ...(document.Id ? { Id: document.Id } : {}), Statement: [...kept, ...added] },
  };
}
