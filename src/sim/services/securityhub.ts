/**
 * Security Hub CSPM in the simulated account: the hub (securityhub-hub.ts), its standards
 * (securityhub-standards.ts), the finding aggregator (securityhub-aggregators.ts) and the
 * organization's calls (securityhub-organization.ts).
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';
import { aggregatorHandlers } from './securityhub-aggregators.js';
import { hubHandlers } from './securityhub-hub.js';
import { organizationHandlers } from './securityhub-organization.js';
import { standardsHandlers } from './securityhub-standards.js';

const { SecurityHubServiceException } = loadSdk('securityhub');

const securityhub: SimService = {
  ServiceException: SecurityHubServiceException,
  handlers: { ...hubHandlers, ...standardsHandlers, ...aggregatorHandlers, ...organizationHandlers },
};
export default securityhub;
