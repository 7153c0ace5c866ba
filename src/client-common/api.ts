/**
 * What the client asks the server: where to send the browser for WeCom sign-in, and the token behind a
 * hand-off code. `api` is NocoBase's HTTP client (v1 `app.apiClient` or v2 `app.apiClient`); only the few
 * members used here are typed, so tests can pass a small fake of it (or the real `@nocobase/sdk` client).
 */
import { ACTION_GET_AUTH_URL, ACTION_HANDOFF, RESOURCE } from '../constants';
import { isMessageId, type MessageId } from './callback-error';

export interface ApiRequestConfig {
  url: string;
  method?: 'get' | 'post';
  params?: Record<string, string>;
  /** JSON body of a POST. */
  data?: Record<string, unknown>;
  /** NocoBase's client shows a notification for every failed request unless this is set. */
  skipNotify?: boolean;
  /** Keeps NocoBase's auth interceptors (which sign out on some 401s) away from this request. */
  skipAuth?: boolean;
  /** More headers (a session the page has not stored yet). */
  headers?: Record<string, string>;
}

/** The interceptors of NocoBase's axios instance, as far as this plugin uses them. */
export interface InterceptorsLike {
  request?: { use(onFulfilled: (config: any) => any): number; eject(id: number): void };
  response?: { use(onFulfilled: (response: any) => any): unknown };
}

export interface ApiClientLike {
  request(config: ApiRequestConfig): Promise<{ data?: any }>;
  axios?: { defaults?: { baseURL?: string }; interceptors?: InterceptorsLike };
  /**
   * The sub-app this client talks to (`@nocobase/sdk` sets it from the page path `/apps/<name>/`, or the
   * app's `name` option); unset in the main app.
   */
  appName?: string;
}

/**
 * Calls the plugin's `wecom:<action>` (a GET unless `config` says otherwise) without NocoBase's notification on a
 * failure; resolves to the answer's `data`.
 */
export async function askWecom(
  api: ApiClientLike,
  action: string,
  config: Omit<ApiRequestConfig, 'url' | 'skipNotify'> = {},
): Promise<any> {
  const response = await api.request({ url: `${RESOURCE}:${action}`, method: 'get', skipNotify: true, ...config });
  return response?.data?.data;
}

/** Asks the server for the WeCom authorization URL (`more`: e.g. the linking mode); resolves to it, or rejects. */
export async function fetchAuthUrl(
  api: ApiClientLike,
  authenticator: string,
  redirect?: string | null,
  more: Record<string, string> = {},
): Promise<string> {
  const params: Record<string, string> = { authenticator };
  if (redirect) params.redirect = redirect;
  const url = (await askWecom(api, ACTION_GET_AUTH_URL, { params: { ...params, ...more } }))?.url;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new Error('The server sent no usable sign-in URL.');
  }
  return url;
}

/**
 * Trades the hand-off code of the landing URL for the session token (`POST wecom:handoff`). The browser's
 * cookies go with it (same origin); the server answers the token once. Resolves to the token, or rejects.
 */
export async function exchangeHandoff(api: ApiClientLike, code: string): Promise<string> {
  const token = (await askWecom(api, ACTION_HANDOFF, { method: 'post', data: { code }, skipAuth: true }))?.token;
  if (typeof token !== 'string' || !token) {
    throw new Error('The server sent no token.');
  }
  return token;
}

/** The message id a failed request carries (`{ errors: [{ code }] }`), if it is one of this plugin's. */
export function serverMessageIdOf(error: any): MessageId | undefined {
  const code = error?.response?.data?.errors?.[0]?.code;
  return isMessageId(code) ? code : undefined;
}

/** The server's own message for a failed request (`{ errors: [{ message }] }`), if it sent one. */
export function serverMessageOf(error: any): string | undefined {
  const body = error?.response?.data;
  const message = body?.errors?.[0]?.message ?? body?.error?.message;
  return typeof message === 'string' && message ? message : undefined;
}

/**
 * The path part of the API client's base URL, always ending in `/`. NocoBase puts the app's public path in
 * it (`APP_PUBLIC_PATH=/nocobase/` gives `/nocobase/api/`); `/api/` when the client has none.
 */
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

/** The sub-app the client talks to, or undefined in the main app. */
export function subAppNameOf(api: ApiClientLike | undefined): string | undefined {
  const name = api?.appName;
  return typeof name === 'string' && name && name !== 'main' ? name : undefined;
}
