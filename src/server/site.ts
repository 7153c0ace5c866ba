import { RESOURCE } from '../constants';

/**
 * URLs that lead back to this NocoBase: built from the admin's Origin (or the request's) and the app's real
 * API prefix (`/api` in an app; none on a bare test server).
 */
export function siteOrigin(ctx: any, configured?: string): string {
  if (configured) {
    return configured;
  }
  const url = new URL(`${ctx.protocol}://${ctx.host}`);
  return url.origin;
}

export function actionUrl(ctx: any, origin: string, action: string, query: Record<string, string>): string {
  const prefix = String(ctx.app.resourcer?.options?.prefix || '').replace(/\/+$/, '');
  return `${origin}${prefix}/${RESOURCE}:${action}?${new URLSearchParams(query)}`;
}

/** The sign-in page, with a message to show. */
export function signInPageUrl(origin: string, authenticator: string | undefined, error: string): string {
  const query = new URLSearchParams();
  if (authenticator) {
    query.set('authenticator', authenticator);
  }
  query.set('error', error);
  return `${origin}${publicPath()}signin?${query}`;
}

/** Where a signed-in browser lands, carrying the token the NocoBase client picks up and strips. */
export function landingUrl(origin: string, path: string, authenticator: string, token: string): string {
  const url = new URL(path, 'http://site.invalid');
  url.searchParams.set('authenticator', authenticator);
  url.searchParams.set('token', token);
  return `${origin}${url.pathname}${url.search}${url.hash}`;
}

/**
 * A path on this site, or null when `value` could lead anywhere else (`//host`, `/\host`, `https:`,
 * `javascript:`, control characters). Empty input is `undefined`: nothing asked for.
 */
export function sameSitePath(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > 2048) {
    return null;
  }
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) {
    return null;
  }
  const url = new URL(value, 'http://site.invalid');
  if (url.origin !== 'http://site.invalid') {
    return null;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

function publicPath(): string {
  const path = (process.env.APP_PUBLIC_PATH || '/').trim() || '/';
  return `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
}
