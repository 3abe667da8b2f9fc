/** guardduty in the simulated account. (Handlers are added with the steps that use them.) */
import { GuardDutyServiceException } from '@aws-sdk/client-guardduty';
import type { SimService } from '../account.js';

const guardduty: SimService = {
  ServiceException: GuardDutyServiceException,
  handlers: {},
};
export default guardduty;
