/**
 * The account's general purpose buckets, as ListBuckets lists them: the list is the account's
 * whatever endpoint answers it, so a run reads it once (`sharedRead`) for every step and region
 * that needs it (public-s3-buckets in each region, the log buckets' existence).
 */
import { collectPages } from '../../src/aws/paginate.js';
import { sharedRead, type StepContext } from '../../src/core/step.js';

export interface ListedBucket {
  readonly name: string;
  /** Where the bucket lives (S3 gives it when the request has a parameter, as this one has: MaxBuckets). */
  readonly region?: string;
}

/** S3's largest page; sending MaxBuckets also makes S3 answer each bucket's region. */
const PAGE = 10_000;

/** Every bucket of the account, read once per run where reads are shared (do not change the array). */
export function accountBuckets(ctx: StepContext): Promise<readonly ListedBucket[]> {
  return sharedRead(ctx, 's3:ListBuckets', async () => {
    const { client, sdk } = await ctx.aws.use('s3');
    const buckets = await collectPages(sdk.paginateListBuckets({ client }, { MaxBuckets: PAGE }), (page) => page.Buckets);
    return buckets.map((b) => ({ name: b.Name!, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) }));
  });
}
