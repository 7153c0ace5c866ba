import { DESKTOP_UA, member, Site, startWecomSite } from '../../__tests__/harness';
import { Browser } from '../../__tests__/browser';

/**
 * The user center's WeCom entry: "Link" runs the WeCom flow in link mode for the signed-in user (the callback
 * binds, nobody is signed in), "Unlink" removes the user's own binding, and nothing reaches anyone else's.
 */
describe('linking and unlinking WeCom from the user center', () => {
  let site: Site;
  let name: string;
  let serial = 0;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
  });
  afterAll(() => site?.close());

  const users = () => site.app.db.getRepository('users');
  const links = () => site.app.db.getRepository('usersAuthenticators');
  const binding = (uuid: string) => links().findOne({ filter: { authenticator: name, uuid } });

  /** A signed-in browser: a user with a password, and the session token NocoBase's sign-in gave. */
  async function signedIn(extra: Record<string, unknown> = {}) {
    const username = `center${++serial}`;
    const user = await users().create({
      values: { username, nickname: username, password: `${username}-pw`, ...extra },
    });
    const browser = site.browser(DESKTOP_UA);
    const res = await browser.agent
      .post('/auth:signIn')
      .set('X-Authenticator', 'basic')
      .send({ account: username, password: `${username}-pw` });
    const session = { Authorization: `Bearer ${res.body.data.token}`, 'X-Authenticator': 'basic' };
    return { id: user.id as number, browser, session };
  }

  /** "Link": the flow in link mode as `userid`, to where the callback lands. */
  async function link(browser: Browser, session: Record<string, string>, userid: string) {
    const res = await browser.getAuthUrl({ authenticator: name, mode: 'link', redirect: '/admin/settings' }, session);
    expect(res.status).toBe(200);
    site.wecom.loginAs = userid;
    const callback = await browser.visitWecom(res.body.data.url);
    const answer = await browser.get(`${callback.pathname}${callback.search}`);
    expect(answer.status).toBe(302);
    return new URL(answer.headers.location);
  }

  it('refuses link mode without a session', async () => {
    const res = await site.browser().getAuthUrl({ authenticator: name, mode: 'link' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'linkNeedsSignIn' });
    const forged = { Authorization: 'Bearer not.a.token', 'X-Authenticator': 'basic' };
    expect((await site.browser().getAuthUrl({ authenticator: name, mode: 'link' }, forged)).status).toBe(400);
  });

  it('links the member to the signed-in user, signs nobody in, and shows it in myLink', async () => {
    site.wecom.setMember(member('center-a', { name: '王五' }));
    const { id, browser, session } = await signedIn();
    expect((await browser.get(`/wecom:myLink?authenticator=${name}`, session)).body.data).toEqual({ linked: false });
    const landed = await link(browser, session, 'center-a');
    expect(landed.pathname).toBe('/admin/settings');
    expect(Object.fromEntries(landed.searchParams)).toEqual({ authenticator: name, link: 'linked' });
    expect(browser.seen.some((text) => /wecom_handoff=[\w-]{20,}/.test(text))).toBe(false);
    expect((await binding('center-a')).get('userId')).toBe(id);
    const mine = (await browser.get(`/wecom:myLink?authenticator=${name}`, session)).body.data;
    expect(mine).toMatchObject({ linked: true, userid: 'center-a', name: '王五', linkedBy: 'link' });
    expect(Date.parse(mine.linkedAt)).toBeGreaterThan(Date.now() - 60_000);
    // The next WeCom sign-in lands directly on that user.
    const next = await site.browser().signIn(name, 'center-a');
    expect((await site.browser().check(name, next.token as string)).id).toBe(id);
  });

  it('lets a privileged user link deliberately', async () => {
    site.wecom.setMember(member('center-admin', { mobile: '13900000555' }));
    const { id, browser, session } = await signedIn({ phone: '13900000555', roles: ['admin'] });
    expect((await link(browser, session, 'center-admin')).searchParams.get('link')).toBe('linked');
    expect((await binding('center-admin')).get('userId')).toBe(id);
  });

  it('refuses a member bound to someone else, and a second member for one user, with a clear message', async () => {
    site.wecom.setMember(member('center-b'));
    site.wecom.setMember(member('center-c'));
    const owner = await signedIn();
    expect((await link(owner.browser, owner.session, 'center-b')).searchParams.get('link')).toBe('linked');
    const other = await signedIn();
    expect((await link(other.browser, other.session, 'center-b')).searchParams.get('link')).toBe('memberLinkedToOther');
    expect((await binding('center-b')).get('userId')).toBe(owner.id);
    expect((await link(owner.browser, owner.session, 'center-c')).searchParams.get('link')).toBe('linkUserHasOther');
    expect(await binding('center-c')).toBeNull();
  });

  it('unlinks only the signed-in user, by POST, and then shows "not linked"', async () => {
    site.wecom.setMember(member('center-d'));
    site.wecom.setMember(member('center-e'));
    const me = await signedIn();
    const neighbour = await signedIn();
    await link(me.browser, me.session, 'center-d');
    await link(neighbour.browser, neighbour.session, 'center-e');
    expect((await me.browser.get(`/wecom:unlink?authenticator=${name}`, me.session)).status).toBe(405);
    const res = await me.browser.agent
      .post('/wecom:unlink')
      .set(me.session)
      .send({ authenticator: name, userId: neighbour.id });
    expect(res.body.data).toEqual({ unlinked: true, name: 'Member center-d' });
    expect(await binding('center-d')).toBeNull();
    expect((await binding('center-e')).get('userId')).toBe(neighbour.id);
    expect((await me.browser.get(`/wecom:myLink?authenticator=${name}`, me.session)).body.data).toEqual({
      linked: false,
    });
    // The next QR sign-in of that member finds no user again (and offers a pending link).
    expect((await site.browser().signIn(name, 'center-d')).errorId).toBe('notLinkedYet');
  });

  it('shows a binding made under another Corp ID as "not linked"', async () => {
    const { id, browser, session } = await signedIn();
    const meta = { userid: 'old-corp', corpId: 'ww00000000000000ff' };
    await links().create({ values: { authenticator: name, userId: id, uuid: 'old-corp', nickname: 'Old', meta } });
    expect((await browser.get(`/wecom:myLink?authenticator=${name}`, session)).body.data).toEqual({ linked: false });
  });

  it('answers myLink and unlink only with a session', async () => {
    expect((await site.browser().get(`/wecom:myLink?authenticator=${name}`)).status).toBe(401);
    expect((await site.browser().agent.post('/wecom:unlink').send({ authenticator: name })).status).toBe(401);
  });
});
