import axios, { AxiosError } from 'axios';
import { WecomApiError } from './errors';
import type { Connections } from './proxy';
import { WecomConfig } from './types';

export interface WecomRequest {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** The answer every WeCom API shares. */
export interface WecomEnvelope {
  errcode?: number;
  errmsg?: string;
}

/**
 * One call to the WeCom API: a parsed body with errcode 0, or a WecomApiError. It goes through the app's
 * `connections` to WeCom (or to the proxy in front of it, see proxy.ts), kept open between calls: a sign-in
 * then costs one request, not a TCP and TLS handshake plus a request.
 */
export async function callWecom<T extends WecomEnvelope>(
  connections: Connections,
  config: WecomConfig,
  request: WecomRequest,
): Promise<T> {
  const url = new URL(request.path, config.apiBaseUrl);
  for (const [key, value] of Object.entries(request.query || {})) {
    url.searchParams.set(key, value);
  }
  const host = url.host;
  const { httpAgent, httpsAgent, proxy } = connections.routeFor(url, config.proxy);
  let status: number;
  let text: string;
  try {
    const response = await axios.request<string>({
      method: request.method || 'GET',
      url: url.toString(),
      data: request.body,
      timeout: config.timeoutMs,
      responseType: 'text',
      transformResponse: (raw) => raw,
      validateStatus: () => true,
      proxy: false,
      httpAgent,
      httpsAgent,
    });
    status = response.status;
    text = response.data;
  } catch (error) {
    throw transportError(error as AxiosError, host, config.timeoutMs, proxy);
  }
  if (status === 407 && proxy) {
    // The proxy refused the tunnel (its credentials); WeCom itself never answers 407.
    throw new WecomApiError('network', { httpStatus: status, host, proxy });
  }
  if (status !== 200) {
    throw new WecomApiError('bad-response', { httpStatus: status, host });
  }
  let body: T;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WecomApiError('bad-response', { httpStatus: status, host });
  }
  if (!body || typeof body !== 'object') {
    throw new WecomApiError('bad-response', { httpStatus: status, host });
  }
  if (body.errcode) {
    throw new WecomApiError('errcode', { errcode: Number(body.errcode), errmsg: String(body.errmsg ?? ''), host });
  }
  return body;
}

/** Failures before any answer was started: WeCom (or the relay in front of it) could not be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);

/** axios errors carry the request URL (with the token in it): turn them into errors that do not. */
function transportError(error: AxiosError, host: string, timeoutMs: number, proxy?: string): WecomApiError {
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
    return new WecomApiError('timeout', { host, timeoutMs });
  }
  if (UNREACHABLE.has(error.code as string)) {
    // Through a proxy, the connection that failed is the one to the proxy.
    return new WecomApiError('network', { host, proxy });
  }
  // The request went out and the answer broke off: reset, truncated body, aborted stream.
  return new WecomApiError('bad-response', { host });
}
