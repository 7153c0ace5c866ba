/**
 * Display-only values the admin copies into the WeCom admin console. They are derived from the form
 * (Origin and the authenticator's name); the URLs the server really uses are built by the server.
 */
import { ACTION_WORKBENCH, RESOURCE } from '../../constants';

/** `scheme://host[:port]` of the Origin field, or of `fallback` (this site) when it is empty; null if invalid. */
export function effectiveOrigin(origin: string | undefined | null, fallback: string): string | null {
  const raw = (origin || '').trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `${url.protocol}//${url.host}`;
}

/** The trusted / callback domain WeCom asks for: the host without scheme and without `:443`. */
export function trustedDomainOf(origin: string | null): string | null {
  if (!origin) return null;
  return new URL(origin).host.replace(/:443$/, '');
}

/**
 * `ORIGIN<api base>wecom:workbench?authenticator=NAME`, the app's homepage in the WeCom workbench. In a sub-app
 * of the multi-app manager, `ORIGIN<api base>__app/<sub-app>/wecom:workbench?...`: NocoBase's gateway routes
 * `<api base>__app/<name>/...` to that sub-app (a link opened in WeCom carries no `X-App` header).
 */
export function workbenchLinkOf(
  origin: string | null,
  apiBasePath: string,
  name: string | undefined | null,
  subApp?: string | null,
): string | null {
  if (!origin || !name) return null;
  const app = subApp ? `__app/${encodeURIComponent(subApp)}/` : '';
  return `${origin}${apiBasePath}${app}${RESOURCE}:${ACTION_WORKBENCH}?authenticator=${encodeURIComponent(name)}`;
}
