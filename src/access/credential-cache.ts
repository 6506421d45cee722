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

interface Entry<T> {
  value: T;
  /** The session's or token's own expiry (compared with the service's clock, `deps.now()`). */
  expiresAt: Date;
  /** performance.now() when it was read from the database. */
  readAt: number;
  generation: number;
}

const MAX_ENTRIES = 20_000;
let generation = 0;
const caches = new WeakMap<object, Map<string, Entry<unknown>>>();

/** Called by every write to users, sessions or tokens: nothing read before it is used again. */
export function credentialsChanged(): void {
  generation++;
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
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new Map()));
  const hit = cache.get(key) as Entry<T> | undefined;
  if (hit && hit.generation === generation && performance.now() - hit.readAt < ttlMs && now < hit.expiresAt) return hit.value;
  if (hit) cache.delete(key);
  const before = generation;
  const got = await load();
  if (!got) return undefined;
  // a change that happened while reading may not be reflected in what was read: use it once, keep it not
  if (before === generation) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { value: got.value, expiresAt: got.expiresAt, readAt: performance.now(), generation });
  }
  return got.value;
}
