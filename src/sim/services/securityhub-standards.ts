/**
 * Security Hub CSPM standards in the simulated account: what AWS offers (DescribeStandards) and
 * what a region subscribes to (GetEnabledStandards, BatchEnableStandards, BatchDisableStandards).
 * A subscription is PENDING for a few reads after it is enabled, then READY where AWS Config
 * records in the region and INCOMPLETE (NO_AVAILABLE_CONFIGURATION_RECORDER) where it does not;
 * a disabled one is DELETING for a few reads, then gone. AWS refuses to disable one that is
 * PENDING or DELETING ("please try later").
 */
import { awsError, type SimRequest } from '../service.js';
import { loadSdk } from '../../aws/clients.js';
import type { SimStandardsSubscription } from '../compliance-state.js';
import { pageOf } from '../paging.js';
import type { SimRegion } from '../state.js';
import { hubOf, invalidInput, READS_WHILE_PENDING, regionOf } from './securityhub-hub.js';

const { InvalidInputException } = loadSdk('securityhub');

type Input = Record<string, unknown>;

/** A standard AWS offers (in every region unless the region's state says otherwise). CIS v1.2.0 keeps its old, global ruleset ARN. */
interface Offered {
  readonly path: string;
  readonly name: string;
  readonly description: string;
  readonly enabledByDefault?: boolean;
  readonly ruleset?: boolean;
}

