import { AUTH_TYPE, DEFAULTS, isWecomBrowser } from '../constants';
import { requestLanguage, translate } from './i18n';
import { MSG, SignInError, toSignInError } from './messages';
import { readSettings, WecomSettings } from './settings';
import { actionUrl, landingUrl, sameSitePath, signInPageUrl, siteOrigin } from './site';
import { finishFlow, startFlow } from './state';
import { VERIFIED_CALLBACK } from './wecom-auth';
import { inClientAuthorizeUrl, qrLoginUrl } from './wecom/urls';

/**
 * The three public actions of the `wecom` resource. Each reads its query, does its checks, and answers;
 * the sign-in itself happens in `WecomAuth.validate()`.
 */

/** `GET wecom:getAuthUrl?authenticator=NAME[&redirect=/path]` → `{ url }` to send the browser to. */
async function getAuthUrl(ctx: any, next: () => Promise<void>) {
  const { authenticator, redirect } = ctx.action.params;
  try {
    const { settings } = await wecomAuthenticator(ctx, authenticator);
    const inClient = isWecomBrowser(ctx.get('User-Agent'));
    ctx.body = { url: await authorizeUrl(ctx, authenticator, settings, { inClient, redirect }) };
  } catch (error) {
    const failure = logged(ctx, toSignInError(error));
    ctx.throw(failure.status >= 500 ? failure.status : 400, message(ctx, failure));
  }
  await next();
}

/** `GET wecom:workbench?authenticator=NAME` — the WeCom app's homepage: straight into the in-client authorization. */
async function workbench(ctx: any, next: () => Promise<void>) {
  const { authenticator, redirect } = ctx.action.params;
  let origin = siteOrigin(ctx);
  try {
    const { settings } = await wecomAuthenticator(ctx, authenticator);
    origin = siteOrigin(ctx, settings.origin);
    ctx.redirect(await authorizeUrl(ctx, authenticator, settings, { inClient: true, redirect }));
  } catch (error) {
    backToSignIn(ctx, origin, authenticator, error);
  }
  await next();
}

/** `GET wecom:redirect?authenticator=NAME&code=CODE&state=STATE` — WeCom's callback. Always answers a 302. */
async function redirect(ctx: any, next: () => Promise<void>) {
  const { authenticator, code, state } = ctx.action.params;
  let origin = siteOrigin(ctx);
  let lang: string | undefined;
  try {
    const flow = await finishFlow(ctx, state, authenticator);
    lang = flow.locale;
    const { auth, settings } = await wecomAuthenticator(ctx, authenticator);
    origin = siteOrigin(ctx, settings.origin);
    ctx.state[VERIFIED_CALLBACK] = { code: textOrUndefined(code) };
    const { token } = await auth.signIn();
    const path = flow.redirect || sameSitePath(settings.redirectPath) || DEFAULTS.redirectPath;
    ctx.redirect(landingUrl(origin, path, authenticator, token));
  } catch (error) {
    backToSignIn(ctx, origin, authenticator, error, lang);
  }
  await next();
}

export const actions = { getAuthUrl, workbench, redirect };

/** The enabled WeCom authenticator of that name, and its checked settings. */
async function wecomAuthenticator(ctx: any, name: unknown): Promise<{ auth: any; settings: WecomSettings }> {
  const unknown = () => new SignInError(MSG.unknownAuthenticator, { name: textOrUndefined(name) ?? '' }, 400);
  if (typeof name !== 'string' || !name) {
    throw unknown();
  }
  let auth: any;
  try {
    auth = await ctx.app.authManager.get(name, ctx);
  } catch {
    throw unknown();
  }
  // authManager.get falls back to the first enabled authenticator for an unknown name: never trust that.
  if (auth?.authenticator?.name !== name || auth.authenticator.authType !== AUTH_TYPE) {
    throw unknown();
  }
  return { auth, settings: readSettings(auth.options) };
}

async function authorizeUrl(
  ctx: any,
  authenticator: string,
  settings: WecomSettings,
  options: { inClient: boolean; redirect?: unknown },
): Promise<string> {
  const redirect = sameSitePath(options.redirect);
  if (redirect === null) {
    throw new SignInError(MSG.badRedirect, {}, 400);
  }
  const lang = requestLanguage(ctx);
  const state = await startFlow(ctx, { authenticator, redirect, locale: lang });
  const callback = actionUrl(ctx, siteOrigin(ctx, settings.origin), 'redirect', { authenticator });
  return options.inClient
    ? inClientAuthorizeUrl(settings.config, callback, state)
    : qrLoginUrl(settings.config, callback, state, lang.startsWith('zh') ? 'zh' : 'en');
}

/** A failure ends on the sign-in page, with its message in the language the flow started in. */
function backToSignIn(ctx: any, origin: string, authenticator: unknown, error: unknown, lang?: string) {
  const failure = logged(ctx, toSignInError(error));
  ctx.redirect(signInPageUrl(origin, textOrUndefined(authenticator), message(ctx, failure, lang)));
}

function message(ctx: any, failure: SignInError, lang?: string): string {
  const params = { ...failure.params };
  if (failure.messageKey === MSG.notSetUp) {
    params.fields = String(params.fields)
      .split(', ')
      .map((field) => translate(ctx, requestLanguage(ctx, lang), field))
      .join(', ');
  }
  return translate(ctx, requestLanguage(ctx, lang), failure.messageKey, params);
}

/** Unexpected failures and upstream errors go to the log (never the Secret or a token: errors carry neither). */
function logged(ctx: any, failure: SignInError): SignInError {
  if (failure.cause) {
    const cause: any = failure.cause;
    ctx.logger?.warn?.(`WeCom sign-in failed: ${cause?.message ?? cause}`, {
      method: 'wecom',
      errcode: cause?.errcode,
      kind: cause?.kind,
    });
  }
  return failure;
}

function textOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
