/** S3 Control in the simulated account: account-level Block Public Access. */
import { loadSdk } from '../../aws/clients.js';
import { awsCodeError, awsError, type SimRequest, type SimService } from '../service.js';
import type { SimPublicAccessBlock } from '../state.js';

const { NoSuchPublicAccessBlockConfiguration, S3ControlServiceException } = loadSdk('s3control');

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

function checkAccount({ input, state }: SimRequest): void {
  // S3 Control addresses the account through the x-amz-account-id header.
  if (input.AccountId !== state.accountId) {
    throw awsCodeError(s3control, 'AccessDenied', 'Access Denied', 403);
  }
}

const s3control: SimService = {
  ServiceException: S3ControlServiceException,
  handlers: {
    GetPublicAccessBlock: (request: SimRequest) => {
      checkAccount(request);
      const current = request.state.s3control.publicAccessBlock;
      if (!current) {
        throw awsError(NoSuchPublicAccessBlockConfiguration, 'The public access block configuration was not found', 404);
      }
      return { PublicAccessBlockConfiguration: current };
    },
    PutPublicAccessBlock: (request: SimRequest) => {
      checkAccount(request);
      const given = (request.input.PublicAccessBlockConfiguration ?? {}) as Partial<SimPublicAccessBlock>;
      // Omitted flags are stored as false, as S3 does.
      request.state.s3control.publicAccessBlock = Object.fromEntries(FLAGS.map((flag) => [flag, given[flag] === true])) as unknown as SimPublicAccessBlock;
      return {};
    },
    DeletePublicAccessBlock: (request: SimRequest) => {
      checkAccount(request);
      delete request.state.s3control.publicAccessBlock;
      return {};
    },
  },
};
export default s3control;
