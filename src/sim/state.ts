/**
 * The simulated account's state: plain JSON (it is saved between `--demo` runs), shaped like
 * the SDK's own output structures so handlers can return pieces of it directly.
 */

import type { SimAlertingAccount, SimAlertingRegion } from './alerting-state.js';
import type { SimComplianceRegion, SimSecurityHubOrganization } from './compliance-state.js';

export type RegionStatus = 'ENABLED_BY_DEFAULT' | 'ENABLED' | 'DISABLED' | 'ENABLING' | 'DISABLING';
export type AlternateContactType = 'BILLING' | 'OPERATIONS' | 'SECURITY';

export interface SimAlternateContact {
  AlternateContactType: AlternateContactType;
  Name: string;
  Title: string;
  EmailAddress: string;
  PhoneNumber: string;
}

export interface SimContactInformation {
  FullName: string;
  AddressLine1: string;
  AddressLine2?: string;
  AddressLine3?: string;
  City: string;
  StateOrRegion?: string;
  DistrictOrCounty?: string;
  PostalCode: string;
  CountryCode: string;
  PhoneNumber: string;
  CompanyName?: string;
  WebsiteUrl?: string;
}

export interface SimPasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface SimIamUser {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  groups: string[];
  /** Managed policy ARNs attached to the user directly (absent in older demo state files: none). */
  attachedPolicies?: string[];
  /** A console password (a login profile): when it was set and last used (absent: no password). */
  password?: { changed: string; lastUsed?: string };
  /** Serial numbers (ARNs) of the user's MFA devices (absent: none). */
  mfaDevices?: string[];
  /** At most two access keys; the secret is never kept. */
  accessKeys?: SimAccessKey[];
}

/** An IAM user's access key as IAM tracks it (the credential report and ListAccessKeys read these). */
export interface SimAccessKey {
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
  lastUsed?: { date: string; region: string; service: string };
}

/**
 * The account's credential report: when generation began and how many more polls see it still
 * being generated (counted, not timed, so tests are deterministic). `pendingPolls` far above any
 * poller's bound models a report that never gets ready.
 */
export interface SimCredentialReport {
  generatedAt: string;
  pendingPolls: number;
}

export interface SimIamGroup {
  GroupName: string;
  GroupId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  inlinePolicies: Record<string, string>;
  attachedPolicies: string[];
}

export interface SimIamRole {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  Description?: string;
  MaxSessionDuration: number;
  AssumeRolePolicyDocument: string;
  inlinePolicies: Record<string, string>;
  attachedPolicies: string[];
  Tags?: Array<{ Key: string; Value: string }>;
  /** When the role was last assumed, and where (absent: not within IAM's tracking period). */
  RoleLastUsed?: { LastUsedDate: string; Region: string };
}

export interface SimPublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface SimVpc {
  VpcId: string;
  CidrBlock: string;
  IsDefault: boolean;
  State: 'available' | 'pending';
  OwnerId: string;
  DhcpOptionsId: string;
  InstanceTenancy: 'default';
}

export interface SimSubnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  DefaultForAz: boolean;
  MapPublicIpOnLaunch: boolean;
  State: 'available';
}

export interface SimInternetGateway {
  InternetGatewayId: string;
  Attachments: Array<{ VpcId: string; State: 'available' | 'attached' }>;
  Tags?: Array<{ Key: string; Value: string }>;
}

export interface SimEgressOnlyInternetGateway {
  EgressOnlyInternetGatewayId: string;
  Attachments: Array<{ VpcId: string; State: 'attached' }>;
}

export interface SimRouteTable {
  RouteTableId: string;
  VpcId: string;
  Associations: Array<{ RouteTableAssociationId: string; Main: boolean; SubnetId?: string }>;
  Routes: Array<{ DestinationCidrBlock: string; GatewayId: string; State: 'active' }>;
}

export interface SimNetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault: boolean;
}

/** One security group rule set as EC2 describes it (IpPermissions / IpPermissionsEgress). */
export interface SimIpPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges: Array<{ CidrIp: string; Description?: string }>;
  Ipv6Ranges: Array<{ CidrIpv6: string; Description?: string }>;
  UserIdGroupPairs: Array<{ GroupId: string; UserId: string }>;
  PrefixListIds: Array<{ PrefixListId: string }>;
}

