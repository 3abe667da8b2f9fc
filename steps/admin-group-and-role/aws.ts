/**
 * The step's IAM reads and the careful creates: every user, group and role in one paged call,
 * and a create whose answer was lost found again (IAM reads lag behind its writes).
 */
import type { ServiceHandle } from '../../src/aws/clients.js';
import { isErrorCode } from '../../src/aws/errors.js';
import type { StepContext } from '../../src/core/step.js';
import { bootstrapTags, RUN_TAG, tagMap } from '../../src/core/tags.js';
import { authorizationDetails } from '../shared/authorization-details.js';
import { decodePolicy, sameDocument, type PolicyDocument } from './policies.js';
import { hours, t } from './texts.js';

/**
 * IAM groups take no tags (CreateGroup has no Tags parameter, and there is no TagGroup): a group
 * this tool creates is put under this path instead, which is how undo recognises it.
 */
export const ADMIN_GROUP_PATH = '/aws-bootstrap/';

export interface RoleInfo {
  name: string;
  arn: string;
  trustPolicy: PolicyDocument;
  /** Seconds. */
  maxSessionDuration: number;
  attachedPolicyArns: string[];
  inlinePolicyNames: string[];
  /** By key (aws-bootstrap:run names the run that created it). */
  tags: Record<string, string>;
}

export interface GroupInfo {
  name: string;
  arn: string;
  /** `/aws-bootstrap/` for a group this tool created (groups take no tags). */
  path: string;
  inlinePolicies: Record<string, PolicyDocument>;
  attachedPolicyArns: string[];
  members: string[];
}

/**
 * Every user, group and role (observe cannot know the configured names: inputs come after it).
 * Keyed by the name as IAM spells it.
 */
export type AdminGroupAndRoleState = {
  users: string[];
  groups: Record<string, GroupInfo>;
  roles: Record<string, RoleInfo>;
};

export type AdminChangePayload =
  | { action: 'create-role'; roleName: string; trustPolicy: PolicyDocument; maxSessionDuration: number; description: string }
  | { action: 'update-trust-policy'; roleName: string; trustPolicy: PolicyDocument; previous: PolicyDocument }
  | { action: 'update-max-session'; roleName: string; maxSessionDuration: number; previous: number }
  | { action: 'attach-admin-policy'; roleName: string; policyArn: string }
  | { action: 'create-group'; groupName: string; plannedMembers: string[] }
  | { action: 'put-group-policy'; groupName: string; policyName: string; document: PolicyDocument; previous: PolicyDocument | null }
  | { action: 'add-user'; groupName: string; userName: string };

export async function readState(ctx: StepContext): Promise<AdminGroupAndRoleState> {
  const { client, sdk } = await ctx.aws.use('iam');
  const state: AdminGroupAndRoleState = { users: [], groups: {}, roles: {} };
  const memberships: Array<[user: string, group: string]> = [];
  // One listing with users (and their groups), groups and roles, each with their policies (unused-iam-roles shares it).
  const details = await authorizationDetails(ctx);
  for (const user of details.users) {
    state.users.push(user.UserName!);
    for (const group of user.GroupList ?? []) memberships.push([user.UserName!, group]);
  }
  for (const group of details.groups) {
    state.groups[group.GroupName!] = {
      name: group.GroupName!,
      arn: group.Arn!,
      path: group.Path ?? '/',
      inlinePolicies: Object.fromEntries((group.GroupPolicyList ?? []).map((p) => [p.PolicyName!, decodePolicy(p.PolicyDocument!)])),
      attachedPolicyArns: (group.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn!),
      members: [],
    };
  }
  for (const role of details.roles) {
    state.roles[role.RoleName!] = {
      name: role.RoleName!,
      arn: role.Arn!,
      trustPolicy: decodePolicy(role.AssumeRolePolicyDocument!),
      maxSessionDuration: 3600,
      attachedPolicyArns: (role.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn!),
      inlinePolicyNames: (role.RolePolicyList ?? []).map((p) => p.PolicyName!),
      // The authorization details carry each role's tags: no ListRoleTags per role needed.
      tags: tagMap(role.Tags),
    };
  }
  for (const [user, group] of memberships) state.groups[group]?.members.push(user);
  // The authorization details leave out each role's maximum session length; ListRoles has it.
  for await (const page of sdk.paginateListRoles({ client }, {})) {
    for (const role of page.Roles ?? []) {
      const known = state.roles[role.RoleName!];
      if (known && role.MaxSessionDuration) known.maxSessionDuration = role.MaxSessionDuration;
    }
  }
  return state;
}

export const isNoSuchEntity = (error: unknown) => isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity');

/**
 * Undo's removals: NoSuchEntity means the thing is gone, which is what was asked. The SDK retries
 * a lost answer blindly, and the retry of a removal that did happen gets exactly that; so may a
 * read that lagged behind the removal before it (IAM is eventually consistent).
 */
export async function alreadyGoneIsDone(removal: Promise<unknown>): Promise<void> {
  try {
    await removal;
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
}


/**
 * After a lost answer to CreateRole: the role, if it now exists as asked (its ARN), or undefined.
 * A role of that name that differs was not made by this run: that is an error, never adopted.
 */
export async function findCreatedRole({ client, sdk }: ServiceHandle<'iam'>, p: Extract<AdminChangePayload, { action: 'create-role' }>, runId: string | undefined): Promise<string | undefined> {
  let role;
  try {
    role = (await client.send(new sdk.GetRoleCommand({ RoleName: p.roleName }))).Role!;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  const differences = [
    role.Path === '/' ? undefined : t.lostRole.path(role.Path ?? ''),
    sameDocument(decodePolicy(role.AssumeRolePolicyDocument!), p.trustPolicy) ? undefined : t.lostRole.trust,
    role.MaxSessionDuration === p.maxSessionDuration ? undefined : t.lostRole.maxSession(hours(role.MaxSessionDuration ?? 3600)),
    tagMap(role.Tags)[RUN_TAG] === bootstrapTags(runId)[RUN_TAG] ? undefined : t.lostRole.tag(RUN_TAG),
  ].filter(Boolean);
  if (differences.length) throw new Error(t.lostRole.error(role.RoleName!, differences.join(t.lostRole.separator)));
  return role.Arn!;
}

/** After a lost answer to CreateGroup: the group, if it now exists as asked (its ARN), or undefined. */
export async function findCreatedGroup({ client, sdk }: ServiceHandle<'iam'>, groupName: string): Promise<string | undefined> {
  let group;
  try {
    group = (await client.send(new sdk.GetGroupCommand({ GroupName: groupName, MaxItems: 1 }))).Group!;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  if (group.Path !== ADMIN_GROUP_PATH) {
    throw new Error(t.lostGroup(group.GroupName!, group.Path ?? ''));
  }
  return group.Arn!;
}
