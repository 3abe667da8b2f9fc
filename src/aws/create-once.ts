/**
 * Creates that AWS does not make idempotent. When the answer to a create is lost (a timeout, a
 * 5xx, a reset connection) AWS may well have made it; the SDK's blind retry would then make a
 * second one (a duplicate anomaly subscription) or fail with "already exists". A create sent
 * through `createOnce` is never retried blindly: after a lost answer it reads the account
 * again, takes what it finds as this run's own, and sends the create again only if nothing is
 * there. Throttling and other refusals, which AWS answers before doing anything, are still
 * retried by the SDK as usual.
 */
import { classify, errorCode, isErrorCode } from './errors.js';

/** Set on an error whose request may have been carried out; the retry policy leaves it alone. */
export const LOST_ANSWER = Symbol.for('aws-bootstrap.lostAnswer');

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

/** The request went out and no usable answer came back: AWS may or may not have acted on it. */
export function isLostAnswer(error: unknown): boolean {
  const kind = classify(error);
  if (kind === 'timeout' || kind === 'server') return true;
  return NETWORK_CODES.has(errorCode(error)) || NETWORK_CODES.has(String((error as { code?: unknown })?.code ?? ''));
}

interface CommandWithStack {
  middlewareStack: { add(middleware: unknown, options: { step: string; priority?: string; name?: string }): void };
}

/**
 * Marks this one command so that a lost answer ends its retries; the caller decides what to do
 * next.
 */
export function withoutBlindRetry<C>(command: C): C {
  (command as unknown as CommandWithStack).middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (error && typeof error === 'object' && isLostAnswer(error)) (error as Record<symbol, unknown>)[LOST_ANSWER] = true;
        throw error;
      }
    },
    // Inside the retry loop but outside the client's per-attempt timeout (priority low), so a
    // timed-out attempt is marked too.
    { step: 'finalizeRequest', priority: 'normal', name: 'awsBootstrapNoBlindRetry' },
  );
  return command;
}

export interface CreateOnce<R> {
  /** Sends the create; build its command with `withoutBlindRetry`. */
  readonly create: () => Promise<R>;
  /**
   * Reads whether the thing now exists as asked (what `create` would have returned), or
   * undefined. Something of the same name but different content is the caller's error to throw.
   */
  readonly find: () => Promise<R | undefined>;
  /** Lost answers tolerated before giving up (default 5: a burst of 5xx answers passes). */
  readonly attempts?: number;
}

export async function createOnce<R>({ create, find, attempts = 5 }: CreateOnce<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!isLostAnswer(error) || attempt >= attempts) throw error;
      const found = await find();
      if (found !== undefined) return found;
      // Not there: the create never happened, so sending it again cannot make a second one.
      // Back off first, with jitter, as the SDK would have (a service answering 5xx needs a moment).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  }
}

/**
 * Sends a call the SDK retries as usual, for calls whose retry after a lost answer gets "already
 * done" (`doneCodes`): a delete's "not found", a second add's "duplicate". That answer is our own
 * earlier attempt's doing, so the call succeeded. On a first attempt, or after a refusal AWS made
 * before acting, it stays an error: the account changed since it was read. A DryRun probe is
 * never carried out, so it is sent as it is.
 */
export async function sendDoneOnRetry<C>(command: C, send: (command: C) => Promise<unknown>, ...doneCodes: string[]): Promise<void> {
  if ((command as { input?: { DryRun?: boolean } }).input?.DryRun) {
    await send(command);
    return;
  }
  let answerLost = false;
  (command as unknown as CommandWithStack).middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (isLostAnswer(error)) answerLost = true;
        throw error;
      }
    },
    // Around each attempt: inside the retry loop, outside the attempt timeout (so a timed-out attempt counts).
    { step: 'finalizeRequest', priority: 'normal', name: 'awsBootstrapLostAnswer' },
  );
  try {
    await send(command);
  } catch (error) {
    if (!answerLost || !isErrorCode(error, ...doneCodes)) throw error;
  }
}
