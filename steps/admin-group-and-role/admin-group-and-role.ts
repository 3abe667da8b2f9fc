/** Administrators work through a group whose members can only assume an MFA-gated admin role. */
import { z } from 'zod';
import type { ServiceHandle } from '../../src/aws/clients.js';
import { createOnce, withoutBlindRetry } from '../../src/aws/create-once.js';
import { isErrorCode } from '../../src/aws/errors.js';
import { collectPages, withoutEmpty } from '../../src/aws/paginate.js';
import { defineStep, type Change, type PlanContext, type StepContext } from '../../src/core/step.js';
import { bootstrapTagList, bootstrapTags, notCreatedByRun, RUN_TAG, tagMap, tagsText } from '../../src/core/tags.js';
import { fillTemplate, readTemplate } from '../../src/templates.js';
import { splitList } from '../../src/validate.js';
import { groupArns, roleArns } from '../../src/core/permission-scopes.js';

import { authorizationDetails } from '../shared/authorization-details.js';
import { t, type NameKind } from './texts.js';
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
const iamName = (max: number, what: NameKind) =>
  z
    .string()
    .trim()
    .min(1, { error: () => t.nameRequired(t.nameKinds[what]) })
    .max(max, { error: () => t.nameTooLong(t.nameKinds[what], max) })
    .regex(IAM_NAME, { error: () => t.nameCharacters(t.nameKinds[what]) });

