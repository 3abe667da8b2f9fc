/**
 * Serious findings of every account are emailed, once, from the security account: Security Hub
 * CSPM aggregates every account's findings there (the security account is its administrator,
 * with a finding aggregator over all regions in the home region), GuardDuty's included, so one
 * EventBridge rule in the security account's home region sends them to the organization's
 * alerts topic, laid out for reading. It covers the per-account findings-alerts.
 */
import { defineStep, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { findingsAlertsInputs, labelsText, organizationFindingsPattern, securityHubEmail, securityHubEmailLines, securityHubEmailLinesOf, type FindingsAlertsInputs } from '../shared/finding-events.js';
import { FORWARDING_PERMISSIONS, forwardingDrift, planRule, TOPIC_TARGET_ID, untaggedParts, type ForwardingChange, type ForwardingRole, type ForwardingState, type ForwardingUndo } from '../shared/forwarding.js';
import { applyForwarding, readRules, undoForwarding, type ForwardingHandles } from '../shared/forwarding-aws.js';
import { mentionsSource } from '../shared/forwarding.js';
import { named, organizationOf } from './shared.js';

export const ORGANIZATION_FINDINGS_RULE = 'aws-bootstrap-organization-findings';
/** No role: the rule sends to a topic of its own account. (forwarding's plans and undo take one.) */
const NO_ROLE: ForwardingRole = { name: 'aws-bootstrap-none', forwards: 'nothing' };

const en = {
  title: 'Serious findings of every account are emailed, once, from the security account',
  why: 'With Security Hub aggregating every account\'s findings in the security account, one rule there emails the serious ones of the whole organization: nobody has to watch fifty consoles, and no finding is emailed twice.',
  noTopic: 'organization-findings-alerts needs the organization\'s alerts topic (step organization-alerts-topic), and it provided none',
  takes: (labels: string) => `new Security Hub CSPM findings labelled ${labels}, of every account and product (GuardDuty's too)`,
  description: (labels: string) => `New Security Hub CSPM findings labelled ${labels} of every account of the organization to the alerts topic, as readable email (aws-bootstrap)`,
  topic: 'the organization\'s alerts topic',
  email: 'Email each such finding to the organization\'s alerts topic, laid out for reading',
  aggregated: (account: string) => `Security Hub's finding aggregator brings every account's and region's findings to ${account}, GuardDuty's included: this one rule emails them all. Without the aggregator (organization-security-hub), only ${account}'s are.`,
  costs: 'Costs: EventBridge charges nothing for AWS service events such as these, nor for delivering them to the topic. SNS emails are free for the first 1,000 a month.',
  repeats: 'A finding is emailed again each time Security Hub updates it while its workflow status is NEW: set it to NOTIFIED, SUPPRESSED or RESOLVED once someone is on it.',
  every: 'every Security Hub CSPM finding',
};
const t = texts('organization-findings-alerts', en, {
  title: 'すべてのアカウントの重大な検出結果が、セキュリティアカウントから 1 回だけ E メールで届く',
  why: 'Security Hub がすべてのアカウントの検出結果をセキュリティアカウントに集約していれば、そこにある 1 つのルールが組織全体の重大な検出結果を E メールで送ります。50 のコンソールを見張る必要はなく、同じ検出結果が 2 回届くこともありません。',
  noTopic: 'organization-findings-alerts には組織のアラート用トピック (ステップ organization-alerts-topic) が必要ですが、提供されていません',
  takes: (labels: string) => `すべてのアカウントと製品 (GuardDuty を含む) の、重要度ラベルが ${labels} の新しい Security Hub CSPM の検出結果`,
  description: (labels: string) => `組織のすべてのアカウントの、重要度ラベルが ${labels} の新しい Security Hub CSPM の検出結果を読みやすい E メールとしてアラート用トピックへ (aws-bootstrap)`,
  topic: '組織のアラート用トピック',
  email: '該当する各検出結果を読みやすい形で組織のアラート用トピックに E メールで送信する',
  aggregated: (account: string) => `Security Hub の検出結果アグリゲーターが、すべてのアカウントとリージョンの検出結果 (GuardDuty のものを含む) を ${account} に集めるため、この 1 つのルールがすべてを E メールで送ります。アグリゲーター (organization-security-hub) がなければ、届くのは ${account} の検出結果だけです。`,
  costs: '料金: このような AWS のサービスのイベントにも、それをトピックに配信することにも EventBridge の料金はかかりません。SNS の E メールは月 1,000 件まで無料です。',
  repeats: '検出結果は、ワークフローステータスが NEW の間、Security Hub が更新するたびに再び E メールで届きます。誰かが対応を始めたら NOTIFIED、SUPPRESSED、RESOLVED のいずれかに設定してください。',
  every: 'すべての Security Hub CSPM の検出結果',
});

async function securityHandles(ctx: StepContext): Promise<ForwardingHandles> {
  const org = organizationOf(ctx, 'organization-findings-alerts');
  const aws = org.in(org.securityAccount);
  const [events, iam] = await Promise.all([aws.use('events'), aws.use('iam')]);
  return { events, iam };
}

export type OrganizationFindingsState = ForwardingState & { readonly security: string };

export default defineStep<OrganizationFindingsState, FindingsAlertsInputs, ForwardingChange, ForwardingUndo>({
  id: 'organization-findings-alerts',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  needs: ['organization-alerts-topic'],
  organization: {
    covers: ['findings-alerts'],
    inSecurityAccount: ['events:ListRules', 'events:ListTargetsByRule', 'events:ListTagsForResource', 'events:PutRule', 'events:TagResource', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule'],
  },
  permissions: {
    observe: ['events:ListRules', 'events:ListTargetsByRule', 'events:ListTagsForResource'],
    apply: ['events:PutRule', 'events:TagResource', 'events:PutTargets'],
    undo: FORWARDING_PERMISSIONS.undo.filter((a) => a.startsWith('events:')),
  },
  inputs: { section: 'findings-alerts', schema: findingsAlertsInputs, questions: () => [] },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-findings-alerts');
    const { events } = await securityHandles(ctx);
    const rules = await readRules(events, (r) => r.Name === ORGANIZATION_FINDINGS_RULE || mentionsSource(r.EventPattern, 'aws.securityhub'), [ORGANIZATION_FINDINGS_RULE]);
    return { rules, security: named(org, org.securityAccount) };
  },

  plan(state, inputs, ctx) {
    const topicArn = (ctx.provided?.['organization-alerts-topic'] as { topicArn?: string } | undefined)?.topicArn;
    if (!topicArn) throw new Error(t.noTopic);
    const labels = labelsText(inputs.securityHubLabels);
    const { changes, notes, skipped } = planRule(state.rules, {
      rule: { Name: ORGANIZATION_FINDINGS_RULE, EventPattern: organizationFindingsPattern(inputs.securityHubLabels), State: 'ENABLED', Description: t.description(labels) },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: securityHubEmail() },
      toTopic: true,
      destination: t.topic,
      takes: t.takes(labels),
      targetSummary: t.email,
      emailLines: securityHubEmailLines(),
      readsAs: securityHubEmailLinesOf,
    }, ctx.runId);
    if (skipped) return { changes: [], skipped };
    if (changes.length) notes.push(t.aggregated(state.security), t.repeats, untaggedParts(), t.costs);
    return { changes, notes };
  },

  async apply(ctx, change) {
    return applyForwarding(await securityHandles(ctx), change.payload, NO_ROLE, ctx.region, ctx.runId);
  },
  async undo(ctx, action) {
    return undoForwarding(await securityHandles(ctx), action.change, NO_ROLE, ctx.region);
  },
  undoDrift(state, action, recorded) {
    return forwardingDrift(state, action.change, NO_ROLE, recorded);
  },
});
