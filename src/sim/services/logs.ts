/** CloudWatch Logs in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { CloudWatchLogsServiceException } = loadSdk('logs');

const logs: SimService = {
  ServiceException: CloudWatchLogsServiceException,
  handlers: {},
};
export default logs;
