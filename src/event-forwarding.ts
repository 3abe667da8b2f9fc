/**
 * Emailing what AWS services tell EventBridge, every region through one topic: in the home
 * region a rule sends to the alerts topic, in every other region a rule forwards to the home
 * region's default event bus with an IAM role that may put events there. Pure values and plans,
 * shared by the steps that do this (health-notifications, findings-alerts): the changes that get
 * one rule and its one target where wanted, the forwarding role's, and whether what undo would
 * take back is still as the change left it.
 */
import type { Change, PlanContext, RecordedChange } from './core/step.js';
import { notCreatedByRun, tagsText } from './tags.js';

/** A rule's settable fields, as PutRule takes them (an update replaces them all). */
export interface RuleDefinition {
  readonly Name: string;
  readonly EventPattern?: string;
  readonly State: string;
  readonly Description?: string;
  readonly ScheduleExpression?: string;
  readonly RoleArn?: string;
}

/** A target as PutTargets takes it and ListTargetsByRule returns it (the fields these steps can meet). */
export interface TargetDefinition {
  readonly Id: string;
  readonly Arn: string;
  readonly RoleArn?: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: { readonly InputPathsMap?: Readonly<Record<string, string>>; readonly InputTemplate: string };
}

export interface ObservedRule {
  readonly definition: RuleDefinition;
  /** The AWS service that manages the rule, if one does (it is not ours to change). */
  readonly managedBy?: string;
  readonly targets: readonly TargetDefinition[];
  /**
   * By key; read only for a rule under one of the step's own names (the only rules it creates):
   * absent on any other, which is then not this tool's to delete.
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ObservedRole {
  readonly arn: string;
  readonly trustPolicy: string;
  /** The inline policy the step puts on it, if there. */
  readonly forwardPolicy?: string;
  /** By key (aws-bootstrap:run names the run that created it). */
  readonly tags: Readonly<Record<string, string>>;
}

/** What a forwarding step reads in a region: its rules (and others that matter), and its role (IAM is global). */
export interface ForwardingState {
  readonly rules: readonly ObservedRule[];
  readonly role?: ObservedRole;
}

/** The one IAM role a step's rules in the other regions forward with (one a step, so each undoes its own). */
export interface ForwardingRole {
  readonly name: string;
  /** What it forwards, for the role's IAM description: "AWS Health events". */
  readonly forwards: string;
}

/** The role's one inline policy. */
export const ROLE_POLICY_NAME = 'put-events-on-home-bus';
/** Target ids: the topic (home region) and the home region's default event bus (elsewhere). */
export const TOPIC_TARGET_ID = 'alerts-topic';
export const BUS_TARGET_ID = 'home-event-bus';
/** The targets these steps put on a rule of their own: undo of the rule takes them off first. */
export const OWN_TARGET_IDS: readonly string[] = [TOPIC_TARGET_ID, BUS_TARGET_ID];

/** One planned change, with what it replaces, so undo needs nothing else. */
export type ForwardingChange =
  | { action: 'create-rule'; rule: RuleDefinition }
  | { action: 'update-rule'; rule: RuleDefinition; previous: RuleDefinition }
  | { action: 'add-target'; rule: string; target: TargetDefinition }
  | { action: 'replace-target'; rule: string; target: TargetDefinition; previous: TargetDefinition }
  | { action: 'create-role'; trust: string }
  | { action: 'update-trust'; trust: string; previous: string }
  | { action: 'put-role-policy'; document: string; previous?: string };

