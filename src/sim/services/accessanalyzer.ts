/** accessanalyzer in the simulated account. (Handlers are added with the steps that use them.) */
import { AccessAnalyzerServiceException } from '@aws-sdk/client-accessanalyzer';
import type { SimService } from '../account.js';

const accessanalyzer: SimService = {
  ServiceException: AccessAnalyzerServiceException,
  handlers: {},
};
export default accessanalyzer;
