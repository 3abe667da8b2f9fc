/**
 * AWS Health events are emailed: in every region an EventBridge rule takes the Health events;
 * outside the home region it forwards them to the home region's default event bus (with one IAM
 * role, made in the home region), and in the home region a rule sends them all to the alerts
 * topic, laid out for reading. One topic, one email confirmation, every region.
 */
import { z } from 'zod';
import { defineStep, type PlanContext } from '../../src/core/step.js';
import {
  accountOfArn, BUS_TARGET_ID, canForward, homeBusArn, planRole, planRule, regionOfArn, roleArn, spaced, TOPIC_TARGET_ID, untaggedParts,
  type ForwardingChange, type ForwardingState, type ForwardingUndo, type WantedRule,
} from '../shared/forwarding.js';
import { forwardingStepIo } from '../shared/forwarding-aws.js';
import {
  ALL_HEALTH_EVENTS, CATEGORIES, healthEmail, healthEmailLines, healthEmailLinesOf, homePattern, matchesAllHealthEvents, mentionsHealth, ROLE, ROLE_NAME, RULE_NAME,
} from './events.js';
import { texts } from '../../src/i18n/index.js';
import type { AlertsTopicProvides } from '../alerts-topic/alerts-topic.js';

const en = {
  title: 'AWS Health events are emailed',
  why: 'AWS Health tells you about maintenance that will restart your instances, service issues in your regions, and notices about your account (exposed keys, abuse reports). It shows them on a dashboard nobody watches; an email reaches someone in time.',
  category: `expected an AWS Health event category: ${CATEGORIES.join(', ')}`,
  noCategory: 'give at least one category, or leave categories out for every Health event',
  twice: 'the same category is listed twice',
  costs: 'Costs: EventBridge charges nothing for AWS service events such as these, nor for delivering them to the topic; forwarding an event to another region is billed as a custom event, $1.00 per million (Health events come a few a month: well under a cent). SNS emails are free for the first 1,000 a month.',
  backup: 'AWS Health also sends public and global events to a backup region (us-west-2), so the same event can be emailed twice.',
  noTopic: 'health-notifications needs the alerts topic (step alerts-topic), and it provided none',
  every: 'every AWS Health event',
  takes: 'AWS Health events',
  topic: 'the alerts topic',
  bus: (home: string) => `the default event bus of ${home}`,
  /** The rules' descriptions: text kept in the account, in the language of the run that set them. */
  homeDescription: 'AWS Health events of every region to the alerts topic, as readable email (aws-bootstrap)',
  otherDescription: (home: string) => `AWS Health events of this region to the default event bus of ${home} (aws-bootstrap)`,
  emailEach: 'Email each AWS Health event to the alerts topic, laid out for reading',
  forwardEach: (destination: string) => `Forward each AWS Health event to ${destination}`,
  noForwarding: (partition: string, region: string, home: string) => `EventBridge cannot send events to another region in the ${partition} partition, so AWS Health events of ${region} cannot reach the alerts topic in ${home}`,
  oneTopic: 'Every other region\'s rule forwards its AWS Health events to this region\'s default event bus, where one rule emails them all: one topic and one email confirmation for every region.',
  globalEvents: 'Global events (IAM and other services without a region) arrive only in us-east-1: keep us-east-1 in the run (--regions), so its rule forwards them here.',
  roleFirst: (role: string, home: string) => `The other regions' rules forward with the IAM role "${role}", which this step creates in ${home}: keep ${home} in the run (--regions).`,
  organizationBus: (account: string) => `the default event bus of the security account ${account}`,
  organizationDescription: (account: string) => `AWS Health events of every region to the organization's alerts topic, through the event bus of ${account} (aws-bootstrap)`,
  organizationTopic: (account: string) => `The alerts topic is the organization's, in ${account}: EventBridge cannot publish AWS Health events to another account's topic without a role there, so this region's rule sends them to ${account}'s event bus (the organization may put events on it), where its own Health rule emails them.`,
};

