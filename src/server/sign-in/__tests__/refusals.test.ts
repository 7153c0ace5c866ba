import { AUTH_TYPE, RESOURCE } from '../../../constants';
import { tokenKey } from '../../wecom/token';
import { AGENT_ID, CORP_ID, DESKTOP_UA, SECRET, Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';
import { errorText } from '../../__tests__/browser';

describe('what the WeCom sign-in refuses', () => {
  let site: Site;
  let name: string;
  let userId: number;
  let usersBefore: number;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
    userId = await site.addMatchingUser('bound', '13900000001', 'Bound');
    const first = await site.browser(WXWORK_UA).signIn(name, 'bound');
    expect(first.token).toBeDefined();
    usersBefore = await userCount();
  });
  afterAll(() => site?.close());

  const userCount = () => site.app.db.getRepository('users').count();

  /** Starts a flow in `browser` and returns WeCom's callback URL for it (as `userid`), without following it. */
  async function callbackFor(browser = site.browser(), userid = 'bound', query: Record<string, string> = {}) {
    const res = await browser.getAuthUrl({ authenticator: name, ...query });
    site.wecom.loginAs = userid;
    return browser.visitWecom(res.body.data.url);
  }

  it('refuses a forged or tampered state, and a callback without one', async () => {
    const browser = site.browser();
    const callback = await callbackFor(browser);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'A'.repeat(32));
    expect((await browser.follow(forged)).error).toMatch(/invalid or has expired/);
    forged.searchParams.set('state', `${callback.searchParams.get('state')}<script>`);
    expect((await browser.follow(forged)).error).toMatch(/invalid or has expired/);
    forged.searchParams.delete('state');
    expect((await browser.follow(forged)).error).toMatch(/invalid or has expired/);
    // The genuine callback still works: the refused attempts did not consume it.
    expect((await browser.follow(callback)).token).toBeDefined();
  });

  it('refuses a replayed callback', async () => {
    const browser = site.browser();
    const callback = await callbackFor(browser);
    expect((await browser.follow(callback)).token).toBeDefined();
    const replay = await browser.follow(callback);
    expect(replay.token).toBeUndefined();
    expect(replay.error).toMatch(/invalid or has expired/);
  });

  it('refuses an expired state', async () => {
    const browser = site.browser();
    const callback = await callbackFor(browser);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 11 * 60 * 1000);
    try {
      expect((await browser.follow(callback)).error).toMatch(/invalid or has expired/);
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses a callback that arrives in another browser', async () => {
    const callback = await callbackFor(site.browser());
    const other = await site.browser().follow(callback);
    expect(other.token).toBeUndefined();
    expect(other.error).toMatch(/started in another browser/);
  });

  it('refuses a state started for one authenticator and presented to another', async () => {
    const other = await site.addAuthenticator();
    const browser = site.browser();
    const callback = await callbackFor(browser);
    callback.searchParams.set('authenticator', other);
    const result = await browser.follow(callback);
    expect(result.token).toBeUndefined();
    expect(result.error).toMatch(/invalid or has expired/);
  });

  it('refuses a reused code even with a fresh state', async () => {
    const browser = site.browser();
    const first = await callbackFor(browser);
    expect((await browser.follow(first)).token).toBeDefined();
    const second = await callbackFor(browser);
    second.searchParams.set('code', first.searchParams.get('code') as string);
    expect((await browser.follow(second)).error).toMatch(/expired or was already used/);
  });

  it('refuses unknown, disabled and non-WeCom authenticators, never falling back to another one', async () => {
    const disabled = await site.addAuthenticator();
    await site.app.db
      .getRepository('authenticators')
      .update({ filter: { name: disabled }, values: { enabled: false } });
    for (const authenticator of ['no-such-one', disabled, 'basic', '']) {
      const res = await site.browser().getAuthUrl({ authenticator });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({
        code: 'unknownAuthenticator',
        message: expect.stringMatching(/No enabled WeCom sign-in method/),
      });
      const workbench = await site.browser().get(`/wecom:workbench?authenticator=${authenticator}`);
      expect(errorText(new URL(workbench.headers.location, 'http://x.invalid'))).toMatch(
        /No enabled WeCom sign-in method/,
      );
    }
  });

  it('refuses to send the browser anywhere but this site after sign-in', async () => {
    const evil = [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '%2F%2Fevil.example',
      '/\t/evil.example',
    ];
    for (const redirect of evil) {
      const res = await site.browser().getAuthUrl({ authenticator: name, redirect });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/must be a path on this site/);
    }
  });

  it('says which settings are missing instead of failing', async () => {
    const bare = await site.addAuthenticator({ wecom: { corpId: '', secret: ' ' } });
    const res = await site.browser().getAuthUrl({ authenticator: bare });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe(
      'WeCom sign-in is not set up: Corp ID, Secret missing. Ask the administrator to complete the authenticator settings.',
    );
  });

  it("does not let NocoBase's generic auth:signIn skip the state check", async () => {
    const code = site.wecom.issueCode('bound');
    const res = await site.browser().agent.post('/auth:signIn').set('X-Authenticator', name).send({ code });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain('token');
  });

  it('creates and binds nothing in any of these refusals', async () => {
    expect(await userCount()).toBe(usersBefore);
    const links = await site.app.db.getRepository('usersAuthenticators').find({ filter: { authenticator: name } });
    expect(links.map((link: any) => [link.userId, link.uuid])).toEqual([[userId, 'bound']]);
  });

  it('never shows the Secret or an access token to an anonymous browser', async () => {
    const browser = site.browser(DESKTOP_UA);
    const list = await browser.get('/authenticators:publicList');
    const mine = list.body.data.find((item: any) => item.name === name);
    expect(mine).toMatchObject({ authType: AUTH_TYPE, options: { autoSignup: false, autoLogin: false } });
    await browser.signIn(name, 'bound');
    await browser.get(`/wecom:workbench?authenticator=${name}`);
    const tokens = site.app.cacheManager.getCache(`${RESOURCE}-tokens`);
    const token = await tokens.get<string>(tokenKey({ corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET }));
    expect(token).toBeTruthy();
    for (const text of browser.seen) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(token);
    }
  });

  it('allows one WeCom authenticator only to sign in by itself in the WeCom browser', async () => {
    await site.addAuthenticator({ name: 'auto_one', public: { autoLogin: true } });
    const root = await site.app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
    const admin = await site.browser().agent.login(root);
    const res = await admin.resource('authenticators').create({
      values: { name: 'auto_two', authType: AUTH_TYPE, enabled: true, options: { public: { autoLogin: true } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe(
      'Only one WeCom authenticator can sign in automatically in the WeCom browser; "auto_one" already does.',
    );
    expect(await site.app.db.getRepository('authenticators').count({ filter: { name: 'auto_two' } })).toBe(0);
  });
});
