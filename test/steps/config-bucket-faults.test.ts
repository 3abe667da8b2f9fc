/**
 * config-bucket when AWS makes the change and the answer is lost (500, reset, timeout), with IAM
 * reads lagging: for each mutating call of apply and undo, nothing is doubled, each change has one
 * undo record, and the account ends as a clean run (and a clean undo) leaves it.
 */
import { describeLostAnswers, BUCKET, type Scenario } from './aws-config/aws-config-setup.js';

const s3 = (action: string) => ({ service: 's3', action }) as const;

const scenarios: Scenario[] = [
  {
    name: 'a fresh account: the bucket and the role are made',
    apply: [s3('CreateBucket'), s3('PutPublicAccessBlock'), s3('PutBucketEncryption'), s3('PutBucketPolicy'), s3('PutBucketLifecycleConfiguration'), { service: 'iam', action: 'CreateServiceLinkedRole' }, { service: 'iam', action: 'TagRole' }],
    undo: [{ service: 'iam', action: 'DeleteServiceLinkedRole' }],
  },
  {
    name: 'our bucket left half done (and the role already there): each setting is put, and put back',
    start(state) {
      state.s3Buckets = { [BUCKET]: { Name: BUCKET, Region: 'us-east-1', CreationDate: '2026-01-01T00:00:00.000Z', ownership: 'ObjectWriter', encryptionRules: [], Tags: [], objectCount: 0 } };
      state.iam.roles.AWSServiceRoleForConfig = {
        RoleName: 'AWSServiceRoleForConfig', RoleId: 'AROAEXAMPLE000000003', Arn: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
        Path: '/aws-service-role/config.amazonaws.com/', CreateDate: '2026-01-01T00:00:00.000Z', MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        inlinePolicies: {}, attachedPolicies: ['arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy'],
      };
    },
    apply: [s3('PutPublicAccessBlock'), s3('PutBucketOwnershipControls'), s3('PutBucketEncryption'), s3('PutBucketPolicy'), s3('PutBucketLifecycleConfiguration')],
    undo: [s3('DeletePublicAccessBlock'), s3('PutBucketOwnershipControls'), s3('DeleteBucketEncryption'), s3('DeleteBucketPolicy'), s3('DeleteBucketLifecycle')],
  },
];

describeLostAnswers('config-bucket: a lost answer after AWS made the change', scenarios);
