/** STS in the simulated account: who is calling, and assuming a role in a member account. */
import { loadSdk } from '../../aws/clients.js';
import { memberState } from '../organization-state.js';
import type { SimRequest, SimService } from '../service.js';

const { STSServiceException } = loadSdk('sts');

/** One hour, as AWS gives by default; the run refreshes before it ends. */
const DEFAULT_SESSION_SECONDS = 3600;

function accessDenied(message: string): Error {
  return new STSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
}

/** Whether a role's trust policy lets the account `caller` assume it (its root, or the bare id). */
function trusts(document: string, caller: string): boolean {
  const policy = JSON.parse(document) as { Statement: Array<{ Effect: string; Principal?: { AWS?: string | string[] } }> };
  return policy.Statement.some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    const principals = [statement.Principal?.AWS ?? []].flat();
    return principals.some((p) => p === caller || p === `arn:aws:iam::${caller}:root`);
  });
}

const sts: SimService = {
  ServiceException: STSServiceException,
  // STS's regional endpoints answer in every enabled region; the home region is always enabled here.
  global: true,
  handlers: {
    GetCallerIdentity: ({ state }: SimRequest) => ({
      Account: state.accountId,
      Arn: state.callerArn,
      UserId: state.callerArn.endsWith(':root') ? state.accountId : 'AIDADEMOUSER000000001',
    }),
    AssumeRole: ({ state, input }: SimRequest<{ RoleArn?: string; RoleSessionName?: string; DurationSeconds?: number }>) => {
      const roleArn = String(input.RoleArn ?? '');
      const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
      const denied = () => accessDenied(`User: ${state.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      if (!match) throw denied();
      const [, accountId, roleName] = match as unknown as [string, string, string];
      const target = memberState(state, accountId);
      const role = target?.iam.roles[roleName];
      // An invited account has no access role; a suspended one cannot be signed in to.
      const entry = state.organization?.accounts.find((a) => a.Id === accountId);
      if (!target || !role || entry?.State !== 'ACTIVE' || !trusts(role.AssumeRolePolicyDocument, state.accountId)) throw denied();
      const session = String(input.RoleSessionName ?? 'session');
      const seconds = input.DurationSeconds ?? DEFAULT_SESSION_SECONDS;
      return {
        Credentials: {
          AccessKeyId: `ASIASIM${accountId}`,
          SecretAccessKey: 'simulated/SECRET/never-printed/assumed',
          SessionToken: 'simulated-assumed-session-token-never-printed',
          Expiration: new Date(Date.now() + seconds * 1000),
        },
        AssumedRoleUser: { AssumedRoleId: `${role.RoleId}:${session}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}` },
      };
    },
  },
};
export default sts;
