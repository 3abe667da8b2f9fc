/** GuardDuty threat detection is on in each region. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type StepContext } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { bootstrapTags, notCreatedByRun, tagsText } from '../src/core/tags.js';
import { serviceLinkedRole } from '../src/core/permission-scopes.js';

const en = {
  title: 'GuardDuty threat detection is on',
  why: 'GuardDuty watches CloudTrail events, VPC flow logs and DNS queries for signs of compromise such as leaked keys used from elsewhere, crypto-mining or reconnaissance; without a detector nothing raises the alarm.',
  resume: (id: string) => `Resume the suspended GuardDuty detector ${id}`,
  resumeNote: 'The detector keeps its id, settings, tags and earlier findings (aws-bootstrap did not create it, so it does not tag it); a second detector cannot be created beside it.',
  create: 'Create an enabled GuardDuty detector',
  noDetector: 'no detector',
  /** The cost, stated before the detector is created. */
  costNote: 'GuardDuty is billed by the volume of events it analyzes, after a 30-day free trial in each region.',
  noDetectorId: (region: string) => `guardduty:CreateDetector in ${region} returned no detector id`,
  undo: {
    suspend: (id: string, region: string) => `Suspend the GuardDuty detector ${id} in ${region} again`,
    delete: (id: string, region: string) => `Delete the GuardDuty detector ${id} in ${region} (its findings go with it)`,
  },
  drift: {
    gone: (id: string) => `the detector ${id} no longer exists`,
    /** How the tag check names the detector. */
    what: (id: string) => `the detector ${id}`,
    suspended: (id: string) => `the detector ${id} was suspended since this run`,
  },
};

const t = texts('guardduty', en, {
  title: 'GuardDuty の脅威検出が有効になっている',
  why: 'GuardDuty は CloudTrail のイベント、VPC フローログ、DNS クエリを監視し、漏えいしたキーの外部からの使用、暗号通貨のマイニング、偵察などの侵害の兆候を検出します。検出器がなければ、異常があっても誰にも知らされません。',
  resume: (id: string) => `停止中の GuardDuty 検出器 ${id} を再度有効にする`,
  resumeNote: '検出器の ID、設定、タグ、これまでの検出結果はそのまま残ります (aws-bootstrap が作成した検出器ではないため、タグは付けません)。この検出器がある限り、2 つ目の検出器は作成できません。',
  create: '有効な GuardDuty 検出器を作成する',
  noDetector: '検出器なし',
  costNote: 'GuardDuty は、各リージョンで 30 日間の無料トライアルの後、分析したイベントの量に応じて課金されます。',
  noDetectorId: (region: string) => `${region} の guardduty:CreateDetector が検出器 ID を返しませんでした。`,
  undo: {
    suspend: (id: string, region: string) => `${region} の GuardDuty 検出器 ${id} を再び停止する`,
    delete: (id: string, region: string) => `${region} の GuardDuty 検出器 ${id} を削除する (その検出結果も削除される)`,
  },
  drift: {
    gone: (id: string) => `検出器 ${id} はもう存在しない`,
    what: (id: string) => `検出器 ${id}`,
    suspended: (id: string) => `検出器 ${id} はこの実行の後に停止されている`,
  },
});

/** The region's detectors (GuardDuty allows one), whether each is running or suspended, and their tags. */
export type GuardDutyState = { detectors: Array<{ id: string; status: string; tags?: Record<string, string> }> };

type NoInputs = Record<string, never>;

/** Create a detector, or resume the suspended one. */
export type GuardDutyChange = { action: 'create' } | { action: 'resume'; detectorId: string };

async function detectorIds(ctx: StepContext): Promise<string[]> {
  const { client, sdk } = await ctx.aws.use('guardduty');
  return collectPages(sdk.paginateListDetectors({ client }, {}), (page) => page.DetectorIds);
}

/** Delete the detector this run created, or suspend again the one it resumed. */
export type GuardDutyUndo =
  | { kind: 'delete-detector'; description: string; detectorId: string }
  | { kind: 'suspend-detector'; description: string; detectorId: string };

export default defineStep<GuardDutyState, NoInputs, GuardDutyChange, GuardDutyUndo>({
  id: 'guardduty',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  permissions: {
    observe: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
    // The first detector creates the AWSServiceRoleForAmazonGuardDuty service-linked role. TagResource:
    // the tags given to CreateDetector may be authorized as tagging too, as most services do.
    apply: ['guardduty:CreateDetector', 'guardduty:TagResource', 'guardduty:UpdateDetector', 'iam:CreateServiceLinkedRole'],
    undo: ['guardduty:DeleteDetector', 'guardduty:UpdateDetector'],
    // Detector ids are AWS's (one detector a region); CreateDetector and ListDetectors take no resource.
    // A new detector can bring Malware Protection's role too.
    scopes: (c) => [serviceLinkedRole(c, 'guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com')],
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
          summary: t.resume(suspended.id),
          before: { detector: suspended.id, status: suspended.status },
          after: { detector: suspended.id, status: 'ENABLED' },
          payload: { action: 'resume', detectorId: suspended.id },
        }],
        notes: [t.resumeNote],
      };
    }
    return {
      changes: [{
        summary: t.create,
        before: t.noDetector,
        after: { status: 'ENABLED', tags: tagsText(ctx.runId) },
        payload: { action: 'create' },
      }],
      notes: [t.costNote],
    };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('guardduty');
    const { payload } = change;
    if (payload.action === 'resume') {
      await client.send(new sdk.UpdateDetectorCommand({ DetectorId: payload.detectorId, Enable: true }));
      return { kind: 'suspend-detector', description: t.undo.suspend(payload.detectorId, ctx.region), detectorId: payload.detectorId };
    }
    // One token for this change, resent by every SDK retry: GuardDuty answers a retry after a lost
    // answer with the detector the first attempt made, instead of "a detector already exists".
    const { DetectorId } = await client.send(new sdk.CreateDetectorCommand({ Enable: true, Tags: bootstrapTags(ctx.runId), ClientToken: randomUUID() }));
    if (!DetectorId) throw new Error(t.noDetectorId(ctx.region));
    return { kind: 'delete-detector', description: t.undo.delete(DetectorId, ctx.region), detectorId: DetectorId };
  },

  async undo(ctx, action) {
    const { client, sdk } = await ctx.aws.use('guardduty');
    const { detectorId } = action;
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
    if (!detector) return t.drift.gone(action.detectorId);
    // Deleting is for a detector this run created; suspending again applies to one it only resumed.
    if (action.kind === 'delete-detector' && recorded) {
      const notOurs = notCreatedByRun(detector.tags, recorded.runId, t.drift.what(detector.id));
      if (notOurs) return notOurs;
    }
    return detector.status === 'ENABLED' ? undefined : t.drift.suspended(detector.id);
  },
});
