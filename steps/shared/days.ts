/** Whole days between two ISO times, for the read-only checks that judge age (access keys, unused roles). */
const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO strings). */
export const daysBetween = (from: string, to: string): number => Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);
