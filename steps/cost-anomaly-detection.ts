/** Cost Anomaly Detection watches per-service spend and emails when it jumps. */
import { z } from 'zod';
import type { AnomalyMonitor, AnomalySubscription, AnomalySubscriptionFrequency, Expression, SubscriberType } from '@aws-sdk/client-cost-explorer';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../src/aws/create-once.js';
import { collectPages } from '../src/aws/paginate.js';
import type { MonthlyBudgetInputs } from './monthly-budget.js';
import { defineStep, type Change, type StepContext, type UndoAction } from '../src/core/step.js';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, RUN_TAG, tagMap, tagsText } from '../src/tags.js';
import { emailList, emailListQuestion, sameEmailSet } from '../src/validate.js';

const DEFAULT_MONITOR_NAME = 'aws-bootstrap-services';
const DEFAULT_SUBSCRIPTION_NAME = 'aws-bootstrap-cost-anomalies';

const inputSchema = z
  .object({
    emails: emailList,
    /** Alert on anomalies whose total impact is at least this much (USD or %, see thresholdType). */
    threshold: z
      .number({ error: 'expected a number, like 100' })
      .min(0, 'a threshold is at least 0')
      .max(10_000_000_000, 'a threshold is at most 10,000,000,000')
      .refine((value) => /^-?\d+(\.\d{1,2})?$/.test(String(value)), 'expected at most 2 decimal places')
      .default(100),
    thresholdType: z.enum(['absolute', 'percentage'], { error: "expected 'absolute' (USD of unexpected spend) or 'percentage' (above the expected spend)" }).default('absolute'),
    frequency: z
      .enum(['DAILY', 'WEEKLY'], {
        error: (issue) => (issue.input === 'IMMEDIATE'
          ? 'IMMEDIATE alerts can only go to an SNS topic, not to email addresses; use DAILY or WEEKLY'
          : 'expected DAILY or WEEKLY'),
      })
      .default('DAILY'),
    /** Used only when the account has no services monitor yet (it can have only one). */
    monitorName: z.string().trim().min(1, 'give a monitor name').max(1024, 'a monitor name is at most 1024 characters').default(DEFAULT_MONITOR_NAME),
    subscriptionName: z.string().trim().min(1, 'give a subscription name').max(1024, 'a subscription name is at most 1024 characters').default(DEFAULT_SUBSCRIPTION_NAME),
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
  const type = (Object.keys(IMPACT_KEYS) as Threshold['type'][]).find((t) => IMPACT_KEYS[t] === dimension.Key);
  const value = Number(dimension.Values[0]);
  return type && Number.isFinite(value) ? { type, value } : undefined;
}

function thresholdText(expression: Expression | undefined): string {
  const threshold = thresholdOf(expression);
  if (!threshold) return expression ? 'a custom threshold' : 'no threshold';
  return threshold.type === 'absolute' ? `impact ≥ USD ${threshold.value}` : `impact ≥ ${threshold.value} %`;
}

/** "daily summary of anomalies with impact ≥ USD 100, to a@example.com, b@example.com". */
function subscriptionText(s: SubscriptionSettings): string {
  return `${s.frequency.toLowerCase()} ${s.frequency === 'IMMEDIATE' ? 'alerts' : 'summary'} of anomalies with ${thresholdText(s.thresholdExpression)}, to ${s.subscribers.map((x) => x.Address).join(', ')}`;
}

const emailsOf = (s: SubscriptionSettings) => s.subscribers.filter((x) => x.Type === 'EMAIL').map((x) => x.Address);

function sameSettings(a: SubscriptionSettings, b: SubscriptionSettings): boolean {
  const key = (s: SubscriptionSettings) => s.subscribers.map((x) => `${x.Type} ${x.Address.toLowerCase()}`).sort().join();
  const thresholdA = thresholdOf(a.thresholdExpression);
  const thresholdB = thresholdOf(b.thresholdExpression);
  const sameThreshold = thresholdA && thresholdB
    ? thresholdA.type === thresholdB.type && thresholdA.value === thresholdB.value
    : JSON.stringify(a.thresholdExpression) === JSON.stringify(b.thresholdExpression);
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



export default defineStep<CostAnomalyState, CostAnomalyInputs, CostAnomalyPayload>({
  id: 'cost-anomaly-detection',
  title: 'Cost Anomaly Detection emails unusual spend per AWS service',
  why: 'A budget only fires at a fixed amount; anomaly detection notices a service suddenly costing far more than usual (a runaway job, a leaked key) while the total is still under budget.',
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
      return [emailListQuestion('Email addresses for cost anomaly alerts (comma-separated, up to 10):', currentEmails, budgetEmails)];
    },
  },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('costexplorer');
    const [monitors, subscriptions] = await Promise.all([
      collectPages(sdk.paginateGetAnomalyMonitors({ client }, {}), (page) => page.AnomalyMonitors),
      collectPages(sdk.paginateGetAnomalySubscriptions({ client }, {}), (page) => page.AnomalySubscriptions),
    ]);
    const observed = monitors.map((m): ObservedMonitor => ({ arn: m.MonitorArn ?? '', name: m.MonitorName ?? '', type: m.MonitorType ?? '', ...(m.MonitorDimension ? { dimension: m.MonitorDimension } : {}) }));
    // Tags are read only where this step creates: the services monitor and its subscriptions.
    const services = observed.find(isServicesMonitor);
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
      notes.push(`Using the account's existing services monitor "${monitor.name}" (an account can have only one).`);
    } else {
      changes.push({
        summary: `Create the cost anomaly monitor "${inputs.monitorName}" for AWS services`,
        before: 'no monitor of per-service spend',
        after: `monitor "${inputs.monitorName}": AWS-managed, evaluates each service's spend separately; tags: ${tagsText(ctx.runId)}`,
        payload: { action: 'create-monitor', monitorName: inputs.monitorName },
      });
    }

    const onMonitor = monitor ? state.subscriptions.filter((s) => s.monitorArns.includes(monitor.arn)) : [];
    const ours = onMonitor.find((s) => s.settings.name === inputs.subscriptionName);
    if (ours) {
      if (!sameSettings(ours.settings, wanted)) {
        changes.push({
          summary: `Update the anomaly alert subscription "${wanted.name}"`,
          before: subscriptionText(ours.settings),
          after: subscriptionText(wanted),
          payload: { action: 'update-subscription', subscriptionArn: ours.arn, subscription: wanted, previous: ours.settings },
        });
      }
      return { changes, notes };
    }
    const adopted = onMonitor.find((s) => sameEmailSet(emailsOf(s.settings), inputs.emails));
    if (adopted) {
      notes.push(`Subscription "${adopted.settings.name}" already sends ${subscriptionText(adopted.settings)}; it is used as it is.`);
      return { changes, notes };
    }
    changes.push({
      summary: `Subscribe ${inputs.emails.join(', ')} to cost anomaly alerts`,
      before: 'no alert subscription on the services monitor',
      after: `${subscriptionText(wanted)}; tags: ${tagsText(ctx.runId)}`,
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
            throw new Error(`A services cost monitor "${monitor.MonitorName}" appeared while this run was creating "${p.monitorName}"; an account can have only one. Run again to use it.`);
          },
        });
        // The subscription name tells undoDrift which subscription on this monitor is ours.
        return { kind: 'delete-monitor', description: `Delete the cost anomaly monitor "${p.monitorName}" (created by this run)`, monitorArn, monitorName: p.monitorName, subscriptionName: inputs.subscriptionName };
      }
      case 'create-subscription': {
        const monitorArn = p.monitorArn ?? (await findServicesMonitor(ctx))?.MonitorArn;
        if (!monitorArn) throw new Error('The account has no services cost monitor to subscribe to; the change creating it must be applied first.');
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
            throw new Error(`An anomaly alert subscription "${p.subscription.name}" appeared while this run was creating it, sending ${subscriptionText(named.settings)}: not what this run asked for, so it is left alone. Run again to see the plan for it.`);
          },
        });
        return { kind: 'delete-subscription', description: `Delete the anomaly alert subscription "${p.subscription.name}" (created by this run)`, subscriptionArn, subscription: p.subscription };
      }
      case 'update-subscription':
        await client.send(new sdk.UpdateAnomalySubscriptionCommand({ SubscriptionArn: p.subscriptionArn, ...subscriptionFields(p.subscription) }));
        return { kind: 'restore-subscription', description: `Set the anomaly alert subscription "${p.previous.name}" back to ${subscriptionText(p.previous)}`, subscriptionArn: p.subscriptionArn, subscription: p.subscription, previous: p.previous };
    }
  },

  async undo(ctx, action: UndoAction) {
    const { client, sdk } = await ctx.aws.use('costexplorer');
    switch (action.kind) {
      case 'delete-monitor':
        return sendDoneOnRetry(new sdk.DeleteAnomalyMonitorCommand({ MonitorArn: action.monitorArn as string }), (c) => client.send(c), 'UnknownMonitorException');
      case 'delete-subscription':
        return sendDoneOnRetry(new sdk.DeleteAnomalySubscriptionCommand({ SubscriptionArn: action.subscriptionArn as string }), (c) => client.send(c), 'UnknownSubscriptionException');
      case 'restore-subscription':
        await client.send(new sdk.UpdateAnomalySubscriptionCommand({ SubscriptionArn: action.subscriptionArn as string, ...subscriptionFields(action.previous as SubscriptionSettings) }));
        return;
      default:
        throw new Error(`cost-anomaly-detection cannot undo an action of kind ${action.kind}`);
    }
  },

  undoDrift(state, action, recorded) {
    if (action.kind === 'delete-monitor') {
      const monitor = state.monitors.find((m) => m.arn === action.monitorArn);
      if (!monitor) return `the cost anomaly monitor "${String(action.monitorName)}" no longer exists`;
      const foreign = recorded && notCreatedByRun(monitor.tags, recorded.runId, `the cost anomaly monitor "${monitor.name}"`);
      if (foreign) return foreign;
      const others = state.subscriptions.filter((s) => s.monitorArns.includes(monitor.arn) && s.settings.name !== action.subscriptionName);
      return others.length ? `the monitor "${monitor.name}" now also feeds ${others.map((s) => `"${s.settings.name}"`).join(', ')}` : undefined;
    }
    const subscription = state.subscriptions.find((s) => s.arn === action.subscriptionArn);
    const set = action.subscription as SubscriptionSettings;
    if (!subscription) return `the anomaly alert subscription "${set.name}" no longer exists`;
    // Deleting is for a subscription this run created; restoring one it adopted keeps the settings check alone.
    const foreign = action.kind === 'delete-subscription' && recorded && notCreatedByRun(subscription.tags, recorded.runId, `the anomaly alert subscription "${subscription.settings.name}"`);
    if (foreign) return foreign;
    return sameSettings(subscription.settings, set) ? undefined : `the anomaly alert subscription "${set.name}" was changed since this run: it now sends ${subscriptionText(subscription.settings)}`;
  },
});
