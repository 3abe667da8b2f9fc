/**
 * The EventBridge and IAM calls of the steps that email through the alerts topic (see
 * forwarding.ts). EventBridge's writes are idempotent (PutRule and PutTargets replace by
 * name and id, RemoveTargets of a target that is gone and DeleteRule of a rule that is gone
 * succeed), so the SDK may resend them after a lost answer. IAM's CreateRole is not: it goes
 * through `createOnce`, and IAM deletes whose retry finds the thing gone after a lost answer are
 * done.
 */
import type { Rule } from '@aws-sdk/client-eventbridge';
import type { ServiceHandle } from '../../src/aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode, tagCallSite } from '../../src/aws/errors.js';
import { sharedRead, type Change, type RecordedChange, type StepContext } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { bootstrapTagList, notCreatedByRun, tagMap } from '../../src/core/tags.js';
import {
  FORWARDING_PERMISSIONS, forwardingDrift, OWN_TARGET_IDS, ROLE_POLICY_NAME, samePolicyDocument,
  type ForwardingChange, type ForwardingState, type ForwardingRole, type ForwardingUndo, type ObservedRole, type ObservedRule, type RuleDefinition, type TargetDefinition,
} from './forwarding.js';
import { passRole, roleArn as scopeRoleArn, type Scope, type ScopeContext } from '../../src/core/permission-scopes.js';

const en = {
  targetFailed: (id: string | undefined, message: string | undefined) => `target ${id}: ${message ?? 'failed'}`,
  role: (name: string) => `the role ${name}`,
  lostTrustsOther: (name: string) => `The answer to CreateRole was lost, and a role named ${name} now exists that trusts something else than EventBridge. Something else created it: check it, then run again.`,
  lostNotOurs: (why: string) => `The answer to CreateRole was lost, and ${why}. Something else created it: check it, then run again.`,
  undo: {
    deleteRule: (name: string, region: string) => `Delete the EventBridge rule "${name}" in ${region} (it did not exist before)`,
    restoreRule: (name: string, region: string, pattern: string | undefined, state: string) => `Put the EventBridge rule "${name}" in ${region} back as it was (pattern ${pattern ?? 'none'}, ${state})`,
    removeTarget: (rule: string, region: string, arn: string) => `Stop the rule "${rule}" in ${region} sending to ${arn}`,
    restoreTarget: (rule: string, region: string, arn: string) => `Make the rule "${rule}" in ${region} send to ${arn} as before`,
    deleteRole: (name: string) => `Delete the IAM role "${name}" (it did not exist before)`,
    restoreTrust: (name: string) => `Put the trust policy of the IAM role "${name}" back as it was`,
    restorePolicy: (name: string) => `Put the policy of the IAM role "${name}" back as it was`,
    deletePolicy: (name: string) => `Remove the policy this run gave the IAM role "${name}"`,
  },
};

const t = texts('event-forwarding-aws', en, {
  targetFailed: (id: string | undefined, message: string | undefined) => `ターゲット ${id}: ${message ?? '失敗しました'}`,
  role: (name: string) => `ロール ${name}`,
  lostTrustsOther: (name: string) => `CreateRole の応答が失われ、EventBridge 以外を信頼するロール ${name} が存在しています。別の誰かが作成したものです。確認してから再度実行してください。`,
  lostNotOurs: (why: string) => `CreateRole の応答が失われ、${why}。別の誰かが作成したものです。確認してから再度実行してください。`,
  undo: {
    deleteRule: (name: string, region: string) => `${region} の EventBridge ルール「${name}」を削除する (以前は存在しなかった)`,
    restoreRule: (name: string, region: string, pattern: string | undefined, state: string) => `${region} の EventBridge ルール「${name}」を元に戻す (パターン ${pattern ?? 'なし'}、${state})`,
    removeTarget: (rule: string, region: string, arn: string) => `${region} のルール「${rule}」から ${arn} への送信をやめる`,
    restoreTarget: (rule: string, region: string, arn: string) => `${region} のルール「${rule}」の送信先を元の ${arn} に戻す`,
    deleteRole: (name: string) => `IAM ロール「${name}」を削除する (以前は存在しなかった)`,
    restoreTrust: (name: string) => `IAM ロール「${name}」の信頼ポリシーを元に戻す`,
    restorePolicy: (name: string) => `IAM ロール「${name}」のポリシーを元に戻す`,
    deletePolicy: (name: string) => `この実行で IAM ロール「${name}」に付けたポリシーを削除する`,
  },
});

