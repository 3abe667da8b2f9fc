/**
 * Lost answers for config-bucket and aws-config, which run together (aws-config needs the
 * bucket): for each scenario, each mutating call of apply and of undo has its first answer lost
 * after AWS made the change (500, reset, timeout), with IAM reads lagging. The run must end as a
 * clean run does (nothing doubled, the same undo records) and the undo as a clean undo does.
 */
import { describe, expect, it } from 'vitest';
import configStep from '../../../steps/aws-config/aws-config.js';
import bucketStep from '../../../steps/config-bucket.js';
import type { ServiceId } from '../../../src/aws/clients.js';
import type { AnyStep } from '../../../src/core/step.js';
import { SimulatedAccount, type SimOptions } from '../../../src/sim/account.js';
import { freshAccountState, type SimState } from '../../../src/sim/state.js';
import { RUN_TAG } from '../../../src/core/tags.js';
import { changeKinds, failures, faultFired, lostAnswers } from '../../support/lost-answers.js';
import { runAgainst, undoAgainst, type WizardRun } from '../../support/wizard.js';

export const ACCOUNT = '123456789012';
export const BUCKET = `aws-bootstrap-config-${ACCOUNT}-us-east-1`;
export const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
export const STEPS: AnyStep[] = [bucketStep, configStep];
const consistency: SimOptions['consistency'] = { services: ['iam'], staleReads: 2 };
type ClientOptions = WizardRun['clientOptions'];

export const run = (sim: SimulatedAccount, clientOptions?: ClientOptions) => runAgainst(sim, { steps: STEPS, allSteps: STEPS, regions: REGIONS, ...(clientOptions ? { clientOptions } : {}) });
export const undo = (sim: SimulatedAccount, logPath: string, clientOptions?: ClientOptions) => undoAgainst(sim, logPath, { allSteps: STEPS, ...(clientOptions ? { clientOptions } : {}) });

/** Every aws-bootstrap:run tag's value as one placeholder: each run has its own id. */
export const withoutRunIds = <T>(value: T): T => JSON.parse(JSON.stringify(value, (key, v: unknown) => {
  if (key === RUN_TAG) return '<run>';
  return v && typeof v === 'object' && (v as { Key?: unknown }).Key === RUN_TAG ? { ...v, Value: '<run>' } : v;
})) as T;

/**
 * The account without counters (recorder ARNs end in an id handed out in whatever order regions
 * ran) and without run ids (what a run tags carries its own).
 */
export function shape(state: SimState): unknown {
  const { nextId: _nextId, ...rest } = structuredClone(state);
  for (const region of Object.values(rest.regional)) {
    for (const recorder of region.configRecorders ?? []) recorder.arn = recorder.arn?.replace(/\/[^/]+$/, '/*');
  }
  return withoutRunIds(rest);
}

export interface Call {
  readonly service: ServiceId;
  readonly action: string;
  readonly region?: string;
}

export interface Scenario {
  readonly name: string;
  /** What the account holds before the run (nothing: a fresh account). */
  readonly start?: (state: SimState) => void;
  readonly apply: readonly Call[];
  readonly undo: readonly Call[];
}

export function describeLostAnswers(title: string, scenarios: readonly Scenario[]): void {
  describe(title, () => {
    for (const scenario of scenarios) {
      describe(scenario.name, async () => {
        const fresh = () => {
          const state = freshAccountState();
          scenario.start?.(state);
          return new SimulatedAccount(state, { consistency });
        };
        // The same run and undo without faults: what every faulted one must end in.
        const clean = fresh();
        const cleanRun = await run(clean);
        clean.settle();
        const afterRun = shape(clean.state);
        const cleanUndo = await undo(clean, cleanRun.undoLogPath);
        clean.settle();
        const afterUndo = shape(clean.state);

        it('the clean run changes something in every region, and its undo fails nothing', () => {
          expect(failures(cleanRun.report)).toEqual([]);
          expect(cleanRun.report.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed', 'changed']);
          expect(cleanUndo.report.results.filter((r) => r.status !== 'undone' && r.status !== 'action needed')).toEqual([]);
          expect(afterUndo).not.toEqual(afterRun);
        });

        for (const call of scenario.apply) {
          for (const [faultName, fault, clientOptions] of lostAnswers) {
            it(`apply, ${call.service}:${call.action} answered by ${faultName}: nothing doubled, one undo record per change, compliant`, async () => {
              const sim = fresh();
              sim.inject({ ...call, ...fault });
              const { report, undoLogPath } = await run(sim, clientOptions);
              expect(faultFired(sim, call.action)).toBe(true);
              expect(failures(report)).toEqual([]);
              expect(report.exitCode).toBe(0);
              expect(changeKinds(undoLogPath).sort()).toEqual(changeKinds(cleanRun.undoLogPath).sort());
              sim.settle();
              expect(shape(sim.state)).toEqual(afterRun);
              const mark = sim.mutatingCalls().length;
              expect((await run(sim)).report.results.every((r) => r.status === 'compliant')).toBe(true);
              expect(sim.mutatingCalls()).toHaveLength(mark);
            });
          }
        }

        for (const call of scenario.undo) {
          for (const [faultName, fault, clientOptions] of lostAnswers) {
            it(`undo, ${call.service}:${call.action} answered by ${faultName}: the account ends as a clean undo leaves it`, async () => {
              const sim = fresh();
              const { undoLogPath } = await run(sim);
              sim.settle();
              sim.inject({ ...call, ...fault });
              const { report } = await undo(sim, undoLogPath, clientOptions);
              expect(faultFired(sim, call.action)).toBe(true);
              expect(report.results.filter((r) => r.status !== 'undone' && r.status !== 'action needed')).toEqual([]);
              sim.settle();
              expect(shape(sim.state)).toEqual(afterUndo);
            });
          }
        }
      });
    }
  });
}
