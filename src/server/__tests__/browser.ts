/**
 * A "browser" for the server tests: one cookie jar and one User-Agent, following the WeCom sign-in the way a real
 * one would (to WeCom, back to the callback, the landing page's hand-off), and recording every answer it got.
 */
import type { MockServer } from '@nocobase/test';
import { MessageId, messageParamKey, MSG } from '../../messages';
import type { WecomEmulator } from '../../../test/wecom-emulator';

export interface SignInResult {
  /** Where the browser ended: the landing page or the sign-in page. */
  location: URL;
  /** The session token the landing page's client got for the hand-off code. */
  token?: string;
  /** The failure's message id (`?error=`) and its English text, as the sign-in page renders it. */
  errorId?: string;
  error?: string;
}

/** The English text of the failure the sign-in page URL carries (the client renders it the same way). */
export function errorText(location: URL): string | undefined {
  const id = location.searchParams.get('error');
  if (!id) {
    return undefined;
  }
  const text: string = MSG[id as MessageId] ?? `unknown message id ${id}`;
  return text.replace(/{{(\w+)}}/g, (_, name) => location.searchParams.get(messageParamKey(name)) ?? '?');
}

/** A browser: one cookie jar, one User-Agent; records every answer it got, for the secret scan. */
export class Browser {
  readonly agent: any;
  readonly seen: string[] = [];

  constructor(
    readonly app: MockServer,
    readonly wecom: WecomEmulator,
    readonly userAgent: string,
  ) {
    this.agent = app.agent();
  }

  /** GET a path of the NocoBase server (no API prefix on a test server). */
  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.agent.get(path).set('User-Agent', this.userAgent).set(headers).redirects(0);
    this.seen.push(JSON.stringify({ status: res.status, headers: res.headers, text: res.text }));
    return res;
  }

  async getAuthUrl(query: Record<string, string>, headers: Record<string, string> = {}) {
    return this.get(`/wecom:getAuthUrl?${new URLSearchParams(query)}`, headers);
  }

  /** Follows a WeCom URL (authorize or QR login page) to where WeCom sends the browser back. */
  async visitWecom(url: string): Promise<URL> {
    const res = await fetch(url, { redirect: 'manual', headers: { 'User-Agent': this.userAgent } });
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) {
      throw new Error(`WeCom page did not redirect: ${res.status} ${await res.text()}`);
    }
    return new URL(location);
  }

  /**
   * Follows a URL of this site (as the server built it) to where the final 302 leads; on a landing page, does
   * what the page's client does with the hand-off code.
   */
  async follow(url: URL): Promise<SignInResult> {
    const res = await this.get(`${url.pathname}${url.search}`);
    if (res.status !== 302) {
      throw new Error(`expected a 302 from ${url.pathname}, got ${res.status}: ${res.text}`);
    }
    const location = new URL(res.headers.location, 'http://relative.invalid');
    const code = location.searchParams.get('handoff');
    const exchanged = code ? await this.handoff(code) : undefined;
    return {
      location,
      token: exchanged?.status === 200 ? exchanged.body.data.token : undefined,
      errorId: location.searchParams.get('error') || undefined,
      error: errorText(location),
    };
  }

  /** `POST wecom:handoff` with this browser's cookies, as the landing page's client does. */
  async handoff(code: string, headers: Record<string, string> = {}) {
    const res = await this.agent.post('/wecom:handoff').set('User-Agent', this.userAgent).set(headers).send({ code });
    this.seen.push(JSON.stringify({ status: res.status, headers: res.headers, text: res.text }));
    return res;
  }

  /** The whole sign-in as a user sees it: button → WeCom (as `userid`) → callback → landing or sign-in page. */
  async signIn(authenticator: string, userid: string, query: Record<string, string> = {}, headers = {}) {
    const res = await this.getAuthUrl({ authenticator, ...query }, headers);
    if (res.status !== 200) {
      throw new Error(`getAuthUrl answered ${res.status}: ${res.text}`);
    }
    this.wecom.loginAs = userid;
    return this.follow(await this.visitWecom(res.body.data.url));
  }

  /** The current user for a token, through NocoBase's own `auth:check`. */
  async check(authenticator: string, token: string) {
    const res = await this.agent
      .get('/auth:check')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Authenticator', authenticator);
    return res.body?.data;
  }
}
