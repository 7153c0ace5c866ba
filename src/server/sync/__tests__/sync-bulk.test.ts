import type { Model } from '@nocobase/database';
import { bindMember } from '../../accounts/bindings';
import { bindLockKey } from '../../accounts/users';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import { lockAsked, pullSource } from './sync-helpers';

/**
 * A pull decides in memory and writes in bulk: the users that already have their WeCom name get their
 * departments, main department, owner flags and the source's rows from the plugin's own writer (not one by one
 * through NocoBase), with the same result; and a member a sign-in binds while the pull runs keeps that one
 * binding.
 */
const SYNC_SECRET = 'contacts-sync-secret';
const SOURCE = 'wecom_bulk';

describe('a pull written in bulk', () => {
  let site: Site;
  let authenticator: string;
  let root: Model;
  const repo = (name: string) => site.app.db.getRepository(name);
  const departmentOf = async (uid: number) => {
    const row = await repo('userDataSyncRecords').findOne({
      filter: { sourceName: SOURCE, dataType: 'department', sourceUk: String(uid) },
      appends: ['resources'],
    });
    return Number((row?.get('resources') as Model[] | undefined)?.[0]?.get('resourcePk'));
  };
  const memberships = async (userId: number) =>
    (await repo('departmentsUsers').find({ filter: { userId }, sort: ['departmentId'] })).map((row: Model) => ({
      departmentId: Number(row.get('departmentId')),
      isOwner: Boolean(row.get('isOwner')),
    }));
  const pull = () => pullSource(site, root, SOURCE);

  beforeAll(async () => {
    site = await startSite(
      {
        members: [
          member('ann', { name: 'Ann', mobile: '13800000011', department: [2, 3], mainDepartment: 3, leaderOf: [2] }),
          member('bob', { name: 'Bob', mobile: '13800000012', department: [3] }),
        ],
        departments: [
          { id: 1, name: 'Company', parentid: 0, order: 100 },
          { id: 2, name: 'Sales', parentid: 1, order: 200 },
          { id: 3, name: 'R&D', parentid: 1, order: 300 },
        ],
        secretPolicies: { [SYNC_SECRET]: { contactsSync: true } },
      },
      { plugins: ['user-data-sync', 'departments'], sqliteFile: true },
    );
    authenticator = await site.addAuthenticator();
    root = await repo('users').findOne({ filter: { 'roles.name': 'root' } });
    await repo('userDataSyncSources').create({
      values: {
        name: SOURCE,
        sourceType: 'wecom',
        enabled: true,
        options: { corpId: CORP_ID, secret: SYNC_SECRET, authenticator, apiBaseUrl: site.wecom.baseUrl },
      },
    });
  });
  afterAll(() => site?.close());

  it('gives a user who already has the WeCom name the departments, main one and owner flags', async () => {
    const ann = await repo('users').create({ values: { nickname: 'Ann', phone: '+86 138 0000 0011' } });
    const task = await pull();
    expect(task).toMatchObject({ status: 'success' });
    expect(task.message).toMatch(/matched 1/);
    const [sales, rd] = [await departmentOf(2), await departmentOf(3)];
    expect(await memberships(Number(ann.get('id')))).toEqual(
      [
        { departmentId: sales, isOwner: true },
        { departmentId: rd, isOwner: false },
      ].sort((a, b) => a.departmentId - b.departmentId),
    );
    const saved = await repo('users').findOne({ filterByTk: ann.get('id') });
    expect(Number(saved.get('mainDepartmentId'))).toBe(rd);
    expect(saved.get('nickname')).toBe('Ann');
    const row = await repo('userDataSyncRecords').findOne({
      filter: { sourceName: SOURCE, dataType: 'user', sourceUk: 'ann' },
      appends: ['resources'],
    });
    const links = (row.get('resources') as Model[]).map((link) => `${link.get('resource')}:${link.get('resourcePk')}`);
    expect(links.sort()).toEqual([`departments:${rd}`, `departments:${sales}`, `users:${ann.get('id')}`].sort());

    // Moved in WeCom: out of Sales (and no longer its leader), R&D stays the main department.
    site.wecom.setMember(member('ann', { name: 'Ann', mobile: '13800000011', department: [3] }));
    expect(await pull()).toMatchObject({ status: 'success' });
    expect(await memberships(Number(ann.get('id')))).toEqual([{ departmentId: rd, isOwner: false }]);
  });

  it('keeps the binding a sign-in makes while the pull waits for the member, and makes no second one', async () => {
    const bob = await repo('users').create({ values: { nickname: 'Bob', phone: '13800000012' } });
    // bob's key points at `bob`: the pull plans that binding. A sign-in holding bob's lock binds him first,
    // to the account it signed him up with.
    site.wecom.setMember(member('bob2', { name: 'Bob Two', mobile: '13800000013', department: [3] }));
    await repo('users').create({ values: { nickname: 'Bob Two', phone: '13800000013' } });
    await repo('usersAuthenticators').destroy({ filter: { authenticator, uuid: 'bob' } });
    const key = bindLockKey(authenticator, 'bob');
    const release = await site.app.lockManager.acquire(key, 30_000);
    const waiting = lockAsked(site, key);
    const pulled = pull();
    // The pull has read everything (and planned bob's binding) once it asks for the lock the sign-in holds.
    await waiting;
    const signedUp = await repo('users').create({ values: { nickname: 'Bob (signed up)' } });
    await bindMember(
      site.app.db,
      { authenticator, corpId: CORP_ID },
      Number(signedUp.get('id')),
      { userid: 'bob', name: 'Bob', inClient: true },
      undefined,
      'signup',
    );
    await release();
    const task = await pulled;
    expect(task.status).toBe('success');
    const bindings = await repo('usersAuthenticators').find({ filter: { authenticator, uuid: 'bob' } });
    expect(bindings.map((binding: Model) => Number(binding.get('userId')))).toEqual([Number(signedUp.get('id'))]);
    expect(await repo('usersAuthenticators').count({ filter: { authenticator, userId: bob.get('id') } })).toBe(0);
    // The other member of the same pull is bound as usual.
    expect(await repo('usersAuthenticators').count({ filter: { authenticator, uuid: 'bob2' } })).toBe(1);
  });

  it('creates one user, not two, for two new members with the same mobile (createUnmatched)', async () => {
    const source = await repo('userDataSyncSources').findOne({ filter: { name: SOURCE } });
    await repo('userDataSyncSources').update({
      filterByTk: source.get('id'),
      values: { options: { ...source.get('options'), createUnmatched: true } },
    });
    site.wecom.setMember(member('twin1', { name: 'Twin One', mobile: '13800000021', department: [3] }));
    site.wecom.setMember(member('twin2', { name: 'Twin Two', mobile: '13800000021', department: [3] }));
    const task = await pull();
    expect(task.status).toBe('success');
    expect(task.message).toMatch(/created 1/);
    expect(task.message).toMatch(/the user is linked to another member: 1/);
    const users = await repo('users').find({ filter: { phone: '13800000021' } });
    expect(users).toHaveLength(1);
    const bindings = await repo('usersAuthenticators').find({
      filter: { authenticator, uuid: { $in: ['twin1', 'twin2'] } },
    });
    expect(bindings).toHaveLength(1);
    expect(Number(bindings[0].get('userId'))).toBe(Number(users[0].get('id')));
  });
});
