/**
 * What aws-bootstrap leaves behind is recognisable: every resource it creates, where AWS takes
 * tags, carries `aws-bootstrap:managed = true` and `aws-bootstrap:run = <run id>` (the id in the
 * undo log's header), put on in the create call itself so there is no untagged moment. Undo
 * deletes a resource only if it carries the tag of the run that recorded creating it, so a log
 * edited to name someone else's resource cannot be turned against them. Resources the tool adopts
 * are not tagged: it did not create them.
 */
import { texts } from '../i18n/index.js';

export const MANAGED_TAG = 'aws-bootstrap:managed';
export const RUN_TAG = 'aws-bootstrap:run';

/** A name before a Japanese particle: a space after Latin text (as AWS's Japanese docs write), none after a closing bracket. */
const joined = (what: string) => (/[」』）)]$/.test(what) ? what : `${what} `);

const t = texts(
  'tags',
  {
    // Shown where a dry run has no run id yet (a dry run creates nothing, so it is never sent).
    previewRunId: '<this run>',
    otherRun: (what: string, tag: string, found: string) => `${what} was created by another run (${tag}=${found}), not this one`,
    noRunTag: (what: string, tag: string) => `${what} was not created by this run: no ${tag} tag`,
  },
  {
    previewRunId: '<この実行>',
    otherRun: (what: string, tag: string, found: string) => `${joined(what)}は別の実行が作成したもので (${tag}=${found})、この実行のものではない`,
    noRunTag: (what: string, tag: string) => `${joined(what)}はこの実行が作成したものではない: ${tag} タグがない`,
  },
);

/** The tags for a resource created by run `runId`, as a map. */
export function bootstrapTags(runId: string | undefined): Record<string, string> {
  return { [MANAGED_TAG]: 'true', [RUN_TAG]: runId ?? t.previewRunId };
}

/** The same, as the `[{ Key, Value }]` list most APIs take. */
export function bootstrapTagList(runId: string | undefined): Array<{ Key: string; Value: string }> {
  return Object.entries(bootstrapTags(runId)).map(([Key, Value]) => ({ Key, Value }));
}

/** A tag list (`Key`/`Value`, or `key`/`value` as some APIs spell it) as a map. */
export function tagMap(tags: ReadonlyArray<{ Key?: string; Value?: string; key?: string; value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? t.key ?? '', t.Value ?? t.value ?? '']));
}

/** For the preview: which tags a created resource gets. */
export function tagsText(runId: string | undefined): string {
  return Object.entries(bootstrapTags(runId)).map(([key, value]) => `${key}=${value}`).join(', ');
}

/**
 * Why undo must leave a resource alone: it does not carry the tag of the run that recorded
 * creating it (someone else's, or a log edited to name it). Undefined when it is ours.
 */
export function notCreatedByRun(tags: Readonly<Record<string, string>> | undefined, runId: string, what: string): string | undefined {
  const found = tags?.[RUN_TAG];
  if (found === runId) return undefined;
  return found ? t.otherRun(what, RUN_TAG, found) : t.noRunTag(what, RUN_TAG);
}
