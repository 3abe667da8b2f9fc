/**
 * What the simulated account holds for AWS Config and Security Hub CSPM, per region. Fields are
 * named as the AWS APIs name them, so handlers can answer with them directly; the lower-case ones
 * are the simulation's own bookkeeping. Optional, so demo state files written before these
 * services were simulated still load.
 */

export interface SimConfigRecorder {
  name: string;
  /** `arn:aws:config:<region>:<account>:configuration-recorder/<name>/<id>`; absent in older demo files. */
  arn?: string;
  roleARN: string;
  /** The Tags PutConfigurationRecorder was created with (ListTagsForResource answers them; later puts cannot change them). */
  tags?: Array<{ Key: string; Value: string }>;
  /** RecordingGroup and RecordingMode as DescribeConfigurationRecorders returns them (lists filled in). */
  recordingGroup?: Record<string, unknown>;
  recordingMode?: Record<string, unknown>;
  recording: boolean;
  lastStatus?: 'Pending' | 'Success' | 'Failure';
  /** ISO times, as the status call's timestamps. */
  lastStartTime?: string;
  lastStopTime?: string;
  lastStatusChangeTime?: string;
}

export interface SimDeliveryChannel {
  name: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  s3KmsKeyArn?: string;
  snsTopicARN?: string;
  configSnapshotDeliveryProperties?: { deliveryFrequency?: string };
}

export interface SimSecurityHub {
  HubArn: string;
  SubscribedAt: string;
  AutoEnableControls: boolean;
  ControlFindingGenerator: 'STANDARD_CONTROL' | 'SECURITY_CONTROL';
  /** Enabled standards subscriptions, as GetEnabledStandards lists them. */
  standards: SimStandardsSubscription[];
  Tags?: Record<string, string>;
  /** Under central configuration: the configuration policy that governs this hub (SELF_MANAGED when none). */
  centralPolicyId?: string;
}

export interface SimStandardsSubscription {
  StandardsArn: string;
  StandardsSubscriptionArn: string;
  StandardsStatus: 'PENDING' | 'READY' | 'FAILED' | 'DELETING' | 'INCOMPLETE';
  StandardsInput?: Record<string, string>;
  StandardsStatusReason?: { StatusReasonCode: string };
  /** Reads of the region's standards left while PENDING or DELETING (the simulation's own clock). */
  readsLeft?: number;
}

export interface SimFindingAggregator {
  FindingAggregatorArn: string;
  FindingAggregationRegion: string;
  RegionLinkingMode: 'ALL_REGIONS' | 'ALL_REGIONS_EXCEPT_SPECIFIED' | 'SPECIFIED_REGIONS' | 'NO_REGIONS';
  Regions?: string[];
}

/** Per region. */
export interface SimComplianceRegion {
  configRecorders?: SimConfigRecorder[];
  deliveryChannels?: SimDeliveryChannel[];
  securityHub?: SimSecurityHub;
  findingAggregators?: SimFindingAggregator[];
  /** AWS Config aggregators (PutConfigurationAggregator), by name. */
  configAggregators?: SimConfigAggregator[];
  /**
   * Standards (the id after `standards/`) AWS has not launched in this region: DescribeStandards
   * leaves them out and BatchEnableStandards refuses them there. A new version reaches regions
   * one by one; tests set this to model a region without it.
   */
  securityHubNotOffered?: string[];
}

/** A Security Hub CSPM configuration policy (central configuration), as GetConfigurationPolicy returns it. */
export interface SimConfigurationPolicy {
  Arn: string;
  Id: string;
  Name: string;
  Description?: string;
  CreatedAt: string;
  UpdatedAt: string;
  ConfigurationPolicy: {
    SecurityHub: {
      ServiceEnabled: boolean;
      EnabledStandardIdentifiers?: string[];
      SecurityControlsConfiguration?: Record<string, unknown>;
    };
  };
  Tags?: Record<string, string>;
}

/** A configuration policy applied to a target (the root, an OU or an account). */
export interface SimPolicyAssociation {
  ConfigurationPolicyId: string;
  TargetId: string;
  TargetType: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  /** Reads left while PENDING (AWS applies a policy to every account and region in a while). */
  readsLeft?: number;
}

/** Security Hub CSPM for the whole organization (kept with the organization, in the management account's state). */
export interface SimSecurityHubOrganization {
  /** The delegated administrator designated in each region (EnableOrganizationAdminAccount is per region). */
  admins: Record<string, string>;
  /** LOCAL unless the administrator turned central configuration on from its home region. */
  configurationType: 'LOCAL' | 'CENTRAL';
  /** Reads of the organization configuration left while central configuration is being turned on (PENDING). */
  pendingReads?: number;
  /** The home region of central configuration (the aggregator's). */
  homeRegion?: string;
  autoEnable: boolean;
  autoEnableStandards: 'DEFAULT' | 'NONE';
  policies: SimConfigurationPolicy[];
  associations: SimPolicyAssociation[];
}

/** An AWS Config aggregator, as DescribeConfigurationAggregators returns it (times as ISO strings). */
export interface SimConfigAggregator {
  ConfigurationAggregatorName: string;
  ConfigurationAggregatorArn: string;
  OrganizationAggregationSource?: { RoleArn: string; AllAwsRegions?: boolean; AwsRegions?: string[] };
  AccountAggregationSources?: Array<Record<string, unknown>>;
  CreationTime: string;
  LastUpdatedTime: string;
  Tags?: Array<{ Key: string; Value: string }>;
}
