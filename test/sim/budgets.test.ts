import { AccessDeniedException, CreationLimitExceededException, DuplicateRecordException, InvalidParameterException, NotFoundException } from '@aws-sdk/client-budgets';
import { describe, expect, it } from 'vitest';
import { simService } from '../support/sim.js';

const AccountId = '123456789012';
const notification = { NotificationType: 'ACTUAL' as const, ComparisonOperator: 'GREATER_THAN' as const, Threshold: 80 };
const email = (Address: string) => ({ SubscriptionType: 'EMAIL' as const, Address });

async function budgets() {
  // Budgets is bound to us-east-1 by the client factory, whatever region is asked for.
  const env = await simService('budgets', 'ap-northeast-1');
  const { client, sdk } = env;
  const create = (BudgetName: string, emails = ['a@example.com']) =>
    client.send(new sdk.CreateBudgetCommand({
      AccountId,
      Budget: { BudgetName, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '50', Unit: 'USD' } },
      NotificationsWithSubscribers: [{ Notification: notification, Subscribers: emails.map(email) }],
    }));
  return { ...env, client, sdk, create };
}

describe('simulated Budgets', () => {
  it('returns a created budget the way Budgets does: amount as a decimal, dates as Dates, notification defaults filled in', async () => {
    const { sim, client, sdk, create } = await budgets();
    await create('monthly');
    const { Budgets } = await client.send(new sdk.DescribeBudgetsCommand({ AccountId }));
    expect(Budgets).toHaveLength(1);
    expect(Budgets![0]).toMatchObject({ BudgetName: 'monthly', BudgetLimit: { Amount: '50.0', Unit: 'USD' }, CostTypes: { IncludeTax: true } });
    expect(Budgets![0]!.TimePeriod!.Start).toBeInstanceOf(Date);
    const { Notifications } = await client.send(new sdk.DescribeNotificationsForBudgetCommand({ AccountId, BudgetName: 'monthly' }));
    expect(Notifications).toEqual([{ ...notification, ThresholdType: 'PERCENTAGE', NotificationState: 'OK' }]);
    expect(sim.calls.map((c) => c.region)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
  });

  it('answers with the real modeled errors', async () => {
    const { client, sdk, create } = await budgets();
    await create('monthly');
    await expect(create('monthly')).rejects.toBeInstanceOf(DuplicateRecordException);
    await expect(client.send(new sdk.DeleteBudgetCommand({ AccountId, BudgetName: 'missing' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new sdk.DescribeBudgetsCommand({ AccountId: '210987654321' }))).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(create('a:b')).rejects.toBeInstanceOf(InvalidParameterException);
    const subscriber = { AccountId, BudgetName: 'monthly', Notification: notification, Subscriber: email('a@example.com') };
    await expect(client.send(new sdk.CreateSubscriberCommand(subscriber))).rejects.toBeInstanceOf(DuplicateRecordException);
    await expect(client.send(new sdk.DeleteSubscriberCommand(subscriber))).rejects.toThrow('A notification must have at least one subscriber');
    await expect(client.send(new sdk.DeleteNotificationCommand({ AccountId, BudgetName: 'monthly', Notification: { ...notification, Threshold: 90 } }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('holds a notification to 10 email subscribers and a budget to 10 notifications', async () => {
    const { sim, client, sdk, create } = await budgets();
    const ten = Array.from({ length: 10 }, (_, i) => `u${i}@example.com`);
    await create('monthly', ten);
    const eleventh = client.send(new sdk.CreateSubscriberCommand({ AccountId, BudgetName: 'monthly', Notification: notification, Subscriber: email('u10@example.com') }));
    await expect(eleventh).rejects.toBeInstanceOf(CreationLimitExceededException);
    expect(sim.state.budgets.monthly!.notifications[0]!.subscribers).toHaveLength(10);
    for (let threshold = 1; threshold <= 9; threshold++) {
      await client.send(new sdk.CreateNotificationCommand({ AccountId, BudgetName: 'monthly', Notification: { ...notification, Threshold: threshold }, Subscribers: [email('a@example.com')] }));
    }
    const eleventhNotification = client.send(new sdk.CreateNotificationCommand({ AccountId, BudgetName: 'monthly', Notification: { ...notification, Threshold: 99 }, Subscribers: [email('a@example.com')] }));
    await expect(eleventhNotification).rejects.toBeInstanceOf(CreationLimitExceededException);
  });

  it('stores nothing when a CreateBudget notification is invalid', async () => {
    const { sim, create } = await budgets();
    await expect(create('monthly', Array.from({ length: 11 }, (_, i) => `u${i}@example.com`))).rejects.toBeInstanceOf(CreationLimitExceededException);
    expect(sim.state.budgets).toEqual({});
  });

  it('pages DescribeBudgets with NextToken', async () => {
    const { client, sdk, create } = await budgets();
    for (const name of ['a', 'b', 'c']) await create(name);
    const first = await client.send(new sdk.DescribeBudgetsCommand({ AccountId, MaxResults: 2 }));
    expect(first.Budgets!.map((b) => b.BudgetName)).toEqual(['a', 'b']);
    const second = await client.send(new sdk.DescribeBudgetsCommand({ AccountId, MaxResults: 2, NextToken: first.NextToken! }));
    expect(second.Budgets!.map((b) => b.BudgetName)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
    await expect(client.send(new sdk.DescribeBudgetsCommand({ AccountId, NextToken: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });

  it('keeps the ResourceTags given to CreateBudget and answers them from ListTagsForResource, by the budget\'s ARN', async () => {
    const { client, sdk, create } = await budgets();
    const tags = [{ Key: 'aws-bootstrap:managed', Value: 'true' }, { Key: 'team', Value: '' }];
    const budget = { BudgetName: 'tagged', BudgetType: 'COST' as const, TimeUnit: 'MONTHLY' as const, BudgetLimit: { Amount: '50', Unit: 'USD' } };
    await client.send(new sdk.CreateBudgetCommand({ AccountId, Budget: budget, ResourceTags: tags }));
    await create('untagged');
    const tagsOf = (name: string) => client.send(new sdk.ListTagsForResourceCommand({ ResourceARN: `arn:aws:budgets::${AccountId}:budget/${name}` }));
    expect((await tagsOf('tagged')).ResourceTags).toEqual(tags);
    expect((await tagsOf('untagged')).ResourceTags).toEqual([]);
    await expect(tagsOf('missing')).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new sdk.ListTagsForResourceCommand({ ResourceARN: 'arn:aws:budgets::210987654321:budget/tagged' }))).rejects.toBeInstanceOf(AccessDeniedException);
    // DescribeBudget does not show them.
    expect((await client.send(new sdk.DescribeBudgetCommand({ AccountId, BudgetName: 'tagged' }))).Budget).not.toHaveProperty('ResourceTags');
  });

  it('refuses ResourceTags AWS would refuse, and stores nothing then', async () => {
    const { sim, client, sdk } = await budgets();
    const budget = { BudgetName: 'tagged', BudgetType: 'COST' as const, TimeUnit: 'MONTHLY' as const, BudgetLimit: { Amount: '50', Unit: 'USD' } };
    for (const ResourceTags of [[{ Key: 'aws:reserved', Value: 'x' }], [{ Key: '', Value: 'x' }], [{ Key: 'k', Value: 'v'.repeat(257) }], [{ Key: 'k', Value: 'a' }, { Key: 'k', Value: 'b' }]]) {
      await expect(client.send(new sdk.CreateBudgetCommand({ AccountId, Budget: budget, ResourceTags }))).rejects.toBeInstanceOf(InvalidParameterException);
    }
    expect(sim.state.budgets).toEqual({});
  });
});
