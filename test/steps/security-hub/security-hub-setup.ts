/**
 * What the security-hub tests run with: the steps it builds on (config-bucket, then aws-config in
 * every region), as `steps` and `allSteps` for the engine, and what they provide to a plan.
 */
import type { AnyStep, PlanContext } from '../../../src/core/step.js';
import configStep from '../../../steps/aws-config/aws-config.js';
import bucketStep from '../../../steps/config-bucket.js';
import step from '../../../steps/security-hub/security-hub.js';

export { step };

export const ACCOUNT = '123456789012';
export const HOME = 'us-east-1';
export const RECORDER = 'default';

export const STEPS: AnyStep[] = [bucketStep, configStep, step];

/** What config-bucket and aws-config provide to security-hub's plan in any region. */
export const provided = {
  'aws-config': { recorderName: RECORDER },
  'config-bucket': {
    bucketName: `aws-bootstrap-config-${ACCOUNT}-${HOME}`,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    homeRegion: HOME,
  },
};

export const planCtx = (region: string, extra: Partial<PlanContext> = {}): PlanContext => ({ accountId: ACCOUNT, partition: 'aws', region, provided, ...extra });
