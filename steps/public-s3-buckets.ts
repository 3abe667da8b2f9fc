/**
 * No bucket policy or ACL would make a bucket public (checked only, in every enabled region, for
 * the buckets that live there): a policy S3 calls public (GetBucketPolicyStatus judges the policy
 * itself, whatever Block Public Access says) or an ACL granting AllUsers or AuthenticatedUsers.
 * Where Block Public Access (the account's or the bucket's) stops that access it is information
 * for the day someone relaxes it; where nothing stops it, the bucket is public now.
 */
import { z } from 'zod';
import { isErrorCode } from '../src/aws/errors.js';
import { defineStep, type Finding, type StepContext } from '../src/core/step.js';
import { texts } from '../src/i18n/index.js';
import { accountBuckets } from './shared/buckets.js';

const PUBLIC_GROUPS: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

const en = {
  title: 'No bucket policy or ACL would make a bucket public',
  why: 'Block Public Access is the only thing between a public bucket policy or ACL and the internet: the day someone turns it off to fix something else, every such bucket is readable by anyone.',
  policy: 'its bucket policy',
  acl: (grants: readonly string[]) => `its ACL (${grants.join(', ')})`,
  blocked: (bucket: string, what: string) => `Bucket ${bucket} would be public through ${what} if Block Public Access were turned off.`,
  blockedWhy: 'Block Public Access stops it today; relaxing it for any reason would expose the bucket at once.',
  open: (bucket: string, what: string) => `Bucket ${bucket} is public now through ${what}: Block Public Access does not stop it.`,
  openWhy: 'Anyone on the internet can use the access it grants (read, list, or write) without signing in.',
  fixPolicy: (bucket: string) => `Remove the statements that allow everyone ("Principal": "*") or narrow them with a condition: S3 console → ${bucket} → Permissions → Bucket policy. CLI: \`aws s3api get-bucket-policy --bucket ${bucket}\`, then \`aws s3api put-bucket-policy\` (or \`delete-bucket-policy\`).`,
  fixAcl: (bucket: string) => `Remove the public grants, or disable ACLs altogether: S3 console → ${bucket} → Permissions → Object Ownership → Bucket owner enforced. CLI: \`aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'\`.`,
  readOnly: 'public-s3-buckets is a read-only check; change bucket policies and ACLs yourself once you know who reads them',
};

const t = texts('public-s3-buckets', en, {
  title: 'バケットポリシーや ACL でパブリックになるバケットがない',
  why: 'パブリックなバケットポリシーや ACL とインターネットの間にあるのはブロックパブリックアクセスだけです。別の作業のために誰かがそれを無効にした日に、そうしたバケットはすべて誰でも読めるようになります。',
  policy: 'バケットポリシー',
  acl: (grants: readonly string[]) => `ACL (${grants.join(', ')})`,
  blocked: (bucket: string, what: string) => `バケット ${bucket} は、ブロックパブリックアクセスを無効にすると${what}によってパブリックになります。`,
  blockedWhy: '今はブロックパブリックアクセスが止めていますが、理由を問わずそれを緩めるとすぐにバケットが公開されます。',
  open: (bucket: string, what: string) => `バケット ${bucket} は${what}によって今パブリックです。ブロックパブリックアクセスでは止められていません。`,
  openWhy: 'インターネット上の誰もが、サインインせずに許可されたアクセス (読み取り、一覧、書き込み) を使えます。',
  fixPolicy: (bucket: string) => `すべての人を許可するステートメント ("Principal": "*") を削除するか、条件で絞ってください: S3 コンソール → ${bucket} →「アクセス許可」→「バケットポリシー」。CLI: \`aws s3api get-bucket-policy --bucket ${bucket}\` のあと \`aws s3api put-bucket-policy\` (または \`delete-bucket-policy\`)。`,
  fixAcl: (bucket: string) => `パブリックな許可を削除するか、ACL 自体を無効にしてください: S3 コンソール → ${bucket} →「アクセス許可」→「オブジェクト所有者」→「バケット所有者の強制」。CLI: \`aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'\`。`,
  readOnly: 'public-s3-buckets は読み取り専用のチェックです。誰が読んでいるかを確かめてから、バケットポリシーや ACL はご自身で変更してください。',
});

/** The two Block Public Access settings that stop existing public access (the other two stop new grants). */
export interface Blocking {
  readonly IgnorePublicAcls: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export interface ObservedBucket {
  readonly name: string;
  /** GetBucketPolicyStatus says the policy is public. */
  readonly policyPublic: boolean;
  /** Public ACL grants, as `AllUsers:READ`. */
  readonly publicGrants: readonly string[];
  /** The bucket's own Block Public Access (absent: none). */
  readonly block?: Blocking;
}

export interface PublicS3BucketsState {
  /** The account's Block Public Access (absent: none). */
  readonly accountBlock?: Blocking;
  /** Only the buckets in this region with a public policy or ACL. */
  readonly buckets: readonly ObservedBucket[];
}

/** This region's buckets, asked of its own endpoint (where a listing left out the buckets' regions). */
async function regionBuckets(ctx: StepContext): Promise<string[]> {
  const { client, sdk } = await ctx.aws.use('s3');
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new sdk.ListBucketsCommand({ BucketRegion: ctx.region, ...(token ? { ContinuationToken: token } : {}) }));
    names.push(...(page.Buckets ?? []).map((b) => b.Name!));
    token = page.ContinuationToken;
  } while (token);
  return names;
}

