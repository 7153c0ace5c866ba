import { MSG } from '../../../messages';
import { userForMember } from '../users';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import { signInKit } from '../../__tests__/sign-in-kit';

/**
 * Matching a WeCom member to a NocoBase user must never hand one person's WeCom identity to another account:
 * phones compared as E.164, privileged users never linked by phone, bindings tied to the Corp ID they came from.
 */
describe('matching WeCom members to users safely', () => {
  let site: Site;
  let strict: string; // auto-signup off, default privileged roles
  let open: string; // auto-signup on
  let custom: string; // privileged roles set by the admin form (text)

  beforeAll(async () => {
    site = await startSite();
    strict = await site.addAuthenticator();
    open = await site.addAuthenticator({ public: { autoSignup: true } });
    custom = await site.addAuthenticator({ wecom: { privilegedRoles: 'auditor, finance' } });
    await site.app.db.getRepository('roles').create({ values: { name: 'auditor', title: 'Auditor' } });
  });
  afterAll(() => site?.close());

  const OTHER_CORP = 'ww00000000000000ff';
  const users = () => site.app.db.getRepository('users');
  const links = () => site.app.db.getRepository('usersAuthenticators');
  const bindings = (authenticator: string, filter: Record<string, unknown>) =>
    links().find({ filter: { authenticator, ...filter } });
  const { inClient, byQr, signedInAs: userIdOf, expectRefused } = signInKit(() => site);
  const bindStale = (authenticator: string, userId: number, userid: string) =>
    links().create({
      values: { authenticator, userId, uuid: userid, nickname: '', avatar: '', meta: { userid, corpId: OTHER_CORP } },
    });

  describe('phone numbers compared as E.164', () => {
    const MOBILE = '13855551234';
    const FOREIGN = ['+1 385-555-1234', '001 385 555 1234', '3855551234', '+852 1385 5551'];
    let attackers: number[];

    beforeAll(async () => {
      attackers = [];
      for (const phone of FOREIGN) {
        attackers.push((await users().create({ values: { nickname: `Attacker ${phone}`, phone } })).id);
      }
    });

    it.each(['13855551234', '+86 138 5555 1234', '0086-138-5555-1234', '+8613855551234'])(
      'binds the member whose WeCom mobile is 13855551234 to the user whose phone is %s',
      async (phone) => {
        const userid = `same-${phone.replace(/\D/g, '')}`;
        const user = await users().create({ values: { nickname: 'Colleague', phone } });
        site.wecom.setMember(member(userid, { mobile: MOBILE }));
        expect(await userIdOf(strict, await inClient(strict, userid))).toBe(user.id);
        await links().destroy({ filter: { authenticator: strict, userId: user.id } });
        await users().destroy({ filterByTk: user.id });
      },
    );

    it('does not bind a colleague to an account holding a foreign spelling of the number (auto-signup off)', async () => {
      site.wecom.setMember(member('colleague', { mobile: MOBILE }));
      expectRefused(await inClient(strict, 'colleague'), 'noUserNoSignup');
      expect(await bindings(strict, { uuid: 'colleague' })).toHaveLength(0);
    });

    it('creates a new user for the colleague instead when auto-signup is on', async () => {
      site.wecom.setMember(member('colleague', { mobile: MOBILE }));
      const id = await userIdOf(open, await inClient(open, 'colleague'));
      expect(attackers).not.toContain(id);
      expect((await users().findOne({ filterByTk: id })).phone).toBe(MOBILE);
      expect(await bindings(open, { userId: { $in: attackers } })).toHaveLength(0);
    });
  });

  describe('privileged users are never linked by phone', () => {
    let root: any;
    let admin: any;
    let auditor: any;

    beforeAll(async () => {
      root = await users().findOne({ filter: { 'roles.name': 'root' } });
      await users().update({ filterByTk: root.id, values: { phone: '+86 139 6666 0001' } });
      admin = await users().create({ values: { nickname: 'Admin', phone: '13966660002', roles: ['admin'] } });
      auditor = await users().create({ values: { nickname: 'Auditor', phone: '13966660003', roles: ['auditor'] } });
    });

    it('refuses the root user and an admin-role user, even with auto-signup on, and binds or creates nothing', async () => {
      site.wecom.setMember(member('boss', { mobile: '13966660001' }));
      site.wecom.setMember(member('deputy', { mobile: '13966660002' }));
      const before = await users().count();
      for (const authenticator of [strict, open]) {
        expectRefused(await inClient(authenticator, 'boss'), 'privilegedNoAutoLink');
        expectRefused(await inClient(authenticator, 'deputy'), 'privilegedNoAutoLink');
        expect(await bindings(authenticator, { userId: { $in: [root.id, admin.id] } })).toHaveLength(0);
      }
      expect(await bindings(open, { uuid: { $in: ['boss', 'deputy'] } })).toHaveLength(0);
      expect(await users().count()).toBe(before);
    });

    it('refuses a role the admin listed, and root although the list leaves it out', async () => {
      site.wecom.setMember(member('checker', { mobile: '13966660003' }));
      expect(await userIdOf(strict, await inClient(strict, 'checker'))).toBe(auditor.id);
      expectRefused(await inClient(custom, 'checker'), 'privilegedNoAutoLink');
      site.wecom.setMember(member('boss', { mobile: '13966660001' }));
      expectRefused(await inClient(custom, 'boss'), 'privilegedNoAutoLink');
      expect(await bindings(custom, {})).toHaveLength(0);
      // The admin's list replaces the default: admin is not in it here.
      site.wecom.setMember(member('deputy', { mobile: '13966660002' }));
      expect(await userIdOf(custom, await inClient(custom, 'deputy'))).toBe(admin.id);
    });

    it('logs the refusal for the administrator, without the mobile number', async () => {
      const warn = jest.fn();
      const signIn = userForMember(
        site.app,
        { userid: 'boss', mobile: '13966660001', inClient: true },
        { authenticator: strict, corpId: CORP_ID, autoSignup: true, privilegedRoles: [], logger: { warn } },
      );
      await expect(signIn).rejects.toMatchObject({ messageKey: MSG.privilegedNoAutoLink });
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/administrator rights/),
        expect.objectContaining({ authenticator: strict, wecomUserid: 'boss', userId: root.id, roles: ['root'] }),
      );
      expect(JSON.stringify(warn.mock.calls)).not.toMatch(/6666/);
    });

    it('signs in a privileged user an administrator linked', async () => {
      await links().create({
        values: { authenticator: strict, userId: root.id, uuid: 'boss', meta: { userid: 'boss', corpId: CORP_ID } },
      });
      expect(await userIdOf(strict, await byQr(strict, 'boss'))).toBe(root.id);
    });
  });

  it('refuses a member whose mobile belongs to a user linked to another member, and changes no binding', async () => {
    const user = await users().create({ values: { nickname: 'Linked', phone: '13977770001' } });
    site.wecom.setMember(member('first-a', { mobile: '13977770001' }));
    site.wecom.setMember(member('second-b', { mobile: '13977770001' }));
    expect(await userIdOf(strict, await inClient(strict, 'first-a'))).toBe(user.id);
    expectRefused(await inClient(strict, 'second-b'), 'linkedElsewhere');
    const rows = await bindings(strict, { $or: [{ userId: user.id }, { uuid: 'second-b' }] });
    expect(rows.map((row: any) => [row.userId, row.uuid])).toEqual([[user.id, 'first-a']]);
  });

  describe('bindings belong to the Corp ID they were made under', () => {
    it('does not sign in with a binding of another Corp ID: the member is matched again and the binding replaced', async () => {
      const user = await users().create({ values: { nickname: 'Mover', phone: '13988880001' } });
      await bindStale(strict, user.id, 'mover');
      site.wecom.setMember(member('mover', { mobile: '13988880001' }));
      expectRefused(await byQr(strict, 'mover'), 'notLinkedYet');
      expect(await userIdOf(strict, await inClient(strict, 'mover'))).toBe(user.id);
      const rows = await bindings(strict, { userId: user.id });
      expect(rows.map((row: any) => row.meta)).toEqual([{ userid: 'mover', corpId: CORP_ID, linkedBy: 'phone' }]);
    });

    it('replaces a stale binding of the same userid that points at another user', async () => {
      const former = await users().create({ values: { nickname: 'Former', phone: '13988880002' } });
      const current = await users().create({ values: { nickname: 'Current', phone: '13988880003' } });
      await bindStale(strict, former.id, 'samename');
      site.wecom.setMember(member('samename', { mobile: '13988880003' }));
      expectRefused(await byQr(strict, 'samename'), 'notLinkedYet');
      expect(await userIdOf(strict, await inClient(strict, 'samename'))).toBe(current.id);
      const rows = await bindings(strict, { $or: [{ uuid: 'samename' }, { userId: former.id }] });
      expect(rows.map((row: any) => [row.userId, row.meta.corpId])).toEqual([[current.id, CORP_ID]]);
    });

    it("replaces the user's own stale binding to a member of another Corp ID", async () => {
      const user = await users().create({ values: { nickname: 'Returning', phone: '13988880004' } });
      await bindStale(strict, user.id, 'old-z');
      site.wecom.setMember(member('new-z', { mobile: '13988880004' }));
      expect(await userIdOf(strict, await inClient(strict, 'new-z'))).toBe(user.id);
      const rows = await bindings(strict, { $or: [{ userId: user.id }, { uuid: 'old-z' }] });
      expect(rows.map((row: any) => [row.uuid, row.meta.corpId])).toEqual([['new-z', CORP_ID]]);
    });

    it('replaces a stale binding of the same userid when auto-signup creates the user', async () => {
      const former = await users().create({ values: { nickname: 'Ghost', phone: '13988880005' } });
      await bindStale(open, former.id, 'ghost');
      site.wecom.setMember(member('ghost', { mobile: '13988880006' }));
      const id = await userIdOf(open, await inClient(open, 'ghost'));
      expect(id).not.toBe(former.id);
      const rows = await bindings(open, { $or: [{ uuid: 'ghost' }, { userId: former.id }] });
      expect(rows.map((row: any) => [row.userId, row.meta.corpId])).toEqual([[id, CORP_ID]]);
    });

    it('accepts a legacy binding without a Corp ID once, and records the Corp ID', async () => {
      const user = await users().create({ values: { nickname: 'Legacy', phone: '13988880007' } });
      await links().create({
        values: { authenticator: strict, userId: user.id, uuid: 'legacy', meta: { userid: 'Legacy' } },
      });
      site.wecom.setMember(member('legacy'));
      expect(await userIdOf(strict, await byQr(strict, 'legacy'))).toBe(user.id);
      const rows = await bindings(strict, { userId: user.id });
      expect(rows.map((row: any) => row.meta)).toEqual([{ userid: 'Legacy', corpId: CORP_ID }]);
    });
  });
});
