/**
 * A locked-down S3 bucket that an AWS service delivers logs or snapshots to (CloudTrail, AWS
 * Config), all pure: what the bucket should look like, the changes that get it there, and whether
 * a change was undone by someone since. Block Public Access on, ACLs disabled (bucket owner
 * enforced), default encryption, a policy that lets only the service write (plus a deny for plain
 * HTTP), and a lifecycle rule. Policies are compared by meaning, never as text. The reads and
 * writes are in `log-bucket-aws.ts`.
 */
import { withoutEmpty } from '../../src/aws/paginate.js';
import type { Change } from '../../src/core/step.js';
import { texts } from '../../src/i18n/index.js';
import { tagsText } from '../../src/core/tags.js';

/** A Japanese phrase joined after a word: a space after an ASCII word ("AWS Config の"), none after Japanese ("証跡の"). */
const after = (word: string) => (/[\x21-\x7e]$/.test(word) ? `${word} ` : word);
/** The same inside a Japanese sentence: spaces on the sides where the word is ASCII ("を AWS Config だけ", "を証跡だけ"). */
const inside = (word: string) => after(/^[\x21-\x7e]/.test(word) ? ` ${word}` : word);

/** Each bucket setting's name, for sentences. */
const SETTINGS = {
  publicAccessBlock: 'Block Public Access', ownership: 'object ownership', encryption: 'default encryption', policy: 'bucket policy', lifecycle: 'lifecycle rules',
};
const SETTINGS_JA: typeof SETTINGS = {
  publicAccessBlock: 'ブロックパブリックアクセス', ownership: 'オブジェクト所有者', encryption: 'デフォルトの暗号化', policy: 'バケットポリシー', lifecycle: 'ライフサイクルルール',
};

const en = {
  create: {
    summary: (name: string, writer: string, contents: string) => `Create the S3 bucket ${name} for ${writer}'s ${contents}`,
    before: 'no bucket',
    after: (allows: string, days: number, tags: string) => `Block Public Access on, ACLs disabled (bucket owner enforced), SSE-S3 encryption, HTTPS only, ${allows}, objects deleted after ${days} days; tagged ${tags}`,
  },
  publicAccessBlock: {
    summary: (name: string) => `Turn on Block Public Access for the bucket ${name}`,
    none: '"none"',
    after: 'all four settings on',
  },
  ownership: {
    summary: (name: string) => `Disable ACLs on the bucket ${name} (bucket owner enforced)`,
    none: 'no ownership controls',
  },
  encryption: {
    summary: (name: string) => `Turn on default encryption (SSE-S3) for the bucket ${name}`,
    none: 'none',
  },
  policy: {
    summary: (name: string, writer: string) => `Let only ${writer} write to the bucket ${name}, over HTTPS only`,
    without: 'a policy without these statements',
    none: 'no bucket policy',
    after: (allows: string) => `${allows}; plain HTTP denied`,
  },
  lifecycle: {
    summary: (name: string, days: number) => `Delete objects in the bucket ${name} after ${days} days`,
    days: (days: number) => `after ${days} days`,
    forever: 'kept forever',
  },
  restore: (setting: BucketSetting, bucket: string) => `Put the ${SETTINGS[setting]} of the bucket ${bucket} back as it was`,
  drift: {
    gone: (bucket: string) => `the bucket ${bucket} no longer exists`,
    changed: (setting: BucketSetting, bucket: string) => `the ${SETTINGS[setting]} of the bucket ${bucket} changed since this run`,
  },
};

const t = texts('log-bucket', en, {
  create: {
    summary: (name: string, writer: string, contents: string) => `${after(writer)}の${contents}を保存する S3 バケット ${name} を作成する`,
    before: 'バケットなし',
    after: (allows: string, days: number, tags: string) => `ブロックパブリックアクセス有効、ACL 無効 (バケット所有者の強制)、SSE-S3 暗号化、HTTPS のみ、${allows}、オブジェクトは ${days} 日後に削除。タグ: ${tags}`,
  },
  publicAccessBlock: {
    summary: (name: string) => `バケット ${name} のブロックパブリックアクセスを有効にする`,
    none: '設定なし',
    after: '4 つの設定すべてが有効',
  },
  ownership: {
    summary: (name: string) => `バケット ${name} の ACL を無効にする (バケット所有者の強制)`,
    none: 'オブジェクト所有者の設定なし',
  },
  encryption: {
    summary: (name: string) => `バケット ${name} のデフォルトの暗号化 (SSE-S3) を有効にする`,
    none: 'なし',
  },
  policy: {
    summary: (name: string, writer: string) => `バケット ${name} に書き込めるのを${inside(writer)}だけにし、HTTPS のみを許可する`,
    without: 'これらのステートメントを含まないポリシー',
    none: 'バケットポリシーなし',
    after: (allows: string) => `${allows}、HTTP は拒否`,
  },
  lifecycle: {
    summary: (name: string, days: number) => `バケット ${name} のオブジェクトを ${days} 日後に削除する`,
    days: (days: number) => `${days} 日後`,
    forever: '無期限に保持',
  },
  restore: (setting: BucketSetting, bucket: string) => `バケット ${bucket} の${SETTINGS_JA[setting]}を元に戻す`,
  drift: {
    gone: (bucket: string) => `バケット ${bucket} はもう存在しない`,
    changed: (setting: BucketSetting, bucket: string) => `バケット ${bucket} の${SETTINGS_JA[setting]}はこの実行の後に変更されている`,
  },
});

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface LifecycleRule {
  ID?: string;
  Status?: string;
  Filter?: Record<string, unknown>;
  Prefix?: string;
  Expiration?: { Days?: number; Date?: unknown; ExpiredObjectDeleteMarker?: boolean };
  [other: string]: unknown;
}

