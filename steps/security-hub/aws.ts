/**
 * The Security Hub CSPM calls of the security-hub step: reads that take "not enabled here" as a
 * normal state, and writes that are safe against an answer lost after AWS acted (a timeout, a
 * 5xx, a reset connection). EnableSecurityHub, BatchEnableStandards and CreateFindingAggregator
 * take no idempotency token, so they are never retried blindly: the account is read again and
 * what is found is taken as this run's own only if it is what was asked.
 */
import type { ServiceHandle } from '../../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { cleanMessage, isErrorCode } from '../../src/aws/errors.js';
import { collectPages } from '../../src/aws/paginate.js';
import { sharedRead, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { standardIdOf, standardName, type OfferedStandard } from '../shared/security-hub-standards.js';
import { bootstrapTags } from '../../src/core/tags.js';

const en = {
  none: 'none',
  stillPending: (standards: string, region: string) => `AWS is still setting up ${standards} in ${region} (PENDING) and refuses to disable a standard until it is done: run undo again in a few minutes.`,
  hubNotAsAsked: (region: string, generator: string, standards: string) => `Security Hub CSPM was enabled in ${region} while this run was enabling it, with ${generator} findings and standards ${standards}: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
  someStandards: (region: string, standards: string) => `Only some of the standards asked for are enabled in ${region} after a lost answer (${standards}): run again to enable the rest.`,
  aggregatorNotAsAsked: (region: string, mode: string | undefined) => `A finding aggregator appeared in ${region}${mode ? ` (${mode})` : ''} while this run was creating one: not what this run asked for, so it is left alone. Run again to see the plan for it.`,
};

const t = texts('security-hub-aws', en, {
  none: 'なし',
  stillPending: (standards: string, region: string) => `AWS は ${region} で ${standards} をまだセットアップ中 (PENDING) で、完了するまで標準を無効にできません。数分後にもう一度 undo を実行してください。`,
  hubNotAsAsked: (region: string, generator: string, standards: string) => `この実行が有効にしている間に、${region} の Security Hub CSPM が別の設定 (検出結果 ${generator}、標準 ${standards}) で有効にされました。この実行が求めたものではないため、そのままにします。もう一度実行すると、それに対するプランが表示されます。`,
  someStandards: (region: string, standards: string) => `応答が失われた後、${region} で有効になっているのは求めた標準の一部だけです (${standards})。残りを有効にするにはもう一度実行してください。`,
  aggregatorNotAsAsked: (region: string, mode: string | undefined) => `この実行が作成している間に、${region} に検出結果アグリゲーター${mode ? ` (${mode})` : ''}が現れました。この実行が求めたものではないため、そのままにします。もう一度実行すると、それに対するプランが表示されます。`,
});

type SecurityHub = ServiceHandle<'securityhub'>;

export interface ObservedHub {
  readonly arn: string;
  /** SECURITY_CONTROL: one finding per control (consolidated); STANDARD_CONTROL: one per standard. */
  readonly controlFindingGenerator: string;
  /** The hub's tags, read for undo only (`StepContext.readTags`): one this tool enabled carries the run that enabled it. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ObservedSubscription {
  readonly standardsArn: string;
  readonly subscriptionArn: string;
  /** PENDING, READY, FAILED, INCOMPLETE or DELETING. */
  readonly status: string;
  readonly reason?: string;
}

export interface ObservedAggregator {
  readonly arn: string;
  /** The home (aggregation) region, from the ARN. */
  readonly region: string;
  /** Known for an aggregator in the region that read it (GetFindingAggregator). */
  readonly linkingMode?: string;
  readonly linkedRegions?: readonly string[];
}

/** AWS answers "Account … is not subscribed to AWS Security Hub" where it is not enabled. */
const notEnabled = (error: unknown) => isErrorCode(error, 'InvalidAccessException') && /not subscribed/i.test(cleanMessage(error));

export const regionOfArn = (arn: string) => arn.split(':')[3] ?? '';

/** Waits before reading again while a standard is PENDING: AWS takes a while to set one up. */
const PENDING_WAITS_MS = [250, 500, 1000, 2000, 4000, 8000, 16000];

export async function securityHubApi(ctx: StepContext, pendingWaitsMs: readonly number[] = PENDING_WAITS_MS) {
  const handle: SecurityHub = await ctx.aws.use('securityhub');
  const { client, sdk } = handle;

  const readHub = async (): Promise<ObservedHub | undefined> => {
    try {
      const hub = await client.send(new sdk.DescribeHubCommand({}));
      const arn = hub.HubArn ?? '';
      const controlFindingGenerator = hub.ControlFindingGenerator ?? 'STANDARD_CONTROL';
      if (!ctx.readTags) return { arn, controlFindingGenerator };
      const { Tags = {} } = await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: arn }));
      return { arn, controlFindingGenerator, tags: Tags };
    } catch (error) {
      if (notEnabled(error)) return undefined;
      throw error;
    }
  };

  /**
   * The standards Security Hub CSPM offers in this region (DescribeStandards). Undefined where it
   * will not say before the hub is on (an endpoint that answers "not subscribed").
   */
  const readOffered = async (): Promise<OfferedStandard[] | undefined> => {
    try {
      const standards = await collectPages(sdk.paginateDescribeStandards({ client }, {}), (page) => page.Standards);
      return standards.filter((s) => s.StandardsArn).map((s) => ({ id: standardIdOf(s.StandardsArn!), arn: s.StandardsArn!, name: s.Name ?? standardIdOf(s.StandardsArn!) }));
    } catch (error) {
      if (notEnabled(error)) return undefined;
      throw error;
    }
  };

  const readStandards = async (): Promise<ObservedSubscription[]> => {
    const subscriptions = await collectPages(sdk.paginateGetEnabledStandards({ client }, {}), (page) => page.StandardsSubscriptions);
    return subscriptions.map((s) => ({
      standardsArn: s.StandardsArn ?? '',
      subscriptionArn: s.StandardsSubscriptionArn ?? '',
      status: s.StandardsStatus ?? 'UNKNOWN',
      ...(s.StandardsStatusReason?.StatusReasonCode ? { reason: s.StandardsStatusReason.StatusReasonCode } : {}),
    }));
  };

  /** The account's aggregator (AWS allows one), listed from any region; its settings only from its own. */
  const readAggregators = async (): Promise<ObservedAggregator[]> => {
    // The list is the account's, the same from every region: read once per run where reads are shared.
    const listed = await sharedRead(ctx, 'securityhub:ListFindingAggregators', () => collectPages(sdk.paginateListFindingAggregators({ client }, {}), (page) => page.FindingAggregators));
    return Promise.all(listed.map(async ({ FindingAggregatorArn: arn = '' }) => {
      const region = regionOfArn(arn);
      if (region !== ctx.region) return { arn, region };
      const got = await client.send(new sdk.GetFindingAggregatorCommand({ FindingAggregatorArn: arn }));
      return { arn, region, ...(got.RegionLinkingMode ? { linkingMode: got.RegionLinkingMode } : {}), ...(got.Regions?.length ? { linkedRegions: got.Regions } : {}) };
    }));
  };

  /** The standards subscriptions among `arns` that are still there, once none is PENDING (AWS refuses to disable those). */
  const settledSubscriptions = async (arns: readonly string[]): Promise<ObservedSubscription[]> => {
    for (let attempt = 0; ; attempt++) {
      const mine = (await readStandards()).filter((s) => arns.includes(s.subscriptionArn));
      const pending = mine.filter((s) => s.status === 'PENDING');
      if (!pending.length) return mine;
      const wait = pendingWaitsMs[attempt];
      if (wait === undefined) {
        throw new Error(t.stillPending(pending.map((s) => standardName(s.standardsArn)).join(', '), ctx.region));
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };

  return {
    readHub,
    readOffered,
    readStandards,
    readAggregators,

    enableHub: () => createOnce({
      create: async () => {
        // The hub is tagged in the enable call itself (it needs securityhub:TagResource too).
        const Tags = bootstrapTags(ctx.runId);
        await client.send(withoutBlindRetry(new sdk.EnableSecurityHubCommand({ EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL', Tags })));
        return true;
      },
      find: async () => {
        const hub = await readHub();
        if (!hub) return undefined;
        const standards = await readStandards();
        if (hub.controlFindingGenerator === 'SECURITY_CONTROL' && !standards.length) return true;
        throw new Error(t.hubNotAsAsked(ctx.region, hub.controlFindingGenerator, standards.map((s) => standardName(s.standardsArn)).join(', ') || t.none));
      },
    }),

    enableStandards: (standardsArns: readonly string[]) => createOnce({
      create: async () => {
        const out = await client.send(withoutBlindRetry(new sdk.BatchEnableStandardsCommand({ StandardsSubscriptionRequests: standardsArns.map((StandardsArn) => ({ StandardsArn })) })));
        return (out.StandardsSubscriptions ?? []).map((s) => ({ standardsArn: s.StandardsArn ?? '', subscriptionArn: s.StandardsSubscriptionArn ?? '' }));
      },
      find: async () => {
        const enabled = (await readStandards()).filter((s) => standardsArns.includes(s.standardsArn) && s.status !== 'DELETING');
        if (!enabled.length) return undefined;
        if (enabled.length === standardsArns.length) return enabled.map(({ standardsArn, subscriptionArn }) => ({ standardsArn, subscriptionArn }));
        throw new Error(t.someStandards(ctx.region, enabled.map((s) => standardName(s.standardsArn)).join(', ')));
      },
    }),

    createAggregator: () => createOnce({
      create: async () => {
        const out = await client.send(withoutBlindRetry(new sdk.CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' })));
        return out.FindingAggregatorArn ?? '';
      },
      find: async () => {
        const [aggregator] = await readAggregators();
        if (!aggregator) return undefined;
        if (aggregator.region === ctx.region && aggregator.linkingMode === 'ALL_REGIONS') return aggregator.arn;
        throw new Error(t.aggregatorNotAsAsked(aggregator.region, aggregator.linkingMode));
      },
    }),

    // Security Hub answers ResourceNotFoundException (or "not subscribed") once it is off: done, after a lost answer.
    disableHub: () => sendDoneOnRetry(new sdk.DisableSecurityHubCommand({}), (c) => client.send(c), 'ResourceNotFoundException', 'InvalidAccessException'),

    /** Disables those of the subscriptions still there; one already DELETING or gone is done. */
    async disableStandards(subscriptionArns: readonly string[]): Promise<void> {
      const present = (await settledSubscriptions(subscriptionArns)).filter((s) => s.status !== 'DELETING').map((s) => s.subscriptionArn);
      if (!present.length) return;
      await createOnce({
        create: async () => {
          await client.send(withoutBlindRetry(new sdk.BatchDisableStandardsCommand({ StandardsSubscriptionArns: present })));
          return true;
        },
        find: async () => ((await readStandards()).some((s) => present.includes(s.subscriptionArn) && s.status !== 'DELETING') ? undefined : true),
      });
    },

    deleteAggregator: (arn: string) =>
      sendDoneOnRetry(new sdk.DeleteFindingAggregatorCommand({ FindingAggregatorArn: arn }), (c) => client.send(c), 'ResourceNotFoundException'),
  };
}
