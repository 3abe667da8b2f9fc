/** Reading every page of a list call through the SDK's own paginators (`sdk.paginateX`), and the lists and maps in AWS answers (absent and empty alike). */

/**
 * Every item of every page, in order: `collectPages(sdk.paginateListDetectors({ client }, {}), (p) => p.DetectorIds)`.
 * Taking the paginator from the loaded SDK module keeps step files free of value imports.
 */
export async function collectPages<Page, Item>(pages: AsyncIterable<Page>, itemsOf: (page: Page) => readonly Item[] | undefined): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}

// ---- lists and maps in AWS answers ------------------------------------------------------------

/**
 * Whether a list or map from an AWS answer has anything in it. Absent and empty mean the same:
 * AWS leaves out a list that has nothing (a plain alarm's `Metrics`), where the Query protocol, or
 * an AWS-compatible endpoint, may answer `[]` or `{}`. Compare with this, never with `!x.List`.
 */
export function hasItems(value: readonly unknown[] | object | null | undefined): boolean {
  if (!value) return false;
  return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
}

/**
 * A value from an AWS answer with every empty list and empty map left out, at any depth (and
 * undefined ones too), so that two answers that differ only in "absent" versus "empty" compare
 * the same, and a definition read back can be sent again without an empty list AWS may refuse.
 */
export function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmpty) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => [key, withoutEmpty(inner)] as const)
      .filter(([, inner]) => inner !== undefined && !(inner && typeof inner === 'object' && Object.getPrototypeOf(inner) === Object.prototype && !Object.keys(inner).length) && !(Array.isArray(inner) && !inner.length));
    return Object.fromEntries(entries) as T;
  }
  return value;
}
