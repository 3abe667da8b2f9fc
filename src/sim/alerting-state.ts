/**
 * What the simulated account holds for logging and alerting: SNS topics, CloudTrail trails, S3
 * buckets, CloudWatch Logs groups and metric filters, CloudWatch alarms and EventBridge rules.
 * Fields are named as the AWS APIs name them, so handlers can answer with them directly; the
 * lower-case ones are the simulation's own bookkeeping. Every collection is optional, so demo
 * state files written before these services were simulated still load.
 */

/** A tag as most of these APIs take and return it. */
export interface SimTag {
  Key: string;
  Value: string;
}

export interface SimSnsSubscription {
  /** `PendingConfirmation` until the address owner confirms (as ListSubscriptionsByTopic shows it). */
  SubscriptionArn: string;
  Protocol: string;
  Endpoint: string;
  Owner: string;
  TopicArn: string;
  /** The ARN it gets once confirmed. */
  arnWhenConfirmed: string;
  confirmed: boolean;
}

export interface SimSnsTopic {
  TopicArn: string;
  /** GetTopicAttributes' map: Policy, DisplayName, KmsMasterKeyId, … (strings, as SNS keeps them). */
  Attributes: Record<string, string>;
  Tags: SimTag[];
  subscriptions: SimSnsSubscription[];
  /** Simulation only: the messages published to it (by alarms and EventBridge rules, see event-delivery.ts). */
  published?: Array<{ Message: string; by: string }>;
}

export interface SimTrail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  IncludeGlobalServiceEvents: boolean;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail: boolean;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  /** Basic event selectors (GetEventSelectors); absent means the default: all management events. */
  EventSelectors?: Array<{ ReadWriteType: 'ReadOnly' | 'WriteOnly' | 'All'; IncludeManagementEvents: boolean; DataResources?: unknown[]; ExcludeManagementEventSources?: string[] }>;
  /** Advanced event selectors, set instead of basic ones (a trail has one kind or the other). */
  AdvancedEventSelectors?: Array<{ Name?: string; FieldSelectors: Array<{ Field: string; Equals?: string[]; NotEquals?: string[]; StartsWith?: string[]; NotStartsWith?: string[]; EndsWith?: string[]; NotEndsWith?: string[] }> }>;
  Tags: SimTag[];
  isLogging: boolean;
}

export interface SimBucket {
  Name: string;
  /** Where it was created (GetBucketLocation answers null for us-east-1). */
  Region: string;
  CreationDate: string;
  policy?: string;
  publicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
  /** ObjectOwnership of the one ownership-controls rule. */
  ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  /** ServerSideEncryptionConfiguration rules; new buckets get SSE-S3 by default, as on AWS since 2023. */
  encryptionRules: unknown[];
  lifecycleRules?: unknown[];
  Tags: SimTag[];
  /** Objects it holds (log files delivered); a bucket with objects cannot be deleted. */
  objectCount: number;
  /** Grants besides the owner's FULL_CONTROL (absent: none, as in a new bucket). */
  aclGrants?: Array<{ Grantee: { Type: 'Group'; URI: string } | { Type: 'CanonicalUser'; ID: string }; Permission: 'FULL_CONTROL' | 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' }>;
}

export interface SimMetricFilter {
  filterName: string;
  filterPattern: string;
  logGroupName: string;
  metricTransformations: Array<{ metricName: string; metricNamespace: string; metricValue: string; defaultValue?: number; dimensions?: Record<string, string>; unit?: string }>;
  creationTime: number;
}

export interface SimLogGroup {
  logGroupName: string;
  /** Ends in `:*`, as DescribeLogGroups shows it (CloudTrail wants this form). */
  arn: string;
  creationTime: number;
  retentionInDays?: number;
  storedBytes: number;
  tags: Record<string, string>;
}

export interface SimAlarm {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  AlarmActions: string[];
  OKActions: string[];
  InsufficientDataActions: string[];
  MetricName: string;
  Namespace: string;
  /** One of Statistic and ExtendedStatistic (a percentile such as p90) is set. */
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  Unit?: string;
  Period: number;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  StateReason: string;
  /** ISO times, as DescribeAlarms' timestamps. */
  StateUpdatedTimestamp: string;
  AlarmConfigurationUpdatedTimestamp: string;
  Tags: SimTag[];
}

export interface SimEventTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
}

export interface SimEventRule {
  Name: string;
  Arn: string;
  EventBusName: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  Description?: string;
  RoleArn?: string;
  ManagedBy?: string;
  Tags: SimTag[];
  targets: SimEventTarget[];
  /** Another writer holds the rule for this many target writes: each fails per entry (FailedEntries). */
  concurrentWriters?: number;
}

/** Per region. */
export interface SimAlertingRegion {
  snsTopics?: SimSnsTopic[];
  trails?: SimTrail[];
  logGroups?: SimLogGroup[];
  metricFilters?: SimMetricFilter[];
  alarms?: SimAlarm[];
  eventRules?: SimEventRule[];
  /** The default event bus's resource policy (PutPermission), as DescribeEventBus shows it. */
  eventBusPolicy?: string;
}

/** Account-wide (bucket names are global). */
export interface SimAlertingAccount {
  s3Buckets?: Record<string, SimBucket>;
  /** Bucket names other AWS accounts own (CreateBucket answers BucketAlreadyExists). */
  bucketNamesTakenElsewhere?: string[];
  /**
   * Simulation only: roles IAM created moments ago, by ARN, with how many more times a service
   * handed one (CloudTrail for Logs delivery) still refuses it. IAM takes seconds to spread a
   * new role; counted, not timed, so tests are deterministic.
   */
  spreadingRoles?: Record<string, number>;
  /**
   * Simulation only: roles trusted by a service whose inline policy was put moments ago, by ARN,
   * with how many more times CloudTrail still refuses to deliver with them. Until IAM has spread
   * the policy, CloudTrail answers InvalidCloudWatchLogsLogGroupArnException ("Access denied"),
   * as it does on AWS.
   */
  spreadingRolePolicies?: Record<string, number>;
}
