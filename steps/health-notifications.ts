/**
 * AWS Health events are emailed: in every region an EventBridge rule takes the Health events;
 * outside the home region it forwards them to the home region's default event bus (with one IAM
 * role, made in the home region), and in the home region a rule sends them all to the alerts
 * topic, laid out for reading. One topic, one email confirmation, every region.
 */
import { z } from 'zod';
import type { ServiceHandle } from '../src/aws/clients.js';
import { defineStep, type Change, type PlanContext, type StepContext, type UndoAction } from '../src/engine/step.js';
import {
  ALL_HEALTH_EVENTS, BUS_TARGET_ID, CATEGORIES, EMAIL_LINES, forwardPolicy, HEALTH_EMAIL, homeBusArn, homePattern, matchesAllHealthEvents,
  regionOfArn, ROLE_NAME, roleArn, RULE_NAME, sameJson, samePolicyDocument, TOPIC_TARGET_ID, trustPolicy,
} from '../src/health-events.js';
import * as aws from '../src/health-events-aws.js';
import type { ObservedRole, ObservedRule, RuleDefinition, TargetDefinition } from '../src/health-events-aws.js';
import type { AlertsTopicProvides } from './alerts-topic.js';

const inputSchema = z
  .object({
    /** Which Health events to email; all when left out (new categories included). */
    categories: z
      .array(z.enum(CATEGORIES, { error: `expected an AWS Health event category: ${CATEGORIES.join(', ')}` }))
      .min(1, `give at least one category, or leave categories out for every Health event`)
      .refine((list) => new Set(list).size === list.length, 'the same category is listed twice')
      .optional(),
  })
  .strict();
export type HealthNotificationsInputs = z.output<typeof inputSchema>;

/** This region's Health rules (ours under any pattern, and any other that takes Health events), and the forwarding role (IAM is global). */
export interface HealthNotificationsState {
  readonly rules: readonly ObservedRule[];
  readonly role?: ObservedRole;
}

/** One planned change; each carries what it replaces, so undo needs nothing else. */
export type HealthNotificationsPayload =
  | { action: 'create-rule'; rule: RuleDefinition }
  | { action: 'update-rule'; rule: RuleDefinition; previous: RuleDefinition }
  | { action: 'add-target'; rule: string; target: TargetDefinition }
  | { action: 'replace-target'; rule: string; target: TargetDefinition; previous: TargetDefinition }
  | { action: 'create-role'; trust: string }
  | { action: 'update-trust'; trust: string; previous: string }
  | { action: 'put-role-policy'; document: string; previous?: string };

type Plan = { changes: Change<HealthNotificationsPayload>[]; notes: string[]; skipped?: string };

const COSTS = 'Costs: EventBridge charges nothing for AWS service events such as these, nor for delivering them to the topic; forwarding an event to another region is billed as a custom event, $1.00 per million (Health events come a few a month: well under a cent). SNS emails are free for the first 1,000 a month.';
const BACKUP = 'AWS Health also sends public and global events to a backup region (us-west-2), so the same event can be emailed twice.';

// ---- what is wanted -------------------------------------------------------------------------

function topicArnOf(ctx: PlanContext): string {
  const provided = ctx.provided?.['alerts-topic'] as AlertsTopicProvides | undefined;
  if (!provided?.topicArn) throw new Error('health-notifications needs the alerts topic (step alerts-topic), and it provided none');
  return provided.topicArn;
}

interface Wanted {
  readonly home: string;
  readonly isHome: boolean;
  readonly rule: RuleDefinition;
  readonly target: TargetDefinition;
  /** Where the target sends events, for people. */
  readonly destination: string;
}

function wanted(inputs: HealthNotificationsInputs, ctx: PlanContext): Wanted {
  const topicArn = topicArnOf(ctx);
  // The topic lives in the home region: that is where every region's events go.
  const home = regionOfArn(topicArn);
  if (ctx.region === home) {
    return {
      home,
      isHome: true,
      rule: { Name: RULE_NAME, EventPattern: homePattern(inputs.categories), State: 'ENABLED', Description: 'AWS Health events of every region to the alerts topic, as readable email (aws-bootstrap)' },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: HEALTH_EMAIL },
      destination: 'the alerts topic',
    };
  }
  return {
    home,
    isHome: false,
    rule: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED', Description: `AWS Health events of this region to the default event bus of ${home} (aws-bootstrap)` },
    target: { Id: BUS_TARGET_ID, Arn: homeBusArn(ctx.partition, home, ctx.accountId), RoleArn: roleArn(ctx.partition, ctx.accountId) },
    destination: `the default event bus of ${home}`,
  };
}

