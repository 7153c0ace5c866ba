import { Plugin } from '@nocobase/server';
import { tval } from '@nocobase/utils';
import { AUTH_TYPE, NAMESPACE, RESOURCE } from '../constants';
import { publicActions } from './sign-in/actions';
import { guardSingleAutoLogin } from './sign-in/auto-login-guard';
import { registerLinking } from './linking/link-actions';
import { registerLinkedUsers } from './linking/linked-users-actions';
import { OnceMarks } from './web/once';
import { registerLocales } from './i18n';
import { redactWecomSecretsInLogs } from './log-redaction';
import { registerNotify } from './notify/register';
import { publicOptions } from './settings';
import { withholdSecretsInAnswers } from './secrets/answers';
import { keepSecretsOnSave } from './secrets/saves';
import { registerSetupCheck } from './setup-check/action';
import { ContactEventQueue } from './sync/event-queue';
import { registerContactsSync } from './sync/register';
import { WecomAuth } from './sign-in/wecom-auth';
import { openWecomRuntime } from './wecom/app-runtime';
import type { WecomRuntime } from './wecom/runtime';

/** Wiring only: the auth type, the public `wecom` resource, the strings, one save guard. */
export class PluginAuthWecomServer extends Plugin {
  /** This app's connections to WeCom and its access tokens; closed when the app stops or reloads. */
  wecom?: WecomRuntime;
  /** WeCom contacts change events waiting to be applied (see sync/). */
  contactEvents?: ContactEventQueue;

  async load() {
    const wecom = await openWecomRuntime(this.app, `${RESOURCE}-tokens`);
    this.wecom = wecom;
    // Change events being applied finish before the connections to WeCom close (the others wait, stored).
    const close = async () => {
      await this.contactEvents?.stop();
      await wecom.close();
    };
    this.app.on('beforeStop', close);
    this.app.on('beforeReload', close);
    registerLocales(this.app.i18n);
    this.app.authManager.registerTypes(AUTH_TYPE, {
      auth: WecomAuth,
      title: tval('WeCom', { ns: NAMESPACE }),
      getPublicOptions: publicOptions,
    });
    const once = await OnceMarks.create(this.app, `${RESOURCE}-once`);
    const actions = publicActions(once);
    this.app.resourceManager.define({ name: RESOURCE, actions });
    this.app.acl.allow(RESOURCE, Object.keys(actions), 'public');
    registerSetupCheck(this.app);
    registerLinking(this.app, once);
    registerLinkedUsers(this.app);
    redactWecomSecretsInLogs(this.app);
    withholdSecretsInAnswers(this.app);
    keepSecretsOnSave(this.app);
    this.contactEvents = await registerContactsSync(this);
    registerNotify(this);
    this.db.on('authenticators.beforeSave', guardSingleAutoLogin());
  }
}

export default PluginAuthWecomServer;
