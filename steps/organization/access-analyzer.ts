/**
 * IAM Access Analyzer for the whole organization: one analyzer of type ORGANIZATION (zone of
 * trust: the organization) per region, in the security account, which Organizations has
 * registered as Access Analyzer's delegated administrator (organization-access). It analyzes
 * every account, new ones included, so no account needs its own analyzer.
 */
import { randomUUID } from 'node:crypto';
import { collectPages } from '../../src/aws/paginate.js';
import { isErrorCode } from '../../src/aws/errors.js';
import { bootstrapTags, notCreatedByRun, tagsText } from '../../src/core/tags.js';
import { defineStep } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { z } from 'zod';
import { named, organizationOf } from './shared.js';

const en = {
  title: 'One IAM Access Analyzer covers the whole organization in each region',
  why: 'An analyzer whose zone of trust is the organization, kept in the security account, finds every resource of any account shared outside the organization, accounts created later included, with the findings in one place instead of one analyzer per account.',
  create: (name: string, account: string) => `Create the organization analyzer ${name} in ${account}`,
  noAnalyzer: 'no organization analyzer',
  exists: (name: string, account: string) => `The organization analyzer ${name} in ${account} covers this region.`,
  freeNote: 'Analyzers of type ORGANIZATION analyze external access at no charge.',
  undo: { delete: (name: string, account: string, region: string) => `Delete the organization analyzer ${name} in ${account} in ${region}` },
  drift: { gone: (name: string) => `the analyzer ${name} no longer exists`, what: (name: string) => `the analyzer ${name}` },
};

const t = texts('organization-access-analyzer', en, {
  title: '各リージョンで 1 つの IAM Access Analyzer が組織全体を対象にしている',
  why: '組織を信頼ゾーンとするアナライザーをセキュリティアカウントに置くと、後から作成されるアカウントも含めて、組織の外部と共有されているリソースをすべて見つけ、検出結果を 1 か所にまとめます。アカウントごとのアナライザーは要りません。',
  create: (name: string, account: string) => `${account} に組織のアナライザー ${name} を作成する`,
  noAnalyzer: '組織のアナライザーなし',
  exists: (name: string, account: string) => `${account} の組織のアナライザー ${name} がこのリージョンを対象にしています。`,
  freeNote: 'タイプ ORGANIZATION のアナライザーは外部アクセスを無料で分析します。',
  undo: { delete: (name: string, account: string, region: string) => `${region} の ${account} の組織のアナライザー ${name} を削除する` },
  drift: { gone: (name: string) => `アナライザー ${name} はもう存在しない`, what: (name: string) => `アナライザー ${name}` },
});

export const ORGANIZATION_ANALYZER_NAME = 'aws-bootstrap-organization-analyzer';

export interface OrganizationAnalyzerState {
  readonly securityAccount: string;
  readonly security: string;
  readonly analyzers: Array<{ name: string; status: string; tags?: Record<string, string> }>;
}

type NoInputs = Record<string, never>;

export type OrganizationAnalyzerUndo = { kind: 'delete-organization-analyzer'; description: string; accountId: string; analyzerName: string };

export default defineStep<OrganizationAnalyzerState, NoInputs, { accountId: string; analyzerName: string }, OrganizationAnalyzerUndo>({
  id: 'organization-access-analyzer',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  organization: {
    covers: ['access-analyzer'],
    inSecurityAccount: ['access-analyzer:ListAnalyzers', 'access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:DeleteAnalyzer', 'iam:CreateServiceLinkedRole'],
  },
  needs: ['organization-access'],
  permissions: {
    observe: ['access-analyzer:ListAnalyzers'],
    apply: ['access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', 'iam:CreateServiceLinkedRole'],
    undo: ['access-analyzer:DeleteAnalyzer'],
  },
  inputs: { schema: z.object({}).strict() as z.ZodType<NoInputs>, questions: () => [] },

  async observe(ctx) {
    const org = organizationOf(ctx, 'organization-access-analyzer');
    const { client, sdk } = await org.in(org.securityAccount).use('accessanalyzer');
    const analyzers = await collectPages(sdk.paginateListAnalyzers({ client }, { type: 'ORGANIZATION' }), (page) => page.analyzers);
    return {
      securityAccount: org.securityAccount,
      security: named(org, org.securityAccount),
      analyzers: analyzers.map((a) => ({ name: a.name ?? '', status: a.status ?? 'UNKNOWN', ...(a.tags && Object.keys(a.tags).length ? { tags: a.tags } : {}) })),
    };
  },

  plan(state, _inputs, ctx) {
    const working = state.analyzers.find((a) => a.status === 'ACTIVE' || a.status === 'CREATING');
    if (working) return { changes: [], notes: [t.exists(working.name, state.security)] };
    return {
      changes: [{
        summary: t.create(ORGANIZATION_ANALYZER_NAME, state.security),
        before: t.noAnalyzer,
        after: { name: ORGANIZATION_ANALYZER_NAME, type: 'ORGANIZATION', account: state.security, tags: tagsText(ctx.runId) },
        payload: { accountId: state.securityAccount, analyzerName: ORGANIZATION_ANALYZER_NAME },
      }],
      notes: [t.freeNote],
    };
  },

  async apply(ctx, change) {
    const org = organizationOf(ctx, 'organization-access-analyzer');
    const { accountId, analyzerName } = change.payload;
    const { client, sdk } = await org.in(accountId).use('accessanalyzer');
    await client.send(new sdk.CreateAnalyzerCommand({ analyzerName, type: 'ORGANIZATION', tags: bootstrapTags(ctx.runId), clientToken: randomUUID() }));
    return { kind: 'delete-organization-analyzer', description: t.undo.delete(analyzerName, named(org, accountId), ctx.region), accountId, analyzerName };
  },

  async undo(ctx, action) {
    const org = organizationOf(ctx, 'organization-access-analyzer');
    const { client, sdk } = await org.in(action.accountId).use('accessanalyzer');
    try {
      await client.send(new sdk.DeleteAnalyzerCommand({ analyzerName: action.analyzerName }));
    } catch (error) {
      if (!isErrorCode(error, 'ResourceNotFoundException')) throw error;
    }
  },

  undoDrift(state, action, recorded) {
    const found = state.analyzers.find((a) => a.name === action.analyzerName);
    if (!found) return t.drift.gone(action.analyzerName);
    return recorded ? notCreatedByRun(found.tags, recorded.runId, t.drift.what(found.name)) : undefined;
  },
});