// ---- comparing and describing ------------------------------------------------------------------

const sameRule = (a: RuleDefinition, b: RuleDefinition) =>
  sameJson(a.EventPattern, b.EventPattern) && a.State === b.State && (a.Description ?? '') === (b.Description ?? '') && !a.ScheduleExpression && !a.RoleArn;

function sameTarget(a: TargetDefinition, b: TargetDefinition): boolean {
  const transformer = (t: TargetDefinition) => (t.InputTransformer ? { template: t.InputTransformer.InputTemplate, paths: JSON.stringify(t.InputTransformer.InputPathsMap ?? {}) } : undefined);
  const [x, y] = [transformer(a), transformer(b)];
  return a.Arn === b.Arn && a.RoleArn === b.RoleArn && a.Input === b.Input && a.InputPath === b.InputPath
    && x?.template === y?.template && sameJson(x?.paths, y?.paths);
}

/** Another enabled rule that already takes every Health event (or the ones wanted) to the same place. */
function covers(rule: ObservedRule, want: Wanted): boolean {
  const { definition } = rule;
  const enabled = definition.State.startsWith('ENABLED');
  const pattern = matchesAllHealthEvents(definition.EventPattern) || sameJson(definition.EventPattern, want.rule.EventPattern);
  return enabled && pattern && rule.targets.some((t) => t.Arn === want.target.Arn && (want.isHome || t.RoleArn !== undefined));
}

const ruleView = (rule: RuleDefinition | undefined) => ({ pattern: rule?.EventPattern ?? null, state: rule?.State ?? null });

function targetView(target: TargetDefinition | undefined, isHome: boolean) {
  if (!isHome) return { to: target?.Arn ?? null, role: target?.RoleArn ?? null };
  const template = target?.InputTransformer?.InputTemplate;
  const message = !target ? null : template === HEALTH_EMAIL.InputTemplate ? EMAIL_LINES : (template ?? 'the whole event, as JSON');
  return { to: target?.Arn ?? null, message };
}

// ---- planning ---------------------------------------------------------------------------

function ruleChanges(state: HealthNotificationsState, want: Wanted): Plan {
  const ours = state.rules.find((r) => r.definition.Name === RULE_NAME);
  if (ours?.managedBy) return { changes: [], notes: [], skipped: `the EventBridge rule "${RULE_NAME}" is managed by ${ours.managedBy}, so it is not ours to change` };
  const covering = state.rules.find((r) => r !== ours && covers(r, want));
  const current = ours?.targets.find((t) => t.Id === want.target.Id);
  const ruleRight = ours !== undefined && sameRule(ours.definition, want.rule);
  const targetRight = current !== undefined && sameTarget(current, want.target);
  const notes: string[] = [];
  if (!ours && covering) {
    notes.push(`The rule "${covering.definition.Name}" already sends every AWS Health event to ${want.destination}: it is used as it is.`);
    return { changes: [], notes };
  }
  const changes: Change<HealthNotificationsPayload>[] = [];
  if (!ours) {
    changes.push({ summary: `Create the EventBridge rule "${RULE_NAME}" for AWS Health events`, before: ruleView(undefined), after: ruleView(want.rule), payload: { action: 'create-rule', rule: want.rule } });
  } else if (!ruleRight) {
    changes.push({
      summary: `Make the EventBridge rule "${RULE_NAME}" take AWS Health events again`,
      before: ruleView(ours.definition),
      after: ruleView(want.rule),
      payload: { action: 'update-rule', rule: want.rule, previous: ours.definition },
    });
  }
  if (!targetRight) {
    const summary = want.isHome ? 'Email each AWS Health event to the alerts topic, laid out for reading' : `Forward each AWS Health event to ${want.destination}`;
    changes.push({
      summary,
      before: targetView(current, want.isHome),
      after: targetView(want.target, want.isHome),
      payload: current ? { action: 'replace-target', rule: RULE_NAME, target: want.target, previous: current } : { action: 'add-target', rule: RULE_NAME, target: want.target },
    });
  }
  const others = ours?.targets.filter((t) => t.Id !== want.target.Id) ?? [];
  if (others.length) notes.push(`The rule "${RULE_NAME}" also sends to ${others.map((t) => t.Arn).join(', ')}: left as it is.`);
  return { changes, notes };
}

