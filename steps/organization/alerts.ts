/**
 * What the organization's alert steps share, as pure values: the organization topic's policy,
 * the statement of the security account's default event bus policy that lets the organization's
 * accounts put events on it, and the names of the rules and roles they make.
 */
import type { PolicyDocument } from '../shared/topic-policy.js';
import { sameJson } from '../shared/forwarding.js';

/** What ListSubscriptionsByTopic shows instead of an ARN until the address owner clicks the link. */
export const PENDING = 'PendingConfirmation';

/** Our statement's Sid in the security account's default event bus policy (PutPermission's StatementId). */
export const ORGANIZATION_BUS_SID = 'aws-bootstrap-organization-put-events';

/**
 * The organization topic's policy: the security account manages it; CloudWatch alarms of any
 * account of the organization in this region may publish (alarms notify a topic of another
 * account when its policy allows them: `aws:SourceOrgID`); EventBridge rules of the security
 * account may publish (the other accounts' events reach them through its event bus); no
 * plain-HTTP request.
 */
export function organizationTopicPolicy(v: { partition: string; region: string; securityAccount: string; organizationId: string; topicArn: string }): PolicyDocument {
  const manage = ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic'];
  return {
    Version: '2012-10-17',
    Id: 'aws-bootstrap-organization-alerts-topic',
    Statement: [
      { Sid: 'AccountManagesTopic', Effect: 'Allow', Principal: { AWS: `arn:${v.partition}:iam::${v.securityAccount}:root` }, Action: manage, Resource: v.topicArn },
      {
        Sid: 'OrganizationAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: v.topicArn,
        Condition: { StringEquals: { 'aws:SourceOrgID': v.organizationId }, ArnLike: { 'aws:SourceArn': `arn:${v.partition}:cloudwatch:${v.region}:*:alarm:*` } },
      },
      {
        Sid: 'EventBridgeRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: v.topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': v.securityAccount }, ArnLike: { 'aws:SourceArn': `arn:${v.partition}:events:${v.region}:${v.securityAccount}:rule/*` } },
      },
      { Sid: 'DenyPlainHttp', Effect: 'Deny', Principal: '*', Action: ['SNS:Publish', ...manage], Resource: v.topicArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  };
}

/** The statement PutPermission makes of ours, as DescribeEventBus shows it. */
export function organizationBusStatement(partition: string, region: string, securityAccount: string, organizationId: string) {
  return {
    Sid: ORGANIZATION_BUS_SID,
    Effect: 'Allow',
    Principal: '*',
    Action: 'events:PutEvents',
    Resource: `arn:${partition}:events:${region}:${securityAccount}:event-bus/default`,
    Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
  };
}

/** The same statement in meaning (the Resource is the bus it is on either way). */
export function sameBusStatement(found: unknown, wanted: ReturnType<typeof organizationBusStatement>): boolean {
  if (!found || typeof found !== 'object') return false;
  const { Resource: _r, ...rest } = found as Record<string, unknown>;
  const { Resource: _w, ...want } = wanted;
  return sameJson(JSON.stringify(rest), JSON.stringify(want));
}

/** The security account's default event bus in a region: where the other accounts' rules send. */
export const securityBusArn = (partition: string, region: string, securityAccount: string) => `arn:${partition}:events:${region}:${securityAccount}:event-bus/default`;
