/**
 * A failed AWS call explained in both languages: the call, its region, AWS's own code and
 * message (as AWS sent them), and what to do. The language changes only the words around them.
 */
import { describe, expect, it } from 'vitest';
import { explain, explainFailure, tagCallSite, withDoneSoFar } from '../../src/aws/errors.js';
import { InputError } from '../../src/core/errors.js';
import { withLanguage } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';

/** An SDK-shaped error: its name is the code, with an HTTP status. */
const awsError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

const site = { action: 'guardduty:CreateDetector', region: 'eu-west-1' };
const kinds = {
  'access-denied': awsError('AccessDeniedException', 'User is not authorized to perform: guardduty:CreateDetector', 403),
  'region-not-enabled': awsError('UnrecognizedClientException', 'The security token included in the request is invalid', 400),
  throttled: awsError('ThrottlingException', 'Rate exceeded', 400),
  timeout: awsError('TimeoutError', 'socket hang up', 0),
  server: awsError('InternalServerErrorException', 'Internal error', 500),
  conflict: awsError('ConflictException', 'The detector is in use', 409),
  invalid: awsError('ValidationException', 'Bad value', 400),
  other: awsError('SomethingElse', 'Odd', 400),
};

describe('explain in English (as before)', () => {
  it('says the call, the region, the code and message, and what to do', () => {
    expect(explain(kinds['access-denied'], site)).toBe(
      'guardduty:CreateDetector in eu-west-1 failed: AccessDeniedException: User is not authorized to perform: guardduty:CreateDetector. The caller is not allowed to do this; grant guardduty:CreateDetector (or check for a service control policy that denies it) and run again.',
    );
    expect(explain(kinds.throttled, site)).toBe('guardduty:CreateDetector in eu-west-1 failed: ThrottlingException: Rate exceeded. AWS kept throttling the call after every retry; run again later or lower --concurrency.');
    expect(explain(kinds.other, site)).toBe('guardduty:CreateDetector in eu-west-1 failed: SomethingElse: Odd.');
    expect(explain(kinds.other)).toBe('SomethingElse: Odd.');
    expect(explain(kinds['access-denied'], { region: 'us-east-1' })).toBe(
      'in us-east-1 failed: AccessDeniedException: User is not authorized to perform: guardduty:CreateDetector. The caller is not allowed to do this (or check for a service control policy that denies it) and run again.',
    );
  });

  it('a change that failed half way says what was done before', () => {
    const error = withDoneSoFar(kinds.server, ['s3:CreateBucket', 's3:PutBucketPolicy']);
    tagCallSite(error, { action: 's3:PutBucketVersioning', region: 'us-east-1' });
    expect(explainFailure(error, 'eu-west-1')).toMatch(/^s3:PutBucketVersioning in us-east-1 failed: .* Already done before the failure: s3:CreateBucket, s3:PutBucketPolicy; running again finishes the rest\.$/);
  });
});

describe('explain in Japanese', () => {
  const ja = <T>(body: () => T) => withLanguage('ja', body);

  it('every kind of failure: the call, region, code and message stay as they are, the rest is Japanese', () => {
    for (const [kind, error] of Object.entries(kinds)) {
      const text = ja(() => explain(error, site));
      expect(text, kind).toMatch(new RegExp(`^guardduty:CreateDetector \\(eu-west-1\\) が失敗しました: ${error.name}: ${error.message}。`));
      // AWS's own message is data; the rest must be Japanese.
      expect(englishLeft(text.replace(error.message, '')), kind).toEqual([]);
    }
    expect(ja(() => explain(kinds['access-denied'], site))).toBe(
      'guardduty:CreateDetector (eu-west-1) が失敗しました: AccessDeniedException: User is not authorized to perform: guardduty:CreateDetector。呼び出し元にはこの操作が許可されていません。guardduty:CreateDetector を許可して (またはそれを拒否するサービスコントロールポリシー (SCP) がないか確認して) から、もう一度実行してください。',
    );
    expect(ja(() => explain(kinds['region-not-enabled'], site))).toContain('このアカウントではこのリージョンが有効になっていない可能性があります。アカウント設定でリージョンを有効にするか、--regions でこのリージョンを外してください。');
    expect(ja(() => explain(kinds.throttled, site))).toContain('時間をおいてもう一度実行するか、--concurrency を下げてください。');
    expect(ja(() => explain(kinds.conflict, site))).toContain('--skip でこのステップを外してください。');
    expect(ja(() => explain(kinds.other))).toBe('SomethingElse: Odd。');
    expect(ja(() => explain(kinds.other, { region: 'us-east-1' }))).toBe('us-east-1 で呼び出しが失敗しました: SomethingElse: Odd。');
  });

  it('what was done before a failure half way, and our own input errors as they are', () => {
    const error = withDoneSoFar(kinds.timeout, ['s3:CreateBucket']);
    tagCallSite(error, { action: 's3:PutBucketVersioning', region: 'us-east-1' });
    const text = ja(() => explainFailure(error, 'eu-west-1'));
    expect(text).toMatch(/^s3:PutBucketVersioning \(us-east-1\) が失敗しました: .*。再試行しても AWS から正しい応答がありませんでした。.*失敗の前に完了していたもの: s3:CreateBucket。もう一度実行すると残りが完了します。$/);
    expect(ja(() => explainFailure(new InputError('入力が正しくありません'), 'eu-west-1'))).toBe('入力が正しくありません');
  });

  it('the English text comes back after withLanguage', () => {
    ja(() => explain(kinds.other, site));
    expect(explain(kinds.other, site)).toBe('guardduty:CreateDetector in eu-west-1 failed: SomethingElse: Odd.');
  });
});
