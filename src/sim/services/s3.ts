/**
 * S3 in the simulated account: buckets and the bucket settings a CloudTrail log bucket needs
 * (Block Public Access, object ownership, default encryption, policy, lifecycle). New buckets
 * get what AWS gives them since 2023: Block Public Access on, ACLs disabled (bucket owner
 * enforced) and SSE-S3 encryption.
 */
import { loadSdk } from '../../aws/clients.js';
import { awsCodeError, awsError, type SimRequest, type SimService } from '../service.js';
import { pageOf } from '../paging.js';
import type { SimBucket } from '../alerting-state.js';
import type { SimState } from '../state.js';

const { BucketAlreadyExists, BucketAlreadyOwnedByYou, NoSuchBucket, S3ServiceException } = loadSdk('s3');

type Input = Record<string, unknown>;
type PublicAccessBlock = NonNullable<SimBucket['publicAccessBlock']>;

const CREATED = '2026-01-01T00:00:00.000Z';
const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const OWNERSHIPS = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];
const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];
/** What S3 gives a bucket without its own encryption configuration (since January 2023). */
const DEFAULT_ENCRYPTION = [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }];

/** S3's unmodeled errors carry their code as the name, as the SDK parses them from the XML body. */
const s3Error = (code: string, message: string, status = 400) => awsCodeError(s3, code, message, status);

/** The bucket naming rules for general purpose buckets. */
function validBucketName(name: unknown): name is string {
  return typeof name === 'string'
    && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)
    && !name.includes('..')
    && !/^\d+\.\d+\.\d+\.\d+$/.test(name)
    && !/^(xn--|sthree-|amzn-s3-demo-)/.test(name)
    && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name);
}

const bucketsOf = (state: SimState) => (state.s3Buckets ??= {});

/**
 * The caller's bucket, asked for at the endpoint of `region`. A bucket that lives elsewhere gets
 * the 301 S3 answers from another region's endpoint (the SDK does not follow it unless told to).
 */
function bucket({ state, input, region }: SimRequest): SimBucket {
  const name = input.Bucket;
  const found = typeof name === 'string' ? state.s3Buckets?.[name] : undefined;
  if (!found) {
    if (typeof name === 'string' && state.bucketNamesTakenElsewhere?.includes(name)) throw s3Error('AccessDenied', 'Access Denied', 403);
    throw awsError(NoSuchBucket, 'The specified bucket does not exist', 404);
  }
  if (found.Region !== region) {
    throw s3Error('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301);
  }
  return found;
}

/** CreateBucketConfiguration.Tags, checked as S3 does: at most 50, keys 1–128 characters, values up to 256, no key twice, none starting aws:. */
function bucketTagsOf(value: unknown): SimBucket['Tags'] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) throw s3Error('InvalidTag', 'Object tags cannot be greater than 50');
  const keys = new Set<string>();
  return value.map(({ Key, Value }: { Key?: unknown; Value?: unknown }) => {
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || typeof Value !== 'string' || Value.length > 256 || Key.startsWith('aws:')) {
      throw s3Error('InvalidTag', 'The TagKey you have provided is invalid');
    }
    if (keys.has(Key)) throw s3Error('InvalidTag', 'Cannot provide multiple Tags with the same key');
    keys.add(Key);
    return { Key, Value };
  });
}