const blockingOf = (config: { IgnorePublicAcls?: boolean; RestrictPublicBuckets?: boolean } | undefined): Blocking | undefined =>
  config ? { IgnorePublicAcls: config.IgnorePublicAcls === true, RestrictPublicBuckets: config.RestrictPublicBuckets === true } : undefined;

export default defineStep<PublicS3BucketsState, Record<string, never>, never, never>({
  id: 'public-s3-buckets',
  get title() {
    return t.title;
  },
  get why() {
    return t.why;
  },
  scope: 'region',
  readOnly: true,
  permissions: {
    observe: ['s3:ListAllMyBuckets', 's3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
    apply: [],
    // Every bucket's policy status, ACL and Block Public Access, whatever its name.
    scopes: (c) => [
      { name: 'Buckets', actions: ['s3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:GetBucketPublicAccessBlock'], resources: [`arn:${c.partition}:s3:::*`] },
    ],
  },
  inputs: { schema: z.object({}).strict() as z.ZodType<Record<string, never>>, questions: () => [] },

  async observe(ctx) {
    const { client, sdk } = await ctx.aws.use('s3');
    // Only this region's buckets: the account's list is read once for every region, each taking its own.
    const listed = await accountBuckets(ctx);
    const names = listed.every((b) => b.region) ? listed.filter((b) => b.region === ctx.region).map((b) => b.name) : await regionBuckets(ctx);
    const buckets: ObservedBucket[] = [];
    await Promise.all(names.map(async (name) => {
      const policyPublic = await client.send(new sdk.GetBucketPolicyStatusCommand({ Bucket: name })).then(
        (out) => out.PolicyStatus?.IsPublic === true,
        (error: unknown) => (isErrorCode(error, 'NoSuchBucketPolicy') ? false : Promise.reject(error)),
      );
      const { Grants = [] } = await client.send(new sdk.GetBucketAclCommand({ Bucket: name }));
      const publicGrants = Grants.flatMap((g) => (g.Grantee?.URI && PUBLIC_GROUPS[g.Grantee.URI] ? [`${PUBLIC_GROUPS[g.Grantee.URI]}:${g.Permission}`] : []));
      if (!policyPublic && !publicGrants.length) return;
      const block = await client.send(new sdk.GetPublicAccessBlockCommand({ Bucket: name })).then(
        (out) => blockingOf(out.PublicAccessBlockConfiguration),
        (error: unknown) => (isErrorCode(error, 'NoSuchPublicAccessBlockConfiguration') ? undefined : Promise.reject(error)),
      );
      buckets.push({ name, policyPublic, publicGrants, ...(block ? { block } : {}) });
    }));
    if (!buckets.length) return { buckets: [] };
    const control = await ctx.aws.use('s3control');
    const accountBlock = await control.client.send(new control.sdk.GetPublicAccessBlockCommand({ AccountId: ctx.accountId })).then(
      (out) => blockingOf(out.PublicAccessBlockConfiguration),
      (error: unknown) => (isErrorCode(error, 'NoSuchPublicAccessBlockConfiguration') ? undefined : Promise.reject(error)),
    );
    return { ...(accountBlock ? { accountBlock } : {}), buckets: buckets.sort((a, b) => a.name.localeCompare(b.name)) };
  },

  plan(state) {
    const stops = (bucket: ObservedBucket, setting: keyof Blocking) => state.accountBlock?.[setting] === true || bucket.block?.[setting] === true;
    const findings: Finding[] = state.buckets.flatMap((b) => {
      const found: Finding[] = [];
      if (b.policyPublic) {
        const blocked = stops(b, 'RestrictPublicBuckets');
        found.push({ resource: `${b.name} policy`, severity: blocked ? 'info' : 'high', what: (blocked ? t.blocked : t.open)(b.name, t.policy), why: blocked ? t.blockedWhy : t.openWhy, advice: t.fixPolicy(b.name) });
      }
      if (b.publicGrants.length) {
        const blocked = stops(b, 'IgnorePublicAcls');
        found.push({ resource: `${b.name} acl`, severity: blocked ? 'info' : 'high', what: (blocked ? t.blocked : t.open)(b.name, t.acl(b.publicGrants)), why: blocked ? t.blockedWhy : t.openWhy, advice: t.fixAcl(b.name) });
      }
      return found;
    });
    const line = (f: Finding) => `${f.what} ${f.why} ${f.advice}`;
    const urgent = findings.filter((f) => f.severity !== 'info');
    if (!findings.length) return { changes: [] };
    // Public now: action needed. Public only if Block Public Access were off: information (the step stays compliant).
    return urgent.length
      ? { changes: [], findings, advice: urgent.map(line), ...(urgent.length < findings.length ? { notes: findings.filter((f) => f.severity === 'info').map(line) } : {}) }
      : { changes: [], findings, notes: findings.map(line) };
  },

  apply() {
    return Promise.reject(new Error(t.readOnly));
  },
});
