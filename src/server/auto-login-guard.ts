import { AUTH_TYPE } from '../constants';
import { requestLanguage, translate } from './i18n';
import { MSG } from './messages';

/**
 * Only one WeCom authenticator may start sign-in by itself in the WeCom browser: two would race for the page.
 * Refuses to save a second one with a message that names the first.
 */
export function guardSingleAutoLogin(app: any) {
  return async (model: any, options: any) => {
    const options_ = model.get('options') || {};
    if (model.get('authType') !== AUTH_TYPE || !options_.public?.autoLogin || model.get('enabled') === false) {
      return;
    }
    const others = await model.constructor.findAll({
      where: { authType: AUTH_TYPE, enabled: true },
      transaction: options?.transaction,
    });
    const taken = others.find(
      (other: any) => other.get('name') !== model.get('name') && other.get('options')?.public?.autoLogin,
    );
    if (taken) {
      const ctx = options?.context;
      const params = { name: taken.get('name') };
      const text = ctx ? translate(ctx, requestLanguage(ctx), MSG.autoLoginTaken, params) : MSG.autoLoginTaken;
      const error: any = new Error(text.replace('{{name}}', params.name));
      error.status = 400;
      throw error;
    }
  };
}
