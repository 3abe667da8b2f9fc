/**
 * Lost answers, step by step: AWS makes the change and the answer never arrives (a 5xx, a reset
 * connection, a timeout). For each scenario, each of the step's mutating calls in apply and in
 * undo is answered so once; the run must still end compliant, with nothing doubled and exactly
 * the undo records of a clean run, and the undo must still get back to the start.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceId } from '../../src/aws/clients.js';
import type { AnyStep } from '../../src/core/step.js';
import { SimulatedAccount, type SimFault } from '../../src/sim/account.js';
import { simulatedClients } from '../../src/sim/clients.js';
import { freshAccountState, type FreshAccountOptions } from '../../src/sim/state.js';
import { readUndoLog } from '../../src/undo/log.js';
import { runAgainst, undoAgainst } from './wizard.js';

export type LostAnswer = Omit<SimFault, 'service' | 'action'>;

/** The three ways an answer is lost, with the client settings that make a hang a timeout. */
export const lostAnswers: ReadonlyArray<readonly [string, LostAnswer, { attemptTimeoutMs?: number }]> = [
  ['a 500', { code: 'InternalServerError', status: 500, after: true, times: 1 }, {}],
  ['a reset connection', { code: 'ECONNRESET', after: true, times: 1 }, {}],
  ['a timeout', { code: 'InternalServerError', status: 500, after: true, times: 1, hangMs: 200 }, { attemptTimeoutMs: 50 }],
];

/** The undo record kinds a run wrote, in order. */
export const changeKinds = (logPath: string) => readUndoLog(logPath).records.flatMap((r) => (r.type === 'change' ? [r.undo.kind] : []));

export const failures = (report: { results: ReadonlyArray<{ status: string }> }) => report.results.filter((r) => r.status === 'failed');

/** The injected fault hit a call (a hung one may have no answer yet: its client gave up on it). */
export const faultFired = (sim: SimulatedAccount, action: string) => sim.calls.some((c) => c.action === action && (c.error !== undefined || c.end === undefined));

export interface LostAnswerScenario {
  readonly name: string;
  readonly fresh?: FreshAccountOptions;
  /** The step's section for a first, clean run (none: nothing done yet). */
  readonly before?: Record<string, unknown>;
  /** The step's section for the run under test. */
  readonly run: Record<string, unknown>;
  /** The undo records that run writes, one per change. */
  readonly kinds: readonly string[];
  /** The mutating calls its apply makes, and those its undo makes. */
  readonly applyCalls: readonly string[];
  readonly undoCalls: readonly string[];
}

export interface LostAnswerSuite {
  readonly step: AnyStep;
  readonly service: ServiceId;
  /** The whole config for one run, from the step's section. */
  readonly config: (section: Record<string, unknown>) => Record<string, unknown>;
  /** The part of the simulated state the step owns (compared with a clean run's). */
  readonly stateOf: (sim: SimulatedAccount) => unknown;
  readonly scenarios: readonly LostAnswerScenario[];
}

/** What the step would still change (nothing, when compliant). */
async function stillPlanned(sim: SimulatedAccount, step: AnyStep, section: Record<string, unknown>): Promise<string[]> {
  const ctx = { accountId: sim.state.accountId, partition: 'aws', region: 'us-east-1', dryRun: false, aws: simulatedClients(sim).forRegion('us-east-1') };
  return step.plan(await step.observe(ctx), step.inputs ? step.inputs.schema.parse(section) : undefined, ctx).changes.map((c) => c.summary);
}

export function describeLostAnswers({ step, service, config, stateOf, scenarios }: LostAnswerSuite): void {
  /** An account with the scenario's starting point. */
  async function startOf(scenario: LostAnswerScenario): Promise<SimulatedAccount> {
    const sim = new SimulatedAccount(freshAccountState(scenario.fresh));
    if (scenario.before) expect((await runAgainst(sim, { steps: [step], config: config(scenario.before) })).report.exitCode).toBe(0);
    return sim;
  }

  describe(`${step.id}: a lost answer after AWS made the change`, () => {
    for (const scenario of scenarios) {
      describe(scenario.name, async () => {
        // The same run without faults: the state every faulted run must end in.
        const clean = await startOf(scenario);
        await runAgainst(clean, { steps: [step], config: config(scenario.run) });

        for (const action of scenario.applyCalls) {
          for (const [faultName, fault, clientOptions] of lostAnswers) {
            it(`apply, ${action} answered by ${faultName}: compliant, nothing doubled, one undo record per change`, async () => {
              const sim = await startOf(scenario);
              sim.inject({ service, action, ...fault });
              const { report, undoLogPath } = await runAgainst(sim, { steps: [step], config: config(scenario.run), clientOptions });
              expect(faultFired(sim, action)).toBe(true);
              expect(failures(report)).toEqual([]);
              expect(report.exitCode).toBe(0);
              expect(changeKinds(undoLogPath)).toEqual(scenario.kinds);
              expect(stateOf(sim)).toEqual(stateOf(clean));
              expect(await stillPlanned(sim, step, config(scenario.run)[step.id] as Record<string, unknown>)).toEqual([]);
            });
          }
        }

        for (const action of scenario.undoCalls) {
          for (const [faultName, fault, clientOptions] of lostAnswers) {
            it(`undo, ${action} answered by ${faultName}: the account is back where it started`, async () => {
              const sim = await startOf(scenario);
              const start = structuredClone(stateOf(sim));
              const { undoLogPath } = await runAgainst(sim, { steps: [step], config: config(scenario.run) });
              sim.inject({ service, action, ...fault });
              const { report } = await undoAgainst(sim, undoLogPath, { clientOptions });
              expect(faultFired(sim, action)).toBe(true);
              expect(report.results.filter((r) => r.status !== 'undone')).toEqual([]);
              expect(stateOf(sim)).toEqual(start);
            });
          }
        }
      });
    }
  });
}
