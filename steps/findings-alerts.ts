/**
 * Serious findings are emailed: GuardDuty findings at or above a severity, and new Security Hub
 * CSPM findings with the chosen severity labels, through the alerts topic, laid out for reading.
 * GuardDuty findings stay in the region that found them, so every region gets a GuardDuty rule:
 * outside the home region it forwards them to the home region's default event bus, the way
 * health-notifications forwards Health events (src/event-forwarding.ts, shared). Security Hub's
 * finding aggregator already delivers every linked region's findings to EventBridge in the home
 * region ("In an aggregation Region, the event feed includes events for findings from the
 * aggregation Region and the linked Regions"), so the Security Hub rule is made there only:
 * forwarding them too would email each one twice.
 */
import { defineStep, type Change, type PlanContext } from '../src/core/step.js';
import {
  BUS_TARGET_ID, canForward, FORWARDING_PERMISSIONS, forwardingDrift, homeBusArn, planRole, planRule, regionOfArn, roleArn, TOPIC_TARGET_ID, UNTAGGED_PARTS,
  type ForwardingChange, type ForwardingState, type WantedRule,
} from '../src/event-forwarding.js';
import { applyForwarding, forwardingHandles, readRole, readRules, undoForwarding } from '../src/event-forwarding-aws.js';
import {
  findingsAlertsInputs, GUARDDUTY_EMAIL, GUARDDUTY_EMAIL_LINES, GUARDDUTY_RULE, guardDutyPattern, labelsText, relevantRule, ROLE, ROLE_NAME,
  SECURITY_HUB_EMAIL, SECURITY_HUB_EMAIL_LINES, SECURITY_HUB_RULE, securityHubPattern, takesEveryGuardDutyFinding, takesEverySecurityHubFinding,
  type FindingsAlertsInputs,
} from '../src/finding-events.js';
import type { AlertsTopicProvides } from './alerts-topic.js';

/** This region's finding rules (ours under any pattern, and others that take GuardDuty or Security Hub events), and the forwarding role (IAM is global). */
export type FindingsAlertsState = ForwardingState;
export type FindingsAlertsPayload = ForwardingChange;

const COSTS = 'Costs: EventBridge charges nothing for AWS service events such as GuardDuty and Security Hub CSPM findings, nor for delivering them to the topic; forwarding a finding to another region is billed as a custom event, $1.00 per million (only findings at or above the threshold are forwarded: well under a cent). SNS emails are free for the first 1,000 a month.';
const REPEATS = 'A Security Hub CSPM finding is emailed again each time Security Hub updates it while its workflow status is NEW (a failing control about once a day): set it to NOTIFIED, SUPPRESSED or RESOLVED once someone is on it. GuardDuty sends further occurrences of a finding every 6 hours by default.';

function topicArnOf(ctx: PlanContext): string {
  const provided = ctx.provided?.['alerts-topic'] as AlertsTopicProvides | undefined;
  if (!provided?.topicArn) throw new Error('findings-alerts needs the alerts topic (step alerts-topic), and it provided none');
  return provided.topicArn;
}

/** The rules this region wants: both to the topic in the home region, the GuardDuty one forwarding elsewhere. */
function wantedRules(inputs: FindingsAlertsInputs, ctx: PlanContext, topicArn: string, home: string): WantedRule[] {
  const severity = `severity ${inputs.guardDutyMinSeverity} or more`;
  const guardDuty = { takes: `GuardDuty findings of ${severity}`, coveredBy: { matches: takesEveryGuardDutyFinding, what: 'every GuardDuty finding' } };
  if (ctx.region !== home) {
    const destination = `the default event bus of ${home}`;
    return [{
      ...guardDuty,
      toTopic: false,
      rule: { Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(inputs.guardDutyMinSeverity), State: 'ENABLED', Description: `GuardDuty findings of ${severity} in this region to the default event bus of ${home} (aws-bootstrap)` },
      target: { Id: BUS_TARGET_ID, Arn: homeBusArn(ctx.partition, home, ctx.accountId), RoleArn: roleArn(ctx.partition, ctx.accountId, ROLE_NAME) },
      destination,
      targetSummary: `Forward each such GuardDuty finding to ${destination}`,
    }];
  }
  const labels = labelsText(inputs.securityHubLabels);
  return [
    {
      ...guardDuty,
      toTopic: true,
      rule: { Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(inputs.guardDutyMinSeverity), State: 'ENABLED', Description: `GuardDuty findings of ${severity} of every region to the alerts topic, as readable email (aws-bootstrap)` },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: GUARDDUTY_EMAIL },
      destination: 'the alerts topic',
      targetSummary: 'Email each such GuardDuty finding to the alerts topic, laid out for reading',
      emailLines: GUARDDUTY_EMAIL_LINES,
    },
    {
      takes: `new Security Hub CSPM findings labelled ${labels}`,
      coveredBy: { matches: takesEverySecurityHubFinding, what: 'every Security Hub CSPM finding' },
      toTopic: true,
      rule: { Name: SECURITY_HUB_RULE, EventPattern: securityHubPattern(inputs.securityHubLabels), State: 'ENABLED', Description: `New Security Hub CSPM findings labelled ${labels} of every linked region to the alerts topic, as readable email (aws-bootstrap)` },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: SECURITY_HUB_EMAIL },
      destination: 'the alerts topic',
      targetSummary: 'Email each such Security Hub CSPM finding to the alerts topic, laid out for reading',
      emailLines: SECURITY_HUB_EMAIL_LINES,
    },
  ];
}

