/** Administrators work through a group whose members can only assume an MFA-gated admin role. */
import { z } from 'zod';
import type { ServiceHandle } from '../src/aws/clients.js';
import { createOnce, withoutBlindRetry } from '../src/aws/create-once.js';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Change, type PlanContext, type UndoAction } from '../src/core/step.js';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, RUN_TAG, tagMap, tagsText } from '../src/tags.js';
import { fillTemplate, readTemplate } from '../src/templates.js';
import { splitList } from '../src/validate.js';

/** A parsed IAM policy document. */
export type PolicyDocument = { Version?: string; Statement: unknown } & Record<string, unknown>;

// Read once when the step is loaded, so that plan stays free of I/O.
const TRUST_TEMPLATE = readTemplate('admin-role-trust-policy') as PolicyDocument;
const GROUP_TEMPLATE = readTemplate('admin-group-policy') as PolicyDocument;

/** The group's inline policy: assume the admin role, manage one's own password and MFA. */
export const GROUP_POLICY_NAME = 'AssumeAdminRoleAndManageOwnMFA';

/**
 * IAM groups take no tags (CreateGroup has no Tags parameter, and there is no TagGroup): a group
 * this tool creates is put under this path instead, which is how undo recognises it.
 */
export const ADMIN_GROUP_PATH = '/aws-bootstrap/';

const IAM_NAME = /^[\w+=,.@-]+$/;
const iamName = (max: number, what: string) =>
  z.string().trim().min(1, `give a ${what} name`).max(max, `an IAM ${what} name is at most ${max} characters`).regex(IAM_NAME, `an IAM ${what} name uses letters, digits and +=,.@_- only`);

const inputSchema = z
  .object({
    groupName: iamName(128, 'group').default('Administrators'),
    roleName: iamName(64, 'role').default('AdministratorAccessWithMFA'),
    /** How long an assumed-role session lasts, in hours (IAM allows 1 to 12). */
    maxSessionHours: z.number().int('give whole hours').min(1, 'IAM allows 1 to 12 hours').max(12, 'IAM allows 1 to 12 hours').default(1),
    /** Existing IAM users to put into the group; "alice,bob" is accepted too (from --set). */
    addUsers: z
      .preprocess((value) => (typeof value === 'string' ? splitList(value) : value), z.array(iamName(64, 'user')))
      .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'a user is listed twice')
      .default([]),
    /** Also require the MFA sign-in to be at most this many seconds old when assuming the role. */
    mfaMaxAgeSeconds: z.number().int('give whole seconds').min(60, 'give at least 60 seconds').max(129_600, 'an MFA session lasts at most 36 hours (129600 seconds)').optional(),
  })
  .strict();
export type AdminGroupAndRoleInputs = z.output<typeof inputSchema>;

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

/** IAM returns policy documents URL-encoded (RFC 3986). */
const decodePolicy = (encoded: string) => JSON.parse(decodeURIComponent(encoded)) as PolicyDocument;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** A form for comparing documents: keys sorted, one-element lists as their element (IAM treats them alike). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? canonical(value[0]) : value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
const sameDocument = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** A condition value by key; IAM condition keys ignore case. */
function conditionValue(condition: unknown, operator: string, key: string): unknown {
  const block = condition && typeof condition === 'object' ? (condition as Record<string, unknown>)[operator] : undefined;
  if (!block || typeof block !== 'object') return undefined;
  const entry = Object.entries(block).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry?.[1];
}

type Statement = Record<string, unknown>;
const allowStatements = (policy: PolicyDocument): Statement[] =>
  asArray(policy.Statement).filter((s): s is Statement => !!s && typeof s === 'object' && (s as Statement).Effect === 'Allow');

/**
 * Whether every Allow statement of a trust policy demands MFA: `Bool` (not `BoolIfExists`, which
 * also matches calls made with long-term access keys and no MFA at all), and, when a maximum age
 * is configured, `NumericLessThan aws:MultiFactorAuthAge` within it.
 */
