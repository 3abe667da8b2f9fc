import { describe, expect, it } from 'vitest';
import { explainSetupFailure } from '../../src/engine/setup.js';
import { withLanguage } from '../../src/i18n/index.js';
import { englishLeft } from '../support/english.js';

const error = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('a run that cannot identify the caller says how to fix it', () => {
  it('no credentials at all', () => {
    expect(explainSetupFailure(error('CredentialsProviderError', 'Could not load credentials from any providers'))).toMatch(/No AWS credentials were found.*--profile.*aws sso login.*--demo/);
  });
  it('an expired SSO session', () => {
    const sso = error('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.');
    expect(explainSetupFailure(sso)).toMatch(/SSO session has expired.*aws sso login/);
  });
  it('expired temporary credentials', () => {
    expect(explainSetupFailure(error('ExpiredToken', 'The security token included in the request is expired'))).toMatch(/credentials have expired/);
  });
  it('keys AWS does not recognise', () => {
    expect(explainSetupFailure(error('InvalidClientTokenId', 'The security token included in the request is invalid.'))).toMatch(/AWS rejected the credentials \(InvalidClientTokenId/);
  });
  it('anything else names the call and what to check', () => {
    expect(explainSetupFailure(error('NetworkingError', 'connect ETIMEDOUT 1.2.3.4:443'))).toMatch(/sts:GetCallerIdentity.*network, region \(--region\) and credentials/);
  });
});

describe('the same explanations in Japanese', () => {
  it('says how to fix it, with the commands and flags as they are typed', () => {
    const ja = (e: Error) => withLanguage('ja', () => explainSetupFailure(e));
    expect(ja(error('CredentialsProviderError', 'Could not load credentials from any providers'))).toMatch(/^AWS の認証情報が見つかりませんでした。--profile.*`aws sso login`.*--demo/);
    expect(ja(error('ExpiredToken', 'The security token included in the request is expired'))).toMatch(/^AWS の認証情報の有効期限が切れています \(ExpiredToken\)/);
    const rejected = ja(error('InvalidClientTokenId', 'invalid'));
    expect(rejected).toMatch(/^AWS が認証情報を拒否しました \(InvalidClientTokenId: invalid\)/);
    const network = ja(error('NetworkingError', 'connect ETIMEDOUT 1.2.3.4:443'));
    expect(network).toMatch(/sts:GetCallerIdentity で呼び出し元を特定できませんでした.*--region/);
    // AWS's own message is a value, quoted as it came; the rest is Japanese.
    for (const text of [rejected, network.replace('connect ETIMEDOUT', '')]) expect(englishLeft(text)).toEqual([]);
  });
});
