import type { Model } from '@nocobase/database';
import PluginAuthWecomServer from '../..';
import type { Site } from '../../__tests__/harness';
import { CallbackKeys, contactEventXml, signedEvent } from '../../../../test/wecom-emulator/contact-events';

/** What the sync tests do to a site: pull a source as an admin would, send WeCom's change events, wait for them. */
export interface TaskEnd {
  status: string;
  message: string;
}

/** `userData:pull` as `admin` (in the language `locale` asks for), then waits for the task NocoBase runs after. */
export async function pullSource(site: Site, admin: Model, name: string, locale?: string): Promise<TaskEnd> {
  const call = (await site.app.agent().login(admin)).post(`/userData:pull?name=${name}`);
  const res = await (locale ? call.set('X-Locale', locale) : call);
  expect(res.status).toBe(200);
  return lastTask(site, name, (task) => !['init', 'processing'].includes(String(task.get('status'))));
}

/** The source's newest task once `done` says it is (every 50 ms, 30 s at most). */
export async function lastTask(site: Site, name: string, done: (task: Model) => boolean): Promise<TaskEnd> {
  const source = await site.app.db.getRepository('userDataSyncSources').findOne({ filter: { name } });
  for (let i = 0; i < 600; i++) {
    const [task] = await site.app.db
      .getRepository('userDataSyncTasks')
      .find({ filter: { sourceId: source.get('id') }, sort: ['-id'] });
    if (task && done(task)) {
      return { status: String(task.get('status')), message: String(task.get('message') ?? '') };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the sync task did not end');
}

/**
 * Resolves when something asks the app's lock manager for `key` (to wait for it or take it): the moment a pull
 * reaches a lock a test holds. Watches `acquire` and `runExclusive` of NocoBase's own lock manager; calls go on.
 */
export function lockAsked(site: Site, key: string): Promise<void> {
  const manager = site.app.lockManager as unknown as Record<
    'acquire' | 'runExclusive',
    (...args: unknown[]) => unknown
  >;
  const originals = { acquire: manager.acquire, runExclusive: manager.runExclusive };
  return new Promise((resolve) => {
    for (const method of ['acquire', 'runExclusive'] as const) {
      manager[method] = function (this: unknown, ...args: unknown[]) {
        if (args[0] === key) {
          Object.assign(manager, originals);
          resolve();
        }
        return originals[method].apply(this, args);
      };
    }
  });
}

/** Posts a change event, signed and encrypted as WeCom does, to the source's callback; returns the HTTP status. */
export async function sendEvent(
  site: Site,
  keys: CallbackKeys,
  source: string,
  fields: Record<string, string | number>,
) {
  const request = signedEvent(keys, contactEventXml(keys.corpId, fields));
  const query = new URLSearchParams({ source, ...request.query }).toString();
  const res = await site.app
    .agent()
    .post(`/wecom:contactsCallback?${query}`)
    .set('Content-Type', 'text/xml')
    .send(request.body);
  return res.status;
}

/** Resolves once every change event answered so far is applied. */
export const eventsApplied = (site: Site) =>
  (site.app.pm.get(PluginAuthWecomServer) as PluginAuthWecomServer).contactEvents?.idle();

/** The binding of the authenticator for a WeCom userid (lower case), or null. */
export const bindingOf = (site: Site, authenticator: string, uuid: string) =>
  site.app.db.getRepository('usersAuthenticators').findOne({ filter: { authenticator, uuid } });

/** Everything a sync may write, to compare before and after. */
export async function snapshotOf(site: Site) {
  const rows = async (name: string, sort: string[]) =>
    (await site.app.db.getRepository(name).find({ sort })).map((row: Model) => JSON.stringify(row.toJSON()));
  return {
    users: await rows('users', ['id']),
    departments: await rows('departments', ['id']),
    departmentsUsers: await rows('departmentsUsers', ['departmentId', 'userId']),
    bindings: await rows('usersAuthenticators', ['authenticator', 'userId']),
    records: await rows('userDataSyncRecords', ['id']),
  };
}