export function trustRequiresMfa(policy: PolicyDocument, mfaMaxAgeSeconds?: number): boolean {
  const allows = allowStatements(policy);
  if (!allows.length) return false;
  return allows.every((statement) => {
    const present = asArray(conditionValue(statement.Condition, 'Bool', 'aws:MultiFactorAuthPresent'));
    if (present.length !== 1 || String(present[0]).toLowerCase() !== 'true') return false;
    if (mfaMaxAgeSeconds === undefined) return true;
    const ages = [
      ...asArray(conditionValue(statement.Condition, 'NumericLessThan', 'aws:MultiFactorAuthAge')),
      ...asArray(conditionValue(statement.Condition, 'NumericLessThanEquals', 'aws:MultiFactorAuthAge')),
    ];
    return ages.length > 0 && ages.every((age) => Number(age) <= mfaMaxAgeSeconds);
  });
}

/**
 * A principal of this account as a trust policy names it: the account's root ARN or bare id, or
 * one of its users, roles or role sessions. Principal ARNs take no wildcards, so one with `*` is not.
 */
function isOwnPrincipal(value: unknown, ctx: Pick<PlanContext, 'accountId' | 'partition'>): boolean {
  if (typeof value !== 'string' || value.includes('*')) return false;
  if (value === ctx.accountId) return true;
  const [arn, partition, service, region, account] = value.split(':');
  return arn === 'arn' && partition === ctx.partition && (service === 'iam' || service === 'sts') && region === '' && account === ctx.accountId;
}

/**
 * Who else the Allow statements of a trust policy let assume the role: anyone (`*`), other
 * accounts, services, federated identities (`NotPrincipal` lets in everyone it does not name).
 * Empty when only this account's own principals are trusted. Deny statements only narrow.
 */
export function foreignPrincipals(policy: PolicyDocument, ctx: Pick<PlanContext, 'accountId' | 'partition'>): string[] {
  const foreign: string[] = [];
  for (const statement of allowStatements(policy)) {
    if (statement.NotPrincipal !== undefined) foreign.push(`everyone but NotPrincipal ${JSON.stringify(statement.NotPrincipal)}`);
    const principal = statement.Principal;
    if (principal === undefined) continue;
    if (!principal || typeof principal !== 'object' || Array.isArray(principal)) {
      foreign.push(String(principal));
      continue;
    }
    for (const [type, values] of Object.entries(principal)) {
      for (const value of asArray(values)) {
        if (!(type === 'AWS' && isOwnPrincipal(value, ctx))) foreign.push(`${type}: ${String(value)}`);
      }
    }
  }
  return [...new Set(foreign)];
}

/** The trust policy from templates/: the account's own principals, only when signed in with MFA. */
export function desiredTrustPolicy(ctx: Pick<PlanContext, 'accountId' | 'partition'>, mfaMaxAgeSeconds?: number): PolicyDocument {
  const policy = fillTemplate(TRUST_TEMPLATE, { partition: ctx.partition, accountId: ctx.accountId });
  if (mfaMaxAgeSeconds === undefined) return policy;
  for (const statement of asArray(policy.Statement) as Array<{ Condition: Record<string, unknown> }>) {
    statement.Condition.NumericLessThan = { 'aws:MultiFactorAuthAge': String(mfaMaxAgeSeconds) };
  }
  return policy;
}

/** The group's inline policy from templates/, for the given role. */
export function desiredGroupPolicy(ctx: Pick<PlanContext, 'accountId' | 'partition'>, roleArn: string): PolicyDocument {
  return fillTemplate(GROUP_TEMPLATE, { partition: ctx.partition, accountId: ctx.accountId, roleArn });
}

