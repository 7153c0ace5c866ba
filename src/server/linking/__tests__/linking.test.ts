import { CORP_ID, DESKTOP_UA, member, Site, WXWORK_UA } from '../../__tests__/harness';
import { linkingKit, type LinkingKit, startLinkingSite } from './link-helpers';

/**
 * Link after signing in another way: a WeCom sign-in that finds no user leaves a pending link in the browser; a
 * sign-in on the page that shows it asks that user to confirm, and only the confirmation binds, once, within
 * 10 minutes (link-confirmation.test.ts: who may confirm, and what never links).
 */
describe('linking WeCom after signing in another way', () => {
  let site: Site;
  let name: string;
  let kit: LinkingKit;

  beforeAll(async () => {
    ({ site, name, kit } = await startLinkingSite());
  });
  afterAll(() => site?.close());

  it('QR of an unbound member → the prompt; a sign-in there asks to confirm, binds nothing; Confirm links', async () => {
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
    const shown = await kit.pending(browser);
    expect(shown).toEqual({ pending: true, authenticator: name, name: '张三', id: expect.stringMatching(/^\w{32}$/) });
    expect(await kit.pending(browser, 'other')).toBeNull();
    expect(await kit.pending(site.browser())).toBeNull();

    const alice = await kit.passwordUser();
    const signIn = await kit.promptedSignIn(browser, alice.username, alice.password);
    expect(signIn.status).toBe(200);
    expect(signIn.headers['x-wecom-link']).toBe('confirm');
    expect(decodeURIComponent(signIn.headers['x-wecom-link-name'])).toBe('张三');
    expect(await kit.binding('qr-new')).toBeNull(); // the sign-in alone binds nothing
    expect((await site.browser().signIn(name, 'qr-new')).errorId).toBe('notLinkedYet');

    const session = kit.sessionOf(signIn);
    const asked = await kit.confirmation(browser, session);
    expect(asked).toEqual({
      pending: true,
      id: shown.id,
      authenticator: name,
      member: { userid: 'qr-new', name: '张三' },
      account: { nickname: `Nick ${alice.username}`, username: alice.username },
      privileged: false,
      expiresAt: expect.any(Number),
    });
    const confirmed = await kit.confirm(browser, session, asked.id);
    expect([confirmed.status, confirmed.body.data]).toEqual([200, { linked: true, userid: 'qr-new', name: '张三' }]);
    const row = await kit.binding('qr-new');
    expect(row.get('userId')).toBe(alice.id);
    expect(row.get('meta')).toMatchObject({ userid: 'qr-new', corpId: CORP_ID, linkedBy: 'confirmed' });
    expect(await kit.pending(browser)).toBeNull();
    const mine = (await browser.get(`/wecom:myLink?authenticator=${name}`, session)).body.data;
    expect(mine).toMatchObject({ linked: true, userid: 'qr-new', name: '张三', linkedBy: 'confirmed' });
    expect(Date.parse(mine.linkedAt)).toBeGreaterThan(Date.now() - 60_000);

    // Valid once: the same confirmation again is refused; the next QR sign-in lands directly.
    expect((await kit.confirm(browser, session, asked.id)).body.errors[0].code).toBe('linkExpired');
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
      expect((await kit.signInAndConfirm(browser, user)).body.data).toMatchObject({ linked: true, userid });
      expect((await kit.binding(userid)).get('userId')).toBe(user.id);
    }
  });

  it('lets a privileged user confirm like everyone else, told so (never by phone alone)', async () => {
    const boss = await kit.passwordUser({ phone: '13900000777', roles: ['admin'] });
    site.wecom.setMember(member('boss-link', { mobile: '13900000777' }));
    const browser = site.browser(WXWORK_UA);
    const { location } = await kit.unmatched(browser, 'boss-link');
    expect([location.searchParams.get('error'), location.searchParams.get('link')]).toEqual([
      'privilegedNoAutoLink',
      'pending',
    ]);
    expect(await kit.binding('boss-link')).toBeNull();
    const signIn = await kit.promptedSignIn(browser, boss.username, boss.password);
    const asked = await kit.confirmation(browser, kit.sessionOf(signIn));
    expect(asked).toMatchObject({ privileged: true, account: { username: boss.username } });
    expect((await kit.confirm(browser, kit.sessionOf(signIn), asked.id)).status).toBe(200);
    expect((await kit.binding('boss-link')).get('userId')).toBe(boss.id);
  });

  it('keeps the pending link through a failed password sign-in', async () => {
    site.wecom.setMember(member('retry'));
    const browser = site.browser();
    await kit.unmatched(browser, 'retry');
    const user = await kit.passwordUser();
    const wrong = await kit.promptedSignIn(browser, user.username, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['x-wecom-link']).toBeUndefined();
    expect(await kit.pending(browser)).not.toBeNull();
    expect((await kit.signInAndConfirm(browser, user)).status).toBe(200);
    expect((await kit.binding('retry')).get('userId')).toBe(user.id);
  });

  it('is refused when the member got bound meanwhile, or the user already has another member', async () => {
    site.wecom.setMember(member('contested'));
    const first = site.browser();
    const second = site.browser();
    await kit.unmatched(first, 'contested');
    await kit.unmatched(second, 'contested');
    const [winner, loser] = [await kit.passwordUser(), await kit.passwordUser()];
    const late = await kit.promptedSignIn(second, loser.username, loser.password);
    expect((await kit.signInAndConfirm(first, winner)).status).toBe(200);
    const refused = await kit.confirm(
      second,
      kit.sessionOf(late),
      (await kit.confirmation(second, kit.sessionOf(late))).id,
    );
    expect([refused.status, refused.body.errors[0].code]).toEqual([400, 'linkTaken']);
    expect(refused.body.errors[0].message).toBe(
      'This WeCom account was linked to another user in the meantime, so nothing was linked.',
    );
    expect((await kit.binding('contested')).get('userId')).toBe(winner.id);

    site.wecom.setMember(member('second-member'));
    const third = site.browser();
    await kit.unmatched(third, 'second-member');
    expect((await kit.signInAndConfirm(third, winner)).body.errors[0].code).toBe('linkUserHasOther');
    expect(await kit.binding('second-member')).toBeNull();
  });

  it('is refused when the authenticator moved to another company before the confirmation', async () => {
    const moving = await site.addAuthenticator();
    const movingKit = linkingKit(site, moving);
    site.wecom.setMember(member('mover-link'));
    const browser = site.browser();
    await movingKit.unmatched(browser, 'mover-link');
    const user = await kit.passwordUser();
    const signIn = await movingKit.promptedSignIn(browser, user.username, user.password);
    const asked = await kit.confirmation(browser, kit.sessionOf(signIn));
    const record = await site.app.db.getRepository('authenticators').findOne({ filter: { name: moving } });
    const options = record.get('options');
    await record.update({ options: { ...options, wecom: { ...options.wecom, corpId: 'ww00000000000000ff' } } });
    expect((await kit.confirm(browser, kit.sessionOf(signIn), asked.id)).body.errors[0].code).toBe('linkExpired');
    expect(await kit.links().count({ filter: { authenticator: moving } })).toBe(0);
  });

  it('"Not me" and Cancel remove it (POST only); nothing can be confirmed after', async () => {
    site.wecom.setMember(member('cancelled'));
    const browser = site.browser();
    await kit.unmatched(browser, 'cancelled');
    expect((await browser.get('/wecom:cancelLink')).status).toBe(405);
    const user = await kit.passwordUser();
    const signIn = await kit.promptedSignIn(browser, user.username, user.password);
    const asked = await kit.confirmation(browser, kit.sessionOf(signIn));
    expect((await browser.agent.post('/wecom:cancelLink').send({})).body.data).toEqual({ cancelled: true });
    expect(await kit.pending(browser)).toBeNull();
    expect(await kit.confirmation(browser, kit.sessionOf(signIn))).toBeNull();
    expect((await browser.agent.post('/wecom:cancelLink').send({})).body.data).toEqual({ cancelled: false });
    expect((await kit.confirm(browser, kit.sessionOf(signIn), asked.id)).status).toBe(400);
    expect(await kit.binding('cancelled')).toBeNull();
  });
});
