/**
 * Emailing what AWS services tell EventBridge, every region through one topic: in the home
 * region a rule sends to the alerts topic, in every other region a rule forwards to the home
 * region's default event bus with an IAM role that may put events there. Pure values and plans,
 * shared by the steps that do this (health-notifications, findings-alerts): the changes that get
 * one rule and its one target where wanted, the forwarding role's, and whether what undo would
 * take back is still as the change left it.
 */
import { withoutEmpty } from '../../src/aws/paginate.js';
import type { Change, PlanContext, RecordedChange } from '../../src/core/step.js';
import { LANGUAGES, texts, withLanguage } from '../../src/i18n/index.js';
import { notCreatedByRun, tagsText } from '../../src/core/tags.js';

/**
 * A Japanese sentence with a space wherever kana or kanji meet Latin letters or digits, as AWS's
 * Japanese documentation writes them ("再び AWS Health イベントを"), for sentences that put
 * phrases of either script side by side.
 */
export const spaced = (text: string): string =>
  text.replace(/([\u3040-\u30ff\u4e00-\u9fff])(?=[A-Za-z0-9])|([A-Za-z0-9])(?=[\u3040-\u30ff\u4e00-\u9fff])/g, '$1$2 ');

const en = {
  notRegional: (arn: string) => `not a regional ARN: ${arn}`,
  untaggedParts: 'EventBridge targets and an IAM role\'s inline policy cannot be tagged: they are known by the rule and the role they belong to. A rule or role adopted as it is gains no tags.',
  wholeEvent: 'the whole event, as JSON',
  managed: (name: string, by: string) => `the EventBridge rule "${name}" is managed by ${by}, so it is not ours to change`,
  covered: (other: string, what: string, destination: string) => `The rule "${other}" already sends ${what} to ${destination}: it is used as it is.`,
  createRule: (name: string, takes: string) => `Create the EventBridge rule "${name}" for ${takes}`,
  updateRule: (name: string, takes: string) => `Make the EventBridge rule "${name}" take ${takes} again`,
  updateDescription: (name: string) => `Put the description of the EventBridge rule "${name}" right`,
  alsoSends: (name: string, arns: string) => `The rule "${name}" also sends to ${arns}: left as it is.`,
  createRole: (name: string) => `Create the IAM role "${name}" that the other regions' rules forward with`,
  trustedBy: 'EventBridge (events.amazonaws.com)',
  trustedByLabel: 'trusted by',
  updateTrust: (name: string) => `Let only EventBridge assume the IAM role "${name}"`,
  putPolicy: (name: string, home: string) => `Let the role "${name}" put events on the default event bus of ${home}, and nothing else`,
  allows: (busArn: string) => `events:PutEvents on ${busArn}`,
  drift: {
    rule: (name: string) => `the EventBridge rule "${name}"`,
    role: (name: string) => `the IAM role "${name}"`,
    ruleGone: (name: string) => `the EventBridge rule "${name}" no longer exists`,
    ruleChanged: (name: string) => `the EventBridge rule "${name}" was changed since this run`,
    ruleAlsoSends: (name: string, arns: string) => `the EventBridge rule "${name}" now also sends to ${arns}`,
    targetGone: (rule: string, arn: string) => `the rule "${rule}" no longer sends to ${arn}`,
    targetChanged: (id: string, rule: string) => `the target ${id} of the rule "${rule}" was changed since this run`,
    roleGone: (name: string) => `the IAM role "${name}" no longer exists`,
    trustChanged: (name: string) => `the trust policy of the IAM role "${name}" was changed since this run`,
    policyGone: (name: string) => `the policy of the IAM role "${name}" no longer exists`,
    policyChanged: (name: string) => `the policy of the IAM role "${name}" was changed since this run`,
  },
};

