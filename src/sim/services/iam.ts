/** IAM in the simulated account: password policy, account summary, groups, roles (service-linked ones in iam-service-linked-roles.ts), users. */
import { loadSdk } from '../../aws/clients.js';
import { awsCodeError, awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import { credentialHandlers } from './iam-credentials.js';
import { serviceLinkedRoleHandlers } from './iam-service-linked-roles.js';
import { nextResourceId, type SimIamGroup, type SimIamRole, type SimIamUser, type SimPasswordPolicy, type SimState } from '../state.js';

const { DeleteConflictException, EntityAlreadyExistsException, IAMServiceException, InvalidInputException, LimitExceededException, MalformedPolicyDocumentException, NoSuchEntityException } = loadSdk('iam');

type Input = Record<string, unknown>;
const CREATED = '2026-01-01T00:00:00.000Z';
const NAME = /^[\w+=,.@-]{1,128}$/;
/** How many times another service refuses a role just created, before IAM has spread it. */
const NEW_ROLE_REFUSALS = 1;

function name(input: Input, field: string, max = 128): string {
  const value = input[field];
  if (typeof value !== 'string' || !NAME.test(value) || value.length > max) {
    throw awsError(InvalidInputException, `The specified value for ${field.charAt(0).toLowerCase()}${field.slice(1)} is invalid.`);
  }
  return value;
}

/** IAM's limit of tags on one role or user. */
const MAX_TAGS = 50;

/**
 * The tags of a create call, checked as IAM does where it is cheap: at most 50, keys of 1 to 128
 * characters, values of at most 256, no key twice (keys ignore case), none in the reserved
 * `aws:` namespace. Any bad tag fails the whole create. Undefined when none were given.
 */
function tags(input: Input): SimIamRole['Tags'] {
  if (input.Tags === undefined) return undefined;
  const given = input.Tags as Array<{ Key?: unknown; Value?: unknown }>;
  if (given.length > MAX_TAGS) throw awsError(LimitExceededException, `Cannot exceed quota for TagsPerRole: ${MAX_TAGS}.`, 409);
  const seen = new Set<string>();
  return given.map(({ Key, Value }) => {
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || typeof Value !== 'string' || Value.length > 256) {
      throw awsError(InvalidInputException, '1 validation error detected: tag keys must have 1 to 128 characters and values at most 256.');
    }
    if (Key.toLowerCase().startsWith('aws:')) throw awsError(InvalidInputException, `Tag keys starting with 'aws:' are reserved for AWS use.`);
    if (seen.has(Key.toLowerCase())) throw awsError(InvalidInputException, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(Key.toLowerCase());
    return { Key, Value };
  });
}

/** A role an AWS service assumes (one that is handed to a service, which may refuse it while IAM spreads it). */
function trustsAService(trust: string): boolean {
  const statements = (JSON.parse(trust) as { Statement?: unknown }).Statement;
  return (Array.isArray(statements) ? statements : [statements]).some((s) => (s as { Principal?: { Service?: unknown } } | undefined)?.Principal?.Service !== undefined);
}

function noSuch(kind: string, value: string): Error {
  return awsError(NoSuchEntityException, `The ${kind} with name ${value} cannot be found.`, 404);
}

function group(state: SimState, groupName: string): SimIamGroup {
  const found = state.iam.groups[groupName];
  if (!found) throw noSuch('group', groupName);
  return found;
}

function role(state: SimState, roleName: string): SimIamRole {
  const found = state.iam.roles[roleName];
  if (!found) throw noSuch('role', roleName);
  return found;
}

function policyDocument(input: Input, field: string): string {
  const document = input[field];
  try {
    const parsed = JSON.parse(String(document)) as { Statement?: unknown };
    if (!parsed.Statement) throw new Error('no Statement');
  } catch {
    throw awsError(MalformedPolicyDocumentException, 'Syntax errors in policy.');
  }
  return String(document);
}

/**
 * The AWS managed policies the simulated account knows (a few real ones, not all ~1,300). Like
 * IAM, attaching any other ARN fails: the account has no customer managed policies either.
 */
export const AWS_MANAGED_POLICIES: readonly string[] = [
  'AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'SecurityAudit', 'IAMUserChangePassword', 'job-function/ViewOnlyAccess', 'job-function/Billing',
  // A service role policy: its ARN is under service-role/ (attaching it as policy/AWSConfigRoleForOrganizations fails on AWS too).
  'service-role/AWSConfigRoleForOrganizations',
].map((name) => `arn:aws:iam::aws:policy/${name}`);

function attachablePolicy(input: Input): string {
  const arn = String(input.PolicyArn);
  if (!AWS_MANAGED_POLICIES.includes(arn)) throw awsError(NoSuchEntityException, `Policy ${arn} does not exist or is not attachable.`, 404);
  return arn;
}

/** Attaching twice is no error in IAM; detaching what is not attached is. */
function attach(attached: string[], arn: string): void {
  if (!attached.includes(arn)) attached.push(arn);
}
function detach(attached: string[], input: Input): string[] {
  const arn = String(input.PolicyArn);
  if (!attached.includes(arn)) throw awsError(NoSuchEntityException, `Policy ${arn} was not found.`, 404);
  return attached.filter((a) => a !== arn);
}

function user(state: SimState, userName: string): SimIamUser {
  const found = state.iam.users[userName];
  if (!found) throw noSuch('user', userName);
  return found;
}

/** IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode them. */
const encodeDocument = (document: string) => encodeURIComponent(document);

function roleOutput(r: SimIamRole) {
  const { inlinePolicies: _inline, attachedPolicies: _attached, RoleLastUsed: lastUsed, ...rest } = r;
  // GetRole always has RoleLastUsed: empty when the role was not used within IAM's tracking period.
  const roleLastUsed = lastUsed ? { LastUsedDate: new Date(lastUsed.LastUsedDate), Region: lastUsed.Region } : {};
  return { ...rest, CreateDate: new Date(r.CreateDate), AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument), RoleLastUsed: roleLastUsed };
}

