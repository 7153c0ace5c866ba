import type { Context, Next } from '@nocobase/actions';
import { isWecomBrowser, LINK_PARAM } from '../../constants';
import { MSG } from '../../messages';
import { endEarlierSession, issueHandoff, redeemHandoff } from './handoff';
import { requestLanguage, translate } from '../i18n';
import { SignInError, toSignInError } from '../failures';
import type { OnceMarks } from '../web/once';
import { finishLinkFlow, LINK_MODE, linkingUserId } from '../linking/link-mode';
import { offerLink } from '../linking/pending-link';
import { wecomAuthenticator } from '../authenticator';
import type { WecomSettings } from '../settings';
import { actionUrl, failureUrl, landingPath, pageUrl, signInPath, SiteAddress, siteAddress } from '../web/site';
import { finishFlow, startFlow } from './state';
import { UNMATCHED_MEMBER, type UnmatchedMember, VERIFIED_CALLBACK, type VerifiedCallback } from './wecom-auth';
import { inClientAuthorizeUrl, qrLoginUrl } from '../wecom/urls';

/**
 * The public actions of the `wecom` resource. Each reads its query, does its checks and answers; the sign-in
 * itself happens in `WecomAuth.validate()`. `once` holds the "used" marks of states and hand-off codes.
 */
export function publicActions(once: OnceMarks) {
  /**
   * `GET wecom:getAuthUrl?authenticator=NAME[&redirect=/path][&mode=link]` → `{ url }` to send the browser to.
   * `mode=link` (the user center's "Link"): for the signed-in user, whom the callback links instead of signing in.
   */
  async function getAuthUrl(ctx: Context, next: Next) {
    const { authenticator, redirect, mode } = ctx.action.params;
    try {
      const { settings } = await wecomAuthenticator(ctx, authenticator);
      const site = await siteAddress(ctx, settings.origin);
      const inClient = isWecomBrowser(ctx.get('User-Agent'));
      const linkUserId = mode === LINK_MODE ? await linkingUserId(ctx) : undefined;
      ctx.body = { url: authorizeUrl(ctx, site, authenticator, settings, { inClient, redirect, linkUserId }) };
    } catch (error) {
      const failure = logged(ctx, toSignInError(error));
      ctx.throw(failure.status >= 500 ? failure.status : 400, message(ctx, failure), { code: failure.id });
    }
    await next();
  }

  /** `GET wecom:workbench?authenticator=NAME` — the WeCom app's homepage: straight into the in-client authorization. */
  async function workbench(ctx: Context, next: Next) {
    const { authenticator, redirect } = ctx.action.params;
    let site: SiteAddress | undefined;
    try {
      const { settings } = await wecomAuthenticator(ctx, authenticator);
      site = await siteAddress(ctx, settings.origin);
      ctx.redirect(authorizeUrl(ctx, site, authenticator, settings, { inClient: true, redirect }));
    } catch (error) {
      await backToSignIn(ctx, site, undefined, authenticator, error);
    }
    await next();
  }

  /** `GET wecom:redirect?authenticator=NAME&code=CODE&state=STATE` — WeCom's callback. Always answers a 302. */
  async function redirect(ctx: Context, next: Next) {
    const { authenticator, code, state } = ctx.action.params;
    let site: SiteAddress | undefined;
    let signIn: string | undefined;
    try {
      const { auth, settings } = await wecomAuthenticator(ctx, authenticator);
      site = await siteAddress(ctx, settings.origin);
      const flow = await finishFlow(ctx, site.https, once, state, { app: site.appName, authenticator });
      signIn = flow.signIn;
      if (flow.linkUserId !== undefined) {
        const outcome = await finishLinkFlow(ctx, authenticator, settings, flow.linkUserId, code);
        ctx.redirect(pageUrl(site.origin, flow.landing, { authenticator, [LINK_PARAM]: outcome }));
        return await next();
      }
      const verified: VerifiedCallback = { code: textOrUndefined(code) as string };
      ctx.state[VERIFIED_CALLBACK] = verified;
      const { token } = await auth.signIn();
      noteOtherOpener(ctx, authenticator, flow.intendedFor, verified.userid);
      const handoff = issueHandoff(ctx, site.https, { app: site.appName, authenticator }, token);
      ctx.redirect(pageUrl(site.origin, flow.landing, { authenticator, handoff }));
    } catch (error) {
      // No user for this member: the sign-in page offers to link WeCom to the account signed in next.
      const pending = site && offerLinkAfterFailure(ctx, site.https, { app: site.appName, authenticator });
      await backToSignIn(ctx, site, signIn, authenticator, error, pending ? { [LINK_PARAM]: 'pending' } : {});
    }
    await next();
  }

  /** `POST wecom:handoff` `{ code }` → `{ token }`, once, for the browser the callback landed. */
  async function handoff(ctx: Context, next: Next) {
    try {
      if (ctx.method !== 'POST') {
        throw new SignInError(MSG.handoffInvalid, {}, 405);
      }
      const site = await siteAddress(ctx);
      const { token } = await redeemHandoff(ctx, site.https, once, site.appName, ctx.action.params.values?.code);
      await endEarlierSession(ctx, token);
      ctx.body = { token };
    } catch (error) {
      const failure = logged(ctx, toSignInError(error));
      ctx.throw(failure.status, message(ctx, failure), { code: failure.id });
    }
    await next();
  }

  return { getAuthUrl, workbench, redirect, handoff };
}