/** A log bucket as it is (its name is fixed by the step: account id and region are in it). */
export interface ObservedBucket {
  readonly name: string;
  readonly publicAccessBlock?: PublicAccessBlock;
  readonly ownership?: string;
  /** Default encryption rules (S3 always has some since 2023). */
  readonly encryption: unknown[];
  readonly policy?: string;
  readonly lifecycle?: LifecycleRule[];
}

export type BucketSetting = 'publicAccessBlock' | 'ownership' | 'encryption' | 'policy' | 'lifecycle';

/** One change to the bucket; each carries what undo needs. */
export type LogBucketPayload =
  | { action: 'create-bucket'; bucket: string; policy: string; lifecycle: LifecycleRule[] }
  | { action: 'bucket-setting'; bucket: string; setting: BucketSetting; value: unknown; previous: unknown };

/** What one step's bucket is for, and the policy statements its service needs. */
export interface LogBucketSpec {
  readonly name: string;
  /** The service that writes there, for sentences: "AWS Config". */
  readonly writer: string;
  /** What it holds, for sentences: "configuration snapshots and history files". */
  readonly contents: string;
  /** The statements that let the service write (each with a Sid); the TLS deny is added. */
  readonly statements: readonly PolicyStatement[];
  /** What the statements allow, in a few words: "AWS Config may write AWSLogs/123456789012/Config/". */
  readonly allows: string;
  /** The lifecycle rule this step owns (others on the bucket are kept). */
  readonly lifecycleRuleId: string;
  readonly retentionDays: number;
}

export const ALL_BLOCKED: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
export const SSE_S3 = [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }];

/** The undo-log sentence for a bucket setting a step changed: put it back as it was. */
export const restoreSettingDescription = (setting: BucketSetting, bucket: string) => t.restore(setting, bucket);

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A value in a canonical form: single values as sorted lists, keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).map((v) => JSON.stringify(v)).sort().map((v) => JSON.parse(v) as unknown);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => {
      const inner = (value as Record<string, unknown>)[key];
      // Action, Resource and condition values may be a string or a list of one.
      return [key, typeof inner === 'string' && key !== 'Effect' && key !== 'Sid' && key !== 'Version' ? canonical([inner]) : canonical(inner)];
    }));
  }
  return value;
}

/** The same document, whatever the key order, lone values or lists of one, and empty lists and maps left out or not. */
export const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(withoutEmpty(a))) === JSON.stringify(canonical(withoutEmpty(b)));

export function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { Version?: string; Statement?: unknown };
    return { Version: parsed.Version ?? '2012-10-17', Statement: list(parsed.Statement) as PolicyStatement[] };
  } catch {
    return undefined;
  }
}

