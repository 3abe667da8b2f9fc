/** An IAM Access Analyzer with the account as zone of trust watches each region. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Question, type StepContext } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { bootstrapTags, notCreatedByRun, tagsText } from '../src/core/tags.js';
import { promptValidator } from '../src/validate.js';
import { serviceLinkedRole } from '../src/core/permission-scopes.js';

const en = {
  title: 'IAM Access Analyzer reports resources shared outside the account',
  why: 'A bucket policy, role trust policy or KMS key policy that lets another account or the public in is easy to write by mistake; an account analyzer finds each one and keeps checking as policies change.',
  name: {
    question: 'Name for the new account analyzers:',
    tooLong: 'an analyzer name is at most 255 characters',
    pattern: 'expected a letter, then letters, digits, _ . or -, like account-analyzer',
  },
  active: (name: string) => `The account analyzer ${name} already covers the region.`,
  creating: (name: string) => `The account analyzer ${name} is being created; it covers the region as soon as AWS makes it active.`,
  /** `reason` is AWS's status reason code, if any. */
  blocked: (name: string, status: string, reason: string | undefined) =>
    `the account analyzer ${name} is ${status}${reason ? ` (${reason})` : ''}; AWS allows one per region, so fix or delete it by hand`,
  deleteFailed: (name: string, reason: string | undefined) => `Delete the account analyzer ${name}, whose creation failed${reason ? ` (${reason})` : ''}`,
  deleted: 'deleted',
  create: (name: string) => `Create the account analyzer ${name}`,
  noAnalyzer: 'no account analyzer',
  failedNote: 'An analyzer whose creation failed analyzes nothing and has no findings; AWS allows one account analyzer per region, so it is deleted to make room for a working one.',
  freeNote: 'Type ACCOUNT analyzes external access at no charge (the *_UNUSED_ACCESS types are billed and are not used here).',
  undo: {
    recreate: (name: string, region: string) => `Bring back the failed account analyzer ${name} in ${region}`,
    recreateManual: (name: string) =>
      `A failed analyzer cannot be recreated as it was (its creation had failed, so it analyzed nothing and had no findings); to have an analyzer named ${name} again, create it in the IAM Access Analyzer console.`,
    delete: (name: string, region: string) => `Delete the account analyzer ${name} in ${region}`,
  },
  drift: {
    gone: (name: string) => `the analyzer ${name} no longer exists`,
    /** How the tag check names the analyzer. */
    what: (name: string) => `the analyzer ${name}`,
  },
};

const t = texts('access-analyzer', en, {
  title: 'IAM Access Analyzer がアカウント外と共有されたリソースを報告する',
  why: '他のアカウントや一般にアクセスを許すバケットポリシー、ロールの信頼ポリシー、KMS キーポリシーは、誤って書いてしまいがちです。アカウントを信頼ゾーンとするアナライザーはそれらを 1 つずつ検出し、ポリシーが変わっても確認し続けます。',
  name: {
    question: '新しく作成するアナライザーの名前:',
    tooLong: 'アナライザー名は 255 文字以内で指定してください',
    pattern: '英字で始まり、英字、数字、_ . - だけからなる名前を指定してください (例: account-analyzer)',
  },
  active: (name: string) => `アカウントを信頼ゾーンとするアナライザー ${name} がすでにこのリージョンを対象にしています。`,
  creating: (name: string) => `アナライザー ${name} は作成中です。AWS がアクティブにした時点でこのリージョンを対象にします。`,
  blocked: (name: string, status: string, reason: string | undefined) =>
    `アナライザー ${name} のステータスは ${status}${reason ? ` (${reason})` : ''} です。アカウントを信頼ゾーンとするアナライザーはリージョンごとに 1 つしか作成できないため、手動で修正するか削除してください。`,
  deleteFailed: (name: string, reason: string | undefined) => `作成に失敗したアナライザー ${name}${reason ? ` (${reason})` : ''} を削除する`,
  deleted: '削除済み',
  create: (name: string) => `アカウントを信頼ゾーンとするアナライザー ${name} を作成する`,
  noAnalyzer: 'アナライザーなし',
  failedNote: '作成に失敗したアナライザーは何も分析せず、検出結果もありません。アカウントを信頼ゾーンとするアナライザーはリージョンごとに 1 つしか作成できないため、正常に動作するアナライザーのために削除します。',
  freeNote: 'タイプ ACCOUNT のアナライザーは外部アクセスを無料で分析します (*_UNUSED_ACCESS タイプは有料のため、ここでは使いません)。',
  undo: {
    recreate: (name: string, region: string) => `${region} の作成に失敗したアナライザー ${name} を元に戻す`,
    recreateManual: (name: string) =>
      `作成に失敗したアナライザーを元の状態で作り直すことはできません (作成に失敗していたため、何も分析しておらず、検出結果もありませんでした)。${name} という名前のアナライザーが再び必要な場合は、IAM コンソールの [アクセスアナライザー] で作成してください。`,
    delete: (name: string, region: string) => `${region} のアナライザー ${name} を削除する`,
  },
  drift: {
    gone: (name: string) => `アナライザー ${name} はもう存在しない`,
    what: (name: string) => `アナライザー ${name}`,
  },
});

