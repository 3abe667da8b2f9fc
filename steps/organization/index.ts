/** The organization-wide steps, in the order `--org` runs them. */
import type { AnyStep } from '../../src/core/step.js';
import organizationAccess from './access.js';
import organizationAccessAnalyzer from './access-analyzer.js';
import organizationContacts from './contacts.js';
import organizationGuardDuty from './guardduty.js';
import organizationSecurityHub from './security-hub.js';
import organizationConfigAggregator from './config-aggregator.js';
import organizationAlertsTopic from './alerts-topic.js';
import organizationFindingsAlerts from './findings-alerts.js';
import organizationAccountJoined from './account-joined.js';
import organizationLogArchive from './log-archive.js';
import organizationTrail from './trail.js';

/**
 * The organization-wide steps (`--org` with organization.securityAccount and
 * organization.logArchiveAccount chosen): run once, before the per-account runs, from the
 * management account. Each names the per-account steps it makes unnecessary (`organization.covers`).
 */
export const organizationSteps: readonly AnyStep[] = [
  organizationAccess,
  organizationContacts,
  organizationGuardDuty,
  organizationSecurityHub,
  organizationAccessAnalyzer,
  organizationLogArchive,
  organizationTrail,
  organizationConfigAggregator,
  organizationAlertsTopic,
  organizationFindingsAlerts,
  organizationAccountJoined,
];