export interface SimSecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  /**
   * Inbound and outbound rules. Absent: what EC2 gives a new group (a default group lets in
   * traffic from its own members only; every group lets all traffic out).
   */
  IpPermissions?: SimIpPermission[];
  IpPermissionsEgress?: SimIpPermission[];
}

export interface SimNetworkInterface {
  NetworkInterfaceId: string;
  VpcId: string;
  SubnetId: string;
  Description: string;
  InterfaceType: string;
  Status: 'in-use' | 'available';
  RequesterId?: string;
  Attachment?: { InstanceId?: string; Status: 'attached' };
  /** The security groups the interface is in (absent: none recorded). */
  Groups?: Array<{ GroupId: string; GroupName: string }>;
}

export interface SimVpcEndpoint {
  VpcEndpointId: string;
  VpcId: string;
  ServiceName: string;
  VpcEndpointType: 'Gateway' | 'Interface';
  State: 'available';
}

/** A virtual private gateway (site-to-site VPN or Direct Connect) and the VPCs it is attached to. */
export interface SimVpnGateway {
  VpnGatewayId: string;
  State: 'available' | 'deleted';
  Type: 'ipsec.1';
  VpcAttachments: Array<{ VpcId: string; State: 'attaching' | 'attached' | 'detaching' | 'detached' }>;
}

export interface SimVpcPeeringConnection {
  VpcPeeringConnectionId: string;
  RequesterVpcInfo: { VpcId: string; OwnerId: string; Region: string };
  AccepterVpcInfo: { VpcId: string; OwnerId: string; Region: string };
  Status: { Code: 'pending-acceptance' | 'active' | 'deleted' | 'rejected' | 'failed' | 'expired' | 'provisioning' | 'deleting'; Message?: string };
}

export interface SimAnalyzer {
  arn: string;
  name: string;
  type: 'ACCOUNT' | 'ORGANIZATION' | 'ACCOUNT_UNUSED_ACCESS' | 'ORGANIZATION_UNUSED_ACCESS' | 'ACCOUNT_INTERNAL_ACCESS' | 'ORGANIZATION_INTERNAL_ACCESS';
  status: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
  statusReason?: { code: 'AWS_SERVICE_ACCESS_DISABLED' | 'DELEGATED_ADMINISTRATOR_DEREGISTERED' | 'ORGANIZATION_DELETED' | 'SERVICE_LINKED_ROLE_CREATION_FAILED' };
  createdAt: string;
  tags?: Record<string, string>;
  /** Simulation only: reads of the region that still see it CREATING (counted, not timed, so tests are deterministic). */
  readsWhileCreating?: number;
  /** Simulation only: the client token it was created with and the rest of that request, for retries. */
  createdWith?: SimCreateRequest;
}

/** A create's client token and the rest of its request: the same pair again gets the same resource back. */
export interface SimCreateRequest {
  clientToken: string;
  request: string;
}

export interface SimDetector {
  DetectorId: string;
  Status: 'ENABLED' | 'DISABLED';
  CreatedAt: string;
  UpdatedAt: string;
  FindingPublishingFrequency: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
  ServiceRole: string;
  Tags?: Record<string, string>;
  /** The GuardDuty administrator account this detector's account is a member of (an organization's delegated admin). */
  administratorId?: string;
  /** Simulation only: the client token it was created with and the rest of that request, for retries. */
  createdWith?: SimCreateRequest;
}

export interface SimRegion extends SimAlertingRegion, SimComplianceRegion {
  ebsEncryptionByDefault: boolean;
  vpcs: SimVpc[];
  subnets: SimSubnet[];
  internetGateways: SimInternetGateway[];
  egressOnlyInternetGateways: SimEgressOnlyInternetGateway[];
  routeTables: SimRouteTable[];
  networkAcls: SimNetworkAcl[];
  securityGroups: SimSecurityGroup[];
  networkInterfaces: SimNetworkInterface[];
  vpcEndpoints: SimVpcEndpoint[];
  /** Absent in demo state files written before these were simulated. */
  vpnGateways?: SimVpnGateway[];
  vpcPeeringConnections?: SimVpcPeeringConnection[];
  analyzers: SimAnalyzer[];
  detectors: SimDetector[];
}