export const homeBusArn = (partition: string, home: string, accountId: string) => `arn:${partition}:events:${home}:${accountId}:event-bus/default`;
export const roleArn = (partition: string, accountId: string, roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`;

/** EventBridge sends events to another region's bus only in the aws partition. */
export const canForward = (partition: string) => partition === 'aws';

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

/** The lines of an email template (one JSON string a line), as a person reads them. */
export const emailLines = (template: string): readonly string[] => template.split('\n').map((line) => JSON.parse(line) as string);

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

export const sameRule = (a: RuleDefinition, b: RuleDefinition) =>
  sameJson(a.EventPattern, b.EventPattern) && a.State === b.State && (a.Description ?? '') === (b.Description ?? '') && !a.ScheduleExpression && !a.RoleArn;

export function sameTarget(a: TargetDefinition, b: TargetDefinition): boolean {
  const transformer = (t: TargetDefinition) => (t.InputTransformer ? { template: t.InputTransformer.InputTemplate, paths: JSON.stringify(t.InputTransformer.InputPathsMap ?? {}) } : undefined);
  const [x, y] = [transformer(a), transformer(b)];
  return a.Arn === b.Arn && a.RoleArn === b.RoleArn && a.Input === b.Input && a.InputPath === b.InputPath
    && x?.template === y?.template && sameJson(x?.paths, y?.paths);
}

/** A pattern as an object, or undefined when it is none (a schedule, bad JSON). */
export function parsePattern(pattern: string | undefined): Record<string, unknown> | undefined {
  if (!pattern) return undefined;
  try {
    const parsed: unknown = JSON.parse(pattern);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a pattern names this event source (`aws.health`) at all: such rules are read with their targets. */
export function mentionsSource(pattern: string | undefined, source: string): boolean {
  const sources = parsePattern(pattern)?.source;
  return Array.isArray(sources) && sources.includes(source);
}

// ---- planning -------------------------------------------------------------------------------

/** One rule a step wants in a region, with the one target it sends through. */
export interface WantedRule {
  readonly rule: RuleDefinition;
  readonly target: TargetDefinition;
  /** Sends to the topic (the home region), not to another region's bus. */
  readonly toTopic: boolean;
  /** Where the target sends events, for people: "the alerts topic". */
  readonly destination: string;
  /** What the rule takes, for people: "AWS Health events". */
  readonly takes: string;
  /** The summary of the change that adds or puts back the target. */
  readonly targetSummary: string;
  /** The email's lines, shown for a target that sends through this step's transformer. */
  readonly emailLines?: readonly string[];
  /** Another rule that already does the job (it is used as it is, so events are not sent twice), and how to say so. */
  readonly coveredBy?: { readonly matches: (pattern: string | undefined) => boolean; readonly what: string };
}

/** Said wherever these steps change something: what carries the tags, and what cannot. */
export const UNTAGGED_PARTS = 'EventBridge targets and an IAM role\'s inline policy cannot be tagged: they are known by the rule and the role they belong to. A rule or role adopted as it is gains no tags.';

export interface ForwardingPlan {
  changes: Change<ForwardingChange>[];
  notes: string[];
  skipped?: string;
}

/** Another enabled rule that already takes these events (or the ones wanted) to the same place. */
function covers(rule: ObservedRule, want: WantedRule): boolean {
  const { definition } = rule;
  const enabled = definition.State.startsWith('ENABLED');
  const pattern = want.coveredBy?.matches(definition.EventPattern) || sameJson(definition.EventPattern, want.rule.EventPattern);
  return enabled && pattern && rule.targets.some((t) => t.Arn === want.target.Arn && (want.toTopic || t.RoleArn !== undefined));
}

const ruleView = (rule: RuleDefinition | undefined) => ({ pattern: rule?.EventPattern ?? null, state: rule?.State ?? null });

function targetView(target: TargetDefinition | undefined, want: WantedRule) {
  if (!want.toTopic) return { to: target?.Arn ?? null, role: target?.RoleArn ?? null };
  const template = target?.InputTransformer?.InputTemplate;
  const message = !target ? null : template === want.target.InputTransformer?.InputTemplate && want.emailLines ? want.emailLines : (template ?? 'the whole event, as JSON');
  return { to: target?.Arn ?? null, message };
}

/** The changes that get one rule of the step's and its target as wanted; none where another rule does the job. `runId` names the tags a created rule gets. */
export function planRule(rules: readonly ObservedRule[], want: WantedRule, runId: string | undefined): ForwardingPlan {
  const name = want.rule.Name;
  const ours = rules.find((r) => r.definition.Name === name);
  if (ours?.managedBy) return { changes: [], notes: [], skipped: `the EventBridge rule "${name}" is managed by ${ours.managedBy}, so it is not ours to change` };
  const covering = rules.find((r) => r !== ours && covers(r, want));
  const current = ours?.targets.find((t) => t.Id === want.target.Id);
  const ruleRight = ours !== undefined && sameRule(ours.definition, want.rule);
  const targetRight = current !== undefined && sameTarget(current, want.target);
  const notes: string[] = [];
  if (!ours && covering) {
    notes.push(`The rule "${covering.definition.Name}" already sends ${want.coveredBy?.what ?? want.takes} to ${want.destination}: it is used as it is.`);
    return { changes: [], notes };
  }
  const changes: Change<ForwardingChange>[] = [];
  if (!ours) {
    changes.push({ summary: `Create the EventBridge rule "${name}" for ${want.takes}`, before: ruleView(undefined), after: { ...ruleView(want.rule), tags: tagsText(runId) }, payload: { action: 'create-rule', rule: want.rule } });
  } else if (!ruleRight) {
    changes.push({
      summary: `Make the EventBridge rule "${name}" take ${want.takes} again`,
      before: ruleView(ours.definition),
      after: ruleView(want.rule),
      payload: { action: 'update-rule', rule: want.rule, previous: ours.definition },
    });
  }
  if (!targetRight) {
    changes.push({
      summary: want.targetSummary,
      before: targetView(current, want),
      after: targetView(want.target, want),
      payload: current ? { action: 'replace-target', rule: name, target: want.target, previous: current } : { action: 'add-target', rule: name, target: want.target },
    });
  }
  const others = ours?.targets.filter((t) => t.Id !== want.target.Id) ?? [];
  if (others.length) notes.push(`The rule "${name}" also sends to ${others.map((t) => t.Arn).join(', ')}: left as it is.`);
  return { changes, notes };
}

/** The changes that get the forwarding role (made in the home region only: IAM is global) trusting EventBridge and allowed onto the home bus. */
export function planRole(role: ObservedRole | undefined, spec: ForwardingRole, home: string, ctx: PlanContext): Change<ForwardingChange>[] {
  const trust = trustPolicy();
  const busArn = homeBusArn(ctx.partition, home, ctx.accountId);
  const document = forwardPolicy(busArn);
  const changes: Change<ForwardingChange>[] = [];
  if (!role) {
    changes.push({
      summary: `Create the IAM role "${spec.name}" that the other regions' rules forward with`,
      before: { 'trusted by': null },
      after: { 'trusted by': 'EventBridge (events.amazonaws.com)', tags: tagsText(ctx.runId) },
      payload: { action: 'create-role', trust },
    });
  } else if (!samePolicyDocument(role.trustPolicy, trust)) {
    changes.push({
      summary: `Let only EventBridge assume the IAM role "${spec.name}"`,
      before: { trust: role.trustPolicy },
      after: { trust },
      payload: { action: 'update-trust', trust, previous: role.trustPolicy },
    });
  }
  if (!role?.forwardPolicy || !samePolicyDocument(role.forwardPolicy, document)) {
    changes.push({
      summary: `Let the role "${spec.name}" put events on the default event bus of ${home}, and nothing else`,
      before: { allows: role?.forwardPolicy ?? null },
      after: { allows: `events:PutEvents on ${busArn}` },
      payload: { action: 'put-role-policy', document, ...(role?.forwardPolicy ? { previous: role.forwardPolicy } : {}) },
    });
  }
  return changes;
}

