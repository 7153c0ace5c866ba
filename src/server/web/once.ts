import type { Cache, CacheManager } from '@nocobase/cache';
import { fromCurrentManager } from './plugin-cache';

/**
 * "Used once" marks: a state, or a hand-off code, is claimed by exactly one request, even when two arrive at
 * once or on two nodes of a cluster. Marks are written only when a sign-in comes back from WeCom or a browser
 * exchanges its hand-off, never when a flow starts, and expire with the thing they mark. They live in a cache
 * the plugin owns, so they can never push other entries out of NocoBase's shared cache. The cache is opened
 * from the app's current cache manager, so an app reload (which closes the old one) leaves no dead client.
 */
export class OnceMarks {
  /** Claims made in this process right now (the memory store's get-then-set is not atomic by itself). */
  private readonly claiming = new Set<string>();
  private readonly store: () => Promise<MarkStore>;

  constructor(app: { cacheManager: CacheManager }, name: string) {
    this.store = fromCurrentManager(app, (manager) => openStore(manager, name));
  }

  /** Marks named `name`, opened at once (see `open`). */
  static async create(app: { cacheManager: CacheManager }, name: string): Promise<OnceMarks> {
    const marks = new OnceMarks(app, name);
    await marks.open();
    return marks;
  }

  /** Opens the store now: a cache store without an atomic "set if absent" fails the plugin's load, loudly. */
  async open(): Promise<void> {
    await this.store();
  }

  /** Whether `key` was claimed (and has not expired). */
  async used(key: string): Promise<boolean> {
    const { cache, redis } = await this.store();
    return Boolean(redis ? await redis.get(cache.key(key)) : await cache.get(key));
  }

  /** True for the first claim of `key` within `ttlMs`, false for every later one. */
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1000, Math.ceil(ttlMs));
    const { cache, redis } = await this.store();
    if (redis) {
      return (await redis.set(cache.key(key), '1', { NX: true, PX: ttl })) === 'OK';
    }
    if (this.claiming.has(key)) {
      return false;
    }
    this.claiming.add(key);
    try {
      if (await cache.get(key)) {
        return false;
      }
      await cache.set(key, 1, ttl);
      return true;
    } finally {
      this.claiming.delete(key);
    }
  }
}

interface MarkStore {
  cache: Cache;
  /** Set when the store is Redis: its atomic SET NX does the claiming. */
  redis?: RedisLike;
}

interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
}

/** A cache of the app's default store (memory on one node, Redis in a cluster). */
async function openStore(manager: CacheManager, name: string): Promise<MarkStore> {
  const storeName = manager.defaultStore;
  if (storeName === 'memory') {
    // Its own LRU, large enough for every sign-in of 10 minutes: marks never evict anything else.
    return { cache: await manager.createCache({ name, prefix: name, store: 'memory', max: 100_000 }) };
  }
  const cache = await manager.createCache({ name, prefix: name, store: storeName });
  const redis = (cache.store as unknown as { store?: { client?: RedisLike } }).store?.client;
  if (typeof redis?.set !== 'function' || typeof redis.get !== 'function') {
    throw new Error(`WeCom sign-in needs an atomic "set if absent" in the "${storeName}" cache store`);
  }
  return { cache, redis };
}
