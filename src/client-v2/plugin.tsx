/**
 * v2 client plugin (the `/v/` UI): registers the `wecom` auth type with the v2 auth client, which
 * takes loaders instead of components.
 */
import { Plugin } from '@nocobase/client-v2';
import { PluginAuthClientV2 } from '@nocobase/plugin-auth/client-v2';
import { AUTH_TYPE } from '../constants';
import { WecomSignInButton } from '../client/shared/WecomSignInButton';
import { withApi } from '../client/shared/with-api';
import { AdminSettingsForm } from './AdminSettingsForm';

export class PluginAuthWecomClientV2 extends Plugin {
  async load() {
    const auth = findAuthPlugin(this.app);
    if (!auth) {
      console.warn(`[${AUTH_TYPE}] @nocobase/plugin-auth is not enabled: the WeCom sign-in is not registered.`);
      return;
    }
    const SignInButton = withApi(WecomSignInButton, this.app.apiClient);
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
