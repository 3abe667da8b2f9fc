/** An IAM Access Analyzer with the account as zone of trust watches each region. */
import { z } from 'zod';
import { collectPages } from '../src/aws/paginate.js';
import { defineStep, type Question, type UndoAction } from '../src/engine/step.js';
import { promptValidator } from '../src/validate.js';

/** The region's account analyzers (type ACCOUNT only: the free external-access kind). */
export type AccessAnalyzerState = {
  analyzers: Array<{ name: string; arn: string; status: string; statusReason?: string }>;
};

export type AccessAnalyzerInputs = { name: string };

export const DEFAULT_ANALYZER_NAME = 'aws-bootstrap-account-analyzer';

// Pattern and length from the CreateAnalyzer reference.
const analyzerName = z
  .string()
  .trim()
  .max(255, 'an analyzer name is at most 255 characters')
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'expected a letter, then letters, digits, _ . or -, like account-analyzer');

const schema = z.object({ name: analyzerName.default(DEFAULT_ANALYZER_NAME) }).strict();

const isActive = (analyzer: AccessAnalyzerState['analyzers'][number]) => analyzer.status === 'ACTIVE';

/** Asks for a name only when some region will get a new analyzer. */
function questions(state: unknown, given: Readonly<Record<string, unknown>>): Question[] {
  if (given.name !== undefined) return [];
  const regions = Object.values((state ?? {}) as Record<string, AccessAnalyzerState>);
  if (regions.every((region) => region.analyzers.length > 0)) return [];
  return [{
    path: 'name',
    message: 'Name for the new account analyzers:',
    kind: 'text',
    default: DEFAULT_ANALYZER_NAME,
    validate: promptValidator(analyzerName),
  }];
}

export default defineStep<AccessAnalyzerState, AccessAnalyzerInputs, { analyzerName: string }>({
  id: 'access-analyzer',
  title: 'IAM Access Analyzer reports resources shared outside the account',
  why: 'A bucket policy, role trust policy or KMS key policy that lets another account or the public in is easy to write by mistake; an account analyzer finds each one and keeps checking as policies change.',
  scope: 'region',
  permissions: {
    observe: ['access-analyzer:ListAnalyzers'],
    // The first analyzer creates the AWSServiceRoleForAccessAnalyzer service-linked role.
    apply: ['access-analyzer:CreateAnalyzer', 'iam:CreateServiceLinkedRole'],
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
      })),
    };
  },

  plan(state, inputs) {
    const active = state.analyzers.find(isActive);
    if (active) return { changes: [], notes: [`The account analyzer ${active.name} already covers the region.`] };
    // AWS allows one account analyzer per region, so a second one cannot be created beside it.
    const existing = state.analyzers[0];
    if (existing?.status === 'CREATING') return { changes: [], skipped: `the account analyzer ${existing.name} is still being created; run again in a minute to confirm it is active` };
    if (existing) {
      const reason = existing.statusReason ? ` (${existing.statusReason})` : '';
      return { changes: [], skipped: `the account analyzer ${existing.name} is ${existing.status}${reason}; AWS allows one per region, so fix or delete it by hand` };
    }
    return {
      changes: [{
        summary: `Create the account analyzer ${inputs.name}`,
        before: 'no account analyzer',
        after: { name: inputs.name, type: 'ACCOUNT' },
        payload: { analyzerName: inputs.name },
      }],
      notes: ['Type ACCOUNT analyzes external access at no charge (the *_UNUSED_ACCESS types are billed and are not used here).'],
    };
  },

  async apply(ctx, change) {
    const { client, sdk } = await ctx.aws.use('accessanalyzer');
    const { analyzerName } = change.payload;
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName, type: 'ACCOUNT' }));
    return { kind: 'delete-analyzer', description: `Delete the account analyzer ${analyzerName} in ${ctx.region}`, analyzerName };
  },

  async undo(ctx, action: UndoAction) {
    const { client, sdk } = await ctx.aws.use('accessanalyzer');
    await client.send(new sdk.DeleteAnalyzerCommand({ analyzerName: action.analyzerName as string }));
  },

  undoDrift(state, action) {
    return state.analyzers.some((a) => a.name === action.analyzerName) ? undefined : `the analyzer ${String(action.analyzerName)} no longer exists`;
  },
});
