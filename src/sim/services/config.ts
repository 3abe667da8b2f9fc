/** AWS Config in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { ConfigServiceServiceException } = loadSdk('config');

const config: SimService = {
  ServiceException: ConfigServiceServiceException,
  handlers: {},
};
export default config;
