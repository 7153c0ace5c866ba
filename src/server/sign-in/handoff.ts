import type { Context } from '@nocobase/actions';
import { MSG } from '../../messages';
import { clearCookie, handoffCookieName, readCookie, writeCookie } from '../web/browser-cookies';
import { SignInError } from '../failures';
import type { OnceMarks } from '../web/once';
import { randomHex, sameText, seal, unseal } from '../web/seal';
import type { FlowScope } from './state';

/**
 * The last step of a sign-in: no session token ever travels in a URL. The callback seals the new token into an
 * httpOnly cookie and lands the browser on the page with a short code; the page's client posts the code and gets
 * the token once, within a minute, and only with that browser's cookie.
 */
export const HANDOFF_TTL_MS = 60 * 1000;
const CODE = /^[0-9a-f]{32}$/;

interface SealedHandoff extends FlowScope {
  code: string;
  token: string;
  expiresAt: number;
}

/** Seals `token` into this browser's hand-off cookie; returns the code for the landing URL. */
export function issueHandoff(ctx: Context, https: boolean, scope: FlowScope, token: string): string {
  const code = randomHex(16);
  const handoff: SealedHandoff = { ...scope, code, token, expiresAt: Date.now() + HANDOFF_TTL_MS };
  writeCookie(ctx, https, handoffCookieName(https), seal('handoff', handoff), HANDOFF_TTL_MS);
  return code;
}

/**
 * The token behind `code`, once, for the browser that holds the hand-off cookie of this app. The `__Host-`
 * cookie (set on https, which the admin's Origin option may say when no proxy header does) is read first.
 */
export async function redeemHandoff(ctx: Context, https: boolean, once: OnceMarks, app: string, code: unknown) {
  const name = [handoffCookieName(true), ...(https ? [] : [handoffCookieName(false)])].find((n) => readCookie(ctx, n));
  const handoff = name ? unseal<SealedHandoff>('handoff', readCookie(ctx, name)) : undefined;
  if (
    typeof code !== 'string' ||
    !CODE.test(code) ||
    !handoff ||
    handoff.app !== app ||
    !sameText(handoff.code, code)
  ) {
    throw new SignInError(MSG.handoffInvalid, {}, 400);
  }
  if (!(handoff.expiresAt > Date.now()) || !(await once.claim(`handoff:${code}`, HANDOFF_TTL_MS))) {
    throw new SignInError(MSG.handoffInvalid, {}, 400);
  }
  clearCookie(ctx, name!.startsWith('__Host-'), name!);
  return { token: handoff.token, authenticator: handoff.authenticator };
}

/**
 * Member B's sign-in in a browser still signed in as A (the workbench link opened in A's browser): the landing
 * page's client posts the hand-off with A's token, and A's session ends as NocoBase's own sign-out ends one (its
 * token on the blocklist). Only after a hand-off that gave a new session: a refused one ends nothing.
 */
export async function endEarlierSession(ctx: Context, newToken: string) {
  const authorization = ctx.get('Authorization');
  const earlier = authorization.replace(/^Bearer\s+/i, '').trim();
  if (!earlier || earlier === newToken) {
    return;
  }
  // Decodes with this app's secret first: a token of another app, or no token at all, is left alone.
  await ctx.app.authManager.jwt.block(earlier);
}
