/**
 * The whole sandbox as a library (used by `npm start` and the e2e test): the NocoBase app folder, the
 * current plugin packed into it, the WeCom sandbox, NocoBase installed on first use and started, then the
 * WeCom authenticator, sample users and the notification demo put in. `stop()` ends both servers.
 */
import fs from 'fs';
import path from 'path';
import { ensureAppFolder } from './app-folder';
import { Credentials, loadOrCreateCredentials } from './credentials';
import { NocoBaseApi } from './nocobase-api';
import { NocoBaseProcess, runNocoBaseCommand, startNocoBase, storageDir } from './nocobase-process';
import { installPluginPackage, PLUGIN_NAME } from './plugin-package';
import { ensureNotifyDemo, NotifyDemo } from './notify-seed';
import { AUTHENTICATOR, ensureSampleUsers, ensureSyncSource, upsertAuthenticator } from './seed';
import { appOrigin, appUrl, databaseId, publicPathPrefix, SandboxSettings } from './settings';
import { startWecomSandbox } from './wecom-sandbox';

export interface Stack {
  settings: SandboxSettings;
  credentials: Credentials;
  /** NocoBase's base URL with its public path, no trailing slash: http://127.0.0.1:13000, http://127.0.0.1:13000/nocobase */
  appUrl: string;
  /** The WeCom sandbox's base URL; undefined in real mode. */
  sandboxUrl?: string;
  /** The sandbox's "WeCom console" page (break / restore the app's settings in WeCom); undefined in real mode. */
  consoleUrl?: string;
  /** The sandbox's "phones": what each member received from the WeCom app; undefined in real mode. */
  phoneUrl?: string;
  /** The WeCom channel, the sample orders and the workflow that sends their cards; undefined without those plugins. */
  notifyDemo?: NotifyDemo;
  /** The link a WeCom app's workbench homepage would hold: the in-client sign-in. */
  workbenchUrl: string;
  nocobaseLog: string;
  /** Settles when the NocoBase process ends (after stop(), or when it fails on its own). */
  nocobaseExited: Promise<void>;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

export async function startStack(settings: SandboxSettings, log: Log): Promise<Stack> {
  const started = Date.now();
  await ensureAppFolder(log);
  const credentials = loadOrCreateCredentials(settings.dataDir);
  const plugin = installPluginPackage(storageDir(settings));
  const what = plugin.built ? 'built and packed' : 'packed earlier in this run';
  log(
    plugin.changed
      ? `Plugin ${what}, put into the data folder: ${path.basename(plugin.tarball)}`
      : `Plugin ${what}, unchanged since the last start.`,
  );

  // WECOM_ORIGIN is an origin (scheme, host, port): the public path goes after it, as NocoBase serves it.
  const base = settings.realWecom?.origin
    ? `${settings.realWecom.origin.replace(/\/+$/, '')}${publicPathPrefix(settings)}`
    : appUrl(settings);
  const workbenchUrl = `${base}/api/wecom:workbench?authenticator=${AUTHENTICATOR}`;
  // The sandbox's WeCom app is set up for this NocoBase: "Check setup" is all ✓ until the console breaks something.
  const sandbox = settings.realWecom
    ? undefined
    : await startWecomSandbox(settings.sandboxPort, credentials.wecomSecret, {
        trustedDomain: new URL(appOrigin(settings)).host,
        homeUrl: workbenchUrl,
      });
  let nocobase: NocoBaseProcess | undefined;
  let notifyDemo: NotifyDemo | undefined;
  const stop = async () => {
    await nocobase?.stop();
    await sandbox?.stop();
  };
  try {
    await installOnce(settings, credentials, log);
    log('Starting NocoBase...');
    nocobase = await startNocoBase(settings, credentials);
    await checkPluginServes(nocobase.baseUrl);
    const api = await NocoBaseApi.signIn(nocobase.baseUrl, credentials.admin.email, credentials.admin.password);
    if (settings.createAuthenticator) {
      const target = { sandboxUrl: sandbox?.baseUrl, sandboxSecret: credentials.wecomSecret, real: settings.realWecom };
      await upsertAuthenticator(api, target);
    }
    await ensureSampleUsers(api);
    if (sandbox) {
      await ensureSyncSource(api, { sandboxUrl: sandbox.baseUrl, sandboxSecret: credentials.wecomSecret }, log);
    }
    if (settings.createAuthenticator) {
      notifyDemo = await ensureNotifyDemo(api, settings.realWecom?.origin ? undefined : appOrigin(settings), log);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  log(`Ready in ${Math.round((Date.now() - started) / 1000)} s.`);
  return {
    settings,
    credentials,
    appUrl: nocobase.baseUrl,
    sandboxUrl: sandbox?.baseUrl,
    consoleUrl: sandbox?.consoleUrl,
    phoneUrl: sandbox?.phoneUrl,
    notifyDemo,
    workbenchUrl,
    nocobaseLog: nocobase.logFile,
    nocobaseExited: nocobase.exited,
    stop,
  };
}

/**
 * First start of a data folder (or of another database): NocoBase's `install` (it skips a database that is
 * installed already), then `pm enable` of the plugin and of Departments (shipped, not enabled by default; the
 * contacts sync writes the tree there), with the server stopped. A mark in the data folder
 * makes later starts skip both.
 */
async function installOnce(settings: SandboxSettings, credentials: Credentials, log: Log) {
  const markFile = path.join(settings.dataDir, 'installed.json');
  const mark = { database: databaseId(settings), plugin: PLUGIN_NAME, departments: true };
  const sqliteGone =
    settings.db.DB_DIALECT === 'sqlite' && !fs.existsSync(path.join(storageDir(settings), 'db', 'nocobase.sqlite'));
  if (!sqliteGone && fs.existsSync(markFile) && fs.readFileSync(markFile, 'utf8') === JSON.stringify(mark)) return;
  log('Installing NocoBase into its database and enabling the plugin (about a minute)...');
  await runNocoBaseCommand(['install'], settings, credentials);
  await runNocoBaseCommand(['pm', 'enable', PLUGIN_NAME], settings, credentials);
  await runNocoBaseCommand(['pm', 'enable', 'departments'], settings, credentials);
  fs.writeFileSync(markFile, JSON.stringify(mark));
}

/** The plugin's public action answers (400 for a missing name) unless the plugin is not enabled (404). */
async function checkPluginServes(baseUrl: string) {
  const res = await fetch(`${baseUrl}/api/wecom:getAuthUrl`);
  if (res.status === 404) {
    throw new Error(
      `NocoBase runs, but the plugin ${PLUGIN_NAME} is not enabled. Enable it in the plugin manager, ` +
        'or delete installed.json in the data folder to let the next start enable it.',
    );
  }
}
