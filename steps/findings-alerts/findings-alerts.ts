/**
 * Serious findings are emailed: GuardDuty findings at or above a severity, and new Security Hub
 * CSPM findings with the chosen severity labels, through the alerts topic, laid out for reading.
 * GuardDuty findings stay in the region that found them, so every region gets a GuardDuty rule:
 * outside the home region it forwards them to the home region's default event bus, the way
 * health-notifications forwards Health events (steps/shared/forwarding.ts, shared). Security Hub's
 * finding aggregator already delivers every linked region's findings to EventBridge in the home
 * region ("In an aggregation Region, the event feed includes events for findings from the
 * aggregation Region and the linked Regions"), so the Security Hub rule is made there only:
 * forwarding them too would email each one twice.
 */
import { defineStep, type Change, type PlanContext } from '../../src/core/step.js';
import {
  BUS_TARGET_ID, canForward, homeBusArn, planRole, planRule, regionOfArn, roleArn, spaced, TOPIC_TARGET_ID, untaggedParts,
  type ForwardingChange, type ForwardingState, type ForwardingUndo, type WantedRule,
} from '../shared/forwarding.js';
import { forwardingStepIo } from '../shared/forwarding-aws.js';
import {
  findingsAlertsInputs, GUARDDUTY_RULE, guardDutyEmail, guardDutyEmailLines, guardDutyEmailLinesOf, guardDutyPattern, labelsText, relevantRule, ROLE, ROLE_NAME,
  SECURITY_HUB_RULE, securityHubEmail, securityHubEmailLines, securityHubEmailLinesOf, securityHubPattern, takesEveryGuardDutyFinding, takesEverySecurityHubFinding,
  type FindingsAlertsInputs,
} from '../shared/finding-events.js';
import { texts } from '../../src/i18n/index.js';
import type { AlertsTopicProvides } from '../alerts-topic/alerts-topic.js';

/** This region's finding rules (ours under any pattern, and others that take GuardDuty or Security Hub events), and the forwarding role (IAM is global). */
export type FindingsAlertsState = ForwardingState;
export type FindingsAlertsPayload = ForwardingChange;
/** The undo records it writes: each carries the change it takes back (steps/shared/forwarding.ts). */
export type FindingsAlertsUndo = ForwardingUndo;

const en = {
  title: 'Serious findings are emailed',
  why: 'GuardDuty and Security Hub CSPM find compromised keys, instances talking to attackers and dangerous settings, but only on their consoles; unless someone hears of the serious ones, an intrusion runs on for weeks before anyone looks.',
  costs: 'Costs: EventBridge charges nothing for AWS service events such as GuardDuty and Security Hub CSPM findings, nor for delivering them to the topic; forwarding a finding to another region is billed as a custom event, $1.00 per million (only findings at or above the threshold are forwarded: well under a cent). SNS emails are free for the first 1,000 a month.',
  repeats: 'A Security Hub CSPM finding is emailed again each time Security Hub updates it while its workflow status is NEW (a failing control about once a day): set it to NOTIFIED, SUPPRESSED or RESOLVED once someone is on it. GuardDuty sends further occurrences of a finding every 6 hours by default.',
  noTopic: 'findings-alerts needs the alerts topic (step alerts-topic), and it provided none',
  topic: 'the alerts topic',
  bus: (home: string) => `the default event bus of ${home}`,
  guardDuty: (severity: number) => `GuardDuty findings of severity ${severity} or more`,
  everyGuardDuty: 'every GuardDuty finding',
  securityHub: (labels: string) => `new Security Hub CSPM findings labelled ${labels}`,
  everySecurityHub: 'every Security Hub CSPM finding',
  /** The rules' descriptions: text kept in the account, in the language of the run that set them. */
  guardDutyForwardDescription: (severity: number, home: string) => `GuardDuty findings of severity ${severity} or more in this region to the default event bus of ${home} (aws-bootstrap)`,
  guardDutyHomeDescription: (severity: number) => `GuardDuty findings of severity ${severity} or more of every region to the alerts topic, as readable email (aws-bootstrap)`,
  securityHubDescription: (labels: string) => `New Security Hub CSPM findings labelled ${labels} of every linked region to the alerts topic, as readable email (aws-bootstrap)`,
  forwardEach: (destination: string) => `Forward each such GuardDuty finding to ${destination}`,
  emailGuardDuty: 'Email each such GuardDuty finding to the alerts topic, laid out for reading',
  emailSecurityHub: 'Email each such Security Hub CSPM finding to the alerts topic, laid out for reading',
  noForwarding: (partition: string, region: string, home: string) => `EventBridge cannot send events to another region in the ${partition} partition, so GuardDuty findings of ${region} cannot reach the alerts topic in ${home}`,
  forwarded: (severity: number) => `Every other region's rule forwards its GuardDuty findings of severity ${severity} or more to this region's default event bus, where one rule emails them all.`,
  aggregated: (home: string) => `Security Hub CSPM findings need no forwarding: the finding aggregator in ${home} (the security-hub step makes it) brings every linked region's findings to this region's EventBridge, so the Security Hub rule is made here only and each finding is emailed once. Without an aggregator, only ${home}'s are.`,
  importsGuardDuty: 'Security Hub also imports GuardDuty\'s findings; its rule leaves those out, so each GuardDuty finding is emailed once, by the GuardDuty rule.',
  guardDutyOff: 'Where GuardDuty is not on (yet), its rule matches nothing until it is: nothing else is needed.',
  roleFirst: (role: string, home: string) => `The other regions' rules forward with the IAM role "${role}", which this step creates in ${home}: keep ${home} in the run (--regions).`,
};

