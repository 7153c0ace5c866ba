/**
 * The first-import rows' server side: a NocoBase with none of the company's users, the WeCom authenticator and a
 * source that creates users for unmatched members; and, for the side-by-side run, NocoBase's own writers forced.
 */
import type { MockServer } from '@nocobase/test';
import { createWecomAuthenticator } from './seed';
import { createSource } from './sync';

export async function seedFirstImport(app: MockServer, request: { emulatorUrl: string; secret: string }) {
  await createWecomAuthenticator(app, request.emulatorUrl);
  await createSource(app, request.emulatorUrl, request.secret, true);
  return { users: await app.db.getRepository('users').count() };
}

/**
 * The side-by-side run through NocoBase's own writers, without a switch in the plugin: the plugin writes users
 * itself only while plugin-users' and plugin-departments' resources are the only ones that take users
 * (src/server/sync/direct-writer.ts), so one more resource that takes them — and does nothing — sends every
 * user through NocoBase's per-user writers, as on an app with another plugin listening.
 */
export function forceNocobaseWriters(app: MockServer) {
  const sync: any = app.pm.get('user-data-sync');
  sync.resourceManager.registerResource({
    name: 'wecom-bench-listener',
    accepts: ['user'],
    create: async () => [],
    update: async () => [],
  });
}
