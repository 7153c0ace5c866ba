/**
 * The one thing the client asks the server: where to send the browser for WeCom sign-in.
 * `api` is NocoBase's HTTP client (v1 `app.apiClient` or v2 `app.apiClient`); only the few members
 * used here are typed, so tests can pass a small fake of it.
 */
import { ACTION_GET_AUTH_URL, RESOURCE } from '../../constants';

export interface ApiRequestConfig {
  url: string;
  method?: 'get' | 'post';
  params?: Record<string, string>;
  /** NocoBase's client shows a notification for every failed request unless this is set. */
  skipNotify?: boolean;
}

export interface ApiClientLike {
  request(config: ApiRequestConfig): Promise<{ data?: any }>;
  axios?: { defaults?: { baseURL?: string } };
}

/** Asks the server for the WeCom authorization URL; resolves to it, or rejects. */
export async function fetchAuthUrl(api: ApiClientLike, authenticator: string, redirect?: string | null): Promise<string> {
  const params: Record<string, string> = { authenticator };
  if (redirect) params.redirect = redirect;
  const response = await api.request({
    url: `${RESOURCE}:${ACTION_GET_AUTH_URL}`,
    method: 'get',
    params,
    skipNotify: true,
  });
  const url = response?.data?.data?.url;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new Error('The server sent no usable sign-in URL.');
  }
  return url;
}

/** The server's own message for a failed request (`{ errors: [{ message }] }`), if it sent one. */
export function serverMessageOf(error: any): string | undefined {
  const body = error?.response?.data;
  const message = body?.errors?.[0]?.message ?? body?.error?.message;
  return typeof message === 'string' && message ? message : undefined;
}

/** The path part of the API client's base URL (`/api/` unless the app moved it), always ending in `/`. */
export function apiBasePathOf(api: ApiClientLike | undefined): string {
  const base = api?.axios?.defaults?.baseURL || '/api/';
  let path: string;
  try {
    path = new URL(base, 'http://placeholder.invalid').pathname;
  } catch {
    path = '/api/';
  }
  return path.endsWith('/') ? path : `${path}/`;
}