/** The region's account analyzers (type ACCOUNT only: the free external-access kind), with their tags. */
export type AccessAnalyzerState = {
  analyzers: Array<{ name: string; arn: string; status: string; statusReason?: string; tags?: Record<string, string> }>;
};

type Analyzer = AccessAnalyzerState['analyzers'][number];

export type AccessAnalyzerInputs = { name: string };

/** Create the account analyzer, or first delete a failed one that holds the region's one place for it. */
export type AccessAnalyzerChange = { analyzerName: string } | { failedAnalyzerName: string };

export const DEFAULT_ANALYZER_NAME = 'aws-bootstrap-account-analyzer';

// Pattern and length from the CreateAnalyzer reference.
const analyzerName = z
  .string()
  .trim()
  // Messages as functions: read in the language of the moment they are shown.
  .max(255, { error: () => t.name.tooLong })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: () => t.name.pattern });

const schema = z.object({ name: analyzerName.default(DEFAULT_ANALYZER_NAME) }).strict();

// AWS: FAILED means the analyzer's creation failed; it analyzes nothing.
const hasFailed = (analyzer: Analyzer) => analyzer.status === 'FAILED';

/** A region gets a new analyzer when it has none, or only failed ones. */
const needsNewAnalyzer = (state: AccessAnalyzerState) => state.analyzers.every(hasFailed);

/** Asks for a name only when some region will get a new analyzer. */
function questions(state: unknown, given: Readonly<Record<string, unknown>>): Question[] {
  if (given.name !== undefined) return [];
  const regions = Object.values((state ?? {}) as Record<string, AccessAnalyzerState>);
  if (!regions.some(needsNewAnalyzer)) return [];
  return [{
    path: 'name',
    message: t.name.question,
    kind: 'text',
    default: DEFAULT_ANALYZER_NAME,
    validate: promptValidator(analyzerName),
  }];
}

/** Deletes an analyzer. One already gone counts as deleted: a retry after a lost answer finds it so. */
async function deleteAnalyzer(ctx: StepContext, name: string): Promise<void> {
  const { client, sdk } = await ctx.aws.use('accessanalyzer');
  try {
    await client.send(new sdk.DeleteAnalyzerCommand({ analyzerName: name }));
  } catch (error) {
    if (!isErrorCode(error, 'ResourceNotFoundException')) throw error;
  }
}

/**
 * Delete the analyzer this run created, or (a manual record: nothing is called) the failed one
 * it deleted to make room.
 */
export type AccessAnalyzerUndo =
  | { kind: 'delete-analyzer'; description: string; analyzerName: string }
  | { kind: 'recreate-failed-analyzer'; description: string; analyzerName: string; manual: string };