/** A budget notification's identity and state, as Budgets returns it. */
export interface SimBudgetNotification {
  NotificationType: 'ACTUAL' | 'FORECASTED';
  ComparisonOperator: 'GREATER_THAN' | 'LESS_THAN' | 'EQUAL_TO';
  Threshold: number;
  ThresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  NotificationState: 'OK' | 'ALARM';
}

/**
 * A budget with its notifications and their subscribers. `budget` holds the Budget structure
 * with its timestamps as ISO strings (the state is JSON); handlers turn them into Dates.
 */
export interface SimBudget {
  budget: Record<string, unknown> & {
    BudgetName: string;
    BudgetType: string;
    TimeUnit: string;
    BudgetLimit?: { Amount: string; Unit: string };
    TimePeriod: { Start: string; End: string };
    LastUpdatedTime: string;
  };
  notifications: Array<{
    notification: SimBudgetNotification;
    subscribers: Array<{ SubscriptionType: 'EMAIL' | 'SNS'; Address: string }>;
  }>;
  /** The ResourceTags given to CreateBudget, as ListTagsForResource returns them. */
  tags?: Array<{ Key: string; Value: string }>;
}

export interface SimAnomalyMonitor {
  MonitorArn: string;
  MonitorName: string;
  MonitorType: 'DIMENSIONAL' | 'CUSTOM';
  MonitorDimension?: 'SERVICE' | 'LINKED_ACCOUNT' | 'TAG' | 'COST_CATEGORY';
  MonitorSpecification?: Record<string, unknown>;
  /** `YYYY-MM-DD`, as Cost Explorer returns it (a string, not a timestamp). */
  CreationDate: string;
  LastUpdatedDate?: string;
  LastEvaluatedDate?: string;
  DimensionalValueCount?: number;
  /** The ResourceTags given at creation (ListTagsForResource answers them; GetAnomalyMonitors does not). */
  tags?: Array<{ Key: string; Value: string }>;
}

export interface SimAnomalySubscription {
  SubscriptionArn: string;
  AccountId: string;
  SubscriptionName: string;
  MonitorArnList: string[];
  Subscribers: Array<{ Address: string; Type: 'EMAIL' | 'SNS'; Status: 'CONFIRMED' | 'DECLINED' }>;
  Frequency: 'DAILY' | 'IMMEDIATE' | 'WEEKLY';
  /** Deprecated shorthand for an absolute ThresholdExpression; kept only when a caller sent it. */
  Threshold?: number;
  ThresholdExpression?: Record<string, unknown>;
  /** The ResourceTags given at creation (ListTagsForResource answers them; GetAnomalySubscriptions does not). */
  tags?: Array<{ Key: string; Value: string }>;
}

export interface SimCostExplorer {
  monitors: SimAnomalyMonitor[];
  subscriptions: SimAnomalySubscription[];
}

export interface SimState extends SimAlertingAccount {
  readonly version: 1;
  accountId: string;
  callerArn: string;
  /** Every region the simulation knows, with its opt-in status. */
  regions: Record<string, RegionStatus>;
  account: {
    alternateContacts: Partial<Record<AlternateContactType, SimAlternateContact>>;
    contactInformation: SimContactInformation;
  };
  iam: {
    passwordPolicy?: SimPasswordPolicy;
    users: Record<string, SimIamUser>;
    groups: Record<string, SimIamGroup>;
    roles: Record<string, SimIamRole>;
    /** Root MFA and root access keys, as GetAccountSummary reports them. */
    summary: { AccountMFAEnabled: 0 | 1; AccountAccessKeysPresent: 0 | 1 };
    /** The last credential report generated (absent: none yet). */
    credentialReport?: SimCredentialReport;
  };
  s3control: { publicAccessBlock?: SimPublicAccessBlock };
  /** Per-region resources; only enabled regions have an entry. */
  regional: Record<string, SimRegion>;
  /** Budgets by name (Budgets names are unique per account). */
  budgets: Record<string, SimBudget>;
  costExplorer: SimCostExplorer;
  /** Source of deterministic resource ids. */
  nextId: number;
  /** The management account's organization, with every member's state (see organization-state.ts). */
  organization?: SimOrganization;
  /** In a member account: the management account's id. */
  memberOf?: string;
}

