/** An IAM Access Analyzer with the account as zone of trust watches each region. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Question, type StepContext, type UndoAction } from '../src/core/step.js';
import { bootstrapTags, notCreatedByRun, tagsText } from '../src/tags.js';
import { promptValidator } from '../src/validate.js';

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
  .max(255, 'an analyzer name is at most 255 characters')
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'expected a letter, then letters, digits, _ . or -, like account-analyzer');

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
    message: 'Name for the new account analyzers:',
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

export default defineStep<AccessAnalyzerState, AccessAnalyzerInputs, AccessAnalyzerChange>({
  id: 'access-analyzer',
  title: 'IAM Access Analyzer reports resources shared outside the account',
  why: 'A bucket policy, role trust policy or KMS key policy that lets another account or the public in is easy to write by mistake; an account analyzer finds each one and keeps checking as policies change.',
  scope: 'region',
  permissions: {
    observe: ['access-analyzer:ListAnalyzers'],
    // The first analyzer creates the AWSServiceRoleForAccessAnalyzer service-linked role. TagResource:
    // the tags given to CreateAnalyzer may be authorized as tagging too, as most services do.
    apply: ['access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:DeleteAnalyzer', 'iam:CreateServiceLinkedRole'],
    undo: ['access-analyzer:DeleteAnalyzer'],
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
    if (active) return { changes: [], notes: [`The account analyzer ${active.name} already covers the region.`] };
    // AWS shows a new analyzer as CREATING for a while: it is there, and a second one cannot be created beside it.
    const creating = state.analyzers.find((a) => a.status === 'CREATING');
    if (creating) return { changes: [], notes: [`The account analyzer ${creating.name} is being created; it covers the region as soon as AWS makes it active.`] };
    const other = state.analyzers.find((a) => !hasFailed(a));
    if (other) {
      const reason = other.statusReason ? ` (${other.statusReason})` : '';
      return { changes: [], skipped: `the account analyzer ${other.name} is ${other.status}${reason}; AWS allows one per region, so fix or delete it by hand` };
    }
    // Only failed ones, if any: they analyze nothing but hold the region's one place, so they go first.
    const failed = state.analyzers.filter(hasFailed);
    return {
      changes: [
        ...failed.map((a) => ({
          summary: `Delete the account analyzer ${a.name}, whose creation failed${a.statusReason ? ` (${a.statusReason})` : ''}`,
          before: { name: a.name, status: a.status, ...(a.statusReason ? { statusReason: a.statusReason } : {}) },
          after: 'deleted',
          destructive: true,
          payload: { failedAnalyzerName: a.name },
        })),
        {
          summary: `Create the account analyzer ${inputs.name}`,
          before: 'no account analyzer',
          after: { name: inputs.name, type: 'ACCOUNT', tags: tagsText(ctx.runId) },
          payload: { analyzerName: inputs.name },
        },
      ],
      notes: [
        ...(failed.length ? ['An analyzer whose creation failed analyzes nothing and has no findings; AWS allows one account analyzer per region, so it is deleted to make room for a working one.'] : []),
        'Type ACCOUNT analyzes external access at no charge (the *_UNUSED_ACCESS types are billed and are not used here).',
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
        description: `Bring back the failed account analyzer ${name} in ${ctx.region}`,
        analyzerName: name,
        manual: `A failed analyzer cannot be recreated as it was (its creation had failed, so it analyzed nothing and had no findings); to have an analyzer named ${name} again, create it in the IAM Access Analyzer console.`,
      };
    }
    const { client, sdk } = await ctx.aws.use('accessanalyzer');
    const { analyzerName } = payload;
    // One token for this change, resent by every SDK retry: AWS answers a retry after a lost
    // answer with the analyzer the first attempt made, instead of a conflict.
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName, type: 'ACCOUNT', tags: bootstrapTags(ctx.runId), clientToken: randomUUID() }));
    return { kind: 'delete-analyzer', description: `Delete the account analyzer ${analyzerName} in ${ctx.region}`, analyzerName };
  },

  async undo(ctx, action: UndoAction) {
    await deleteAnalyzer(ctx, action.analyzerName as string);
  },

  undoDrift(state, action, recorded) {
    const found = state.analyzers.find((a) => a.name === action.analyzerName);
    if (!found) return `the analyzer ${String(action.analyzerName)} no longer exists`;
    // Only deleting is guarded by the run's tag; a manual record calls nothing.
    if (action.kind !== 'delete-analyzer' || !recorded) return undefined;
    return notCreatedByRun(found.tags, recorded.runId, `the analyzer ${found.name}`);
  },
});
