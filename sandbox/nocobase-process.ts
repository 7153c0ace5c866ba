/**
 * NocoBase as a child process of the sandbox: one-shot CLI commands (`install`, `pm enable ...`) and the
 * server itself, all through sandbox/nocobase-cli.js inside the app folder. Output goes to
 * `<data>/nocobase.log`; the server counts as ready when `GET /api/app:getInfo` answers 200.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Credentials } from './credentials';
import { APP_DIR, appUrl, ROOT, SandboxSettings } from './settings';

const CLI = path.join(ROOT, 'sandbox', 'nocobase-cli.js');
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

export interface NocoBaseProcess {
  baseUrl: string;
  logFile: string;
  /** Settles when the server process ends, for whatever reason. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export function storageDir(settings: SandboxSettings): string {
  return path.join(settings.dataDir, 'storage');
}

/** The environment NocoBase's own `.env` would hold. */
function appEnv(settings: SandboxSettings, credentials: Credentials): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('DB_')) delete env[key];
  return {
    ...env,
    ...settings.db,
    APP_ENV: 'production',
    APP_HOST: settings.appHost,
    APP_PORT: String(settings.appPort),
    // NocoBase's CLI puts API_BASE_PATH, WS_PATH and PLUGIN_STATICS_PATH under it and writes it into the v1
    // index.html at each launch (generateAppDir); the v2 page gets it at each request.
    APP_PUBLIC_PATH: settings.publicPath,
    APP_KEY: credentials.appKey,
    STORAGE_PATH: storageDir(settings),
    INIT_ROOT_USERNAME: credentials.admin.username,
    INIT_ROOT_EMAIL: credentials.admin.email,
    INIT_ROOT_PASSWORD: credentials.admin.password,
    INIT_ROOT_NICKNAME: 'Admin',
    INIT_APP_LANG: 'en-US',
  };
}

function launch(args: string[], settings: SandboxSettings, credentials: Credentials) {
  const logFile = path.join(settings.dataDir, 'nocobase.log');
  fs.mkdirSync(settings.dataDir, { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n=== ${new Date().toISOString()} nocobase ${args.join(' ')}\n`);
  // Its own process group: Ctrl-C reaches the sandbox only, which then stops NocoBase in order.
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: APP_DIR,
    env: appEnv(settings, credentials),
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  return { child, logFile };
}

/** Runs a NocoBase CLI command to its end; throws when it fails. */
export async function runNocoBaseCommand(args: string[], settings: SandboxSettings, credentials: Credentials) {
  const { child, logFile } = launch(args, settings, credentials);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    throw new Error(`nocobase ${args.join(' ')} exited with ${code}; see ${path.relative(process.cwd(), logFile)}.`);
  }
}

/** Starts the server and waits until it answers. */
export async function startNocoBase(settings: SandboxSettings, credentials: Credentials): Promise<NocoBaseProcess> {
  const { child, logFile } = launch(['start'], settings, credentials);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = appUrl(settings);
  const stop = () => stopProcess(child);
  try {
    await waitUntilReady(child, `${baseUrl}/api/app:getInfo`, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, logFile, exited, stop };
}

async function waitUntilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`NocoBase stopped while starting; see ${path.relative(process.cwd(), logFile)}.`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`NocoBase did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
}

/** SIGTERM (nocobase-cli.js passes it on; NocoBase closes its database), SIGKILL to the group if that takes too long. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    /* already gone */
  }
}