type Events = ServiceHandle<'events'>;
type Iam = ServiceHandle<'iam'>;
export type ForwardingHandles = { events: Events; iam: Iam };

const isNoSuchEntity = (error: unknown) => isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** IAM reads lag behind its writes for a few seconds; these waits add up to about 6 s. */
const LAGGING_READ_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

export async function forwardingHandles(ctx: StepContext): Promise<ForwardingHandles> {
  const [events, iam] = await Promise.all([ctx.aws.use('events'), ctx.aws.use('iam')]);
  return { events, iam };
}

// ---- reading ------------------------------------------------------------------------------

/** Every rule of the region's default event bus (shared by the steps that read them, where reads are shared). */
async function listRules({ client, sdk }: Events): Promise<readonly Rule[]> {
  // EventBridge has no paginator for these two calls: NextToken by hand.
  const rules: Rule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new sdk.ListRulesCommand({ Limit: 100, ...(NextToken ? { NextToken } : {}) }));
    rules.push(...(page.Rules ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return rules;
}

/**
 * The region's rules that `keep` picks (by name or pattern), with their targets; with their tags
 * too for those named in `own` (the step's own rule names: the only ones it may have created).
 * `list` reads the region's rules (ListRules; a shared read in observe).
 */
export async function readRules({ client, sdk }: Events, keep: (rule: { Name: string; EventPattern?: string }) => boolean, own: readonly string[], list: () => Promise<readonly Rule[]> = () => listRules({ client, sdk })): Promise<ObservedRule[]> {
  const rules = await list();
  const relevant = rules.filter((rule) => rule.Name && keep({ Name: rule.Name, ...(rule.EventPattern !== undefined ? { EventPattern: rule.EventPattern } : {}) }));
  return Promise.all(relevant.map(async (rule) => {
    const definition: RuleDefinition = {
      Name: rule.Name!,
      State: rule.State ?? 'ENABLED',
      ...(rule.EventPattern !== undefined ? { EventPattern: rule.EventPattern } : {}),
      ...(rule.Description !== undefined ? { Description: rule.Description } : {}),
      ...(rule.ScheduleExpression !== undefined ? { ScheduleExpression: rule.ScheduleExpression } : {}),
      ...(rule.RoleArn !== undefined ? { RoleArn: rule.RoleArn } : {}),
    };
    const [targets, tags] = await Promise.all([readTargets({ client, sdk }, definition.Name), own.includes(definition.Name) ? readTags({ client, sdk }, rule.Arn!) : undefined]);
    return { definition, ...(rule.ManagedBy ? { managedBy: rule.ManagedBy } : {}), targets, ...(tags ? { tags } : {}) };
  }));
}

/** A rule's tags (EventBridge's ListRules does not show them). */
async function readTags({ client, sdk }: Events, ResourceARN: string): Promise<Record<string, string>> {
  return tagMap((await client.send(new sdk.ListTagsForResourceCommand({ ResourceARN }))).Tags);
}

async function readTargets({ client, sdk }: Events, Rule: string): Promise<TargetDefinition[]> {
  const targets: TargetDefinition[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new sdk.ListTargetsByRuleCommand({ Rule, Limit: 100, ...(NextToken ? { NextToken } : {}) }));
    for (const t of page.Targets ?? []) {
      targets.push({
        Id: t.Id!,
        Arn: t.Arn!,
        ...(t.RoleArn ? { RoleArn: t.RoleArn } : {}),
        ...(t.Input !== undefined ? { Input: t.Input } : {}),
        ...(t.InputPath !== undefined ? { InputPath: t.InputPath } : {}),
        ...(t.InputTransformer ? { InputTransformer: { InputTemplate: t.InputTransformer.InputTemplate!, ...(t.InputTransformer.InputPathsMap ? { InputPathsMap: t.InputTransformer.InputPathsMap } : {}) } } : {}),
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return targets;
}

/** The forwarding role and its inline policy, or undefined when there is no such role. */
export async function readRole({ client, sdk }: Iam, spec: ForwardingRole): Promise<ObservedRole | undefined> {
  const [role, policy] = await Promise.all([
    client.send(new sdk.GetRoleCommand({ RoleName: spec.name })).then((out) => out.Role, orNone),
    client.send(new sdk.GetRolePolicyCommand({ RoleName: spec.name, PolicyName: ROLE_POLICY_NAME })).then((out) => out.PolicyDocument, orNone),
  ]);
  if (!role) return undefined;
  // IAM returns policy documents URL-encoded.
  // GetRole answers with the role's tags: no ListRoleTags needed.
  return { arn: role.Arn!, trustPolicy: decodeURIComponent(role.AssumeRolePolicyDocument ?? ''), ...(policy ? { forwardPolicy: decodeURIComponent(policy) } : {}), tags: tagMap(role.Tags) };
}

function orNone(error: unknown): undefined {
  if (isNoSuchEntity(error)) return undefined;
  throw error;
}

// ---- EventBridge writes -------------------------------------------------------------------

/** `runId` for a rule this run creates: PutRule takes Tags only then (an update ignores them). */
export async function putRule({ client, sdk }: Events, rule: RuleDefinition, runId?: string): Promise<void> {
  await client.send(new sdk.PutRuleCommand({ ...rule, State: rule.State as 'ENABLED', ...(runId ? { Tags: bootstrapTagList(runId) } : {}) }));
}

/** DeleteRule succeeds for a rule that is gone, so a resend after a lost answer is harmless. */
export async function deleteRule({ client, sdk }: Events, Name: string): Promise<void> {
  await client.send(new sdk.DeleteRuleCommand({ Name }));
}

/** Target writes that meet another writer fail per entry; they are sent again a few times. */
const ENTRY_ATTEMPTS = 5;

export async function putTarget(events: Events, Rule: string, target: TargetDefinition, region: string): Promise<void> {
  const { client, sdk } = events;
  await withEntryRetries('PutTargets', region, async () => (await client.send(new sdk.PutTargetsCommand({ Rule, Targets: [target] }))).FailedEntries);
}

/** Ids the rule does not have are no error; the targets of a rule that is gone are gone too: done. */
export async function removeTargets(events: Events, Rule: string, Ids: readonly string[], region: string): Promise<void> {
  const { client, sdk } = events;
  try {
    await withEntryRetries('RemoveTargets', region, async () => (await client.send(new sdk.RemoveTargetsCommand({ Rule, Ids: [...Ids] }))).FailedEntries);
  } catch (error) {
    if (!isErrorCode(error, 'ResourceNotFoundException')) throw error;
  }
}

type FailedEntry = { TargetId?: string; ErrorCode?: string; ErrorMessage?: string };

async function withEntryRetries(operation: string, region: string, send: () => Promise<FailedEntry[] | undefined>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const failed = (await send()) ?? [];
    if (!failed.length) return;
    const busy = failed.every((f) => f.ErrorCode === 'ConcurrentModificationException');
    if (!busy || attempt >= ENTRY_ATTEMPTS) {
      const [first] = failed;
      const error = Object.assign(new Error(t.targetFailed(first!.TargetId, first!.ErrorMessage)), { name: first!.ErrorCode ?? 'FailedEntry' });
      tagCallSite(error, { action: `events:${operation}`, region, permission: `events:${operation}` });
      throw error;
    }
    await sleep(Math.random() * 100 * 2 ** attempt);
  }
}

// ---- IAM writes ---------------------------------------------------------------------------

/**
 * Creates the role once, tagged for run `runId` in CreateRole itself: after a lost answer the
 * role is read, and taken as this run's only if it trusts what was asked and carries the run's
 * tag. IAM reads lag, so a resent create's EntityAlreadyExists after a lost answer means: read
 * again, waiting a little longer each time.
 */
export async function createRole(iam: Iam, spec: ForwardingRole, trust: string, runId: string | undefined): Promise<void> {
  const { client, sdk } = iam;
  const RoleName = spec.name;
  let answerLost = false;
  const find = async () => {
    const role = await client.send(new sdk.GetRoleCommand({ RoleName })).then((out) => out.Role, orNone);
    if (!role) return undefined;
    if (!samePolicyDocument(decodeURIComponent(role.AssumeRolePolicyDocument ?? ''), trust)) {
      throw new Error(t.lostTrustsOther(RoleName));
    }
    const notOurs = runId && notCreatedByRun(tagMap(role.Tags), runId, t.role(RoleName));
    if (notOurs) throw new Error(t.lostNotOurs(notOurs));
    return true;
  };
  // English in every language: IAM takes only Latin-1 characters in a role's description.
  const Description = `Lets EventBridge forward ${spec.forwards} to the home region (aws-bootstrap)`;
  await createOnce({
    create: async () => {
      try {
        await client.send(withoutBlindRetry(new sdk.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust, Description, ...(runId ? { Tags: bootstrapTagList(runId) } : {}) })));
        return true;
      } catch (error) {
        if (!answerLost || !isErrorCode(error, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) throw error;
        for (const delay of LAGGING_READ_DELAYS_MS) {
          await sleep(delay);
          if (await find()) return true;
        }
        throw error;
      }
    },
    find: () => {
      answerLost = true;
      return find();
    },
  });
}

/** Deleting what a lost answer already deleted is done. */
export async function deleteRole({ client, sdk }: Iam, spec: ForwardingRole): Promise<void> {
  await sendDoneOnRetry(new sdk.DeleteRoleCommand({ RoleName: spec.name }), (c) => client.send(c), 'NoSuchEntityException', 'NoSuchEntity');
}

export async function putRolePolicy({ client, sdk }: Iam, spec: ForwardingRole, document: string): Promise<void> {
  await client.send(new sdk.PutRolePolicyCommand({ RoleName: spec.name, PolicyName: ROLE_POLICY_NAME, PolicyDocument: document }));
}

/** `evenIfGone`: clearing up before deleting the role, where no policy is as good as removing it. */
export async function deleteRolePolicy({ client, sdk }: Iam, spec: ForwardingRole, { evenIfGone = false } = {}): Promise<void> {
  const command = new sdk.DeleteRolePolicyCommand({ RoleName: spec.name, PolicyName: ROLE_POLICY_NAME });
  try {
    await sendDoneOnRetry(command, (c) => client.send(c), 'NoSuchEntityException', 'NoSuchEntity');
  } catch (error) {
    if (!evenIfGone || !isNoSuchEntity(error)) throw error;
  }
}

export async function updateTrust({ client, sdk }: Iam, spec: ForwardingRole, document: string): Promise<void> {
  await client.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: spec.name, PolicyDocument: document }));
}

