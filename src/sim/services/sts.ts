/** STS in the simulated account: who is calling. */
import { loadSdk } from '../../aws/clients.js';
import type { SimRequest, SimService } from '../service.js';

const { STSServiceException } = loadSdk('sts');

const sts: SimService = {
  ServiceException: STSServiceException,
  // STS's regional endpoints answer in every enabled region; the home region is always enabled here.
  global: true,
  handlers: {
    GetCallerIdentity: ({ state }: SimRequest) => ({
      Account: state.accountId,
      Arn: state.callerArn,
      UserId: state.callerArn.endsWith(':root') ? state.accountId : 'AIDADEMOUSER000000001',
    }),
  },
};
export default sts;