function roleChanges(role: ObservedRole | undefined, want: Wanted, ctx: PlanContext): Change<HealthNotificationsPayload>[] {
  const trust = trustPolicy();
  const busArn = homeBusArn(ctx.partition, want.home, ctx.accountId);
  const document = forwardPolicy(busArn);
  const allows = `events:PutEvents on ${busArn}`;
  const changes: Change<HealthNotificationsPayload>[] = [];
  if (!role) {
    changes.push({
      summary: `Create the IAM role "${ROLE_NAME}" that the other regions' rules forward with`,
      before: { 'trusted by': null },
      after: { 'trusted by': 'EventBridge (events.amazonaws.com)' },
      payload: { action: 'create-role', trust },
    });
  } else if (!samePolicyDocument(role.trustPolicy, trust)) {
    changes.push({
      summary: `Let only EventBridge assume the IAM role "${ROLE_NAME}"`,
      before: { trust: role.trustPolicy },
      after: { trust },
      payload: { action: 'update-trust', trust, previous: role.trustPolicy },
    });
  }
  if (!role?.forwardPolicy || !samePolicyDocument(role.forwardPolicy, document)) {
    changes.push({
      summary: `Let the role "${ROLE_NAME}" put events on the default event bus of ${want.home}, and nothing else`,
      before: { allows: role?.forwardPolicy ?? null },
      after: { allows },
      payload: { action: 'put-role-policy', document, ...(role?.forwardPolicy ? { previous: role.forwardPolicy } : {}) },
    });
  }
  return changes;
}

// ---- the step ----------------------------------------------------------------------------

type Handles = { events: ServiceHandle<'events'>; iam: ServiceHandle<'iam'> };
const handles = async (ctx: StepContext): Promise<Handles> => {
  const [events, iam] = await Promise.all([ctx.aws.use('events'), ctx.aws.use('iam')]);
  return { events, iam };
};

