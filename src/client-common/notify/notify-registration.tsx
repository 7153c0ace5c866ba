/**
 * Registers the `wecom` channel type with NocoBase's notification manager client (v1 or v2), when that plugin is
 * enabled: it is looked up by name, never imported (this bundle must load without it). Both UIs register the
 * loaders, which NocoBase's v2 forms draw in either admin (the workflow's Notification node, the v2 channel page);
 * v1 adds its formily channel form.
 */
import React, { type ComponentType } from 'react';
import { NAMESPACE, NOTIFY_CHANNEL_TYPE } from '../../constants';
import type { ApiClientLike } from '../api';
import { withApi } from '../with-api';
import { ChannelForm } from './ChannelForm';
import { ContentForm, MessageForm, type NotifyFormProps } from './MessageForm';
import { type PageModules, pageModulesLoader } from './page-modules';

interface NotificationManagerLike {
  registerChannelType(options: Record<string, unknown>): void;
}

interface AppLike {
  pm?: { get(name: string): unknown };
  requirejs?: unknown;
}

/** The notification manager's client plugin, by the names NocoBase registers it under (its own forms do the same). */
export function findNotificationManager(app: AppLike): NotificationManagerLike | undefined {
  const plugin = (app.pm?.get('@nocobase/plugin-notification-manager') || app.pm?.get('notification-manager')) as
    | Partial<NotificationManagerLike>
    | undefined;
  return typeof plugin?.registerChannelType === 'function' ? (plugin as NotificationManagerLike) : undefined;
}

type FormProps = Omit<NotifyFormProps, 'modules'>;

function withModules(Form: ComponentType<NotifyFormProps>, modules: PageModules): ComponentType<FormProps> {
  function WithModules(props: FormProps) {
    return <Form {...props} modules={modules} />;
  }
  WithModules.displayName = `Wecom${Form.displayName || Form.name}`;
  return WithModules;
}

/** The three loaders NocoBase's v2 forms take; the message forms wait for the page's modules first. */
export function notifyFormLoaders(app: AppLike, api: ApiClientLike) {
  const loadModules = pageModulesLoader(app as Parameters<typeof pageModulesLoader>[0]);
  const Channel = withApi(ChannelForm, api);
  return {
    ChannelConfigFormLoader: async () => ({ default: Channel }),
    MessageConfigFormLoader: async () => ({ default: withModules(MessageForm, await loadModules()) }),
    ContentConfigFormLoader: async () => ({ default: withModules(ContentForm, await loadModules()) }),
  };
}

/**
 * Adds the channel type; `components` are the UI's own (v1: `ChannelConfigForm`), beside the loaders. Returns
 * whether the notification manager was there.
 */
export function registerNotifyChannel(
  app: AppLike,
  api: ApiClientLike,
  components: Record<string, ComponentType<any>> = {},
): boolean {
  const manager = findNotificationManager(app);
  if (!manager) {
    return false;
  }
  manager.registerChannelType({
    type: NOTIFY_CHANNEL_TYPE,
    title: `{{t("WeCom", { ns: "${NAMESPACE}" })}}`,
    components: { ...components, ...notifyFormLoaders(app, api) },
    meta: { creatable: true, editable: true, deletable: true },
  });
  return true;
}