const t = texts('health-notifications', en, {
  title: 'AWS Health イベントが E メールで届く',
  why: 'AWS Health は、インスタンスの再起動を伴うメンテナンス、利用中のリージョンでのサービスの問題、アカウントに関する通知 (漏えいしたキー、不正利用の報告) を知らせます。ただし表示されるのは誰も見ていないダッシュボードです。E メールなら間に合ううちに誰かに届きます。',
  category: `AWS Health のイベントタイプカテゴリを指定してください: ${CATEGORIES.join(', ')}`,
  noCategory: 'カテゴリを 1 つ以上指定するか、すべての Health イベントを対象にするなら categories を省いてください',
  twice: '同じカテゴリが 2 回指定されています',
  costs: '料金: これらのような AWS のサービスのイベントにも、それをトピックに配信することにも EventBridge の料金はかかりません。イベントを別のリージョンに転送すると、カスタムイベントとして 100 万件あたり 1.00 USD が課金されます (Health イベントは月に数件なので 1 セントを大きく下回ります)。SNS の E メールは月 1,000 件まで無料です。',
  backup: 'AWS Health はパブリックイベントとグローバルイベントをバックアップリージョン (us-west-2) にも送信するため、同じイベントの E メールが 2 通届くことがあります。',
  noTopic: 'health-notifications にはアラート用トピック (ステップ alerts-topic) が必要ですが、提供されていません',
  every: 'すべての AWS Health イベント',
  takes: 'AWS Health イベント',
  topic: 'アラート用トピック',
  bus: (home: string) => `${home} のデフォルトのイベントバス`,
  homeDescription: 'すべてのリージョンの AWS Health イベントを読みやすい E メールとしてアラート用トピックへ (aws-bootstrap)',
  otherDescription: (home: string) => `このリージョンの AWS Health イベントを ${home} のデフォルトのイベントバスへ (aws-bootstrap)`,
  emailEach: '各 AWS Health イベントを読みやすい形でアラート用トピックに E メールで送信する',
  forwardEach: (destination: string) => spaced(`各 AWS Health イベントを${destination}に転送する`),
  noForwarding: (partition: string, region: string, home: string) => `${partition} パーティションでは EventBridge はイベントを別のリージョンに送信できないため、${region} の AWS Health イベントは ${home} のアラート用トピックに届きません`,
  oneTopic: '他の各リージョンのルールは AWS Health イベントをこのリージョンのデフォルトのイベントバスに転送し、ここで 1 つのルールがすべてを E メールで送信します。トピックも E メールの確認も、すべてのリージョンで 1 つだけです。',
  globalEvents: 'グローバルイベント (IAM などリージョンのないサービスのイベント) は us-east-1 にだけ届きます。us-east-1 のルールがここへ転送できるよう、us-east-1 を実行対象 (--regions) に含めてください。',
  roleFirst: (role: string, home: string) => `他のリージョンのルールは IAM ロール「${role}」で転送します。このロールはこのステップが ${home} に作成するため、${home} を実行対象 (--regions) に含めてください。`,
  organizationBus: (account: string) => `セキュリティアカウント ${account} のデフォルトのイベントバス`,
  organizationDescription: (account: string) => `すべてのリージョンの AWS Health イベントを ${account} のイベントバス経由で組織のアラート用トピックへ (aws-bootstrap)`,
  organizationTopic: (account: string) => `アラート用トピックは ${account} にある組織のものです。EventBridge は別のアカウントのトピックに AWS Health イベントを直接発行できないため、このリージョンのルールはイベントを ${account} のイベントバス (組織のアカウントが送信できます) に送り、そこの Health ルールが E メールで送信します。`,
});

const inputSchema = z
  .object({
    /** Which Health events to email; all when left out (new categories included). */
    categories: z
      .array(z.enum(CATEGORIES, { error: () => t.category }))
      .min(1, { error: () => t.noCategory })
      .refine((list) => new Set(list).size === list.length, { error: () => t.twice })
      .optional(),
  })
  .strict();
export type HealthNotificationsInputs = z.output<typeof inputSchema>;

/** This region's Health rules (ours under any pattern, and any other that takes Health events), and the forwarding role (IAM is global). */
export type HealthNotificationsState = ForwardingState;

/** One planned change; each carries what it replaces, so undo needs nothing else. */
export type HealthNotificationsPayload = ForwardingChange;

// ---- what is wanted -------------------------------------------------------------------------

