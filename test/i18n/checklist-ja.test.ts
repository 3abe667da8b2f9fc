/**
 * The whole checklist in Japanese, as a person sees it: the preview of every step on a fresh
 * account, the run with its summary, the second run, and the undo, with nothing left in English
 * apart from AWS names, ids, values and the user's own inputs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n/index.js';
import { SimulatedAccount } from '../../src/sim/account.js';
import { freshAccountState } from '../../src/sim/state.js';
import { englishLeft } from '../support/english.js';
import { exampleConfig } from '../org/support.js';
import { runAgainst, ScriptedHost, undoAgainst } from '../support/wizard.js';

/** What the example config gives, which is the user's own text, not the wizard's. */
const USER_TEXT = ['Hanako Sato', 'Finance lead', 'Taro Suzuki', 'Operations lead', 'Jiro Tanaka', 'Security lead'];

describe('the whole checklist in Japanese', () => {
  beforeEach(() => setLanguage('ja'));
  afterEach(() => setLanguage('en'));

  it('preview, run, summary, second run and undo leave no English behind', async () => {
    const sim = new SimulatedAccount(freshAccountState({ enabledRegionCount: 3 }));
    const plan = await runAgainst(sim, { config: exampleConfig, dryRun: true });
    const run = await runAgainst(sim, { config: exampleConfig });
    sim.settle();
    const again = await runAgainst(sim, { config: exampleConfig });
    const undo = await undoAgainst(sim, run.undoLogPath, { host: new ScriptedHost(false) });
    expect(run.report.exitCode).toBe(0);
    expect(undo.report.exitCode).toBe(0);
    for (const [what, output] of [['plan', plan.output], ['run', run.output], ['second run', again.output], ['undo', undo.output]] as const) {
      expect(output, what).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(englishLeft(output, USER_TEXT), what).toEqual([]);
    }
  });
});
