/**
 * Security Hub CSPM checks each region against the chosen standards (unless said, AWS
 * Foundational Security Best Practices and the newest CIS AWS Foundations Benchmark the region
 * offers, read from DescribeStandards), with one finding per control, and the home region
 * shows every region's findings through a finding aggregator. It needs AWS Config recording in
 * the same region (the aws-config step). An account that already has Security Hub keeps its
 * standards and settings: only what is missing is added, and undo takes back only that.
 */
import { defineStep, type Change, type PlanContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { notCreatedByRun, tagsText } from '../../src/core/tags.js';
import { securityHubApi, type ObservedAggregator, type ObservedHub, type ObservedSubscription } from './aws.js';
import {
  CIS_V1_2, FALLBACK_STANDARDS, FSBP, newestCis, securityHubInputs, standardIdOf, standardName, standardsArn, standardTitle,
  type OfferedStandard, type SecurityHubInputs,
} from '../shared/security-hub-standards.js';
import type { AwsConfigProvides } from '../aws-config/aws-config.js';
import type { ConfigBucketProvides } from '../config-bucket.js';
import { serviceLinkedRole } from '../../src/core/permission-scopes.js';

/** A region's Security Hub CSPM: off (no hub), or the hub with its standards and the account's aggregator. */
export interface SecurityHubState {
  readonly hub?: ObservedHub;
  readonly standards: readonly ObservedSubscription[];
  /** Only readable where the hub is on (AWS refuses every other call there). */
  readonly aggregators: readonly ObservedAggregator[];
  /** What Security Hub CSPM offers in the region (DescribeStandards); absent where it would not say. */
  readonly offered?: readonly OfferedStandard[];
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

/** The undo records it writes (read back from the log in the same shapes). */
export type SecurityHubUndo =
  /** `standards`: the ones this run enabled with the hub (any other found later stops the undo). */
  | { kind: 'disable-security-hub'; description: string; destructive: true; standards: string[] }
  | { kind: 'disable-standards'; description: string; subscriptions: Array<{ standardsArn: string; subscriptionArn: string }> }
  | { kind: 'delete-finding-aggregator'; description: string; findingAggregatorArn: string };

const PRICING = 'https://aws.amazon.com/security-hub/pricing/';

const en = {
  title: 'Security Hub CSPM checks the account against the standards',
  why: 'Security Hub CSPM runs hundreds of automated checks (root MFA, public buckets, open security groups, unencrypted volumes, missing logs, …) against best-practice standards and keeps the failures in one place; without it, a misconfiguration is found when someone exploits it.',
  /** A list of names, as a sentence writes it. */
  list: (names: readonly string[]) => names.join(', '),
  none: 'none',
  /** Security Hub CSPM tags only hubs, automation rules and configuration policies; CreateFindingAggregator takes no tags. */
  untagged: 'Security Hub CSPM cannot tag finding aggregators or standards subscriptions: undo knows the ones this run made by their ARNs in the undo log.',
  createAggregator: (home: string) => `Create a finding aggregator in ${home} that links every region`,
  ownFindingsOnly: 'each region shows only its own findings',
  allRegions: 'all (ALL_REGIONS, and regions enabled later)',
  aggregatorShows: (home: string) => `In ${home}, the aggregator shows the findings, control statuses and security scores of every region where Security Hub CSPM is on.`,
  gatheredElsewhere: (region: string, arn: string, home: string) => `Findings are already gathered in ${region} by the finding aggregator ${arn}; AWS allows one per account, so it is kept and ${home} gets none.`,
  linksSome: (home: string, mode: string, linked: string) => `The finding aggregator in ${home} links ${mode}${linked}, not every region; it is left as it is (Security Hub CSPM console, Settings, Regions, to link every region).`,
  enableHub: 'Enable Security Hub CSPM with consolidated control findings, without AWS\'s default standards',
  hubOff: 'Security Hub CSPM is off',
  onePerControl: 'one finding per control (SECURITY_CONTROL)',
  noDefaultStandards: 'not enabled (they include the outdated CIS v1.2.0)',
  costs: `Costs: Security Hub CSPM is free for 30 days in each region; then it is billed per security check and per finding ingested (${PRICING}). Its checks run on AWS Config rules, billed by AWS Config.`,
  alreadyOn: (region: string, kept: string | undefined) => `Security Hub CSPM is already on in ${region}${kept ? `; the standards enabled there are kept: ${kept}` : ''}.`,
  perStandard: (generator: string) => `It makes one finding per standard for a control in several standards (${generator}); this is left as it is (turn on consolidated control findings in its settings).`,
  costsAdded: `Costs: each added standard adds security checks, billed per check after the 30-day free trial (${PRICING}).`,
  enableStandards: (names: readonly string[]) => (names.length === 1 ? `Enable the standard ${names[0]}` : `Enable ${names.length} standards: ${names.join(', ')}`),
  enabled: (list: string) => `enabled: ${list}`,
  pendingUntilSetUp: (name: string) => `${name} (PENDING until AWS has set it up)`,
  pending: (name: string) => `${name} is being set up by AWS (PENDING); it counts as enabled.`,
  noRecorder: (status: string, region: string) => `${status}: AWS Config does not record in ${region}, so most of its controls cannot run; run the aws-config step for this region.`,
  someControls: (status: string, region: string) => `${status}: some of its controls could not be enabled; see the standard in the Security Hub CSPM console in ${region}.`,
  deleting: (names: string, count: number) => `${names} ${count === 1 ? 'is' : 'are'} being disabled (DELETING); run again once AWS has finished to enable ${count === 1 ? 'it' : 'them'} again`,
  sentence: (text: string) => `${text}.`,
  noConfig: (region: string) => `AWS Config does not record in ${region}, and Security Hub CSPM's checks need it`,
  usesRecorder: (name: string) => `Its checks read what the AWS Config recorder "${name}" records in the same region.`,
  notOffered: (ids: string, region: string, offered: string) =>
    `Security Hub CSPM does not offer ${ids} in ${region} (it offers ${offered}): change security-hub.standards, or leave it out for the newest CIS version each region offers`,
  newerCis: (kept: string, newest: string, region: string, id: string) => `${kept} is kept; Security Hub CSPM offers ${newest} in ${region} too: list ${id} in security-hub.standards to add it.`,
  unlisted: (region: string, standards: string) => `Security Hub CSPM did not list the standards it offers in ${region} before it is on, so ${standards}, offered in every region, are planned; a newer CIS version can be listed in security-hub.standards.`,
  undo: {
    disableHub: 'Disable Security Hub CSPM (its findings in this region are deleted)',
    disableStandards: (names: string) => `Disable ${names}`,
    deleteAggregator: 'Delete the finding aggregator (each region then shows only its own findings)',
    cannot: (kind: string) => `security-hub cannot undo a record of kind ${kind}`,
  },
  drift: {
    alreadyOff: 'Security Hub CSPM is already off here',
    hub: 'the Security Hub CSPM hub',
    standardsAdded: (names: string) => `standards were enabled since this run, which disabling Security Hub CSPM would turn off too: ${names}`,
    disabled: (names: string, count: number) => `${names} ${count === 1 ? 'was' : 'were'} disabled since this run`,
    aggregatorGone: (arn: string) => `the finding aggregator ${arn} no longer exists`,
    aggregatorLinks: (mode: string | undefined) => `the finding aggregator now links ${mode ?? 'other regions'} (this run made it link every region)`,
  },
};

const t = texts('security-hub', en, {
  title: 'Security Hub CSPM がアカウントを標準に照らしてチェックする',
  why: 'Security Hub CSPM は、ベストプラクティスの標準に照らして数百の自動チェック (ルートユーザーの MFA、パブリックなバケット、開放されたセキュリティグループ、暗号化されていないボリューム、ログの欠落など) を実行し、失敗を 1 か所にまとめます。これがないと、設定ミスは誰かに悪用されて初めて見つかります。',
  list: (names: readonly string[]) => names.join('、'),
  none: 'なし',
  untagged: 'Security Hub CSPM は検出結果アグリゲーターと標準のサブスクリプションにタグを付けられません。この実行で作成したものは、undo ログに記録された ARN で識別して元に戻します。',
  createAggregator: (home: string) => `${home} に、すべてのリージョンをリンクする検出結果アグリゲーターを作成する`,
  ownFindingsOnly: '各リージョンには自身の検出結果だけが表示される',
  allRegions: 'すべて (ALL_REGIONS、後から有効にするリージョンも含む)',
  aggregatorShows: (home: string) => `${home} では、Security Hub CSPM が有効なすべてのリージョンの検出結果、コントロールのステータス、セキュリティスコアがアグリゲーターによって表示されます。`,
  gatheredElsewhere: (region: string, arn: string, home: string) => `検出結果はすでに ${region} の検出結果アグリゲーター ${arn} に集約されています。AWS ではアカウントに 1 つだけなので、これを残し、${home} には作成しません。`,
  linksSome: (home: string, mode: string, linked: string) => `${home} の検出結果アグリゲーターがリンクしているのは ${mode}${linked} で、すべてのリージョンではありません。そのままにします (すべてのリージョンをリンクするには、Security Hub CSPM コンソールの [設定]、[リージョン] で変更してください)。`,
  enableHub: '統合されたコントロールの検出結果をオンにし、AWS のデフォルトの標準なしで Security Hub CSPM を有効にする',
  hubOff: 'Security Hub CSPM は無効',
  onePerControl: 'コントロールごとに 1 つの検出結果 (SECURITY_CONTROL)',
  noDefaultStandards: '有効にしない (古い CIS v1.2.0 を含むため)',
  costs: `料金: Security Hub CSPM は各リージョンで 30 日間無料です。その後はセキュリティチェックごと、取り込んだ検出結果ごとに課金されます (${PRICING})。チェックは AWS Config ルールで実行され、その分は AWS Config から課金されます。`,
  alreadyOn: (region: string, kept: string | undefined) => `${region} では Security Hub CSPM はすでに有効です${kept ? `。そこで有効になっている標準はそのまま残します: ${kept}` : ''}。`,
  perStandard: (generator: string) => `複数の標準に含まれるコントロールについて、標準ごとに 1 つの検出結果を作成する設定です (${generator})。これはそのままにします (統合されたコントロールの検出結果は、Security Hub CSPM の設定でオンにしてください)。`,
  costsAdded: `料金: 標準を追加するごとにセキュリティチェックが増え、30 日間の無料トライアルの後はチェックごとに課金されます (${PRICING})。`,
  enableStandards: (names: readonly string[]) => (names.length === 1 ? `標準 ${names[0]} を有効にする` : `${names.length} 個の標準を有効にする: ${names.join('、')}`),
  enabled: (list: string) => `有効: ${list}`,
  pendingUntilSetUp: (name: string) => `${name} (AWS がセットアップを終えるまで PENDING)`,
  pending: (name: string) => `${name} は AWS がセットアップ中 (PENDING) です。有効として扱います。`,
  noRecorder: (status: string, region: string) => `${status}: ${region} では AWS Config が記録していないため、ほとんどのコントロールを実行できません。このリージョンで aws-config ステップを実行してください。`,
  someControls: (status: string, region: string) => `${status}: 一部のコントロールを有効にできませんでした。${region} の Security Hub CSPM コンソールでこの標準を確認してください。`,
  deleting: (names: string) => `${names} は無効化の処理中 (DELETING) です。AWS の処理が終わってからもう一度実行すると、再び有効にします`,
  sentence: (text: string) => `${text}。`,
  noConfig: (region: string) => `${region} では AWS Config が記録しておらず、Security Hub CSPM のチェックにはそれが必要です`,
  usesRecorder: (name: string) => `チェックは、同じリージョンの AWS Config の設定レコーダー「${name}」が記録する内容を使います。`,
  notOffered: (ids: string, region: string, offered: string) =>
    `${region} の Security Hub CSPM では ${ids} を提供していません (提供しているもの: ${offered})。security-hub.standards を変更するか、省略して各リージョンで提供される最新の CIS のバージョンにしてください`,
  newerCis: (kept: string, newest: string, region: string, id: string) => `${kept} はそのまま残します。${region} の Security Hub CSPM では ${newest} も提供されています。追加するには security-hub.standards に ${id} を指定してください。`,
  unlisted: (region: string, standards: string) => `${region} の Security Hub CSPM は有効になる前に提供する標準を一覧しなかったため、すべてのリージョンで提供されている ${standards} を予定しています。新しい CIS のバージョンは security-hub.standards で指定できます。`,
  undo: {
    disableHub: 'Security Hub CSPM を無効にする (このリージョンの検出結果は削除される)',
    disableStandards: (names: string) => `${names} を無効にする`,
    deleteAggregator: '検出結果アグリゲーターを削除する (各リージョンには自身の検出結果だけが表示されるようになる)',
    cannot: (kind: string) => `security-hub は種類 ${kind} の記録を元に戻せません`,
  },
  drift: {
    alreadyOff: 'ここでは Security Hub CSPM はすでに無効',
    hub: 'Security Hub CSPM のハブ',
    standardsAdded: (names: string) => `この実行の後に標準が有効にされており、Security Hub CSPM を無効にするとそれらも無効になる: ${names}`,
    disabled: (names: string) => `${names} はこの実行の後に無効にされた`,
    aggregatorGone: (arn: string) => `検出結果アグリゲーター ${arn} はもう存在しない`,
    aggregatorLinks: (mode: string | undefined) => `検出結果アグリゲーターは現在 ${mode ?? '他のリージョン'} をリンクしている (この実行ではすべてのリージョンをリンクするように作成した)`,
  },
});
const LIVE = (s: ObservedSubscription) => s.status !== 'DELETING';

/** The home region, where the finding aggregator goes: where config-bucket keeps every region's Config files. */
const homeRegionOf = (ctx: PlanContext) => (ctx.provided?.['config-bucket'] as ConfigBucketProvides | undefined)?.homeRegion;

const names = (arns: readonly string[]) => t.list(arns.map(standardName));
const statusText = (s: ObservedSubscription) => `${standardName(s.standardsArn)} (${s.status}${s.reason ? `: ${s.reason}` : ''})`;

/**
 * The standards wanted in a region, with the ARNs the region gives them: those asked for, or
 * FSBP and a CIS version (the one the hub has, else the newest the region offers). `notOffered`:
 * those asked for that the region does not offer.
 */
function wantedStandards(state: SecurityHubState, inputs: SecurityHubInputs, ctx: PlanContext): { wanted: WantedStandard[]; titles: Map<string, string>; notOffered?: string[]; notes: string[] } {
  const { offered } = state;
  const titles = new Map((offered ?? []).map((o) => [o.id, standardTitle(o.id, o.name)]));
  const byId = (id: string): WantedStandard => ({ id, arn: offered?.find((o) => o.id === id)?.arn ?? standardsArn(ctx.partition, ctx.region, id) });
  if (inputs.standards) {
    const notOffered = offered ? inputs.standards.filter((id) => !offered.some((o) => o.id === id)) : [];
    return { wanted: inputs.standards.map(byId), titles, notes: [], ...(notOffered.length ? { notOffered } : {}) };
  }
  if (!offered) {
    return { wanted: FALLBACK_STANDARDS.map(byId), titles, notes: [t.unlisted(ctx.region, t.list(FALLBACK_STANDARDS.map((id) => standardTitle(id))))] };
  }
  // A hub's own CIS version (not v1.2.0) is kept, not joined by a newer one unless asked for.
  const live = state.standards.filter(LIVE).map((s) => ({ id: standardIdOf(s.standardsArn), arn: s.standardsArn }));
  const kept = newestCis(live);
  const newest = newestCis(offered);
  const cis = kept ?? newest;
  const notes = kept && newest && newest.id !== kept.id && !live.some((s) => s.id === newest.id)
    ? [t.newerCis(standardTitle(kept.id), standardTitle(newest.id, newest.name), ctx.region, newest.id)]
    : [];
  const fsbp = offered.find((o) => o.id === FSBP);
  return { wanted: [fsbp, cis].filter((w): w is WantedStandard => w !== undefined).map(({ id, arn }) => ({ id, arn })), titles, notes };
}

function aggregatorPlan(state: SecurityHubState, ctx: PlanContext): { changes: Change<SecurityHubChange>[]; notes: string[] } {
  const home = homeRegionOf(ctx);
  if (ctx.region !== home) return { changes: [], notes: [] };
  const [existing] = state.aggregators;
  if (!existing) {
    return {
      changes: [{
        summary: t.createAggregator(home),
        before: t.ownFindingsOnly,
        after: { homeRegion: home, linkedRegions: t.allRegions },
        payload: { action: 'create-aggregator' },
      }],
      notes: [t.aggregatorShows(home), t.untagged],
    };
  }
  if (existing.region !== home) {
    return { changes: [], notes: [t.gatheredElsewhere(existing.region, existing.arn, home)] };
  }
  if (existing.linkingMode && existing.linkingMode !== 'ALL_REGIONS') {
    const linked = existing.linkedRegions?.length ? ` (${existing.linkedRegions.join(', ')})` : '';
    return { changes: [], notes: [t.linksSome(home, existing.linkingMode, linked)] };
  }
  return { changes: [], notes: [] };
}

export default defineStep<SecurityHubState, SecurityHubInputs, SecurityHubChange, SecurityHubUndo>({
  id: 'security-hub',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  // config-bucket for the home region it provides (aws-config already builds on it).
  needs: ['aws-config', 'config-bucket'],
  permissions: {
    // ListTagsForResource: undo disables Security Hub CSPM only where the hub carries the tag of the run that enabled it.
    // DescribeStandards: the standards the region offers, to choose the newest CIS version from.
    observe: ['securityhub:DescribeHub', 'securityhub:ListTagsForResource', 'securityhub:GetEnabledStandards', 'securityhub:ListFindingAggregators', 'securityhub:GetFindingAggregator', 'securityhub:DescribeStandards'],
    // Reads too: after a lost answer, to see whether a change went through. Enabling creates the
    // AWSServiceRoleForSecurityHub service-linked role; TagResource: the hub is tagged in the enable call.
    apply: [
      'securityhub:EnableSecurityHub', 'securityhub:TagResource', 'securityhub:BatchEnableStandards', 'securityhub:CreateFindingAggregator', 'iam:CreateServiceLinkedRole',
      'securityhub:DescribeHub', 'securityhub:ListTagsForResource', 'securityhub:GetEnabledStandards', 'securityhub:ListFindingAggregators', 'securityhub:GetFindingAggregator',
    ],
    undo: ['securityhub:DisableSecurityHub', 'securityhub:BatchDisableStandards', 'securityhub:DeleteFindingAggregator', 'securityhub:GetEnabledStandards'],
    scopes: (c) => [
      {
        name: 'Hub',
        actions: ['securityhub:EnableSecurityHub', 'securityhub:TagResource', 'securityhub:DescribeHub', 'securityhub:ListTagsForResource', 'securityhub:GetEnabledStandards', 'securityhub:BatchEnableStandards', 'securityhub:BatchDisableStandards', 'securityhub:DisableSecurityHub'],
        resources: [c.arn('securityhub', 'hub/default')],
      },
      // Finding aggregator ids are AWS's: on `*`.
      serviceLinkedRole(c, 'securityhub.amazonaws.com'),
    ],
  },
  inputs: { schema: securityHubInputs, questions: () => [] },

  async observe(ctx) {
    const api = await securityHubApi(ctx);
    const [hub, offered] = await Promise.all([api.readHub(), api.readOffered()]);
    const known = offered ? { offered } : {};
    if (!hub) return { standards: [], aggregators: [], ...known };
    const [standards, aggregators] = await Promise.all([api.readStandards(), api.readAggregators()]);
    return { hub, standards, aggregators, ...known };
  },

  plan(state, inputs, ctx) {
    const config = ctx.provided?.['aws-config'] as AwsConfigProvides | undefined;
    const live = state.standards.filter(LIVE);
    const chosen = wantedStandards(state, inputs, ctx);
    if (chosen.notOffered) {
      return { changes: [], skipped: t.notOffered(t.list(chosen.notOffered), ctx.region, t.list((state.offered ?? []).filter((o) => o.id !== CIS_V1_2).map((o) => o.id))) };
    }
    const { wanted } = chosen;
    const titleOf = (id: string) => chosen.titles.get(id) ?? standardName(wanted.find((w) => w.id === id)?.arn ?? id);
    const deleting = wanted.filter((w) => state.standards.some((s) => s.standardsArn === w.arn && !LIVE(s)));
    const missing = wanted.filter((w) => !state.standards.some((s) => s.standardsArn === w.arn));
    const changes: Change<SecurityHubChange>[] = [];
    const notes: string[] = [...chosen.notes];

    if (!state.hub) {
      changes.push({
        summary: t.enableHub,
        before: t.hubOff,
        after: { controlFindings: t.onePerControl, defaultStandards: t.noDefaultStandards, tags: tagsText(ctx.runId) },
        payload: { action: 'enable-hub', standards: missing.map((w) => w.arn) },
      });
      notes.push(t.costs);
    } else {
      const kept = live.filter((s) => !wanted.some((w) => w.arn === s.standardsArn));
      notes.push(t.alreadyOn(ctx.region, kept.length ? t.list(kept.map(statusText)) : undefined));
      if (state.hub.controlFindingGenerator !== 'SECURITY_CONTROL') notes.push(t.perStandard(state.hub.controlFindingGenerator));
      if (missing.length) notes.push(t.costsAdded);
    }
    if (missing.length) {
      changes.push({
        summary: t.enableStandards(missing.map((w) => titleOf(w.id))),
        before: t.enabled(t.list(live.map(statusText)) || t.none),
        after: t.enabled(t.list([...live.map(statusText), ...missing.map((w) => t.pendingUntilSetUp(titleOf(w.id)))])),
        payload: { action: 'enable-standards', standards: missing },
      });
    }
    for (const w of wanted) {
      const pending = state.standards.find((s) => s.standardsArn === w.arn && s.status === 'PENDING');
      if (pending) notes.push(t.pending(titleOf(w.id)));
    }
    const aggregator = aggregatorPlan(state, ctx);
    changes.push(...aggregator.changes);
    notes.push(...aggregator.notes);

    const broken = state.standards.filter((s) => wanted.some((w) => w.arn === s.standardsArn) && (s.status === 'FAILED' || s.status === 'INCOMPLETE'));
    const advice = broken.map((s) => (s.reason === 'NO_AVAILABLE_CONFIGURATION_RECORDER' ? t.noRecorder(statusText(s), ctx.region) : t.someControls(statusText(s), ctx.region)));

    const waiting = deleting.length ? t.deleting(names(deleting.map((w) => w.arn)), deleting.length) : undefined;
    if (changes.length && !config) {
      return { changes: [], skipped: t.noConfig(ctx.region) };
    }
    if (changes.length && config) notes.push(t.usesRecorder(config.recorderName));
    if (waiting && !changes.length) return { changes: [], notes, skipped: waiting };
    if (waiting) notes.push(t.sentence(waiting));
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
          description: t.undo.disableHub,
          // Disabling deletes the findings, which cannot be had back: undo asks on its own, No by default.
          destructive: true,
          standards: payload.standards,
        };
      }
      case 'enable-standards': {
        const made = await api.enableStandards(payload.standards.map((w) => w.arn));
        return {
          kind: 'disable-standards',
          description: t.undo.disableStandards(names(made.map((s) => s.standardsArn))),
          subscriptions: made,
        };
      }
      case 'create-aggregator': {
        const arn = await api.createAggregator();
        return { kind: 'delete-finding-aggregator', description: t.undo.deleteAggregator, findingAggregatorArn: arn };
      }
    }
  },

  async undo(ctx, action) {
    const api = await securityHubApi(ctx);
    switch (action.kind) {
      case 'disable-security-hub':
        return api.disableHub();
      case 'disable-standards':
        return api.disableStandards(action.subscriptions.map((s) => s.subscriptionArn));
      case 'delete-finding-aggregator':
        return api.deleteAggregator(action.findingAggregatorArn);
      default:
        // A record of another kind (a log edited by hand): nothing to call.
        throw new Error(t.undo.cannot((action as { kind: string }).kind));
    }
  },

  undoDrift(state, action, recorded) {
    switch (action.kind) {
      case 'disable-security-hub': {
        if (!state.hub) return t.drift.alreadyOff;
        // Disabled only where the hub carries the tag of the run that recorded enabling it (an edited log cannot turn someone else's off).
        const notOurs = recorded && notCreatedByRun(state.hub.tags, recorded.runId, t.drift.hub);
        if (notOurs) return notOurs;
        const ours = action.standards;
        const added = state.standards.filter((s) => LIVE(s) && !ours.includes(s.standardsArn));
        return added.length ? t.drift.standardsAdded(names(added.map((s) => s.standardsArn))) : undefined;
      }
      case 'disable-standards': {
        const gone = action.subscriptions.filter((s) => !state.standards.some((o) => o.subscriptionArn === s.subscriptionArn && LIVE(o)));
        return gone.length ? t.drift.disabled(names(gone.map((s) => s.standardsArn)), gone.length) : undefined;
      }
      case 'delete-finding-aggregator': {
        const aggregator = state.aggregators.find((a) => a.arn === action.findingAggregatorArn);
        if (!aggregator) return t.drift.aggregatorGone(String(action.findingAggregatorArn));
        return aggregator.linkingMode === 'ALL_REGIONS' ? undefined : t.drift.aggregatorLinks(aggregator.linkingMode);
      }
      default:
        return undefined;
    }
  },
});