const inputSchema = z
  .object({
    groupName: iamName(128, 'group').default('Administrators'),
    roleName: iamName(64, 'role').default('AdministratorAccessWithMFA'),
    /** How long an assumed-role session lasts, in hours (IAM allows 1 to 12). */
    maxSessionHours: z.number().int({ error: () => t.wholeHours }).min(1, { error: () => t.hoursRange }).max(12, { error: () => t.hoursRange }).default(1),
    /** Existing IAM users to put into the group; "alice,bob" is accepted too (from --set). */
    addUsers: z
      .preprocess((value) => (typeof value === 'string' ? splitList(value) : value), z.array(iamName(64, 'user')))
      .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, { error: () => t.userTwice })
      .default([]),
    /** Also require the MFA sign-in to be at most this many seconds old when assuming the role. */
    mfaMaxAgeSeconds: z.number().int({ error: () => t.wholeSeconds }).min(60, { error: () => t.atLeast60 }).max(129_600, { error: () => t.mfaAgeMax }).optional(),
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

/** The undo records this step writes, one kind per change it makes (and a restore where it replaced something). */
export type AdminGroupAndRoleUndo =
  | { kind: 'delete-role'; description: string; roleName: string; trustPolicy: PolicyDocument }
  | { kind: 'restore-trust-policy'; description: string; roleName: string; previous: PolicyDocument; applied: PolicyDocument }
  | { kind: 'restore-max-session'; description: string; roleName: string; previous: number; applied: number }
  | { kind: 'detach-role-policy'; description: string; roleName: string; policyArn: string }
  // plannedMembers: the users this run put in (absent in logs from before it was recorded).
  | { kind: 'delete-group'; description: string; groupName: string; plannedMembers?: string[] }
  | { kind: 'restore-group-policy'; description: string; groupName: string; policyName: string; previous: PolicyDocument; applied: PolicyDocument }
  | { kind: 'delete-group-policy'; description: string; groupName: string; policyName: string; applied: PolicyDocument }
  | { kind: 'remove-user-from-group'; description: string; groupName: string; userName: string };

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
/** Empty lists and maps left out first: "absent" and "empty" alike. */
const sameDocument = (a: unknown, b: unknown) => JSON.stringify(canonical(withoutEmpty(a))) === JSON.stringify(canonical(withoutEmpty(b)));

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
    if (statement.NotPrincipal !== undefined) foreign.push(t.everyoneBut(JSON.stringify(statement.NotPrincipal)));
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

const list = (values: readonly string[]) => values.join(t.separator);

const hours = (seconds: number) => t.hours(seconds / 3600);

type AdminChange = Change<AdminChangePayload>;

function planRole(state: AdminGroupAndRoleState, inputs: AdminGroupAndRoleInputs, ctx: PlanContext, changes: AdminChange[], notes: string[]): string {
  const role = byName(state.roles, inputs.roleName);
  const trustPolicy = desiredTrustPolicy(ctx, inputs.mfaMaxAgeSeconds);
  const maxSessionDuration = inputs.maxSessionHours * 3600;
  const policyArn = adminPolicyArn(ctx.partition);
  if (!role) {
    changes.push({
      summary: t.createRole(inputs.roleName),
      before: t.noRole(inputs.roleName),
      after: { roleName: inputs.roleName, maxSessionDuration: hours(maxSessionDuration), trustPolicy, tags: tagsText(ctx.runId) },
      payload: {
        action: 'create-role',
        roleName: inputs.roleName,
        trustPolicy,
        maxSessionDuration,
        // English in every language: IAM takes only Latin-1 in a role description (roleDescriptionType).
        description: `Administrator access for members of the ${inputs.groupName} group; assuming it requires MFA. Created by aws-bootstrap.`,
      },
    });
    changes.push({
      summary: t.attachAdmin(inputs.roleName),
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
      summary: foreign.length ? t.limitTrust(role.name, !requiresMfa) : t.requireMfa(role.name),
      before: role.trustPolicy,
      after: trustPolicy,
      payload: { action: 'update-trust-policy', roleName: role.name, trustPolicy, previous: role.trustPolicy },
    });
    if (foreign.length) notes.push(t.foreignNote(role.name, list(foreign)));
    if (!requiresMfa && JSON.stringify(role.trustPolicy).includes('BoolIfExists')) notes.push(t.boolIfExistsNote);
  } else if (!sameDocument(role.trustPolicy, trustPolicy)) {
    notes.push(t.ownTrustNote(role.name));
  }
  if (role.maxSessionDuration !== maxSessionDuration) {
    changes.push({
      summary: t.setMaxSession(role.name, hours(maxSessionDuration)),
      before: hours(role.maxSessionDuration),
      after: hours(maxSessionDuration),
      payload: { action: 'update-max-session', roleName: role.name, maxSessionDuration, previous: role.maxSessionDuration },
    });
  }
  if (!role.attachedPolicyArns.includes(policyArn)) {
    changes.push({
      summary: t.attachAdmin(role.name),
      before: { attachedPolicies: role.attachedPolicyArns },
      after: { attachedPolicies: [...role.attachedPolicyArns, policyArn] },
      payload: { action: 'attach-admin-policy', roleName: role.name, policyArn },
    });
  }
  const others = [...role.attachedPolicyArns.filter((arn) => arn !== policyArn), ...role.inlinePolicyNames.map(t.inline)];
  if (others.length) notes.push(t.roleAlsoHas(role.name, list(others)));
  return role.arn;
}

function planGroup(state: AdminGroupAndRoleState, inputs: AdminGroupAndRoleInputs, ctx: PlanContext, roleArn: string, changes: AdminChange[], notes: string[]): void {
  const users = inputs.addUsers.map((wanted) => {
    const found = state.users.find((u) => u.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new Error(t.noSuchUser(wanted, state.users));
    return found;
  });
  const group = byName(state.groups, inputs.groupName);
  const groupName = group?.name ?? inputs.groupName;
  const document = desiredGroupPolicy(ctx, roleArn);
  if (!group) {
    changes.push({
      summary: t.createGroup(groupName),
      before: t.noGroup(groupName),
      after: { groupName, path: ADMIN_GROUP_PATH },
      payload: { action: 'create-group', groupName, plannedMembers: users },
    });
    notes.push(t.groupPathNote(groupName, ADMIN_GROUP_PATH));
  }
  const current = group?.inlinePolicies[GROUP_POLICY_NAME] ?? null;
  if (!current || !sameDocument(current, document)) {
    changes.push({
      summary: current ? t.updateGroupPolicy(GROUP_POLICY_NAME, groupName) : t.putGroupPolicy(GROUP_POLICY_NAME, groupName),
      before: current ?? t.noGroupPolicy(GROUP_POLICY_NAME),
      after: document,
      payload: { action: 'put-group-policy', groupName, policyName: GROUP_POLICY_NAME, document, previous: current },
    });
  }
  const members = group?.members ?? [];
  for (const userName of users.filter((u) => !members.includes(u))) {
    changes.push({
      summary: t.addUser(userName, groupName),
      before: t.notMember(userName, groupName),
      after: t.member(userName, groupName),
      payload: { action: 'add-user', groupName, userName },
    });
  }
  const unlisted = members.filter((m) => !users.includes(m));
  if (unlisted.length) notes.push(t.groupAlsoHas(groupName, list(unlisted)));
  const direct = [...(group?.attachedPolicyArns ?? []), ...Object.keys(group?.inlinePolicies ?? {}).filter((n) => n !== GROUP_POLICY_NAME).map(t.inline)];
  // Not detached here: the person running this is likely a member and would lose access mid-run.
  if (direct.length) notes.push(t.directGrants(groupName, list(direct), inputs.roleName));
}

async function readState(ctx: StepContext): Promise<AdminGroupAndRoleState> {
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
    role.Path === '/' ? undefined : t.lostRole.path(role.Path ?? ''),
    sameDocument(decodePolicy(role.AssumeRolePolicyDocument!), p.trustPolicy) ? undefined : t.lostRole.trust,
    role.MaxSessionDuration === p.maxSessionDuration ? undefined : t.lostRole.maxSession(hours(role.MaxSessionDuration ?? 3600)),
    tagMap(role.Tags)[RUN_TAG] === bootstrapTags(runId)[RUN_TAG] ? undefined : t.lostRole.tag(RUN_TAG),
  ].filter(Boolean);
  if (differences.length) throw new Error(t.lostRole.error(role.RoleName!, differences.join(t.lostRole.separator)));
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
    throw new Error(t.lostGroup(group.GroupName!, group.Path ?? ''));
  }
  return group.Arn!;
}

