/** Administrators work through a group whose members can only assume an MFA-gated admin role. */
import { z } from 'zod';
import { withoutBlindRetry } from '../../src/aws/create-once.js';
import { collectPages } from '../../src/aws/paginate.js';
import { defineStep, type Change, type PlanContext } from '../../src/core/step.js';
import { bootstrapTagList, notCreatedByRun, tagsText } from '../../src/core/tags.js';
import { splitList } from '../../src/validate.js';
import { groupArns, roleArns } from '../../src/core/permission-scopes.js';
import { createIamOnce } from '../shared/iam-create.js';
import { ADMIN_GROUP_PATH, alreadyGoneIsDone, findCreatedGroup, findCreatedRole, readState, type AdminChangePayload, type AdminGroupAndRoleState } from './aws.js';
import { adminPolicyArn, desiredGroupPolicy, desiredTrustPolicy, foreignPrincipals, isAdminPolicy, sameDocument, trustRequiresMfa, type PolicyDocument } from './policies.js';
import { hours, t, type NameKind } from './texts.js';

export { ADMIN_GROUP_PATH, type AdminChangePayload, type AdminGroupAndRoleState, type GroupInfo, type RoleInfo } from './aws.js';
export { desiredGroupPolicy, desiredTrustPolicy, foreignPrincipals, trustRequiresMfa, type PolicyDocument } from './policies.js';

/** The group's inline policy: assume the admin role, manage one's own password and MFA. */
export const GROUP_POLICY_NAME = 'AssumeAdminRoleAndManageOwnMFA';

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

/** IAM names are unique regardless of case: "administrators" and "Administrators" are one group. */
function byName<T>(record: Record<string, T>, name: string): T | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

const list = (values: readonly string[]) => values.join(t.separator);

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
