import type { Model } from '@nocobase/database';
import { MIDDLEWARE_TAG } from '../redaction';
import { CORP_ID, DESKTOP_UA, member, SECRET, Site, startSite } from '../../__tests__/harness';
import { eventsApplied, pullSource, snapshotOf } from './sync-helpers';
import {
  CallbackKeys,
  contactEventXml,
  newEncodingAESKey,
  SignedRequest,
  signedEvent,
  verificationRequest,
} from '../../../../test/wecom-emulator/contact-events';

/**
 * The `wecom` source of NocoBase's user data synchronization, on a real server with plugin-user-data-sync and
 * plugin-departments: pulls, bindings by the sign-in's rules, leavers, and the contacts callback.
 */
const SYNC_SECRET = 'contacts-sync-secret';
const SOURCE = 'wecom_contacts';
const KEYS: CallbackKeys = { token: 'Tok3nForWecomContacts', encodingAESKey: newEncodingAESKey(), corpId: CORP_ID };
/** The company every test starts from (beforeEach puts it back, in WeCom and in NocoBase). */
const MEMBERS = [
  member('zhangsan', { name: 'Zhang San', mobile: '13800000001', department: [2], leaderOf: [2] }),
  member('lisi', { name: 'Li Si', department: [3, 4], mainDepartment: 4, email: 'li.si@example.com' }),
  member('wangwu', { name: 'Wang Wu', department: [3] }),
  member('boss', { name: 'The Boss', mobile: '13900000009', department: [1] }),
  member('deputy', { name: 'Deputy', mobile: '13900000008', department: [1] }),
  member('chen', { name: 'Chen Jie', status: 2, mobile: '13800000005', department: [3] }),
];
const DEPARTMENTS = [
  { id: 1, name: 'Company', parentid: 0, order: 100 },
  { id: 2, name: 'Sales', parentid: 1, order: 200 },
  { id: 3, name: 'R&D', parentid: 1, order: 300 },
  { id: 4, name: 'Beijing', parentid: 2, order: 10 },
];

