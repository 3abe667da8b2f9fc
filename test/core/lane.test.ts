/** Lanes cost a promise hook per promise on Node.js 20/22: carried only once the simulation reads them. */
import { describe, expect, it } from 'vitest';
import { currentLane, inLane } from '../../src/core/lane.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';

describe('lanes', () => {
  it('are not carried until a simulated account needs them, then are', async () => {
    const seen = async () => {
      await Promise.resolve();
      return currentLane();
    };
    expect(await inLane('step@us-east-1', seen)).toBeUndefined();
    // The demo without --demo-stats asks for none.
    new SimulatedAccount(freshAccountState(), { lanes: false });
    expect(await inLane('step@us-east-1', seen)).toBeUndefined();
    new SimulatedAccount(freshAccountState());
    expect(await inLane('step@us-east-1', seen)).toBe('step@us-east-1');
    expect(await inLane('other@eu-west-1', () => inLane('inner@eu-west-1', seen))).toBe('inner@eu-west-1');
  });
});
