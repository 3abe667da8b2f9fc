/** EventBridge in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { EventBridgeServiceException } = loadSdk('events');

const events: SimService = {
  ServiceException: EventBridgeServiceException,
  handlers: {},
};
export default events;
