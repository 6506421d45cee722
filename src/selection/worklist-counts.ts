/**
 * A short-lived in-process cache of worklist page totals. A page of an insurer's list is one index range read, but
 * its total counts every item its filters match under the row-level policies: 22 000 items of an insurer on a
 * 1 M-case month, 5 ms of the page's 8. Readers page through the same few lists (period × insurer × control × arm),
 * so the total of a list is counted once per `OMSX_WORKLIST_COUNT_SECONDS` per scope, not on every page.
 *
 * How long a change takes to show in a total (the page's items are always read afresh):
 * - made through this service (any state-changing request: an assignment, a conclusion, a selection run, an
 *   upload) at once: the service calls `worklistsChanged()` after each, which empties the cache;
 * - made elsewhere (the CLI, the job worker, a job run by this process) within `OMSX_WORKLIST_COUNT_SECONDS`
 *   (default 5; 0 = off).
 * Only a request's totals are kept (keyed by its scope: role, insurer, MO, expert); the CLI counts every time.
 */

import { GenerationCache } from '../generation-cache.js';

const counts = new GenerationCache<number>(10_000);

/** Called after every state-changing request: no total counted before it is used again. */
export function worklistsChanged(): void {
  counts.changed();
}

/** The current generation, taken before counting (see {@link rememberCount}). */
export function countGeneration(): number {
  return counts.mark();
}

/** The total of `key` for the database `owner`, when counted less than `ttlMs` ago and nothing changed since. */
export function cachedCount(owner: object, key: string, ttlMs: number): number | undefined {
  return ttlMs > 0 ? counts.get(owner, key, ttlMs) : undefined;
}

/** Keeps a total counted while the generation was `before` (a change during the count: used once, not kept). */
export function rememberCount(owner: object, key: string, ttlMs: number, total: number, before: number): void {
  if (ttlMs > 0) counts.set(owner, key, total, before);
}
