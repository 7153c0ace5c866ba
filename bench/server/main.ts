/**
 * The NocoBase server under test, in its own process so that the load generator and the emulator do not
 * share its event loop: a `@nocobase/test` server with the plugin (ACL on) and the floor auth type,
 * listening on a loopback port. The driver talks to it over IPC (see ../server-process.ts).
 */
import './env';
import http from 'http';
import type { AddressInfo } from 'net';
import { AppSupervisor } from '@nocobase/server';
import { createMockServer } from '@nocobase/test';
import PluginAuthWecomServer from '../../src/server';
import { readSettings } from '../../src/server/settings';
import { wecomRuntime } from '../../src/server/wecom/app-runtime';
import { WECOM_AUTHENTICATOR } from '../people';
import { registerFloorAuth } from './floor-auth';
import { CpuProfiler } from './profiler';
import { seed, unbindFirstMembers } from './seed';
import { tuneSqlite } from './sqlite';
import { runSync, seedSync } from './sync';
import { notifySend, seedNotify } from './notify';
import { forceNocobaseWriters, seedFirstImport } from './first-import';
import { checkImport } from './import-checks';

export interface ServerCommand {
  id: number;
  cmd:
    | 'seed'
    | 'seedSync'
    | 'sync'
    | 'seedFirstImport'
    | 'checkImport'
    | 'seedNotify'
    | 'notifySend'
    | 'unbindFirst'
    | 'forgetToken'
    | 'memory'
    | 'cpu'
    | 'profileStart'
    | 'profileStop'
    | 'stop';
  args?: any;
}

async function start() {
  // A stand-alone app: the supervisor treats every app not named "main" as a sub-app (its URLs under
  // `/apps/<name>`, its actions under `/__app/<name>`) unless it runs one app alone.
  AppSupervisor.getInstance().runningMode = 'single';
  const app = await createMockServer({
    name: `wecom_bench_${process.pid}`,
    acl: true,
    // user-data-sync and departments for the sync row (they are loaded for every row, as on a real app).
    plugins: [
      'field-sort',
      'users',
      'auth',
      'acl',
      'data-source-manager',
      'error-handler',
      'user-data-sync',
      'departments',
      // notification-manager for the notification row (the plugin adds its channel type when it is there).
      'notification-manager',
      PluginAuthWecomServer,
    ],
  });
  await tuneSqlite(app);
  registerFloorAuth(app);
  if (process.env.WECOM_BENCH_NOCOBASE_WRITERS === '1') {
    forceNocobaseWriters(app);
  }
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { app, server, port: (server.address() as AddressInfo).port };
}

/** RSS and heap after a full GC, and the number of entries in NocoBase's in-process lock table. */
async function memory(app: any) {
  for (let round = 0; round < 3; round++) {
    (global as any).gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  const adapter: any = await app.lockManager.getAdapter();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    lockEntries: adapter?.constructor?.locks?.size ?? null,
  };
}

/** CPU time (user + system) this process has used so far, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Empties the token cache for the cold burst: the plugin's stored token and its per-process copy. */
async function forgetToken(app: any) {
  const authenticator = await app.db.getRepository('authenticators').findOne({ filter: { name: WECOM_AUTHENTICATOR } });
  await wecomRuntime(app).tokens.forget(readSettings(authenticator.get('options')).config);
}

async function main() {
  const { app, server, port } = await start();
  const profiler = new CpuProfiler();
  const handlers: Record<ServerCommand['cmd'], (args: any) => Promise<unknown>> = {
    seed: (args) => seed(app, args),
    seedSync: (args) => seedSync(app, args),
    sync: () => runSync(app),
    seedFirstImport: (args) => seedFirstImport(app, args),
    checkImport: (args) => checkImport(app, args),
    seedNotify: (args) => seedNotify(app, args),
    notifySend: (args) => notifySend(app, args),
    unbindFirst: (args) => unbindFirstMembers(app, args.count),
    forgetToken: () => forgetToken(app),
    memory: () => memory(app),
    cpu: async () => cpuMs(),
    profileStart: () => profiler.start(),
    profileStop: (args) => profiler.stop(args.file),
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.destroy();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', async ({ id, cmd, args }: ServerCommand) => {
    try {
      process.send?.({ id, ok: true, result: await handlers[cmd](args) });
    } catch (error: any) {
      process.send?.({ id, ok: false, error: String(error?.stack || error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true, port, pid: process.pid });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
