/**
 * aws-config when AWS makes the change and the answer is lost (500, reset, timeout): for each
 * mutating call of apply and undo, in a fresh region and where a recorder and channel are
 * adopted, nothing is doubled, each change has one undo record, and the account ends as a clean
 * run (and a clean undo) leaves it.
 */
import { configBucketStatements } from '../../../steps/config-bucket.js';
import { ACCOUNT, describeLostAnswers, type Scenario } from './aws-config-setup.js';

const config = (action: string) => ({ service: 'config', action, region: 'eu-west-1' }) as const;

const scenarios: Scenario[] = [
  {
    name: 'a fresh region: recorder, channel, recording',
    apply: [config('PutConfigurationRecorder'), config('PutDeliveryChannel'), config('StartConfigurationRecorder')],
    undo: [config('StopConfigurationRecorder'), config('DeleteDeliveryChannel'), config('DeleteConfigurationRecorder')],
  },
  {
    name: 'a stopped recorder recording the wrong things, and a channel to another bucket: adopted, changed, started; undo puts them back',
    start(state) {
      state.iam.roles['config-role'] = {
        RoleName: 'config-role', RoleId: 'AROAEXAMPLE000000002', Arn: `arn:aws:iam::${ACCOUNT}:role/config-role`, Path: '/', CreateDate: '2026-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        inlinePolicies: {}, attachedPolicies: [],
      };
      state.s3Buckets = {
        'old-config-bucket': {
          Name: 'old-config-bucket', Region: 'eu-west-1', CreationDate: '2026-01-01T00:00:00.000Z', encryptionRules: [], Tags: [], objectCount: 3,
          policy: JSON.stringify({ Version: '2012-10-17', Statement: configBucketStatements('aws', 'old-config-bucket', ACCOUNT) }),
        },
      };
      const region = state.regional['eu-west-1']!;
      region.configRecorders = [{
        name: 'theirs', arn: `arn:aws:config:eu-west-1:${ACCOUNT}:configuration-recorder/theirs/x`, roleARN: `arn:aws:iam::${ACCOUNT}:role/config-role`, recording: false,
        recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ['AWS::S3::Bucket'], exclusionByResourceTypes: { resourceTypes: [] }, recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } },
        recordingMode: { recordingFrequency: 'DAILY', recordingModeOverrides: [] },
      }];
      region.deliveryChannels = [{ name: 'theirs', s3BucketName: 'old-config-bucket', configSnapshotDeliveryProperties: { deliveryFrequency: 'Six_Hours' } }];
    },
    apply: [config('PutConfigurationRecorder'), config('PutDeliveryChannel'), config('StartConfigurationRecorder')],
    undo: [config('StopConfigurationRecorder'), config('PutDeliveryChannel'), config('PutConfigurationRecorder')],
  },
];

describeLostAnswers('aws-config: a lost answer after AWS made the change', scenarios);