function groupOutput(g: SimIamGroup) {
  return { GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, Path: g.Path, CreateDate: new Date(g.CreateDate) };
}

function checkPasswordPolicy(input: Input): SimPasswordPolicy {
  const number = (field: string, min: number, max: number): number | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw awsError(InvalidInputException, `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
    }
    return value;
  };
  const flag = (field: string) => input[field] === true;
  const maxAge = number('MaxPasswordAge', 1, 1095);
  const reuse = number('PasswordReusePrevention', 1, 24);
  // Omitted fields take their defaults: Update replaces the whole policy.
  return {
    MinimumPasswordLength: number('MinimumPasswordLength', 6, 128) ?? 8,
    RequireSymbols: flag('RequireSymbols'),
    RequireNumbers: flag('RequireNumbers'),
    RequireUppercaseCharacters: flag('RequireUppercaseCharacters'),
    RequireLowercaseCharacters: flag('RequireLowercaseCharacters'),
    AllowUsersToChangePassword: flag('AllowUsersToChangePassword'),
    ExpirePasswords: maxAge !== undefined,
    ...(maxAge !== undefined ? { MaxPasswordAge: maxAge } : {}),
    ...(reuse !== undefined ? { PasswordReusePrevention: reuse } : {}),
    HardExpiry: flag('HardExpiry'),
  };
}

/** IAM's list calls page with Marker / IsTruncated. */
function page<T>(items: T[], input: Input): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const { page: slice, next } = pageOf(items, input.Marker, input.MaxItems, 100, () => awsError(InvalidInputException, 'Invalid Marker.'));
  return { items: slice, IsTruncated: next !== undefined, ...(next !== undefined ? { Marker: next } : {}) };
}

/**
 * IAM's role description pattern: Latin-1 only (`[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`),
 * at most 1000 characters, so a description written in Japanese is refused as on AWS.
 */
function checkRoleDescription(description: unknown): void {
  if (description === undefined) return;
  const text = String(description);
  // eslint-disable-next-line no-control-regex -- IAM allows tab, newline and carriage return
  if (text.length > 1000 || !/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/.test(text)) {
    throw awsCodeError(iam, "ValidationError", "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
  }
}

const iam: SimService = {
  ServiceException: IAMServiceException,
  global: true,
  handlers: {
    GetAccountPasswordPolicy: ({ state }: SimRequest) => {
      if (!state.iam.passwordPolicy) {
        throw awsError(NoSuchEntityException, `The Password Policy with domain name ${state.accountId} cannot be found.`, 404);
      }
      return { PasswordPolicy: state.iam.passwordPolicy };
    },
    UpdateAccountPasswordPolicy: ({ state, input }: SimRequest) => {
      state.iam.passwordPolicy = checkPasswordPolicy(input);
      return {};
    },
    DeleteAccountPasswordPolicy: ({ state }: SimRequest) => {
      if (!state.iam.passwordPolicy) {
        throw awsError(NoSuchEntityException, `The account policy with name PasswordPolicy cannot be found.`, 404);
      }
      delete state.iam.passwordPolicy;
      return {};
    },
    GetAccountSummary: ({ state }: SimRequest) => ({
      SummaryMap: {
        ...state.iam.summary,
        Users: Object.keys(state.iam.users).length,
        Groups: Object.keys(state.iam.groups).length,
        Roles: Object.keys(state.iam.roles).length,
      },
    }),

    GetAccountAuthorizationDetails: ({ state, input }: SimRequest) => {
      // One listing over users, groups and roles (managed policies are not simulated), paged as a whole.
      const filter = (input.Filter as string[] | undefined) ?? ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];
      const attached = (arns: string[]) => arns.map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn }));
      const inline = (policies: Record<string, string>) =>
        Object.entries(policies).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encodeDocument(document) }));
      type Entry = { list: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList'; detail: object };
      const entries: Entry[] = [
        ...(filter.includes('User') ? Object.values(state.iam.users) : []).map((u): Entry => ({
          list: 'UserDetailList',
          detail: {
            Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: new Date(u.CreateDate),
            UserPolicyList: [], GroupList: [...u.groups], AttachedManagedPolicies: attached(u.attachedPolicies ?? []),
          },
        })),
        ...(filter.includes('Group') ? Object.values(state.iam.groups) : []).map((g): Entry => ({
          list: 'GroupDetailList',
          detail: { ...groupOutput(g), GroupPolicyList: inline(g.inlinePolicies), AttachedManagedPolicies: attached(g.attachedPolicies) },
        })),
        ...(filter.includes('Role') ? Object.values(state.iam.roles) : []).map((r): Entry => ({
          list: 'RoleDetailList',
          detail: {
            Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: new Date(r.CreateDate),
            AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument), InstanceProfileList: [],
            RolePolicyList: inline(r.inlinePolicies), AttachedManagedPolicies: attached(r.attachedPolicies),
            ...(r.Tags ? { Tags: r.Tags } : {}),
            RoleLastUsed: roleOutput(r).RoleLastUsed,
          },
        })),
      ];
      const { items, ...rest } = page(entries, input);
      const output: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      for (const entry of items) output[entry.list]!.push(entry.detail);
      return { ...output, ...rest };
    },

    ListUsers: ({ state, input }: SimRequest) => {
      const users = Object.values(state.iam.users).map((u) => ({
        UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, Path: u.Path, CreateDate: new Date(u.CreateDate),
      }));
      const { items, ...rest } = page(users, input);
      return { Users: items, ...rest };
    },

    GetGroup: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      const users = Object.values(state.iam.users)
        .filter((u) => u.groups.includes(g.GroupName))
        .map((u) => ({ UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, Path: u.Path, CreateDate: new Date(u.CreateDate) }));
      const { items, ...rest } = page(users, input);
      return { Group: groupOutput(g), Users: items, ...rest };
    },
    CreateGroup: ({ state, input }: SimRequest) => {
      const groupName = name(input, 'GroupName');
      if (Object.keys(state.iam.groups).some((n) => n.toLowerCase() === groupName.toLowerCase())) {
        throw awsError(EntityAlreadyExistsException, `Group with name ${groupName} already exists.`, 409);
      }
      const path = (input.Path as string | undefined) ?? '/';
      const created: SimIamGroup = {
        GroupName: groupName,
        GroupId: nextResourceId(state, 'AGPA', 16).replace('-', '').toUpperCase(),
        Arn: `arn:aws:iam::${state.accountId}:group${path}${groupName}`,
        Path: path,
        CreateDate: CREATED,
        inlinePolicies: {},
        attachedPolicies: [],
      };
      state.iam.groups[groupName] = created;
      return { Group: groupOutput(created) };
    },
    DeleteGroup: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      const hasMembers = Object.values(state.iam.users).some((u) => u.groups.includes(g.GroupName));
      if (hasMembers || Object.keys(g.inlinePolicies).length || g.attachedPolicies.length) {
        throw awsError(DeleteConflictException, 'Cannot delete entity, must remove users from group first / must delete policies first.', 409);
      }
      delete state.iam.groups[g.GroupName];
      return {};
    },
    PutGroupPolicy: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      g.inlinePolicies[name(input, 'PolicyName')] = policyDocument(input, 'PolicyDocument');
      return {};
    },
    GetGroupPolicy: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      const policyName = name(input, 'PolicyName');
      const document = g.inlinePolicies[policyName];
      if (document === undefined) throw noSuch('group policy', policyName);
      return { GroupName: g.GroupName, PolicyName: policyName, PolicyDocument: encodeDocument(document) };
    },
    DeleteGroupPolicy: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      const policyName = name(input, 'PolicyName');
      if (g.inlinePolicies[policyName] === undefined) throw noSuch('group policy', policyName);
      delete g.inlinePolicies[policyName];
      return {};
    },
    ListGroupPolicies: ({ state, input }: SimRequest) => {
      const { items, ...rest } = page(Object.keys(group(state, name(input, 'GroupName')).inlinePolicies), input);
      return { PolicyNames: items, ...rest };
    },
    ListAttachedGroupPolicies: ({ state, input }: SimRequest) => {
      const attached = group(state, name(input, 'GroupName')).attachedPolicies.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() }));
      const { items, ...rest } = page(attached, input);
      return { AttachedPolicies: items, ...rest };
    },
    AttachGroupPolicy: ({ state, input }: SimRequest) => {
      attach(group(state, name(input, 'GroupName')).attachedPolicies, attachablePolicy(input));
      return {};
    },
    DetachGroupPolicy: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      g.attachedPolicies = detach(g.attachedPolicies, input);
      return {};
    },
    AttachUserPolicy: ({ state, input }: SimRequest) => {
      const u = user(state, name(input, 'UserName', 64));
      const arn = attachablePolicy(input);
      u.attachedPolicies = u.attachedPolicies ?? [];
      attach(u.attachedPolicies, arn);
      return {};
    },
    DetachUserPolicy: ({ state, input }: SimRequest) => {
      const u = user(state, name(input, 'UserName', 64));
      u.attachedPolicies = detach(u.attachedPolicies ?? [], input);
      return {};
    },
    ListAttachedUserPolicies: ({ state, input }: SimRequest) => {
      const attached = (user(state, name(input, 'UserName', 64)).attachedPolicies ?? []).map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() }));
      const { items, ...rest } = page(attached, input);
      return { AttachedPolicies: items, ...rest };
    },
    AddUserToGroup: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      const userName = name(input, 'UserName');
      const user = state.iam.users[userName];
      if (!user) throw noSuch('user', userName);
      if (!user.groups.includes(g.GroupName)) user.groups.push(g.GroupName);
      return {};
    },
    RemoveUserFromGroup: ({ state, input }: SimRequest) => {
      const g = group(state, name(input, 'GroupName'));
      const userName = name(input, 'UserName');
      const user = state.iam.users[userName];
      if (!user) throw noSuch('user', userName);
      if (!user.groups.includes(g.GroupName)) throw noSuch('user in group', userName);
      user.groups = user.groups.filter((n) => n !== g.GroupName);
      return {};
    },

    GetRole: ({ state, input }: SimRequest) => ({ Role: roleOutput(role(state, name(input, 'RoleName', 64))) }),
    // Any role, a service-linked one too (whose create call takes no tags); a key given again takes the new value.
    TagRole: ({ state, input }: SimRequest) => {
      const found = role(state, name(input, 'RoleName', 64));
      const given = tags(input) ?? [];
      const merged = [...(found.Tags ?? []).filter((t) => !given.some((g) => g.Key.toLowerCase() === t.Key.toLowerCase())), ...given];
      if (merged.length > MAX_TAGS) throw awsError(LimitExceededException, `Cannot exceed quota for TagsPerRole: ${MAX_TAGS}.`, 409);
      if (merged.length) found.Tags = merged;
      return {};
    },
    CreateRole: ({ state, input }: SimRequest) => {
      const roleName = name(input, 'RoleName', 64);
      if (Object.keys(state.iam.roles).some((n) => n.toLowerCase() === roleName.toLowerCase())) {
        throw awsError(EntityAlreadyExistsException, `Role with name ${roleName} already exists.`, 409);
      }
      const path = (input.Path as string | undefined) ?? '/';
      const maxSession = (input.MaxSessionDuration as number | undefined) ?? 3600;
      if (maxSession < 3600 || maxSession > 43200) throw awsError(InvalidInputException, 'MaxSessionDuration must be between 3600 and 43200 seconds.');
      checkRoleDescription(input.Description);
      const roleTags = tags(input);
      const created: SimIamRole = {
        RoleName: roleName,
        RoleId: nextResourceId(state, 'AROA', 16).replace('-', '').toUpperCase(),
        Arn: `arn:aws:iam::${state.accountId}:role${path}${roleName}`,
        Path: path,
        CreateDate: CREATED,
        MaxSessionDuration: maxSession,
        AssumeRolePolicyDocument: policyDocument(input, 'AssumeRolePolicyDocument'),
        inlinePolicies: {},
        attachedPolicies: [],
        ...(input.Description ? { Description: String(input.Description) } : {}),
        ...(roleTags?.length ? { Tags: roleTags } : {}),
      };
      state.iam.roles[roleName] = created;
      // A service handed a new role refuses it for a few seconds, until IAM has spread it (see
      // SimAlertingAccount); a role people assume is never handed to a service.
      if (trustsAService(created.AssumeRolePolicyDocument)) state.spreadingRoles = { ...state.spreadingRoles, [created.Arn]: NEW_ROLE_REFUSALS };
      return { Role: roleOutput(created) };
    },
    ListRoles: ({ state, input }: SimRequest) => {
      // ListRoles leaves out tags, the permissions boundary and last-used data.
      const roles = Object.values(state.iam.roles).map((r) => {
        const { Tags: _tags, RoleLastUsed: _lastUsed, ...listed } = roleOutput(r);
        return listed;
      });
      const { items, ...rest } = page(roles, input);
      return { Roles: items, ...rest };
    },
    UpdateRole: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      const maxSession = input.MaxSessionDuration as number | undefined;
      if (maxSession !== undefined && (maxSession < 3600 || maxSession > 43200)) {
        throw awsError(InvalidInputException, 'MaxSessionDuration must be between 3600 and 43200 seconds.');
      }
      if (maxSession !== undefined) r.MaxSessionDuration = maxSession;
      checkRoleDescription(input.Description);
      if (input.Description !== undefined) r.Description = String(input.Description);
      return {};
    },
    DeleteRole: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      if (r.attachedPolicies.length || Object.keys(r.inlinePolicies).length) {
        throw awsError(DeleteConflictException, 'Cannot delete entity, must detach all policies first.', 409);
      }
      delete state.iam.roles[r.RoleName];
      for (const what of ['spreadingRoles', 'spreadingRolePolicies'] as const) {
        const spreading = state[what];
        if (!spreading) continue;
        delete spreading[r.Arn];
        if (!Object.keys(spreading).length) delete state[what];
      }
      return {};
    },
    UpdateAssumeRolePolicy: ({ state, input }: SimRequest) => {
      role(state, name(input, 'RoleName', 64)).AssumeRolePolicyDocument = policyDocument(input, 'PolicyDocument');
      return {};
    },
    AttachRolePolicy: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      attach(r.attachedPolicies, attachablePolicy(input));
      return {};
    },
    DetachRolePolicy: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      r.attachedPolicies = detach(r.attachedPolicies, input);
      return {};
    },
    ListAttachedRolePolicies: ({ state, input }: SimRequest) => {
      const attached = role(state, name(input, 'RoleName', 64)).attachedPolicies.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() }));
      const { items, ...rest } = page(attached, input);
      return { AttachedPolicies: items, ...rest };
    },
    PutRolePolicy: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      r.inlinePolicies[name(input, 'PolicyName')] = policyDocument(input, 'PolicyDocument');
      // A service handed the role does not see the new policy for a few seconds either (see SimAlertingAccount).
      if (trustsAService(r.AssumeRolePolicyDocument)) state.spreadingRolePolicies = { ...state.spreadingRolePolicies, [r.Arn]: NEW_ROLE_REFUSALS };
      return {};
    },
    GetRolePolicy: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      const policyName = name(input, 'PolicyName');
      const document = r.inlinePolicies[policyName];
      if (document === undefined) throw noSuch('role policy', policyName);
      return { RoleName: r.RoleName, PolicyName: policyName, PolicyDocument: encodeDocument(document) };
    },
    DeleteRolePolicy: ({ state, input }: SimRequest) => {
      const r = role(state, name(input, 'RoleName', 64));
      const policyName = name(input, 'PolicyName');
      if (r.inlinePolicies[policyName] === undefined) throw noSuch('role policy', policyName);
      delete r.inlinePolicies[policyName];
      return {};
    },
    ListRolePolicies: ({ state, input }: SimRequest) => {
      const { items, ...rest } = page(Object.keys(role(state, name(input, 'RoleName', 64)).inlinePolicies), input);
      return { PolicyNames: items, ...rest };
    },
    ...serviceLinkedRoleHandlers,
    ...credentialHandlers,
  },
};
export default iam;
