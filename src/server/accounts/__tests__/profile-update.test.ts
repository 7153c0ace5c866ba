import type { Model } from '@nocobase/database';
import { DESKTOP_UA, member, Site, startSite, WXWORK_UA } from '../../__tests__/harness';

/**
 * `options.wecom.syncProfile`: at each in-client sign-in, the fields the admin opted into (nickname, email,
 * avatar) follow WeCom; a field whose option is off is never touched, and an email another user has is not taken.
 */
describe('keeping the profile in step with WeCom', () => {
  let site: Site;
  let serial = 0;

  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site?.close());

  const users = () => site.app.db.getRepository('users');
  const reload = async (user: Model) => (await users().findOne({ filterByTk: user.id })) as Model;

  /** A user bound by phone to a new member, an authenticator with `syncProfile`, and the member's userid. */
  async function boundMember(syncProfile?: unknown, values: Record<string, unknown> = {}) {
    const authenticator = await site.addAuthenticator({ wecom: { syncProfile } });
    const userid = `profile-${++serial}`;
    const mobile = `1360000${String(serial).padStart(4, '0')}`;
    const user: Model = await users().create({ values: { nickname: 'Old name', phone: mobile, ...values } });
    site.wecom.setMember(member(userid, { mobile, name: 'Old name' }));
    await signIn(authenticator, userid);
    return { authenticator, userid, mobile, user };
  }

  async function signIn(authenticator: string, userid: string, userAgent = WXWORK_UA) {
    const result = await site.browser(userAgent).signIn(authenticator, userid);
    expect(result.error).toBeUndefined();
    expect(result.token).toBeDefined();
  }

  it('updates nickname and email (the corporate one) when both are opted into', async () => {
    const { authenticator, userid, mobile, user } = await boundMember(['nickname', 'email']);
    site.wecom.setMember(
      member(userid, { mobile, name: '新名字', email: 'me@home.example', bizMail: 'me@corp.example' }),
    );
    await signIn(authenticator, userid);
    expect(await reload(user)).toMatchObject({ nickname: '新名字', email: 'me@corp.example' });
  });

  it('uses the personal email when WeCom has no corporate one', async () => {
    const { authenticator, userid, mobile, user } = await boundMember(['email']);
    site.wecom.setMember(member(userid, { mobile, email: 'only@home.example' }));
    await signIn(authenticator, userid);
    expect((await reload(user)).email).toBe('only@home.example');
  });

  it('touches nothing by default', async () => {
    const { authenticator, userid, mobile, user } = await boundMember(undefined, { email: 'keep@example.com' });
    site.wecom.setMember(member(userid, { mobile, name: 'Renamed', email: 'new@example.com' }));
    await signIn(authenticator, userid);
    expect(await reload(user)).toMatchObject({ nickname: 'Old name', email: 'keep@example.com' });
  });

  it('touches only the fields opted into', async () => {
    const nicknameOnly = await boundMember(['nickname'], { email: 'stay@example.com' });
    site.wecom.setMember(
      member(nicknameOnly.userid, { mobile: nicknameOnly.mobile, name: 'Nick', email: 'moved@example.com' }),
    );
    await signIn(nicknameOnly.authenticator, nicknameOnly.userid);
    expect(await reload(nicknameOnly.user)).toMatchObject({ nickname: 'Nick', email: 'stay@example.com' });

    const emailOnly = await boundMember(['email']);
    site.wecom.setMember(member(emailOnly.userid, { mobile: emailOnly.mobile, name: 'Nick', email: 'e@example.com' }));
    await signIn(emailOnly.authenticator, emailOnly.userid);
    expect(await reload(emailOnly.user)).toMatchObject({ nickname: 'Old name', email: 'e@example.com' });
  });

  it("does not take another user's email, and the sign-in still succeeds with the other fields updated", async () => {
    const other = await users().create({ values: { nickname: 'Other', email: 'shared@corp.example' } });
    const { authenticator, userid, mobile, user } = await boundMember(['nickname', 'email'], {
      email: 'mine@example.com',
    });
    site.wecom.setMember(member(userid, { mobile, name: 'Fresh', bizMail: 'shared@corp.example' }));
    await signIn(authenticator, userid);
    expect(await reload(user)).toMatchObject({ nickname: 'Fresh', email: 'mine@example.com' });
    expect((await reload(other)).email).toBe('shared@corp.example');
  });

  it('does not update from a QR sign-in, which carries no details', async () => {
    const { authenticator, userid, mobile, user } = await boundMember(['nickname']);
    site.wecom.setMember(member(userid, { mobile, name: 'From QR' }));
    await signIn(authenticator, userid, DESKTOP_UA);
    expect((await reload(user)).nickname).toBe('Old name');
  });

  /** How many times a user was saved while `run` ran. */
  async function savesDuring(run: () => Promise<unknown>) {
    const saves = jest.fn();
    site.app.db.on('users.beforeSave', saves);
    try {
      await run();
    } finally {
      site.app.db.off('users.beforeSave', saves);
    }
    return saves.mock.calls.length;
  }

  it('writes nothing when nothing changed', async () => {
    const { authenticator, userid, user } = await boundMember(['nickname', 'email']);
    expect(await savesDuring(() => signIn(authenticator, userid))).toBe(0);
    expect((await reload(user)).nickname).toBe('Old name');
  });

  describe('avatar', () => {
    it("is skipped, with no write at all, when the users collection has no avatar field (NocoBase's default)", async () => {
      expect(site.app.db.getCollection('users').getField('avatar')).toBeFalsy();
      const { authenticator, userid, mobile, user } = await boundMember(['avatar']);
      site.wecom.setMember(member(userid, { mobile, name: 'Old name', avatar: 'https://wework.example/a.png' }));
      expect(await savesDuring(() => signIn(authenticator, userid))).toBe(0);
      expect((await reload(user)).nickname).toBe('Old name');
    });

    it('is written to a text avatar field when there is one, and only when opted into', async () => {
      const collection = site.app.db.getCollection('users');
      collection.setField('avatar', { type: 'string' });
      await collection.sync();
      const on = await boundMember(['avatar']);
      site.wecom.setMember(member(on.userid, { mobile: on.mobile, avatar: 'https://wework.example/on.png' }));
      await signIn(on.authenticator, on.userid);
      expect((await reload(on.user)).get('avatar')).toBe('https://wework.example/on.png');

      const off = await boundMember(['nickname']);
      site.wecom.setMember(member(off.userid, { mobile: off.mobile, avatar: 'https://wework.example/off.png' }));
      await signIn(off.authenticator, off.userid);
      expect((await reload(off.user)).get('avatar')).toBeFalsy();
    });
  });
});
