/**
 * Classifies AWS errors and turns them into sentences a person can act on: which region,
 * which API action, and what to do. Never includes credentials or request signatures.
 */
import { InputError } from '../core/errors.js';
import { texts } from '../i18n/index.js';

const en = {
  /** The failed call and where, then AWS's code and message (`detail`), then what to do. */
  failed: (action: string | undefined, region: string | undefined, detail: string, hint: string) => {
    const where = [action, region ? `in ${region}` : undefined].filter(Boolean).join(' ');
    return `${where ? `${where} failed: ` : ''}${detail}.${hint ? ` ${hint}` : ''}`;
  },
  accessDenied: (grant: string | undefined) => `The caller is not allowed to do this${grant ? `; grant ${grant}` : ''} (or check for a service control policy that denies it) and run again.`,
  regionNotEnabled: 'The region is probably not enabled for this account; enable it in the account settings or leave it out with --regions.',
  throttled: 'AWS kept throttling the call after every retry; run again later or lower --concurrency.',
  noAnswer: 'AWS did not answer properly after every retry; run again (a second run finishes what is left).',
  conflict: 'Something else still depends on this resource; remove it by hand or leave this step out with --skip.',
  doneBefore: (done: readonly string[]) => ` Already done before the failure: ${done.join(', ')}; running again finishes the rest.`,
};

const t = texts('aws-errors', en, {
  failed: (action: string | undefined, region: string | undefined, detail: string, hint: string) => {
    const where = action && region ? `${action} (${region}) が` : action ? `${action} が` : region ? `${region} で呼び出しが` : '';
    return `${where ? `${where}失敗しました: ` : ''}${detail}。${hint}`;
  },
  accessDenied: (grant: string | undefined) =>
    `呼び出し元にはこの操作が許可されていません。${grant ? `${grant} を許可して` : 'アクセス許可を付与して'} (またはそれを拒否するサービスコントロールポリシー (SCP) がないか確認して) から、もう一度実行してください。`,
  regionNotEnabled: 'このアカウントではこのリージョンが有効になっていない可能性があります。アカウント設定でリージョンを有効にするか、--regions でこのリージョンを外してください。',
  throttled: '再試行のたびに AWS が呼び出しをスロットリングしました。時間をおいてもう一度実行するか、--concurrency を下げてください。',
  noAnswer: '再試行しても AWS から正しい応答がありませんでした。もう一度実行してください (2 回目の実行で残りが完了します)。',
  conflict: 'このリソースにまだ依存しているものがあります。それを手動で削除するか、--skip でこのステップを外してください。',
  doneBefore: (done: readonly string[]) => `失敗の前に完了していたもの: ${done.join(', ')}。もう一度実行すると残りが完了します。`,
});

/** The error code as the SDK reports it (`name`, or `Code` on some XML errors). */
export function errorCode(error: unknown): string {
  if (!error || typeof error !== 'object') return 'Error';
  const e = error as { name?: string; Code?: string; code?: string };
  return e.name && e.name !== 'Error' ? e.name : (e.Code ?? e.code ?? e.name ?? 'Error');
}

export function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** True when the error is one of the given codes (a "not found" on first read, for example). */
export function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes(errorCode(error));
}

const ACCESS_DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedException',
  'AuthorizationErrorException', 'Forbidden', 'ForbiddenException',
]);
const REGION_NOT_ENABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired']);
const CREDENTIALS = new Set([
  'CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'InvalidClientTokenId',
  'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'RequestExpired', 'InvalidToken',
]);
const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ThrottledException',
  'RequestThrottledException', 'SlowDown', 'EC2ThrottledException', 'LimitExceededException',
]);

export type ErrorKind = 'access-denied' | 'region-not-enabled' | 'throttled' | 'server' | 'timeout' | 'conflict' | 'invalid' | 'other';

export function classify(error: unknown): ErrorKind {
  const code = errorCode(error);
  if (ACCESS_DENIED.has(code) || httpStatus(error) === 403) return 'access-denied';
  if (REGION_NOT_ENABLED.has(code)) return 'region-not-enabled';
  if (THROTTLING.has(code) || httpStatus(error) === 429) return 'throttled';
  if (code === 'TimeoutError' || code === 'RequestTimeout' || code === 'RequestTimeoutException' || code === 'ETIMEDOUT') return 'timeout';
  if ((httpStatus(error) ?? 0) >= 500) return 'server';
  if (code === 'DependencyViolation' || code === 'DeleteConflictException' || code === 'ConflictException') return 'conflict';
  if (code.includes('Validation') || code.startsWith('Invalid') || code === 'MalformedPolicyDocumentException') return 'invalid';
  return 'other';
}

