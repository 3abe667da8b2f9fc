/** budgets in the simulated account. (Handlers are added with the steps that use them.) */
import { BudgetsServiceException } from '@aws-sdk/client-budgets';
import type { SimService } from '../account.js';

const budgets: SimService = {
  ServiceException: BudgetsServiceException,
  handlers: {},
};
export default budgets;
