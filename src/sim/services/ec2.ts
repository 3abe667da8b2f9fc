/** ec2 in the simulated account. (Handlers are added with the steps that use them.) */
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import type { SimService } from '../account.js';

const ec2: SimService = {
  ServiceException: EC2ServiceException,
  handlers: {},
};
export default ec2;