const adminPolicyArn = (partition: string) => `arn:${partition}:iam::aws:policy/AdministratorAccess`;
/** Whether an ARN is AdministratorAccess, in whichever partition it names. */
const isAdminPolicy = (arn: string) => arn === adminPolicyArn(arn.split(':')[1] ?? '');

/** IAM names are unique regardless of case: "administrators" and "Administrators" are one group. */
function byName<T>(record: Record<string, T>, name: string): T | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

const list = (values: readonly string[]) => values.join(', ');

const hours = (seconds: number) => `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;

type AdminChange = Change<AdminChangePayload>;

function planRole(state: AdminGroupAndRoleState, inputs: AdminGroupAndRoleInputs, ctx: PlanContext, changes: AdminChange[], notes: string[]): string {
  const role = byName(state.roles, inputs.roleName);
  const trustPolicy = desiredTrustPolicy(ctx, inputs.mfaMaxAgeSeconds);
  const maxSessionDuration = inputs.maxSessionHours * 3600;
  const policyArn = adminPolicyArn(ctx.partition);
  if (!role) {
    changes.push({
      summary: `Create the role ${inputs.roleName}, which can only be assumed with MFA`,
      before: `no role named ${inputs.roleName}`,
      after: { roleName: inputs.roleName, maxSessionDuration: hours(maxSessionDuration), trustPolicy, tags: tagsText(ctx.runId) },
      payload: {
        action: 'create-role',
        roleName: inputs.roleName,
        trustPolicy,
        maxSessionDuration,
        description: `Administrator access for members of the ${inputs.groupName} group; assuming it requires MFA. Created by aws-bootstrap.`,
      },
    });
    changes.push({
      summary: `Attach AdministratorAccess to the role ${inputs.roleName}`,
      before: { attachedPolicies: [] },
      after: { attachedPolicies: [policyArn] },
      payload: { action: 'attach-admin-policy', roleName: inputs.roleName, policyArn },
    });
    return `arn:${ctx.partition}:iam::${ctx.accountId}:role/${inputs.roleName}`;
  }

  const foreign = foreignPrincipals(role.trustPolicy, ctx);
  const requiresMfa = trustRequiresMfa(role.trustPolicy, inputs.mfaMaxAgeSeconds);
  if (foreign.length || !requiresMfa) {
    changes.push({
      summary: foreign.length
        ? `Limit the trust policy of the role ${role.name} to this account's principals${requiresMfa ? '' : ' and require MFA'}`
        : `Require MFA in the trust policy of the role ${role.name}`,
      before: role.trustPolicy,
      after: trustPolicy,
      payload: { action: 'update-trust-policy', roleName: role.name, trustPolicy, previous: role.trustPolicy },
    });
    if (foreign.length) notes.push(`The role ${role.name} can also be assumed by ${list(foreign)}; an administrator role must trust only this account.`);
    if (!requiresMfa && JSON.stringify(role.trustPolicy).includes('BoolIfExists')) {
      notes.push(`The role's trust policy uses BoolIfExists for aws:MultiFactorAuthPresent, which also admits calls signed with long-term access keys and no MFA.`);
    }
  } else if (!sameDocument(role.trustPolicy, trustPolicy)) {
    notes.push(`The role ${role.name} already trusts only this account and requires MFA, with a trust policy of its own; it is left as it is.`);
  }
  if (role.maxSessionDuration !== maxSessionDuration) {
    changes.push({
      summary: `Set the maximum session of the role ${role.name} to ${hours(maxSessionDuration)}`,
      before: hours(role.maxSessionDuration),
      after: hours(maxSessionDuration),
      payload: { action: 'update-max-session', roleName: role.name, maxSessionDuration, previous: role.maxSessionDuration },
    });
  }
  if (!role.attachedPolicyArns.includes(policyArn)) {
    changes.push({
      summary: `Attach AdministratorAccess to the role ${role.name}`,
      before: { attachedPolicies: role.attachedPolicyArns },
      after: { attachedPolicies: [...role.attachedPolicyArns, policyArn] },
      payload: { action: 'attach-admin-policy', roleName: role.name, policyArn },
    });
  }
  const others = [...role.attachedPolicyArns.filter((arn) => arn !== policyArn), ...role.inlinePolicyNames.map((n) => `${n} (inline)`)];
  if (others.length) notes.push(`The role ${role.name} also has: ${others.join(', ')} (left as they are).`);
  return role.arn;
}

