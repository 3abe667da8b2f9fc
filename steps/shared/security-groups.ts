/**
 * The region's security groups, as DescribeSecurityGroups lists them: open-security-groups checks
 * them, and default-vpcs looks for a default VPC only where one of them is a VPC's default group
 * (every VPC has one, which cannot be deleted), so a run reads them once per region (`sharedRead`).
 */
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import { collectPages } from '../../src/aws/paginate.js';
import { sharedRead, type StepContext } from '../../src/core/step.js';

/** Every security group of the region, read once per run where reads are shared (do not change the array). */
export function regionSecurityGroups(ctx: StepContext): Promise<readonly SecurityGroup[]> {
  return sharedRead(ctx, `ec2:DescribeSecurityGroups:${ctx.region}`, async () => {
    const { client, sdk } = await ctx.aws.use('ec2');
    return collectPages(sdk.paginateDescribeSecurityGroups({ client }, {}), (page) => page.SecurityGroups);
  });
}

/**
 * Whether the region may have a VPC: EC2 makes a default security group (named "default") with
 * every VPC and refuses to delete it, so with none listed there is no VPC, default or not.
 */
export const mayHaveVpc = (groups: readonly SecurityGroup[]): boolean => groups.some((g) => g.GroupName === 'default');
