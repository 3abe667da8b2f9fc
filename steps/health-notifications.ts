/**
 * AWS Health events are emailed: in every region an EventBridge rule takes the Health events;
 * outside the home region it forwards them to the home region's default event bus (with one IAM
 * role, made in the home region), and in the home region a rule sends them all to the alerts
 * topic, laid out for reading. One topic, one email confirmation, every region.
 */
import { z } from 'zod';
import { defineStep, type PlanContext } from '../src/core/step.js';
import {
  BUS_TARGET_ID, canForward, FORWARDING_PERMISSIONS, forwardingDrift, homeBusArn, planRole, planRule, regionOfArn, roleArn, TOPIC_TARGET_ID, UNTAGGED_PARTS,
  type ForwardingChange, type ForwardingState, type WantedRule,
} from '../src/event-forwarding.js';
import { applyForwarding, forwardingHandles, readRole, readRules, undoForwarding } from '../src/event-forwarding-aws.js';
import { ALL_HEALTH_EVENTS, CATEGORIES, EMAIL_LINES, HEALTH_EMAIL, homePattern, matchesAllHealthEvents, mentionsHealth, ROLE, ROLE_NAME, RULE_NAME } from '../src/health-events.js';
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
export type HealthNotificationsState = ForwardingState;

/** One planned change; each carries what it replaces, so undo needs nothing else. */
export type HealthNotificationsPayload = ForwardingChange;

const COSTS = 'Costs: EventBridge charges nothing for AWS service events such as these, nor for delivering them to the topic; forwarding an event to another region is billed as a custom event, $1.00 per million (Health events come a few a month: well under a cent). SNS emails are free for the first 1,000 a month.';
const BACKUP = 'AWS Health also sends public and global events to a backup region (us-west-2), so the same event can be emailed twice.';

// ---- what is wanted -------------------------------------------------------------------------

function topicArnOf(ctx: PlanContext): string {
  const provided = ctx.provided?.['alerts-topic'] as AlertsTopicProvides | undefined;
  if (!provided?.topicArn) throw new Error('health-notifications needs the alerts topic (step alerts-topic), and it provided none');
  return provided.topicArn;
}

function wanted(inputs: HealthNotificationsInputs, ctx: PlanContext): WantedRule & { home: string } {
  const topicArn = topicArnOf(ctx);
  // The topic lives in the home region: that is where every region's events go.
  const home = regionOfArn(topicArn);
  const coveredBy = { matches: matchesAllHealthEvents, what: 'every AWS Health event' };
  if (ctx.region === home) {
    return {
      home,
      toTopic: true,
      rule: { Name: RULE_NAME, EventPattern: homePattern(inputs.categories), State: 'ENABLED', Description: 'AWS Health events of every region to the alerts topic, as readable email (aws-bootstrap)' },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: HEALTH_EMAIL },
      destination: 'the alerts topic',
      takes: 'AWS Health events',
      targetSummary: 'Email each AWS Health event to the alerts topic, laid out for reading',
      emailLines: EMAIL_LINES,
      coveredBy,
    };
  }
  const destination = `the default event bus of ${home}`;
  return {
    home,
    toTopic: false,
    rule: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED', Description: `AWS Health events of this region to the default event bus of ${home} (aws-bootstrap)` },
    target: { Id: BUS_TARGET_ID, Arn: homeBusArn(ctx.partition, home, ctx.accountId), RoleArn: roleArn(ctx.partition, ctx.accountId, ROLE_NAME) },
    destination,
    takes: 'AWS Health events',
    targetSummary: `Forward each AWS Health event to ${destination}`,
    coveredBy,
  };
}

// ---- the step ----------------------------------------------------------------------------

export default defineStep<HealthNotificationsState, HealthNotificationsInputs, HealthNotificationsPayload>({
  id: 'health-notifications',
  title: 'AWS Health events are emailed',
  why: 'AWS Health tells you about maintenance that will restart your instances, service issues in your regions, and notices about your account (exposed keys, abuse reports). It shows them on a dashboard nobody watches; an email reaches someone in time.',
  scope: 'region',
  needs: ['alerts-topic'],
  permissions: FORWARDING_PERMISSIONS,
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    // Every region reads the role too: observe cannot know which region is home.
    const { events, iam } = await forwardingHandles(ctx);
    const [rules, role] = await Promise.all([readRules(events, (r) => r.Name === RULE_NAME || mentionsHealth(r.EventPattern), [RULE_NAME]), readRole(iam, ROLE)]);
    return { rules, ...(role ? { role } : {}) };
  },

  plan(state, inputs, ctx) {
    const want = wanted(inputs, ctx);
    const crossRegion = canForward(ctx.partition);
    if (!want.toTopic && !crossRegion) {
      return { changes: [], skipped: `EventBridge cannot send events to another region in the ${ctx.partition} partition, so AWS Health events of ${ctx.region} cannot reach the alerts topic in ${want.home}` };
    }
    const { changes, notes, skipped } = planRule(state.rules, want, ctx.runId);
    if (skipped) return { changes: [], skipped };
    if (want.toTopic) {
      // The role is made here only, once: IAM is global and the regions are worked on side by side.
      if (crossRegion) changes.push(...planRole(state.role, ROLE, want.home, ctx));
      if (changes.length) {
        notes.push(`Every other region's rule forwards its AWS Health events to this region's default event bus, where one rule emails them all: one topic and one email confirmation for every region.`);
        if (want.home !== 'us-east-1') notes.push(`Global events (IAM and other services without a region) arrive only in us-east-1: keep us-east-1 in the run (--regions), so its rule forwards them here.`);
        notes.push(BACKUP);
      }
    }
    // The same words in every region, so the preview shows them once.
    if (crossRegion && !state.role && changes.length) notes.push(`The other regions' rules forward with the IAM role "${ROLE_NAME}", which this step creates in ${want.home}: keep ${want.home} in the run (--regions).`);
    if (changes.length) notes.push(UNTAGGED_PARTS, COSTS);
    return { changes, notes };
  },

  async apply(ctx, change) {
    return applyForwarding(await forwardingHandles(ctx), change.payload, ROLE, ctx.region, ctx.runId);
  },

  async undo(ctx, action) {
    return undoForwarding(await forwardingHandles(ctx), action.change as HealthNotificationsPayload, ROLE, ctx.region);
  },

  undoDrift(state, action, recorded) {
    return forwardingDrift(state, action.change as HealthNotificationsPayload, ROLE, recorded);
  },
});
