import type { Cache, CacheManager } from '@nocobase/cache';
import type Application from '@nocobase/server';
import { fromCurrentManager } from './plugin-cache';
import PluginAuthWecomServer from './plugin';
import { WecomRuntime } from './wecom/runtime';
import type { TokenStore } from './wecom/types';

/** The WeCom runtime (connections, access tokens) of the plugin loaded in `app`. */
export function wecomRuntime(app: Application): WecomRuntime {
  const plugin = app.pm.get(PluginAuthWecomServer);
  if (!plugin?.wecom) {
    throw new Error('The WeCom plugin is not loaded in this app');
  }
  return plugin.wecom;
}

/**
 * A new runtime for `app`, its access tokens in a cache the plugin owns (`name`), in the app's default store:
 * memory on one node (its own LRU: other cache users never push a token out), Redis shared by a cluster.
 */
export async function openWecomRuntime(app: Application, name: string): Promise<WecomRuntime> {
  const store = new PluginTokenStore(app, name);
  await store.open();
  return new WecomRuntime(store);
}

/** The plugin's token cache, opened from the app's current cache manager (a reload replaces the manager). */
class PluginTokenStore implements TokenStore {
  private readonly cache: () => Promise<Cache>;

  constructor(app: { cacheManager: CacheManager }, name: string) {
    this.cache = fromCurrentManager(app, (manager) =>
      manager.createCache({ name, prefix: name, store: manager.defaultStore }),
    );
  }

  async open(): Promise<void> {
    await this.cache();
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.cache()).get<T>(key);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await (await this.cache()).set(key, value, ttlMs);
  }

  async del(key: string): Promise<void> {
    await (await this.cache()).del(key);
  }
}
