import { createHash } from 'crypto';
import { WecomApiError } from './errors';
import { callWecom, WecomEnvelope } from './http';
import { TokenStore, WecomConfig } from './types';

interface TokenAnswer extends WecomEnvelope {
  access_token: string;
  expires_in: number;
}

/** Refresh this long before WeCom's own expiry, so a token is never used in its last minutes. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
const MIN_TTL_MS = 1000;

/** Fetches of the same token that are under way in this process: concurrent callers share one. */
const inFlight = new Map<string, Promise<string>>();

/**
 * This process's copy of each token. The shared store may drop entries early (the memory store is an LRU that
 * every other cache user fills, e.g. unfinished sign-in flows); without this copy a flood of those would cost
 * a `gettoken` each time the token is pushed out, and WeCom blocks frequent `gettoken` calls (45009).
 * A copy read from the store is trusted for a minute, so a token another node refreshed is picked up.
 */
const local = new Map<string, { token: string; until: number }>();
const STORE_COPY_MS = 60 * 1000;

/** Forgets this process's copies (for a benchmark's cold start). */
export function clearLocalTokens() {
  local.clear();
}

/** The cache key of one app's token: per (corpId, agentId, secret), with the Secret only as a hash. */
export function tokenKey(config: WecomConfig): string {
  const digest = createHash('sha256').update(`${config.corpId}\n${config.agentId}\n${config.secret}`).digest('hex');
  return `wecom:token:${digest.slice(0, 32)}`;
}

/** The app's access_token from the store, or one fetch of a new one shared by every concurrent caller. */
export async function getAccessToken(config: WecomConfig, store: TokenStore): Promise<string> {
  const key = tokenKey(config);
  const copy = local.get(key);
  if (copy && copy.until > Date.now()) {
    return copy.token;
  }
  const cached = await store.get<string>(key);
  if (cached) {
    local.set(key, { token: cached, until: Date.now() + STORE_COPY_MS });
    return cached;
  }
  let pending = inFlight.get(key);
  if (!pending) {
    pending = fetchToken(config, store, key).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function fetchToken(config: WecomConfig, store: TokenStore, key: string): Promise<string> {
  const answer = await callWecom<TokenAnswer>(config, {
    path: '/cgi-bin/gettoken',
    query: { corpid: config.corpId, corpsecret: config.secret },
  });
  const lifetimeMs = Number(answer.expires_in || 7200) * 1000;
  const ttl = lifetimeMs > 2 * EXPIRY_MARGIN_MS ? lifetimeMs - EXPIRY_MARGIN_MS : lifetimeMs / 2;
  await store.set(key, answer.access_token, Math.max(ttl, MIN_TTL_MS));
  local.set(key, { token: answer.access_token, until: Date.now() + Math.max(ttl, MIN_TTL_MS) });
  return answer.access_token;
}

/**
 * Runs `call` with the app's token. WeCom may drop a token before it expires (40014 / 42001): then the
 * cached one is forgotten, a new one fetched, and the call retried once.
 */
export async function withAccessToken<T>(
  config: WecomConfig,
  store: TokenStore,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const token = await getAccessToken(config, store);
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof WecomApiError) || !error.isTokenRejected) {
      throw error;
    }
    await forgetToken(config, store, token);
    return call(await getAccessToken(config, store));
  }
}

/** Drops the cached token unless another caller already replaced it with a fresh one. */
async function forgetToken(config: WecomConfig, store: TokenStore, rejected: string) {
  const key = tokenKey(config);
  if (local.get(key)?.token === rejected) {
    local.delete(key);
  }
  if ((await store.get<string>(key)) === rejected) {
    await store.del(key);
  }
}