function topicArnOf(ctx: PlanContext): string {
  const provided = ctx.provided?.['alerts-topic'] as AlertsTopicProvides | undefined;
  if (!provided?.topicArn) throw new Error(t.noTopic);
  return provided.topicArn;
}

function wanted(inputs: HealthNotificationsInputs, ctx: PlanContext): WantedRule & { home: string } {
  const topicArn = topicArnOf(ctx);
  // The topic lives in the home region: that is where every region's events go.
  const home = regionOfArn(topicArn);
  const coveredBy = { matches: matchesAllHealthEvents, what: t.every };
  const owner = accountOfArn(topicArn);
  if (ctx.region === home && owner !== ctx.accountId) {
    // The organization's topic, in the security account: its event bus takes the events (its policy lets the organization in).
    const destination = t.organizationBus(owner);
    return {
      home,
      toTopic: false,
      rule: { Name: RULE_NAME, EventPattern: homePattern(inputs.categories), State: 'ENABLED', Description: t.organizationDescription(owner) },
      target: { Id: BUS_TARGET_ID, Arn: homeBusArn(ctx.partition, home, owner), RoleArn: roleArn(ctx.partition, ctx.accountId, ROLE_NAME) },
      destination,
      takes: t.takes,
      targetSummary: t.forwardEach(destination),
      coveredBy,
    };
  }
  if (ctx.region === home) {
    return {
      home,
      toTopic: true,
      rule: { Name: RULE_NAME, EventPattern: homePattern(inputs.categories), State: 'ENABLED', Description: t.homeDescription },
      target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: healthEmail() },
      destination: t.topic,
      takes: t.takes,
      targetSummary: t.emailEach,
      emailLines: healthEmailLines(),
      readsAs: healthEmailLinesOf,
      coveredBy,
    };
  }
  const destination = t.bus(home);
  return {
    home,
    toTopic: false,
    rule: { Name: RULE_NAME, EventPattern: ALL_HEALTH_EVENTS, State: 'ENABLED', Description: t.otherDescription(home) },
    target: { Id: BUS_TARGET_ID, Arn: homeBusArn(ctx.partition, home, ctx.accountId), RoleArn: roleArn(ctx.partition, ctx.accountId, ROLE_NAME) },
    destination,
    takes: t.takes,
    targetSummary: t.forwardEach(destination),
    coveredBy,
  };
}

// ---- the step ----------------------------------------------------------------------------

/** The undo records it writes: each carries the change it takes back (steps/shared/forwarding.ts). */
export type HealthNotificationsUndo = ForwardingUndo;

export default defineStep<HealthNotificationsState, HealthNotificationsInputs, HealthNotificationsPayload, HealthNotificationsUndo>({
  id: 'health-notifications',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  needs: ['alerts-topic'],
  ...forwardingStepIo(ROLE, (r) => r.Name === RULE_NAME || mentionsHealth(r.EventPattern), [RULE_NAME]),
  inputs: { schema: inputSchema, questions: () => [] },


  plan(state, inputs, ctx) {
    const want = wanted(inputs, ctx);
    const crossRegion = canForward(ctx.partition);
    const isHome = ctx.region === want.home;
    if (!isHome && !crossRegion) {
      return { changes: [], skipped: t.noForwarding(ctx.partition, ctx.region, want.home) };
    }
    const { changes, notes, skipped } = planRule(state.rules, want, ctx.runId);
    if (skipped) return { changes: [], skipped };
    if (isHome) {
      // The role is made here only, once: IAM is global and the regions are worked on side by side.
      // It may also put events on the organization's bus when the topic is in the security account.
      const organizationBus = want.toTopic ? [] : [want.target.Arn];
      if (crossRegion || organizationBus.length) changes.push(...planRole(state.role, ROLE, want.home, ctx, organizationBus));
      if (changes.length && organizationBus.length) notes.push(t.organizationTopic(accountOfArn(want.target.Arn)));
      if (changes.length) {
        notes.push(t.oneTopic);
        if (want.home !== 'us-east-1') notes.push(t.globalEvents);
        notes.push(t.backup);
      }
    }
    // The same words in every region, so the preview shows them once.
    if (crossRegion && !state.role && changes.length) notes.push(t.roleFirst(ROLE_NAME, want.home));
    if (changes.length) notes.push(untaggedParts(), t.costs);
    return { changes, notes };
  },
});
