/**
 * Security Hub CSPM checks each region against the chosen standards (AWS Foundational Security
 * Best Practices and CIS v3.0.0 unless said), with one finding per control, and the home region
 * shows every region's findings through a finding aggregator. It needs AWS Config recording in
 * the same region (the aws-config step). An account that already has Security Hub keeps its
 * standards and settings: only what is missing is added, and undo takes back only that.
 */
import { defineStep, type Change, type PlanContext, type UndoAction } from '../src/core/step.js';
import { notCreatedByRun, tagsText } from '../src/tags.js';
import { securityHubApi, type ObservedAggregator, type ObservedHub, type ObservedSubscription } from '../src/security-hub-aws.js';
import { securityHubInputs, standardName, standardsArn, STANDARDS, type SecurityHubInputs } from '../src/security-hub-standards.js';
import type { AwsConfigProvides } from './aws-config.js';
import type { ConfigBucketProvides } from './config-bucket.js';

/** A region's Security Hub CSPM: off (no hub), or the hub with its standards and the account's aggregator. */
export interface SecurityHubState {
  readonly hub?: ObservedHub;
  readonly standards: readonly ObservedSubscription[];
  /** Only readable where the hub is on (AWS refuses every other call there). */
  readonly aggregators: readonly ObservedAggregator[];
}

interface WantedStandard {
  readonly id: string;
  readonly arn: string;
}

export type SecurityHubChange =
  /** `standards`: those this same plan enables next, to tell them from ones someone adds later. */
  | { action: 'enable-hub'; standards: string[] }
  | { action: 'enable-standards'; standards: WantedStandard[] }
  | { action: 'create-aggregator' };

const PRICING = 'https://aws.amazon.com/security-hub/pricing/';
/** Security Hub CSPM tags only hubs, automation rules and configuration policies; CreateFindingAggregator takes no tags. */
const UNTAGGED = 'Security Hub CSPM cannot tag finding aggregators or standards subscriptions: undo knows the ones this run made by their ARNs in the undo log.';
const LIVE = (s: ObservedSubscription) => s.status !== 'DELETING';

/** The home region, where the finding aggregator goes: where config-bucket keeps every region's Config files. */
const homeRegionOf = (ctx: PlanContext) => (ctx.provided?.['config-bucket'] as ConfigBucketProvides | undefined)?.homeRegion;

const names = (arns: readonly string[]) => arns.map(standardName).join(', ');
const statusText = (s: ObservedSubscription) => `${standardName(s.standardsArn)} (${s.status}${s.reason ? `: ${s.reason}` : ''})`;

function aggregatorPlan(state: SecurityHubState, ctx: PlanContext): { changes: Change<SecurityHubChange>[]; notes: string[] } {
  const home = homeRegionOf(ctx);
  if (ctx.region !== home) return { changes: [], notes: [] };
  const [existing] = state.aggregators;
  if (!existing) {
    return {
      changes: [{
        summary: `Create a finding aggregator in ${home} that links every region`,
        before: 'each region shows only its own findings',
        after: { homeRegion: home, linkedRegions: 'all (ALL_REGIONS, and regions enabled later)' },
        payload: { action: 'create-aggregator' },
      }],
      notes: [`In ${home}, the aggregator shows the findings, control statuses and security scores of every region where Security Hub CSPM is on.`, UNTAGGED],
    };
  }
  if (existing.region !== home) {
    return { changes: [], notes: [`Findings are already gathered in ${existing.region} by the finding aggregator ${existing.arn}; AWS allows one per account, so it is kept and ${home} gets none.`] };
  }
  if (existing.linkingMode && existing.linkingMode !== 'ALL_REGIONS') {
    const linked = existing.linkedRegions?.length ? ` (${existing.linkedRegions.join(', ')})` : '';
    return { changes: [], notes: [`The finding aggregator in ${home} links ${existing.linkingMode}${linked}, not every region; it is left as it is (Security Hub CSPM console, Settings, Regions, to link every region).`] };
  }
  return { changes: [], notes: [] };
}