export default defineStep<AccessAnalyzerState, AccessAnalyzerInputs, AccessAnalyzerChange, AccessAnalyzerUndo>({
  id: 'access-analyzer',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  permissions: {
    observe: ['access-analyzer:ListAnalyzers'],
    // The first analyzer creates the AWSServiceRoleForAccessAnalyzer service-linked role. TagResource:
    // the tags given to CreateAnalyzer may be authorized as tagging too, as most services do.
    apply: ['access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:DeleteAnalyzer', 'iam:CreateServiceLinkedRole'],
    undo: ['access-analyzer:DeleteAnalyzer'],
    scopes: (c) => [
      // A run first deletes failed analyzers, whatever their names (they hold the region's one place): on `*`; undo deletes only its own.
      { name: 'Analyzer', actions: ['access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', ...(c.mode === 'undo' ? ['access-analyzer:DeleteAnalyzer'] : [])], resources: [c.arn('access-analyzer', `analyzer/${c.input('name')}`)] },
      serviceLinkedRole(c, 'access-analyzer.amazonaws.com'),
    ],
  },
  inputs: { schema: schema as z.ZodType<AccessAnalyzerInputs>, questions },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('accessanalyzer');
    const analyzers = await collectPages(sdk.paginateListAnalyzers({ client }, { type: 'ACCOUNT' }), (page) => page.analyzers);
    return {
      analyzers: analyzers.map((a) => ({
        name: a.name ?? '',
        arn: a.arn ?? '',
        status: a.status ?? 'UNKNOWN',
        ...(a.statusReason?.code ? { statusReason: a.statusReason.code } : {}),
        // ListAnalyzers returns each analyzer's tags: undo checks the run's tag with no extra read.
        ...(a.tags && Object.keys(a.tags).length ? { tags: a.tags } : {}),
      })),
    };
  },

  plan(state, inputs, ctx) {
    const active = state.analyzers.find((a) => a.status === 'ACTIVE');
    if (active) return { changes: [], notes: [t.active(active.name)] };
    // AWS shows a new analyzer as CREATING for a while: it is there, and a second one cannot be created beside it.
    const creating = state.analyzers.find((a) => a.status === 'CREATING');
    if (creating) return { changes: [], notes: [t.creating(creating.name)] };
    const other = state.analyzers.find((a) => !hasFailed(a));
    if (other) return { changes: [], skipped: t.blocked(other.name, other.status, other.statusReason) };
    // Only failed ones, if any: they analyze nothing but hold the region's one place, so they go first.
    const failed = state.analyzers.filter(hasFailed);
    return {
      changes: [
        ...failed.map((a) => ({
          summary: t.deleteFailed(a.name, a.statusReason),
          before: { name: a.name, status: a.status, ...(a.statusReason ? { statusReason: a.statusReason } : {}) },
          after: t.deleted,
          destructive: true,
          payload: { failedAnalyzerName: a.name },
        })),
        {
          summary: t.create(inputs.name),
          before: t.noAnalyzer,
          after: { name: inputs.name, type: 'ACCOUNT', tags: tagsText(ctx.runId) },
          payload: { analyzerName: inputs.name },
        },
      ],
      notes: [
        ...(failed.length ? [t.failedNote] : []),
        t.freeNote,
      ],
    };
  },

  async apply(ctx, change) {
    const { payload } = change;
    if ('failedAnalyzerName' in payload) {
      const name = payload.failedAnalyzerName;
      await deleteAnalyzer(ctx, name);
      return {
        kind: 'recreate-failed-analyzer',
        description: t.undo.recreate(name, ctx.region),
        analyzerName: name,
        manual: t.undo.recreateManual(name),
      };
    }
    const { client, sdk } = await ctx.aws.use('accessanalyzer');
    const { analyzerName } = payload;
    // One token for this change, resent by every SDK retry: AWS answers a retry after a lost
    // answer with the analyzer the first attempt made, instead of a conflict.
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName, type: 'ACCOUNT', tags: bootstrapTags(ctx.runId), clientToken: randomUUID() }));
    return { kind: 'delete-analyzer', description: t.undo.delete(analyzerName, ctx.region), analyzerName };
  },

  // Only a delete-analyzer record reaches here: the engine calls nothing for a manual one.
  async undo(ctx, action) {
    await deleteAnalyzer(ctx, action.analyzerName);
  },

  undoDrift(state, action, recorded) {
    const found = state.analyzers.find((a) => a.name === action.analyzerName);
    if (!found) return t.drift.gone(action.analyzerName);
    // Only deleting is guarded by the run's tag; a manual record calls nothing.
    if (action.kind !== 'delete-analyzer' || !recorded) return undefined;
    return notCreatedByRun(found.tags, recorded.runId, t.drift.what(found.name));
  },
});
