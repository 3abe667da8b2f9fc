/**
 * Each alarm pattern of templates/log-alarms.json, run by the simulation's CloudWatch Logs filter
 * evaluator against sample CloudTrail records of the kind it must catch and of the kind it must
 * not. A misspelt event source or name, a dropped clause or a missing event name fails here.
 */
import { describe, expect, it } from 'vitest';
import { ALARM_SPECS } from '../../steps/log-alarms.js';
import { filterPatternMatches, parseFilterPattern } from '../../src/sim/services/logs-filter-patterns.js';

/** A CloudTrail record with the fields the patterns read (an IAM user's API call unless said). */
const event = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.09', eventSource, eventName, eventType: 'AwsApiCall', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.7',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice' },
  ...extra,
});
const names = (source: string, list: readonly string[]) => list.map((name) => event(source, name));
const consoleLogin = (extra: Record<string, unknown>) => event('signin.amazonaws.com', 'ConsoleLogin', { eventType: 'AwsConsoleSignIn', ...extra });

const ORGANIZATIONS_EVENTS = [
  'AcceptHandshake', 'AttachPolicy', 'CancelHandshake', 'CreateAccount', 'CreateOrganization', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
  'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'EnableAllFeatures', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization',
  'DetachPolicy', 'DisablePolicyType', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdateOrganizationalUnit', 'UpdatePolicy',
];

