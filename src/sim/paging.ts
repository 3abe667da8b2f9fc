/** Token pagination for simulated list calls: the token is the offset of the next item. */

/**
 * One page of `items`. `token` is what the caller sent back (undefined for the first page);
 * a token this simulation did not hand out gets `invalidToken()`, as the real services answer.
 */
export function pageOf<T>(items: readonly T[], token: unknown, maxResults: unknown, defaultSize: number, invalidToken: () => Error): { page: T[]; next?: string } {
  const size = typeof maxResults === 'number' && maxResults > 0 ? maxResults : defaultSize;
  let start = 0;
  if (token !== undefined && token !== '') {
    if (typeof token !== 'string' || !/^\d+$/.test(token) || Number(token) > items.length) throw invalidToken();
    start = Number(token);
  }
  const end = start + size;
  return end < items.length ? { page: items.slice(start, end), next: String(end) } : { page: items.slice(start) };
}
