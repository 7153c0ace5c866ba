import type { Context } from '@nocobase/actions';
import type { Auth } from '@nocobase/auth';
import { AUTH_TYPE } from '../constants';
import { MSG, SignInError } from './failures';
import { readSettings, type StoredOptions, type WecomSettings } from './settings';

/** A WeCom authenticator's Auth instance (`WecomAuth`), as the features other than sign-in see it. */
export interface WecomAuthInstance extends Auth {
  readonly record: { name: string; authType: string; options: StoredOptions };
  signIn(): Promise<{ user: unknown; token: string }>;
}

/**
 * The enabled WeCom authenticator of that name, and its checked settings. The class is the one registered for
 * the `wecom` type, so this file needs no import of the sign-in (any feature may ask for an authenticator).
 */
export async function wecomAuthenticator(
  ctx: Context,
  name: unknown,
): Promise<{ auth: WecomAuthInstance; settings: WecomSettings }> {
  const unknown = () => new SignInError(MSG.unknownAuthenticator, { name: typeof name === 'string' ? name : '' }, 400);
  if (typeof name !== 'string' || !name) {
    throw unknown();
  }
  let auth: unknown;
  try {
    auth = await ctx.app.authManager.get(name, ctx);
  } catch {
    throw unknown();
  }
  // authManager.get falls back to the first enabled authenticator for an unknown name: never trust that.
  const WecomAuth = ctx.app.authManager.getAuthConfig(AUTH_TYPE)?.auth;
  if (!WecomAuth || !(auth instanceof WecomAuth)) {
    throw unknown();
  }
  const wecom = auth as unknown as WecomAuthInstance;
  if (wecom.record.name !== name || wecom.record.authType !== AUTH_TYPE) {
    throw unknown();
  }
  return { auth: wecom, settings: readSettings(wecom.record.options) };
}
