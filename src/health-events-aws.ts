/**
 * The EventBridge and IAM calls of the Health notification step. EventBridge's writes are
 * idempotent (PutRule and PutTargets replace by name and id, RemoveTargets of a target that is
 * gone and DeleteRule of a rule that is gone succeed), so the SDK may resend them after a lost
 * answer. IAM's CreateRole is not: it goes through `createOnce`, and IAM deletes whose retry
 * finds the thing gone after a lost answer are done.
 */
import type { Rule } from '@aws-sdk/client-eventbridge';
import type { ServiceHandle } from './aws/clients.js';
import { createOnce, sendDoneOnRetry, withoutBlindRetry } from './aws/create-once.js';
import { isErrorCode, tagCallSite } from './aws/errors.js';
import { mentionsHealth, ROLE_NAME, ROLE_POLICY_NAME, RULE_NAME, samePolicyDocument } from './health-events.js';

type Events = ServiceHandle<'events'>;
type Iam = ServiceHandle<'iam'>;

/** A rule's settable fields, as PutRule takes them (an update replaces them all). */
export interface RuleDefinition {
  readonly Name: string;
  readonly EventPattern?: string;
  readonly State: string;
  readonly Description?: string;
  readonly ScheduleExpression?: string;
  readonly RoleArn?: string;
}

/** A target as PutTargets takes it and ListTargetsByRule returns it (the fields this step can meet). */
export interface TargetDefinition {
  readonly Id: string;
  readonly Arn: string;
  readonly RoleArn?: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: { readonly InputPathsMap?: Readonly<Record<string, string>>; readonly InputTemplate: string };
}

export interface ObservedRule {
  readonly definition: RuleDefinition;
  /** The AWS service that manages the rule, if one does (it is not ours to change). */
  readonly managedBy?: string;
  readonly targets: readonly TargetDefinition[];
}

export interface ObservedRole {
  readonly arn: string;
  readonly trustPolicy: string;
  /** The inline policy this step puts on it, if there. */
  readonly forwardPolicy?: string;
}

const isNoSuchEntity = (error: unknown) => isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** IAM reads lag behind its writes for a few seconds; these waits add up to about 6 s. */
const LAGGING_READ_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

// ---- reading ------------------------------------------------------------------------------

/** This step's rule (under any pattern) and every rule that takes AWS Health events, with their targets. */
export async function readHealthRules({ client, sdk }: Events): Promise<ObservedRule[]> {
  // EventBridge has no paginator for these two calls: NextToken by hand.
  const rules: Rule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new sdk.ListRulesCommand({ Limit: 100, ...(NextToken ? { NextToken } : {}) }));
    rules.push(...(page.Rules ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const relevant = rules.filter((rule) => rule.Name && (rule.Name === RULE_NAME || mentionsHealth(rule.EventPattern)));
  return Promise.all(relevant.map(async (rule) => {
    const definition: RuleDefinition = {
      Name: rule.Name!,
      State: rule.State ?? 'ENABLED',
      ...(rule.EventPattern !== undefined ? { EventPattern: rule.EventPattern } : {}),
      ...(rule.Description !== undefined ? { Description: rule.Description } : {}),
      ...(rule.ScheduleExpression !== undefined ? { ScheduleExpression: rule.ScheduleExpression } : {}),
      ...(rule.RoleArn !== undefined ? { RoleArn: rule.RoleArn } : {}),
    };
    return { definition, ...(rule.ManagedBy ? { managedBy: rule.ManagedBy } : {}), targets: await readTargets({ client, sdk }, definition.Name) };
  }));
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
export async function readRole({ client, sdk }: Iam): Promise<ObservedRole | undefined> {
  const [role, policy] = await Promise.all([
    client.send(new sdk.GetRoleCommand({ RoleName: ROLE_NAME })).then((out) => out.Role, orNone),
    client.send(new sdk.GetRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: ROLE_POLICY_NAME })).then((out) => out.PolicyDocument, orNone),
  ]);
  if (!role) return undefined;
  // IAM returns policy documents URL-encoded.
  return { arn: role.Arn!, trustPolicy: decodeURIComponent(role.AssumeRolePolicyDocument ?? ''), ...(policy ? { forwardPolicy: decodeURIComponent(policy) } : {}) };
}

function orNone(error: unknown): undefined {
  if (isNoSuchEntity(error)) return undefined;
  throw error;
}

// ---- EventBridge writes -------------------------------------------------------------------

export async function putRule({ client, sdk }: Events, rule: RuleDefinition): Promise<void> {
  await client.send(new sdk.PutRuleCommand({ ...rule, State: rule.State as 'ENABLED' }));
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
export async function removeTargets(events: Events, Rule: string, Ids: string[], region: string): Promise<void> {
  const { client, sdk } = events;
  try {
    await withEntryRetries('RemoveTargets', region, async () => (await client.send(new sdk.RemoveTargetsCommand({ Rule, Ids }))).FailedEntries);
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
      const error = Object.assign(new Error(`target ${first!.TargetId}: ${first!.ErrorMessage ?? 'failed'}`), { name: first!.ErrorCode ?? 'FailedEntry' });
      tagCallSite(error, { action: `events:${operation}`, region, permission: `events:${operation}` });
      throw error;
    }
    await sleep(Math.random() * 100 * 2 ** attempt);
  }
}

// ---- IAM writes ---------------------------------------------------------------------------

/**
 * Creates the role once: after a lost answer the role is read, and taken as this run's only if
 * it trusts what was asked. IAM reads lag, so a resent create's EntityAlreadyExists after a lost
 * answer means: read again, waiting a little longer each time.
 */
export async function createRole(iam: Iam, trust: string, description: string): Promise<void> {
  const { client, sdk } = iam;
  let answerLost = false;
  const find = async () => {
    const role = await client.send(new sdk.GetRoleCommand({ RoleName: ROLE_NAME })).then((out) => out.Role, orNone);
    if (!role) return undefined;
    if (!samePolicyDocument(decodeURIComponent(role.AssumeRolePolicyDocument ?? ''), trust)) {
      throw new Error(`The answer to CreateRole was lost, and a role named ${ROLE_NAME} now exists that trusts something else than EventBridge. Something else created it: check it, then run again.`);
    }
    return true;
  };
  await createOnce({
    create: async () => {
      try {
        await client.send(withoutBlindRetry(new sdk.CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: trust, Description: description })));
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
export async function deleteRole({ client, sdk }: Iam): Promise<void> {
  await sendDoneOnRetry(new sdk.DeleteRoleCommand({ RoleName: ROLE_NAME }), (c) => client.send(c), 'NoSuchEntityException', 'NoSuchEntity');
}

export async function putRolePolicy({ client, sdk }: Iam, document: string): Promise<void> {
  await client.send(new sdk.PutRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: ROLE_POLICY_NAME, PolicyDocument: document }));
}

/** `evenIfGone`: clearing up before deleting the role, where no policy is as good as removing it. */
export async function deleteRolePolicy({ client, sdk }: Iam, { evenIfGone = false } = {}): Promise<void> {
  const command = new sdk.DeleteRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: ROLE_POLICY_NAME });
  try {
    await sendDoneOnRetry(command, (c) => client.send(c), 'NoSuchEntityException', 'NoSuchEntity');
  } catch (error) {
    if (!evenIfGone || !isNoSuchEntity(error)) throw error;
  }
}

export async function updateTrust({ client, sdk }: Iam, document: string): Promise<void> {
  await client.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: ROLE_NAME, PolicyDocument: document }));
}