export default defineStep<FindingsAlertsState, FindingsAlertsInputs, FindingsAlertsPayload>({
  id: 'findings-alerts',
  title: 'Serious findings are emailed',
  why: 'GuardDuty and Security Hub CSPM find compromised keys, instances talking to attackers and dangerous settings, but only on their consoles; unless someone hears of the serious ones, an intrusion runs on for weeks before anyone looks.',
  scope: 'region',
  // Only the topic. Not guardduty or security-hub: the rules are worth having before those are on
  // (they match nothing until findings come), and a declined GuardDuty in one region must not
  // leave the others unwatched. Not health-notifications either, for its forwarding role: a person
  // may decline Health emails and still want these, so this step makes and undoes its own role.
  needs: ['alerts-topic'],
  permissions: FORWARDING_PERMISSIONS,
  inputs: { schema: findingsAlertsInputs, questions: () => [] },

  async observe(ctx) {
    // Every region reads the role too: observe cannot know which region is home.
    const { events, iam } = await forwardingHandles(ctx);
    const [rules, role] = await Promise.all([readRules(events, relevantRule, [GUARDDUTY_RULE, SECURITY_HUB_RULE]), readRole(iam, ROLE)]);
    return { rules, ...(role ? { role } : {}) };
  },

  plan(state, inputs, ctx) {
    const topicArn = topicArnOf(ctx);
    // The topic lives in the home region: that is where every region's findings go.
    const home = regionOfArn(topicArn);
    const isHome = ctx.region === home;
    const crossRegion = canForward(ctx.partition);
    if (!isHome && !crossRegion) {
      return { changes: [], skipped: `EventBridge cannot send events to another region in the ${ctx.partition} partition, so GuardDuty findings of ${ctx.region} cannot reach the alerts topic in ${home}` };
    }
    const plans = wantedRules(inputs, ctx, topicArn, home).map((want) => planRule(state.rules, want, ctx.runId));
    const skipped = plans.flatMap((p) => (p.skipped ? [p.skipped] : []));
    if (skipped.length) return { changes: [], skipped: skipped.join('; ') };
    const changes: Change<FindingsAlertsPayload>[] = plans.flatMap((p) => p.changes);
    const notes = plans.flatMap((p) => p.notes);
    if (isHome) {
      // The role is made here only, once: IAM is global and the regions are worked on side by side.
      if (crossRegion) changes.push(...planRole(state.role, ROLE, home, ctx));
      if (changes.length) {
        notes.push(
          `Every other region's rule forwards its GuardDuty findings of severity ${inputs.guardDutyMinSeverity} or more to this region's default event bus, where one rule emails them all.`,
          `Security Hub CSPM findings need no forwarding: the finding aggregator in ${home} (the security-hub step makes it) brings every linked region's findings to this region's EventBridge, so the Security Hub rule is made here only and each finding is emailed once. Without an aggregator, only ${home}'s are.`,
          'Security Hub also imports GuardDuty\'s findings; its rule leaves those out, so each GuardDuty finding is emailed once, by the GuardDuty rule.',
          REPEATS,
        );
      }
    }
    // The same words in every region, so the preview shows them once.
    if (changes.length) notes.push('Where GuardDuty is not on (yet), its rule matches nothing until it is: nothing else is needed.');
    if (crossRegion && !state.role && changes.length) notes.push(`The other regions' rules forward with the IAM role "${ROLE_NAME}", which this step creates in ${home}: keep ${home} in the run (--regions).`);
    if (changes.length) notes.push(UNTAGGED_PARTS, COSTS);
    return { changes, notes };
  },

  async apply(ctx, change) {
    return applyForwarding(await forwardingHandles(ctx), change.payload, ROLE, ctx.region, ctx.runId);
  },

  async undo(ctx, action) {
    return undoForwarding(await forwardingHandles(ctx), action.change as FindingsAlertsPayload, ROLE, ctx.region);
  },

  undoDrift(state, action, recorded) {
    return forwardingDrift(state, action.change as FindingsAlertsPayload, ROLE, recorded);
  },
});