/** Denies every request to the bucket that does not use TLS. */
export function denyInsecureTransport(partition: string, bucket: string): PolicyStatement {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  return { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

/** Whether the policy holds these statements as they are (by Sid). */
export function policyHas(current: string | undefined, wanted: readonly PolicyStatement[]): boolean {
  const statements = parsePolicy(current)?.Statement ?? [];
  return wanted.every((w) => statements.some((s) => s.Sid === w.Sid && sameJson(s, w)));
}

/** The policy with our statements put in (replacing ours by Sid), everything else kept. */
export function policyWith(current: string | undefined, wanted: readonly PolicyStatement[]): string {
  const parsed = parsePolicy(current);
  const kept = (parsed?.Statement ?? []).filter((s) => !wanted.some((w) => w.Sid === s.Sid));
  return JSON.stringify({ Version: parsed?.Version ?? '2012-10-17', Statement: [...kept, ...wanted] });
}

/** Everything in the bucket expires after `days`: it holds nothing but the service's deliveries. */
export const lifecycleRule = (id: string, days: number): LifecycleRule => ({ ID: id, Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: days } });

export const lifecycleDays = (rules: readonly LifecycleRule[] | undefined, id: string) => rules?.find((r) => r.ID === id && r.Status === 'Enabled')?.Expiration?.Days;

export function lifecycleWith(current: readonly LifecycleRule[] | undefined, id: string, days: number): LifecycleRule[] {
  return [...(current ?? []).filter((r) => r.ID !== id), lifecycleRule(id, days)];
}

/**
 * The changes that make the bucket what the spec says; a missing bucket is created with everything
 * at once, tagged for run `runId` (a bucket found is adopted as it is, untagged).
 */
export function logBucketChanges(bucket: ObservedBucket | undefined, spec: LogBucketSpec, partition: string, runId: string | undefined): Change<LogBucketPayload>[] {
  const { name, retentionDays: days, lifecycleRuleId: ruleId } = spec;
  const statements = [...spec.statements, denyInsecureTransport(partition, name)];
  if (!bucket) {
    return [{
      summary: t.create.summary(name, spec.writer, spec.contents),
      before: t.create.before,
      after: t.create.after(spec.allows, days, tagsText(runId)),
      payload: { action: 'create-bucket', bucket: name, policy: policyWith(undefined, statements), lifecycle: lifecycleWith(undefined, ruleId, days) },
    }];
  }
  const setting = (key: BucketSetting, summary: string, before: string, after: string, value: unknown, previous: unknown): Change<LogBucketPayload> =>
    ({ summary, before, after, payload: { action: 'bucket-setting', bucket: name, setting: key, value, previous } });
  const changes: Change<LogBucketPayload>[] = [];
  if (!sameJson(bucket.publicAccessBlock ?? {}, ALL_BLOCKED)) {
    const before = bucket.publicAccessBlock ? JSON.stringify(bucket.publicAccessBlock) : t.publicAccessBlock.none;
    changes.push(setting('publicAccessBlock', t.publicAccessBlock.summary(name), before, t.publicAccessBlock.after, ALL_BLOCKED, bucket.publicAccessBlock));
  }
  if (bucket.ownership !== 'BucketOwnerEnforced') {
    changes.push(setting('ownership', t.ownership.summary(name), bucket.ownership ?? t.ownership.none, 'BucketOwnerEnforced', 'BucketOwnerEnforced', bucket.ownership));
  }
  if (!bucket.encryption.length) changes.push(setting('encryption', t.encryption.summary(name), t.encryption.none, 'SSE-S3', SSE_S3, undefined));
  if (!policyHas(bucket.policy, statements)) {
    changes.push(setting('policy', t.policy.summary(name, spec.writer), bucket.policy ? t.policy.without : t.policy.none,
      t.policy.after(spec.allows), policyWith(bucket.policy, statements), bucket.policy));
  }
  const current = lifecycleDays(bucket.lifecycle, ruleId);
  if (current !== days) {
    changes.push(setting('lifecycle', t.lifecycle.summary(name, days), current ? t.lifecycle.days(current) : t.lifecycle.forever,
      t.lifecycle.days(days), lifecycleWith(bucket.lifecycle, ruleId, days), bucket.lifecycle));
  }
  return changes;
}

/** Why the bucket is no longer as a change left it, if so (undo then skips the change). */
export function logBucketDrift(bucket: ObservedBucket | undefined, payload: LogBucketPayload, lifecycleRuleId: string): string | undefined {
  if (payload.action !== 'bucket-setting') return undefined;
  if (!bucket) return t.drift.gone(payload.bucket);
  const same = {
    publicAccessBlock: () => sameJson(bucket.publicAccessBlock ?? {}, payload.value as object),
    ownership: () => bucket.ownership === payload.value,
    encryption: () => bucket.encryption.length > 0,
    policy: () => sameJson(JSON.parse(bucket.policy ?? 'null'), JSON.parse(payload.value as string)),
    lifecycle: () => lifecycleDays(bucket.lifecycle, lifecycleRuleId) === lifecycleDays(payload.value as LifecycleRule[], lifecycleRuleId),
  }[payload.setting]();
  return same ? undefined : t.drift.changed(payload.setting, payload.bucket);
}

/** What a person must do to remove a kept bucket, once its contents are no longer needed. */
export const removeBucketByHand = (bucket: string, region: string) => `\`aws s3 rb s3://${bucket} --force --region ${region}\``;
