import { AGENT_ID, CORP_ID, member, SECRET, Site, startSite, WXWORK_UA } from '../../__tests__/harness';

/**
 * A sign-in belongs to the app and the authenticator it started in. Two apps of one process share APP_KEY (so the
 * keys that seal cookies and sign states) and, here, one WeCom company: only the flow's own checks keep a flow, or
 * a hand-off, of one from completing in the other.
 */
describe('a sign-in stays in its app and its authenticator', () => {
  let first: Site;
  let second: Site;

  beforeAll(async () => {
    first = await startSite({}, { ownSchema: 'wecom_iso_first' });
    second = await startSite({}, { ownSchema: 'wecom_iso_second' });
    // Every authenticator talks to the first site's WeCom: a code it issues is good at any of them.
    const sameWecom = {
      corpId: CORP_ID,
      agentId: AGENT_ID,
      secret: SECRET,
      apiBaseUrl: first.wecom.baseUrl,
      oauthBaseUrl: first.wecom.baseUrl,
      ssoBaseUrl: first.wecom.baseUrl,
    };
    await first.addAuthenticator({ name: 'wecom', wecom: sameWecom });
    await first.addAuthenticator({ name: 'wecom_other', wecom: sameWecom });
    await second.addAuthenticator({ name: 'wecom', wecom: sameWecom });
    for (const site of [first, second]) {
      await site.app.db.getRepository('users').create({ values: { nickname: 'Iso', phone: '13600000031' } });
    }
    first.wecom.setMember(member('iso', { mobile: '13600000031' }));
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  /** Starts a flow in `site`'s browser and goes through WeCom: the callback URL and the browser's cookies. */
  async function throughWecom(site: Site, authenticator: string) {
    const browser = site.browser(WXWORK_UA);
    const res = await browser.getAuthUrl({ authenticator });
    expect(res.status).toBe(200);
    first.wecom.loginAs = 'iso';
    const callback = await browser.visitWecom(res.body.data.url);
    return { browser, callback, cookies: cookieHeader(res.headers['set-cookie']) };
  }

  /** WeCom's callback, opened in `site` with `cookies`: where it sends the browser. */
  async function openCallback(site: Site, callback: URL, authenticator: string, cookies: string) {
    const query = new URLSearchParams(callback.search);
    query.set('authenticator', authenticator);
    const res = await site.app
      .agent()
      .get(`/wecom:redirect?${query}`)
      .set('User-Agent', WXWORK_UA)
      .set('Cookie', cookies)
      .redirects(0);
    expect(res.status).toBe(302);
    return { location: new URL(res.headers.location, 'http://relative.invalid'), cookies: res.headers['set-cookie'] };
  }

  it('refuses a flow started with one authenticator at the callback of another, and signs no one in', async () => {
    const { callback, cookies } = await throughWecom(first, 'wecom');
    const landed = await openCallback(first, callback, 'wecom_other', cookies);
    expect(landed.location.searchParams.get('error')).toBe('badState');
    expect(landed.location.searchParams.get('handoff')).toBeNull();
    // The same callback at its own authenticator still signs the member in: only the authenticator was wrong.
    const own = await openCallback(first, callback, 'wecom', cookies);
    expect(own.location.searchParams.get('error')).toBeNull();
    expect(own.location.searchParams.get('handoff')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a flow started in one app at the callback of another app, and signs no one in there', async () => {
    const { callback, cookies } = await throughWecom(first, 'wecom');
    const landed = await openCallback(second, callback, 'wecom', cookies);
    expect(landed.location.searchParams.get('error')).toBe('badState');
    expect(landed.location.searchParams.get('handoff')).toBeNull();
    const own = await openCallback(first, callback, 'wecom', cookies);
    expect(own.location.searchParams.get('handoff')).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives no session in another app for a hand-off code and cookie of this one; this app's page still gets it", async () => {
    const { callback, cookies } = await throughWecom(first, 'wecom');
    const landed = await openCallback(first, callback, 'wecom', cookies);
    const code = landed.location.searchParams.get('handoff') as string;
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    const handoffCookies = cookieHeader(landed.cookies);

    const elsewhere = await second.app.agent().post('/wecom:handoff').set('Cookie', handoffCookies).send({ code });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body?.data?.token).toBeUndefined();

    const here = await first.app.agent().post('/wecom:handoff').set('Cookie', handoffCookies).send({ code });
    expect(here.status).toBe(200);
    const user = await first.browser().check('wecom', here.body.data.token);
    expect(user?.nickname).toBe('Iso');
  });
});

/** The `Cookie` header a browser sends back for the cookies an answer set (removed ones left out). */
function cookieHeader(setCookie: string[] | string | undefined): string {
  return ([] as string[])
    .concat(setCookie ?? [])
    .map((cookie) => cookie.split(';')[0])
    .filter((pair) => pair.split('=')[1])
    .join('; ');
}
