import type Application from '@nocobase/server';
import { AppSupervisor } from '@nocobase/server';
import { RESOURCE } from '../../constants';
import { seal, unseal } from '../web/seal';
import { landingPath, sameSitePath, SiteAddress } from '../web/site';
import { NOTIFY_MSG, SendRefusal } from './refusals';

/**
 * The link of a WeCom message: `ORIGIN<api>/wecom:open?to=SEALED`, never the page itself, so that inside WeCom it
 * signs the member in first (open-action.ts). The target travels sealed (a browser can neither read nor change it):
 * the app, the authenticator and its Corp ID, the page, an expiry and, when they are few, the receivers' userids.
 * It holds no token and grants nothing: whoever opens it is who WeCom says they are.
 */
export const ACTION_OPEN = 'open';
/** A card's link signs in silently for this long; afterwards it still opens the page (sign-in first). */
export const LINK_TTL_MS = 30 * 24 * 3600 * 1000;
/** WeCom's limit on a card's URL [90236]. */
export const MAX_URL_BYTES = 2048;
/** Receivers' userids are sealed into the link only while the chunk has this few. */
const MAX_SEALED_RECEIVERS = 10;

export interface LinkTarget {
  /** The NocoBase app (main or a sub-app) that sent it. */
  app: string;
  authenticator: string;
  corpId: string;
  /** The page, as the message said it (a path of this site; the shell and public path are added on opening). */
  path: string;
  /** The receivers' WeCom userids in lower case, when the message went to at most a few. */
  receivers?: string[];
  expiresAt: number;
}

/**
 * Query parameters the client reads as a session on landing (NocoBase's own `token` and `authenticator`, the
 * plugin's hand-off code): never part of a message's link, or a value from a record could sign the reader in as
 * someone else.
 */
const SESSION_PARAMS = ['token', 'authenticator', 'handoff'];

/** The page a message's link names: a path of this site, or a URL of this site; null for anything else. */
export function pageOf(link: string, origin: string): string | null {
  let path: string | null | undefined;
  if (link.startsWith('/')) {
    path = sameSitePath(link);
  } else {
    try {
      const url = new URL(link);
      path = url.origin === origin ? sameSitePath(`${url.pathname}${url.search}${url.hash}`) : null;
    } catch {
      path = null;
    }
  }
  return path ? withoutSessionParams(path) : null;
}

/** `path` without the query parameters a landing page would take for a session (anything else: unchanged). */
export function withoutSessionParams(path: string): string {
  if (!sameSitePath(path)) {
    return path; // not a path of this site: left for landingPath to refuse, never normalised into one
  }
  const url = new URL(path, 'http://site.invalid');
  SESSION_PARAMS.forEach((name) => url.searchParams.delete(name));
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * This site as a sent message sees it (there is no request): the origin of the settings, and the sub-app segment
 * NocoBase's app supervisor serves a sub-app under. Opening the link reads the real request again.
 */
export function siteOf(app: Application, origin: string): SiteAddress {
  const appName = String(app.name || 'main');
  const supervisor = AppSupervisor.getInstance();
  const subApp = appName !== 'main' && supervisor?.runningMode !== 'single' ? `/apps/${appName}` : '';
  return { origin, https: origin.startsWith('https:'), subApp, appName };
}

/**
 * The `wecom:open` URL of a message, for `receivers` (lower-case userids). Refused when the link is not a page of
 * this site's client (another site, the API, `/storage`, …), or when the URL would be too long for WeCom.
 */
export function openUrl(
  app: Application,
  site: SiteAddress,
  target: Omit<LinkTarget, 'app' | 'expiresAt' | 'receivers' | 'path'> & { link: string },
  receivers: string[],
): string {
  const path = pageOf(target.link, site.origin);
  if (path === null || !isClientPage(site, path)) {
    throw new SendRefusal(NOTIFY_MSG.linkNotOnSite);
  }
  const { authenticator, corpId } = target;
  const expiresAt = Date.now() + LINK_TTL_MS;
  const prefix = String(app.resourceManager.options?.prefix || '').replace(/\/+$/, '');
  const subApp = site.subApp ? `/__app/${encodeURIComponent(site.appName)}` : '';
  const url = (sealed: LinkTarget) =>
    `${site.origin}${prefix}${subApp}/${RESOURCE}:${ACTION_OPEN}?to=${seal('open', sealed)}`;
  const plain = { app: site.appName, authenticator, corpId, path, expiresAt };
  const withReceivers = receivers.length <= MAX_SEALED_RECEIVERS ? url({ ...plain, receivers }) : undefined;
  const result = withReceivers && Buffer.byteLength(withReceivers) <= MAX_URL_BYTES ? withReceivers : url(plain);
  if (Buffer.byteLength(result) > MAX_URL_BYTES) {
    throw new SendRefusal(NOTIFY_MSG.linkTooLong);
  }
  return result;
}

/** Whether `path` leads to a page of this app's client (not the API, `/storage`, another sub-app, …). */
function isClientPage(site: SiteAddress, path: string): boolean {
  try {
    landingPath(site, path);
    return true;
  } catch {
    return false;
  }
}

/** The target of a link this server sealed, or undefined for anything else. */
export function linkTarget(sealed: unknown): LinkTarget | undefined {
  const target = unseal<LinkTarget>('open', sealed);
  const text = (value: unknown) => typeof value === 'string' && value.length > 0;
  if (!target || !text(target.app) || !text(target.authenticator) || !text(target.path)) {
    return undefined;
  }
  return typeof target.expiresAt === 'number' ? target : undefined;
}
