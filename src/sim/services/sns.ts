/** SNS in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { SNSServiceException } = loadSdk('sns');

const sns: SimService = {
  ServiceException: SNSServiceException,
  handlers: {},
};
export default sns;
