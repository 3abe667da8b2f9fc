/**
 * What the security-hub tests build on, standing in for what is not there yet: the aws-config
 * step (issue 11's contract: region scope, provides `{ recorderName }`), which records straight
 * into the simulated state; and the run's home region, which the engine does not pass to steps
 * yet (`withHome` adds it to every context, as the engine is asked to).
 */
import { defineStep, type AnyStep, type PlanContext, type Step, type StepContext, type UndoAction } from '../../src/engine/step.js';
import type { SimulatedAccount } from '../../src/sim/account.js';
import type { SimState } from '../../src/sim/state.js';
import securityHub from '../../steps/security-hub.js';

export const HOME = 'us-east-1';
export const RECORDER = 'default';

/** A recorder that records, as AWS Config keeps it once started. */
export function addRecorder(state: SimState, region: string): void {
  (state.regional[region]!.configRecorders ??= []).push({
    name: RECORDER,
    roleARN: `arn:aws:iam::${state.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    recording: true,
  });
}

const recording = (sim: SimulatedAccount, region: string) => (sim.state.regional[region]!.configRecorders ?? []).some((r) => r.recording);

/** Stand-in for the aws-config step; `failIn` regions fail to apply, as an access-denied call would. */
export function standInConfig(sim: SimulatedAccount, failIn: readonly string[] = []): AnyStep {
  return defineStep<{ recording: boolean }, undefined, null>({
    id: 'aws-config',
    title: 'AWS Config records resource changes',
    why: 'stand-in',
    scope: 'region',
    permissions: { observe: [], apply: [] },
    async observe(ctx) {
      return { recording: recording(sim, ctx.region) };
    },
    plan(state) {
      return state.recording ? { changes: [] } : { changes: [{ summary: 'Record resource changes with AWS Config', before: 'not recording', after: RECORDER, payload: null }] };
    },
    provides: () => ({ recorderName: RECORDER }),
    async apply(ctx): Promise<UndoAction> {
      if (failIn.includes(ctx.region)) {
        throw Object.assign(new Error('User is not authorized to perform: config:PutConfigurationRecorder'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      }
      addRecorder(sim.state, ctx.region);
      return { kind: 'delete-recorder', description: `Delete the recorder ${RECORDER}` };
    },
    async undo(ctx) {
      const region = sim.state.regional[ctx.region]!;
      region.configRecorders = (region.configRecorders ?? []).filter((r) => r.name !== RECORDER);
    },
  });
}

function at<C extends PlanContext | StepContext>(ctx: C, home: string): C {
  return { ...ctx, homeRegion: home };
}

/** The step as it runs once the engine passes the home region in every context. */
export function withHome<S, I, P>(step: Step<S, I, P>, home = HOME): Step<S, I, P> {
  return {
    ...step,
    observe: (ctx) => step.observe(at(ctx, home)),
    plan: (state, inputs, ctx) => step.plan(state, inputs, at(ctx, home)),
    apply: (ctx, change, inputs) => step.apply(at(ctx, home), change, inputs),
    undo: (ctx, action) => step.undo!(at(ctx, home), action),
  };
}

export const step = withHome(securityHub);

/** The step with its stand-in prerequisite, as `steps` and `allSteps` for the engine. */
export const withConfig = (sim: SimulatedAccount, failIn: readonly string[] = []): AnyStep[] => [standInConfig(sim, failIn), step];