const t = texts('findings-alerts', en, {
  title: '重大な検出結果が E メールで届く',
  why: 'GuardDuty と Security Hub CSPM は、侵害されたキー、攻撃者と通信するインスタンス、危険な設定を見つけますが、表示されるのはそれぞれのコンソールだけです。重大なものが誰かに伝わらなければ、侵入は誰かが気付くまで何週間も続きます。',
  costs: '料金: GuardDuty や Security Hub CSPM の検出結果のような AWS のサービスのイベントにも、それをトピックに配信することにも EventBridge の料金はかかりません。検出結果を別のリージョンに転送すると、カスタムイベントとして 100 万件あたり 1.00 USD が課金されます (転送するのはしきい値以上の検出結果だけなので 1 セントを大きく下回ります)。SNS の E メールは月 1,000 件まで無料です。',
  repeats: 'Security Hub CSPM の検出結果は、ワークフローステータスが NEW の間、Security Hub が更新するたびに再び E メールで届きます (失敗しているコントロールならおよそ 1 日に 1 回)。誰かが対応を始めたら NOTIFIED、SUPPRESSED、RESOLVED のいずれかに設定してください。GuardDuty は、同じ検出結果の再発をデフォルトで 6 時間ごとに送信します。',
  noTopic: 'findings-alerts にはアラート用トピック (ステップ alerts-topic) が必要ですが、提供されていません',
  topic: 'アラート用トピック',
  bus: (home: string) => `${home} のデフォルトのイベントバス`,
  guardDuty: (severity: number) => `重要度 ${severity} 以上の GuardDuty の検出結果`,
  everyGuardDuty: 'すべての GuardDuty の検出結果',
  securityHub: (labels: string) => `重要度ラベルが ${labels} の新しい Security Hub CSPM の検出結果`,
  everySecurityHub: 'すべての Security Hub CSPM の検出結果',
  guardDutyForwardDescription: (severity: number, home: string) => `このリージョンの重要度 ${severity} 以上の GuardDuty の検出結果を ${home} のデフォルトのイベントバスへ (aws-bootstrap)`,
  guardDutyHomeDescription: (severity: number) => `すべてのリージョンの重要度 ${severity} 以上の GuardDuty の検出結果を読みやすい E メールとしてアラート用トピックへ (aws-bootstrap)`,
  securityHubDescription: (labels: string) => `リンクされたすべてのリージョンの、重要度ラベルが ${labels} の新しい Security Hub CSPM の検出結果を読みやすい E メールとしてアラート用トピックへ (aws-bootstrap)`,
  forwardEach: (destination: string) => spaced(`該当する各 GuardDuty の検出結果を${destination}に転送する`),
  emailGuardDuty: '該当する各 GuardDuty の検出結果を読みやすい形でアラート用トピックに E メールで送信する',
  emailSecurityHub: '該当する各 Security Hub CSPM の検出結果を読みやすい形でアラート用トピックに E メールで送信する',
  noForwarding: (partition: string, region: string, home: string) => `${partition} パーティションでは EventBridge はイベントを別のリージョンに送信できないため、${region} の GuardDuty の検出結果は ${home} のアラート用トピックに届きません`,
  forwarded: (severity: number) => `他の各リージョンのルールは重要度 ${severity} 以上の GuardDuty の検出結果をこのリージョンのデフォルトのイベントバスに転送し、ここで 1 つのルールがすべてを E メールで送信します。`,
  aggregated: (home: string) => `Security Hub CSPM の検出結果は転送不要です。${home} の検出結果アグリゲーター (security-hub ステップが作成します) が、リンクされたすべてのリージョンの検出結果をこのリージョンの EventBridge に届けるため、Security Hub のルールはここにだけ作成し、各検出結果の E メールは 1 回だけ届きます。アグリゲーターがなければ、届くのは ${home} の検出結果だけです。`,
  importsGuardDuty: 'Security Hub は GuardDuty の検出結果も取り込みます。Security Hub のルールはそれらを除外するため、各 GuardDuty の検出結果は GuardDuty のルールから 1 回だけ E メールで届きます。',
  guardDutyOff: 'GuardDuty が (まだ) 有効でないリージョンでは、有効になるまでそのルールは何にも一致しません。ほかに必要なことはありません。',
  roleFirst: (role: string, home: string) => `他のリージョンのルールは IAM ロール「${role}」で転送します。このロールはこのステップが ${home} に作成するため、${home} を実行対象 (--regions) に含めてください。`,
});

