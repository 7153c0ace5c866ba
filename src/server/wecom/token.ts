import { createHash } from 'crypto';
import { WecomApiError } from './errors';
import { callWecom, WecomEnvelope } from './http';
import type { Connections } from './proxy';
import { TokenStore, WecomConfig } from './types';

interface TokenAnswer extends WecomEnvelope {
  access_token: string;
  expires_in: number;
}

/** Refresh this long before WeCom's own expiry, so a token is never used in its last minutes. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
const MIN_TTL_MS = 1000;
/** A copy read from the store is trusted this long, so a token another node refreshed is picked up. */
const STORE_COPY_MS = 60 * 1000;

/** The cache key of one app's token: per (corpId, agentId, secret), with the Secret only as a hash. */
export function tokenKey(config: Pick<WecomConfig, 'corpId' | 'agentId' | 'secret'>): string {
  const digest = createHash('sha256').update(`${config.corpId}\n${config.agentId}\n${config.secret}`).digest('hex');
  return `wecom:token:${digest.slice(0, 32)}`;
}

/**
 * The access tokens of one NocoBase app: kept in its token store (shared by the nodes of a cluster), with a
 * copy in this process, and fetched once however many callers want a missing one at the same time.
 * The copy spares a store round trip per call, and a `gettoken` whenever the store drops an entry early (WeCom
 * blocks frequent `gettoken` calls, 45009).
 */
export class AccessTokens {
  /** Fetches under way: concurrent callers share one. */
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly local = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly store: TokenStore,
    private readonly connections: Connections,
  ) {}

  /** The app's access_token from the store, or one fetch of a new one shared by every concurrent caller. */
  async get(config: WecomConfig): Promise<string> {
    const key = tokenKey(config);
    const copy = this.local.get(key);
    if (copy && copy.until > Date.now()) {
      return copy.token;
    }
    const cached = await this.store.get<string>(key);
    if (cached) {
      this.local.set(key, { token: cached, until: Date.now() + STORE_COPY_MS });
      return cached;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(config, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Runs `call` with the app's token. WeCom may drop a token before it expires (40014 / 42001): then the
   * cached one is forgotten, a new one fetched, and the call retried once.
   */
  async with<T>(config: WecomConfig, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get(config);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WecomApiError) || !error.isTokenRejected) {
        throw error;
      }
      await this.forget(config, token);
      return call(await this.get(config));
    }
  }

  /**
   * Drops the app's cached token, here and in the store; with `rejected`, only while the cached one is still
   * that token (another caller may already have replaced it with a fresh one).
   */
  async forget(config: WecomConfig, rejected?: string): Promise<void> {
    const key = tokenKey(config);
    if (rejected === undefined || this.local.get(key)?.token === rejected) {
      this.local.delete(key);
    }
    if (rejected === undefined || (await this.store.get<string>(key)) === rejected) {
      await this.store.del(key);
    }
  }

  /** Forgets this process's copies (the app stops); the store keeps its entries until they expire. */
  clear(): void {
    this.local.clear();
  }

  private async fetch(config: WecomConfig, key: string): Promise<string> {
    const answer = await callWecom<TokenAnswer>(this.connections, config, {
      path: '/cgi-bin/gettoken',
      query: { corpid: config.corpId, corpsecret: config.secret },
    });
    const lifetimeMs = Number(answer.expires_in || 7200) * 1000;
    const ttl = Math.max(
      lifetimeMs > 2 * EXPIRY_MARGIN_MS ? lifetimeMs - EXPIRY_MARGIN_MS : lifetimeMs / 2,
      MIN_TTL_MS,
    );
    await this.store.set(key, answer.access_token, ttl);
    this.local.set(key, { token: answer.access_token, until: Date.now() + ttl });
    return answer.access_token;
  }
}
