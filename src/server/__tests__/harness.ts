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
import { EmulatorMember, EmulatorOptions, WecomEmulator } from '../../../test/wecom-emulator';
import { Browser } from './browser';

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
  /**
   * A NocoBase user with `phone`, and in WeCom the member `userid` with that mobile: not bound, so the member's
   * first sign-in inside WeCom matches them by phone. Returns the user's id.
   */
  addMatchingUser(userid: string, phone: string, nickname?: string): Promise<number>;
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
    async addMatchingUser(userid, phone, nickname = `Member ${userid}`) {
      const user = await app.db.getRepository('users').create({ values: { nickname, phone } });
      wecom.setMember(member(userid, { mobile: phone }));
      return user.id as number;
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

/** A site with one enabled WeCom authenticator (the usual start of a test file), and that authenticator's name. */
export async function startWecomSite(
  authenticator: Parameters<Site['addAuthenticator']>[0] = {},
  emulator: Partial<EmulatorOptions> = {},
  options: SiteOptions = {},
): Promise<{ site: Site; name: string }> {
  const site = await startSite(emulator, options);
  return { site, name: await site.addAuthenticator(authenticator) };
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

export const member = (userid: string, extra: Partial<EmulatorMember> = {}): EmulatorMember => ({
  userid,
  name: `Member ${userid}`,
  ...extra,
});