// ---- one change, and taking it back --------------------------------------------------------

/** Makes one planned change; returns how to take it back (the change itself is the record's payload). What it creates is tagged for run `runId`. */
export async function applyForwarding({ events, iam }: ForwardingHandles, change: ForwardingChange, spec: ForwardingRole, region: string, runId: string | undefined): Promise<ForwardingUndo> {
  switch (change.action) {
    case 'create-rule':
      await putRule(events, change.rule, runId);
      return { kind: 'delete-rule', description: t.undo.deleteRule(change.rule.Name, region), change };
    case 'update-rule':
      await putRule(events, change.rule);
      return { kind: 'restore-rule', description: t.undo.restoreRule(change.rule.Name, region, change.previous.EventPattern, change.previous.State), change };
    case 'add-target':
      await putTarget(events, change.rule, change.target, region);
      return { kind: 'remove-target', description: t.undo.removeTarget(change.rule, region, change.target.Arn), change };
    case 'replace-target':
      await putTarget(events, change.rule, change.target, region);
      return { kind: 'restore-target', description: t.undo.restoreTarget(change.rule, region, change.previous.Arn), change };
    case 'create-role':
      await createRole(iam, spec, change.trust, runId);
      return { kind: 'delete-role', description: t.undo.deleteRole(spec.name), change };
    case 'update-trust':
      await updateTrust(iam, spec, change.trust);
      return { kind: 'restore-trust', description: t.undo.restoreTrust(spec.name), change };
    case 'put-role-policy':
      await putRolePolicy(iam, spec, change.document);
      return change.previous
        ? { kind: 'restore-role-policy', description: t.undo.restorePolicy(spec.name), change }
        : { kind: 'delete-role-policy', description: t.undo.deletePolicy(spec.name), change };
  }
}

