/**
 * `--demo-unlimited`, the benchmark's run without the engine's concurrency limits: refused
 * without --demo, and really without the per-service limit of 8 calls in flight.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { DEFAULT_REGION_CONCURRENCY } from '../../src/engine/run.js';
import { clientsFor, concurrencyLimits, type RunFlags } from '../../src/main.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/wizard.js';

let home: string;
beforeEach(() => {
  home = tempDir();
  process.env.AWS_BOOTSTRAP_HOME = home;
});

describe('--demo-unlimited', () => {
  it('lifts both limits on the demo, and only there', () => {
    expect(concurrencyLimits({ demo: true })).toEqual({ regions: DEFAULT_REGION_CONCURRENCY });
    expect(concurrencyLimits({ demo: true, concurrency: 3 }, 5)).toEqual({ regions: 3 });
    expect(concurrencyLimits({ demo: true }, 5)).toEqual({ regions: 5 });
    const unlimited = concurrencyLimits({ demo: true, demoUnlimited: true }, 5);
    expect(unlimited.regions).toBeGreaterThanOrEqual(34); // every region the simulation knows
    expect(unlimited.perService).toBeGreaterThan(1000);
    expect(() => concurrencyLimits({ demoUnlimited: true })).toThrow(InputError);
    expect(() => concurrencyLimits({ demo: true, demoUnlimited: true, concurrency: 1 })).toThrow(/contradict/);
  });

  it('is refused without --demo before anything runs (exit code 64 from the command line)', async () => {
    await expect(cli('plan', { demoUnlimited: true })).rejects.toThrow(/--demo-unlimited is for the benchmark and needs --demo/);
    await expect(cli('undo', { demoUnlimited: true, yes: true })).rejects.toThrow(InputError);
  });

  it('lets more than 8 calls to one service and region be in flight at once', async () => {
    const peak = async (flags: RunFlags) => {
      const clients = clientsFor({ ...flags, demo: true, demoReset: true, demoState: join(home, 'account.json'), demoLatency: 300 });
      const { client, sdk } = await clients.get('ec2', 'us-east-1');
      let inFlight = 0;
      let most = 0;
      // Added after the engine's limit at the same step and priority, so it runs inside it:
      // it counts the calls that hold a slot.
      (client as unknown as { middlewareStack: { add(m: unknown, o: object): void } }).middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
          most = Math.max(most, ++inFlight);
          try {
            return await next(args);
          } finally {
            inFlight--;
          }
        },
        { step: 'finalizeRequest', priority: 'low', name: 'countInFlight' },
      );
      await Promise.all(Array.from({ length: 12 }, () => client.send(new sdk.DescribeVpcsCommand({}))));
      return most;
    };
    expect(await peak({})).toBe(8);
    expect(await peak({ demoUnlimited: true })).toBe(12);
  });

  it('runs a whole plan on the demo', async () => {
    const result = await cli('plan', { demo: true, demoReset: true, demoState: join(home, 'account.json'), demoRegions: 3, demoUnlimited: true });
    expect(result.code).toBe(2);
  });
});
