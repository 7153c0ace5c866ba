import type { Context } from '@nocobase/actions';

/**
 * The plugin's cookies: httpOnly, SameSite=Lax (sent on WeCom's top-level redirect back, never on a cross-site
 * request), Path=/. On https they are Secure and carry the `__Host-` prefix, which a sibling subdomain or an
 * http hop cannot plant. Values are always sealed by the server (seal.ts): a cookie the server did not seal
 * for that purpose is ignored.
 */
const FLOW_PREFIX = 'wecom_flow_';
const HANDOFF = 'wecom_handoff';
/** A WeCom member waiting to be linked to whoever signs in next in this browser (pending-link.ts). */
const PENDING_LINK = 'wecom_link';

/** At most this many unfinished flows per browser (one per tab that started WeCom sign-in). */
export const MAX_FLOWS_PER_BROWSER = 4;

export interface CookieJar {
  https: boolean;
}

const named = (https: boolean, name: string) => (https ? `__Host-${name}` : name);

export const flowCookieName = (https: boolean, id: string) => named(https, `${FLOW_PREFIX}${id}`);
export const handoffCookieName = (https: boolean) => named(https, HANDOFF);
export const pendingLinkCookieName = (https: boolean) => named(https, PENDING_LINK);

export function readCookie(ctx: Context, name: string): string | undefined {
  const value = ctx.cookies.get(name, { signed: false });
  return typeof value === 'string' && value ? value : undefined;
}

export function writeCookie(ctx: Context, https: boolean, name: string, value: string, maxAgeMs: number) {
  if (https) {
    // Behind a TLS-terminating proxy the connection itself is http: tell the cookie jar it is https.
    ctx.cookies.secure = true;
  }
  ctx.cookies.set(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: https,
    path: '/',
    maxAge: maxAgeMs,
    overwrite: true,
    signed: false,
  });
}

export function clearCookie(ctx: Context, https: boolean, name: string) {
  writeCookie(ctx, https, name, '', -1);
}

/** Names of this browser's flow cookies (of the same https-ness), from the raw Cookie header. */
export function flowCookieNames(ctx: Context, https: boolean): string[] {
  const prefix = flowCookieName(https, '');
  const header = String(ctx.get('Cookie') || '');
  const names = new Set<string>();
  for (const part of header.split(';')) {
    const name = part.split('=', 1)[0].trim();
    if (name.startsWith(prefix) && /^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      names.add(name);
    }
  }
  return [...names];
}
