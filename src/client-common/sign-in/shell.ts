/**
 * Pages of the client shell (v1 `/admin` or v2 `/v/admin`) the plugin runs in. NocoBase's preset plugin
 * sets the router's basename before any other plugin is added: the app's public path (v1 `/`, `/nocobase/`;
 * v2 `/v/`, `/nocobase/v/` with the modern-client prefix the page was served under), or the sub-app's
 * `<public path>apps/<name>/`. Routes such as `signin` and `admin` live under it.
 */

/** The few members of NocoBase's v1 / v2 `Application` read here. */
export interface ShellAppLike {
  router?: { getBasename?(): string | undefined };
  getPublicPath?(): string;
}

/** `<basename><page>`, e.g. `/signin`, `/apps/a/signin`, `/v/admin`, `/nocobase/v/apps/a/admin`. */
export function shellPathOf(app: ShellAppLike, page: 'signin' | 'admin'): string {
  let base = app.router?.getBasename?.() || app.getPublicPath?.() || '/';
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base = `${base}/`;
  return `${base}${page}`;
}