export default defineStep<AdminGroupAndRoleState, AdminGroupAndRoleInputs, AdminChangePayload, AdminGroupAndRoleUndo>({
  id: 'admin-group-and-role',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'account',
  permissions: {
    observe: ['iam:GetAccountAuthorizationDetails', 'iam:ListRoles'],
    // GetRole and GetGroup only after a lost answer to a create, to see whether it was made.
    // CreateRole with Tags also needs iam:TagRole.
    apply: ['iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:AttachRolePolicy', 'iam:CreateGroup', 'iam:GetGroup', 'iam:PutGroupPolicy', 'iam:AddUserToGroup'],
    undo: ['iam:DeleteRole', 'iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy', 'iam:GetGroup', 'iam:ListGroupPolicies', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:DeleteGroup', 'iam:DeleteGroupPolicy', 'iam:PutGroupPolicy', 'iam:RemoveUserFromGroup'],
    scopes: (c) => [
      {
        name: 'Role',
        actions: ['iam:CreateRole', 'iam:TagRole', 'iam:GetRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:DeleteRole', 'iam:ListAttachedRolePolicies', 'iam:DetachRolePolicy'],
        resources: roleArns(c, c.input('roleName')),
      },
      // The only policy it attaches.
      {
        name: 'RoleAdminPolicy',
        actions: ['iam:AttachRolePolicy'],
        resources: roleArns(c, c.input('roleName')),
        condition: { ArnEquals: { 'iam:PolicyARN': `arn:${c.partition}:iam::aws:policy/AdministratorAccess` } },
      },
      // A new group goes under /aws-bootstrap/ (ADMIN_GROUP_PATH); one of that name it adopts may be under any path.
      {
        name: 'Group',
        actions: ['iam:CreateGroup', 'iam:GetGroup', 'iam:PutGroupPolicy', 'iam:AddUserToGroup', 'iam:ListGroupPolicies', 'iam:DeleteGroup', 'iam:DeleteGroupPolicy', 'iam:RemoveUserFromGroup'],
        resources: groupArns(c, c.input('groupName')),
      },
    ],
  },
  inputs: { schema: inputSchema, questions: () => [] },

  async observe(ctx) {
    return readState(ctx);
  },

  plan(state, inputs, ctx) {
    const changes: AdminChange[] = [];
    const notes: string[] = [];
    const roleArn = planRole(state, inputs, ctx, changes, notes);
    planGroup(state, inputs, ctx, roleArn, changes, notes);
    if (changes.length) {
      notes.push(t.needMfaDevice(inputs.roleName));
      if (ctx.partition === 'aws') {
        notes.push(t.switchRole(`https://signin.aws.amazon.com/switchrole?account=${ctx.accountId}&roleName=${encodeURIComponent(inputs.roleName)}`));
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
        return { kind: 'delete-role', description: t.undo.deleteRole(p.roleName), roleName: p.roleName, trustPolicy: p.trustPolicy };
      case 'update-trust-policy':
        await client.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: p.roleName, PolicyDocument: JSON.stringify(p.trustPolicy) }));
        return { kind: 'restore-trust-policy', description: t.undo.restoreTrust(p.roleName), roleName: p.roleName, previous: p.previous, applied: p.trustPolicy };
      case 'update-max-session':
        await client.send(new sdk.UpdateRoleCommand({ RoleName: p.roleName, MaxSessionDuration: p.maxSessionDuration }));
        return { kind: 'restore-max-session', description: t.undo.restoreMaxSession(p.roleName, hours(p.previous)), roleName: p.roleName, previous: p.previous, applied: p.maxSessionDuration };
      case 'attach-admin-policy':
        await client.send(new sdk.AttachRolePolicyCommand({ RoleName: p.roleName, PolicyArn: p.policyArn }));
        return { kind: 'detach-role-policy', description: t.undo.detach(p.roleName), roleName: p.roleName, policyArn: p.policyArn };
      case 'create-group':
        await createIamOnce(
          async () => (await client.send(withoutBlindRetry(new sdk.CreateGroupCommand({ GroupName: p.groupName, Path: ADMIN_GROUP_PATH })))).Group!.Arn!,
          () => findCreatedGroup(iam, p.groupName),
        );
        return { kind: 'delete-group', description: t.undo.deleteGroup(p.groupName), groupName: p.groupName, plannedMembers: p.plannedMembers };
      case 'put-group-policy':
        await client.send(new sdk.PutGroupPolicyCommand({ GroupName: p.groupName, PolicyName: p.policyName, PolicyDocument: JSON.stringify(p.document) }));
        return p.previous
          ? { kind: 'restore-group-policy', description: t.undo.restoreGroupPolicy(p.policyName, p.groupName), groupName: p.groupName, policyName: p.policyName, previous: p.previous, applied: p.document }
          : { kind: 'delete-group-policy', description: t.undo.deleteGroupPolicy(p.policyName, p.groupName), groupName: p.groupName, policyName: p.policyName, applied: p.document };
      case 'add-user':
        await client.send(new sdk.AddUserToGroupCommand({ GroupName: p.groupName, UserName: p.userName }));
        return { kind: 'remove-user-from-group', description: t.undo.removeUser(p.userName, p.groupName), groupName: p.groupName, userName: p.userName };
    }
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('iam');
    switch (action.kind) {
      case 'delete-role': {
        // The AdministratorAccess this run attached is normally detached by its own, newer record;
        // if that record was lost (the process killed between the call and the write), detach it
        // here, as IAM refuses to delete a role with policies attached. Nothing else is touched.
        const attached = await collectPages(sdk.paginateListAttachedRolePolicies({ client }, { RoleName: action.roleName }), (page) => page.AttachedPolicies);
        for (const policy of attached.filter((p) => isAdminPolicy(p.PolicyArn!))) {
          await alreadyGoneIsDone(client.send(new sdk.DetachRolePolicyCommand({ RoleName: action.roleName, PolicyArn: policy.PolicyArn })));
        }
        await alreadyGoneIsDone(client.send(new sdk.DeleteRoleCommand({ RoleName: action.roleName })));
        return;
      }
      case 'restore-trust-policy':
        await client.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: action.roleName, PolicyDocument: JSON.stringify(action.previous) }));
        return;
      case 'restore-max-session':
        await client.send(new sdk.UpdateRoleCommand({ RoleName: action.roleName, MaxSessionDuration: action.previous }));
        return;
      case 'detach-role-policy':
        await alreadyGoneIsDone(client.send(new sdk.DetachRolePolicyCommand({ RoleName: action.roleName, PolicyArn: action.policyArn })));
        return;
      case 'delete-group': {
        // Likewise for the group: its policy and the members this run put in, if still there.
        const policies = await collectPages(sdk.paginateListGroupPolicies({ client }, { GroupName: action.groupName }), (page) => page.PolicyNames);
        if (policies.includes(GROUP_POLICY_NAME)) await alreadyGoneIsDone(client.send(new sdk.DeleteGroupPolicyCommand({ GroupName: action.groupName, PolicyName: GROUP_POLICY_NAME })));
        const members = await collectPages(sdk.paginateGetGroup({ client }, { GroupName: action.groupName }), (page) => page.Users);
        const planned = action.plannedMembers ?? [];
        for (const user of members.filter((u) => planned.includes(u.UserName!))) {
          await alreadyGoneIsDone(client.send(new sdk.RemoveUserFromGroupCommand({ GroupName: action.groupName, UserName: user.UserName })));
        }
        await alreadyGoneIsDone(client.send(new sdk.DeleteGroupCommand({ GroupName: action.groupName })));
        return;
      }
      case 'restore-group-policy':
        await client.send(new sdk.PutGroupPolicyCommand({ GroupName: action.groupName, PolicyName: action.policyName, PolicyDocument: JSON.stringify(action.previous) }));
        return;
      case 'delete-group-policy':
        await alreadyGoneIsDone(client.send(new sdk.DeleteGroupPolicyCommand({ GroupName: action.groupName, PolicyName: action.policyName })));
        return;
      case 'remove-user-from-group':
        await alreadyGoneIsDone(client.send(new sdk.RemoveUserFromGroupCommand({ GroupName: action.groupName, UserName: action.userName })));
        return;
      default:
        // A record of a kind this version does not write (an edited or newer log).
        throw new Error(t.undo.unknown((action as { kind: string }).kind));
    }
  },

  undoDrift(state, action, recorded) {
    const d = t.drift;
    switch (action.kind) {
      case 'delete-role': {
        const role = byName(state.roles, action.roleName);
        if (!role) return d.noRole(action.roleName);
        const foreign = recorded && notCreatedByRun(role.tags, recorded.runId, d.theRole(role.name));
        if (foreign) return foreign;
        // AdministratorAccess is expected: the detach recorded after the create is undone first.
        const added = [...role.attachedPolicyArns.filter((arn) => !isAdminPolicy(arn)), ...role.inlinePolicyNames];
        if (added.length) return d.roleAlsoHas(role.name, list(added));
        return sameDocument(role.trustPolicy, action.trustPolicy) ? undefined : d.trustChanged(role.name);
      }
      case 'restore-trust-policy': {
        const role = byName(state.roles, action.roleName);
        if (!role) return d.noRole(action.roleName);
        return sameDocument(role.trustPolicy, action.applied) ? undefined : d.trustChanged(role.name);
      }
      case 'restore-max-session': {
        const role = byName(state.roles, action.roleName);
        if (!role) return d.noRole(action.roleName);
        return role.maxSessionDuration === action.applied ? undefined : d.maxSessionChanged(role.name, hours(role.maxSessionDuration));
      }
      case 'detach-role-policy': {
        const role = byName(state.roles, action.roleName);
        if (!role) return d.noRole(action.roleName);
        return role.attachedPolicyArns.includes(action.policyArn) ? undefined : d.detached(action.policyArn, role.name);
      }
      case 'delete-group': {
        const group = byName(state.groups, action.groupName);
        if (!group) return d.noGroup(action.groupName);
        // Groups take no tags: one this run created has the path it gave it.
        if (group.path !== ADMIN_GROUP_PATH) return d.notOurGroup(group.name, group.path, ADMIN_GROUP_PATH);
        // Members this run added are removed first (their undo comes before this one).
        const planned = action.plannedMembers ?? [];
        const others = group.members.filter((m) => !planned.includes(m));
        if (others.length) return d.otherMembers(group.name, list(others));
        const policies = [...group.attachedPolicyArns, ...Object.keys(group.inlinePolicies).filter((n) => n !== GROUP_POLICY_NAME)];
        return policies.length ? d.groupAlsoHas(group.name, list(policies)) : undefined;
      }
      case 'restore-group-policy':
      case 'delete-group-policy': {
        const current = byName(state.groups, action.groupName)?.inlinePolicies[action.policyName];
        if (!current) return d.noGroupPolicy(action.policyName, action.groupName);
        return sameDocument(current, action.applied) ? undefined : d.groupPolicyChanged(action.policyName, action.groupName);
      }
      case 'remove-user-from-group':
        return byName(state.groups, action.groupName)?.members.includes(action.userName) ? undefined : d.notMember(action.userName, action.groupName);
      default:
        return undefined;
    }
  },
});
