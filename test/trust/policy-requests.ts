/**
 * What IAM authorises for one call the simulated account recorded: the action on the resource
 * the call names (an ARN built from its input, as AWS builds it), with the condition keys it
 * carries; and what the call needs besides, that no call of its own shows: tagging in the create
 * call, passing a role, the service-linked role a first detector, analyzer or hub creates.
 */
import { iamActionFor } from '../../src/aws/clients.js';
import type { PolicyDocument, PolicyRequest } from '../../src/permissions.js';
import { allowsRequest } from '../../src/permissions.js';
import type { SimCall } from '../../src/sim/account.js';
import type { SimState } from '../../src/sim/state.js';

/** A request with where it came from, for messages. */
export interface CallRequest extends PolicyRequest {
  readonly from: string;
}

/** IAM roles' and groups' ARNs by name (their paths are in the ARN), from states seen during the runs. */
export interface IamNames {
  readonly roles: Map<string, string>;
  readonly groups: Map<string, string>;
}

export function iamNames(...states: readonly SimState[]): IamNames {
  const names: IamNames = { roles: new Map(), groups: new Map() };
  for (const state of states) {
    for (const role of Object.values(state.iam.roles)) names.roles.set(role.RoleName, role.Arn);
    for (const group of Object.values(state.iam.groups)) names.groups.set(group.GroupName, group.Arn);
  }
  return names;
}

type Input = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The keys of the tags a request carries, in any of the shapes the APIs take them. */
function tagKeys(input: Input): string[] | undefined {
  const tags = input.Tags ?? input.tags ?? input.TagsList ?? input.ResourceTags ?? (input.CreateBucketConfiguration as Input | undefined)?.Tags;
  if (!tags) return undefined;
  if (Array.isArray(tags)) return tags.map((t: { Key?: string; key?: string }) => t.Key ?? t.key ?? '');
  return Object.keys(tags as object);
}

/** Security Hub CSPM actions authorised on the region's hub. */
const HUB_ACTIONS = new Set(['EnableSecurityHub', 'DescribeHub', 'DisableSecurityHub', 'GetEnabledStandards', 'BatchEnableStandards', 'BatchDisableStandards']);