/** Takes one recorded change back. */
export async function undoForwarding({ events, iam }: ForwardingHandles, change: ForwardingChange, spec: ForwardingRole, region: string): Promise<void> {
  switch (change.action) {
    case 'create-rule':
      // Its own target first, in case the record of adding it was lost (killed in between):
      // EventBridge deletes no rule that still has targets.
      await removeTargets(events, change.rule.Name, OWN_TARGET_IDS, region);
      return deleteRule(events, change.rule.Name);
    case 'update-rule':
      return putRule(events, change.previous);
    case 'add-target':
      return removeTargets(events, change.rule, [change.target.Id], region);
    case 'replace-target':
      return putTarget(events, change.rule, change.previous, region);
    case 'create-role':
      // The policy this run put on it goes first, even if the record of putting it was lost.
      await deleteRolePolicy(iam, spec, { evenIfGone: true });
      return deleteRole(iam, spec);
    case 'update-trust':
      return updateTrust(iam, spec, change.previous);
    case 'put-role-policy':
      return change.previous ? putRolePolicy(iam, spec, change.previous) : deleteRolePolicy(iam, spec);
  }
}

// ---- a forwarding step's I/O, whole --------------------------------------------------------

/**
 * Everything a step that forwards events does with AWS: reading its rules (those `keep` picks,
 * and its `own` by name) and its role in every region, and applying, undoing and checking drift
 * through the role. health-notifications and findings-alerts spread this into their step and add
 * their id, texts, inputs, dependencies and plan.
 */