describe('syncing WeCom contacts', () => {
  let site: Site;
  let authenticator: string;
  let root: Model;
  let zhang: Model;
  let admin: Model;

  const repo = (name: string) => site.app.db.getRepository(name);
  const departmentId = async (uid: number) => {
    const row = await repo('userDataSyncRecords').findOne({
      filter: { sourceName: SOURCE, dataType: 'department', sourceUk: String(uid) },
      appends: ['resources'],
    });
    return row ? String((row.get('resources') as Model[])[0]?.get('resourcePk')) : undefined;
  };
  const bindingOf = async (uuid: string) => repo('usersAuthenticators').findOne({ filter: { authenticator, uuid } });
  const setOptions = async (options: Record<string, unknown>) => {
    const source = await repo('userDataSyncSources').findOne({ filter: { name: SOURCE } });
    await repo('userDataSyncSources').update({
      filterByTk: source.get('id'),
      values: { options: { ...source.get('options'), ...options } },
    });
  };

  const pull = (name = SOURCE) => pullSource(site, root, name);
  const snapshot = () => snapshotOf(site);

  beforeAll(async () => {
    site = await startSite(
      { members: MEMBERS, departments: DEPARTMENTS, secretPolicies: { [SYNC_SECRET]: { contactsSync: true } } },
      { plugins: ['user-data-sync', 'departments'] },
    );
    authenticator = await site.addAuthenticator({ wecom: { matchBy: ['mobile', 'email'] } });
    root = await repo('users').findOne({ filter: { 'roles.name': 'root' } });
    await repo('users').update({ filterByTk: root.get('id'), values: { phone: '+86 139 0000 0009' } });
    zhang = await repo('users').create({ values: { nickname: 'Zhang (NocoBase)', phone: '+86 138-0000-0001' } });
    admin = await repo('users').create({ values: { nickname: 'Admin', phone: '13900000008', roles: ['admin'] } });
    await repo('userDataSyncSources').create({
      values: {
        name: SOURCE,
        sourceType: 'wecom',
        enabled: true,
        options: {
          corpId: CORP_ID,
          secret: SYNC_SECRET,
          authenticator,
          apiBaseUrl: site.wecom.baseUrl,
          token: KEYS.token,
          encodingAESKey: KEYS.encodingAESKey,
        },
      },
    });
  });
  afterAll(() => site?.close());

  /** The company as at the start, and in NocoBase only root, Admin and Zhang's user: nothing synced, nothing bound. */
  beforeEach(async () => {
    site.wecom.setContacts(MEMBERS, DEPARTMENTS);
    site.wecom.clearFaults();
    site.wecom.setSecretPolicy(SYNC_SECRET, { contactsSync: true });
    await setOptions({ createUnmatched: false, removeLeavers: false });
    for (const name of ['userDataSyncRecordsResources', 'userDataSyncRecords', 'departmentsUsers', 'departments']) {
      await repo(name).destroy({ truncate: true });
    }
    await repo('usersAuthenticators').destroy({ filter: { authenticator } });
    const kept = [root, zhang, admin].map((user) => user.get('id'));
    await repo('users').destroy({ filter: { id: { $notIn: kept } } });
    await repo('users').update({
      filterByTk: zhang.get('id'),
      values: { nickname: 'Zhang (NocoBase)', mainDepartmentId: null },
    });
  });

  /** The first pull of the company, with users created for the members no user matches (Li Si, Wang Wu). */
  const pullCreating = async () => {
    await setOptions({ createUnmatched: true });
    expect(await pull()).toMatchObject({ status: 'success', message: expect.stringMatching(/created 2/) });
  };

  it('registers the wecom source type', async () => {
    const res = await (await site.app.agent().login(root)).get('/userData:listSyncTypes');
    expect(JSON.stringify(res.body)).toMatch(/"wecom"/);
  });

  it('pulls departments and members in 1 + one call per department, matching by phone, never an admin', async () => {
    site.wecom.resetCalls();
    const task = await pull();
    expect(task).toMatchObject({ status: 'success' });
    expect(task.message).toMatch(/4 departments, 6 members/);
    expect(task.message).toMatch(/matched 1, created 0/);
    expect(task.message).toMatch(/left unbound 4 \(/);
    expect(task.message).toMatch(/administrator accounts are never linked automatically: 2/);
    expect(task.message).toMatch(/no user has their key: 1; WeCom gives none of the keys they are matched by: 1/);
    expect(site.wecom.calls['department/list']).toBe(1);
    expect(site.wecom.calls['user/list']).toBe(4);
    expect(site.wecom.calls['user/get'] + site.wecom.calls['department/get']).toBe(0);

    const departments = await repo('departments').find({ sort: ['sort'] });
    const byTitle = new Map<string, Model>(departments.map((d: Model) => [String(d.get('title')), d]));
    expect([...byTitle.keys()].sort()).toEqual(['Beijing', 'Company', 'R&D', 'Sales']);
    const field = (title: string, name: string) => byTitle.get(title)?.get(name);
    expect(String(field('Beijing', 'parentId'))).toBe(await departmentId(2));
    expect(field('Company', 'parentId')).toBeFalsy();
    // WeCom orders siblings bigger first: R&D (300) before Sales (200).
    expect(Number(field('R&D', 'sort'))).toBeLessThan(Number(field('Sales', 'sort')));

    const binding = await bindingOf('zhangsan');
    expect(binding.get('userId')).toBe(zhang.get('id'));
    expect(binding.get('meta')).toMatchObject({ userid: 'zhangsan', corpId: CORP_ID, linkedBy: 'sync' });
    const user = await repo('users').findOne({ filterByTk: zhang.get('id'), appends: ['departments'] });
    expect(user.get('nickname')).toBe('Zhang San');
    expect(user.get('phone')).toBe('+86 138-0000-0001');
    const [sales] = user.get('departments') as Model[];
    expect(sales.get('title')).toBe('Sales');
    const membership = await repo('departmentsUsers').findOne({ filter: { userId: zhang.get('id') } });
    expect(membership.get('isOwner')).toBe(true);

    for (const uuid of ['boss', 'deputy', 'lisi', 'wangwu', 'chen']) {
      expect(await bindingOf(uuid)).toBeNull();
    }
    expect(
      await repo('users').count({ filter: { nickname: { $in: ['Li Si', 'Wang Wu', 'The Boss', 'Deputy'] } } }),
    ).toBe(0);
    expect((await repo('users').findOne({ filterByTk: root.get('id') })).get('nickname')).not.toBe('The Boss');
    expect((await repo('users').findOne({ filterByTk: admin.get('id') })).get('nickname')).toBe('Admin');
  });

  it('creates users for unmatched members when the admin allows it, and a re-pull changes nothing', async () => {
    await setOptions({ createUnmatched: true });
    const task = await pull();
    expect(task.message).toMatch(/already bound 0, matched 1, created 2/);
    const li = await repo('users').findOne({ filter: { nickname: 'Li Si' }, appends: ['departments'] });
    expect(li.get('email')).toBe('li.si@example.com');
    expect((li.get('departments') as Model[]).map((d) => d.get('title')).sort()).toEqual(['Beijing', 'R&D']);
    expect(String(li.get('mainDepartmentId'))).toBe(await departmentId(4));
    expect((await bindingOf('lisi')).get('userId')).toBe(li.get('id'));
    // Privileged users stay unmatched, even with creation on: no second account for them either.
    expect(await bindingOf('boss')).toBeNull();
    expect(await bindingOf('deputy')).toBeNull();
    expect(await repo('users').count({ filter: { nickname: { $in: ['The Boss', 'Deputy'] } } })).toBe(0);

    const before = await snapshot();
    site.wecom.resetCalls();
    expect(await pull()).toMatchObject({ status: 'success' });
    expect(await snapshot()).toEqual(before);
    expect(site.wecom.calls.gettoken).toBe(0);
  });

  it('signs in a synced member by QR code who never signed in before', async () => {
    await pullCreating();
    const li = await repo('users').findOne({ filter: { nickname: 'Li Si' } });
    const result = await site.browser(DESKTOP_UA).signIn(authenticator, 'lisi');
    expect(result.error).toBeUndefined();
    expect((await site.browser().check(authenticator, result.token as string)).id).toBe(li.get('id'));
  });

  it('follows a member who moved and was renamed, and unbinds members who were disabled or left', async () => {
    await pullCreating();
    const li = await repo('users').findOne({ filter: { nickname: 'Li Si' } });
    const wang = await repo('users').findOne({ filter: { nickname: 'Wang Wu' } });
    site.wecom.setMember(member('lisi', { name: 'Li Si-Wei', department: [2], email: 'li.si@example.com' }));
    site.wecom.setMember(member('wangwu', { name: 'Wang Wu', department: [3], status: 2 }));
    site.wecom.removeMember('zhangsan');
    const task = await pull();
    expect(task.message).toMatch(/leavers unbound 2/);
    const moved = await repo('users').findOne({ filterByTk: li.get('id'), appends: ['departments'] });
    expect(moved.get('nickname')).toBe('Li Si-Wei');
    expect((moved.get('departments') as Model[]).map((d) => d.get('title'))).toEqual(['Sales']);
    expect(await bindingOf('wangwu')).toBeNull();
    expect(await bindingOf('zhangsan')).toBeNull();
    // The users stay (removeLeavers is off), and a disabled member's QR sign-in finds no binding.
    expect(await repo('users').findOne({ filterByTk: wang.get('id') })).not.toBeNull();
    expect(await repo('users').findOne({ filterByTk: zhang.get('id') })).not.toBeNull();
    expect((await site.browser(DESKTOP_UA).signIn(authenticator, 'wangwu')).token).toBeUndefined();
  });

  it('deletes the users of members who left only with removeLeavers, and never root', async () => {
    await pullCreating();
    const wang = await repo('users').findOne({ filter: { nickname: 'Wang Wu' } });
    site.wecom.setMember(member('wangwu', { name: 'Wang Wu', department: [3], status: 5 }));
    await repo('usersAuthenticators').create({
      values: { authenticator, userId: root.get('id'), uuid: 'boss', meta: { userid: 'boss', corpId: CORP_ID } },
    });
    site.wecom.setMember(member('boss', { name: 'The Boss', mobile: '13900000009', department: [1], status: 5 }));
    // root is bound to the boss by hand (the pull never links an administrator): a leaver, but root stays.
    await setOptions({ removeLeavers: true });
    const task = await pull();
    expect(task.message).toMatch(/deleted 1, root kept 1/);
    expect(await repo('users').findOne({ filterByTk: wang.get('id') })).toBeNull();
    expect(await repo('users').findOne({ filterByTk: root.get('id') })).not.toBeNull();
    expect((await bindingOf('boss')).get('userId')).toBe(root.get('id'));
  });

  it('creates, moves and deletes departments', async () => {
    await pullCreating();
    site.wecom.setMember(member('zhangsan', { name: 'Zhang San', mobile: '13800000001', department: [3] }));
    site.wecom.setDepartment({ id: 5, name: 'Shanghai', parentid: 3, order: 1 });
    site.wecom.setDepartment({ id: 4, name: 'Beijing', parentid: 3, order: 10 });
    site.wecom.removeDepartment(2);
    site.wecom.setMember(member('lisi', { name: 'Li Si-Wei', department: [5], email: 'li.si@example.com' }));
    expect(await pull()).toMatchObject({ status: 'success' });
    const titles = (await repo('departments').find()).map((d: Model) => d.get('title')).sort();
    expect(titles).toEqual(['Beijing', 'Company', 'R&D', 'Shanghai']);
    const beijing = await repo('departments').findOne({ filter: { title: 'Beijing' } });
    expect(String(beijing.get('parentId'))).toBe(await departmentId(3));
  });

  it('ends the task with the actionable message and writes nothing when WeCom refuses a call', async () => {
    site.wecom.setDepartment({ id: 6, name: 'Never written', parentid: 1 });
    const before = await snapshot();
    site.wecom.setSecretPolicy(SYNC_SECRET, { contactsSync: true, newIp: true });
    const refused = await pull();
    site.wecom.setSecretPolicy(SYNC_SECRET, { contactsSync: true });
    expect(refused.status).toBe('failed');
    expect(refused.message).toMatch(/48009.*Secret of the self-built app/);
    site.wecom.failNext('user/list', {
      errcode: 60020,
      errmsg: 'not allow to access from your ip, from ip: 203.0.113.7',
    });
    const blocked = await pull();
    expect(blocked).toEqual({ status: 'failed', message: expect.stringMatching(/203\.0\.113\.7/) });
    expect(await snapshot()).toEqual(before);
  });

  it("leaves members unbound when the app's Secret withholds mobiles and creation is off", async () => {
    await repo('userDataSyncSources').create({
      values: {
        name: 'wecom_app',
        sourceType: 'wecom',
        enabled: true,
        options: { corpId: CORP_ID, secret: SECRET, authenticator, apiBaseUrl: site.wecom.baseUrl },
      },
    });
    site.wecom.setMember(member('newbie', { name: 'New Bie', mobile: '13700000001', department: [3] }));
    await repo('users').create({ values: { nickname: 'Has the mobile', phone: '13700000001' } });
    const task = await pull('wecom_app');
    expect(task.status).toBe('success');
    // Without the contacts Secret, WeCom gives no mobile or email of anyone: all 6 active members stay unbound.
    expect(task.message).toMatch(/left unbound 6 \(WeCom gives none of the keys they are matched by: 6\)/);
    expect(await bindingOf('newbie')).toBeNull();
  });

  it('keeps the Secret, Token and EncodingAESKey of a saved source out of the action log', async () => {
    let logged: Record<string, unknown> | undefined;
    type Middleware = Parameters<typeof site.app.resourceManager.use>[0];
    const capture: Middleware = async (ctx, next) => {
      await next();
      if (ctx.action?.resourceName === 'userDataSyncSources') {
        logged = ctx.action.params?.values;
      }
    };
    site.app.resourceManager.use(capture, { tag: 'test-capture', before: MIDDLEWARE_TAG });
    const options = {
      corpId: CORP_ID,
      secret: 'top-secret-value',
      authenticator,
      token: 'Tok3n',
      encodingAESKey: KEYS.encodingAESKey,
    };
    const res = await (await site.app.agent().login(root))
      .post('/userDataSyncSources:create')
      .send({ name: 'wecom_logged', sourceType: 'wecom', enabled: false, options });
    expect(res.status).toBe(200);
    const text = JSON.stringify(logged);
    expect(text).toMatch(/\[redacted\]/);
    for (const secret of ['top-secret-value', 'Tok3n', KEYS.encodingAESKey]) {
      expect(text).not.toContain(secret);
    }
    const saved = await repo('userDataSyncSources').findOne({ filter: { name: 'wecom_logged' } });
    expect(saved.get('options')).toMatchObject({ secret: 'top-secret-value', token: 'Tok3n' });
  });

  describe('change events', () => {
    const callback = (request: SignedRequest, method: 'get' | 'post' = 'post', source = SOURCE) => {
      const query = new URLSearchParams({ source, ...request.query }).toString();
      const call = site.app.agent()[method](`/wecom:contactsCallback?${query}`);
      return method === 'post' ? call.set('Content-Type', 'text/xml').send(request.body) : call;
    };
    const events = () => eventsApplied(site);
    const userEvent = (changeType: string, userid: string) =>
      contactEventXml(CORP_ID, { ChangeType: changeType, UserID: userid });

    it('answers the URL verification with the plaintext, a "+" in echostr included', async () => {
      let echo = 'echo-0';
      let request = verificationRequest(KEYS, echo);
      for (let i = 1; !request.query.echostr.includes('+') && i < 200; i++) {
        echo = `echo-${i}`;
        request = verificationRequest(KEYS, echo);
      }
      expect(request.query.echostr).toContain('+');
      const res = await callback(request, 'get');
      expect(res.status).toBe(200);
      expect(res.text).toBe(echo);
      // A '+' that arrives unencoded is still a '+' (never a space).
      const raw = Object.entries({ source: SOURCE, ...request.query })
        .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2B/g, '+')}`)
        .join('&');
      const unencoded = await site.app.agent().get(`/wecom:contactsCallback?${raw}`);
      expect(unencoded.text).toBe(echo);
    });

    it('applies a member event after answering, re-reading the member through the API', async () => {
      await pullCreating();
      site.wecom.setMember(member('lisi', { name: 'Li Si (events)', department: [3], email: 'li.si@example.com' }));
      site.wecom.resetCalls();
      const res = await callback(signedEvent(KEYS, userEvent('update_user', 'lisi')));
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      await events();
      expect(site.wecom.calls['user/get']).toBe(1);
      expect(await repo('users').count({ filter: { nickname: 'Li Si (events)' } })).toBe(1);
    });

    it('refuses a bad signature, another corp, bad XML and a replay with a 4xx, changing nothing', async () => {
      await pullCreating();
      site.wecom.setMember(member('lisi', { name: 'Li Si (forged)', department: [3], email: 'li.si@example.com' }));
      const good = signedEvent(KEYS, userEvent('update_user', 'lisi'));
      const badSignature = { ...good, query: { ...good.query, msg_signature: '0'.repeat(40) } };
      expect((await callback(badSignature)).status).toBe(403);
      const otherCorp = signedEvent(KEYS, userEvent('update_user', 'lisi'), { receiveId: 'ww00000000000000ff' });
      expect((await callback(otherCorp)).status).toBe(403);
      const otherKey = signedEvent({ ...KEYS, encodingAESKey: newEncodingAESKey() }, userEvent('update_user', 'lisi'));
      expect((await callback(otherKey)).status).toBe(403);
      expect((await callback({ ...good, body: '<xml><Encrypt>' })).status).toBe(400);
      const notXml = signedEvent(KEYS, 'not xml at all');
      expect((await callback(notXml)).status).toBe(400);
      const old = signedEvent(KEYS, userEvent('update_user', 'lisi'), {
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      expect((await callback(old)).status).toBe(409);
      expect((await callback(good, 'post', 'no_such_source')).status).toBe(404);
      await events();
      expect(await repo('users').count({ filter: { nickname: 'Li Si (forged)' } })).toBe(0);

      expect((await callback(good)).status).toBe(200);
      await events();
      expect(await repo('users').count({ filter: { nickname: 'Li Si (forged)' } })).toBe(1);
      site.wecom.setMember(member('lisi', { name: 'Li Si (replayed)', department: [3], email: 'li.si@example.com' }));
      expect((await callback(good)).status).toBe(409);
      await events();
      expect(await repo('users').count({ filter: { nickname: 'Li Si (replayed)' } })).toBe(0);
    });

    it('creates a department and unbinds a deleted member from events', async () => {
      await pullCreating();
      const li = await bindingOf('lisi');
      site.wecom.setDepartment({ id: 7, name: 'Guangzhou', parentid: 1, order: 5 });
      const party = contactEventXml(CORP_ID, { ChangeType: 'create_party', Id: 7 });
      expect((await callback(signedEvent(KEYS, party))).status).toBe(200);
      site.wecom.removeMember('lisi');
      expect((await callback(signedEvent(KEYS, userEvent('delete_user', 'lisi')))).status).toBe(200);
      await events();
      const guangzhou = await repo('departments').findOne({ filter: { title: 'Guangzhou' } });
      expect(String(guangzhou.get('parentId'))).toBe(await departmentId(1));
      expect(await bindingOf('lisi')).toBeNull();
      // The user stays (removeLeavers is off).
      expect(await repo('users').findOne({ filterByTk: li.get('userId') })).not.toBeNull();
    });
  });
});
