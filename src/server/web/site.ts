import type { Context } from '@nocobase/actions';
import {
  buildRedirectPath,
  getModernClientPrefix,
  resolveSigninPrefix,
  resolveSubAppSegment,
} from '@nocobase/plugin-auth';
import { DEFAULTS, RESOURCE } from '../../constants';
import { messageIdOf, messageParamKey, MSG, safeMessageParams } from '../../messages';
import { SignInError } from '../failures';

/**
 * Where this NocoBase is, as the browser sees it, and the URLs that lead back to it: the origin (the admin's
 * Origin option, else the request's, read through a proxy's forwarded headers as NocoBase itself reads them),
 * the app's public path, the v1 or v2 shell, and the sub-app of NocoBase's app supervisor.
 */
export interface SiteAddress {
  origin: string;
  https: boolean;
  /** `/apps/<name>` when this app is a sub-app reached through the supervisor's domain, else ''. */
  subApp: string;
  appName: string;
}

const HOST = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(:\d{1,5})?$/;
/** The first segments of the client's pages (v1 and v2 shells, desktop and mobile). */
const CLIENT_ROOTS = new Set(['admin', 'm']);

const firstValue = (value: unknown) =>
  String(Array.isArray(value) ? value[0] : (value ?? ''))
    .split(',')[0]
    .trim();

export async function siteAddress(ctx: Context, configuredOrigin?: string): Promise<SiteAddress> {
  let origin = configuredOrigin;
  if (!origin) {
    const protocol = (firstValue(ctx.get('X-Forwarded-Proto')) || ctx.protocol).toLowerCase();
    const host = firstValue(ctx.get('X-Forwarded-Host')) || firstValue(ctx.get('Host'));
    origin = originOf(protocol, host);
  }
  const appName = String(ctx.app.name || 'main');
  let subApp = '';
  try {
    subApp = await resolveSubAppSegment(ctx.req, appName);
  } catch {
    subApp = '';
  }
  return { origin, https: origin.startsWith('https:'), subApp, appName };
}

/** `scheme://host[:port]` from a request's protocol and host, or the bad-host refusal (never an exception). */
function originOf(protocol: string, host: string): string {
  if ((protocol === 'http' || protocol === 'https') && HOST.test(host)) {
    try {
      return new URL(`${protocol}://${host}`).origin;
    } catch {
      // A port above 65535 and the like: the same refusal below.
    }
  }
  throw new SignInError(MSG.badHost, {}, 400);
}

/** `ORIGIN<api prefix>[/__app/<name>]/wecom:<action>?query`: an action of this very app. */
export function actionUrl(ctx: Context, site: SiteAddress, action: string, query: Record<string, string>): string {
  const prefix = String(ctx.app.resourceManager.options?.prefix || '').replace(/\/+$/, '');
  const app = site.subApp ? `/__app/${encodeURIComponent(site.appName)}` : '';
  return `${site.origin}${prefix}${app}/${RESOURCE}:${action}?${new URLSearchParams(query)}`;
}

/** The app's public path without its trailing slash ('' at the root). */
export function publicPath(): string {
  const path = (process.env.APP_PUBLIC_PATH || '/').trim();
  return `/${path}`.replace(/\/+/g, '/').replace(/\/+$/, '');
}

/**
 * The root-relative client page to land on: the sign-in page's `redirect` (v1: relative to the shell, v2:
 * from the root), else the authenticator's option, else `/admin`. Anything that is not a page of this app's
 * client (the API, `/storage`, `/static`, another sub-app, another site) is refused.
 */
export function landingPath(site: SiteAddress, redirect: unknown, option?: string): string {
  const asked = sameSitePath(redirect);
  const configured = sameSitePath(option);
  if (asked === null || configured === null) {
    throw new SignInError(MSG.badRedirect, {}, 400);
  }
  const target = asked ?? configured ?? DEFAULTS.redirectPath;
  const path = buildRedirectPath({ appPublicPath: publicPath(), subAppSegment: site.subApp, target });
  if (!isClientPage(path, site.subApp)) {
    throw new SignInError(MSG.badRedirect, {}, 400);
  }
  return path;
}

/** The sign-in page of the shell `landing` belongs to (v1 when unknown). */
export function signInPath(site: SiteAddress, landing?: string): string {
  return `${resolveSigninPrefix({ appPublicPath: publicPath(), redirect: landing, subAppSegment: site.subApp })}/signin`;
}

function isClientPage(path: string, subApp: string): boolean {
  const { pathname } = new URL(path, 'http://site.invalid');
  const root = publicPath();
  if (pathname !== path.split(/[?#]/, 1)[0] || !pathname.startsWith(`${root}/`)) {
    return false;
  }
  const segments = pathname.slice(root.length + 1).split('/');
  if (segments[0] === getModernClientPrefix()) {
    segments.shift();
  }
  const app = segments[0] === 'apps' ? `/apps/${segments[1]}` : '';
  if (app !== subApp) {
    return false;
  }
  return CLIENT_ROOTS.has(segments[app ? 2 : 0]);
}

/** `ORIGIN<path>` with `query` added to the path's own query. */
export function pageUrl(origin: string, path: string, query: Record<string, string>): string {
  const url = new URL(path, 'http://site.invalid');
  for (const [key, value] of Object.entries(query)) {
    url.searchParams.set(key, value);
  }
  return `${origin}${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page with a failure: its message id and safe parameters, never text. */
export function failureUrl(
  site: SiteAddress,
  signIn: string,
  authenticator: string | undefined,
  error: SignInError,
  extra: Record<string, string> = {},
) {
  const query: Record<string, string> = {};
  if (authenticator) {
    query.authenticator = authenticator;
  }
  query.error = messageIdOf(error.messageKey) ?? 'failed';
  for (const [name, value] of Object.entries(safeMessageParams(error.params))) {
    query[messageParamKey(name)] = value;
  }
  return pageUrl(site.origin, signIn, { ...query, ...extra });
}

/**
 * A path on this site, or null when `value` could lead anywhere else (`//host`, `/\host`, `https:`,
 * `javascript:`, control characters, dot segments that end in `//`). Empty input is `undefined`: nothing asked.
 */
export function sameSitePath(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > 1024) {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) {
    return null;
  }
  const url = new URL(value, 'http://site.invalid');
  if (url.origin !== 'http://site.invalid' || url.pathname.startsWith('//')) {
    return null;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