/** The 17 regions enabled by default in a new account (none of them opt-in). */
export const DEFAULT_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
] as const;

/** Opt-in regions: disabled in a new account. */
export const OPT_IN_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1',
  'me-central-1', 'me-south-1', 'mx-central-1',
] as const;

export const ALL_REGIONS: readonly string[] = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];

const EPOCH = '2026-01-01T00:00:00.000Z';

export interface FreshAccountOptions {
  accountId?: string;
  /** How many regions are enabled: the 17 defaults first, then opt-in ones (up to 34). */
  enabledRegionCount?: number;
  /** IAM users that already exist (for adding to the admin group). */
  users?: string[];
  /**
   * The cost anomaly services monitor AWS itself has made in many accounts (see
   * `addDefaultServicesMonitor`); an account can have no second one.
   */
  defaultServicesMonitor?: boolean;
}

/** Hands out deterministic ids like `vpc-0000000000000001a`. */
export function nextResourceId(state: SimState, prefix: string, width = 17): string {
  state.nextId += 1;
  return `${prefix}-${state.nextId.toString(16).padStart(width, '0')}`;
}

/** A deterministic stand-in for the UUID at the end of Cost Explorer ARNs. */
export function nextUuid(state: SimState): string {
  state.nextId += 1;
  return `00000000-0000-4000-8000-${state.nextId.toString(16).padStart(12, '0')}`;
}

/**
 * The services monitor AWS creates for many accounts when Cost Explorer is first used:
 * "Default-Services-Monitor", DIMENSIONAL over SERVICE (one per account at most).
 */
export function addDefaultServicesMonitor(state: SimState): SimAnomalyMonitor {
  const monitor: SimAnomalyMonitor = {
    MonitorArn: `arn:aws:ce::${state.accountId}:anomalymonitor/${nextUuid(state)}`,
    MonitorName: 'Default-Services-Monitor',
    MonitorType: 'DIMENSIONAL',
    MonitorDimension: 'SERVICE',
    CreationDate: '2025-06-01',
    LastUpdatedDate: '2025-06-01',
  };
  state.costExplorer.monitors.push(monitor);
  return monitor;
}

function azSuffixes(region: string): string[] {
  // Enough for a realistic default VPC: one default subnet per AZ.
  return region === 'us-east-1' ? ['a', 'b', 'c', 'd', 'e', 'f'] : region === 'us-west-1' ? ['a', 'c'] : ['a', 'b', 'c'];
}