function planGroup(state: AdminGroupAndRoleState, inputs: AdminGroupAndRoleInputs, ctx: PlanContext, roleArn: string, changes: AdminChange[], notes: string[]): void {
  const users = inputs.addUsers.map((wanted) => {
    const found = state.users.find((u) => u.toLowerCase() === wanted.toLowerCase());
    if (!found) {
      const known = state.users.length ? ` (users: ${state.users.slice(0, 10).join(', ')}${state.users.length > 10 ? ', …' : ''})` : ' (the account has no IAM users)';
      throw new Error(`addUsers: there is no IAM user named "${wanted}" in this account${known}`);
    }
    return found;
  });
  const group = byName(state.groups, inputs.groupName);
  const groupName = group?.name ?? inputs.groupName;
  const document = desiredGroupPolicy(ctx, roleArn);
  if (!group) {
    changes.push({
      summary: `Create the group ${groupName}`,
      before: `no group named ${groupName}`,
      after: { groupName, path: ADMIN_GROUP_PATH },
      payload: { action: 'create-group', groupName, plannedMembers: users },
    });
    notes.push(`IAM groups cannot be tagged: the group ${groupName} is created under the path ${ADMIN_GROUP_PATH} instead, which marks it as made by aws-bootstrap.`);
  }
  const current = group?.inlinePolicies[GROUP_POLICY_NAME] ?? null;
  if (!current || !sameDocument(current, document)) {
    changes.push({
      summary: current
        ? `Update the inline policy ${GROUP_POLICY_NAME} of the group ${groupName}`
        : `Let members of ${groupName} assume the role and manage their own password and MFA (inline policy ${GROUP_POLICY_NAME})`,
      before: current ?? `no inline policy named ${GROUP_POLICY_NAME}`,
      after: document,
      payload: { action: 'put-group-policy', groupName, policyName: GROUP_POLICY_NAME, document, previous: current },
    });
  }
  const members = group?.members ?? [];
  for (const userName of users.filter((u) => !members.includes(u))) {
    changes.push({
      summary: `Add ${userName} to the group ${groupName}`,
      before: `${userName} is not in ${groupName}`,
      after: `${userName} is in ${groupName}`,
      payload: { action: 'add-user', groupName, userName },
    });
  }
  const unlisted = members.filter((m) => !users.includes(m));
  if (unlisted.length) notes.push(`The group ${groupName} also has: ${unlisted.join(', ')} (left in it).`);
  const direct = [...(group?.attachedPolicyArns ?? []), ...Object.keys(group?.inlinePolicies ?? {}).filter((n) => n !== GROUP_POLICY_NAME).map((n) => `${n} (inline)`)];
  if (direct.length) {
    // Not detached here: the person running this is likely a member and would lose access mid-run.
    notes.push(
      `The group ${groupName} also grants permissions directly (${direct.join(', ')}); its members can use them without MFA, around the role. ` +
        `Once you have assumed ${inputs.roleName} with MFA successfully, remove them from the group.`,
    );
  }
}

