/**
 * The lost-answer matrix of the two steps that forward events (health-notifications and
 * findings-alerts): for each scenario, each mutating call of apply and of undo answered by each
 * kind of lost answer, checked against the same run without faults.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceId } from '../../src/aws/clients.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import type { SimState } from '../../src/sim/state.js';
import { RUN_TAG } from '../../src/core/tags.js';
import { changeKinds, failures, faultFired, lostAnswers } from './lost-answers.js';
import type { WizardRun } from './wizard.js';

type ClientOptions = WizardRun['clientOptions'];

/** One mutating call to lose the answer of. */
export interface ForwardingCall {
  readonly service: ServiceId;
  readonly action: string;
  /** Where the call is made (IAM's calls are in the home region's lane). */
  readonly region?: string;
}

export interface ForwardingScenario {
  readonly name: string;
  /** Puts the account where the scenario starts (after the alerts topic exists). */
  readonly start: (sim: SimulatedAccount) => void;
  readonly apply: readonly ForwardingCall[];
  readonly undo: readonly ForwardingCall[];
}

export interface ForwardingSuite {
  readonly stepId: string;
  /** A fresh account with the alerts topic, as every scenario starts. */
  readonly fresh: () => Promise<SimulatedAccount>;
  readonly run: (sim: SimulatedAccount, clientOptions?: ClientOptions) => Promise<{ report: { results: ReadonlyArray<{ status: string }> }; undoLogPath: string }>;
  readonly undo: (sim: SimulatedAccount, logPath: string, clientOptions?: ClientOptions) => Promise<{ results: ReadonlyArray<{ status: string }> }>;
  readonly scenarios: readonly ForwardingScenario[];
}

/**
 * The account without counters, run ids or IAM's propagation bookkeeping (how many more calls a
 * role just changed is refused: the simulation's lag, not the account): two accounts with the same
 * rules, targets and role compare equal.
 */
export function shape(state: SimState): unknown {
  const { nextId: _nextId, spreadingRoles: _roles, spreadingRolePolicies: _policies, ...rest } = structuredClone(state);
  // Each run has its own id, in the tags of what it created: which run does not matter here.
  return JSON.parse(JSON.stringify(rest), (_key, value: { Key?: unknown } | null) => (value?.Key === RUN_TAG ? { ...value, Value: '<run>' } : value));
}

const kinds = (logPath: string) => changeKinds(logPath).sort();
const where = (call: ForwardingCall) => `${call.action}${call.region ? ` in ${call.region}` : ''}`;

export function describeForwardingLostAnswers({ stepId, fresh: freshAccount, run, undo, scenarios }: ForwardingSuite): void {
  describe(`${stepId}: a lost answer after AWS made the change`, () => {
    for (const scenario of scenarios) {
      describe(scenario.name, async () => {
        const fresh = async () => {
          const sim = await freshAccount();
          scenario.start(sim);
          return sim;
        };
        const clean = await fresh();
        const start = shape(clean.state);
        const cleanRun = await run(clean);
        clean.settle();
        const cleanState = shape(clean.state);

        it('the clean run changes something in every region and its undo gets back to the start', async () => {
          expect(failures(cleanRun.report)).toEqual([]);
          expect(cleanRun.report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
          const sim = await fresh();
          const { undoLogPath } = await run(sim);
          sim.settle();
          await undo(sim, undoLogPath);
          expect(shape(sim.state)).toEqual(start);
        });

        for (const call of scenario.apply) {
          for (const [faultName, fault, clientOptions] of lostAnswers) {
            it(`apply, ${where(call)} answered by ${faultName}: nothing doubled, one undo record per change`, async () => {
              const sim = await fresh();
              sim.inject({ ...call, ...fault });
              const { report, undoLogPath } = await run(sim, clientOptions);
              expect(faultFired(sim, call.action)).toBe(true);
              expect(failures(report)).toEqual([]);
              sim.settle();
              expect(shape(sim.state)).toEqual(cleanState);
              expect(kinds(undoLogPath)).toEqual(kinds(cleanRun.undoLogPath));
            });
          }
        }

        for (const call of scenario.undo) {
          for (const [faultName, fault, clientOptions] of lostAnswers) {
            it(`undo, ${where(call)} answered by ${faultName}: back where it started`, async () => {
              const sim = await fresh();
              const { undoLogPath } = await run(sim);
              sim.settle();
              sim.inject({ ...call, ...fault });
              const report = await undo(sim, undoLogPath, clientOptions);
              expect(faultFired(sim, call.action)).toBe(true);
              expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
              expect(shape(sim.state)).toEqual(start);
            });
          }
        }
      });
    }
  });
}
