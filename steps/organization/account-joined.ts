/**
 * A person hears of every account created in the organization, with the command that sets it up:
 * Organizations' `CreateAccountResult` event (a CloudTrail service event of the management
 * account, delivered in us-east-1 whatever the home region) is matched there by a rule that
 * sends it to the security account's default event bus (its policy lets the organization in:
 * organization-alerts-topic), with a role of the management account, as a target on another
 * account's bus needs when that account allowed an organization; a rule on that bus emails it to
 * the organization's alerts topic as one sentence. The sentence is made on the security
 * account's rule: EventBridge takes no input transformer on a target that is another account's
 * event bus (PutTargets reference), so the event crosses as it is.
 *
 * Invited accounts are not matched: AcceptHandshake is the invited account's own call (its
 * CloudTrail, not the management account's), and the AccountJoinedOrganization event that
 * Organizations logs in the management account has no documented shape to take the id from.
 */
import { z } from 'zod';
import { defineStep, type Change, type PlanContext, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import {
  BUS_TARGET_ID, emailLines, emailTemplate, forwardingDrift, FORWARDING_PERMISSIONS, homeBusArn, ourEmailLines, planRole, planRule, regionOfArn, roleArn, TOPIC_TARGET_ID, untaggedParts,
  type ForwardingChange, type ForwardingRole, type ForwardingState, type ForwardingUndo,
} from '../shared/forwarding.js';
import { applyForwarding, readRole, readRules, undoForwarding, type ForwardingHandles } from '../shared/forwarding-aws.js';
import { named, organizationOf } from './shared.js';

/** Organizations' events arrive in us-east-1 only. */
export const ORGANIZATIONS_EVENTS_REGION = 'us-east-1';
export const ACCOUNT_JOINED_RULE = 'aws-bootstrap-account-joined';
export const ACCOUNT_JOINED_ROLE: ForwardingRole = { name: 'aws-bootstrap-account-joined-forwarder', forwards: 'AWS Organizations account-created events' };
/** No role: the security account's rule sends to a topic of its own account. */
const NO_ROLE: ForwardingRole = { name: 'aws-bootstrap-none', forwards: 'nothing' };

const en = {
  title: 'Someone hears of every new account of the organization, with the command to set it up',
  why: 'An account created in the organization gets what the organization turns on for every account, but not its own per-account steps: someone has to run them, and has to know the account exists.',
  noTopic: 'organization-account-joined needs the organization\'s alerts topic (step organization-alerts-topic), and it provided none',
  takes: (management: string) => `AWS Organizations' "account created" events (CreateAccountResult, SUCCEEDED), in the management account ${management}`,
  takesForwarded: (management: string, security: string) => `AWS Organizations' "account created" events the management account ${management} sends, in ${security}`,
  createRole: (name: string) => `Create the IAM role "${name}" that the management account's rule sends the events to the security account with`,
  putPolicy: (name: string, security: string) => `Let the role "${name}" put events on the default event bus of ${security}, and nothing else`,
  bus: (security: string) => `the default event bus of the security account ${security}`,
  forward: (security: string) => `Send each such event to ${security}'s default event bus, with the role "${ACCOUNT_JOINED_ROLE.name}"`,
  topic: 'the organization\'s alerts topic',
  email: 'Email each one to the organization\'s alerts topic as one sentence',
  message: 'account <accountId> (<accountName>) joined the organization: run `aws-bootstrap --org --accounts <accountId>` for its per-account steps',
  notes: {
    route: (management: string, security: string) => `Organizations tells only the management account ${management}, in us-east-1, of a new account: its rule sends the event to ${security}'s event bus (EventBridge takes no input transformer on another account's bus), where a rule writes the sentence for the organization's alerts topic.`,
    usEast1: 'Organizations\' events arrive in us-east-1 only: keep us-east-1 in the run (--regions), or the management account\'s rule is not made.',
    invited: 'Only created accounts are announced: an invited account\'s acceptance (AcceptHandshake) is logged in that account, not in the management account.',
    costs: 'Costs: EventBridge charges nothing for AWS service events; an event sent to another account\'s bus is billed as a custom event (USD 1.00 a million: one per new account). SNS email is free for the first 1,000 a month.',
  },
};

const t = texts('organization-account-joined', en, {
  title: '組織の新しいアカウントを、設定のためのコマンドと一緒に担当者が知る',
  why: '組織で作成されたアカウントには、組織がすべてのアカウントに有効にするものは適用されますが、アカウントごとのステップは適用されません。誰かがそれを実行する必要があり、そのためにはアカウントができたことを知る必要があります。',
  noTopic: 'organization-account-joined には組織のアラート用トピック (ステップ organization-alerts-topic) が必要ですが、提供されていません',
  takes: (management: string) => `管理アカウント ${management} の AWS Organizations の「アカウント作成」イベント (CreateAccountResult、SUCCEEDED)`,
  takesForwarded: (management: string, security: string) => `${security} で、管理アカウント ${management} が送る AWS Organizations の「アカウント作成」イベント`,
  createRole: (name: string) => `管理アカウントのルールがイベントをセキュリティアカウントに送るのに使う IAM ロール「${name}」を作成する`,
  putPolicy: (name: string, security: string) => `ロール「${name}」に ${security} のデフォルトのイベントバスへのイベント送信だけを許可する`,
  bus: (security: string) => `セキュリティアカウント ${security} のデフォルトのイベントバス`,
  forward: (security: string) => `該当する各イベントを、ロール「${ACCOUNT_JOINED_ROLE.name}」で ${security} のデフォルトのイベントバスに送信する`,
  topic: '組織のアラート用トピック',
  email: '各イベントを 1 文にして組織のアラート用トピックに E メールで送信する',
  message: 'アカウント <accountId> (<accountName>) が組織に参加しました: アカウントごとのステップのために `aws-bootstrap --org --accounts <accountId>` を実行してください',
  notes: {
    route: (management: string, security: string) => `新しいアカウントのことを Organizations が伝えるのは管理アカウント ${management} の us-east-1 だけです。そこのルールがイベントを ${security} のイベントバスに送り (EventBridge は別のアカウントのバスへのターゲットで入力トランスフォーマーを使えません)、そこのルールが組織のアラート用トピック向けの文を作ります。`,
    usEast1: 'Organizations のイベントは us-east-1 にだけ届きます。us-east-1 を実行対象 (--regions) に含めてください。含めないと管理アカウントのルールは作成されません。',
    invited: '通知されるのは作成されたアカウントだけです。招待されたアカウントの承諾 (AcceptHandshake) は、管理アカウントではなくそのアカウントに記録されます。',
    costs: '料金: AWS のサービスのイベントに EventBridge の料金はかかりません。別のアカウントのバスに送るイベントはカスタムイベントとして課金されます (100 万件あたり USD 1.00、新しいアカウント 1 つにつき 1 件)。SNS の E メールは月 1,000 件まで無料です。',
  },
});

// The rules' descriptions stay English in both languages: a run in the other language would otherwise rewrite them.
const managementDescription = (security: string) => `New accounts of the organization (CreateAccountResult) to the event bus of the security account ${security}, emailed from there (aws-bootstrap)`;
const SECURITY_DESCRIPTION = 'New accounts of the organization, from the management account, to the alerts topic as one sentence (aws-bootstrap)';

const inputSchema = z.object({}).strict();
const SECURITY_ACTIONS = ['events:ListRules', 'events:ListTargetsByRule', 'events:ListTagsForResource', 'events:PutRule', 'events:TagResource', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule'];
export type AccountJoinedInputs = z.output<typeof inputSchema>;

type Side = 'management' | 'security';
/** A forwarding change, and in which account it is made. */
export type AccountJoinedChange = ForwardingChange & { readonly side: Side };

export interface AccountJoinedState {
  readonly managementAccountId: string;
  readonly securityAccount: string;
  readonly security: string;
  /** In us-east-1: the management account's rule and role. */
  readonly management?: ForwardingState;
  /** In the home region: the security account's rule. */
  readonly securityRules?: ForwardingState;
}

const pattern = (managementAccountId?: string) => JSON.stringify({
  source: ['aws.organizations'],
  ...(managementAccountId ? { account: [managementAccountId] } : {}),
  'detail-type': ['AWS Service Event via CloudTrail'],
  detail: { eventSource: ['organizations.amazonaws.com'], eventName: ['CreateAccountResult'], serviceEventDetails: { createAccountStatus: { state: ['SUCCEEDED'] } } },
});

/** The sentence emailed, in the current language: `<accountId>` and `<accountName>` from the event. */
export function accountJoinedEmail(): { InputPathsMap: Record<string, string>; InputTemplate: string } {
  return {
    InputPathsMap: { accountId: '$.detail.serviceEventDetails.createAccountStatus.accountId', accountName: '$.detail.serviceEventDetails.createAccountStatus.accountName' },
    InputTemplate: emailTemplate([t.message]),
  };
}

async function handles(aws: StepContext['aws']): Promise<ForwardingHandles> {
  const [events, iam] = await Promise.all([aws.use('events'), aws.use('iam')]);
  return { events, iam };
}

function sideOf(ctx: StepContext, side: Side) {
  const org = organizationOf(ctx, 'organization-account-joined');
  return side === 'management' ? ctx.aws : org.in(org.securityAccount);
}

const homeOf = (ctx: { homeRegion?: string; region: string }) => ctx.homeRegion ?? ctx.region;
const withSide = (side: Side, changes: Change<ForwardingChange>[]): Change<AccountJoinedChange>[] => changes.map((c) => ({ ...c, payload: { ...c.payload, side } }));

export default defineStep<AccountJoinedState, AccountJoinedInputs, AccountJoinedChange, ForwardingUndo>({
  id: 'organization-account-joined',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  needs: ['organization-alerts-topic'],
  organization: {
    covers: [],
    inSecurityAccount: SECURITY_ACTIONS,
    // A rule on each side: the management account's (us-east-1) and the security account's.
    inBothAccounts: SECURITY_ACTIONS,
  },
  permissions: {
    observe: [...FORWARDING_PERMISSIONS.observe],
    apply: [...FORWARDING_PERMISSIONS.apply],
    undo: [...FORWARDING_PERMISSIONS.undo],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-account-joined');
    const base = { managementAccountId: org.managementAccountId, securityAccount: org.securityAccount, security: named(org, org.securityAccount) };
    // The management account as security account (--allow-management-account) with us-east-1 its home: one rule, to the topic.
    const oneRule = org.securityAccount === org.managementAccountId && homeOf(ctx) === ORGANIZATIONS_EVENTS_REGION;
    const [management, securityRules] = await Promise.all([
      ctx.region === ORGANIZATIONS_EVENTS_REGION && !oneRule
        ? handles(ctx.aws).then(async ({ events, iam }) => {
          const [rules, role] = await Promise.all([readRules(events, (r) => r.Name === ACCOUNT_JOINED_RULE, [ACCOUNT_JOINED_RULE]), readRole(iam, ACCOUNT_JOINED_ROLE)]);
          return { rules, ...(role ? { role } : {}) };
        })
        : undefined,
      ctx.region === homeOf(ctx)
        ? org.in(org.securityAccount).use('events').then(async (events) => ({ rules: await readRules(events, (r) => r.Name === ACCOUNT_JOINED_RULE, [ACCOUNT_JOINED_RULE]) }))
        : undefined,
    ]);
    return { ...base, ...(management ? { management } : {}), ...(securityRules ? { securityRules } : {}) };
  },

  plan(state, _inputs, ctx: PlanContext) {
    const topicArn = (ctx.provided?.['organization-alerts-topic'] as { topicArn?: string } | undefined)?.topicArn;
    if (!topicArn) throw new Error(t.noTopic);
    const home = regionOfArn(topicArn);
    const changes: Change<AccountJoinedChange>[] = [];
    const notes: string[] = [];
    if (state.management) {
      const busArn = homeBusArn(ctx.partition, home, state.securityAccount);
      const destination = t.bus(state.security);
      // The role may put events on the security account's bus, and nothing else.
      const role = planRole(state.management.role, ACCOUNT_JOINED_ROLE, home, { ...ctx, accountId: state.securityAccount }).map((c) => {
        if (c.payload.action === 'create-role') return { ...c, summary: t.createRole(ACCOUNT_JOINED_ROLE.name) };
        if (c.payload.action === 'put-role-policy') return { ...c, summary: t.putPolicy(ACCOUNT_JOINED_ROLE.name, state.security) };
        return c;
      });
      const rule = planRule(state.management.rules, {
        rule: { Name: ACCOUNT_JOINED_RULE, EventPattern: pattern(), State: 'ENABLED', Description: managementDescription(state.security) },
        target: { Id: BUS_TARGET_ID, Arn: busArn, RoleArn: roleArn(ctx.partition, ctx.accountId, ACCOUNT_JOINED_ROLE.name) },
        toTopic: false,
        destination,
        takes: t.takes(state.managementAccountId),
        targetSummary: t.forward(state.security),
      }, ctx.runId);
      if (rule.skipped) return { changes: [], skipped: rule.skipped };
      // The role first: the rule's target names it.
      changes.push(...withSide('management', role), ...withSide('management', rule.changes));
      notes.push(...rule.notes);
    }
    if (state.securityRules) {
      const rule = planRule(state.securityRules.rules, {
        rule: { Name: ACCOUNT_JOINED_RULE, EventPattern: pattern(state.managementAccountId), State: 'ENABLED', Description: SECURITY_DESCRIPTION },
        target: { Id: TOPIC_TARGET_ID, Arn: topicArn, InputTransformer: accountJoinedEmail() },
        toTopic: true,
        destination: t.topic,
        takes: t.takesForwarded(state.managementAccountId, state.security),
        targetSummary: t.email,
        emailLines: emailLines(accountJoinedEmail().InputTemplate),
        readsAs: (template) => ourEmailLines(() => accountJoinedEmail().InputTemplate, template),
      }, ctx.runId);
      if (rule.skipped) return { changes: [], skipped: rule.skipped };
      changes.push(...withSide('security', rule.changes));
      notes.push(...rule.notes);
      if (changes.length && ctx.region !== ORGANIZATIONS_EVENTS_REGION) notes.push(t.notes.usEast1);
    }
    if (changes.length) notes.push(t.notes.route(state.managementAccountId, state.security), t.notes.invited, untaggedParts(), t.notes.costs);
    return { changes, notes };
  },

  async apply(ctx, change) {
    const { side } = change.payload;
    return applyForwarding(await handles(sideOf(ctx, side)), change.payload, side === 'management' ? ACCOUNT_JOINED_ROLE : NO_ROLE, ctx.region, ctx.runId);
  },
  async undo(ctx, action) {
    const side = (action.change as Partial<AccountJoinedChange>).side ?? 'management';
    return undoForwarding(await handles(sideOf(ctx, side)), action.change, side === 'management' ? ACCOUNT_JOINED_ROLE : NO_ROLE, ctx.region);
  },
  undoDrift(state, action, recorded) {
    const side = (action.change as Partial<AccountJoinedChange>).side ?? 'management';
    const found = side === 'management' ? state.management : state.securityRules;
    return forwardingDrift(found ?? { rules: [] }, action.change, side === 'management' ? ACCOUNT_JOINED_ROLE : NO_ROLE, recorded);
  },
});
