/** CloudTrail in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { CloudTrailServiceException } = loadSdk('cloudtrail');

const cloudtrail: SimService = {
  ServiceException: CloudTrailServiceException,
  handlers: {},
};
export default cloudtrail;
