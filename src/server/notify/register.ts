import type PluginNotificationManagerServer from '@nocobase/plugin-notification-manager';
import type { Plugin } from '@nocobase/server';
import { NOTIFY_CHANNEL_TYPE, RESOURCE } from '../../constants';
import { ACTION_OPEN } from './link';
import { openAction } from './open-action';

/** The channel type's name in NocoBase's notification manager (`notificationChannels.notificationType`). */
export const CHANNEL_TYPE = NOTIFY_CHANNEL_TYPE;

/** NocoBase's notification manager, when it is installed and enabled (this plugin works without it). */
export function notificationManager(plugin: Pick<Plugin, 'app'>): PluginNotificationManagerServer | undefined {
  const manager = plugin.app.pm.get('notification-manager') as PluginNotificationManagerServer | undefined;
  return manager?.enabled && typeof manager.registerChannelType === 'function' ? manager : undefined;
}

/**
 * Registers the `wecom` channel type with the notification manager, if it is there: its module (and so the
 * manager's package) is loaded only then. Sends are queued (NocoBase's send queue), as the email channel's are.
 */
export function registerNotificationChannel(plugin: Pick<Plugin, 'app'>): boolean {
  const manager = notificationManager(plugin);
  if (!manager) {
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { WecomNotificationChannel } = require('./channel') as typeof import('./channel');
  manager.registerChannelType({ type: CHANNEL_TYPE, Channel: WecomNotificationChannel, useQueue: true });
  return true;
}

/**
 * The WeCom notification channel: the channel type (with the notification manager only) and the public
 * `wecom:open` action of its links (always: a card sent earlier keeps opening its page after the manager is
 * disabled). Call after the `wecom` resource is defined.
 */
export function registerNotify(plugin: Pick<Plugin, 'app'>): void {
  const app = plugin.app;
  // The resourcer types its handlers with its own context; NocoBase hands every action the full one.
  type Handler = Parameters<typeof app.resourceManager.registerActionHandler>[1];
  const handler = openAction as unknown as Handler;
  if (app.resourceManager.isDefined(RESOURCE)) {
    app.resourceManager.getResource(RESOURCE).addAction(ACTION_OPEN, handler);
  } else {
    app.resourceManager.registerActionHandler(`${RESOURCE}:${ACTION_OPEN}`, handler);
  }
  app.acl.allow(RESOURCE, ACTION_OPEN, 'public');
  registerNotificationChannel(plugin);
}
