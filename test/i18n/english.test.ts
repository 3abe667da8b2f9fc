/** The heuristic other tests use to find English left in Japanese output (test/support/english.ts). */
import { describe, expect, it } from 'vitest';
import { englishLeft } from '../support/english.js';

describe('englishLeft', () => {
  it('finds runs of two or more English words', () => {
    expect(englishLeft('Turn on EBS encryption by default')).toEqual(['Turn on', 'encryption by default']);
    expect(englishLeft('GuardDuty の detector を作成 root user です')).toEqual(['root user']);
    expect(englishLeft('Note: this is English. まだ')).toEqual(['this is English']);
    // A key and its value are two runs: a policy's "Effect: Allow" is not a sentence.
    expect(englishLeft('Effect: Allow')).toEqual([]);
    expect(englishLeft('\u001b[32m✓ 変更済み\u001b[39m  英語 would change')).toEqual(['would change']);
  });

  it('leaves Japanese with AWS names, ids, values, API actions, flags, paths and quoted text alone', () => {
    for (const text of [
      'EBS のデフォルト暗号化を有効にする',
      'Security Hub CSPM を有効にする (AWS Config が必要です)',
      'IAM Access Analyzer のアナライザーと CloudWatch Logs のロググループ',
      '`npx aws-bootstrap undo --yes` を実行してください',
      'ec2:DescribeRegions と iam:TagRole の権限が必要です',
      'arn:aws:iam::123456789012:role/aws-bootstrap-admin を作成',
      'タグ aws-bootstrap:managed=true, aws-bootstrap:run=abc を付ける',
      '"Delete me now" という名前',
      'us-east-1, eu-west-1 で',
      'alerts-topic, monthly-budget が必要',
      'https://console.aws.amazon.com/securityhub/home?region=us-east-1 を開く',
      'security@example.com に送信',
      'MFA を有効にする',
      '--skip <ステップ ID> で外す',
    ]) {
      expect(englishLeft(text), text).toEqual([]);
    }
  });

  it('takes further names to allow', () => {
    expect(englishLeft('Finance lead に送信')).toEqual(['Finance lead']);
    expect(englishLeft('Finance lead に送信', ['Finance lead'])).toEqual([]);
  });
});
