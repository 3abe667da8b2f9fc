import { describe, expect, it } from 'vitest';
import { alertsTopicPolicy, reviewTopicPolicy, samePolicy, type PolicyDocument, type PolicyStatement } from '../../../steps/shared/topic-policy.js';
import { withLanguage } from '../../../src/i18n/index.js';

const ACCOUNT = '123456789012';
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:aws-bootstrap-alerts`;
const wanted = alertsTopicPolicy({ partition: 'aws', accountId: ACCOUNT, region: 'eu-west-1', topicArn: TOPIC });
const text = (document: PolicyDocument | { Statement: unknown[] }) => JSON.stringify(document);
const review = (document: PolicyDocument | { Statement: unknown[] } | string) => reviewTopicPolicy(typeof document === 'string' ? document : text(document), wanted, ACCOUNT);
const statement = (sid: string) => wanted.Statement.find((s) => s.Sid === sid)!;
const sids = (document: PolicyDocument) => document.Statement.map((s) => s.Sid);

/** The policy SNS gives a new topic. */
const snsDefault: PolicyStatement = {
  Sid: '__default_statement_ID',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
  Resource: TOPIC,
  Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
};
const ALL_MISSING = ['CloudWatch alarms of this account may not publish', 'EventBridge rules of this account may not publish', 'plain-HTTP requests are not denied'];

describe('the alerts topic policy', () => {
  it('lets only this account\'s CloudWatch alarms and EventBridge rules in this region publish, and denies plain HTTP', () => {
    expect(JSON.stringify(wanted)).not.toContain('{{');
    expect(statement('CloudWatchAlarmsPublish')).toEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'SNS:Publish',
      Resource: TOPIC,
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:*` } },
    });
    expect(statement('EventBridgeRulesPublish')).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${ACCOUNT}:rule/*` } } });
    expect(statement('DenyPlainHttp')).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(statement('DenyPlainHttp').Action).toContain('SNS:Publish');
    // The account keeps managing the topic, but publishing is not granted to it by this policy.
    expect(statement('AccountManagesTopic')).toMatchObject({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } });
    expect(statement('AccountManagesTopic').Action).not.toContain('SNS:Publish');
  });

  it('is compliant as written, and when spelled differently but meaning the same (compliant)', () => {
    expect(review(wanted)).toMatchObject({ missing: [], outsidePublishers: [] });
    const respelled = {
      Version: '2008-10-17',
      Statement: [...wanted.Statement].reverse().map((s, i) => ({
        ...s,
        Sid: `S${i}`,
        Action: [s.Action].flat().map((a) => String(a).toLowerCase()),
        ...(s.Condition?.StringEquals ? { Condition: { ...s.Condition, StringEquals: { 'AWS:SOURCEACCOUNT': [ACCOUNT] } } } : {}),
        ...(s.Sid === 'AccountManagesTopic' ? { Principal: { AWS: ACCOUNT } } : {}),
      })),
    };
    expect(review(respelled)).toMatchObject({ missing: [], outsidePublishers: [] });
    expect(samePolicy(text(respelled), text(wanted))).toBe(true);
    expect(samePolicy(text({ Statement: [snsDefault] }), text(wanted))).toBe(false);
  });

  it('adds what SNS\'s default policy lacks and keeps the account\'s own rights (noncompliant)', () => {
    const result = review({ Version: '2008-10-17', Id: '__default_policy_ID', Statement: [snsDefault] });
    expect(result.missing).toEqual(ALL_MISSING);
    expect(result.outsidePublishers).toEqual([]);
    expect(result.fixed).toMatchObject({ Version: '2008-10-17', Id: '__default_policy_ID' });
    expect(sids(result.fixed)).toEqual(['__default_statement_ID', 'CloudWatchAlarmsPublish', 'EventBridgeRulesPublish', 'DenyPlainHttp']);
    expect(review(result.fixed)).toMatchObject({ missing: [], outsidePublishers: [] });
  });

  it('removes statements that let anyone outside this account publish, and names them (noncompliant)', () => {
    const publish = (Sid: string, Principal: unknown, Condition?: PolicyStatement['Condition']): PolicyStatement => ({ Sid, Effect: 'Allow', Principal, Action: 'sns:Publish', Resource: TOPIC, ...(Condition ? { Condition } : {}) });
    const result = review({
      Statement: [
        ...wanted.Statement,
        publish('Public', '*'),
        publish('S3Events', { Service: 's3.amazonaws.com' }),
        publish('AnyAccountsAlarms', { Service: 'cloudwatch.amazonaws.com' }),
        publish('Partner', { AWS: 'arn:aws:iam::210987654321:root' }),
        { Sid: 'Everything', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:*', Resource: TOPIC, Condition: { StringEquals: { 'aws:SourceAccount': '210987654321' } } },
        // Held to this account: left alone.
        publish('OwnRole', { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }),
        publish('OwnAccount', { AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }),
        { Sid: 'SubscribeOnly', Effect: 'Allow', Principal: '*', Action: 'SNS:Subscribe', Resource: TOPIC },
      ],
    });
    expect(result.missing).toEqual([]);
    expect(result.outsidePublishers).toEqual([
      '"Public" lets anyone publish',
      '"S3Events" lets s3.amazonaws.com publish',
      '"AnyAccountsAlarms" lets cloudwatch.amazonaws.com on behalf of any account publish',
      '"Partner" lets account 210987654321 publish',
      '"Everything" lets anyone publish',
    ]);
    expect(sids(result.fixed)).toEqual([...sids(wanted), 'OwnRole', 'OwnAccount', 'SubscribeOnly']);
  });

  it('replaces a required statement edited under its own Sid, so the Sid stays unique', () => {
    const loosened = { ...statement('EventBridgeRulesPublish'), Condition: { StringEquals: { 'aws:SourceAccount': '210987654321' } } };
    const result = review({ Statement: wanted.Statement.map((s) => (s.Sid === 'EventBridgeRulesPublish' ? loosened : s)) });
    expect(result.missing).toEqual(['EventBridge rules of this account may not publish']);
    expect(result.outsidePublishers).toEqual(['"EventBridgeRulesPublish" lets events.amazonaws.com on behalf of any account publish']);
    expect(result.fixed.Statement.filter((s) => s.Sid === 'EventBridgeRulesPublish')).toEqual([statement('EventBridgeRulesPublish')]);
  });

  it('replaces a policy it cannot read by the wanted one', () => {
    expect(review('not json')).toEqual({ missing: ALL_MISSING, outsidePublishers: [], fixed: wanted });
  });

  it('says what a policy lacks and who else may publish in Japanese, judging it the same way', () => {
    const publish = (Sid: string | undefined, Principal: unknown): PolicyStatement => ({ ...(Sid ? { Sid } : {}), Effect: 'Allow', Principal, Action: 'sns:Publish', Resource: TOPIC });
    const document = {
      Statement: [
        publish('Public', '*'),
        publish('AnyAccountsAlarms', { Service: 'cloudwatch.amazonaws.com' }),
        publish(undefined, { AWS: '210987654321' }),
        { Sid: 'AllBut', Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sns:Publish', Resource: TOPIC },
      ],
    };
    const ja = withLanguage('ja', () => review(document));
    expect(ja.missing).toEqual(['このアカウントの CloudWatch アラームが発行できない', 'このアカウントの EventBridge ルールが発行できない', 'HTTP (非 HTTPS) のリクエストが拒否されない']);
    expect(ja.outsidePublishers).toEqual([
      'ステートメント「Public」が発行を許可している相手: 誰でも',
      'ステートメント「AnyAccountsAlarms」が発行を許可している相手: 任意のアカウントに代わって発行する cloudwatch.amazonaws.com',
      'あるステートメントが発行を許可している相手: アカウント 210987654321',
      'ステートメント「AllBut」が発行を許可している相手: ステートメントで指定したプリンシパル以外の全員',
    ]);
    expect(ja.fixed).toEqual(review(document).fixed);
  });
});
