/** The read-only user checks' tests: the credential report polled without waiting (the simulation has it ready at once or never). */
import { afterEach, beforeEach } from 'vitest';
import { credentialReportWait } from '../../steps/shared/credential-report.js';

export const planCtx = { accountId: '123456789012', partition: 'aws', region: 'us-east-1' };

/** In this file's tests, every poll of the credential report comes without a wait (four polls). */
export function pollWithoutWaiting(): void {
  const saved = credentialReportWait.delaysMs;
  beforeEach(() => {
    credentialReportWait.delaysMs = [0, 0, 0, 0];
  });
  afterEach(() => {
    credentialReportWait.delaysMs = saved;
  });
}