export default defineStep<HealthNotificationsState, HealthNotificationsInputs, HealthNotificationsPayload>({
  id: 'health-notifications',
  title: 'AWS Health events are emailed',
  why: 'AWS Health tells you about maintenance that will restart your instances, service issues in your regions, and notices about your account (exposed keys, abuse reports). It shows them on a dashboard nobody watches; an email reaches someone in time.',
  scope: 'region',
  needs: ['alerts-topic'],
  permissions: {
    observe: ['events:ListRules', 'events:ListTargetsByRule', 'iam:GetRole', 'iam:GetRolePolicy'],
    // PassRole: a forwarding target names the role. GetRole: after a lost answer to CreateRole.
    apply: ['events:PutRule', 'events:PutTargets', 'iam:PassRole', 'iam:CreateRole', 'iam:GetRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'],
    undo: ['events:RemoveTargets', 'events:DeleteRule', 'events:PutRule', 'events:PutTargets', 'iam:PassRole', 'iam:DeleteRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy'],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    // Every region reads the role too: observe cannot know which region is home.
    const { events, iam } = await handles(ctx);
    const [rules, role] = await Promise.all([aws.readHealthRules(events), aws.readRole(iam)]);
    return { rules, ...(role ? { role } : {}) };
  },

  plan(state, inputs, ctx) {
    const want = wanted(inputs, ctx);
    const crossRegion = ctx.partition === 'aws';
    if (!want.isHome && !crossRegion) {
      return { changes: [], skipped: `EventBridge cannot send events to another region in the ${ctx.partition} partition, so AWS Health events of ${ctx.region} cannot reach the alerts topic in ${want.home}` };
    }
    const { changes, notes, skipped } = ruleChanges(state, want);
    if (skipped) return { changes: [], skipped };
    if (want.isHome) {
      // The role is made here only, once: IAM is global and the regions are worked on side by side.
      if (crossRegion) changes.push(...roleChanges(state.role, want, ctx));
      if (changes.length) {
        notes.push(`Every other region's rule forwards its AWS Health events to this region's default event bus, where one rule emails them all: one topic and one email confirmation for every region.`);
        if (want.home !== 'us-east-1') notes.push(`Global events (IAM and other services without a region) arrive only in us-east-1: keep us-east-1 in the run (--regions), so its rule forwards them here.`);
        notes.push(BACKUP);
      }
    }
    // The same words in every region, so the preview shows them once.
    if (crossRegion && !state.role && changes.length) notes.push(`The other regions' rules forward with the IAM role "${ROLE_NAME}", which this step creates in ${want.home}: keep ${want.home} in the run (--regions).`);
    if (changes.length) notes.push(COSTS);
    return { changes, notes };
  },

  async apply(ctx, change) {
    const { events, iam } = await handles(ctx);
    const p = change.payload;
    const undo = (kind: string, description: string): UndoAction => ({ kind, description, change: p });
    const where = `in ${ctx.region}`;
    switch (p.action) {
      case 'create-rule':
        await aws.putRule(events, p.rule);
        return undo('delete-rule', `Delete the EventBridge rule "${p.rule.Name}" ${where} (it did not exist before)`);
      case 'update-rule':
        await aws.putRule(events, p.rule);
        return undo('restore-rule', `Put the EventBridge rule "${p.rule.Name}" ${where} back as it was (pattern ${p.previous.EventPattern ?? 'none'}, ${p.previous.State})`);
      case 'add-target':
        await aws.putTarget(events, p.rule, p.target, ctx.region);
        return undo('remove-target', `Stop the rule "${p.rule}" ${where} sending to ${p.target.Arn}`);
      case 'replace-target':
        await aws.putTarget(events, p.rule, p.target, ctx.region);
        return undo('restore-target', `Make the rule "${p.rule}" ${where} send to ${p.previous.Arn} as before`);
      case 'create-role':
        await aws.createRole(iam, p.trust, 'Lets EventBridge forward AWS Health events to the home region (aws-bootstrap)');
        return undo('delete-role', `Delete the IAM role "${ROLE_NAME}" (it did not exist before)`);
      case 'update-trust':
        await aws.updateTrust(iam, p.trust);
        return undo('restore-trust', `Put the trust policy of the IAM role "${ROLE_NAME}" back as it was`);
      case 'put-role-policy':
        await aws.putRolePolicy(iam, p.document);
        return undo(p.previous ? 'restore-role-policy' : 'delete-role-policy', p.previous ? `Put the policy of the IAM role "${ROLE_NAME}" back as it was` : `Remove the policy this run gave the IAM role "${ROLE_NAME}"`);
    }
  },

  async undo(ctx, action) {
    const { events, iam } = await handles(ctx);
    const p = action.change as HealthNotificationsPayload;
    switch (p.action) {
      case 'create-rule':
        // Its own target first, in case the record of adding it was lost (killed in between):
        // EventBridge deletes no rule that still has targets.
        await aws.removeTargets(events, p.rule.Name, [TOPIC_TARGET_ID, BUS_TARGET_ID], ctx.region);
        return aws.deleteRule(events, p.rule.Name);
      case 'update-rule':
        return aws.putRule(events, p.previous);
      case 'add-target':
        return aws.removeTargets(events, p.rule, [p.target.Id], ctx.region);
      case 'replace-target':
        return aws.putTarget(events, p.rule, p.previous, ctx.region);
      case 'create-role':
        // The policy this run put on it goes first, even if the record of putting it was lost.
        await aws.deleteRolePolicy(iam, { evenIfGone: true });
        return aws.deleteRole(iam);
      case 'update-trust':
        return aws.updateTrust(iam, p.previous);
      case 'put-role-policy':
        return p.previous ? aws.putRolePolicy(iam, p.previous) : aws.deleteRolePolicy(iam);
    }
  },

  undoDrift(state, action) {
    const p = action.change as HealthNotificationsPayload;
    switch (p.action) {
      case 'create-rule':
      case 'update-rule': {
        const rule = state.rules.find((r) => r.definition.Name === p.rule.Name);
        if (!rule) return `the EventBridge rule "${p.rule.Name}" no longer exists`;
        if (!sameRule(rule.definition, p.rule)) return `the EventBridge rule "${p.rule.Name}" was changed since this run`;
        // Its own target is taken off first (a newer record); any other would make DeleteRule fail.
        const foreign = rule.targets.filter((t) => t.Id !== TOPIC_TARGET_ID && t.Id !== BUS_TARGET_ID);
        return p.action === 'create-rule' && foreign.length ? `the EventBridge rule "${p.rule.Name}" now also sends to ${foreign.map((t) => t.Arn).join(', ')}` : undefined;
      }
      case 'add-target':
      case 'replace-target': {
        const target = state.rules.find((r) => r.definition.Name === p.rule)?.targets.find((t) => t.Id === p.target.Id);
        if (!target) return `the rule "${p.rule}" no longer sends to ${p.target.Arn}`;
        return sameTarget(target, p.target) ? undefined : `the target ${p.target.Id} of the rule "${p.rule}" was changed since this run`;
      }
      case 'create-role':
      case 'update-trust':
        if (!state.role) return `the IAM role "${ROLE_NAME}" no longer exists`;
        return samePolicyDocument(state.role.trustPolicy, p.trust) ? undefined : `the trust policy of the IAM role "${ROLE_NAME}" was changed since this run`;
      case 'put-role-policy':
        if (!state.role?.forwardPolicy) return `the policy of the IAM role "${ROLE_NAME}" no longer exists`;
        return samePolicyDocument(state.role.forwardPolicy, p.document) ? undefined : `the policy of the IAM role "${ROLE_NAME}" was changed since this run`;
    }
  },
});
