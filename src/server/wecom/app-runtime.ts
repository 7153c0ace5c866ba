import type { Cache, CacheManager } from '@nocobase/cache';
import type Application from '@nocobase/server';
import { fromCurrentManager } from '../web/plugin-cache';
import { WecomRuntime } from './runtime';
import type { TokenStore } from './types';

/**
 * Where an app keeps its open runtime: a property of the app itself (the plugin opens it in `load()` and closes it
 * when the app stops or reloads). A property, not a map keyed by the app: a request's `ctx.app` reaches the same
 * application through another object, which a property lookup follows and an identity lookup does not.
 */
const RUNTIME = Symbol.for('@nocobase-wecom/plugin-auth-wecom:runtime');

type WithRuntime = { [RUNTIME]?: WecomRuntime };

/** The WeCom runtime (connections, access tokens) the plugin opened for `app`. */
export function wecomRuntime(app: Application): WecomRuntime {
  const runtime = (app as WithRuntime)[RUNTIME];
  if (!runtime) {
    throw new Error('The WeCom plugin is not loaded in this app');
  }
  return runtime;
}

/**
 * A new runtime for `app`, its access tokens in a cache the plugin owns (`name`), in the app's default store:
 * memory on one node (its own LRU: other cache users never push a token out), Redis shared by a cluster.
 */
export async function openWecomRuntime(app: Application, name: string): Promise<WecomRuntime> {
  const store = new PluginTokenStore(app, name);
  await store.open();
  const runtime = new WecomRuntime(store);
  (app as WithRuntime)[RUNTIME] = runtime;
  return runtime;
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