async function readState({ client, sdk }: ServiceHandle<'iam'>): Promise<AdminGroupAndRoleState> {
  const state: AdminGroupAndRoleState = { users: [], groups: {}, roles: {} };
  const memberships: Array<[user: string, group: string]> = [];
  // One listing with users (and their groups), groups and roles, each with their policies.
  for await (const page of sdk.paginateGetAccountAuthorizationDetails({ client }, { Filter: ['User', 'Group', 'Role'] })) {
    for (const user of page.UserDetailList ?? []) {
      state.users.push(user.UserName!);
      for (const group of user.GroupList ?? []) memberships.push([user.UserName!, group]);
    }
    for (const group of page.GroupDetailList ?? []) {
      state.groups[group.GroupName!] = {
        name: group.GroupName!,
        arn: group.Arn!,
        path: group.Path ?? '/',
        inlinePolicies: Object.fromEntries((group.GroupPolicyList ?? []).map((p) => [p.PolicyName!, decodePolicy(p.PolicyDocument!)])),
        attachedPolicyArns: (group.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn!),
        members: [],
      };
    }
    for (const role of page.RoleDetailList ?? []) {
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

const isNoSuchEntity = (error: unknown) => isErrorCode(error, 'NoSuchEntityException', 'NoSuchEntity');

/**
 * Undo's removals: NoSuchEntity means the thing is gone, which is what was asked. The SDK retries
 * a lost answer blindly, and the retry of a removal that did happen gets exactly that; so may a
 * read that lagged behind the removal before it (IAM is eventually consistent).
 */
async function alreadyGoneIsDone(removal: Promise<unknown>): Promise<void> {
  try {
    await removal;
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
}

/** Waits between reads of something IAM says exists but a lagging read does not show yet (about 6 s in all). */
const LAGGING_READ_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

/**
 * A create through `createOnce` (never two of it, and what a lost answer made is taken as this
 * run's after `find` checked it is what was asked). IAM reads are eventually consistent, so the
 * read after a lost answer may not show what that attempt made yet; the create sent again then
 * gets EntityAlreadyExists, and `find` is tried again, waiting a little longer each time.
 */
async function createIamOnce(create: () => Promise<string>, find: () => Promise<string | undefined>): Promise<string> {
  let answerLost = false;
  return createOnce({
    create: async () => {
      try {
        return await create();
      } catch (error) {
        if (!answerLost || !isErrorCode(error, 'EntityAlreadyExistsException', 'EntityAlreadyExists')) throw error;
        for (const delay of LAGGING_READ_DELAYS_MS) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          const found = await find();
          if (found !== undefined) return found;
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

/**
 * After a lost answer to CreateRole: the role, if it now exists as asked (its ARN), or undefined.
 * A role of that name that differs was not made by this run: that is an error, never adopted.
 */
async function findCreatedRole({ client, sdk }: ServiceHandle<'iam'>, p: Extract<AdminChangePayload, { action: 'create-role' }>, runId: string | undefined): Promise<string | undefined> {
  let role;
  try {
    role = (await client.send(new sdk.GetRoleCommand({ RoleName: p.roleName }))).Role!;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  const differences = [
    role.Path === '/' ? undefined : `its path is ${role.Path}`,
    sameDocument(decodePolicy(role.AssumeRolePolicyDocument!), p.trustPolicy) ? undefined : 'its trust policy differs',
    role.MaxSessionDuration === p.maxSessionDuration ? undefined : `its maximum session is ${hours(role.MaxSessionDuration ?? 3600)}`,
    tagMap(role.Tags)[RUN_TAG] === bootstrapTags(runId)[RUN_TAG] ? undefined : `it does not carry this run's ${RUN_TAG} tag`,
  ].filter(Boolean);
  if (differences.length) {
    throw new Error(`The answer to CreateRole was lost, and a role named ${role.RoleName} now exists that is not the one this run asked for (${differences.join('; ')}). Something else created it: check it, then run again.`);
  }
  return role.Arn!;
}

/** After a lost answer to CreateGroup: the group, if it now exists as asked (its ARN), or undefined. */
async function findCreatedGroup({ client, sdk }: ServiceHandle<'iam'>, groupName: string): Promise<string | undefined> {
  let group;
  try {
    group = (await client.send(new sdk.GetGroupCommand({ GroupName: groupName, MaxItems: 1 }))).Group!;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  if (group.Path !== ADMIN_GROUP_PATH) {
    throw new Error(`The answer to CreateGroup was lost, and a group named ${group.GroupName} now exists with the path ${group.Path}, not the one this run asked for. Something else created it: check it, then run again.`);
  }
  return group.Arn!;
}

export default defineStep<AdminGroupAndRoleState, AdminGroupAndRoleInputs, AdminChangePayload>({
  id: 'admin-group-and-role',
  title: 'Administrators sign in as themselves and assume an admin role that requires MFA',
  why: 'Day-to-day administration with root or with permanent admin users means one stolen password or access key is enough to take over the account; a role that can only be assumed with MFA closes that.',
  scope: 'account',
  permissions: {
    observe: ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'],
    // GetRole and GetGroup only after a lost answer to a create, to see whether it was made.
    // CreateRole with Tags also needs iam:TagRole.
    apply: ['iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:AttachRolePolicy', 'iam:CreateGroup', 'iam:GetGroup', 'iam:PutGroupPolicy', 'iam:AddUserToGroup'],
    undo: ['iam:DeleteRole', 'iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy', 'iam:GetGroup', 'iam:ListGroupPolicies', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:DeleteGroup', 'iam:DeleteGroupPolicy', 'iam:PutGroupPolicy', 'iam:RemoveUserFromGroup'],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    return readState(await ctx.aws.use('iam'));
  },

  plan(state, inputs, ctx) {
    const changes: AdminChange[] = [];
    const notes: string[] = [];
    const roleArn = planRole(state, inputs, ctx, changes, notes);
    planGroup(state, inputs, ctx, roleArn, changes, notes);
    if (changes.length) {
      notes.push(`Members need an MFA device on their own IAM user before they can assume ${inputs.roleName}.`);
      if (ctx.partition === 'aws') {
        notes.push(`They switch to it at https://signin.aws.amazon.com/switchrole?account=${ctx.accountId}&roleName=${encodeURIComponent(inputs.roleName)}`);
      }
    }
    return { changes, notes };
  },

  async apply(ctx, change) {
    const iam = await ctx.aws.use('iam');
    const { client, sdk } = iam;
    const p = change.payload;
    switch (p.action) {
      case 'create-role':
        await createIamOnce(
          async () => (await client.send(withoutBlindRetry(new sdk.CreateRoleCommand({
            RoleName: p.roleName,
            AssumeRolePolicyDocument: JSON.stringify(p.trustPolicy),
            MaxSessionDuration: p.maxSessionDuration,
            Description: p.description,
            Tags: bootstrapTagList(ctx.runId),
          })))).Role!.Arn!,
          () => findCreatedRole(iam, p, ctx.runId),
        );
        return { kind: 'delete-role', description: `Delete the role ${p.roleName} (created by this run)`, roleName: p.roleName, trustPolicy: p.trustPolicy };
      case 'update-trust-policy':
        await client.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: p.roleName, PolicyDocument: JSON.stringify(p.trustPolicy) }));
        return { kind: 'restore-trust-policy', description: `Put the previous trust policy of the role ${p.roleName} back`, roleName: p.roleName, previous: p.previous, applied: p.trustPolicy };
      case 'update-max-session':
        await client.send(new sdk.UpdateRoleCommand({ RoleName: p.roleName, MaxSessionDuration: p.maxSessionDuration }));
        return { kind: 'restore-max-session', description: `Set the maximum session of the role ${p.roleName} back to ${hours(p.previous)}`, roleName: p.roleName, previous: p.previous, applied: p.maxSessionDuration };
      case 'attach-admin-policy':
        await client.send(new sdk.AttachRolePolicyCommand({ RoleName: p.roleName, PolicyArn: p.policyArn }));
        return { kind: 'detach-role-policy', description: `Detach AdministratorAccess from the role ${p.roleName}`, roleName: p.roleName, policyArn: p.policyArn };
      case 'create-group':
        await createIamOnce(
          async () => (await client.send(withoutBlindRetry(new sdk.CreateGroupCommand({ GroupName: p.groupName, Path: ADMIN_GROUP_PATH })))).Group!.Arn!,
          () => findCreatedGroup(iam, p.groupName),
        );
        return { kind: 'delete-group', description: `Delete the group ${p.groupName} (created by this run)`, groupName: p.groupName, plannedMembers: p.plannedMembers };
      case 'put-group-policy':
        await client.send(new sdk.PutGroupPolicyCommand({ GroupName: p.groupName, PolicyName: p.policyName, PolicyDocument: JSON.stringify(p.document) }));
        return p.previous
          ? { kind: 'restore-group-policy', description: `Put the previous inline policy ${p.policyName} of the group ${p.groupName} back`, groupName: p.groupName, policyName: p.policyName, previous: p.previous, applied: p.document }
          : { kind: 'delete-group-policy', description: `Delete the inline policy ${p.policyName} from the group ${p.groupName}`, groupName: p.groupName, policyName: p.policyName, applied: p.document };
      case 'add-user':
        await client.send(new sdk.AddUserToGroupCommand({ GroupName: p.groupName, UserName: p.userName }));
        return { kind: 'remove-user-from-group', description: `Remove ${p.userName} from the group ${p.groupName}`, groupName: p.groupName, userName: p.userName };
    }
  },

  async undo(ctx, action: UndoAction) {
    const { client, sdk } = await ctx.aws.use('iam');
    const a = action as UndoAction & Record<string, string>;
    switch (action.kind) {
      case 'delete-role': {
        // The AdministratorAccess this run attached is normally detached by its own, newer record;
        // if that record was lost (the process killed between the call and the write), detach it
        // here, as IAM refuses to delete a role with policies attached. Nothing else is touched.
        const attached = await collectPages(sdk.paginateListAttachedRolePolicies({ client }, { RoleName: a.roleName }), (page) => page.AttachedPolicies);
        for (const policy of attached.filter((p) => isAdminPolicy(p.PolicyArn!))) {
          await alreadyGoneIsDone(client.send(new sdk.DetachRolePolicyCommand({ RoleName: a.roleName, PolicyArn: policy.PolicyArn })));
        }
        await alreadyGoneIsDone(client.send(new sdk.DeleteRoleCommand({ RoleName: a.roleName })));
        return;
      }
      case 'restore-trust-policy':
        await client.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: a.roleName, PolicyDocument: JSON.stringify(action.previous) }));
        return;
      case 'restore-max-session':
        await client.send(new sdk.UpdateRoleCommand({ RoleName: a.roleName, MaxSessionDuration: action.previous as number }));
        return;
      case 'detach-role-policy':
        await alreadyGoneIsDone(client.send(new sdk.DetachRolePolicyCommand({ RoleName: a.roleName, PolicyArn: a.policyArn })));
        return;
      case 'delete-group': {
        // Likewise for the group: its policy and the members this run put in, if still there.
        const policies = await collectPages(sdk.paginateListGroupPolicies({ client }, { GroupName: a.groupName }), (page) => page.PolicyNames);
        if (policies.includes(GROUP_POLICY_NAME)) await alreadyGoneIsDone(client.send(new sdk.DeleteGroupPolicyCommand({ GroupName: a.groupName, PolicyName: GROUP_POLICY_NAME })));
        const members = await collectPages(sdk.paginateGetGroup({ client }, { GroupName: a.groupName }), (page) => page.Users);
        const planned = (action.plannedMembers as string[] | undefined) ?? [];
        for (const user of members.filter((u) => planned.includes(u.UserName!))) {
          await alreadyGoneIsDone(client.send(new sdk.RemoveUserFromGroupCommand({ GroupName: a.groupName, UserName: user.UserName })));
        }
        await alreadyGoneIsDone(client.send(new sdk.DeleteGroupCommand({ GroupName: a.groupName })));
        return;
      }
      case 'restore-group-policy':
        await client.send(new sdk.PutGroupPolicyCommand({ GroupName: a.groupName, PolicyName: a.policyName, PolicyDocument: JSON.stringify(action.previous) }));
        return;
      case 'delete-group-policy':
        await alreadyGoneIsDone(client.send(new sdk.DeleteGroupPolicyCommand({ GroupName: a.groupName, PolicyName: a.policyName })));
        return;
      case 'remove-user-from-group':
        await alreadyGoneIsDone(client.send(new sdk.RemoveUserFromGroupCommand({ GroupName: a.groupName, UserName: a.userName })));
        return;
      default:
        throw new Error(`admin-group-and-role cannot undo "${action.kind}"`);
    }
  },

  undoDrift(state, action, recorded) {
    const a = action as UndoAction & Record<string, string>;
    const role = a.roleName ? byName(state.roles, a.roleName) : undefined;
    const group = a.groupName ? byName(state.groups, a.groupName) : undefined;
    switch (action.kind) {
      case 'delete-role': {
        if (!role) return `the role ${a.roleName} no longer exists`;
        const foreign = recorded && notCreatedByRun(role.tags, recorded.runId, `the role ${role.name}`);
        if (foreign) return foreign;
        // AdministratorAccess is expected: the detach recorded after the create is undone first.
        const added = [...role.attachedPolicyArns.filter((arn) => !isAdminPolicy(arn)), ...role.inlinePolicyNames];
        if (added.length) return `the role ${role.name} now also has ${list(added)}`;
        return sameDocument(role.trustPolicy, action.trustPolicy) ? undefined : `the trust policy of the role ${role.name} was changed since this run`;
      }
      case 'restore-trust-policy':
        if (!role) return `the role ${a.roleName} no longer exists`;
        return sameDocument(role.trustPolicy, action.applied) ? undefined : `the trust policy of the role ${role.name} was changed since this run`;
      case 'restore-max-session':
        if (!role) return `the role ${a.roleName} no longer exists`;
        return role.maxSessionDuration === action.applied ? undefined : `the maximum session of the role ${role.name} was changed since this run (now ${hours(role.maxSessionDuration)})`;
      case 'detach-role-policy':
        if (!role) return `the role ${a.roleName} no longer exists`;
        return role.attachedPolicyArns.includes(a.policyArn) ? undefined : `${a.policyArn} is no longer attached to the role ${role.name}`;
      case 'delete-group': {
        if (!group) return `the group ${a.groupName} no longer exists`;
        // Groups take no tags: one this run created has the path it gave it.
        if (group.path !== ADMIN_GROUP_PATH) return `the group ${group.name} was not created by this run: its path is ${group.path}, not ${ADMIN_GROUP_PATH}`;
        // Members this run added are removed first (their undo comes before this one).
        const planned = (action.plannedMembers as string[] | undefined) ?? [];
        const others = group.members.filter((m) => !planned.includes(m));
        if (others.length) return `the group ${group.name} now has other members: ${list(others)}`;
        const policies = [...group.attachedPolicyArns, ...Object.keys(group.inlinePolicies).filter((n) => n !== GROUP_POLICY_NAME)];
        return policies.length ? `the group ${group.name} now also has ${list(policies)}` : undefined;
      }
      case 'restore-group-policy':
      case 'delete-group-policy': {
        const current = group?.inlinePolicies[a.policyName];
        if (!current) return `the inline policy ${a.policyName} of the group ${a.groupName} no longer exists`;
        return sameDocument(current, action.applied) ? undefined : `the inline policy ${a.policyName} of the group ${a.groupName} was changed since this run`;
      }
      case 'remove-user-from-group':
        return group?.members.includes(a.userName) ? undefined : `${a.userName} is no longer in the group ${a.groupName}`;
      default:
        return undefined;
    }
  },
});
