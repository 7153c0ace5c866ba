/**
 * The proof that a sign-in was made on the page that shows the pending link: while the banner shows it, every
 * `auth:signIn` this page sends carries the link's id (`x-wecom-link-prompt`). A sign-in without it (another page,
 * another tab, an API client) links nothing, and the server drops the link.
 */
import { LINK_PROMPT_HEADER } from '../../constants';
import type { ApiClientLike } from '../api';

interface RequestConfigLike {
  url?: string;
  headers?: Record<string, unknown> & { set?: (name: string, value: string) => unknown };
}

const isSignIn = (url: string | undefined) => /(^|\/)auth:signIn(\?|$)/.test(url ?? '');

/** From now on this page's sign-ins carry `id`; returns what stops it (none without an axios client). */
export function carryLinkPrompt(api: ApiClientLike, id: string): () => void {
  const interceptors = api.axios?.interceptors?.request;
  if (!interceptors) return () => undefined;
  const handle = interceptors.use((config: RequestConfigLike) => {
    if (isSignIn(config.url)) {
      if (typeof config.headers?.set === 'function') config.headers.set(LINK_PROMPT_HEADER, id);
      else config.headers = { ...config.headers, [LINK_PROMPT_HEADER]: id };
    }
    return config;
  });
  return () => interceptors.eject(handle);
}
