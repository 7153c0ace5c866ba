import { randomBytes } from 'crypto';
import { MSG, SignInError } from './messages';

/**
 * The OAuth `state`: opaque, single use, expiring, kept in the app cache (shared by every node of a cluster)
 * and bound to the browser that started the flow through an httpOnly cookie.
 */
export interface Flow {
  authenticator: string;
  /** A same-site path to land on after sign-in, when the sign-in page asked for one. */
  redirect?: string;
  /** The language the flow started in: messages at the end of the flow use it. */
  locale?: string;
  /** The browser's id (the cookie's value). */
  browser: string;
  /** Epoch ms; checked too, so a cache store that keeps entries longer cannot stretch a flow's life. */
  expiresAt: number;
}

export const FLOW_TTL_MS = 10 * 60 * 1000;
export const BROWSER_COOKIE = 'nocobase_wecom_browser';
const ALNUM = /^[A-Za-z0-9]{1,128}$/;

const stateKey = (state: string) => `wecom:state:${state}`;

/** Starts a flow: returns the `state` to send to WeCom. */
export async function startFlow(ctx: any, flow: Omit<Flow, 'browser' | 'expiresAt'>): Promise<string> {
  const state = randomAlnum(32);
  const browser = browserId(ctx);
  await ctx.app.cache.set(stateKey(state), { ...flow, browser, expiresAt: Date.now() + FLOW_TTL_MS }, FLOW_TTL_MS);
  return state;
}

/** Ends a flow: the state is consumed whatever happens next, and must come from the same browser. */
export async function finishFlow(ctx: any, state: unknown, authenticator: unknown): Promise<Flow> {
  if (typeof state !== 'string' || !ALNUM.test(state)) {
    throw new SignInError(MSG.badState);
  }
  const flow = await takeOnce<Flow>(ctx.app, stateKey(state));
  if (!flow || flow.authenticator !== authenticator || !(flow.expiresAt > Date.now())) {
    throw new SignInError(MSG.badState);
  }
  if (!flow.browser || ctx.cookies.get(BROWSER_COOKIE) !== flow.browser) {
    throw new SignInError(MSG.otherBrowser);
  }
  return flow;
}

/** States being consumed in this process right now (a claim, not a lock table: nothing stays behind). */
const taking = new Set<string>();

/**
 * Reads and deletes a cache entry as one step. On Redis (a cluster's shared cache) that is GETDEL, atomic across
 * nodes; on the memory store (one node) a synchronous claim lets only the first of concurrent readers have it.
 */
async function takeOnce<T>(app: any, key: string): Promise<T | undefined> {
  const redis = app.cache.store?.store?.client;
  if (typeof redis?.getDel === 'function') {
    const raw = await redis.getDel(app.cache.key(key));
    return raw ? (JSON.parse(raw) as T) : undefined;
  }
  if (taking.has(key)) {
    return undefined;
  }
  taking.add(key);
  try {
    const value = await app.cache.get(key);
    if (value) {
      await app.cache.del(key);
    }
    return value as T | undefined;
  } finally {
    taking.delete(key);
  }
}

/** The browser's id from its cookie, or a new one (httpOnly, SameSite=Lax: sent on WeCom's redirect back). */
function browserId(ctx: any): string {
  const existing = ctx.cookies.get(BROWSER_COOKIE);
  const id = typeof existing === 'string' && /^[A-Za-z0-9]{32}$/.test(existing) ? existing : randomAlnum(32);
  // Set again even when it exists, so the cookie outlives the flow that starts now.
  ctx.cookies.set(BROWSER_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: Boolean(ctx.secure),
    path: '/',
    maxAge: FLOW_TTL_MS,
    overwrite: true,
  });
  return id;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length: number): string {
  // 248 = 4 × 62: bytes above it are dropped so every character is equally likely.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) {
        out += ALPHABET[byte % 62];
      }
    }
  }
  return out;
}
