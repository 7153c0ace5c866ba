import { CORP_ID, DESKTOP_UA, member, Site, startSite, WXWORK_UA } from '../../__tests__/harness';
import { linkingKit } from './link-helpers';

/**
 * Link after signing in another way: a WeCom sign-in that finds no user leaves a pending link in the browser;
 * the next password sign-in in that browser binds the member to that user, once, within 10 minutes.
 */
describe('linking WeCom after signing in another way', () => {
  let site: Site;
  let name: string;
  let kit: ReturnType<typeof linkingKit>;

  beforeAll(async () => {
    site = await startSite();
    name = await site.addAuthenticator();
    kit = linkingKit(site, name);
  });
  afterAll(() => site?.close());

  it('QR of an unbound member → sign-in page with a pending link; a password sign-in there links it', async () => {
    site.wecom.setMember(member('qr-new', { name: '张三' }));
    const browser = site.browser(DESKTOP_UA);
    const { location, cookies } = await kit.unmatched(browser, 'qr-new');
    expect(location.pathname).toBe('/signin');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      authenticator: name,
      error: 'notLinkedYet',
      link: 'pending',
    });
    const cookie = cookies.find((text) => text.startsWith('wecom_link=')) as string;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/max-age=600|expires=/i);
    expect(cookie).not.toMatch(/qr-new|张三|%E5%BC%A0/i); // sealed: nothing readable, nothing to forge
    expect(await kit.pending(browser)).toEqual({ pending: true, authenticator: name, name: '张三' });
    expect(await kit.pending(browser, 'other')).toBeNull();
    expect(await kit.pending(site.browser())).toBeNull();

    const alice = await kit.passwordUser();
    const res = await kit.passwordSignIn(browser, alice.username, alice.password);
    expect(res.status).toBe(200);
    expect(res.headers['x-wecom-link']).toBe('linked');
    expect(decodeURIComponent(res.headers['x-wecom-link-name'])).toBe('张三');
    const row = await kit.binding('qr-new');
    expect(row.get('userId')).toBe(alice.id);
    expect(row.get('meta')).toMatchObject({ userid: 'qr-new', corpId: CORP_ID, linkedBy: 'link' });
    expect(await kit.pending(browser)).toBeNull();

    // The next QR sign-in lands directly.
    const again = await site.browser().signIn(name, 'qr-new');
    expect((await site.browser().check(name, again.token as string)).id).toBe(alice.id);
  });

  it('offers a link for an in-client member whose mobile matches no one, and one who shares no mobile', async () => {
    site.wecom.setMember(member('nomatch', { mobile: '13900000123' }));
    site.wecom.setMember(member('nomobile'));
    for (const [userid, error] of [
      ['nomatch', 'noUserNoSignup'],
      ['nomobile', 'noMobileShared'],
    ]) {
      const browser = site.browser(WXWORK_UA);
      const { location } = await kit.unmatched(browser, userid);
      expect([location.searchParams.get('error'), location.searchParams.get('link')]).toEqual([error, 'pending']);
      const user = await kit.passwordUser();
      expect((await kit.passwordSignIn(browser, user.username, user.password)).headers['x-wecom-link']).toBe('linked');
      expect((await kit.binding(userid)).get('userId')).toBe(user.id);
    }
  });

  it('lets a privileged user link this way: the password proves it (never by phone alone)', async () => {
    const boss = await kit.passwordUser({ phone: '13900000777', roles: ['admin'] });
    site.wecom.setMember(member('boss-link', { mobile: '13900000777' }));
    const browser = site.browser(WXWORK_UA);
    const { location } = await kit.unmatched(browser, 'boss-link');
    expect([location.searchParams.get('error'), location.searchParams.get('link')]).toEqual([
      'privilegedNoAutoLink',
      'pending',
    ]);
    expect(await kit.binding('boss-link')).toBeNull();
    expect((await kit.passwordSignIn(browser, boss.username, boss.password)).headers['x-wecom-link']).toBe('linked');
    expect((await kit.binding('boss-link')).get('userId')).toBe(boss.id);
  });

  it('keeps the pending link through a failed password sign-in, and uses it once', async () => {
    site.wecom.setMember(member('retry'));
    const browser = site.browser();
    const { cookies } = await kit.unmatched(browser, 'retry');
    const user = await kit.passwordUser();
    const wrong = await kit.passwordSignIn(browser, user.username, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['x-wecom-link']).toBeUndefined();
    expect(await kit.pending(browser)).not.toBeNull();
    expect((await kit.passwordSignIn(browser, user.username, user.password)).headers['x-wecom-link']).toBe('linked');

    // The same cookie, replayed in another browser after its use, links nothing.
    const copied = (cookies.find((text) => text.startsWith('wecom_link=')) as string).split(';')[0];
    const other = await kit.passwordUser();
    await kit.links().destroy({ filter: { authenticator: name, uuid: 'retry' } });
    const replay = await site
      .browser()
      .agent.post('/auth:signIn')
      .set('X-Authenticator', 'basic')
      .set('Cookie', copied)
      .send({ account: other.username, password: other.password });
    expect(replay.status).toBe(200);
    expect(replay.headers['x-wecom-link']).toBeUndefined();
    expect(await kit.binding('retry')).toBeNull();
  });

  it('is refused when the member got bound meanwhile, or the user already has another member', async () => {
    site.wecom.setMember(member('contested'));
    const first = site.browser();
    const second = site.browser();
    await kit.unmatched(first, 'contested');
    await kit.unmatched(second, 'contested');
    const [winner, loser] = [await kit.passwordUser(), await kit.passwordUser()];
    expect((await kit.passwordSignIn(first, winner.username, winner.password)).headers['x-wecom-link']).toBe('linked');
    const refused = await kit.passwordSignIn(second, loser.username, loser.password);
    expect([refused.status, refused.headers['x-wecom-link']]).toEqual([200, 'linkTaken']);
    expect((await kit.binding('contested')).get('userId')).toBe(winner.id);

    site.wecom.setMember(member('second-member'));
    const third = site.browser();
    await kit.unmatched(third, 'second-member');
    expect((await kit.passwordSignIn(third, winner.username, winner.password)).headers['x-wecom-link']).toBe(
      'linkUserHasOther',
    );
    expect(await kit.binding('second-member')).toBeNull();
  });

  it('is refused when the authenticator moved to another company meanwhile', async () => {
    const moving = await site.addAuthenticator();
    site.wecom.setMember(member('mover-link'));
    const browser = site.browser();
    const res = await browser.getAuthUrl({ authenticator: moving });
    site.wecom.loginAs = 'mover-link';
    const callback = await browser.visitWecom(res.body.data.url);
    await browser.get(`${callback.pathname}${callback.search}`);
    const record = await site.app.db.getRepository('authenticators').findOne({ filter: { name: moving } });
    const options = record.get('options');
    await record.update({ options: { ...options, wecom: { ...options.wecom, corpId: 'ww00000000000000ff' } } });
    const user = await kit.passwordUser();
    expect((await kit.passwordSignIn(browser, user.username, user.password)).headers['x-wecom-link']).toBe(
      'linkExpired',
    );
    expect(await kit.links().count({ filter: { authenticator: moving } })).toBe(0);
  });

  it('Cancel removes it (POST only)', async () => {
    site.wecom.setMember(member('cancelled'));
    const browser = site.browser();
    await kit.unmatched(browser, 'cancelled');
    expect((await browser.get('/wecom:cancelLink')).status).toBe(405);
    expect(await kit.pending(browser)).not.toBeNull();
    expect((await browser.agent.post('/wecom:cancelLink').send({})).body.data).toEqual({ cancelled: true });
    expect(await kit.pending(browser)).toBeNull();
    expect((await browser.agent.post('/wecom:cancelLink').send({})).body.data).toEqual({ cancelled: false });
    const user = await kit.passwordUser();
    expect((await kit.passwordSignIn(browser, user.username, user.password)).headers['x-wecom-link']).toBeUndefined();
    expect(await kit.binding('cancelled')).toBeNull();
  });
});
