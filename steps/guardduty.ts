/** GuardDuty threat detection is on in each region. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type StepContext, type UndoAction } from '../src/core/step.js';
import { bootstrapTags, notCreatedByRun, tagsText } from '../src/tags.js';

/** The region's detectors (GuardDuty allows one), whether each is running or suspended, and their tags. */
export type GuardDutyState = { detectors: Array<{ id: string; status: string; tags?: Record<string, string> }> };

type NoInputs = Record<string, never>;

/** Create a detector, or resume the suspended one. */
export type GuardDutyChange = { action: 'create' } | { action: 'resume'; detectorId: string };

async function detectorIds(ctx: StepContext): Promise<string[]> {
  const { client, sdk } = await ctx.aws.use('guardduty');
  return collectPages(sdk.paginateListDetectors({ client }, {}), (page) => page.DetectorIds);
}

export default defineStep<GuardDutyState, NoInputs, GuardDutyChange>({
  id: 'guardduty',
  title: 'GuardDuty threat detection is on',
  why: 'GuardDuty watches CloudTrail events, VPC flow logs and DNS queries for signs of compromise such as leaked keys used from elsewhere, crypto-mining or reconnaissance; without a detector nothing raises the alarm.',
  scope: 'region',
  permissions: {
    observe: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
    // The first detector creates the AWSServiceRoleForAmazonGuardDuty service-linked role. TagResource:
    // the tags given to CreateDetector may be authorized as tagging too, as most services do.
    apply: ['guardduty:CreateDetector', 'guardduty:TagResource', 'guardduty:UpdateDetector', 'iam:CreateServiceLinkedRole'],
    undo: ['guardduty:DeleteDetector', 'guardduty:UpdateDetector'],
  },
  inputs: { schema: z.object({}).strict() as z.ZodType<NoInputs>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('guardduty');
    const ids = await detectorIds(ctx);
    const detectors = await Promise.all(ids.map(async (id) => {
      const detector = await client.send(new sdk.GetDetectorCommand({ DetectorId: id }));
      // GetDetector returns the detector's tags: undo checks the run's tag with no extra read.
      const tags = detector.Tags && Object.keys(detector.Tags).length ? { tags: detector.Tags } : {};
      return { id, status: detector.Status ?? 'UNKNOWN', ...tags };
    }));
    return { detectors };
  },

  plan(state, _inputs, ctx) {
    const enabled = state.detectors.find((d) => d.status === 'ENABLED');
    if (enabled) return { changes: [] };
    const suspended = state.detectors[0];
    if (suspended) {
      return {
        changes: [{
          summary: `Resume the suspended GuardDuty detector ${suspended.id}`,
          before: { detector: suspended.id, status: suspended.status },
          after: { detector: suspended.id, status: 'ENABLED' },
          payload: { action: 'resume', detectorId: suspended.id },
        }],
        notes: ['The detector keeps its id, settings, tags and earlier findings (aws-bootstrap did not create it, so it does not tag it); a second detector cannot be created beside it.'],
      };
    }
    return {
      changes: [{
        summary: 'Create an enabled GuardDuty detector',
        before: 'no detector',
        after: { status: 'ENABLED', tags: tagsText(ctx.runId) },
        payload: { action: 'create' },
      }],
      notes: ['GuardDuty is billed by the volume of events it analyzes, after a 30-day free trial in each region.'],
    };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('guardduty');
    const { payload } = change;
    if (payload.action === 'resume') {
      await client.send(new sdk.UpdateDetectorCommand({ DetectorId: payload.detectorId, Enable: true }));
      return { kind: 'suspend-detector', description: `Suspend the GuardDuty detector ${payload.detectorId} in ${ctx.region} again`, detectorId: payload.detectorId };
    }
    // One token for this change, resent by every SDK retry: GuardDuty answers a retry after a lost
    // answer with the detector the first attempt made, instead of "a detector already exists".
    const { DetectorId } = await client.send(new sdk.CreateDetectorCommand({ Enable: true, Tags: bootstrapTags(ctx.runId), ClientToken: randomUUID() }));
    if (!DetectorId) throw new Error(`guardduty:CreateDetector in ${ctx.region} returned no detector id`);
    return { kind: 'delete-detector', description: `Delete the GuardDuty detector ${DetectorId} in ${ctx.region} (its findings go with it)`, detectorId: DetectorId };
  },

  async undo(ctx, action: UndoAction) {
    const { client, sdk } = await ctx.aws.use('guardduty');
    const detectorId = action.detectorId as string;
    // Suspending again is harmless, so a blind retry of it is too.
    if (action.kind === 'suspend-detector') {
      await client.send(new sdk.UpdateDetectorCommand({ DetectorId: detectorId, Enable: false }));
      return;
    }
    try {
      await client.send(new sdk.DeleteDetectorCommand({ DetectorId: detectorId }));
    } catch (error) {
      // GuardDuty answers BadRequestException for a detector that is gone (as a retry after a lost
      // answer finds it), but for bad input too: it is done only if the detector is no longer listed.
      if (!isErrorCode(error, 'BadRequestException') || (await detectorIds(ctx)).includes(detectorId)) throw error;
    }
  },

  undoDrift(state, action, recorded) {
    const detector = state.detectors.find((d) => d.id === action.detectorId);
    if (!detector) return `the detector ${String(action.detectorId)} no longer exists`;
    // Deleting is for a detector this run created; suspending again applies to one it only resumed.
    if (action.kind === 'delete-detector' && recorded) {
      const notOurs = notCreatedByRun(detector.tags, recorded.runId, `the detector ${detector.id}`);
      if (notOurs) return notOurs;
    }
    return detector.status === 'ENABLED' ? undefined : `the detector ${detector.id} was suspended since this run`;
  },
});
