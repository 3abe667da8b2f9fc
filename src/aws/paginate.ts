/** Reading every page of a list call through the SDK's own paginators (`sdk.paginateX`). */

/**
 * Every item of every page, in order: `collectPages(sdk.paginateListDetectors({ client }, {}), (p) => p.DetectorIds)`.
 * Taking the paginator from the loaded SDK module keeps step files free of value imports.
 */
export async function collectPages<Page, Item>(pages: AsyncIterable<Page>, itemsOf: (page: Page) => readonly Item[] | undefined): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}
