import type { Model } from '@nocobase/database';
import { member, Site, startSite } from '../../__tests__/harness';
import { signInKit } from '../../__tests__/sign-in-kit';

/**
 * `options.wecom.matchBy`: an unbound member is matched to an existing user by mobile (the default), email
 * (corporate first) or userid = username, in that order of trust; each key with the phone rule's refusals
 * (privileged users, users linked to another member, several users).
 */
describe('matching by mobile, email and username', () => {
  let site: Site;
  let byMobile: string; // the default
  let byEmail: string;
  let byUsername: string;
  let byAll: string;

  beforeAll(async () => {
    site = await startSite();
    byMobile = await site.addAuthenticator();
    byEmail = await site.addAuthenticator({ wecom: { matchBy: ['email'] } });
    byUsername = await site.addAuthenticator({ wecom: { matchBy: 'username' } }); // a text works too
    byAll = await site.addAuthenticator({ wecom: { matchBy: ['username', 'email', 'mobile'] } }); // order ignored
  });
  afterAll(() => site?.close());

  const users = () => site.app.db.getRepository('users');
  const links = () => site.app.db.getRepository('usersAuthenticators');
  const newUser = (values: Record<string, unknown>): Promise<Model> =>
    users().create({ values: { nickname: 'Someone', ...values } });
  const { inClient, byQr, signedInAs, expectRefused } = signInKit(() => site);
  /** How the member's binding was made (`meta.linkedBy`), or undefined when it has none. */
  const linkedBy = async (authenticator: string, uuid: string) =>
    (await links().findOne({ filter: { authenticator, uuid } }))?.get('meta')?.linkedBy;

  describe('each key', () => {
    it('matches by email when chosen, case aside, and records it; not by default', async () => {
      const user = await newUser({ email: 'Li.Si@Example.COM' });
      site.wecom.setMember(member('lisi', { email: 'li.si@example.com' }));
      expectRefused(await inClient(byMobile, 'lisi'), 'noMobileShared');
      expect(await signedInAs(byEmail, await inClient(byEmail, 'lisi'))).toBe(user.id);
      expect(await linkedBy(byEmail, 'lisi')).toBe('email');
    });

    it('matches by the corporate email (biz_mail), before the personal one', async () => {
      const personal = await newUser({ email: 'wu@home.example' });
      const corporate = await newUser({ email: 'wu@corp.example' });
      site.wecom.setMember(member('wu', { email: 'wu@home.example', bizMail: 'wu@corp.example' }));
      expect(await signedInAs(byEmail, await inClient(byEmail, 'wu'))).toBe(corporate.id);
      expect(personal.id).not.toBe(corporate.id);
    });

    it('falls back to the personal email when no user has the corporate one', async () => {
      const user = await newUser({ email: 'zhou@home.example' });
      site.wecom.setMember(member('zhou', { email: 'zhou@home.example', bizMail: 'zhou@corp.example' }));
      expect(await signedInAs(byEmail, await inClient(byEmail, 'zhou'))).toBe(user.id);
    });

    it('matches a QR sign-in of an unbound member by username, and records it; not by default', async () => {
      const user = await newUser({ username: 'wangwu' });
      site.wecom.setMember(member('wangwu'));
      expectRefused(await byQr(byMobile, 'wangwu'), 'notLinkedYet');
      expect(await signedInAs(byUsername, await byQr(byUsername, 'wangwu'))).toBe(user.id);
      expect(await linkedBy(byUsername, 'wangwu')).toBe('username');
    });

    it('still matches by mobile by default, recorded as a phone match', async () => {
      const user = await newUser({ phone: '13811110001', username: 'mobile-only', email: 'mobile-only@example.com' });
      site.wecom.setMember(member('mobile-only', { mobile: '13811110001' }));
      expect(await signedInAs(byMobile, await inClient(byMobile, 'mobile-only'))).toBe(user.id);
      expect(await linkedBy(byMobile, 'mobile-only')).toBe('phone');
    });
  });

  describe('order of trust: mobile, then email, then username; the first key that finds a user decides', () => {
    it('prefers the mobile over the email and the username', async () => {
      const byPhone = await newUser({ phone: '13811110002' });
      await newUser({ email: 'trust-a@example.com' });
      await newUser({ username: 'trust-a' });
      site.wecom.setMember(member('trust-a', { mobile: '13811110002', email: 'trust-a@example.com' }));
      expect(await signedInAs(byAll, await inClient(byAll, 'trust-a'))).toBe(byPhone.id);
      expect(await linkedBy(byAll, 'trust-a')).toBe('phone');
    });

    it('prefers the email over the username when no user has the mobile', async () => {
      const byMail = await newUser({ email: 'trust-b@example.com' });
      await newUser({ username: 'trust-b' });
      site.wecom.setMember(member('trust-b', { mobile: '13811110003', email: 'trust-b@example.com' }));
      expect(await signedInAs(byAll, await inClient(byAll, 'trust-b'))).toBe(byMail.id);
      expect(await linkedBy(byAll, 'trust-b')).toBe('email');
    });

    it('does not fall through to a less trusted key when a more trusted one is refused', async () => {
      await newUser({ phone: '13811110004', roles: ['admin'] });
      const plain = await newUser({ username: 'trust-c' });
      site.wecom.setMember(member('trust-c', { mobile: '13811110004' }));
      expectRefused(await inClient(byAll, 'trust-c'), 'privilegedNoAutoLink');
      expect(await links().count({ filter: { userId: plain.id } })).toBe(0);
    });
  });

  describe('each key has the refusals of the phone rule', () => {
    it('email: never links a privileged user (root always), and logs why without the email', async () => {
      const warn = jest.spyOn(site.app.logger, 'warn');
      const admin = await newUser({ email: 'boss@example.com', roles: ['admin'] });
      const root = await users().findOne({ filter: { 'roles.name': 'root' } });
      await users().update({ filterByTk: root.id, values: { email: 'root@example.com' } });
      site.wecom.setMember(member('boss', { email: 'boss@example.com' }));
      site.wecom.setMember(member('rooty', { email: 'root@example.com' }));
      expectRefused(await inClient(byEmail, 'boss'), 'privilegedNoAutoLink');
      expectRefused(await inClient(byEmail, 'rooty'), 'privilegedNoAutoLink');
      expect(await links().count({ filter: { userId: { $in: [admin.id, root.id] } } })).toBe(0);
      const logged = warn.mock.calls.filter(([text]) => String(text).includes('administrator rights'));
      expect(logged.map(([, meta]) => (meta as { matchedBy?: string })?.matchedBy)).toContain('email');
      expect(JSON.stringify(logged)).not.toContain('boss@example.com');
      warn.mockRestore();
    });

    it('email: refuses a user linked to another member', async () => {
      const user = await newUser({ email: 'taken@example.com' });
      site.wecom.setMember(member('first-mail', { email: 'taken@example.com' }));
      site.wecom.setMember(member('second-mail', { email: 'taken@example.com' }));
      expect(await signedInAs(byEmail, await inClient(byEmail, 'first-mail'))).toBe(user.id);
      expectRefused(await inClient(byEmail, 'second-mail'), 'matchLinkedElsewhere');
      expect(await links().count({ filter: { authenticator: byEmail, uuid: 'second-mail' } })).toBe(0);
    });

    it('email: refuses when several users have it', async () => {
      await newUser({ email: 'twin@example.com' });
      await newUser({ email: 'TWIN@example.com' });
      site.wecom.setMember(member('twin', { email: 'twin@example.com' }));
      expectRefused(await inClient(byEmail, 'twin'), 'duplicateMatch');
      expect(await links().count({ filter: { authenticator: byEmail, uuid: 'twin' } })).toBe(0);
    });

    it('username: never links root (username "nocobase") or an admin', async () => {
      const root = await users().findOne({ filter: { 'roles.name': 'root' } });
      await newUser({ username: 'chief', roles: ['admin'] });
      site.wecom.setMember(member(root.username));
      site.wecom.setMember(member('chief'));
      expectRefused(await byQr(byUsername, root.username), 'privilegedNoAutoLink');
      expectRefused(await byQr(byUsername, 'chief'), 'privilegedNoAutoLink');
      expect(
        await links().count({ filter: { authenticator: byUsername, uuid: { $in: ['chief', root.username] } } }),
      ).toBe(0);
    });

    it('username: refuses a user linked to another member', async () => {
      const user = await newUser({ username: 'zhaoliu', phone: '13811110005' });
      site.wecom.setMember(member('someone-else', { mobile: '13811110005' }));
      expect(await signedInAs(byAll, await inClient(byAll, 'someone-else'))).toBe(user.id);
      site.wecom.setMember(member('zhaoliu'));
      expectRefused(await byQr(byAll, 'zhaoliu'), 'matchLinkedElsewhere');
    });
  });
});
