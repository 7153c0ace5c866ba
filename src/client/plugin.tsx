/**
 * v1 client plugin: registers the `wecom` auth type with NocoBase's v1 auth client, which then shows
 * the button on the sign-in page and the form in Settings → Authentication.
 */
import { Plugin } from '@nocobase/client';
import { PluginAuthClient } from '@nocobase/plugin-auth/client';
import { AUTH_TYPE } from '../constants';
import { AdminSettingsForm } from './AdminSettingsForm';
import { WecomSignInButton } from './shared/WecomSignInButton';
import { withApi } from './shared/with-api';

export class PluginAuthWecomClient extends Plugin {
  async load() {
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
