/**
 * v2 client plugin (the `/v/` UI): completes a WeCom sign-in that landed on this page (the hand-off, before
 * the app renders), registers the `wecom` auth type with the v2 auth client, which takes loaders instead
 * of components, and adds "WeCom account" to the user center.
 */
import { Plugin } from '@nocobase/client-v2';
import { PluginAuthClientV2 } from '@nocobase/plugin-auth/client-v2';
import { AUTH_TYPE } from '../constants';
import { completeHandoff } from '../client-common/sign-in/handoff';
import { showLinkLanding, showLinkOutcomes } from '../client-common/linking/link-notice';
import { shellPathOf } from '../client-common/sign-in/shell';
import { WecomSignInButton } from '../client-common/sign-in/WecomSignInButton';
import { withApi } from '../client-common/with-api';
import { registerSyncSourceForm } from '../client-common/sync/sync-registration';
import { registerNotifyChannel } from '../client-common/notify/notify-registration';
import { AdminSettingsForm } from './AdminSettingsForm';
import { SyncSourceForm } from './SyncSourceForm';
import { registerWecomUserCenterItem } from './WecomUserCenterItemModel';

export class PluginAuthWecomClientV2 extends Plugin {
  /** The earliest hook NocoBase awaits before rendering the router and its first `auth:check` (see handoff.ts). */
  async afterAdd() {
    await completeHandoff(this.app);
  }

  async load() {
    // A sign-in with any authenticator may take a pending WeCom link: confirm what happened to it.
    showLinkOutcomes(this.app);
    showLinkLanding(this.app);
    // The user center's "WeCom account": linked or not, Link / Unlink (a flow model of the v2 user center).
    registerWecomUserCenterItem(this.app);
    // The WeCom source of NocoBase's user data sync (v2 takes a loader), when that plugin is enabled.
    const SyncForm = withApi(SyncSourceForm, this.app.apiClient);
    registerSyncSourceForm(this.app, { AdminSettingsFormLoader: async () => ({ default: SyncForm }) });
    // The WeCom channel of NocoBase's notification manager (loaders only), when that plugin is enabled.
    registerNotifyChannel(this.app, this.app.apiClient);
    const auth = findAuthPlugin(this.app);
    if (!auth) {
      console.warn(`[${AUTH_TYPE}] @nocobase/plugin-auth is not enabled: the WeCom sign-in is not registered.`);
      return;
    }
    // Without `?redirect=`, the server would land the member in the v1 shell: name the v2 admin root instead.
    const SignInButton = withApi(WecomSignInButton, this.app.apiClient, {
      defaultRedirect: shellPathOf(this.app, 'admin'),
    });
    const SettingsForm = withApi(AdminSettingsForm, this.app.apiClient);
    auth.registerType(AUTH_TYPE, {
      signInButtonLoader: async () => ({ default: SignInButton }),
      adminSettingsFormLoader: async () => ({ default: SettingsForm }),
    });
  }
}

/** The v2 auth plugin's instance: by class, else by its package name (how its own pages look it up). */
function findAuthPlugin(app: any): PluginAuthClientV2 | undefined {
  return app.pm.get(PluginAuthClientV2) || app.pm.get('@nocobase/plugin-auth');
}

export default PluginAuthWecomClientV2;
