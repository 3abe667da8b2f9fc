/**
 * "Absent" and "empty" compare the same wherever the wizard compares what AWS answered: AWS leaves
 * out a list or map that has nothing, where the Query protocol or an AWS-compatible endpoint may
 * answer `[]` or `{}`.
 */
import { describe, expect, it } from 'vitest';
import { hasItems, withoutEmpty } from '../../src/aws/paginate.js';
import { policyHas, sameJson } from '../../steps/shared/log-bucket.js';
import { sameJson as sameJsonText, samePolicyDocument } from '../../steps/shared/forwarding.js';
import { samePolicy } from '../../steps/shared/topic-policy.js';

describe('absent and empty alike', () => {
  it('hasItems: a list or map with something in it', () => {
    expect([undefined, null, [], {}].map(hasItems)).toEqual([false, false, false, false]);
    expect([[0], { a: undefined }].map(hasItems)).toEqual([true, true]);
  });

  it('withoutEmpty leaves out empty lists and maps at any depth, and nothing else', () => {
    expect(withoutEmpty({ a: [], b: {}, c: { d: [], e: 0, f: '' }, g: [{ h: [] }], i: undefined, j: false })).toEqual({ c: { e: 0, f: '' }, g: [{}], j: false });
  });

  it('policy statements: an empty Condition or a list of nothing is no condition', () => {
    const wanted = { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::b' };
    expect(sameJson({ ...wanted, Condition: {} }, wanted)).toBe(true);
    expect(sameJson({ ...wanted, NotAction: [] }, wanted)).toBe(true);
    expect(policyHas(JSON.stringify({ Version: '2012-10-17', Statement: [{ ...wanted, Condition: {} }] }), [wanted])).toBe(true);
    expect(sameJson({ ...wanted, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }, wanted)).toBe(false);
  });

  it('role and topic policy documents and event patterns read back as text', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] };
    const withEmpty = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*', Condition: {} }] };
    expect(samePolicyDocument(JSON.stringify(withEmpty), JSON.stringify(document))).toBe(true);
    expect(sameJsonText('{"Statement":[{"Effect":"Allow","Condition":{}}]}', '{"Statement":[{"Effect":"Allow"}]}')).toBe(true);
    expect(sameJsonText('{"source":["aws.health"]}', '{"source":["aws.guardduty"]}')).toBe(false);
    const topic = { Sid: 'alarms', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:t' };
    expect(samePolicy(JSON.stringify({ Statement: [{ ...topic, Condition: {}, NotResource: [] }] }), JSON.stringify({ Statement: [topic] }))).toBe(true);
  });
});
