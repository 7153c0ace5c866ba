/**
 * v1 client plugin: completes a WeCom sign-in that landed on this page (the hand-off, before the app renders),
 * and registers the `wecom` auth type with NocoBase's v1 auth client, which then shows the button on the
 * sign-in page and the form in Settings → Authentication; also the contacts sync source and the notification
 * channel, when those plugins are enabled.
 */
import { Plugin } from '@nocobase/client';
import { PluginAuthClient } from '@nocobase/plugin-auth/client';
import { AUTH_TYPE } from '../constants';
import { AdminSettingsForm } from './AdminSettingsForm';
import { completeHandoff } from '../client-common/sign-in/handoff';
import { showLinkLanding, showLinkOutcomes } from '../client-common/linking/link-notice';
import { registerSyncSourceForm } from '../client-common/sync/sync-registration';
import { registerNotifyChannel } from '../client-common/notify/notify-registration';
import { NotifyChannelForm } from './NotifyChannelForm';
import { WecomSignInButton } from '../client-common/sign-in/WecomSignInButton';
import { SyncSourceForm } from './SyncSourceForm';
import { withApi } from '../client-common/with-api';
import { WecomUserCenterItem } from './WecomUserCenterItem';

export class PluginAuthWecomClient extends Plugin {
  /** The earliest hook NocoBase awaits before rendering the router and its first `auth:check` (see handoff.ts). */
  async afterAdd() {
    await completeHandoff(this.app);
  }

  async load() {
    // A sign-in with any authenticator may take a pending WeCom link: confirm what happened to it.
    showLinkOutcomes(this.app);
    showLinkLanding(this.app);
    // The user center's "WeCom account": linked or not, Link / Unlink (NocoBase 2.x v1 shell).
    this.app.addUserCenterSettingsItem?.({
      name: 'wecomAccount',
      Component: withApi(WecomUserCenterItem, this.app.apiClient),
      sort: 60,
    });
    // The WeCom source of NocoBase's user data sync, when that plugin is enabled.
    registerSyncSourceForm(this.app, { AdminSettingsForm: withApi(SyncSourceForm, this.app.apiClient) });
    // The WeCom channel of NocoBase's notification manager, when that plugin is enabled.
    registerNotifyChannel(this.app, this.app.apiClient, {
      ChannelConfigForm: withApi(NotifyChannelForm, this.app.apiClient),
    });
    const auth = findAuthPlugin(this.app);
    if (!auth) {
      console.warn(`[${AUTH_TYPE}] @nocobase/plugin-auth is not enabled: the WeCom sign-in is not registered.`);
      return;
    }
    auth.registerType(AUTH_TYPE, {
      components: {
        SignInButton: withApi(WecomSignInButton, this.app.apiClient),
        AdminSettingsForm: withApi(AdminSettingsForm, this.app.apiClient),
      },
    });
  }
}

/** The auth plugin's instance: by class, else by the names NocoBase also registers it under. */
function findAuthPlugin(app: any): PluginAuthClient | undefined {
  return app.pm.get(PluginAuthClient) || app.pm.get('@nocobase/plugin-auth') || app.pm.get('auth');
}

export default PluginAuthWecomClient;
