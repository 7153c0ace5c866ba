import supertest from 'supertest';
import { DESKTOP_UA, member, Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';
import { errorText } from '../../__tests__/browser';

/**
 * The end of a sign-in, as an attacker would try it: no session token in any URL, the hand-off code useless
 * without the browser's cookie and after one use, and landing only on a page of the client.
 */
describe('the sign-in hand-off', () => {
  let site: Site;
  let name: string;
  let userId: number;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
    userId = await site.addMatchingUser('hand', '13700000001', 'Hand');
  });
  afterAll(() => site?.close());

  /** Starts a sign-in in `browser` and follows WeCom back to the callback's 302, without exchanging anything. */
  async function landing(browser = site.browser(WXWORK_UA), query: Record<string, string> = {}) {
    const res = await browser.getAuthUrl({ authenticator: name, ...query });
    site.wecom.loginAs = 'hand';
    const callback = await browser.visitWecom(res.body.data.url);
    const answer = await browser.get(`${callback.pathname}${callback.search}`);
    expect(answer.status).toBe(302);
    return { browser, location: new URL(answer.headers.location) };
  }

  it('lands with a hand-off code and never a token in a URL; the code gives the session once', async () => {
    const { browser, location } = await landing();
    expect(location.pathname).toBe('/admin');
    expect(location.searchParams.get('authenticator')).toBe(name);
    expect(location.searchParams.get('token')).toBeNull();
    const code = location.searchParams.get('handoff') as string;
    expect(code).toMatch(/^[0-9a-f]{32}$/);

    const first = await browser.handoff(code);
    expect(first.status).toBe(200);
    expect((await browser.check(name, first.body.data.token)).id).toBe(userId);
    const again = await browser.handoff(code);
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({ code: 'handoffInvalid', message: expect.stringMatching(/expired/) });
    expect(JSON.stringify(again.body)).not.toContain(first.body.data.token);

    // No URL and no answer body the browser got carries the token, but the exchange's. (NocoBase's own sign-in
    // also sets its httpOnly auth cookie, as it does for every authenticator.)
    const token = first.body.data.token as string;
    const answers = browser.seen.map((text) => JSON.parse(text));
    expect(answers.filter((answer) => String(answer.headers.location ?? '').includes(token))).toHaveLength(0);
    expect(answers.filter((answer) => answer.text.includes(token))).toHaveLength(1);
    expect(browser.seen.some((text) => /[?&]token=/.test(text))).toBe(false);
  });

  it('refuses the code in another browser, after a minute, by GET, and in any other shape', async () => {
    const { browser, location } = await landing();
    const code = location.searchParams.get('handoff') as string;
    const thief = site.browser(DESKTOP_UA);
    expect((await thief.handoff(code)).body.errors[0].code).toBe('handoffInvalid');
    expect((await browser.get(`/wecom:handoff?code=${code}`)).status).toBe(405);
    for (const bad of ['', 'x', code.toUpperCase(), `${code}0`]) {
      expect((await browser.handoff(bad)).status).toBe(400);
    }
    // Even with its cookie sent (a browser that kept it past its lifetime), a code older than a minute is refused.
    const cookie = handoffCookie(browser);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61 * 1000);
    try {
      expect((await exchangeWithCookie(code, cookie)).status).toBe(400);
    } finally {
      clock.mockRestore();
    }
    expect((await exchangeWithCookie(code, cookie)).status).toBe(200);
  });

  it('gives the session once even to a copy of the cookie, and once to two exchanges at the same moment', async () => {
    const { browser, location } = await landing();
    const code = location.searchParams.get('handoff') as string;
    const cookie = handoffCookie(browser);
    const answers = await Promise.all([exchangeWithCookie(code, cookie), exchangeWithCookie(code, cookie)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    expect((await exchangeWithCookie(code, cookie)).status).toBe(400);
  });

  /** The browser's hand-off cookie, as a Cookie header (copied, as a thief or a second tab would have it). */
  function handoffCookie(browser: ReturnType<Site['browser']>): string {
    const cookies = browser.agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    const found = cookies.find((cookie: { name: string }) => cookie.name === 'wecom_handoff');
    return `${found.name}=${found.value}`;
  }

  function exchangeWithCookie(code: string, cookie: string) {
    return supertest(site.app.callback()).post('/wecom:handoff').set('Cookie', cookie).send({ code });
  }

  it('ends the earlier session when another member signs in in the same browser, and a refused hand-off ends none', async () => {
    const otherId = await site.addMatchingUser('other', '13700000002', 'B');
    const browser = site.browser(WXWORK_UA);
    const first = await browser.signIn(name, 'hand');
    expect((await browser.check(name, first.token as string)).id).toBe(userId);

    // The workbench link opened as member B in A's browser: the landing page posts B's code with A's token.
    const res = await browser.getAuthUrl({ authenticator: name });
    site.wecom.loginAs = 'other';
    const callback = await browser.visitWecom(res.body.data.url);
    const landed = new URL((await browser.get(`${callback.pathname}${callback.search}`)).headers.location);
    const asA = { Authorization: `Bearer ${first.token}`, 'X-Authenticator': name };
    const refused = await browser.handoff('0'.repeat(32), asA);
    expect(refused.status).toBe(400);
    expect((await browser.check(name, first.token as string)).id).toBe(userId);

    const exchanged = await browser.handoff(landed.searchParams.get('handoff') as string, asA);
    expect(exchanged.status).toBe(200);
    const second = exchanged.body.data.token as string;
    expect((await browser.check(name, second)).id).toBe(otherId);
    expect(await browser.check(name, first.token as string)).toBeUndefined();
  });

  it('keeps the code of the newest sign-in in a browser: an older landing URL no longer works', async () => {
    const first = await landing();
    const second = await landing(first.browser);
    expect((await first.browser.handoff(first.location.searchParams.get('handoff') as string)).status).toBe(400);
    expect((await first.browser.handoff(second.location.searchParams.get('handoff') as string)).status).toBe(200);
  });

  it('lands only on client pages: the API, storage, static files and other sites are refused', async () => {
    const refused = [
      '/api/users/42/roles:add?filterByTk=admin',
      '/users:destroy?filterByTk=1',
      '/storage/uploads/x.html',
      '/static/plugins/x/index.js',
      '/admin/../api/pm:remove',
      '/admin/%2e%2e/api/x',
      '/.//evil.example/x',
      '/apps/other/admin',
      '/signin',
      '/',
    ];
    for (const redirect of refused) {
      const res = await site.browser().getAuthUrl({ authenticator: name, redirect });
      expect([redirect, res.status]).toEqual([redirect, 400]);
      expect(res.body.errors[0].message).toMatch(/must be a path on this site/);
      const workbench = await site
        .browser(WXWORK_UA)
        .get(`/wecom:workbench?authenticator=${name}&redirect=${encodeURIComponent(redirect)}`);
      expect(new URL(workbench.headers.location).searchParams.get('error')).toBe('badRedirect');
    }
    for (const redirect of ['/admin', '/admin/abc?tab=2#top', '/m/page/1', '/v/admin/xyz']) {
      expect((await site.browser().getAuthUrl({ authenticator: name, redirect })).status).toBe(200);
    }
  });

  it('refuses an authenticator whose landing option is not a client page', async () => {
    const bad = await site.addAuthenticator({ wecom: { redirectPath: '/api/pm:remove' } });
    const res = await site.browser().getAuthUrl({ authenticator: bad });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/must be a path on this site/);
  });

  it('sends failures to the sign-in page as a message id with safe parameters, never as text', async () => {
    site.wecom.setMember(member('stranger', { mobile: '13700000009' }));
    const browser = site.browser(WXWORK_UA);
    const result = await browser.signIn(name, 'stranger');
    expect(result.location.pathname).toBe('/signin');
    // `link=pending`: the sign-in page offers to link WeCom to the account signed in next (linking.test.ts).
    expect([...result.location.searchParams.keys()].sort()).toEqual(['authenticator', 'error', 'link']);
    expect(result.errorId).toBe('noUserNoSignup');
    // A parameter that is not of its expected shape is left out of the URL.
    const odd = await site.browser(WXWORK_UA).get('/wecom:workbench?authenticator=Call%20%2B86%20400%20123%204567');
    const location = new URL(odd.headers.location);
    expect(location.searchParams.get('error')).toBe('unknownAuthenticator');
    expect(location.searchParams.get('error_name')).toBeNull();
    expect(errorText(location)).toBe('No enabled WeCom sign-in method is named "?".');
  });
});
