/**
 * What a service sees of the organization around the calling account: an S3 bucket of any account
 * in it (bucket names are global, and CloudTrail and Config deliver across accounts), and the
 * organization's id, as the `aws:SourceOrgID` a service request carries.
 */
import type { SimBucket } from '../alerting-state.js';
import type { SimRequest } from '../service.js';
import type { SimState } from '../state.js';
import { organizationAccountState } from '../organization-state.js';

/** Every account state of the caller's organization (the caller alone outside one). */
function statesAround(request: Pick<SimRequest, 'state' | 'organization'>): SimState[] {
  const root = request.organization;
  if (!root?.organization) return [request.state];
  const others = root.organization.accounts.map((a) => organizationAccountState(root, a.Id)).filter((s): s is SimState => s !== undefined && s.accountId !== request.state.accountId);
  return [request.state, ...others];
}

/** The bucket of that name, in whichever account of the organization holds it, with that account's state. */
export function bucketAnywhere(request: Pick<SimRequest, 'state' | 'organization'>, name: string): { bucket: SimBucket; owner: SimState } | undefined {
  for (const owner of statesAround(request)) {
    const bucket = owner.s3Buckets?.[name];
    if (bucket) return { bucket, owner };
  }
  return undefined;
}

/** The caller's organization id, when it is in one (its management account or an ACTIVE member). */
export function organizationIdOf(request: Pick<SimRequest, 'state' | 'organization'>): string | undefined {
  const org = request.organization?.organization;
  if (!org) return undefined;
  const inIt = request.state.accountId === request.organization!.accountId || org.accounts.some((a) => a.Id === request.state.accountId && a.State === 'ACTIVE');
  return inIt ? org.Id : undefined;
}