/** By alarm id: records the pattern must catch, and records it must not. */
const SAMPLES: Record<string, { catches: object[]; misses: object[] }> = {
  'root-account-usage': {
    catches: [event('s3.amazonaws.com', 'ListBuckets', { userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' } }), consoleLogin({ userIdentity: { type: 'Root' } })],
    misses: [
      event('s3.amazonaws.com', 'ListBuckets'),
      // Root acting through a service (invokedBy), and AWS's own service events, are not someone using root.
      event('s3.amazonaws.com', 'PutObject', { userIdentity: { type: 'Root', invokedBy: 'cloudtrail.amazonaws.com' } }),
      event('health.amazonaws.com', 'AWSHealthEvent', { eventType: 'AwsServiceEvent', userIdentity: { type: 'Root' } }),
    ],
  },
  'unauthorized-api-calls': {
    catches: [event('ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.UnauthorizedOperation' }), event('s3.amazonaws.com', 'GetObject', { errorCode: 'AccessDenied' }), event('iam.amazonaws.com', 'ListUsers', { errorCode: 'AccessDeniedException' })],
    misses: [event('ec2.amazonaws.com', 'RunInstances'), event('ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.InvalidParameterValue' }), event('s3.amazonaws.com', 'GetObject', { errorCode: 'NoSuchKey' })],
  },
  'console-sign-in-without-mfa': {
    catches: [consoleLogin({ additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } })],
    misses: [
      consoleLogin({ additionalEventData: { MFAUsed: 'Yes' }, responseElements: { ConsoleLogin: 'Success' } }),
      consoleLogin({ additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }),
      consoleLogin({ userIdentity: { type: 'Root' }, additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } }),
    ],
  },
  'iam-policy-changes': {
    catches: names('iam.amazonaws.com', ['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy']),
    misses: names('iam.amazonaws.com', ['GetPolicy', 'ListPolicies', 'CreateUser', 'SetDefaultPolicyVersion']),
  },
  'cloudtrail-changes': {
    catches: names('cloudtrail.amazonaws.com', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
    misses: names('cloudtrail.amazonaws.com', ['DescribeTrails', 'GetTrailStatus', 'LookupEvents']),
  },
  'console-sign-in-failures': {
    catches: [consoleLogin({ errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } })],
    misses: [consoleLogin({ responseElements: { ConsoleLogin: 'Success' } }), event('signin.amazonaws.com', 'CheckMfa', { errorMessage: 'Failed authentication' })],
  },
  'kms-key-disabled-or-deleted': {
    catches: names('kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion']),
    misses: [...names('kms.amazonaws.com', ['EnableKey', 'CancelKeyDeletion', 'Decrypt']), event('cloudhsm.amazonaws.com', 'DisableKey')],
  },
  's3-bucket-policy-changes': {
    catches: names('s3.amazonaws.com', ['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication']),
    misses: [...names('s3.amazonaws.com', ['GetBucketPolicy', 'PutObject', 'CreateBucket']), event('s3-outposts.amazonaws.com', 'PutBucketPolicy')],
  },
  'config-changes': {
    catches: names('config.amazonaws.com', ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder']),
    misses: [...names('config.amazonaws.com', ['StartConfigurationRecorder', 'DescribeConfigurationRecorders', 'PutConfigRule']), event('ec2.amazonaws.com', 'PutConfigurationRecorder')],
  },
  'security-group-changes': {
    catches: names('ec2.amazonaws.com', ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup']),
    misses: names('ec2.amazonaws.com', ['DescribeSecurityGroups', 'RunInstances']),
  },
  'network-acl-changes': {
    catches: names('ec2.amazonaws.com', ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation']),
    misses: names('ec2.amazonaws.com', ['DescribeNetworkAcls', 'CreateSecurityGroup']),
  },
  'network-gateway-changes': {
    catches: names('ec2.amazonaws.com', ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway']),
    misses: names('ec2.amazonaws.com', ['DescribeInternetGateways', 'CreateNatGateway']),
  },
  'route-table-changes': {
    catches: names('ec2.amazonaws.com', ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable']),
    // The CIS v3.0 form checks the event source: another service's call of the same name is not a route table change.
    misses: [...names('ec2.amazonaws.com', ['DescribeRouteTables', 'AssociateRouteTable', 'CreateVpc']), event('networkmanager.amazonaws.com', 'CreateRoute'), event('apigateway.amazonaws.com', 'CreateRoute')],
  },
  'vpc-changes': {
    catches: names('ec2.amazonaws.com', ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink']),
    misses: names('ec2.amazonaws.com', ['DescribeVpcs', 'CreateSubnet']),
  },
  'organizations-changes': {
    catches: names('organizations.amazonaws.com', ORGANIZATIONS_EVENTS),
    misses: [...names('organizations.amazonaws.com', ['DescribeOrganization', 'ListAccounts', 'CreateOrganizationalUnits']), event('iam.amazonaws.com', 'CreatePolicy'), event('iam.amazonaws.com', 'AttachPolicy')],
  },
  'iam-user-created': {
    catches: [event('iam.amazonaws.com', 'CreateUser')],
    misses: [event('iam.amazonaws.com', 'CreateUserProfile'), event('iam.amazonaws.com', 'DeleteUser'), event('identitystore.amazonaws.com', 'CreateUser'), event('sso-directory.amazonaws.com', 'CreateUser')],
  },
  'access-key-created': {
    catches: [event('iam.amazonaws.com', 'CreateAccessKey')],
    misses: [event('iam.amazonaws.com', 'UpdateAccessKey'), event('iam.amazonaws.com', 'ListAccessKeys')],
  },
  'iam-role-changes': {
    catches: names('iam.amazonaws.com', ['CreateRole', 'DeleteRole', 'UpdateRole', 'UpdateAssumeRolePolicy']),
    misses: [...names('iam.amazonaws.com', ['GetRole', 'ListRoles', 'TagRole']), event('sts.amazonaws.com', 'AssumeRole')],
  },
  'assume-role-failures': {
    catches: [
      event('sts.amazonaws.com', 'AssumeRole', { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: sts:AssumeRole' }),
      event('signin.amazonaws.com', 'SwitchRole', { eventType: 'AwsConsoleSignIn', responseElements: { SwitchRole: 'Failure' } }),
    ],
    misses: [
      event('sts.amazonaws.com', 'AssumeRole'),
      event('signin.amazonaws.com', 'SwitchRole', { eventType: 'AwsConsoleSignIn', responseElements: { SwitchRole: 'Success' } }),
      event('sts.amazonaws.com', 'GetCallerIdentity', { errorCode: 'AccessDenied' }),
    ],
  },
};

describe('the CloudWatch Logs filter evaluator of the simulation', () => {
  it('reads the forms the template uses: && and || with brackets, quoted or bare values, * wildcards, NOT EXISTS, !=', () => {
    const e = { a: 'x', b: { c: 'AccessDeniedException' }, n: 3 };
    expect(filterPatternMatches('{ ($.a = x) && (($.b.c = "AccessDenied*") || ($.z = y)) }', e)).toBe(true);
    expect(filterPatternMatches('{ $.a = "x" && $.z NOT EXISTS }', e)).toBe(true);
    expect(filterPatternMatches('{ $.a = x && $.b.c NOT EXISTS }', e)).toBe(false);
    expect(filterPatternMatches('{ $.b.c = "*Exception" }', e)).toBe(true);
    expect(filterPatternMatches('{ $.b.c = "*" }', e)).toBe(true);
    expect(filterPatternMatches('{ $.z = "*" }', e)).toBe(false);
    expect(filterPatternMatches('{ $.a != "y" }', e)).toBe(true);
    // A comparison on a property the event lacks, or on an object, matches nothing.
    expect(filterPatternMatches('{ $.z != "y" }', e)).toBe(false);
    expect(filterPatternMatches('{ $.b = "*" }', e)).toBe(false);
    expect(filterPatternMatches('{ $.n = 3 }', e)).toBe(true);
    // && binds tighter than ||.
    expect(filterPatternMatches('{ $.a = y && $.n = 4 || $.a = x }', e)).toBe(true);
    expect(filterPatternMatches('{ $.a = y && ($.n = 4 || $.a = x) }', e)).toBe(false);
    // Case counts: values are compared exactly.
    expect(filterPatternMatches('{ $.a = X }', e)).toBe(false);
  });

  it('refuses what it does not know rather than guess', () => {
    for (const pattern of ['{ $.a > 3 }', '{ $.a = x', '$.a = x', '{ ($.a = x }', '{ $.a IS NULL }', '{ a = x }', '{ $.a = x } extra']) {
      expect(() => parseFilterPattern(pattern), pattern).toThrow();
    }
  });
});

describe('each alarm pattern against sample CloudTrail records', () => {
  it('has samples for every alarm of the template', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(ALARM_SPECS.map((s) => s.id).sort());
  });

  for (const spec of ALARM_SPECS) {
    it(`${spec.id} (${spec.control}) catches what it must and nothing else`, () => {
      const { catches, misses } = SAMPLES[spec.id]!;
      expect(catches.filter((e) => !filterPatternMatches(spec.filterPattern, e)), 'records it must catch').toEqual([]);
      expect(misses.filter((e) => filterPatternMatches(spec.filterPattern, e)), 'records it must not catch').toEqual([]);
    });
  }

  it('the older published forms still taken as done catch the same records, less what the current form adds', () => {
    for (const spec of ALARM_SPECS) {
      for (const older of spec.olderPatterns) {
        const { catches } = SAMPLES[spec.id]!;
        expect(catches.some((e) => filterPatternMatches(older.filterPattern, e)), spec.id).toBe(true);
      }
    }
  });
});
