/** The Budgets API for the step: reading a budget with its alerts and tags, and writes safe against a lost answer. */
import type { ServiceHandle } from '../../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import type { StepContext } from '../../src/core/step.js';
import { bootstrapTagList, bootstrapTags, RUN_TAG, tagMap } from '../../src/core/tags.js';
import { addresses, alertText, alertWithRecipients, definitionOf, limitText, recipientCalls, sameSubscribers, toSdkBudget, type BudgetAlert, type BudgetDefinition, type BudgetNotification, type BudgetSubscriber, type ObservedBudget } from './budget.js';
import { t } from './texts.js';

export type Budgets = ServiceHandle<'budgets'>;

/** Budgets has answered NotFoundException for "no budgets" / "no notifications" instead of an empty list. */
export async function orNone<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return [];
    throw error;
  }
}



/** The recipients of one alert; none when the alert (or the budget) does not exist. */
export function readSubscribers({ client, sdk }: Budgets, AccountId: string, BudgetName: string, Notification: BudgetNotification): Promise<BudgetSubscriber[]> {
  return orNone(() => collectPages(sdk.paginateDescribeSubscribersForNotification({ client }, { AccountId, BudgetName, Notification }), (page) => page.Subscribers as BudgetSubscriber[]));
}

export async function readAlerts(budgets: Budgets, AccountId: string, BudgetName: string): Promise<BudgetAlert[]> {
  const { client, sdk } = budgets;
  const notifications = await orNone(() => collectPages(sdk.paginateDescribeNotificationsForBudget({ client }, { AccountId, BudgetName }), (page) => page.Notifications));
  return Promise.all(notifications.map(async ({ NotificationState: _state, ...identity }) => {
    // An omitted ThresholdType means PERCENTAGE.
    const notification = { ...identity, ThresholdType: identity.ThresholdType ?? 'PERCENTAGE' } as BudgetNotification;
    return { notification, subscribers: await readSubscribers(budgets, AccountId, BudgetName, notification) };
  }));
}

/** As IAM names a budget: `arn:<partition>:budgets::<account>:budget/<name>`. */
export const budgetArn = (partition: string, AccountId: string, BudgetName: string) => `arn:${partition}:budgets::${AccountId}:budget/${BudgetName}`;

/** A budget's tags; none when it is gone (deleted since it was listed). */
export async function readTags({ client, sdk }: Budgets, ResourceARN: string): Promise<Record<string, string>> {
  try {
    return tagMap((await client.send(new sdk.ListTagsForResourceCommand({ ResourceARN }))).ResourceTags);
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return {};
    throw error;
  }
}

/** A budget with its alerts and tags (`tags` left out when it has none, or unless `withTags`: undo's read, and after a lost answer). */
export async function observed(budgets: Budgets, partition: string, AccountId: string, definition: BudgetDefinition, withTags = true): Promise<ObservedBudget> {
  const [alerts, tags] = await Promise.all([readAlerts(budgets, AccountId, definition.BudgetName), withTags ? readTags(budgets, budgetArn(partition, AccountId, definition.BudgetName)) : {}]);
  return { definition, alerts, ...(Object.keys(tags).length ? { tags } : {}) };
}

export async function readBudget(budgets: Budgets, partition: string, AccountId: string, BudgetName: string): Promise<ObservedBudget | undefined> {
  const { client, sdk } = budgets;
  try {
    const { Budget } = await client.send(new sdk.DescribeBudgetCommand({ AccountId, BudgetName, ShowFilterExpression: true }));
    return Budget ? await observed(budgets, partition, AccountId, definitionOf(Budget)) : undefined;
  } catch (error) {
    if (isErrorCode(error, 'NotFoundException')) return undefined;
    throw error;
  }
}

/**
 * The writes, each safe against an answer lost after Budgets made the change (a timeout, a 5xx,
 * a reset connection): a delete retried into "not found" is done, an update is simply sent
 * again, and no create is made twice or taken for ours unless it is what was asked.
 */
export async function budgetsApi(ctx: StepContext) {
  const budgets = await ctx.aws.use('budgets');
  const { client, sdk } = budgets;
  const AccountId = ctx.accountId;
  return {
    // Read again after a lost answer rather than retried into DuplicateRecordException: that
    // answer would equally come for a budget someone else made since observe, which is not ours to undo.
    // The tags go on in the create call itself, so the budget is never there untagged.
    createBudget: (budget: BudgetDefinition, alerts: readonly BudgetAlert[]) => createOnce({
      create: async () => {
        await client.send(withoutBlindRetry(new sdk.CreateBudgetCommand({
          AccountId,
          Budget: toSdkBudget(budget),
          NotificationsWithSubscribers: alerts.map((a) => ({ Notification: a.notification, Subscribers: [...a.subscribers] })),
          ResourceTags: bootstrapTagList(ctx.runId),
        })));
        return true;
      },
      find: async () => {
        const found = await readBudget(budgets, ctx.partition, AccountId, budget.BudgetName);
        if (!found) return undefined;
        // Our request made it only if it carries this run's tag (the create call put it on).
        if (found.tags?.[RUN_TAG] === bootstrapTags(ctx.runId)[RUN_TAG]) return true;
        throw new Error(t.error.budgetAppeared(budget.BudgetName, limitText(found.definition), found.alerts.map(alertWithRecipients).join('; ')));
      },
    }),
    updateBudget: (budget: BudgetDefinition) => client.send(new sdk.UpdateBudgetCommand({ AccountId, NewBudget: toSdkBudget(budget) })),
    deleteBudget: (BudgetName: string) => sendDoneOnRetry(new sdk.DeleteBudgetCommand({ AccountId, BudgetName }), (c) => client.send(c), 'NotFoundException'),
    // Read again after a lost answer, as for the budget: an alert with these recipients is ours only if our request made it.
    createNotification: (BudgetName: string, alert: BudgetAlert) => createOnce({
      create: async () => {
        await client.send(withoutBlindRetry(new sdk.CreateNotificationCommand({ AccountId, BudgetName, Notification: alert.notification, Subscribers: [...alert.subscribers] })));
        return true;
      },
      find: async () => {
        const subscribers = await readSubscribers(budgets, AccountId, BudgetName, alert.notification);
        // A notification always has a subscriber: none means it is not there.
        if (!subscribers.length) return undefined;
        if (sameSubscribers(subscribers, alert.subscribers)) return true;
        throw new Error(t.error.alertAppeared(alertText(alert.notification), BudgetName, addresses(subscribers)));
      },
    }),
    deleteNotification: (BudgetName: string, Notification: BudgetNotification) =>
      sendDoneOnRetry(new sdk.DeleteNotificationCommand({ AccountId, BudgetName, Notification }), (c) => client.send(c), 'NotFoundException'),
    async changeRecipients(BudgetName: string, Notification: BudgetNotification, from: readonly string[], to: readonly string[]) {
      for (const { add, address } of recipientCalls(from, to)) {
        const Subscriber = { SubscriptionType: 'EMAIL' as const, Address: address };
        // A subscriber is nothing but its address: DuplicateRecordException on a retry says
        // exactly what was asked is there (Budgets cannot hold it twice), so no read is needed.
        if (add) await sendDoneOnRetry(new sdk.CreateSubscriberCommand({ AccountId, BudgetName, Notification, Subscriber }), (c) => client.send(c), 'DuplicateRecordException');
        else await sendDoneOnRetry(new sdk.DeleteSubscriberCommand({ AccountId, BudgetName, Notification, Subscriber }), (c) => client.send(c), 'NotFoundException');
      }
    },
  };
}
