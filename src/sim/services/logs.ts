/**
 * CloudWatch Logs in the simulated account: log groups (logs-groups.ts, used by the CloudTrail
 * step) and metric filters (logs-metric-filters.ts, used by the alarms step).
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';
import { logGroupHandlers } from './logs-groups.js';
import { metricFilterHandlers } from './logs-metric-filters.js';

const { CloudWatchLogsServiceException } = loadSdk('logs');

const logs: SimService = {
  ServiceException: CloudWatchLogsServiceException,
  handlers: { ...logGroupHandlers, ...metricFilterHandlers },
};
export default logs;
