/** Security Hub CSPM in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { SecurityHubServiceException } = loadSdk('securityhub');

const securityhub: SimService = {
  ServiceException: SecurityHubServiceException,
  handlers: {},
};
export default securityhub;
