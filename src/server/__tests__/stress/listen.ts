import { mkdtempSync } from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import path from 'path';

/** Serves a NocoBase app on a loopback port; returns its base URL and a close function. */
export async function listen(app: any): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** SQLite in memory fails under concurrent requests inside NocoBase itself: give load a database file. */
export function useSqliteFileUnderLoad() {
  if (process.env.DB_DIALECT === 'sqlite') {
    process.env.DB_STORAGE = path.join(mkdtempSync(path.join(tmpdir(), 'wecom-stress-')), 'db.sqlite');
  }
}
