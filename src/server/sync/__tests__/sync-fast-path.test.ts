import type { Model } from '@nocobase/database';
import type PluginUserDataSyncServer from '@nocobase/plugin-user-data-sync';
import { SyncAccept, UserDataResource } from '@nocobase/plugin-user-data-sync';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import { DEPARTMENTS, members, rowsOf } from './fast-path-helpers';
import { pullSource, snapshotOf } from './sync-helpers';

/**
 * The fast path (users created in bulk, their departments and records written by the plugin) leaves exactly what
 * NocoBase's own writers leave: the same WeCom company is pulled into two fresh apps with `createUnmatched`, one
 * where another resource also takes user records (so the plugin leaves every user to NocoBase, and creates them
 * one at a time through the users repository), one on the fast path; their rows compare equal. A pull the database
 * stops halfway is finished by the next one, to the same rows.
 */
const SYNC_SECRET = 'contacts-sync-secret';
const SOURCE = 'wecom_fast';
const AUTHENTICATOR = 'wecom_fast';

/** A resource of another plugin that also takes user records (and writes nothing). */
class OtherResource extends UserDataResource {
  name = 'other';
  accepts: SyncAccept[] = ['user'];
  async update() {
    return [];
  }
  async create() {
    return [];
  }
}

async function companySite(schema: string): Promise<{ site: Site; root: Model }> {
  const site = await startSite(
    { members: members(), departments: DEPARTMENTS, secretPolicies: { [SYNC_SECRET]: { contactsSync: true } } },
    { plugins: ['user-data-sync', 'departments'], ownSchema: schema },
  );
  await site.addAuthenticator({ name: AUTHENTICATOR });
  const root: Model = await site.app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
  // A member whose email the root user has: the new user gets none.
  site.wecom.setMember(member('rootmail', { name: 'Root Mail', email: String(root.get('email')), department: [4] }));
  await site.app.db.getRepository('userDataSyncSources').create({
    values: {
      name: SOURCE,
      sourceType: 'wecom',
      enabled: true,
      options: {
        corpId: CORP_ID,
        secret: SYNC_SECRET,
        authenticator: AUTHENTICATOR,
        apiBaseUrl: site.wecom.baseUrl,
        createUnmatched: true,
      },
    },
  });
  return { site, root };
}

