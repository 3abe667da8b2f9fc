/** costexplorer in the simulated account. (Handlers are added with the steps that use them.) */
import { CostExplorerServiceException } from '@aws-sdk/client-cost-explorer';
import type { SimService } from '../account.js';

const costexplorer: SimService = {
  ServiceException: CostExplorerServiceException,
  handlers: {},
};
export default costexplorer;
