/**
 * AWS Config in the simulated account: the customer managed configuration recorder
 * (`config-recorders.ts`) and the delivery channel (`config-delivery.ts`), one of each per
 * region, and aggregators (`config-aggregators.ts`), with Config's own errors.
 */
import { loadSdk } from '../../aws/clients.js';
import type { SimRequest, SimService } from '../service.js';
import { aggregatorHandlers, aggregatorTags } from './config-aggregators.js';
import { deliveryHandlers } from './config-delivery.js';
import { recorderHandlers } from './config-recorders.js';

const { ConfigServiceServiceException } = loadSdk('config');

const config: SimService = {
  ServiceException: ConfigServiceServiceException,
  handlers: {
    ...recorderHandlers,
    ...deliveryHandlers,
    ...aggregatorHandlers,
    // One ListTagsForResource for every taggable resource here: an aggregator's, else the recorder's.
    ListTagsForResource: (request: SimRequest) => {
      const arn = request.input.ResourceArn;
      const tags = typeof arn === 'string' ? aggregatorTags(request, arn) : undefined;
      return tags ? { Tags: tags } : recorderHandlers.ListTagsForResource(request);
    },
  },
};
export default config;