// ---- undo -----------------------------------------------------------------------------------

/**
 * Whether what a recorded change made still looks as it left it; a sentence saying how not,
 * otherwise. A rule or role the change created is deleted only if it carries the tag of the run
 * that `recorded` it (an edited log cannot name someone else's).
 */
export function forwardingDrift(state: ForwardingState, change: ForwardingChange, spec: ForwardingRole, recorded?: RecordedChange): string | undefined {
  switch (change.action) {
    case 'create-rule':
    case 'update-rule': {
      const rule = state.rules.find((r) => r.definition.Name === change.rule.Name);
      if (!rule) return `the EventBridge rule "${change.rule.Name}" no longer exists`;
      const notOurs = change.action === 'create-rule' && recorded && notCreatedByRun(rule.tags, recorded.runId, `the EventBridge rule "${change.rule.Name}"`);
      if (notOurs) return notOurs;
      if (!sameRule(rule.definition, change.rule)) return `the EventBridge rule "${change.rule.Name}" was changed since this run`;
      // Its own target is taken off first (a newer record); any other would make DeleteRule fail.
      const foreign = rule.targets.filter((t) => !OWN_TARGET_IDS.includes(t.Id));
      return change.action === 'create-rule' && foreign.length ? `the EventBridge rule "${change.rule.Name}" now also sends to ${foreign.map((t) => t.Arn).join(', ')}` : undefined;
    }
    case 'add-target':
    case 'replace-target': {
      const target = state.rules.find((r) => r.definition.Name === change.rule)?.targets.find((t) => t.Id === change.target.Id);
      if (!target) return `the rule "${change.rule}" no longer sends to ${change.target.Arn}`;
      return sameTarget(target, change.target) ? undefined : `the target ${change.target.Id} of the rule "${change.rule}" was changed since this run`;
    }
    case 'create-role':
    case 'update-trust': {
      if (!state.role) return `the IAM role "${spec.name}" no longer exists`;
      const notOurs = change.action === 'create-role' && recorded && notCreatedByRun(state.role.tags, recorded.runId, `the IAM role "${spec.name}"`);
      if (notOurs) return notOurs;
      return samePolicyDocument(state.role.trustPolicy, change.trust) ? undefined : `the trust policy of the IAM role "${spec.name}" was changed since this run`;
    }
    case 'put-role-policy':
      if (!state.role?.forwardPolicy) return `the policy of the IAM role "${spec.name}" no longer exists`;
      return samePolicyDocument(state.role.forwardPolicy, change.document) ? undefined : `the policy of the IAM role "${spec.name}" was changed since this run`;
  }
}

/**
 * What a step that forwards events (rules in every region, a role for the cross-region hop, the
 * home region's rule to the alerts topic) calls, by phase.
 */
export const FORWARDING_PERMISSIONS = {
  // ListTagsForResource: the tags of its own rules (undo deletes only a rule carrying the run's tag); GetRole shows the role's.
  observe: ['events:ListRules', 'events:ListTargetsByRule', 'events:ListTagsForResource', 'iam:GetRole', 'iam:GetRolePolicy'],
  // PassRole: a forwarding target names the role. GetRole: after a lost answer to CreateRole.
  // TagResource and TagRole: PutRule and CreateRole with Tags are allowed by these as well.
  apply: ['events:PutRule', 'events:TagResource', 'events:PutTargets', 'iam:PassRole', 'iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'],
  undo: ['events:RemoveTargets', 'events:DeleteRule', 'events:PutRule', 'events:PutTargets', 'iam:PassRole', 'iam:DeleteRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy'],
} as const;