describe('the fast path of a first import', () => {
  let reference: { site: Site; root: Model };
  let fast: { site: Site; root: Model };

  beforeAll(async () => {
    reference = await companySite('wecom_fast_reference');
    const sync = reference.site.app.pm.get('user-data-sync') as PluginUserDataSyncServer;
    sync.resourceManager.registerResource(new OtherResource(reference.site.app.db, reference.site.app.logger));
    fast = await companySite('wecom_fast_direct');
  });
  afterAll(async () => {
    await reference?.site.close();
    await fast?.site.close();
  });

  it('leaves the rows NocoBase’s own writers leave, and a second pull writes nothing', async () => {
    // What went in bulk: users created at once, memberships written at once (NocoBase: one insert per user).
    const bulk = (site: Site) => {
      const seen = { users: 0, membershipInserts: 0, departments: 0 };
      site.app.db.on('users.beforeBulkCreate', (rows: Model[]) => (seen.users += rows.length));
      site.app.db.on('departments.beforeBulkCreate', (rows: Model[]) => (seen.departments += rows.length));
      site.app.db.on('departmentsUsers.beforeBulkCreate', () => seen.membershipInserts++);
      return seen;
    };
    const [slow, quick] = [bulk(reference.site), bulk(fast.site)];
    const expected = await pullSource(reference.site, reference.root, SOURCE);
    const task = await pullSource(fast.site, fast.root, SOURCE);
    // The same counts (how long each took may differ).
    const counts = (end: { status: string; message: string }) => ({ ...end, message: end.message.split(' Took ')[0] });
    expect(counts(task)).toEqual(counts(expected));
    expect(task.message).toMatch(/ Took \d+ s\.$/);
    expect(task.message).toMatch(/created 30/);
    expect(task.message).toMatch(/the user is linked to another member: 1/);
    expect(slow).toEqual({ users: 0, membershipInserts: 30, departments: 0 });
    expect(quick).toEqual({ users: 30, membershipInserts: 1, departments: 10 });
    const rows = await rowsOf(fast.site);
    expect(rows).toEqual(await rowsOf(reference.site));
    // Every new user has a role (NocoBase's default one), a binding and departments.
    expect(rows.users.filter((user) => user.id?.startsWith('member:') && !user.roles.length)).toEqual([]);

    const before = await snapshotOf(fast.site);
    expect((await pullSource(fast.site, fast.root, SOURCE)).status).toBe('success');
    expect(await snapshotOf(fast.site)).toEqual(before);
  });
  it('finishes on the next pull what a pull the database stopped halfway left', async () => {
    const joiners = [
      member('n1', { name: 'New One', mobile: '13900000201', department: [2, 3], leaderOf: [3] }),
      member('n2', { name: 'New Two', department: [6, 10] }),
      member('n3', { name: 'New Three', mobile: '13900000203', email: 'n3@example.com', department: [4] }),
    ];
    for (const { site } of [reference, fast]) {
      joiners.forEach((joiner) => site.wecom.setMember(joiner));
      // A new department under one NocoBase has (a leaf until now), and one whose NocoBase department was deleted
      // (a leaf without members: nothing else keeps its id).
      site.wecom.setDepartment({ id: 10, name: 'Field Support', parentid: 4, order: 100 });
      const row = await site.app.db.getRepository('userDataSyncRecords').findOne({
        filter: { sourceName: SOURCE, dataType: 'department', sourceUk: '11' },
        appends: ['resources'],
      });
      await site.app.db.getRepository('departments').destroy({ filterByTk: row.get('resources')[0].get('resourcePk') });
    }
    // The database refuses the chunk of new users (they are then made one at a time), then the memberships: the
    // pull fails after the users and their bindings were made, before their departments and records.
    const refused: string[] = [];
    const refuseOnce = (event: string) => {
      const refuse = () => {
        fast.site.app.db.off(event, refuse);
        refused.push(event);
        throw new Error(`${event} refused`);
      };
      fast.site.app.db.on(event, refuse);
    };
    const bulkDepartments: string[] = [];
    fast.site.app.db.on('departments.beforeBulkCreate', (rows: Model[]) =>
      bulkDepartments.push(...rows.map((row) => String(row.get('title')))),
    );
    refuseOnce('users.beforeBulkCreate');
    refuseOnce('departmentsUsers.beforeBulkCreate');
    // The task says what a stopped sync means for the admin (not a sign-in's words), without the database's text.
    expect(await pullSource(fast.site, fast.root, SOURCE)).toEqual({
      status: 'failed',
      message: expect.stringMatching(/^The sync stopped before it finished .*next sync finishes/),
    });
    expect(refused).toEqual(['users.beforeBulkCreate', 'departmentsUsers.beforeBulkCreate']);
    expect(await fast.site.app.db.getRepository('usersAuthenticators').count({ filter: { uuid: 'n1' } })).toBe(1);

    expect(await pullSource(fast.site, fast.root, SOURCE)).toMatchObject({ status: 'success' });
    expect((await pullSource(reference.site, reference.root, SOURCE)).message).toMatch(/created 3/);
    expect(await rowsOf(fast.site)).toEqual(await rowsOf(reference.site));
    expect(bulkDepartments.sort()).toEqual(['Archive', 'Field Support']);
  });
  it('creates users one at a time, with every hook, while another plugin (a workflow) listens for new users', async () => {
    const heard: string[] = [];
    const listener = (user: Model) => heard.push(String(user.get('nickname')));
    fast.site.app.db.on('users.afterCreateWithAssociations', listener);
    try {
      fast.site.wecom.setMember(member('w1', { name: 'Watched One', department: [2] }));
      fast.site.wecom.setMember(member('w2', { name: 'Watched Two', mobile: '13900000302', department: [3] }));
      expect((await pullSource(fast.site, fast.root, SOURCE)).message).toMatch(/created 2/);
    } finally {
      fast.site.app.db.off('users.afterCreateWithAssociations', listener);
    }
    expect(heard.sort()).toEqual(['Watched One', 'Watched Two']);
  });
  it('creates departments one at a time, with every hook, while another plugin listens for new departments', async () => {
    const heard: string[] = [];
    const listener = (department: Model) => heard.push(String(department.get('title')));
    fast.site.app.db.on('departments.afterCreate', listener);
    try {
      fast.site.wecom.setDepartment({ id: 12, name: 'Quality', parentid: 1, order: 10 });
      expect((await pullSource(fast.site, fast.root, SOURCE)).status).toBe('success');
    } finally {
      fast.site.app.db.off('departments.afterCreate', listener);
    }
    expect(heard).toEqual(['Quality']);
  });
});
