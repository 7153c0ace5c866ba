import { CORP_ID, member, Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';

/**
 * The admin's "Linked users" view (`wecom:linkedUsers`, `wecom:unlinkUser`): only those who may manage
 * authenticators reach it, and it shows and removes only the bindings of the authenticator asked for.
 */
describe('Linked users (wecom:linkedUsers, wecom:unlinkUser)', () => {
  let site: Site;
  let name: string;
  let other: string;
  let root: any;
  let admin: any;
  let memberUser: any;
  let bound: any;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
    other = await site.addAuthenticator();
    const users = site.app.db.getRepository('users');
    root = await users.findOne({ filter: { 'roles.name': 'root' } });
    admin = await users.create({ values: { nickname: 'Admin', roles: ['admin'] } });
    memberUser = await users.create({ values: { nickname: 'Member', roles: ['member'] } });
    bound = await users.create({ values: { username: 'linked1', nickname: 'Linked One', phone: '13900000777' } });
  });
  afterAll(() => site?.close());

  const links = () => site.app.db.getRepository('usersAuthenticators');
  const as = async (user: any, role: string) => (user ? site.app.agent().login(user, role) : site.app.agent());
  const list = async (user: any, role: string, authenticator = name) =>
    (await as(user, role)).get(`/wecom:linkedUsers?authenticator=${authenticator}`);
  const unlink = async (user: any, role: string, values: object) =>
    (await as(user, role)).post('/wecom:unlinkUser').send(values);

  async function bind(authenticator: string, userId: number, userid: string, meta: object = {}) {
    await links().create({
      values: { authenticator, userId, uuid: userid, nickname: `WeCom ${userid}`, meta: { userid, ...meta } },
    });
  }

  it('lists the bindings of that authenticator only, with who, when and how', async () => {
    site.wecom.setMember(member('Linked-A', { name: '赵六', mobile: '13900000777' }));
    // A sign-in with a phone match (in the WeCom browser) binds the member: linkedBy 'phone'.
    expect((await site.browser(WXWORK_UA).signIn(name, 'Linked-A')).token).toBeDefined();
    await bind(other, memberUser.id, 'elsewhere', { linkedBy: 'link' });
    const res = await list(root, 'root');
    expect(res.status).toBe(200);
    expect(res.body.data.users).toEqual([
      expect.objectContaining({
        userId: bound.id,
        nickname: 'Linked One',
        username: 'linked1',
        userid: 'Linked-A',
        name: '赵六',
        linkedBy: 'phone',
        stale: false,
      }),
    ]);
    expect(Date.parse(res.body.data.users[0].linkedAt)).toBeGreaterThan(Date.now() - 60_000);
    const elsewhere = (await list(root, 'root', other)).body.data.users;
    expect(elsewhere.map((row: any) => row.userid)).toEqual(['elsewhere']);
  });

  it('marks a binding made under another Corp ID as stale', async () => {
    await bind(name, admin.id, 'old-corp', { corpId: 'ww00000000000000ff' });
    const rows = (await list(root, 'root')).body.data.users;
    expect(rows.find((row: any) => row.userid === 'old-corp')).toMatchObject({ userId: admin.id, stale: true });
    await links().destroy({ filter: { authenticator: name, userId: admin.id } });
  });

  it('resolves a Corp ID kept in a variable: bindings under that Corp ID are not stale', async () => {
    site.app.environment.setVariable('WECOM_LINKED_CORP', CORP_ID);
    const viaVariable = await site.addAuthenticator({ wecom: { corpId: '{{$env.WECOM_LINKED_CORP}}' } });
    await bind(viaVariable, bound.id, 'same-corp', { corpId: CORP_ID });
    await bind(viaVariable, admin.id, 'old-corp', { corpId: 'ww00000000000000ff' });
    const rows = (await list(root, 'root', viaVariable)).body.data.users;
    expect(rows.map((row: any) => [row.userid, row.stale])).toEqual([
      ['old-corp', true],
      ['same-corp', false],
    ]);
  });

  it('serves one page at a time, newest first, with the count of all bindings', async () => {
    const crowded = await site.addAuthenticator();
    const people = [];
    for (let i = 0; i < 25; i++) {
      people.push(await site.app.db.getRepository('users').create({ values: { nickname: `Paged ${i}` } }));
      await bind(crowded, people[i].id, `paged-${i}`);
    }
    const page = async (n: number, size?: number) =>
      (
        await (await as(root, 'root'))
          .get(`/wecom:linkedUsers`)
          .query({ authenticator: crowded, page: n, ...(size ? { pageSize: size } : {}) })
      ).body.data;
    const first = await page(1, 10);
    expect(first).toMatchObject({ count: 25, page: 1, pageSize: 10 });
    expect(first.users).toHaveLength(10);
    const all = [...first.users, ...(await page(2, 10)).users, ...(await page(3, 10)).users];
    expect(all.map((row: any) => row.userid)).toEqual(people.map((_, i) => `paged-${24 - i}`));
    expect((await page(1)).users).toHaveLength(20); // the default page size
    expect((await page(1, 100000)).pageSize).toBe(200); // never more than 200 rows at once
  });

  it('refuses an unknown name and an authenticator of another type', async () => {
    expect((await list(root, 'root', 'nope')).status).toBe(400);
    expect((await list(root, 'root', 'basic')).status).toBe(400);
    expect((await unlink(root, 'root', { authenticator: 'basic', userId: root.id })).status).toBe(400);
  });

  it('is refused to anonymous visitors and to members; admins may use it', async () => {
    await bind(name, memberUser.id, 'member-x');
    expect([401, 403]).toContain((await list(null, 'anonymous')).status);
    expect([401, 403]).toContain((await unlink(null, 'anonymous', { authenticator: name, userId: bound.id })).status);
    expect((await list(memberUser, 'member')).status).toBe(403);
    expect((await unlink(memberUser, 'member', { authenticator: name, userId: memberUser.id })).status).toBe(403);
    expect(await links().findOne({ filter: { authenticator: name, userId: memberUser.id } })).not.toBeNull();
    expect((await list(admin, 'admin')).status).toBe(200);
    await links().destroy({ filter: { authenticator: name, userId: memberUser.id } });
  });

  it('unlinks a user of that authenticator only, by POST; the next sign-in finds no user', async () => {
    await bind(other, bound.id, 'other-of-bound');
    expect((await (await as(root, 'root')).get(`/wecom:unlinkUser?authenticator=${name}`)).status).toBe(405);
    const res = await unlink(root, 'root', { authenticator: name, userId: bound.id });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ unlinked: true });
    expect(await links().findOne({ filter: { authenticator: name, userId: bound.id } })).toBeNull();
    expect(await links().findOne({ filter: { authenticator: other, userId: bound.id } })).not.toBeNull();
    expect((await list(root, 'root')).body.data.users).toEqual([]);
    expect((await unlink(root, 'root', { authenticator: name, userId: bound.id })).body.data).toEqual({
      unlinked: false,
    });
    expect((await site.browser().signIn(name, 'Linked-A')).errorId).toBe('notLinkedYet');
  });
});
