import type { Context, Next } from '@nocobase/actions';
import { getModernClientPrefix } from '@nocobase/plugin-auth';
import { isWecomBrowser } from '../../constants';
import { wecomAuthenticator } from '../authenticator';
import { requestLanguage } from '../i18n';
import { MSG, SignInError, toSignInError } from '../failures';
import {
  actionUrl,
  failureUrl,
  landingPath,
  pageUrl,
  publicPath,
  signInPath,
  SiteAddress,
  siteAddress,
} from '../web/site';
import type { WecomSettings } from '../settings';
import { startFlow } from '../sign-in/state';
import { inClientAuthorizeUrl } from '../wecom/urls';
import { LinkTarget, linkTarget, withoutSessionParams } from './link';

/**
 * `GET wecom:open?to=SEALED` — the link of a WeCom message (link.ts). Inside WeCom, for a link of this app and of
 * the authenticator's current Corp ID that has not expired: WeCom's silent authorization (`snsapi_base`), then the
 * same callback, sign-in, one-time hand-off and client-page landing as every WeCom sign-in, landing on the linked
 * page. Whoever opens it is who WeCom says they are: a forwarded card signs its opener in as themself, never as the
 * receiver (the flow carries the receivers, and the callback logs such an open); a member not linked yet meets the
 * usual link prompt, and the sign-in page then leads to the page.
 * Anywhere else, or for a link past its time: a 302 to the page itself (NocoBase asks for a sign-in if needed).
 * A link this server did not seal ends on the sign-in page with a message. Never a token in a URL.
 */
export async function openAction(ctx: Context, next: Next) {
  let site: SiteAddress | undefined;
  try {
    site = await siteAddress(ctx);
    const target = linkTarget(ctx.action.params.to);
    if (!target || target.app !== site.appName) {
      throw new SignInError(MSG.badState);
    }
    // Removed or disabled since the message was sent: the page itself, without WeCom.
    const settings = await wecomAuthenticator(ctx, target.authenticator).then(
      (found) => found.settings,
      () => undefined,
    );
    site = settings?.origin ? await siteAddress(ctx, settings.origin) : site;
    ctx.redirect(destination(ctx, site, target, settings));
  } catch (error) {
    const failure = toSignInError(error);
    const address = site ?? { origin: '', https: false, subApp: '', appName: String(ctx.app.name || 'main') };
    ctx.redirect(failureUrl(address, signInPath(address), undefined, failure));
  }
  await next();
}

function destination(ctx: Context, site: SiteAddress, target: LinkTarget, settings?: WecomSettings): string {
  const landing = landingPath(site, withoutSessionParams(target.path), settings?.redirectPath);
  const silent =
    settings &&
    isWecomBrowser(ctx.get('User-Agent')) &&
    target.corpId === settings.config.corpId &&
    target.expiresAt > Date.now();
  if (!silent) {
    return pageUrl(site.origin, landing, {});
  }
  const state = startFlow(ctx, site.https, {
    app: site.appName,
    authenticator: target.authenticator,
    landing,
    signIn: signInLeadingTo(site, landing),
    locale: requestLanguage(ctx),
    ...(target.receivers?.length ? { intendedFor: target.receivers } : {}),
  });
  const callback = actionUrl(ctx, site, 'redirect', { authenticator: target.authenticator });
  return inClientAuthorizeUrl(settings.config, callback, state, 'snsapi_base');
}

const MAX_SIGN_IN_URL = 1024;

/**
 * The sign-in page of the landing's shell, with `redirect` to the landing, so that a member who must sign in
 * another way first (not linked yet) ends on the page: the v1 shell takes it relative to itself, v2 from the root.
 */
function signInLeadingTo(site: SiteAddress, landing: string): string {
  const shell = `${publicPath()}${site.subApp}`;
  const modern = landing.startsWith(`${publicPath()}/${getModernClientPrefix()}/`);
  const redirect = !modern && landing.startsWith(`${shell}/`) ? landing.slice(shell.length) : landing;
  const page = signInPath(site, landing);
  const leading = `${page}?${new URLSearchParams({ redirect })}`;
  // The flow travels in a cookie: a page path too long to repeat there leaves the sign-in page without it.
  return leading.length <= MAX_SIGN_IN_URL ? leading : page;
}
