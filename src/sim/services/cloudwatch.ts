/** CloudWatch in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { CloudWatchServiceException } = loadSdk('cloudwatch');

const cloudwatch: SimService = {
  ServiceException: CloudWatchServiceException,
  handlers: {},
};
export default cloudwatch;