export function forwardingStepIo(role: ForwardingRole, keep: (rule: { Name: string; EventPattern?: string }) => boolean, own: readonly string[]) {
  return {
    scope: 'region' as const,
    permissions: {
      ...FORWARDING_PERMISSIONS,
      // Its own rules by name, its role, and passing that role to EventBridge (the region's other rules about the same events are read on `*`).
      scopes: (c: ScopeContext): Scope[] => [
        { name: 'Rule', actions: ['events:ListTagsForResource', 'events:PutRule', 'events:TagResource', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule'], resources: own.map((rule) => c.arn('events', `rule/${rule}`)) },
        {
          name: 'Role',
          actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
          resources: [scopeRoleArn(c, role.name)],
        },
        passRole([scopeRoleArn(c, role.name)], 'events.amazonaws.com'),
      ],
    },
    async observe(ctx: StepContext): Promise<ForwardingState> {
      // The role is global: every region's state has it, read once per run where reads are shared.
      // The rules' tags only for undo's check (whether a run created the rule).
      const { events, iam } = await forwardingHandles(ctx);
      // The region's rules too: both forwarding steps list the same ones.
      const rulesRead = readRules(events, keep, ctx.readTags ? own : [], () => sharedRead(ctx, `events:ListRules:${ctx.region}`, () => listRules(events)));
      const [rules, found] = await Promise.all([rulesRead, sharedRead(ctx, `iam:GetRole:${role.name}`, () => readRole(iam, role))]);
      return { rules, ...(found ? { role: found } : {}) };
    },
    async apply(ctx: StepContext, change: Change<ForwardingChange>): Promise<ForwardingUndo> {
      return applyForwarding(await forwardingHandles(ctx), change.payload, role, ctx.region, ctx.runId);
    },
    async undo(ctx: StepContext, action: ForwardingUndo): Promise<void> {
      return undoForwarding(await forwardingHandles(ctx), action.change, role, ctx.region);
    },
    undoDrift(state: ForwardingState, action: ForwardingUndo, recorded?: RecordedChange): string | undefined {
      return forwardingDrift(state, action.change, role, recorded);
    },
  };
}
