/**
 * Service-linked roles in the simulated IAM: CreateServiceLinkedRole for the services the
 * simulation knows (AWS Config), at most one per service (a second is InvalidInput, "has been
 * taken"), usable by the service only once IAM has spread it; DeleteServiceLinkedRole starts a
 * deletion task that fails while the service still uses the role (a Config recorder in any
 * region), as on AWS; GetServiceLinkedRoleDeletionStatus reports it.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsError, type SimRequest } from '../service.js';
import { nextResourceId, nextUuid, type SimIamRole, type SimState } from '../state.js';

const { InvalidInputException, NoSuchEntityException } = loadSdk('iam');

const CREATED = '2026-01-01T00:00:00.000Z';
/** How many times the service refuses a role just created, before IAM has spread it. */
const NEW_ROLE_REFUSALS = 1;

interface LinkedService {
  readonly roleName: string;
  readonly policyArn: string;
  /** The resources in `region` that use the role (a deletion fails while there are any). */
  readonly usedBy: (state: SimState, region: string, roleArn: string) => string[];
}

const SERVICES: Readonly<Record<string, LinkedService>> = {
  'config.amazonaws.com': {
    roleName: 'AWSServiceRoleForConfig',
    policyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy',
    usedBy: (state, region, roleArn) => (state.regional[region]?.configRecorders ?? []).filter((r) => r.roleARN === roleArn).map((r) => r.arn ?? r.name),
  },
};

const serviceOfRole = (r: SimIamRole) => Object.entries(SERVICES).find(([principal, s]) => s.roleName === r.RoleName && r.Path === `/aws-service-role/${principal}/`);

function usage(state: SimState, r: SimIamRole): Array<{ Region: string; Resources: string[] }> {
  const linked = serviceOfRole(r)?.[1];
  if (!linked) return [];
  return Object.keys(state.regional).flatMap((Region) => {
    const Resources = linked.usedBy(state, Region, r.Arn);
    return Resources.length ? [{ Region, Resources }] : [];
  });
}

/**
 * The task's outcome is kept in its id (the variant digit of its UUID: 8 deleted, 9 failed), so a
 * status read that lags behind the deletion, as IAM reads do, still tells the outcome right.
 */
const taskId = (uuid: string, failed: boolean) => uuid.replace(/-8(\w{3}-\w{12})$/, `-${failed ? '9' : '8'}$1`);

function roleOutput(r: SimIamRole) {
  const { inlinePolicies: _inline, attachedPolicies: _attached, ...rest } = r;
  // IAM returns policy documents URL-encoded.
  return { ...rest, CreateDate: new Date(r.CreateDate), AssumeRolePolicyDocument: encodeURIComponent(r.AssumeRolePolicyDocument) };
}

export const serviceLinkedRoleHandlers = {
  CreateServiceLinkedRole: ({ state, input }: SimRequest) => {
    const principal = String(input.AWSServiceName ?? '');
    const linked = SERVICES[principal];
    if (!linked) throw awsError(InvalidInputException, `Invalid ServiceName: ${principal} does not support service-linked roles here.`);
    if (input.CustomSuffix !== undefined) throw awsError(InvalidInputException, `Custom suffix is not allowed for ${principal}`);
    if (state.iam.roles[linked.roleName]) {
      throw awsError(InvalidInputException, `Service role name ${linked.roleName} has been taken in this account, please try a different suffix.`);
    }
    const path = `/aws-service-role/${principal}/`;
    const created: SimIamRole = {
      RoleName: linked.roleName,
      RoleId: nextResourceId(state, 'AROA', 16).replace('-', '').toUpperCase(),
      Arn: `arn:aws:iam::${state.accountId}:role${path}${linked.roleName}`,
      Path: path,
      CreateDate: CREATED,
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] }),
      inlinePolicies: {},
      attachedPolicies: [linked.policyArn],
      ...(typeof input.Description === 'string' ? { Description: input.Description } : {}),
    };
    state.iam.roles[linked.roleName] = created;
    // The service refuses it for a few seconds after IAM made it (see SimAlertingAccount).
    state.spreadingRoles = { ...state.spreadingRoles, [created.Arn]: NEW_ROLE_REFUSALS };
    return { Role: roleOutput(created) };
  },

  DeleteServiceLinkedRole: ({ state, input }: SimRequest) => {
    const roleName = String(input.RoleName ?? '');
    const r = state.iam.roles[roleName];
    if (!r) throw awsError(NoSuchEntityException, `The role with name ${roleName} cannot be found.`, 404);
    const linked = serviceOfRole(r);
    if (!linked) throw awsError(InvalidInputException, `Role ${roleName} is not a service-linked role.`);
    // The deletion runs on its own: here it ends at once, and fails while the service uses the role.
    const inUse = usage(state, r).length > 0;
    if (!inUse) {
      delete state.iam.roles[roleName];
      if (state.spreadingRoles) {
        delete state.spreadingRoles[r.Arn];
        if (!Object.keys(state.spreadingRoles).length) delete state.spreadingRoles;
      }
    }
    return { DeletionTaskId: `task${r.Path}${roleName}/${taskId(nextUuid(state), inUse)}` };
  },

  GetServiceLinkedRoleDeletionStatus: ({ state, input }: SimRequest) => {
    const task = String(input.DeletionTaskId ?? '');
    const match = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-([89])[0-9a-f]{3}-[0-9a-f]{12}$/.exec(task);
    if (!match) throw awsError(InvalidInputException, `Invalid deletion task id: ${task}`);
    if (match[3] === '8') return { Status: 'SUCCEEDED' };
    const r = state.iam.roles[match[2]!];
    return { Status: 'FAILED', Reason: { Reason: `The service-linked role is still used by ${match[1]} resources.`, RoleUsageList: r ? usage(state, r) : [] } };
  },
};
