import type { Context } from '@nocobase/actions';
import { clearCookie, pendingLinkCookieName, readCookie, writeCookie } from '../web/browser-cookies';
import type { OnceMarks } from '../web/once';
import { randomHex, seal, unseal } from '../web/seal';
import { siteAddress } from '../web/site';

/**
 * A pending link: a WeCom sign-in found no user, so the callback leaves the member's identity, sealed, in an
 * httpOnly cookie of the browser that ran the flow. It binds nothing by itself: a sign-in made on the page that
 * showed it (link-on-sign-in.ts) only arms it for that sign-in's session, and the signed-in user's confirmation
 * (confirm-link.ts) is what binds. Same rules as a flow: sealed for its own purpose (a browser can neither read
 * nor forge it), `__Host-` and Secure on https, 10 minutes, used once (the mark lives in the plugin's own cache,
 * so a copied cookie is worthless after its first use, a "Not me" or a sign-in that did not show it).
 */
export interface PendingLinkScope {
  app: string;
  authenticator: string;
}

export interface PendingMember {
  userid: string;
  /** The member's name in WeCom (the userid when WeCom did not tell it). */
  name: string;
}

export interface PendingLink extends PendingLinkScope, PendingMember {
  id: string;
  /** The Corp ID the member was verified under: a link is refused once the authenticator names another. */
  corpId: string;
  expiresAt: number;
  /** Written as a `__Host-` cookie: then only that name counts (a plain one may come from a sibling subdomain). */
  https: boolean;
  /** Set by the sign-in on the page that showed the link: only that session may confirm it. */
  armed?: LinkSession;
}

/** A NocoBase session: its user, and when the sign-in that began it happened (kept through token renewals). */
export interface LinkSession {
  userId: number;
  signInTime: number;
}

export const PENDING_LINK_TTL_MS = 10 * 60 * 1000;

const markOf = (link: PendingLink) => `link:${link.id}`;

/** Leaves the member for the sign-in page of this browser (one pending link per browser: the newest wins). */
export function offerLink(
  ctx: Context,
  https: boolean,
  scope: PendingLinkScope,
  corpId: string,
  member: PendingMember,
) {
  const link: PendingLink = {
    ...scope,
    userid: member.userid,
    name: member.name || member.userid,
    corpId,
    id: randomHex(16),
    expiresAt: Date.now() + PENDING_LINK_TTL_MS,
    https,
  };
  writeCookie(ctx, https, pendingLinkCookieName(https), seal('link', link), PENDING_LINK_TTL_MS);
}

/** Arms the pending link for the session a sign-in on the page that showed it just began (same id, same life). */
export function armPendingLink(ctx: Context, link: PendingLink, session: LinkSession) {
  const armed: PendingLink = { ...link, armed: { userId: session.userId, signInTime: session.signInTime } };
  const name = pendingLinkCookieName(link.https);
  writeCookie(ctx, link.https, name, seal('link', armed), Math.max(1000, link.expiresAt - Date.now()));
}

/**
 * The cookie holding this browser's pending link: the `__Host-` one first, else (on a site not known to be on
 * https) the plain one.
 */
function cookieOf(ctx: Context, httpsSite = false): { name: string; https: boolean } | undefined {
  for (const https of httpsSite ? [true] : [true, false]) {
    const name = pendingLinkCookieName(https);
    if (readCookie(ctx, name)) {
      return { name, https };
    }
  }
  return undefined;
}

/**
 * This browser's pending link for this app (any authenticator, or the one named), unused and not expired. On a
 * request known to come over https only the `__Host-` cookie counts.
 */
export async function readPendingLink(ctx: Context, once: OnceMarks, authenticator?: string) {
  const scope = { ...(await requestScope(ctx)), authenticator };
  const cookie = cookieOf(ctx, scope.https);
  const link = cookie ? unseal<PendingLink>('link', readCookie(ctx, cookie.name)) : undefined;
  if (!link || link.app !== scope.app || (link.https && !cookie?.https)) {
    return undefined;
  }
  if (scope.authenticator !== undefined && link.authenticator !== scope.authenticator) {
    return undefined;
  }
  if (!(link.expiresAt > Date.now()) || (await once.used(markOf(link)))) {
    return undefined;
  }
  return link;
}

/**
 * Takes this browser's pending link: true for exactly one caller (a confirmation, a "Not me", a sign-in that
 * drops it), even when two requests bring the same cookie at once. The cookie is removed either way.
 */
export async function claimPendingLink(ctx: Context, once: OnceMarks, link: PendingLink): Promise<boolean> {
  dropPendingLink(ctx);
  return once.claim(markOf(link), link.expiresAt - Date.now());
}

/** This app, and whether the request came over https as far as it tells (through a proxy's forwarded headers). */
async function requestScope(ctx: Context): Promise<{ app: string; https: boolean }> {
  const app = String(ctx.app.name || 'main');
  try {
    return { app, https: (await siteAddress(ctx)).https };
  } catch {
    return { app, https: false };
  }
}

/** Removes the pending-link cookie of this browser, if any. */
export function dropPendingLink(ctx: Context) {
  const cookie = cookieOf(ctx);
  if (cookie) {
    clearCookie(ctx, cookie.https, cookie.name);
  }
}
