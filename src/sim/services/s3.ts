/** S3 in the simulated account: no action is simulated yet (each comes with the step that uses it). */
import { loadSdk } from '../../aws/clients.js';
import type { SimService } from '../service.js';

const { S3ServiceException } = loadSdk('s3');

const s3: SimService = {
  ServiceException: S3ServiceException,
  handlers: {},
};
export default s3;
