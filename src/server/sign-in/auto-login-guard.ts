import type { Context } from '@nocobase/actions';
import type { Model, Transaction } from '@nocobase/database';
import type { WhereOptions } from 'sequelize';
import { AUTH_TYPE } from '../../constants';
import { requestLanguage, translate } from '../i18n';
import { MSG } from '../failures';
import type { StoredOptions } from '../settings';

/**
 * Only one WeCom authenticator may start sign-in by itself in the WeCom browser: two would race for the page.
 * Refuses to save a second one with a message that names the first.
 */
export function guardSingleAutoLogin() {
  return async (model: Model, options?: { transaction?: Transaction; context?: Context }) => {
    const options_ = (model.get('options') || {}) as StoredOptions;
    if (model.get('authType') !== AUTH_TYPE || !options_.public?.autoLogin || model.get('enabled') === false) {
      return;
    }
    const others = await (model.constructor as typeof Model).findAll({
      where: { authType: AUTH_TYPE, enabled: true } as WhereOptions,
      transaction: options?.transaction,
    });
    const taken = others.find(
      (other) => other.get('name') !== model.get('name') && other.get('options')?.public?.autoLogin,
    );
    if (taken) {
      const ctx = options?.context;
      const params = { name: taken.get('name') };
      const text = ctx ? translate(ctx, requestLanguage(ctx), MSG.autoLoginTaken, params) : MSG.autoLoginTaken;
      throw Object.assign(new Error(text.replace('{{name}}', String(params.name))), { status: 400 });
    }
  };
}