function topicArnOf(ctx: PlanContext): string {
  const provided = ctx.provided?.['alerts-topic'] as AlertsTopicProvides | undefined;
  if (!provided?.topicArn) throw new Error(t.noTopic);
  return provided.topicArn;
}

/** The rules this region wants: both to the topic in the home region, the GuardDuty one forwarding elsewhere. */
function wantedRules(inputs: FindingsAlertsInputs, ctx: PlanContext, topicArn: string, home: string): WantedRule[] {
  const severity = inputs.guardDutyMinSeverity;
  const guardDuty = { takes: t.guardDuty(severity), coveredBy: { matches: takesEveryGuardDutyFinding, what: t.everyGuardDuty } };
  if (ctx.region !== home) {
    const destination = t.bus(home);
    return [{
      ...guardDuty,
      toTopic: false,
      rule: { Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(severity), State: 'ENABLED', Description: t.guardDutyForwardDescription(severity, home) },
      target: { Id: BUS_TARGET_ID, Arn: homeBusArn(ctx.partition, home, ctx.accountId), RoleArn: roleArn(ctx.partition, ctx.accountId, ROLE_NAME) },
      destination,
      targetSummary: t.forwardEach(destination),
    }];
  }
  const labels = labelsText(inputs.securityHubLabels);
  return [
    {
      ...guardDuty,
      toTopic: true,
      rule: { Name: GUARDDUTY_RULE, EventPattern: guardDutyPattern(severity), State: 'ENABLED', Description: t.guardDutyHomeDescription(severity) },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: guardDutyEmail() },
      destination: t.topic,
      targetSummary: t.emailGuardDuty,
      emailLines: guardDutyEmailLines(),
      readsAs: guardDutyEmailLinesOf,
    },
    {
      takes: t.securityHub(labels),
      coveredBy: { matches: takesEverySecurityHubFinding, what: t.everySecurityHub },
      toTopic: true,
      rule: { Name: SECURITY_HUB_RULE, EventPattern: securityHubPattern(inputs.securityHubLabels), State: 'ENABLED', Description: t.securityHubDescription(labels) },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: securityHubEmail() },
      destination: t.topic,
      targetSummary: t.emailSecurityHub,
      emailLines: securityHubEmailLines(),
      readsAs: securityHubEmailLinesOf,
    },
  ];
}

export default defineStep<FindingsAlertsState, FindingsAlertsInputs, FindingsAlertsPayload, FindingsAlertsUndo>({
  id: 'findings-alerts',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  // Only the topic. Not guardduty or security-hub: the rules are worth having before those are on
  // (they match nothing until findings come), and a declined GuardDuty in one region must not
  // leave the others unwatched. Not health-notifications either, for its forwarding role: a person
  // may decline Health emails and still want these, so this step makes and undoes its own role.
  needs: ['alerts-topic'],
  ...forwardingStepIo(ROLE, relevantRule, [GUARDDUTY_RULE, SECURITY_HUB_RULE]),
  inputs: { schema: findingsAlertsInputs, questions: () => [] },


  plan(state, inputs, ctx) {
    const topicArn = topicArnOf(ctx);
    // The topic lives in the home region: that is where every region's findings go.
    const home = regionOfArn(topicArn);
    const isHome = ctx.region === home;
    const crossRegion = canForward(ctx.partition);
    if (!isHome && !crossRegion) {
      return { changes: [], skipped: t.noForwarding(ctx.partition, ctx.region, home) };
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
        notes.push(t.forwarded(inputs.guardDutyMinSeverity), t.aggregated(home), t.importsGuardDuty, t.repeats);
      }
    }
    // The same words in every region, so the preview shows them once.
    if (changes.length) notes.push(t.guardDutyOff);
    if (crossRegion && !state.role && changes.length) notes.push(t.roleFirst(ROLE_NAME, home));
    if (changes.length) notes.push(untaggedParts(), t.costs);
    return { changes, notes };
  },
});
