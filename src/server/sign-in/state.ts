import type { Context } from '@nocobase/actions';
import { MSG } from '../../messages';
import {
  clearCookie,
  flowCookieName,
  flowCookieNames,
  MAX_FLOWS_PER_BROWSER,
  readCookie,
  writeCookie,
} from '../web/browser-cookies';
import { SignInError } from '../failures';
import type { OnceMarks } from '../web/once';
import { randomHex, sameText, seal, sign, unseal } from '../web/seal';

/**
 * One WeCom sign-in flow, from "Sign in with WeCom" to WeCom's callback. Starting one costs the server nothing:
 * the flow travels sealed in an httpOnly cookie of the browser that started it, and the OAuth `state` sent to
 * WeCom is signed (nonce, expiry, app, authenticator). At the callback the state must verify for this app and
 * authenticator (the one check that keeps a flow in its app and authenticator), must not have expired,
 * must come with that browser's cookie for it, and is then marked used (the only thing the server stores).
 */
export interface FlowScope {
  /** The NocoBase app (main or a sub-app) the flow belongs to. */
  app: string;
  authenticator: string;
}

export interface Flow extends FlowScope {
  /** The root-relative client page to land on after sign-in (public path, shell and sub-app included). */
  landing: string;
  /** The sign-in page of the same shell, for failures. */
  signIn: string;
  /** The language the flow started in (WeCom's QR page is shown in it). */
  locale: string;
  /** Link mode (link-mode.ts): the signed-in user the member is to be linked to; no one is signed in. */
  linkUserId?: number;
  /** A message's link (notify/): the WeCom userids it was sent to, so that another member's open is told apart. */
  intendedFor?: string[];
}

interface SealedFlow extends Flow {
  state: string;
  expiresAt: number;
}

export const FLOW_TTL_MS = 10 * 60 * 1000;
/** nonce (32 hex) ‖ expiry (12 hex, epoch ms) ‖ MAC (32 hex): alphanumeric, as WeCom requires. */
const STATE = /^([0-9a-f]{32})([0-9a-f]{12})([0-9a-f]{32})$/;

const stateMac = (nonce: string, expiresAt: string, scope: FlowScope) =>
  sign('state', [nonce, expiresAt, scope.app, scope.authenticator]);

/** Starts a flow in this browser; returns the `state` to send to WeCom. */
export function startFlow(ctx: Context, https: boolean, flow: Flow): string {
  const nonce = randomHex(16);
  const expiresAt = Date.now() + FLOW_TTL_MS;
  const expiry = expiresAt.toString(16).padStart(12, '0');
  const state = `${nonce}${expiry}${stateMac(nonce, expiry, flow)}`;
  dropOldestFlows(ctx, https);
  writeCookie(ctx, https, flowCookieName(https, nonce), seal('flow', { ...flow, state, expiresAt }), FLOW_TTL_MS);
  return state;
}

/** Ends a flow: checks the state and this browser's cookie for it, then marks the state used. */
export async function finishFlow(ctx: Context, https: boolean, once: OnceMarks, state: unknown, scope: FlowScope) {
  const match = typeof state === 'string' ? STATE.exec(state) : null;
  if (!match) {
    throw new SignInError(MSG.badState);
  }
  const [, nonce, expiry, mac] = match;
  const expiresAt = parseInt(expiry, 16);
  if (!sameText(mac, stateMac(nonce, expiry, scope)) || !(expiresAt > Date.now())) {
    throw new SignInError(MSG.badState);
  }
  const cookie = flowCookieName(https, nonce);
  const flow = unseal<SealedFlow>('flow', readCookie(ctx, cookie));
  // The cookie's flow is the one of this state, so of the app and authenticator the state's MAC was checked for.
  if (!flow || flow.state !== state) {
    // Without its cookie: a replay in the browser that finished it, or a callback opened in another browser.
    throw new SignInError((await once.used(`state:${nonce}`)) ? MSG.badState : MSG.otherBrowser);
  }
  clearCookie(ctx, https, cookie);
  if (!(await once.claim(`state:${nonce}`, expiresAt - Date.now()))) {
    throw new SignInError(MSG.badState);
  }
  const { app, authenticator, landing, signIn, locale, linkUserId, intendedFor } = flow;
  return { app, authenticator, landing, signIn, locale, linkUserId, intendedFor };
}

/** Keeps a browser's flow cookies few: a page that starts flows in a loop cannot bloat its Cookie header. */
function dropOldestFlows(ctx: Context, https: boolean) {
  const names = flowCookieNames(ctx, https);
  if (names.length < MAX_FLOWS_PER_BROWSER) {
    return;
  }
  const byAge = names
    .map((name) => ({ name, expiresAt: unseal<SealedFlow>('flow', readCookie(ctx, name))?.expiresAt ?? 0 }))
    .sort((a, b) => a.expiresAt - b.expiresAt);
  for (const { name } of byAge.slice(0, names.length - MAX_FLOWS_PER_BROWSER + 1)) {
    clearCookie(ctx, https, name);
  }
}
