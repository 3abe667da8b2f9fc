import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/core/group-commit.js';

/** A write whose runs are recorded and finish only when the test says so. */
function controlledWrite() {
  const runs: Array<{ seen: number; finish: () => void; fail: (error: Error) => void }> = [];
  let changes = 0;
  const write = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ seen: changes, finish: resolve, fail: reject });
    });
  return { runs, write, change: () => ++changes };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('groupCommit', () => {
  it('shares one run between callers that ask before it starts', async () => {
    const { runs, write, change } = controlledWrite();
    const commit = groupCommit(write);
    change();
    const a = commit();
    change();
    const b = commit();
    await tick();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.seen).toBe(2);
    runs[0]!.finish();
    await Promise.all([a, b]);
  });

  it('never resolves a caller with a run that started before its change, and never overlaps runs', async () => {
    const { runs, write, change } = controlledWrite();
    const commit = groupCommit(write);
    change();
    const first = commit();
    await tick();
    expect(runs).toHaveLength(1);
    // This change came after the first run began: it must wait for a second run.
    change();
    let secondDone = false;
    const second = commit().then(() => (secondDone = true));
    change();
    const third = commit();
    runs[0]!.finish();
    await first;
    await tick();
    expect(secondDone).toBe(false);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.seen).toBe(3);
    runs[1]!.finish();
    await Promise.all([second, third]);
    expect(secondDone).toBe(true);
  });

  it('fails the callers of a failed run, and the next caller gets a new run', async () => {
    const { runs, write, change } = controlledWrite();
    const commit = groupCommit(write);
    change();
    const failing = commit();
    await tick();
    runs[0]!.fail(new Error('EIO'));
    await expect(failing).rejects.toThrow('EIO');
    change();
    const retried = commit();
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await retried;
  });
});
