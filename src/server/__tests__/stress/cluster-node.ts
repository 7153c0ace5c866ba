/**
 * One NocoBase node of a two-node cluster (a child process of cluster.stress.ts): shared PostgreSQL database,
 * shared Redis cache. Answers the parent's setup requests over IPC.
 */
import '../setup-env';
import { AppSupervisor } from '@nocobase/server';
import { createMockServer } from '@nocobase/test';
import jwt from 'jsonwebtoken';
import PluginAuthWecomServer from '../..';
import { listen } from './listen';

async function main() {
  const [appName, install, redisUrl] = process.argv.slice(2);
  // A stand-alone app, as in the harness: the supervisor treats every app not named "main" as a sub-app
  // (`/apps/<name>`, actions under `/__app/<name>`) unless it runs one app alone.
  AppSupervisor.getInstance().runningMode = 'single';
  const app = await createMockServer({
    name: appName,
    acl: true,
    skipInstall: install !== 'install',
    plugins: ['field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'error-handler', PluginAuthWecomServer],
    cacheManager: { defaultStore: 'redis', stores: { redis: { url: redisUrl } } },
  } as any);
  const server = await listen(app);
  process.on('message', async (message: any) => {
    try {
      if (message.cmd === 'create') {
        const record = await app.db.getRepository(message.collection).create({ values: message.values });
        process.send?.({ id: message.id, result: record.toJSON() });
      } else if (message.cmd === 'rootToken') {
        // A session of the root user, made as NocoBase's own test agent makes one (`agent().login`).
        const root = await app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
        const tokenInfo = await app.authManager.tokenController.add({ userId: root.id });
        const { tokenExpirationTime } = await app.authManager.tokenController.getConfig();
        const token = jwt.sign(
          { userId: root.id, temp: true, roleName: 'root', signInTime: Date.now() },
          (app.authManager.jwt as unknown as { secret(): string }).secret(),
          { jwtid: tokenInfo.jti, expiresIn: tokenExpirationTime },
        );
        process.send?.({ id: message.id, result: token });
      } else if (message.cmd === 'stop') {
        await server.close();
        await app.destroy({ skipDb: false });
        process.send?.({ id: message.id, result: 'stopped' });
        process.exit(0);
      }
    } catch (error: any) {
      process.send?.({ id: message.id, error: String(error?.message || error) });
    }
  });
  process.send?.({ ready: server.baseUrl });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