const OFFERED: readonly Offered[] = [
  { path: 'aws-foundational-security-best-practices/v/1.0.0', name: 'AWS Foundational Security Best Practices v1.0.0', description: 'Automated checks that detect when AWS accounts and resources deviate from security best practices defined by AWS security experts.', enabledByDefault: true },
  { path: 'cis-aws-foundations-benchmark/v/1.2.0', name: 'CIS AWS Foundations Benchmark v1.2.0', description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v1.2.0.', enabledByDefault: true, ruleset: true },
  { path: 'cis-aws-foundations-benchmark/v/1.4.0', name: 'CIS AWS Foundations Benchmark v1.4.0', description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v1.4.0.' },
  { path: 'cis-aws-foundations-benchmark/v/3.0.0', name: 'CIS AWS Foundations Benchmark v3.0.0', description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v3.0.0.' },
  { path: 'cis-aws-foundations-benchmark/v/5.0.0', name: 'CIS AWS Foundations Benchmark v5.0.0', description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v5.0.0.' },
  { path: 'nist-800-53/v/5.0.0', name: 'NIST Special Publication 800-53 Revision 5', description: 'NIST SP 800-53 Rev. 5 security and privacy controls.' },
  { path: 'nist-800-171/v/2.0.0', name: 'NIST Special Publication 800-171 Revision 2', description: 'NIST SP 800-171 Rev. 2 requirements for controlled unclassified information.' },
  { path: 'pci-dss/v/3.2.1', name: 'PCI DSS v3.2.1', description: 'Payment Card Industry Data Security Standard v3.2.1.' },
  { path: 'pci-dss/v/4.0.1', name: 'PCI DSS v4.0.1', description: 'Payment Card Industry Data Security Standard v4.0.1.' },
  { path: 'aws-resource-tagging-standard/v/1.0.0', name: 'AWS Resource Tagging Standard v1.0.0', description: 'Checks that AWS resources carry tags.' },
];

/** What AWS offers in the request's region. */
const offeredIn = (request: SimRequest<Input>): readonly Offered[] => {
  const missing = regionOf(request).securityHubNotOffered ?? [];
  return OFFERED.filter((s) => !missing.includes(s.path));
};

const standardsArnOf = (offered: Offered, region: string) =>
  offered.ruleset ? `arn:aws:securityhub:::ruleset/${offered.path}` : `arn:aws:securityhub:${region}::standards/${offered.path}`;

// API limits: 1 to 25 entries a batch.
const MAX_BATCH = 25;

function batchOf(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_BATCH) {
    throw invalidInput(`${field} must have between 1 and ${MAX_BATCH} items`);
  }
  return value;
}

/** One read of the region's standards has happened: subscriptions on their way move on by one step. */
function afterRead(region: SimRegion): void {
  const hub = region.securityHub;
  if (!hub) return;
  const recording = (region.configRecorders ?? []).some((recorder) => recorder.recording);
  for (const subscription of hub.standards) {
    if (subscription.readsLeft === undefined || --subscription.readsLeft > 0) continue;
    delete subscription.readsLeft;
    if (subscription.StandardsStatus === 'PENDING') {
      // Most controls are AWS Config rules: without a recorder, AWS cannot set them up.
      subscription.StandardsStatus = recording ? 'READY' : 'INCOMPLETE';
      if (!recording) subscription.StandardsStatusReason = { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' };
    }
  }
  hub.standards = hub.standards.filter((s) => !(s.StandardsStatus === 'DELETING' && s.readsLeft === undefined));
}

/** A subscription as GetEnabledStandards shows it (the simulation's bookkeeping left out). */
function shown({ readsLeft: _reads, ...subscription }: SimStandardsSubscription) {
  return {
    StandardsInput: {},
    ...subscription,
    StandardsControlsUpdatable: subscription.StandardsStatus === 'READY' ? 'READY_FOR_UPDATES' : 'NOT_READY_FOR_UPDATES',
    Provider: 'AWS',
  };
}

export const standardsHandlers = {
  DescribeStandards: (request: SimRequest<Input>) => {
    const { input, region } = request;
    // Answered before Security Hub is on too: the console lists the standards (EnabledByDefault
    // ticks their boxes) on the page that enables it.
    const offered = offeredIn(request);
    const { page, next } = pageOf(offered, input.NextToken, input.MaxResults, 100, () => invalidInput('Invalid NextToken'));
    return {
      Standards: page.map((s) => ({
        StandardsArn: standardsArnOf(s, region),
        Name: s.name,
        Description: s.description,
        EnabledByDefault: s.enabledByDefault === true,
        StandardsManagedBy: { Company: 'AWS', Product: 'Security Hub' },
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },
  GetEnabledStandards: (request: SimRequest<Input>) => {
    const { input } = request;
    const hub = hubOf(request);
    const only = input.StandardsSubscriptionArns as string[] | undefined;
    const listed = hub.standards.filter((s) => !only?.length || only.includes(s.StandardsSubscriptionArn));
    const { page, next } = pageOf(listed, input.NextToken, input.MaxResults, 100, () => invalidInput('Invalid NextToken'));
    const output = { StandardsSubscriptions: page.map(shown), ...(next ? { NextToken: next } : {}) };
    afterRead(regionOf(request));
    return output;
  },
  BatchEnableStandards: (request: SimRequest<Input>) => {
    const { input, state, region } = request;
    const hub = hubOf(request);
    const requests = batchOf(input.StandardsSubscriptionRequests, 'StandardsSubscriptionRequests') as Array<{ StandardsArn?: unknown }>;
    const here = offeredIn(request);
    const offered = requests.map((r) => here.find((s) => standardsArnOf(s, region) === r.StandardsArn));
    const invalid = requests.filter((_, i) => !offered[i]);
    if (invalid.length) throw invalidInput(`Invalid StandardsSubscriptionRequest(s): ${JSON.stringify(invalid.map((r) => ({ StandardsArn: r.StandardsArn })))}`);
    const enabled = requests.filter((r) => hub.standards.some((s) => s.StandardsArn === r.StandardsArn));
    if (enabled.length) throw invalidInput(`StandardsSubscription(s) already exist: ${JSON.stringify(enabled.map((r) => r.StandardsArn))}`);
    const made = offered.map((s) => ({
      StandardsArn: standardsArnOf(s!, region),
      StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${state.accountId}:subscription/${s!.path}`,
      StandardsStatus: 'PENDING' as const,
      StandardsInput: {},
      readsLeft: READS_WHILE_PENDING,
    }));
    hub.standards.push(...made);
    return { StandardsSubscriptions: made.map(shown) };
  },
  BatchDisableStandards: (request: SimRequest<Input>) => {
    const { input } = request;
    const hub = hubOf(request);
    const arns = batchOf(input.StandardsSubscriptionArns, 'StandardsSubscriptionArns') as string[];
    const unknown = arns.filter((arn) => !hub.standards.some((s) => s.StandardsSubscriptionArn === arn));
    if (unknown.length) throw awsError(InvalidInputException, `Invalid StandardsSubscriptionArn(s): ${JSON.stringify(unknown)}`);
    const subscriptions = arns.map((arn) => hub.standards.find((s) => s.StandardsSubscriptionArn === arn)!);
    for (const status of ['PENDING', 'DELETING'] as const) {
      const busy = subscriptions.filter((s) => s.StandardsStatus === status);
      if (busy.length) throw invalidInput(`StandardsSubscription(s) in state ${status}, please try later: ${JSON.stringify(busy.map((s) => s.StandardsSubscriptionArn))}`);
    }
    for (const subscription of subscriptions) {
      subscription.StandardsStatus = 'DELETING';
      delete subscription.StandardsStatusReason;
      subscription.readsLeft = READS_WHILE_PENDING;
    }
    return { StandardsSubscriptions: subscriptions.map(shown) };
  },
};
