/** The checklist, in the order the wizard walks it. */
import type { AnyStep } from '../src/core/step.js';
import accessAnalyzer from './access-analyzer.js';
import adminGroupAndRole from './admin-group-and-role/admin-group-and-role.js';
import alertsTopic from './alerts-topic/alerts-topic.js';
import alternateContacts from './alternate-contacts.js';
import awsConfig from './aws-config/aws-config.js';
import cloudtrail from './cloudtrail/cloudtrail.js';
import configBucket from './config-bucket.js';
import costAnomalyDetection from './cost-anomaly-detection.js';
import defaultVpcs from './default-vpcs.js';
import findingsAlerts from './findings-alerts/findings-alerts.js';
import ebsEncryptionByDefault from './ebs-encryption-by-default.js';
import guardduty from './guardduty.js';
import healthNotifications from './health-notifications/health-notifications.js';
import iamAccessKeys from './iam-access-keys.js';
import iamPasswordPolicy from './iam-password-policy.js';
import iamUsersMfa from './iam-users-mfa.js';
import logAlarms from './log-alarms.js';
import monthlyBudget from './monthly-budget/monthly-budget.js';
import openSecurityGroups from './open-security-groups.js';
import publicS3Buckets from './public-s3-buckets.js';
import rootAccountSecurity from './root-account-security.js';
import rootContactPhone from './root-contact-phone.js';
import s3BlockPublicAccess from './s3-block-public-access.js';
import securityHub from './security-hub/security-hub.js';
import unusedIamRoles from './unused-iam-roles.js';

export const checklist: readonly AnyStep[] = [
  alternateContacts,
  rootContactPhone,
  iamPasswordPolicy,
  adminGroupAndRole,
  rootAccountSecurity,
  // The account as it is (read-only checks): who can sign in and with what, what is open to the internet.
  iamUsersMfa,
  iamAccessKeys,
  unusedIamRoles,
  ebsEncryptionByDefault,
  s3BlockPublicAccess,
  publicS3Buckets,
  openSecurityGroups,
  accessAnalyzer,
  guardduty,
  defaultVpcs,
  monthlyBudget,
  costAnomalyDetection,
  alertsTopic,
  cloudtrail,
  logAlarms,
  healthNotifications,
  configBucket,
  awsConfig,
  securityHub,
  findingsAlerts,
];

/**
 * The organization-wide steps (`--org`), loaded only by the commands that use them: a run of one
 * account never reads or parses their code.
 */
export async function loadOrganizationSteps(): Promise<readonly AnyStep[]> {
  return (await import('./organization/index.js')).organizationSteps;
}
