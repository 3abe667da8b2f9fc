/**
 * Security Hub CSPM in the simulated account: the hub (securityhub-hub.ts), its standards
 * (securityhub-standards.ts) and the finding aggregator (securityhub-aggregators.ts).
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';
import { aggregatorHandlers } from './securityhub-aggregators.js';
import { hubHandlers } from './securityhub-hub.js';
import { standardsHandlers } from './securityhub-standards.js';

const { SecurityHubServiceException } = loadSdk('securityhub');

const securityhub: SimService = {
  ServiceException: SecurityHubServiceException,
  handlers: { ...hubHandlers, ...standardsHandlers, ...aggregatorHandlers },
};
export default securityhub;