/** Credentials missing, expired or rejected: the run cannot start. */
export function isCredentialsError(error: unknown): boolean {
  const code = errorCode(error);
  if (CREDENTIALS.has(code)) return true;
  const message = String((error as Error)?.message ?? '');
  return /Could not load credentials|credential|SSO session|token .*expired|Token is expired/i.test(message) && code !== 'AccessDenied';
}

/** Where and what an AWS call was, for error messages. */
export interface CallSite {
  readonly region?: string;
  /** The API call, e.g. `guardduty:CreateDetector`. */
  readonly action?: string;
  /** The IAM action that allows it, where known (usually the same as `action`). */
  readonly permission?: string;
}

const CALL_SITE = Symbol.for('aws-bootstrap.callSite');

/** Attaches where an error came from (first tag wins: the innermost call). */
export function tagCallSite(error: unknown, site: CallSite): void {
  if (error && typeof error === 'object' && !(CALL_SITE in error)) {
    Object.defineProperty(error, CALL_SITE, { value: site, enumerable: false });
  }
}

/** The API call and region an SDK error came from, if it came from one of our clients. */
export function callSiteOf(error: unknown): CallSite | undefined {
  return error && typeof error === 'object' ? (error as Record<symbol, CallSite>)[CALL_SITE] : undefined;
}

const DONE_BEFORE = Symbol.for('aws-bootstrap.doneBefore');

/**
 * Records on an error which calls of a multi-call change had already succeeded, so a failure
 * half way (nothing that can be rolled back atomically) is reported, not hidden.
 */
export function withDoneSoFar(error: unknown, done: readonly string[]): unknown {
  if (done.length && error && typeof error === 'object') Object.defineProperty(error, DONE_BEFORE, { value: [...done], enumerable: false });
  return error;
}

/** A failed step's message: the call, region and fix for AWS errors; our own message for input errors. */
export function explainFailure(error: unknown, region: string): string {
  if (error instanceof InputError) return error.message;
  const site = callSiteOf(error);
  const done = (error as Record<symbol, string[] | undefined> | null)?.[DONE_BEFORE];
  const partly = done?.length ? t.doneBefore(done) : '';
  return `${explain(error, { ...site, region: site?.region ?? region })}${partly}`;
}

/** The error's own message, cut to one line, with anything that looks like a secret removed. */
export function cleanMessage(error: unknown): string {
  const message = String((error as Error)?.message ?? error ?? '').split('\n')[0] ?? '';
  // Error text from outside may echo anything: also blank 40-character base64 runs (secret-key shaped).
  return redactSecrets(message).replace(/\b[A-Za-z0-9/+]{40}\b/g, '****').slice(0, 400);
}

/**
 * Removes access key ids, secret-looking strings, session tokens and signatures from text.
 * Applied to everything we print or log that came from outside.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1****')
    .replace(/(Signature|Credential|X-Amz-Security-Token|X-Amz-Signature|aws_session_token|aws_secret_access_key|SessionToken|SecretAccessKey)([=:"\s]+)[^\s,;&"]+/gi, '$1$2****');
}

/** A one-paragraph explanation of a failed call: what failed, where, and what to do about it. */
export function explain(error: unknown, site: CallSite = {}): string {
  const detail = `${errorCode(error)}: ${cleanMessage(error)}`;
  const failed = (hint: string) => t.failed(site.action, site.region, detail, hint);
  switch (classify(error)) {
    case 'access-denied':
      return failed(t.accessDenied(site.permission ?? site.action));
    case 'region-not-enabled':
      return failed(t.regionNotEnabled);
    case 'throttled':
      return failed(t.throttled);
    case 'timeout':
    case 'server':
      return failed(t.noAnswer);
    case 'conflict':
      return failed(t.conflict);
    default:
      return failed('');
  }
}

/** A read whose "not found" codes mean there is none (the normal state on a first read). */
export async function orNone<T>(read: () => Promise<T>, ...notFound: string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isErrorCode(error, ...notFound)) return undefined;
    throw error;
  }
}
