import type PluginUserDataSyncServer from '@nocobase/plugin-user-data-sync';
import type { Plugin } from '@nocobase/server';

/** NocoBase's user data synchronization, when it is installed and enabled (this plugin works without it). */
export function userDataSync(plugin: Pick<Plugin, 'app'>): PluginUserDataSyncServer | undefined {
  const sync = plugin.app.pm.get('user-data-sync') as PluginUserDataSyncServer | undefined;
  return sync?.enabled && sync.sourceManager && sync.resourceManager ? sync : undefined;
}
