/**
 * The retry policy for every call: exponential backoff with full jitter, a bounded number of
 * attempts, and no shared retry-capacity bucket (the SDK's standard bucket runs dry in a
 * 17-region fan-out under heavy throttling and then fails calls that would have succeeded).
 * Retries what the SDK classifies as throttling, transient or a server error, plus
 * ConcurrentModificationException, which AWS documents as "try again".
 */
import { LOST_ANSWER } from './create-once.js';

const retryableClientErrors = new Set(['ConcurrentModificationException', 'ConcurrentModification']);

interface RetryErrorInfo {
  readonly errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  readonly error?: { name?: string };
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface RetryPolicy {
  /** Attempts including the first. */
  readonly maxAttempts: number;
  /** Backoff before the n-th retry is random in [0, min(maxDelayMs, baseDelayMs × 2^n)). */
  readonly baseDelayMs: number;
  readonly maxDelayMs?: number;
}

export function isRetryable(info: RetryErrorInfo): boolean {
  // A create whose answer was lost is re-read by its caller before it is sent again (create-once.ts).
  if ((info.error as Record<symbol, unknown> | undefined)?.[LOST_ANSWER]) return false;
  if (info.errorType !== 'CLIENT_ERROR') return true;
  return retryableClientErrors.has(info.error?.name ?? '');
}

function token(count: number, delay: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delay };
}

/** Every call's first token (tokens never change: one for all). */
const INITIAL_TOKEN = token(0, 0);

/** A RetryStrategyV2 for the SDK's retry middleware (which does the sleeping). */
export function retryStrategy(policy: RetryPolicy) {
  const maxDelay = policy.maxDelayMs ?? 20_000;
  return {
    mode: 'standard',
    maxAttempts: async () => policy.maxAttempts,
    async acquireInitialRetryToken(): Promise<RetryToken> {
      return INITIAL_TOKEN;
    },
    async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
      const retries = previous.getRetryCount() + 1;
      if (!isRetryable(info) || retries >= policy.maxAttempts) {
        // The middleware rethrows the call's own error when this throws.
        throw new Error('No retry token available');
      }
      const ceiling = Math.min(maxDelay, policy.baseDelayMs * 2 ** retries);
      return token(retries, Math.random() * ceiling);
    },
    recordSuccess(): void {},
  };
}