export default defineStep<SecurityHubState, SecurityHubInputs, SecurityHubChange>({
  id: 'security-hub',
  title: 'Security Hub CSPM checks the account against the standards',
  why: 'Security Hub CSPM runs hundreds of automated checks (root MFA, public buckets, open security groups, unencrypted volumes, missing logs, …) against best-practice standards and keeps the failures in one place; without it, a misconfiguration is found when someone exploits it.',
  scope: 'region',
  // config-bucket for the home region it provides (aws-config already builds on it).
  needs: ['aws-config', 'config-bucket'],
  permissions: {
    // ListTagsForResource: undo disables Security Hub CSPM only where the hub carries the tag of the run that enabled it.
    observe: ['securityhub:DescribeHub', 'securityhub:ListTagsForResource', 'securityhub:GetEnabledStandards', 'securityhub:ListFindingAggregators', 'securityhub:GetFindingAggregator'],
    // Reads too: after a lost answer, to see whether a change went through. Enabling creates the
    // AWSServiceRoleForSecurityHub service-linked role; TagResource: the hub is tagged in the enable call.
    apply: [
      'securityhub:EnableSecurityHub', 'securityhub:TagResource', 'securityhub:BatchEnableStandards', 'securityhub:CreateFindingAggregator', 'iam:CreateServiceLinkedRole',
      'securityhub:DescribeHub', 'securityhub:ListTagsForResource', 'securityhub:GetEnabledStandards', 'securityhub:ListFindingAggregators', 'securityhub:GetFindingAggregator',
    ],
    undo: ['securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:DeleteFindingAggregator', 'securityhub:GetEnabledStandards'],
  },
  inputs: { schema: securityHubInputs, questions: () => [] },

  async observe(ctx) {
    const api = await securityHubApi(ctx);
    const hub = await api.readHub();
    if (!hub) return { standards: [], aggregators: [] };
    const [standards, aggregators] = await Promise.all([api.readStandards(), api.readAggregators()]);
    return { hub, standards, aggregators };
  },

  plan(state, inputs, ctx) {
    const config = ctx.provided?.['aws-config'] as AwsConfigProvides | undefined;
    const live = state.standards.filter(LIVE);
    const wanted: WantedStandard[] = inputs.standards.map((id) => ({ id, arn: standardsArn(ctx.partition, ctx.region, id) }));
    const deleting = wanted.filter((w) => state.standards.some((s) => s.standardsArn === w.arn && !LIVE(s)));
    const missing = wanted.filter((w) => !state.standards.some((s) => s.standardsArn === w.arn));
    const changes: Change<SecurityHubChange>[] = [];
    const notes: string[] = [];

    if (!state.hub) {
      changes.push({
        summary: 'Enable Security Hub CSPM with consolidated control findings, without AWS\'s default standards',
        before: 'Security Hub CSPM is off',
        after: { controlFindings: 'one finding per control (SECURITY_CONTROL)', defaultStandards: 'not enabled (they include the outdated CIS v1.2.0)', tags: tagsText(ctx.runId) },
        payload: { action: 'enable-hub', standards: missing.map((w) => w.arn) },
      });
      notes.push(`Costs: Security Hub CSPM is free for 30 days in each region; then it is billed per security check and per finding ingested (${PRICING}). Its checks run on AWS Config rules, billed by AWS Config.`);
    } else {
      const kept = live.filter((s) => !wanted.some((w) => w.arn === s.standardsArn));
      notes.push(`Security Hub CSPM is already on in ${ctx.region}${kept.length ? `; the standards enabled there are kept: ${kept.map(statusText).join(', ')}` : ''}.`);
      if (state.hub.controlFindingGenerator !== 'SECURITY_CONTROL') {
        notes.push(`It makes one finding per standard for a control in several standards (${state.hub.controlFindingGenerator}); this is left as it is (turn on consolidated control findings in its settings).`);
      }
      if (missing.length) notes.push(`Costs: each added standard adds security checks, billed per check after the 30-day free trial (${PRICING}).`);
    }
    if (missing.length) {
      changes.push({
        summary: `Enable ${missing.length === 1 ? 'the standard' : `${missing.length} standards:`} ${missing.map((w) => STANDARDS[w.id]).join(', ')}`,
        before: `enabled: ${live.map(statusText).join(', ') || 'none'}`,
        after: `enabled: ${[...live.map(statusText), ...missing.map((w) => `${STANDARDS[w.id]} (PENDING until AWS has set it up)`)].join(', ')}`,
        payload: { action: 'enable-standards', standards: missing },
      });
    }
    for (const w of wanted) {
      const pending = state.standards.find((s) => s.standardsArn === w.arn && s.status === 'PENDING');
      if (pending) notes.push(`${STANDARDS[w.id]} is being set up by AWS (PENDING); it counts as enabled.`);
    }
    const aggregator = aggregatorPlan(state, ctx);
    changes.push(...aggregator.changes);
    notes.push(...aggregator.notes);

    const broken = state.standards.filter((s) => wanted.some((w) => w.arn === s.standardsArn) && (s.status === 'FAILED' || s.status === 'INCOMPLETE'));
    const advice = broken.map((s) => s.reason === 'NO_AVAILABLE_CONFIGURATION_RECORDER'
      ? `${statusText(s)}: AWS Config does not record in ${ctx.region}, so most of its controls cannot run; run the aws-config step for this region.`
      : `${statusText(s)}: some of its controls could not be enabled; see the standard in the Security Hub CSPM console in ${ctx.region}.`);

    const waiting = deleting.length ? `${names(deleting.map((w) => w.arn))} ${deleting.length === 1 ? 'is' : 'are'} being disabled (DELETING); run again once AWS has finished to enable ${deleting.length === 1 ? 'it' : 'them'} again` : undefined;
    if (changes.length && !config) {
      return { changes: [], skipped: `AWS Config does not record in ${ctx.region}, and Security Hub CSPM's checks need it` };
    }
    if (changes.length && config) notes.push(`Its checks read what the AWS Config recorder "${config.recorderName}" records in the same region.`);
    if (waiting && !changes.length) return { changes: [], notes, skipped: waiting };
    if (waiting) notes.push(`${waiting}.`);
    return { changes, notes, ...(advice.length ? { advice } : {}) };
  },

  async apply(ctx, change) {
    const api = await securityHubApi(ctx);
    const { payload } = change;
    switch (payload.action) {
      case 'enable-hub': {
        await api.enableHub();
        return {
          kind: 'disable-security-hub',
          description: 'Disable Security Hub CSPM (its findings in this region are deleted)',
          // Disabling deletes the findings, which cannot be had back: undo asks on its own, No by default.
          destructive: true,
          standards: payload.standards,
        };
      }
      case 'enable-standards': {
        const made = await api.enableStandards(payload.standards.map((w) => w.arn));
        return {
          kind: 'disable-standards',
          description: `Disable ${names(made.map((s) => s.standardsArn))}`,
          subscriptions: made,
        };
      }
      case 'create-aggregator': {
        const arn = await api.createAggregator();
        return { kind: 'delete-finding-aggregator', description: 'Delete the finding aggregator (each region then shows only its own findings)', findingAggregatorArn: arn };
      }
    }
  },

  async undo(ctx, action: UndoAction) {
    const api = await securityHubApi(ctx);
    switch (action.kind) {
      case 'disable-security-hub':
        return api.disableHub();
      case 'disable-standards':
        return api.disableStandards((action.subscriptions as Array<{ subscriptionArn: string }>).map((s) => s.subscriptionArn));
      case 'delete-finding-aggregator':
        return api.deleteAggregator(action.findingAggregatorArn as string);
      default:
        throw new Error(`security-hub cannot undo a record of kind ${action.kind}`);
    }
  },

  undoDrift(state, action, recorded) {
    switch (action.kind) {
      case 'disable-security-hub': {
        if (!state.hub) return 'Security Hub CSPM is already off here';
        // Disabled only where the hub carries the tag of the run that recorded enabling it (an edited log cannot turn someone else's off).
        const notOurs = recorded && notCreatedByRun(state.hub.tags, recorded.runId, 'the Security Hub CSPM hub');
        if (notOurs) return notOurs;
        const ours = action.standards as string[];
        const added = state.standards.filter((s) => LIVE(s) && !ours.includes(s.standardsArn));
        return added.length ? `standards were enabled since this run, which disabling Security Hub CSPM would turn off too: ${names(added.map((s) => s.standardsArn))}` : undefined;
      }
      case 'disable-standards': {
        const subscriptions = action.subscriptions as Array<{ standardsArn: string; subscriptionArn: string }>;
        const gone = subscriptions.filter((s) => !state.standards.some((o) => o.subscriptionArn === s.subscriptionArn && LIVE(o)));
        return gone.length ? `${names(gone.map((s) => s.standardsArn))} ${gone.length === 1 ? 'was' : 'were'} disabled since this run` : undefined;
      }
      case 'delete-finding-aggregator': {
        const aggregator = state.aggregators.find((a) => a.arn === action.findingAggregatorArn);
        if (!aggregator) return `the finding aggregator ${String(action.findingAggregatorArn)} no longer exists`;
        return aggregator.linkingMode === 'ALL_REGIONS' ? undefined : `the finding aggregator now links ${aggregator.linkingMode ?? 'other regions'} (this run made it link every region)`;
      }
      default:
        return undefined;
    }
  },
});