/** A region as AWS creates it: EBS encryption off, one default VPC with its IGW, subnets and defaults. */
export function freshRegion(state: SimState, region: string): SimRegion {
  const vpcId = nextResourceId(state, 'vpc');
  const igwId = nextResourceId(state, 'igw');
  const subnets: SimSubnet[] = azSuffixes(region).map((az, i) => ({
    SubnetId: nextResourceId(state, 'subnet'),
    VpcId: vpcId,
    CidrBlock: `172.31.${i * 16}.0/20`,
    AvailabilityZone: `${region}${az}`,
    DefaultForAz: true,
    MapPublicIpOnLaunch: true,
    State: 'available',
  }));
  return {
    ebsEncryptionByDefault: false,
    vpcs: [{ VpcId: vpcId, CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available', OwnerId: state.accountId, DhcpOptionsId: nextResourceId(state, 'dopt'), InstanceTenancy: 'default' }],
    subnets,
    internetGateways: [{ InternetGatewayId: igwId, Attachments: [{ VpcId: vpcId, State: 'available' }] }],
    egressOnlyInternetGateways: [],
    routeTables: [{
      RouteTableId: nextResourceId(state, 'rtb'),
      VpcId: vpcId,
      Associations: [{ RouteTableAssociationId: nextResourceId(state, 'rtbassoc'), Main: true }],
      Routes: [
        { DestinationCidrBlock: '172.31.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId, State: 'active' },
      ],
    }],
    networkAcls: [{ NetworkAclId: nextResourceId(state, 'acl'), VpcId: vpcId, IsDefault: true }],
    securityGroups: [{ GroupId: nextResourceId(state, 'sg'), GroupName: 'default', Description: 'default VPC security group', VpcId: vpcId }],
    networkInterfaces: [],
    vpcEndpoints: [],
    analyzers: [],
    detectors: [],
  };
}

/** A brand-new standalone account: nothing of the checklist done yet. */
export function freshAccountState(options: FreshAccountOptions = {}): SimState {
  const accountId = options.accountId ?? '123456789012';
  const enabled = Math.min(Math.max(options.enabledRegionCount ?? DEFAULT_REGIONS.length, 1), ALL_REGIONS.length);
  const regions: Record<string, RegionStatus> = {};
  ALL_REGIONS.forEach((name, i) => {
    regions[name] = i < DEFAULT_REGIONS.length ? (i < enabled ? 'ENABLED_BY_DEFAULT' : 'DISABLED') : i < enabled ? 'ENABLED' : 'DISABLED';
  });
  const state: SimState = {
    version: 1,
    accountId,
    callerArn: `arn:aws:iam::${accountId}:user/demo-admin`,
    regions,
    account: {
      alternateContacts: {},
      contactInformation: {
        FullName: 'Demo Owner',
        AddressLine1: '1-2-3 Chiyoda',
        City: 'Chiyoda-ku',
        StateOrRegion: 'Tokyo',
        PostalCode: '100-0001',
        CountryCode: 'JP',
        PhoneNumber: '03-1234-5678',
        CompanyName: 'Demo KK',
      },
    },
    iam: { users: {}, groups: {}, roles: {}, summary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } },
    s3control: {},
    regional: {},
    budgets: {},
    costExplorer: { monitors: [], subscriptions: [] },
    nextId: 0x1000,
  };
  for (const user of ['demo-admin', ...(options.users ?? [])]) {
    state.iam.users[user] = {
      UserName: user,
      UserId: nextResourceId(state, 'AIDA', 16).replace('-', '').toUpperCase(),
      Arn: `arn:aws:iam::${accountId}:user/${user}`,
      Path: '/',
      CreateDate: EPOCH,
      groups: [],
    };
  }
  for (const [name, status] of Object.entries(regions)) {
    if (status === 'ENABLED' || status === 'ENABLED_BY_DEFAULT') state.regional[name] = freshRegion(state, name);
  }
  if (options.defaultServicesMonitor) addDefaultServicesMonitor(state);
  return state;
}

// ---- an organization (the management account's state holds it; see organization-state.ts) ----

/** ListAccounts' `State` (the older `Status` field was retired on 2026-09-09: AWS sends `State` only). */
export type SimAccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_ACTIVATION' | 'PENDING_CLOSURE' | 'CLOSED';

export interface SimOrgAccount {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  State: SimAccountState;
  JoinedMethod: 'CREATED' | 'INVITED';
  JoinedTimestamp: string;
  /** The member account itself; absent for the management account (whose state holds this list). */
  member?: SimState;
}

export interface SimOrganization {
  Id: string;
  Arn: string;
  MasterAccountId: string;
  accounts: SimOrgAccount[];
  /** Trusted access (EnableAWSServiceAccess): service principals and when they were enabled. */
  trustedServices?: Array<{ ServicePrincipal: string; DateEnabled: string }>;
  /** RegisterDelegatedAdministrator (or a service's own admin call that registers one). */
  delegatedAdministrators?: Array<{ AccountId: string; ServicePrincipal: string; DelegationEnabledDate: string }>;
  /** GuardDuty's organization settings, per region: the delegated administrator and auto-enable. */
  guardduty?: Record<string, { adminAccountId: string; autoEnable: 'NEW' | 'ALL' | 'NONE' }>;
  /** Security Hub CSPM's organization settings: administrators, central configuration, policies (securityhub-central.ts). */
  securityhub?: SimSecurityHubOrganization;
}