/** The resources a call acts on, as IAM sees them; none for calls that take no resource (list calls, account settings). */
function resourcesOf(call: SimCall, action: string, account: string, iam: IamNames): string[] {
  const input = (call.input ?? {}) as Input;
  const region = call.region;
  const arn = (service: string, resource: string, where = region) => `arn:aws:${service}:${where}:${account}:${resource}`;
  const service = action.split(':')[0]!;
  const op = call.action;
  switch (service) {
    case 'account':
      return [`arn:aws:account::${account}:account`];
    case 'iam': {
      // A role or group not there (yet): IAM cannot know a path, and checks the name alone.
      const absent = /NoSuchEntity/.test(call.error ?? '');
      if (str(input.RoleName)) return [(absent ? undefined : iam.roles.get(input.RoleName as string)) ?? `arn:aws:iam::${account}:role/${input.RoleName as string}`];
      if (str(input.GroupName)) return [(absent ? undefined : iam.groups.get(input.GroupName as string)) ?? `arn:aws:iam::${account}:group/${input.GroupName as string}`];
      const task = /^task\/(aws-service-role\/[^/]+\/[^/]+)\//.exec(str(input.DeletionTaskId) ?? '');
      if (task) return [`arn:aws:iam::${account}:role/${task[1]}`];
      if (str(input.AWSServiceName)) return [serviceLinkedRoleArn(account, input.AWSServiceName as string, iam)];
      return [];
    }
    case 's3':
      return str(input.Bucket) ? [`arn:aws:s3:::${input.Bucket as string}`] : [];
    case 'sns': {
      if (str(input.TopicArn)) return [input.TopicArn as string];
      if (str(input.ResourceArn)) return [input.ResourceArn as string];
      if (str(input.SubscriptionArn)) return [(input.SubscriptionArn as string).split(':').slice(0, -1).join(':')];
      if (op === 'CreateTopic') return [arn('sns', input.Name as string)];
      return [];
    }
    case 'cloudtrail': {
      const trail = (name: string) => (name.startsWith('arn:') ? name : arn('cloudtrail', `trail/${name}`));
      if (Array.isArray(input.ResourceIdList)) return (input.ResourceIdList as string[]).map(trail);
      const name = str(input.Name) ?? str(input.TrailName);
      return name ? [trail(name)] : [];
    }
    case 'logs':
      return str(input.logGroupName) ? [arn('logs', `log-group:${input.logGroupName as string}`)] : [];
    case 'cloudwatch': {
      if (str(input.AlarmName)) return [arn('cloudwatch', `alarm:${input.AlarmName as string}`)];
      if (Array.isArray(input.AlarmNames) && input.AlarmNames.length) return (input.AlarmNames as string[]).map((name) => arn('cloudwatch', `alarm:${name}`));
      if (str(input.ResourceARN)) return [input.ResourceARN as string];
      // Listing every alarm: the policy must reach every alarm.
      if (op === 'DescribeAlarms') return [arn('cloudwatch', 'alarm:*')];
      return [];
    }
    case 'events': {
      if (str(input.ResourceARN)) return [input.ResourceARN as string];
      const rule = str(input.Rule) ?? (op === 'ListRules' ? undefined : str(input.Name));
      return rule ? [arn('events', `rule/${rule}`)] : [];
    }
    case 'guardduty':
      return str(input.DetectorId) ? [arn('guardduty', `detector/${input.DetectorId as string}`)] : [];
    case 'access-analyzer':
      return str(input.analyzerName) ? [arn('access-analyzer', `analyzer/${input.analyzerName as string}`)] : [];
    case 'budgets': {
      if (str(input.ResourceARN)) return [input.ResourceARN as string];
      const name = str(input.BudgetName) ?? str((input.Budget as Input | undefined)?.BudgetName) ?? str((input.NewBudget as Input | undefined)?.BudgetName);
      return name ? [`arn:aws:budgets::${account}:budget/${name}`] : [];
    }
    case 'ce': {
      const given = str(input.MonitorArn) ?? str(input.SubscriptionArn) ?? str(input.ResourceArn);
      return given ? [given] : [];
    }
    case 'securityhub': {
      if (str(input.FindingAggregatorArn)) return [input.FindingAggregatorArn as string];
      if (str(input.ResourceArn)) return [input.ResourceArn as string];
      return HUB_ACTIONS.has(op) ? [arn('securityhub', 'hub/default')] : [];
    }
    case 'config':
      return str(input.ResourceArn) ? [input.ResourceArn as string] : [];
    default:
      // ec2, sts: nothing the policy scopes.
      return [];
  }
}

/** The service-linked role of a service: as the account has it once made, else the path it gets. */
function serviceLinkedRoleArn(account: string, service: string, iam: IamNames): string {
  const path = `/aws-service-role/${service}/`;
  return [...iam.roles.values()].find((arn) => arn.includes(`:role${path}`)) ?? `arn:aws:iam::${account}:role${path}new`;
}

/** Condition keys the call carries. */
function contextOf(call: SimCall): Record<string, string | string[]> {
  const input = (call.input ?? {}) as Input;
  const context: Record<string, string | string[]> = {};
  const keys = tagKeys(input);
  if (keys) context['aws:TagKeys'] = keys;
  if (str(input.PolicyArn)) context['iam:PolicyARN'] = input.PolicyArn as string;
  if (str(input.AWSServiceName)) context['iam:AWSServiceName'] = input.AWSServiceName as string;
  if (str(input.Protocol)) context['sns:Protocol'] = input.Protocol as string;
  return context;
}

/** Tagging authorised as its own action when a create call carries tags: the create's action → the tagging action. */
const TAGGED_CREATES: Readonly<Record<string, string>> = {
  'iam:CreateRole': 'iam:TagRole',
  'sns:CreateTopic': 'sns:TagResource',
  'cloudwatch:PutMetricAlarm': 'cloudwatch:TagResource',
  'logs:CreateLogGroup': 'logs:TagResource',
  'cloudtrail:CreateTrail': 'cloudtrail:AddTags',
  's3:CreateBucket': 's3:TagResource',
  'events:PutRule': 'events:TagResource',
  'access-analyzer:CreateAnalyzer': 'access-analyzer:TagResource',
  'guardduty:CreateDetector': 'guardduty:TagResource',
  'securityhub:EnableSecurityHub': 'securityhub:TagResource',
  'config:PutConfigurationRecorder': 'config:TagResource',
  'budgets:ModifyBudget': 'budgets:TagResource',
  'ce:CreateAnomalyMonitor': 'ce:TagResource',
  'ce:CreateAnomalySubscription': 'ce:TagResource',
};