const t = texts('event-forwarding', en, {
  notRegional: (arn: string) => `リージョンを含む ARN ではありません: ${arn}`,
  untaggedParts: 'EventBridge のターゲットと IAM ロールのインラインポリシーにはタグを付けられません。これらは属するルールとロールによって識別されます。そのまま採用したルールやロールにはタグは付きません。',
  wholeEvent: 'イベント全体 (JSON)',
  managed: (name: string, by: string) => `EventBridge ルール「${name}」は ${by} が管理しているため、変更しません`,
  covered: (other: string, what: string, destination: string) => spaced(`ルール「${other}」がすでに${what}を${destination}に送信しています。このルールをそのまま使います。`),
  createRule: (name: string, takes: string) => spaced(`${takes}用の EventBridge ルール「${name}」を作成する`),
  updateRule: (name: string, takes: string) => spaced(`EventBridge ルール「${name}」が再び${takes}を受け取るようにする`),
  updateDescription: (name: string) => `EventBridge ルール「${name}」の説明を直す`,
  alsoSends: (name: string, arns: string) => `ルール「${name}」は ${arns} にも送信しています。そのままにします。`,
  createRole: (name: string) => `他のリージョンのルールが転送に使う IAM ロール「${name}」を作成する`,
  trustedBy: 'EventBridge (events.amazonaws.com)',
  trustedByLabel: '信頼するプリンシパル',
  updateTrust: (name: string) => `IAM ロール「${name}」を引き受けられるのを EventBridge だけにする`,
  putPolicy: (name: string, home: string) => `ロール「${name}」に ${home} のデフォルトのイベントバスへのイベント送信だけを許可する`,
  allows: (busArn: string) => `${busArn} に対する events:PutEvents`,
  drift: {
    rule: (name: string) => `EventBridge ルール「${name}」`,
    role: (name: string) => `IAM ロール「${name}」`,
    ruleGone: (name: string) => `EventBridge ルール「${name}」はもう存在しない`,
    ruleChanged: (name: string) => `EventBridge ルール「${name}」はこの実行の後に変更された`,
    ruleAlsoSends: (name: string, arns: string) => `EventBridge ルール「${name}」は現在 ${arns} にも送信している`,
    targetGone: (rule: string, arn: string) => `ルール「${rule}」はもう ${arn} に送信していない`,
    targetChanged: (id: string, rule: string) => `ルール「${rule}」のターゲット ${id} はこの実行の後に変更された`,
    roleGone: (name: string) => `IAM ロール「${name}」はもう存在しない`,
    trustChanged: (name: string) => `IAM ロール「${name}」の信頼ポリシーはこの実行の後に変更された`,
    policyGone: (name: string) => `IAM ロール「${name}」のポリシーはもう存在しない`,
    policyChanged: (name: string) => `IAM ロール「${name}」のポリシーはこの実行の後に変更された`,
  },
});

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
  /**
   * What it forwards, for the role's IAM description: "AWS Health events". English in every
   * language: IAM takes only Latin-1 characters in a role's description.
   */
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

type ChangeOf<A extends ForwardingChange['action']> = Extract<ForwardingChange, { action: A }>;

/** The undo records these steps write: each carries the change it takes back. */
export type ForwardingUndo =
  | { kind: 'delete-rule'; description: string; change: ChangeOf<'create-rule'> }
  | { kind: 'restore-rule'; description: string; change: ChangeOf<'update-rule'> }
  | { kind: 'remove-target'; description: string; change: ChangeOf<'add-target'> }
  | { kind: 'restore-target'; description: string; change: ChangeOf<'replace-target'> }
  | { kind: 'delete-role'; description: string; change: ChangeOf<'create-role'> }
  | { kind: 'restore-trust'; description: string; change: ChangeOf<'update-trust'> }
  | { kind: 'restore-role-policy' | 'delete-role-policy'; description: string; change: ChangeOf<'put-role-policy'> };

