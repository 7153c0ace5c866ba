/**
 * A real NocoBase server with this plugin (ACL on) and a loopback WeCom emulator, plus a "browser" that keeps
 * its cookies and follows the sign-in the way a real one would.
 */
import { AppSupervisor } from '@nocobase/server';
import { createMockServer, MockServer } from '@nocobase/test';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import PluginAuthWecomServer from '..';
import { AUTH_TYPE } from '../../constants';
import { MessageId, messageParamKey, MSG } from '../../messages';
import { EmulatorMember, EmulatorOptions, WecomEmulator } from '../../../test/wecom-emulator';

export const CORP_ID = 'ww0123456789abcdef';
export const AGENT_ID = '1000002';
export const SECRET = `secret-${randomBytes(12).toString('hex')}`;
export const WXWORK_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.20 MicroMessenger/7.0.1 Language/zh';
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let servers = 0;

export interface Site {
  app: MockServer;
  wecom: WecomEmulator;
  /** Adds an enabled WeCom authenticator pointed at the emulator; returns its name. */
  addAuthenticator(options?: {
    name?: string;
    public?: Record<string, unknown>;
    wecom?: Record<string, unknown>;
  }): Promise<string>;
  browser(userAgent?: string): Browser;
  /** Stops the app and starts a new one on the same database (as a restarted server would; SQLite: `sqliteFile`). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface SiteOptions {
  /** The app's name; by default a unique one, served as a stand-alone app (not a sub-app of a supervisor). */
  name?: string;
  /** Serve it as NocoBase's app supervisor serves a sub-app (`/apps/<name>/...`). */
  subApp?: boolean;
  /**
   * On SQLite, a database file instead of memory: SQLite in memory cannot take concurrent requests at all
   * (NocoBase itself fails), so tests that send requests at once need it.
   */
  sqliteFile?: boolean;
  /** More NocoBase plugins by name, loaded before this one (e.g. `user-data-sync`, `departments`). */
  plugins?: string[];
  /** NocoBase's cache on Redis (`REDIS_URL`, default 127.0.0.1:6379), as a cluster runs it. */
  redisCache?: boolean;
  /**
   * On PostgreSQL, a schema of its own, so that two apps alive at once in one test keep apart (on SQLite in memory
   * every app has its own database anyway).
   */
  ownSchema?: string;
}

export async function startSite(emulator: Partial<EmulatorOptions> = {}, options: SiteOptions = {}): Promise<Site> {
  const restoreStorage = options.sqliteFile ? sqliteFileStorage() : () => undefined;
  const wecom = await WecomEmulator.start({ corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET, ...emulator });
  // The supervisor treats every app not named "main" as a sub-app unless it runs one app alone.
  AppSupervisor.getInstance().runningMode = options.subApp ? 'multiple' : 'single';
  const name = options.name || `wecom_test_${process.pid}_${++servers}`;
  const create = (skipInstall: boolean) =>
    createMockServer({
      name,
      skipInstall,
      acl: true,
      plugins: [
        'field-sort',
        ...(options.plugins ?? []),
        'users',
        'auth',
        'acl',
        'data-source-manager',
        'error-handler',
        PluginAuthWecomServer,
      ],
      ...(options.ownSchema && process.env.DB_DIALECT === 'postgres'
        ? { database: { schema: options.ownSchema } }
        : {}),
      ...(options.redisCache
        ? {
            cacheManager: {
              defaultStore: 'redis',
              stores: { redis: { url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' } },
            },
          }
        : {}),
    });
  let app = await create(false);
  return {
    get app() {
      return app;
    },
    wecom,
    async addAuthenticator(options = {}) {
      const name = options.name || `wecom_${randomBytes(3).toString('hex')}`;
      await app.db.getRepository('authenticators').create({
        values: {
          name,
          authType: AUTH_TYPE,
          enabled: true,
          options: {
            public: { autoSignup: false, ...options.public },
            wecom: {
              corpId: CORP_ID,
              agentId: AGENT_ID,
              secret: SECRET,
              apiBaseUrl: wecom.baseUrl,
              oauthBaseUrl: wecom.baseUrl,
              ssoBaseUrl: wecom.baseUrl,
              ...options.wecom,
            },
          },
        },
      });
      return name;
    },
    browser: (userAgent = DESKTOP_UA) => new Browser(app, wecom, userAgent),
    async restart() {
      await app.destroy();
      app = await create(true);
    },
    async close() {
      await app.destroy();
      await wecom.stop();
      restoreStorage();
    },
  };
}

/** Points DB_STORAGE at a fresh SQLite file (on SQLite); returns what puts it back and removes the file. */
function sqliteFileStorage(): () => void {
  if (process.env.DB_DIALECT !== 'sqlite') {
    return () => undefined;
  }
  const saved = process.env.DB_STORAGE;
  const dir = mkdtempSync(path.join(tmpdir(), 'wecom-test-'));
  process.env.DB_STORAGE = path.join(dir, 'db.sqlite');
  return () => {
    rmSync(dir, { recursive: true, force: true });
    process.env.DB_STORAGE = saved;
  };
}

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

export const member = (userid: string, extra: Partial<EmulatorMember> = {}): EmulatorMember => ({
  userid,
  name: `Member ${userid}`,
  ...extra,
});
