/**
 * Registers the WeCom source's settings form with NocoBase's user data sync client (v1 or v2), when that plugin
 * is enabled. It is looked up by name, never imported: without it, this bundle must still load.
 */
import { SYNC_SOURCE_TYPE } from '../../constants';

interface SyncClientLike {
  registerType?: (sourceType: string, options: { components: Record<string, unknown> }) => void;
  sourceTypes?: unknown;
}

interface AppLike {
  pm?: { get(name: string): unknown };
}

export function registerSyncSourceForm(app: AppLike, components: Record<string, unknown>): boolean {
  const plugin = (app.pm?.get('@nocobase/plugin-user-data-sync') || app.pm?.get('user-data-sync')) as
    | SyncClientLike
    | undefined;
  // Its plugin keeps a registry of source types (`sourceTypes`): tells it from any other plugin of that name.
  if (typeof plugin?.registerType !== 'function' || !plugin.sourceTypes) {
    return false;
  }
  plugin.registerType(SYNC_SOURCE_TYPE, { components });
  return true;
}