function authorizeUrl(
  ctx: Context,
  site: SiteAddress,
  authenticator: string,
  settings: WecomSettings,
  options: { inClient: boolean; redirect?: unknown; linkUserId?: number },
): string {
  const landing = landingPath(site, options.redirect, settings.redirectPath);
  const locale = requestLanguage(ctx);
  const state = startFlow(ctx, site.https, {
    app: site.appName,
    authenticator,
    landing,
    signIn: signInPath(site, landing),
    locale,
    ...(options.linkUserId !== undefined ? { linkUserId: options.linkUserId } : {}),
  });
  const callback = actionUrl(ctx, site, 'redirect', { authenticator });
  return options.inClient
    ? inClientAuthorizeUrl(settings.config, callback, state)
    : qrLoginUrl(settings.config, callback, state, locale.startsWith('zh') ? 'zh' : 'en');
}

/**
 * A message's link opened by a member it was not sent to (a forwarded card): they were signed in as themself, as
 * anyone opening it is; the log tells the administrator it happened.
 */
function noteOtherOpener(ctx: Context, authenticator: string, intendedFor?: string[], userid?: string) {
  if (intendedFor?.length && userid && !intendedFor.includes(userid.toLowerCase())) {
    ctx.logger?.info?.('A WeCom message link was opened by a member it was not sent to; signed in as that member', {
      method: 'wecom',
      authenticator,
      userid,
    });
  }
}

/** A failure ends on the sign-in page of the flow's shell, with a message id the page translates. */
async function backToSignIn(
  ctx: Context,
  site: SiteAddress | undefined,
  signIn: string | undefined,
  authenticator: unknown,
  error: unknown,
  extra: Record<string, string> = {},
) {
  const failure = logged(ctx, toSignInError(error));
  let address = site;
  if (!address) {
    try {
      address = await siteAddress(ctx);
    } catch {
      // No usable Host: a relative address still brings the browser back to this site's sign-in page.
      address = { origin: '', https: false, subApp: '', appName: String(ctx.app.name || 'main') };
    }
  }
  ctx.redirect(failureUrl(address, signIn ?? signInPath(address), textOrUndefined(authenticator), failure, extra));
}

function message(ctx: Context, failure: SignInError): string {
  const language = requestLanguage(ctx);
  const params = { ...failure.params };
  if (failure.messageKey === MSG.notSetUp) {
    params.fields = String(params.fields)
      .split(', ')
      .map((field) => translate(ctx, language, field))
      .join(', ');
  }
  return translate(ctx, language, failure.messageKey, params);
}

/** Unexpected failures and upstream errors go to the log (never the Secret or a token: errors carry neither). */
function logged(ctx: Context, failure: SignInError): SignInError {
  if (failure.cause) {
    const cause = failure.cause as { message?: string; errcode?: number; kind?: string };
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

/** After a failed callback: the pending link for the member `validate()` left, if any; true when offered. */
function offerLinkAfterFailure(ctx: Context, https: boolean, scope: { app: string; authenticator: string }): boolean {
  const member: UnmatchedMember | undefined = ctx.state?.[UNMATCHED_MEMBER];
  if (!member) {
    return false;
  }
  offerLink(ctx, https, scope, member.corpId, member);
  return true;
}
