import type { Cache, CacheManager } from '@nocobase/cache';

/**
 * "Used once" marks: a state, or a hand-off code, is claimed by exactly one request, even when two arrive at
 * once or on two nodes of a cluster. Marks are written only when a sign-in comes back from WeCom or a browser
 * exchanges its hand-off, never when a flow starts, and expire with the thing they mark. They live in a cache
 * the plugin owns, so they can never push other entries out of NocoBase's shared cache.
 */
export class OnceMarks {
  /** Claims made in this process right now (the memory store's get-then-set is not atomic by itself). */
  private readonly claiming = new Set<string>();

  private constructor(
    private readonly cache: Cache,
    private readonly redis?: RedisLike,
  ) {}

  /** A cache of the app's default store (memory on one node, Redis in a cluster). */
  static async create(cacheManager: CacheManager, name: string): Promise<OnceMarks> {
    const storeName = cacheManager.defaultStore;
    const cache =
      storeName === 'memory'
        ? await cacheManager.createCache({ name, prefix: name, store: 'memory', max: 100_000 } as any)
        : await cacheManager.createCache({ name, prefix: name, store: storeName });
    const redis = (cache.store as any)?.store?.client as RedisLike | undefined;
    if (storeName !== 'memory' && typeof redis?.set !== 'function') {
      throw new Error(`WeCom sign-in needs an atomic "set if absent" in the "${storeName}" cache store`);
    }
    return new OnceMarks(cache, storeName === 'memory' ? undefined : redis);
  }

  /** Whether `key` was claimed (and has not expired). */
  async used(key: string): Promise<boolean> {
    return Boolean(this.redis ? await this.redis.get(this.cache.key(key)) : await this.cache.get(key));
  }

  /** True for the first claim of `key` within `ttlMs`, false for every later one. */
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1000, Math.ceil(ttlMs));
    if (this.redis) {
      return (await this.redis.set(this.cache.key(key), '1', { NX: true, PX: ttl })) === 'OK';
    }
    if (this.claiming.has(key)) {
      return false;
    }
    this.claiming.add(key);
    try {
      if (await this.cache.get(key)) {
        return false;
      }
      await this.cache.set(key, 1, ttl);
      return true;
    } finally {
      this.claiming.delete(key);
    }
  }
}

interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
}
