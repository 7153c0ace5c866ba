import type { CacheManager } from '@nocobase/cache';

/**
 * A cache the plugin owns, opened from the app's current cache manager: an app reload replaces the manager (and
 * closes the old one's clients), and the next use opens the cache again from the new one. `open` makes it.
 */
export function fromCurrentManager<T>(
  app: { cacheManager: CacheManager },
  open: (manager: CacheManager) => Promise<T>,
): () => Promise<T> {
  let opened: { manager: CacheManager; cache: Promise<T> } | undefined;
  return () => {
    const manager = app.cacheManager;
    if (opened?.manager !== manager) {
      opened = { manager, cache: open(manager) };
    }
    return opened.cache;
  };
}
