/** Cost Anomaly Detection watches per-service spend and emails when it jumps. */
import { z } from 'zod';
import type { AnomalyMonitor, AnomalySubscription, AnomalySubscriptionFrequency, Expression, SubscriberType } from '@aws-sdk/client-cost-explorer';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../src/aws/create-once.js';
import { collectPages, withoutEmpty } from '../src/aws/paginate.js';
import type { MonthlyBudgetInputs } from './monthly-budget/monthly-budget.js';
import { defineStep, type Change, type StepContext, type UndoAction } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, RUN_TAG, tagMap, tagsText } from '../src/core/tags.js';
import { emailList, emailListQuestion, sameEmailSet } from '../src/validate.js';

const DEFAULT_MONITOR_NAME = 'aws-bootstrap-services';
const DEFAULT_SUBSCRIPTION_NAME = 'aws-bootstrap-cost-anomalies';

const FREQUENCIES_JA: Record<string, string> = { DAILY: '日次の要約', WEEKLY: '週次の要約', IMMEDIATE: '個々のアラート' };

const en = {
  title: 'Cost Anomaly Detection emails unusual spend per AWS service',
  why: 'A budget only fires at a fixed amount; anomaly detection notices a service suddenly costing far more than usual (a runaway job, a leaked key) while the total is still under budget.',
  input: {
    thresholdNumber: 'expected a number, like 100',
    thresholdMin: 'a threshold is at least 0',
    thresholdMax: 'a threshold is at most 10,000,000,000',
    decimals: 'expected at most 2 decimal places',
    thresholdType: "expected 'absolute' (USD of unexpected spend) or 'percentage' (above the expected spend)",
    immediate: 'IMMEDIATE alerts can only go to an SNS topic, not to email addresses; use DAILY or WEEKLY',
    frequency: 'expected DAILY or WEEKLY',
    monitorNameEmpty: 'give a monitor name',
    monitorNameTooLong: 'a monitor name is at most 1024 characters',
    subscriptionNameEmpty: 'give a subscription name',
    subscriptionNameTooLong: 'a subscription name is at most 1024 characters',
  },
  question: 'Email addresses for cost anomaly alerts (comma-separated, up to 10):',
  /** What a subscription sends: "daily summary of anomalies with impact ≥ USD 100, to a@example.com". */
  describe: {
    customThreshold: 'a custom threshold',
    noThreshold: 'no threshold',
    absolute: (value: number) => `impact ≥ USD ${value}`,
    percentage: (value: number) => `impact ≥ ${value} %`,
    subscription: (frequency: string, threshold: string, to: string) =>
      `${frequency.toLowerCase()} ${frequency === 'IMMEDIATE' ? 'alerts' : 'summary'} of anomalies with ${threshold}, to ${to}`,
    quoted: (name: string) => `"${name}"`,
  },
  plan: {
    existingMonitor: (name: string) => `Using the account's existing services monitor "${name}" (an account can have only one).`,
    createMonitor: (name: string) => `Create the cost anomaly monitor "${name}" for AWS services`,
    noMonitor: 'no monitor of per-service spend',
    monitorAfter: (name: string, tags: string) => `monitor "${name}": AWS-managed, evaluates each service's spend separately; tags: ${tags}`,
    updateSubscription: (name: string) => `Update the anomaly alert subscription "${name}"`,
    adopted: (name: string, sends: string) => `Subscription "${name}" already sends ${sends}; it is used as it is.`,
    subscribe: (emails: string) => `Subscribe ${emails} to cost anomaly alerts`,
    noSubscription: 'no alert subscription on the services monitor',
    subscriptionAfter: (sends: string, tags: string) => `${sends}; tags: ${tags}`,
  },
  undo: {
    deleteMonitor: (name: string) => `Delete the cost anomaly monitor "${name}" (created by this run)`,
    deleteSubscription: (name: string) => `Delete the anomaly alert subscription "${name}" (created by this run)`,
    restoreSubscription: (name: string, sends: string) => `Set the anomaly alert subscription "${name}" back to ${sends}`,
  },
  drift: {
    monitorGone: (name: string) => `the cost anomaly monitor "${name}" no longer exists`,
    theMonitor: (name: string) => `the cost anomaly monitor "${name}"`,
    monitorFeeds: (name: string, others: string) => `the monitor "${name}" now also feeds ${others}`,
    subscriptionGone: (name: string) => `the anomaly alert subscription "${name}" no longer exists`,
    theSubscription: (name: string) => `the anomaly alert subscription "${name}"`,
    subscriptionChanged: (name: string, sends: string) => `the anomaly alert subscription "${name}" was changed since this run: it now sends ${sends}`,
  },
  error: {
    monitorAppeared: (found: string, wanted: string) => `A services cost monitor "${found}" appeared while this run was creating "${wanted}"; an account can have only one. Run again to use it.`,
    noMonitor: 'The account has no services cost monitor to subscribe to; the change creating it must be applied first.',
    subscriptionAppeared: (name: string, sends: string) =>
      `An anomaly alert subscription "${name}" appeared while this run was creating it, sending ${sends}: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
    unknownKind: (kind: string) => `cost-anomaly-detection cannot undo an action of kind ${kind}`,
  },
};

const t = texts('cost-anomaly-detection', en, {
  title: 'コスト異常検出が AWS のサービスごとの異常な支出を E メールで知らせる',
  why: '予算の通知は決まった金額に達したときにしか届きません。コスト異常検出は、合計がまだ予算内でも、あるサービスのコストが急に普段よりずっと高くなったこと (暴走したジョブや漏えいしたキー) に気付きます。',
  input: {
    thresholdNumber: '100 のような数値を指定してください',
    thresholdMin: 'しきい値は 0 以上で指定してください',
    thresholdMax: 'しきい値は 10,000,000,000 以下で指定してください',
    decimals: '小数点以下は 2 桁までで指定してください',
    thresholdType: "'absolute' (想定外の支出の USD 額) か 'percentage' (想定される支出を上回る割合) を指定してください",
    immediate: 'IMMEDIATE (個々のアラート) は SNS トピックにしか送れず、E メールアドレスには送れません。DAILY か WEEKLY を指定してください',
    frequency: 'DAILY か WEEKLY を指定してください',
    monitorNameEmpty: 'モニター名を指定してください',
    monitorNameTooLong: 'モニター名は 1024 文字以内で指定してください',
    subscriptionNameEmpty: 'サブスクリプション名を指定してください',
    subscriptionNameTooLong: 'サブスクリプション名は 1024 文字以内で指定してください',
  },
  question: 'コスト異常のアラートを送る E メールアドレス (カンマ区切り、10 件まで):',
  describe: {
    customThreshold: 'カスタムのしきい値',
    noThreshold: 'しきい値なし',
    absolute: (value: number) => `影響額 ≥ USD ${value}`,
    percentage: (value: number) => `影響率 ≥ ${value} %`,
    subscription: (frequency: string, threshold: string, to: string) => `${FREQUENCIES_JA[frequency] ?? frequency} (${threshold} の異常、宛先: ${to})`,
    quoted: (name: string) => `「${name}」`,
  },
  plan: {
    existingMonitor: (name: string) => `アカウントに既にある AWS のサービスのコストモニター「${name}」を使います (1 つのアカウントに 1 つしか作れません)。`,
    createMonitor: (name: string) => `AWS のサービスのコストモニター「${name}」を作成する`,
    noMonitor: 'サービスごとの支出のモニターなし',
    monitorAfter: (name: string, tags: string) => `モニター「${name}」: AWS 管理、サービスごとの支出を個別に評価、タグ: ${tags}`,
    updateSubscription: (name: string) => `アラートサブスクリプション「${name}」を更新する`,
    adopted: (name: string, sends: string) => `サブスクリプション「${name}」はすでに${sends}を送っています。そのまま使います。`,
    subscribe: (emails: string) => `${emails} 宛てのアラートサブスクリプションを作成する`,
    noSubscription: 'AWS のサービスのモニターにアラートサブスクリプションなし',
    subscriptionAfter: (sends: string, tags: string) => `${sends}、タグ: ${tags}`,
  },
  undo: {
    deleteMonitor: (name: string) => `コストモニター「${name}」を削除する (この実行で作成)`,
    deleteSubscription: (name: string) => `アラートサブスクリプション「${name}」を削除する (この実行で作成)`,
    restoreSubscription: (name: string, sends: string) => `アラートサブスクリプション「${name}」を元に戻す: ${sends}`,
  },
  drift: {
    monitorGone: (name: string) => `コストモニター「${name}」はもう存在しない`,
    theMonitor: (name: string) => `コストモニター「${name}」`,
    monitorFeeds: (name: string, others: string) => `モニター「${name}」は現在${others}にも使われている`,
    subscriptionGone: (name: string) => `アラートサブスクリプション「${name}」はもう存在しない`,
    theSubscription: (name: string) => `アラートサブスクリプション「${name}」`,
    subscriptionChanged: (name: string, sends: string) => `アラートサブスクリプション「${name}」はこの実行の後に変更された: 現在は${sends}`,
  },
  error: {
    monitorAppeared: (found: string, wanted: string) =>
      `この実行が「${wanted}」を作成している間に、AWS のサービスのコストモニター「${found}」が現れました。1 つのアカウントに作れるのは 1 つだけです。もう一度実行すると、そのモニターを使います。`,
    noMonitor: 'サブスクリプションの対象になる AWS のサービスのコストモニターがアカウントにありません。先にモニターを作成する変更を適用する必要があります。',
    subscriptionAppeared: (name: string, sends: string) =>
      `この実行が作成している間にアラートサブスクリプション「${name}」が現れました (${sends})。この実行が求めたものではないため、手を付けずに残します。もう一度実行すると、そのサブスクリプションに対する計画を確認できます。`,
    unknownKind: (kind: string) => `cost-anomaly-detection は種類 ${kind} の操作を元に戻せません`,
  },
});

const inputSchema = z
  .object({
    emails: emailList,
    /** Alert on anomalies whose total impact is at least this much (USD or %, see thresholdType). */
    threshold: z
      .number({ error: () => t.input.thresholdNumber })
      .min(0, { error: () => t.input.thresholdMin })
      .max(10_000_000_000, { error: () => t.input.thresholdMax })
      .refine((value) => /^-?\d+(\.\d{1,2})?$/.test(String(value)), { error: () => t.input.decimals })
      .default(100),
    thresholdType: z.enum(['absolute', 'percentage'], { error: () => t.input.thresholdType }).default('absolute'),
    frequency: z
      .enum(['DAILY', 'WEEKLY'], {
        error: (issue) => (issue.input === 'IMMEDIATE' ? t.input.immediate : t.input.frequency),
      })
      .default('DAILY'),
    /** Used only when the account has no services monitor yet (it can have only one). */
    monitorName: z.string().trim().min(1, { error: () => t.input.monitorNameEmpty }).max(1024, { error: () => t.input.monitorNameTooLong }).default(DEFAULT_MONITOR_NAME),
    subscriptionName: z
      .string()
      .trim()
      .min(1, { error: () => t.input.subscriptionNameEmpty })
      .max(1024, { error: () => t.input.subscriptionNameTooLong })
      .default(DEFAULT_SUBSCRIPTION_NAME),
  })
  .strict();
export type CostAnomalyInputs = z.output<typeof inputSchema>;

export interface AnomalySubscriber {
  readonly Type: SubscriberType;
  readonly Address: string;
}

/** What a subscription does; JSON-safe, so undo can send a previous one back verbatim. */
export interface SubscriptionSettings {
  readonly name: string;
  readonly subscribers: readonly AnomalySubscriber[];
  readonly frequency: AnomalySubscriptionFrequency;
  /** Undefined only for a subscription that has no threshold at all. */
  readonly thresholdExpression?: Expression;
}

export interface ObservedMonitor {
  readonly arn: string;
  readonly name: string;
  readonly type: string;
  readonly dimension?: string;
  /** Read for the services monitor only (the one this step could have created); absent when none. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ObservedSubscription {
  readonly arn: string;
  readonly monitorArns: readonly string[];
  readonly settings: SubscriptionSettings;
  /** Read for the services monitor's subscriptions only (where this step creates one); absent when none. */
  readonly tags?: Readonly<Record<string, string>>;
}

export type CostAnomalyState = { monitors: readonly ObservedMonitor[]; subscriptions: readonly ObservedSubscription[] };

/**
 * The subscription needs the monitor's ARN. When the monitor is created in the same run, the
 * ARN is unknown at plan time: the subscription change then finds the account's services monitor
 * when it is applied (there can be only one). Two changes keep one undo record per resource, so
 * a failure between them never leaves a monitor the undo log does not know about.
 */
export type CostAnomalyPayload =
  | { action: 'create-monitor'; monitorName: string }
  | { action: 'create-subscription'; monitorArn?: string; subscription: SubscriptionSettings }
  | { action: 'update-subscription'; subscriptionArn: string; subscription: SubscriptionSettings; previous: SubscriptionSettings };

/**
 * The undo records this step writes. A monitor's record names the run's subscription (which
 * subscription on it is ours); a subscription's keeps the settings this run gave it.
 */
export type CostAnomalyUndo =
  | { kind: 'delete-monitor'; description: string; monitorArn?: string; monitorName: string; subscriptionName: string }
  | { kind: 'delete-subscription'; description: string; subscriptionArn?: string; subscription: SubscriptionSettings }
  | { kind: 'restore-subscription'; description: string; subscriptionArn: string; subscription: SubscriptionSettings; previous: SubscriptionSettings };

const IMPACT_KEYS = { absolute: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', percentage: 'ANOMALY_TOTAL_IMPACT_PERCENTAGE' } as const;
type Threshold = { type: keyof typeof IMPACT_KEYS; value: number };

const isServicesMonitor = (m: ObservedMonitor) => m.type === 'DIMENSIONAL' && m.dimension === 'SERVICE';

function impactExpression(threshold: Threshold): Expression {
  return { Dimensions: { Key: IMPACT_KEYS[threshold.type], MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(threshold.value)] } };
}

/** The threshold of a single-condition expression; undefined for anything more elaborate. */
function thresholdOf(expression: Expression | undefined): Threshold | undefined {
  const dimension = expression?.Dimensions;
  if (!dimension || expression.And || expression.Or || expression.Not) return undefined;
  if (dimension.MatchOptions?.length !== 1 || dimension.MatchOptions[0] !== 'GREATER_THAN_OR_EQUAL' || dimension.Values?.length !== 1) return undefined;
  const type = (Object.keys(IMPACT_KEYS) as Threshold['type'][]).find((key) => IMPACT_KEYS[key] === dimension.Key);
  const value = Number(dimension.Values[0]);
  return type && Number.isFinite(value) ? { type, value } : undefined;
}

function thresholdText(expression: Expression | undefined): string {
  const threshold = thresholdOf(expression);
  if (!threshold) return expression ? t.describe.customThreshold : t.describe.noThreshold;
  return threshold.type === 'absolute' ? t.describe.absolute(threshold.value) : t.describe.percentage(threshold.value);
}

/** "daily summary of anomalies with impact ≥ USD 100, to a@example.com, b@example.com". */
function subscriptionText(s: SubscriptionSettings): string {
  return t.describe.subscription(s.frequency, thresholdText(s.thresholdExpression), s.subscribers.map((x) => x.Address).join(', '));
}

const emailsOf = (s: SubscriptionSettings) => s.subscribers.filter((x) => x.Type === 'EMAIL').map((x) => x.Address);

function sameSettings(a: SubscriptionSettings, b: SubscriptionSettings): boolean {
  const key = (s: SubscriptionSettings) => s.subscribers.map((x) => `${x.Type} ${x.Address.toLowerCase()}`).sort().join();
  const thresholdA = thresholdOf(a.thresholdExpression);
  const thresholdB = thresholdOf(b.thresholdExpression);
  const sameThreshold = thresholdA && thresholdB
    ? thresholdA.type === thresholdB.type && thresholdA.value === thresholdB.value
    : JSON.stringify(withoutEmpty(a.thresholdExpression)) === JSON.stringify(withoutEmpty(b.thresholdExpression));
  return a.name === b.name && a.frequency === b.frequency && key(a) === key(b) && sameThreshold;
}

function wantedSettings(inputs: CostAnomalyInputs): SubscriptionSettings {
  return {
    name: inputs.subscriptionName,
    subscribers: inputs.emails.map((Address) => ({ Type: 'EMAIL', Address })),
    frequency: inputs.frequency,
    thresholdExpression: impactExpression({ type: inputs.thresholdType, value: inputs.threshold }),
  };
}

/** The fields Create/UpdateAnomalySubscription take; ThresholdExpression only, never the deprecated Threshold. */
function subscriptionFields(s: SubscriptionSettings) {
  return {
    SubscriptionName: s.name,
    Subscribers: s.subscribers.map((x) => ({ Type: x.Type, Address: x.Address })),
    Frequency: s.frequency,
    ...(s.thresholdExpression ? { ThresholdExpression: s.thresholdExpression } : {}),
  };
}

async function findServicesMonitor(ctx: StepContext): Promise<AnomalyMonitor | undefined> {
  const { client, sdk } = await ctx.aws.use('costexplorer');
  const monitors = await collectPages(sdk.paginateGetAnomalyMonitors({ client }, {}), (page) => page.AnomalyMonitors);
  return monitors.find((m) => m.MonitorType === 'DIMENSIONAL' && m.MonitorDimension === 'SERVICE');
}

/** A monitor's or subscription's tags; none when it is gone (deleted since it was listed). */
async function readTags(ctx: StepContext, ResourceArn: string): Promise<Record<string, string>> {
  const { client, sdk } = await ctx.aws.use('costexplorer');
  try {
    return tagMap((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn }))).ResourceTags);
  } catch (error) {
    if (error instanceof sdk.ResourceNotFoundException) return {};
    throw error;
  }
}

/** Whether what a lost create answer left behind carries this run's tag: only then did our request make it. */
const taggedByThisRun = async (ctx: StepContext, arn: string) => (await readTags(ctx, arn))[RUN_TAG] === bootstrapTags(ctx.runId)[RUN_TAG];

const withTags = <T>(resource: T, tags: Record<string, string>): T => (Object.keys(tags).length ? { ...resource, tags } : resource);

function subscriptionOf(s: AnomalySubscription): ObservedSubscription {
  // The deprecated Threshold is shorthand for an absolute ThresholdExpression.
  const thresholdExpression = s.ThresholdExpression ?? (s.Threshold !== undefined ? impactExpression({ type: 'absolute', value: s.Threshold }) : undefined);
  return {
    arn: s.SubscriptionArn ?? '',
    monitorArns: s.MonitorArnList ?? [],
    settings: {
      name: s.SubscriptionName ?? '',
      subscribers: (s.Subscribers ?? []).map((x) => ({ Type: x.Type ?? 'EMAIL', Address: x.Address ?? '' })),
      frequency: s.Frequency ?? 'DAILY',
      ...(thresholdExpression ? { thresholdExpression } : {}),
    },
  };
}



export default defineStep<CostAnomalyState, CostAnomalyInputs, CostAnomalyPayload, CostAnomalyUndo>({
  id: 'cost-anomaly-detection',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: {
    observe: ['ce:GetAnomalyMonitors', 'ce:GetAnomalySubscriptions', 'ce:ListTagsForResource'],
    // Monitors and subscriptions (and their tags) are read in apply after a lost answer, to see
    // whether the create went through; creating them with ResourceTags needs ce:TagResource too.
    apply: ['ce:GetAnomalyMonitors', 'ce:GetAnomalySubscriptions', 'ce:ListTagsForResource', 'ce:CreateAnomalyMonitor', 'ce:CreateAnomalySubscription', 'ce:UpdateAnomalySubscription', 'ce:TagResource'],
    undo: ['ce:DeleteAnomalySubscription', 'ce:DeleteAnomalyMonitor', 'ce:UpdateAnomalySubscription'],
  },

  inputs: {
    schema: inputSchema,
    questions(state, given, earlier = {}) {
      if (given.emails !== undefined) return [];
      // Offer the addresses our subscription already has, so a re-run keeps them.
      const name = typeof given.subscriptionName === 'string' ? given.subscriptionName : DEFAULT_SUBSCRIPTION_NAME;
      const current = (state as CostAnomalyState).subscriptions.find((s) => s.settings.name === name);
      const currentEmails = current ? emailsOf(current.settings) : [];
      // The budget's alert addresses, given earlier in this run, are offered.
      const budgetEmails = (earlier['monthly-budget'] as MonthlyBudgetInputs | undefined)?.emails ?? [];
      return [emailListQuestion(t.question, currentEmails, budgetEmails)];
    },
  },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('costexplorer');
    const [monitors, subscriptions] = await Promise.all([
      collectPages(sdk.paginateGetAnomalyMonitors({ client }, {}), (page) => page.AnomalyMonitors),
      collectPages(sdk.paginateGetAnomalySubscriptions({ client }, {}), (page) => page.AnomalySubscriptions),
    ]);
    const observed = monitors.map((m): ObservedMonitor => ({ arn: m.MonitorArn ?? '', name: m.MonitorName ?? '', type: m.MonitorType ?? '', ...(m.MonitorDimension ? { dimension: m.MonitorDimension } : {}) }));
    // Tags are read for undo only (`StepContext.readTags`), and only where this step creates: the services monitor and its subscriptions.
    const services = ctx.readTags ? observed.find(isServicesMonitor) : undefined;
    const tagged = (arn: string) => services !== undefined && (arn === services.arn || subscriptions.some((s) => s.SubscriptionArn === arn && s.MonitorArnList?.includes(services.arn)));
    const tagsOf = async (arn: string) => (tagged(arn) ? readTags(ctx, arn) : {});
    return {
      monitors: await Promise.all(observed.map(async (m) => withTags(m, await tagsOf(m.arn)))),
      subscriptions: await Promise.all(subscriptions.map(subscriptionOf).map(async (s) => withTags(s, await tagsOf(s.arn)))),
    };
  },

  plan(state, inputs, ctx) {
    const wanted = wantedSettings(inputs);
    const monitor = state.monitors.find(isServicesMonitor);
    const changes: Change<CostAnomalyPayload>[] = [];
    const notes: string[] = [];
    if (monitor) {
      notes.push(t.plan.existingMonitor(monitor.name));
    } else {
      changes.push({
        summary: t.plan.createMonitor(inputs.monitorName),
        before: t.plan.noMonitor,
        after: t.plan.monitorAfter(inputs.monitorName, tagsText(ctx.runId)),
        payload: { action: 'create-monitor', monitorName: inputs.monitorName },
      });
    }

    const onMonitor = monitor ? state.subscriptions.filter((s) => s.monitorArns.includes(monitor.arn)) : [];
    const ours = onMonitor.find((s) => s.settings.name === inputs.subscriptionName);
    if (ours) {
      if (!sameSettings(ours.settings, wanted)) {
        changes.push({
          summary: t.plan.updateSubscription(wanted.name),
          before: subscriptionText(ours.settings),
          after: subscriptionText(wanted),
          payload: { action: 'update-subscription', subscriptionArn: ours.arn, subscription: wanted, previous: ours.settings },
        });
      }
      return { changes, notes };
    }
    const adopted = onMonitor.find((s) => sameEmailSet(emailsOf(s.settings), inputs.emails));
    if (adopted) {
      notes.push(t.plan.adopted(adopted.settings.name, subscriptionText(adopted.settings)));
      return { changes, notes };
    }
    changes.push({
      summary: t.plan.subscribe(inputs.emails.join(', ')),
      before: t.plan.noSubscription,
      after: t.plan.subscriptionAfter(subscriptionText(wanted), tagsText(ctx.runId)),
      payload: { action: 'create-subscription', ...(monitor ? { monitorArn: monitor.arn } : {}), subscription: wanted },
    });
    return { changes, notes };
  },

  async apply(ctx, change, inputs) {
    const { client, sdk } = await ctx.aws.use('costexplorer');
    const p = change.payload;
    switch (p.action) {
      case 'create-monitor': {
        // No client token, and an account has one services monitor at most: a blind retry is
        // refused. After a lost answer, the services monitor there is ours if it has our name.
        const monitorArn = await createOnce({
          // Tagged in the create call itself, so the monitor is never there untagged.
          create: async () => (await client.send(withoutBlindRetry(new sdk.CreateAnomalyMonitorCommand({
            AnomalyMonitor: { MonitorName: p.monitorName, MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' },
            ResourceTags: bootstrapTagList(ctx.runId),
          })))).MonitorArn,
          find: async () => {
            const monitor = await findServicesMonitor(ctx);
            if (!monitor) return undefined;
            if (monitor.MonitorName === p.monitorName && await taggedByThisRun(ctx, monitor.MonitorArn ?? '')) return monitor.MonitorArn;
            throw new Error(t.error.monitorAppeared(monitor.MonitorName ?? '', p.monitorName));
          },
        });
        // The subscription name tells undoDrift which subscription on this monitor is ours.
        return { kind: 'delete-monitor', description: t.undo.deleteMonitor(p.monitorName), monitorArn, monitorName: p.monitorName, subscriptionName: inputs.subscriptionName };
      }
      case 'create-subscription': {
        const monitorArn = p.monitorArn ?? (await findServicesMonitor(ctx))?.MonitorArn;
        if (!monitorArn) throw new Error(t.error.noMonitor);
        // No client token, and names need not be unique: a blind retry would make a second
        // subscription. After a lost answer, one of this name on the monitor is ours if it sends what was asked.
        const subscriptionArn = await createOnce({
          create: async () => (await client.send(withoutBlindRetry(new sdk.CreateAnomalySubscriptionCommand({
            AnomalySubscription: { MonitorArnList: [monitorArn], ...subscriptionFields(p.subscription) },
            ResourceTags: bootstrapTagList(ctx.runId),
          })))).SubscriptionArn,
          find: async () => {
            const onMonitor = await collectPages(sdk.paginateGetAnomalySubscriptions({ client }, { MonitorArn: monitorArn }), (page) => page.AnomalySubscriptions);
            const named = onMonitor.map(subscriptionOf).find((s) => s.settings.name === p.subscription.name);
            if (!named) return undefined;
            if (sameSettings(named.settings, p.subscription) && await taggedByThisRun(ctx, named.arn)) return named.arn;
            throw new Error(t.error.subscriptionAppeared(p.subscription.name, subscriptionText(named.settings)));
          },
        });
        return { kind: 'delete-subscription', description: t.undo.deleteSubscription(p.subscription.name), subscriptionArn, subscription: p.subscription };
      }
      case 'update-subscription':
        await client.send(new sdk.UpdateAnomalySubscriptionCommand({ SubscriptionArn: p.subscriptionArn, ...subscriptionFields(p.subscription) }));
        return { kind: 'restore-subscription', description: t.undo.restoreSubscription(p.previous.name, subscriptionText(p.previous)), subscriptionArn: p.subscriptionArn, subscription: p.subscription, previous: p.previous };
    }
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('costexplorer');
    switch (action.kind) {
      case 'delete-monitor':
        return sendDoneOnRetry(new sdk.DeleteAnomalyMonitorCommand({ MonitorArn: action.monitorArn }), (c) => client.send(c), 'UnknownMonitorException');
      case 'delete-subscription':
        return sendDoneOnRetry(new sdk.DeleteAnomalySubscriptionCommand({ SubscriptionArn: action.subscriptionArn }), (c) => client.send(c), 'UnknownSubscriptionException');
      case 'restore-subscription':
        await client.send(new sdk.UpdateAnomalySubscriptionCommand({ SubscriptionArn: action.subscriptionArn, ...subscriptionFields(action.previous) }));
        return;
      default: {
        // A record of another kind (an edited log) is refused rather than guessed at.
        const unknown: UndoAction = action;
        throw new Error(t.error.unknownKind(unknown.kind));
      }
    }
  },

  undoDrift(state, action, recorded) {
    if (action.kind === 'delete-monitor') {
      const monitor = state.monitors.find((m) => m.arn === action.monitorArn);
      if (!monitor) return t.drift.monitorGone(action.monitorName);
      const foreign = recorded && notCreatedByRun(monitor.tags, recorded.runId, t.drift.theMonitor(monitor.name));
      if (foreign) return foreign;
      const others = state.subscriptions.filter((s) => s.monitorArns.includes(monitor.arn) && s.settings.name !== action.subscriptionName);
      return others.length ? t.drift.monitorFeeds(monitor.name, others.map((s) => t.describe.quoted(s.settings.name)).join(', ')) : undefined;
    }
    const subscription = state.subscriptions.find((s) => s.arn === action.subscriptionArn);
    const set = action.subscription;
    if (!subscription) return t.drift.subscriptionGone(set.name);
    // Deleting is for a subscription this run created; restoring one it adopted keeps the settings check alone.
    const foreign = action.kind === 'delete-subscription' && recorded && notCreatedByRun(subscription.tags, recorded.runId, t.drift.theSubscription(subscription.settings.name));
    if (foreign) return foreign;
    return sameSettings(subscription.settings, set) ? undefined : t.drift.subscriptionChanged(set.name, subscriptionText(subscription.settings));
  },
});