/** The resource a create call makes, where AWS picks its id (the request cannot name it). */
function createdResource(action: string, call: SimCall, account: string): string | undefined {
  const at = (service: string, resource: string) => `arn:aws:${service}:${call.region}:${account}:${resource}`;
  if (action === 'guardduty:CreateDetector') return at('guardduty', 'detector/new');
  if (action === 'ce:CreateAnomalyMonitor') return `arn:aws:ce::${account}:anomalymonitor/new`;
  if (action === 'ce:CreateAnomalySubscription') return `arn:aws:ce::${account}:anomalysubscription/new`;
  return undefined;
}

/** The service-linked role the first of these creates in an account. */
const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  'guardduty:CreateDetector': 'guardduty.amazonaws.com',
  'access-analyzer:CreateAnalyzer': 'access-analyzer.amazonaws.com',
  'securityhub:EnableSecurityHub': 'securityhub.amazonaws.com',
};

/** Roles a call hands to a service (iam:PassRole), with that service. */
function passedRoles(action: string, input: Input): Array<{ role: string; service: string }> {
  if (action === 'cloudtrail:CreateTrail' || action === 'cloudtrail:UpdateTrail') {
    const role = str(input.CloudWatchLogsRoleArn);
    return role ? [{ role, service: 'cloudtrail.amazonaws.com' }] : [];
  }
  if (action === 'config:PutConfigurationRecorder') {
    const role = str((input.ConfigurationRecorder as Input | undefined)?.roleARN);
    return role ? [{ role, service: 'config.amazonaws.com' }] : [];
  }
  if (action === 'events:PutTargets') {
    return ((input.Targets ?? []) as Input[]).flatMap((t) => (str(t.RoleArn) ? [{ role: t.RoleArn as string, service: 'events.amazonaws.com' }] : []));
  }
  return [];
}

/** Every request one call makes IAM decide. */
export function requestsOf(call: SimCall, account: string, iam: IamNames): CallRequest[] {
  const action = iamActionFor(call.service, call.action);
  const input = (call.input ?? {}) as Input;
  const from = `${call.lane ?? '(engine)'} ${call.service}:${call.action}`;
  const context = contextOf(call);
  const resources = resourcesOf(call, action, account, iam);
  const requests: CallRequest[] = resources.length
    ? resources.map((resource) => ({ action, resource, context, from }))
    : [{ action, context, from }];

  const tagging = TAGGED_CREATES[action];
  if (tagging && context['aws:TagKeys'] && (action !== 'budgets:ModifyBudget' || call.action === 'CreateBudget')) {
    const made = createdResource(action, call, account) ?? resources[0];
    requests.push({ action: tagging, ...(made ? { resource: made } : {}), context: { 'aws:TagKeys': context['aws:TagKeys'] }, from: `${from} (tags)` });
  }
  const linked = SERVICE_LINKED_ROLES[action];
  if (linked && input.DryRun !== true) {
    requests.push({ action: 'iam:CreateServiceLinkedRole', resource: serviceLinkedRoleArn(account, linked, iam), context: { 'iam:AWSServiceName': linked }, from: `${from} (its service-linked role)` });
  }
  for (const { role, service } of passedRoles(action, input)) {
    requests.push({ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': service }, from: `${from} (passes ${role})` });
  }
  return requests;
}

/** The requests the policy refuses, one line each ("<lane> <call>: <action> on <resource>"), once each. */
export function refusedRequests(policy: PolicyDocument, calls: readonly SimCall[], account: string, iam: IamNames): string[] {
  const refused = calls.flatMap((call) => requestsOf(call, account, iam))
    .filter((request) => !allowsRequest(policy, request))
    .map((r) => `${r.from}: ${r.action} on ${r.resource ?? '(no resource: needs *)'}${Object.keys(r.context ?? {}).length ? ` with ${JSON.stringify(r.context)}` : ''}`);
  return [...new Set(refused)].sort();
}