function createBucket({ state, input, region }: SimRequest) {
  const name = input.Bucket;
  if (!validBucketName(name)) throw s3Error('InvalidBucketName', 'The specified bucket is not valid.');
  const configuration = input.CreateBucketConfiguration as { LocationConstraint?: string; Tags?: unknown } | undefined;
  const constraint = configuration?.LocationConstraint;
  // us-east-1 takes no constraint; every other regional endpoint needs its own region named.
  if (constraint === 'us-east-1') throw s3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid');
  if (region === 'us-east-1' ? constraint !== undefined : constraint !== region) {
    throw s3Error('IllegalLocationConstraintException', constraint === undefined
      ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
      : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
  }
  const tags = bucketTagsOf(configuration?.Tags);
  const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
  if (typeof ownership !== 'string' || !OWNERSHIPS.includes(ownership)) throw s3Error('InvalidArgument', `Invalid x-amz-object-ownership header: ${String(ownership)}`);
  const output = { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/`, BucketArn: `arn:aws:s3:::${name}` };
  if (state.bucketNamesTakenElsewhere?.includes(name)) {
    throw awsError(BucketAlreadyExists, 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409);
  }
  const existing = bucketsOf(state)[name];
  if (existing) {
    // us-east-1 keeps its legacy answer for the owner: success, and nothing changes.
    if (region === 'us-east-1' && existing.Region === 'us-east-1') return output;
    throw awsError(BucketAlreadyOwnedByYou, 'Your previous request to create the named bucket succeeded and you already own it.', 409);
  }
  bucketsOf(state)[name] = {
    Name: name,
    Region: region,
    CreationDate: CREATED,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    ownership: ownership as SimBucket['ownership'],
    encryptionRules: structuredClone(DEFAULT_ENCRYPTION),
    Tags: tags,
    objectCount: 0,
  };
  return output;
}

function listBuckets({ state, input }: SimRequest) {
  const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
  const withParameter = ['MaxBuckets', 'ContinuationToken', 'Prefix', 'BucketRegion'].some((name) => input[name] !== undefined);
  const listed = Object.values(state.s3Buckets ?? {})
    .filter((b) => b.Name.startsWith(prefix) && (input.BucketRegion === undefined || b.Region === input.BucketRegion))
    .sort((a, b) => a.Name.localeCompare(b.Name))
    // S3 gives each bucket's region only when the request has a parameter (any of the four).
    .map((b) => ({ Name: b.Name, CreationDate: new Date(b.CreationDate), ...(withParameter ? { BucketRegion: b.Region } : {}), BucketArn: `arn:aws:s3:::${b.Name}` }));
  // Without MaxBuckets, S3 answers every bucket in one page.
  const { page, next } = pageOf(listed, input.ContinuationToken, input.MaxBuckets ?? listed.length + 1, 10_000, () => s3Error('InvalidArgument', 'The continuation token provided is incorrect'));
  return {
    Buckets: page,
    Owner: { ID: `${state.accountId}canonical`.padEnd(64, '0') },
    ...(prefix ? { Prefix: prefix } : {}),
    ...(next !== undefined ? { ContinuationToken: next } : {}),
  };
}

function publicAccessBlockOf(input: Input): PublicAccessBlock {
  const given = (input.PublicAccessBlockConfiguration ?? {}) as Partial<PublicAccessBlock>;
  // Omitted flags are stored as false, as S3 does.
  return Object.fromEntries(FLAGS.map((flag) => [flag, given[flag] === true])) as unknown as PublicAccessBlock;
}

function ownershipOf(input: Input): SimBucket['ownership'] {
  const rules = (input.OwnershipControls as { Rules?: Array<{ ObjectOwnership?: string }> } | undefined)?.Rules;
  const ownership = rules?.length === 1 ? rules[0]!.ObjectOwnership : undefined;
  if (!ownership || !OWNERSHIPS.includes(ownership)) throw s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  return ownership as SimBucket['ownership'];
}

function encryptionOf(input: Input): unknown[] {
  const rules = (input.ServerSideEncryptionConfiguration as { Rules?: Array<{ ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }> } | undefined)?.Rules;
  if (!rules?.length) throw s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  for (const rule of rules) {
    const algorithm = rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    if (!algorithm || !SSE_ALGORITHMS.includes(algorithm)) throw s3Error('InvalidArgument', 'The encryption method specified is not supported');
    if (algorithm === 'AES256' && rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID) throw s3Error('InvalidArgument', 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse');
  }
  return structuredClone(rules);
}

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** What Block Public Access calls public: an Allow for everyone that no condition narrows down. */
function isPublicPolicy(statements: PolicyStatement[]): boolean {
  const everyone = (principal: unknown) => principal === '*' || (principal as { AWS?: unknown } | undefined)?.AWS === '*'
    || ((principal as { AWS?: unknown } | undefined)?.AWS as unknown[] | undefined)?.includes?.('*') === true;
  const narrowing = /^aws:(SourceArn|SourceAccount|SourceOwner|SourceVpc|SourceVpce|SourceIp|PrincipalOrgID|PrincipalAccount|PrincipalArn|userid)$/i;
  return statements.some((s) => s.Effect === 'Allow' && everyone(s.Principal)
    && !Object.values(s.Condition ?? {}).some((keys) => Object.keys(keys).some((key) => narrowing.test(key))));
}

function putPolicy(request: SimRequest) {
  const b = bucket(request);
  const policy = request.input.Policy;
  let statements: PolicyStatement[];
  try {
    const parsed = JSON.parse(String(policy)) as { Statement?: unknown };
    statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as PolicyStatement[];
    if (!parsed.Statement || statements.some((s) => !s || (s.Effect !== 'Allow' && s.Effect !== 'Deny'))) throw new Error('bad statement');
  } catch {
    throw s3Error('MalformedPolicy', 'Policies must be valid JSON and the first byte must be \'{\'');
  }
  if (b.publicAccessBlock?.BlockPublicPolicy && isPublicPolicy(statements)) throw s3Error('AccessDenied', 'Access Denied', 403);
  b.policy = String(policy);
  return {};
}

function lifecycleRulesOf(input: Input): unknown[] {
  const rules = (input.LifecycleConfiguration as { Rules?: Array<Record<string, unknown>> } | undefined)?.Rules;
  const malformed = () => s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  if (!rules?.length || rules.length > 1000) throw malformed();
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw malformed();
    if (rule.Filter === undefined && rule.Prefix === undefined) throw malformed();
    if (typeof rule.ID === 'string') {
      if (rule.ID.length > 255) throw s3Error('InvalidArgument', 'ID length should not exceed allowed limit of 255');
      if (ids.has(rule.ID)) throw s3Error('InvalidArgument', 'Rule ID must be unique. Found same ID for more than one rule');
      ids.add(rule.ID);
    }
    const actions = ['Expiration', 'Transitions', 'NoncurrentVersionExpiration', 'NoncurrentVersionTransitions', 'AbortIncompleteMultipartUpload'];
    if (!actions.some((action) => rule[action] !== undefined)) throw s3Error('InvalidRequest', 'At least one action needs to be specified in a rule');
    const days = (rule.Expiration as { Days?: unknown } | undefined)?.Days;
    if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1)) {
      throw s3Error('InvalidArgument', "'Days' for Expiration action must be a positive integer");
    }
  }
  return structuredClone(rules);
}

const s3: SimService = {
  ServiceException: S3ServiceException,
  // Bucket names are global; each call still goes to a regional endpoint (the request's region).
  handlers: {
    ListBuckets: listBuckets,
    CreateBucket: createBucket,

    GetBucketTagging: (request: SimRequest) => {
      const tags = bucket(request).Tags;
      if (!tags.length) throw s3Error('NoSuchTagSet', 'The TagSet does not exist', 404);
      return { TagSet: structuredClone(tags) };
    },

    GetPublicAccessBlock: (request: SimRequest) => {
      const current = bucket(request).publicAccessBlock;
      if (!current) throw s3Error('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
      return { PublicAccessBlockConfiguration: current };
    },
    PutPublicAccessBlock: (request: SimRequest) => {
      bucket(request).publicAccessBlock = publicAccessBlockOf(request.input);
      return {};
    },
    DeletePublicAccessBlock: (request: SimRequest) => {
      delete bucket(request).publicAccessBlock;
      return {};
    },

    GetBucketOwnershipControls: (request: SimRequest) => {
      const ownership = bucket(request).ownership;
      if (!ownership) throw s3Error('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } };
    },
    PutBucketOwnershipControls: (request: SimRequest) => {
      bucket(request).ownership = ownershipOf(request.input);
      return {};
    },
    DeleteBucketOwnershipControls: (request: SimRequest) => {
      delete bucket(request).ownership;
      return {};
    },

    GetBucketEncryption: (request: SimRequest) => ({ ServerSideEncryptionConfiguration: { Rules: structuredClone(bucket(request).encryptionRules) } }),
    PutBucketEncryption: (request: SimRequest) => {
      bucket(request).encryptionRules = encryptionOf(request.input);
      return {};
    },
    // Since 2023 a bucket is never unencrypted: deleting the configuration goes back to SSE-S3.
    DeleteBucketEncryption: (request: SimRequest) => {
      bucket(request).encryptionRules = structuredClone(DEFAULT_ENCRYPTION);
      return {};
    },

    GetBucketPolicy: (request: SimRequest) => {
      const policy = bucket(request).policy;
      if (policy === undefined) throw s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      return { Policy: policy };
    },
    PutBucketPolicy: putPolicy,
    // The policy judged on its own: Block Public Access does not change the answer (it only stops the access).
    GetBucketPolicyStatus: (request: SimRequest) => {
      const policy = bucket(request).policy;
      if (policy === undefined) throw s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      const parsed = JSON.parse(policy) as { Statement?: unknown };
      const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as PolicyStatement[];
      return { PolicyStatus: { IsPublic: isPublicPolicy(statements) } };
    },
    GetBucketAcl: (request: SimRequest) => {
      const b = bucket(request);
      const owner = { ID: `${request.state.accountId}canonical`.padEnd(64, '0') };
      return {
        Owner: owner,
        Grants: [{ Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' }, ...structuredClone(b.aclGrants ?? [])],
      };
    },
    DeleteBucketPolicy: (request: SimRequest) => {
      delete bucket(request).policy;
      return {};
    },

    GetBucketLifecycleConfiguration: (request: SimRequest) => {
      const rules = bucket(request).lifecycleRules;
      if (!rules?.length) throw s3Error('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404);
      return { Rules: structuredClone(rules), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
    },
    PutBucketLifecycleConfiguration: (request: SimRequest) => {
      bucket(request).lifecycleRules = lifecycleRulesOf(request.input);
      return { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
    },
    DeleteBucketLifecycle: (request: SimRequest) => {
      delete bucket(request).lifecycleRules;
      return {};
    },
  },
};
export default s3;
