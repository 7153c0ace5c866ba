/**
 * v2: the "WeCom account" entry of the user center (the profile menu of the `/v/` UI), a flow model: the v2
 * user-center topbar finds the subclasses of `UserCenterItemModel` that have a static `itemId`. The entry shows only
 * when there is an enabled WeCom authenticator, and opens a drawer with one panel per authenticator (linked or not,
 * the WeCom name, Link / Unlink): the same panels as v1's dialog (WecomUserCenterItem.tsx).
 *
 * Made from the base class the page's flow engine registered (`UserCenterActionItemModel`): the bundle needs no
 * import of it, and a v2 page without such a user center gets no entry rather than a plugin that fails to load.
 */
import React from 'react';
import { NAMESPACE } from '../constants';
import type { ApiClientLike } from '../client-common/api';
import { fetchWecomAuthenticators, type WecomAuthenticatorRef } from '../client-common/linking/user-link-api';
import { WecomAccounts } from '../client-common/linking/WecomAccounts';

/** What this entry uses of NocoBase's UserCenterActionItemModel (client-v2, flow/models/topbar). */
export interface UserCenterActionItemBase {
  /** The flow context: `api` (NocoBase's HTTP client), `t` (i18next), `viewer` (drawers and dialogs). */
  context: any;
  section: string;
  sort: number;
  ready: boolean;
}
type UserCenterActionItemClass = new (...args: any[]) => UserCenterActionItemBase;

/** The member of NocoBase's v2 `Application` used here. */
export interface FlowEngineAppLike {
  flowEngine?: {
    getModelClass?(name: string): unknown;
    registerModels(models: Record<string, unknown>): void;
  };
}

export const USER_CENTER_ITEM_ID = 'wecom-account';

export function wecomUserCenterItemModel(Base: UserCenterActionItemClass) {
  return class WecomUserCenterItemModel extends Base {
    static itemId = USER_CENTER_ITEM_ID;

    section = 'profile';
    /** After NocoBase's Edit profile (50), Change password (100) and Verification (150). */
    sort = 160;
    label = 'WeCom account';
    authenticators: WecomAuthenticatorRef[] = [];

    getLabelNode() {
      return this.context.t('WeCom account', { ns: NAMESPACE });
    }

    /** Runs each time the menu opens: hidden when no WeCom authenticator is enabled (or the list fails). */
    async prepare() {
      const api: ApiClientLike = this.context.api;
      this.authenticators = await fetchWecomAuthenticators(api).catch((): WecomAuthenticatorRef[] => []);
      this.ready = this.authenticators.length > 0;
    }

    async onClick() {
      const api: ApiClientLike = this.context.api;
      const authenticators = this.authenticators;
      this.context.viewer.drawer({
        title: this.context.t('WeCom account', { ns: NAMESPACE }),
        width: '50%',
        closable: true,
        content: () => <WecomAccounts api={api} authenticators={authenticators} />,
      });
    }
  };
}

/** Registers the entry with the app's flow engine; false when the page has no flow-model user center. */
export function registerWecomUserCenterItem(app: FlowEngineAppLike): boolean {
  const Base = app.flowEngine?.getModelClass?.('UserCenterActionItemModel');
  if (typeof Base !== 'function' || !app.flowEngine) return false;
  app.flowEngine.registerModels({
    WecomUserCenterItemModel: wecomUserCenterItemModel(Base as UserCenterActionItemClass),
  });
  return true;
}
