/**
 * A short-lived in-process cache of the sessions and API tokens that authenticated, so that a user's requests do not
 * each read `app_session` / `api_token` (one round trip and a join per request, the largest share of a small read).
 *
 * How long a change takes to apply:
 * - in this process (logout, and any write through `usersRepo`: disabling a user, revoking a token or a session,
 *   a new password) at once: every such write calls `credentialsChanged()`, which empties the cache;
 * - from another process (the CLI `omsx users disable`, `omsx tokens revoke`; a second API process) within
 *   `OMSX_AUTH_CACHE_SECONDS` (default 10; 0 turns the cache off);
 * - expiry exactly: an entry keeps the session's or token's own expiry and is not used past it.
 * Unknown or refused secrets are never cached: each attempt is checked against the database.
 */

import { GenerationCache } from '../generation-cache.js';

const MAX_ENTRIES = 20_000;
/** A credential as read: the value and the session's or token's own expiry (compared with the service's clock). */
const credentials = new GenerationCache<{ value: unknown; expiresAt: Date }>(MAX_ENTRIES);

/** Called by every write to users, sessions or tokens: nothing read before it is used again. */
export function credentialsChanged(): void {
  credentials.changed();
}

/**
 * The value of `key` (a secret's hash) for the database `owner`, from the cache when read less than `ttlMs` ago and
 * not expired at `now`; otherwise from `load`, which returns it with its expiry, or undefined when refused.
 */
export async function cachedCredential<T>(
  owner: object,
  key: string,
  ttlMs: number,
  now: Date,
  load: () => Promise<{ value: T; expiresAt: Date } | undefined>,
): Promise<T | undefined> {
  if (ttlMs <= 0) return (await load())?.value;
  const hit = credentials.get(owner, key, ttlMs, (c) => now < c.expiresAt);
  if (hit) return hit.value as T;
  const before = credentials.mark();
  const got = await load();
  if (!got) return undefined;
  // a change that happened while reading may not be reflected in what was read: used once, kept not (set)
  credentials.set(owner, key, got, before);
  return got.value;
}
