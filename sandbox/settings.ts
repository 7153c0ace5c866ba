/**
 * What `npm start` runs, read once from the environment (README, "Try it"):
 *   APP_PORT             NocoBase's port (default 13000)
 *   APP_HOST             the address NocoBase listens on (default 127.0.0.1: this machine only)
 *   APP_PUBLIC_PATH      the path NocoBase is served under, e.g. /nocobase/ (default /): pages, API and
 *                        static files all live under it
 *   WECOM_SANDBOX_PORT   the WeCom sandbox's port, on 127.0.0.1 (default APP_PORT + 1)
 *   DB_DIALECT, DB_HOST, DB_PORT, DB_DATABASE, DB_USER, DB_PASSWORD
 *                        a database of your own (default: a SQLite file in .sandbox/data)
 *   WECOM_MODE=real      point the authenticator at a real WeCom company instead of the sandbox, with
 *                        WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET and WECOM_ORIGIN (this NocoBase's
 *                        public https origin, a trusted domain of the WeCom app)
 *   SANDBOX_DATA_DIR     where the app's data lives (default .sandbox/data)
 */
import path from 'path';

/** The repository: this code runs bundled from .sandbox/build/ (scripts/start-ts.js). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const SANDBOX_DIR = path.join(ROOT, '.sandbox');
export const APP_DIR = path.join(SANDBOX_DIR, 'app');

export interface RealWecom {
  corpId: string;
  agentId: string;
  secret: string;
  origin?: string;
}

export interface SandboxSettings {
  appHost: string;
  appPort: number;
  /** NocoBase's APP_PUBLIC_PATH: `/` or `/some/path/` (leading and trailing slash). */
  publicPath: string;
  /** Port of the WeCom sandbox; unused in real mode. */
  sandboxPort: number;
  /** Data of this app: storage (SQLite file, uploads, plugins), credentials, logs. */
  dataDir: string;
  /** The database settings given to NocoBase; `{ DB_DIALECT: 'sqlite' }` by default. */
  db: Record<string, string>;
  /** Set in real mode: the authenticator then talks to WeCom itself. */
  realWecom?: RealWecom;
  /** Creates the sandbox authenticator ("Sign in with WeCom") at start. */
  createAuthenticator: boolean;
}

const DB_KEYS = [
  'DB_DIALECT',
  'DB_HOST',
  'DB_PORT',
  'DB_DATABASE',
  'DB_USER',
  'DB_PASSWORD',
  'DB_SCHEMA',
  'DB_TABLE_PREFIX',
];

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxSettings {
  const appPort = port(env.APP_PORT, 13000, 'APP_PORT');
  const db: Record<string, string> = { DB_DIALECT: 'sqlite' };
  for (const key of DB_KEYS) {
    if (env[key] !== undefined && env[key] !== '') db[key] = String(env[key]);
  }
  return {
    appHost: env.APP_HOST || '127.0.0.1',
    appPort,
    publicPath: normalizePublicPath(env.APP_PUBLIC_PATH),
    sandboxPort: port(env.WECOM_SANDBOX_PORT, appPort + 1, 'WECOM_SANDBOX_PORT'),
    dataDir: path.resolve(ROOT, env.SANDBOX_DATA_DIR || path.join(SANDBOX_DIR, 'data')),
    db,
    realWecom: realWecomFromEnv(env),
    createAuthenticator: true,
  };
}

function realWecomFromEnv(env: NodeJS.ProcessEnv): RealWecom | undefined {
  const mode = (env.WECOM_MODE || 'sandbox').toLowerCase();
  if (mode === 'sandbox') return undefined;
  if (mode !== 'real') throw new Error(`WECOM_MODE must be "sandbox" (default) or "real", not "${env.WECOM_MODE}".`);
  const missing = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET'].filter((key) => !env[key]);
  if (missing.length) throw new Error(`WECOM_MODE=real needs ${missing.join(', ')}.`);
  return {
    corpId: String(env.WECOM_CORP_ID),
    agentId: String(env.WECOM_AGENT_ID),
    secret: String(env.WECOM_SECRET),
    origin: env.WECOM_ORIGIN || undefined,
  };
}

/**
 * `nocobase`, `/nocobase`, `/nocobase/` → `/nocobase/`; empty → `/`. Only plain path segments: the value goes
 * into NocoBase's HTML and every URL of the sandbox.
 */
export function normalizePublicPath(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' || trimmed === '/') return '/';
  const segments = trimmed.split('/').filter(Boolean);
  if (!segments.every((segment) => /^[A-Za-z0-9._~-]+$/.test(segment) && segment !== '.' && segment !== '..')) {
    throw new Error(`APP_PUBLIC_PATH must be a path such as /nocobase/, not "${value}".`);
  }
  return `/${segments.join('/')}/`;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number, not "${value}".`);
  return n;
}

/** Identifies the database, so a data folder's "installed" mark is not trusted for another one. */
export function databaseId(settings: SandboxSettings): string {
  const {
    DB_DIALECT,
    DB_HOST = '',
    DB_PORT = '',
    DB_DATABASE = '',
    DB_SCHEMA = '',
    DB_TABLE_PREFIX = '',
  } = settings.db;
  return [DB_DIALECT, DB_HOST, DB_PORT, DB_DATABASE, DB_SCHEMA, DB_TABLE_PREFIX].join('|');
}

/** Where a browser on this machine reaches the server: `http://host:port`, no path. */
export function appOrigin(settings: SandboxSettings): string {
  const host = ['0.0.0.0', '::', ''].includes(settings.appHost) ? '127.0.0.1' : settings.appHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${settings.appPort}`;
}

/** The public path without its trailing slash: '' at the root, else e.g. `/nocobase`. */
export function publicPathPrefix(settings: Pick<SandboxSettings, 'publicPath'>): string {
  return settings.publicPath.replace(/\/+$/, '');
}

/**
 * Where a browser on this machine reaches the app: the origin plus the public path, no trailing slash
 * (`http://127.0.0.1:13000`, `http://127.0.0.1:13000/nocobase`). Pages (`/signin`, `/v/signin`) and the API
 * (`/api/...`) are appended to it.
 */
export function appUrl(settings: SandboxSettings): string {
  return `${appOrigin(settings)}${publicPathPrefix(settings)}`;
}
