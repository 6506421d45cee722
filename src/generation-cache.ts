/**
 * A short-lived in-process cache of values read from a database, per database (`owner`) and key: a value is trusted
 * for a given time, and `changed()` drops every value read before it. A value read while a change happened may not
 * reflect it: it is used once by its reader, not kept. The sessions and tokens that authenticated
 * (access/credential-cache.ts) and the worklist totals (selection/worklist-counts.ts) are cached this way.
 */
interface Entry<T> {
  value: T;
  /** performance.now() when it was read. */
  readAt: number;
  generation: number;
}

export class GenerationCache<T> {
  private generation = 0;
  private readonly caches = new WeakMap<object, Map<string, Entry<T>>>();

  constructor(private readonly maxEntries: number) {}

  /** Something the values depend on changed: none read before is used again. */
  changed(): void {
    this.generation++;
  }

  /** The generation now, taken before reading a value to {@link set}. */
  mark(): number {
    return this.generation;
  }

  /** The value of `key`, read less than `ttlMs` ago, with no change since, and `valid` when given; else undefined. */
  get(owner: object, key: string, ttlMs: number, valid?: (value: T) => boolean): T | undefined {
    const cache = this.caches.get(owner);
    const hit = cache?.get(key);
    if (!hit) return undefined;
    if (hit.generation === this.generation && performance.now() - hit.readAt < ttlMs && (!valid || valid(hit.value))) return hit.value;
    cache!.delete(key);
    return undefined;
  }

  /** Keeps `value` of `key`, read since {@link mark} returned `before` (not kept when a change came in between). */
  set(owner: object, key: string, value: T, before: number): void {
    if (before !== this.generation) return;
    let cache = this.caches.get(owner);
    if (!cache) this.caches.set(owner, (cache = new Map()));
    if (cache.size >= this.maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, { value, readAt: performance.now(), generation: this.generation });
  }
}
