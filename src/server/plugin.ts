import { Plugin } from '@nocobase/server';
import { AUTH_TYPE, NAMESPACE, RESOURCE } from '../constants';
import { publicActions } from './actions';
import { guardSingleAutoLogin } from './auto-login-guard';
import { OnceMarks } from './once';
import { registerLocales } from './i18n';
import { redactWecomSecretsInLogs } from './log-redaction';
import { publicOptions } from './settings';
import { registerSetupCheck } from './setup-check-action';
import { WecomAuth } from './wecom-auth';

/** Wiring only: the auth type, the public `wecom` resource, the strings, one save guard. */
export class PluginAuthWecomServer extends Plugin {
  async load() {
    registerLocales(this.app.i18n);
    this.app.authManager.registerTypes(AUTH_TYPE, {
      auth: WecomAuth as any,
      title: `{{t("WeCom", { ns: "${NAMESPACE}" })}}`,
      getPublicOptions: publicOptions,
    });
    const actions = publicActions(await OnceMarks.create(this.app, `${RESOURCE}-once`));
    this.app.resourceManager.define({ name: RESOURCE, actions });
    this.app.acl.allow(RESOURCE, Object.keys(actions), 'public');
    registerSetupCheck(this.app);
    redactWecomSecretsInLogs(this.app);
    this.db.on('authenticators.beforeSave', guardSingleAutoLogin(this.app));
  }
}

export default PluginAuthWecomServer;
