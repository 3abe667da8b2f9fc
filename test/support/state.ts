/**
 * Compares simulated accounts as a person would: default VPCs by their shape, not their ids;
 * without the logs undo keeps on purpose (the trail's bucket and log group are evidence), the
 * simulation's bookkeeping, and lists a service left empty where it had none.
 */
import type { SimRegion, SimState } from '../../src/sim/state.js';

/** Per-region collections a fresh account does not have until a step makes one. */
const OPTIONAL_LISTS = ['snsTopics', 'trails', 'logGroups', 'metricFilters', 'alarms', 'eventRules', 'configRecorders', 'deliveryChannels', 'findingAggregators'] as const;

export function comparable(state: SimState) {
  const copy = structuredClone(state) as Omit<SimState, 'nextId'> & { nextId?: number };
  delete copy.nextId;
  // Evidence undo keeps by design, and the simulation's own bookkeeping.
  delete copy.s3Buckets;
  delete (copy as { spreadingRoles?: unknown }).spreadingRoles;
  delete (copy as { spreadingRolePolicies?: unknown }).spreadingRolePolicies;
  // IAM keeps the last credential report (read-only checks have it written): nothing to undo.
  delete copy.iam.credentialReport;
  for (const region of Object.values(copy.regional)) {
    delete region.logGroups;
    for (const key of OPTIONAL_LISTS) if ((region[key] as unknown[] | undefined)?.length === 0) delete (region as Partial<SimRegion>)[key];
    const vpc = region.vpcs.find((v) => v.IsDefault);
    const shape = {
      defaultVpc: vpc ? { cidr: vpc.CidrBlock, subnets: region.subnets.filter((s) => s.VpcId === vpc.VpcId).map((s) => [s.AvailabilityZone, s.CidrBlock]).sort() } : null,
      igws: region.internetGateways.length,
    };
    Object.assign(region, { vpcs: shape, subnets: [], internetGateways: [], routeTables: [], networkAcls: [], securityGroups: [] });
  }
  return copy;
}

/** Paths (a.b.c) where two plain values differ, for a readable assertion. */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [path];
}
