/**
 * Group commit: a slow write (an fsync, a file rewritten) that many callers need "after my
 * change". Each call resolves once a run of `write` that started after it has finished; runs
 * never overlap, and every caller that asks while the next run has not started yet shares it. So
 * a burst of changes costs one or two writes, not one each, and the writes wait in libuv's thread
 * pool instead of on the main thread.
 */
export function groupCommit(write: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let next: Promise<void> | undefined;
  return () => {
    if (next) return next;
    const run = running.then(() => {
      // From here on a new caller's change may be missed by this run: it gets the following one.
      next = undefined;
      return write();
    });
    next = run;
    // A failed run fails its own callers; the next run is still tried.
    running = run.catch(() => undefined);
    return run;
  };
}
