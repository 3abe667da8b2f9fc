/**
 * AWS Config in the simulated account: the customer managed configuration recorder
 * (`config-recorders.ts`) and the delivery channel (`config-delivery.ts`), one of each per
 * region, with Config's own errors.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';
import { deliveryHandlers } from './config-delivery.js';
import { recorderHandlers } from './config-recorders.js';

const { ConfigServiceServiceException } = loadSdk('config');

const config: SimService = {
  ServiceException: ConfigServiceServiceException,
  handlers: { ...recorderHandlers, ...deliveryHandlers },
};
export default config;
