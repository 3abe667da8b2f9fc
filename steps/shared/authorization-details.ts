/**
 * The account's IAM users, groups and roles with their policies (GetAccountAuthorizationDetails,
 * every page): admin-group-and-role and unused-iam-roles both read them, so a run reads them once
 * (`sharedRead`). IAM is global: one answer for every region.
 */
import type { GroupDetail, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import { sharedRead, type StepContext } from '../../src/core/step.js';

export interface AuthorizationDetails {
  readonly users: readonly UserDetail[];
  readonly groups: readonly GroupDetail[];
  readonly roles: readonly RoleDetail[];
}

/** Users, groups and roles, in IAM's order; read once per run where reads are shared (do not change what it gives). */
export function authorizationDetails(ctx: StepContext): Promise<AuthorizationDetails> {
  return sharedRead(ctx, 'iam:GetAccountAuthorizationDetails:User,Group,Role', async () => {
    const { client, sdk } = await ctx.aws.use('iam');
    const users: UserDetail[] = [];
    const groups: GroupDetail[] = [];
    const roles: RoleDetail[] = [];
    for await (const page of sdk.paginateGetAccountAuthorizationDetails({ client }, { Filter: ['User', 'Group', 'Role'] })) {
      users.push(...(page.UserDetailList ?? []));
      groups.push(...(page.GroupDetailList ?? []));
      roles.push(...(page.RoleDetailList ?? []));
    }
    return { users, groups, roles };
  });
}
