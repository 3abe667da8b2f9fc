/**
 * The admin role's trust policy and the group's inline policy: filled from their templates, read
 * back from IAM's encoding, and compared as IAM means them (order and absent-versus-empty aside).
 */
import { withoutEmpty } from '../../src/aws/paginate.js';
import type { PlanContext } from '../../src/core/step.js';
import { fillTemplate, readTemplate } from '../../src/templates.js';
import { t } from './texts.js';

/** A parsed IAM policy document. */
export type PolicyDocument = { Version?: string; Statement: unknown } & Record<string, unknown>;

// Read once when the step is loaded, so that plan stays free of I/O.
const TRUST_TEMPLATE = readTemplate('admin-role-trust-policy') as PolicyDocument;
const GROUP_TEMPLATE = readTemplate('admin-group-policy') as PolicyDocument;

/** IAM returns policy documents URL-encoded (RFC 3986). */
export const decodePolicy = (encoded: string) => JSON.parse(decodeURIComponent(encoded)) as PolicyDocument;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** A form for comparing documents: keys sorted, one-element lists as their element (IAM treats them alike). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? canonical(value[0]) : value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
/** Empty lists and maps left out first: "absent" and "empty" alike. */
export const sameDocument = (a: unknown, b: unknown) => JSON.stringify(canonical(withoutEmpty(a))) === JSON.stringify(canonical(withoutEmpty(b)));

/** A condition value by key; IAM condition keys ignore case. */
function conditionValue(condition: unknown, operator: string, key: string): unknown {
  const block = condition && typeof condition === 'object' ? (condition as Record<string, unknown>)[operator] : undefined;
  if (!block || typeof block !== 'object') return undefined;
  const entry = Object.entries(block).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry?.[1];
}

type Statement = Record<string, unknown>;
const allowStatements = (policy: PolicyDocument): Statement[] =>
  asArray(policy.Statement).filter((s): s is Statement => !!s && typeof s === 'object' && (s as Statement).Effect === 'Allow');

/**
 * Whether every Allow statement of a trust policy demands MFA: `Bool` (not `BoolIfExists`, which
 * also matches calls made with long-term access keys and no MFA at all), and, when a maximum age
 * is configured, `NumericLessThan aws:MultiFactorAuthAge` within it.
 */
export function trustRequiresMfa(policy: PolicyDocument, mfaMaxAgeSeconds?: number): boolean {
  const allows = allowStatements(policy);
  if (!allows.length) return false;
  return allows.every((statement) => {
    const present = asArray(conditionValue(statement.Condition, 'Bool', 'aws:MultiFactorAuthPresent'));
    if (present.length !== 1 || String(present[0]).toLowerCase() !== 'true') return false;
    if (mfaMaxAgeSeconds === undefined) return true;
    const ages = [
      ...asArray(conditionValue(statement.Condition, 'NumericLessThan', 'aws:MultiFactorAuthAge')),
      ...asArray(conditionValue(statement.Condition, 'NumericLessThanEquals', 'aws:MultiFactorAuthAge')),
    ];
    return ages.length > 0 && ages.every((age) => Number(age) <= mfaMaxAgeSeconds);
  });
}

/**
 * A principal of this account as a trust policy names it: the account's root ARN or bare id, or
 * one of its users, roles or role sessions. Principal ARNs take no wildcards, so one with `*` is not.
 */
function isOwnPrincipal(value: unknown, ctx: Pick<PlanContext, 'accountId' | 'partition'>): boolean {
  if (typeof value !== 'string' || value.includes('*')) return false;
  if (value === ctx.accountId) return true;
  const [arn, partition, service, region, account] = value.split(':');
  return arn === 'arn' && partition === ctx.partition && (service === 'iam' || service === 'sts') && region === '' && account === ctx.accountId;
}

/**
 * Who else the Allow statements of a trust policy let assume the role: anyone (`*`), other
 * accounts, services, federated identities (`NotPrincipal` lets in everyone it does not name).
 * Empty when only this account's own principals are trusted. Deny statements only narrow.
 */
export function foreignPrincipals(policy: PolicyDocument, ctx: Pick<PlanContext, 'accountId' | 'partition'>): string[] {
  const foreign: string[] = [];
  for (const statement of allowStatements(policy)) {
    if (statement.NotPrincipal !== undefined) foreign.push(t.everyoneBut(JSON.stringify(statement.NotPrincipal)));
    const principal = statement.Principal;
    if (principal === undefined) continue;
    if (!principal || typeof principal !== 'object' || Array.isArray(principal)) {
      foreign.push(String(principal));
      continue;
    }
    for (const [type, values] of Object.entries(principal)) {
      for (const value of asArray(values)) {
        if (!(type === 'AWS' && isOwnPrincipal(value, ctx))) foreign.push(`${type}: ${String(value)}`);
      }
    }
  }
  return [...new Set(foreign)];
}

/** The trust policy from templates/: the account's own principals, only when signed in with MFA. */
export function desiredTrustPolicy(ctx: Pick<PlanContext, 'accountId' | 'partition'>, mfaMaxAgeSeconds?: number): PolicyDocument {
  const policy = fillTemplate(TRUST_TEMPLATE, { partition: ctx.partition, accountId: ctx.accountId });
  if (mfaMaxAgeSeconds === undefined) return policy;
  for (const statement of asArray(policy.Statement) as Array<{ Condition: Record<string, unknown> }>) {
    statement.Condition.NumericLessThan = { 'aws:MultiFactorAuthAge': String(mfaMaxAgeSeconds) };
  }
  return policy;
}

/** The group's inline policy from templates/, for the given role. */
export function desiredGroupPolicy(ctx: Pick<PlanContext, 'accountId' | 'partition'>, roleArn: string): PolicyDocument {
  return fillTemplate(GROUP_TEMPLATE, { partition: ctx.partition, accountId: ctx.accountId, roleArn });
}

export const adminPolicyArn = (partition: string) => `arn:${partition}:iam::aws:policy/AdministratorAccess`;
/** Whether an ARN is AdministratorAccess, in whichever partition it names. */
export const isAdminPolicy = (arn: string) => arn === adminPolicyArn(arn.split(':')[1] ?? '');