export const homeBusArn = (partition: string, home: string, accountId: string) => `arn:${partition}:events:${home}:${accountId}:event-bus/default`;
export const roleArn = (partition: string, accountId: string, roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`;

/** EventBridge sends events to another region's bus only in the aws partition. */
export const canForward = (partition: string) => partition === 'aws';

/** Only EventBridge may assume the role (it can be passed only by this account's principals). */
export function trustPolicy(): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
}

/** The role may put events on the home region's default bus (and on the organization's, where alerts go to another account), and nothing else. */
export function forwardPolicy(busArn: string, ...more: readonly string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: more.length ? [busArn, ...more] : busArn }] });
}

/** The account of an ARN (`arn:aws:sns:eu-west-1:123456789012:…` → 123456789012). */
export const accountOfArn = (arn: string): string => arn.split(':')[4] ?? '';

/** The region of an ARN (`arn:aws:sns:eu-west-1:…` → eu-west-1). */
export function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) throw new Error(t.notRegional(arn));
  return region;
}

/** The lines of an email template (one JSON string a line), as a person reads them. */
export const emailLines = (template: string): readonly string[] => template.split('\n').map((line) => JSON.parse(line) as string);

/** An email template of one JSON string a line (EventBridge escapes the values it puts inside quotes; the topic's email shows one line per string). */
export const emailTemplate = (lines: readonly string[]): string => lines.map((line) => JSON.stringify(line)).join('\n');

/**
 * The lines of `template` if it is the email `make` writes in one of the languages (a target a
 * run in the other language set up), so the preview shows it as lines, not as a template.
 */
export function ourEmailLines(make: () => string, template: string | undefined): readonly string[] | undefined {
  if (template === undefined) return undefined;
  return LANGUAGES.some((lang) => withLanguage(lang, make) === template) ? emailLines(template) : undefined;
}

// ---- comparing ------------------------------------------------------------------------------

/** JSON values equal regardless of key order (EventBridge and IAM may reorder or reformat), and of empty lists and maps left out or not. */
export function sameJson(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return canonical(withoutEmpty(JSON.parse(a))) === canonical(withoutEmpty(JSON.parse(b)));
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
  /** The lines of a template this step writes in any language (for a target set up by a run in the other one). */
  readonly readsAs?: (template: string | undefined) => readonly string[] | undefined;
  /** Another rule that already does the job (it is used as it is, so events are not sent twice), and how to say so. */
  readonly coveredBy?: { readonly matches: (pattern: string | undefined) => boolean; readonly what: string };
}

/** Said wherever these steps change something: what carries the tags, and what cannot. */
export const untaggedParts = (): string => t.untaggedParts;

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

/**
 * A rule as the preview shows it; with its description where that is what differs (a run in the
 * other language wrote it). The keys stay English in every language: they are recorded in the
 * undo log as JSON.
 */
const ruleView = (rule: RuleDefinition | undefined, description = false) => ({
  pattern: rule?.EventPattern ?? null,
  state: rule?.State ?? null,
  ...(description ? { description: rule?.Description ?? null } : {}),
});

function targetView(target: TargetDefinition | undefined, want: WantedRule) {
  if (!want.toTopic) return { to: target?.Arn ?? null, role: target?.RoleArn ?? null };
  const template = target?.InputTransformer?.InputTemplate;
  const ours = template === want.target.InputTransformer?.InputTemplate && want.emailLines ? want.emailLines : want.readsAs?.(template);
  const message = !target ? null : (ours ?? template ?? t.wholeEvent);
  return { to: target?.Arn ?? null, message };
}

/** The changes that get one rule of the step's and its target as wanted; none where another rule does the job. `runId` names the tags a created rule gets. */
export function planRule(rules: readonly ObservedRule[], want: WantedRule, runId: string | undefined): ForwardingPlan {
  const name = want.rule.Name;
  const ours = rules.find((r) => r.definition.Name === name);
  if (ours?.managedBy) return { changes: [], notes: [], skipped: t.managed(name, ours.managedBy) };
  const covering = rules.find((r) => r !== ours && covers(r, want));
  const current = ours?.targets.find((t) => t.Id === want.target.Id);
  const ruleRight = ours !== undefined && sameRule(ours.definition, want.rule);
  const targetRight = current !== undefined && sameTarget(current, want.target);
  const notes: string[] = [];
  if (!ours && covering) {
    notes.push(t.covered(covering.definition.Name, want.coveredBy?.what ?? want.takes, want.destination));
    return { changes: [], notes };
  }
  const changes: Change<ForwardingChange>[] = [];
  if (!ours) {
    changes.push({ summary: t.createRule(name, want.takes), before: ruleView(undefined), after: { ...ruleView(want.rule), tags: tagsText(runId) }, payload: { action: 'create-rule', rule: want.rule } });
  } else if (!ruleRight) {
    // Only the description differs (a run in the other language wrote it, or someone edited it): said so, and shown.
    const onlyDescription = sameRule({ ...ours.definition, Description: want.rule.Description }, want.rule);
    const described = (ours.definition.Description ?? '') !== (want.rule.Description ?? '');
    changes.push({
      summary: onlyDescription ? t.updateDescription(name) : t.updateRule(name, want.takes),
      before: ruleView(ours.definition, described),
      after: ruleView(want.rule, described),
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
  if (others.length) notes.push(t.alsoSends(name, others.map((o) => o.Arn).join(', ')));
  return { changes, notes };
}

/** The changes that get the forwarding role (made in the home region only: IAM is global) trusting EventBridge and allowed onto the home bus. */
export function planRole(role: ObservedRole | undefined, spec: ForwardingRole, home: string, ctx: PlanContext, alsoTo: readonly string[] = []): Change<ForwardingChange>[] {
  const trust = trustPolicy();
  const busArn = homeBusArn(ctx.partition, home, ctx.accountId);
  const document = forwardPolicy(busArn, ...alsoTo);
  const changes: Change<ForwardingChange>[] = [];
  if (!role) {
    changes.push({
      summary: t.createRole(spec.name),
      before: { [t.trustedByLabel]: null },
      after: { [t.trustedByLabel]: t.trustedBy, tags: tagsText(ctx.runId) },
      payload: { action: 'create-role', trust },
    });
  } else if (!samePolicyDocument(role.trustPolicy, trust)) {
    changes.push({
      summary: t.updateTrust(spec.name),
      before: { trust: role.trustPolicy },
      after: { trust: trust },
      payload: { action: 'update-trust', trust, previous: role.trustPolicy },
    });
  }
  if (!role?.forwardPolicy || !samePolicyDocument(role.forwardPolicy, document)) {
    changes.push({
      summary: t.putPolicy(spec.name, home),
      before: { allows: role?.forwardPolicy ?? null },
      after: { allows: t.allows([busArn, ...alsoTo].join(', ')) },
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
      if (!rule) return t.drift.ruleGone(change.rule.Name);
      const notOurs = change.action === 'create-rule' && recorded && notCreatedByRun(rule.tags, recorded.runId, t.drift.rule(change.rule.Name));
      if (notOurs) return notOurs;
      if (!sameRule(rule.definition, change.rule)) return t.drift.ruleChanged(change.rule.Name);
      // Its own target is taken off first (a newer record); any other would make DeleteRule fail.
      const foreign = rule.targets.filter((t) => !OWN_TARGET_IDS.includes(t.Id));
      return change.action === 'create-rule' && foreign.length ? t.drift.ruleAlsoSends(change.rule.Name, foreign.map((f) => f.Arn).join(', ')) : undefined;
    }
    case 'add-target':
    case 'replace-target': {
      const target = state.rules.find((r) => r.definition.Name === change.rule)?.targets.find((x) => x.Id === change.target.Id);
      if (!target) return t.drift.targetGone(change.rule, change.target.Arn);
      return sameTarget(target, change.target) ? undefined : t.drift.targetChanged(change.target.Id, change.rule);
    }
    case 'create-role':
    case 'update-trust': {
      if (!state.role) return t.drift.roleGone(spec.name);
      const notOurs = change.action === 'create-role' && recorded && notCreatedByRun(state.role.tags, recorded.runId, t.drift.role(spec.name));
      if (notOurs) return notOurs;
      return samePolicyDocument(state.role.trustPolicy, change.trust) ? undefined : t.drift.trustChanged(spec.name);
    }
    case 'put-role-policy':
      if (!state.role?.forwardPolicy) return t.drift.policyGone(spec.name);
      return samePolicyDocument(state.role.forwardPolicy, change.document) ? undefined : t.drift.policyChanged(spec.name);
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
