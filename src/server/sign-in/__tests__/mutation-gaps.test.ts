import { Cache } from '@nocobase/cache';
import { randomBytes } from 'crypto';
import { CORP_ID, DESKTOP_UA, member, Site, startSite, WXWORK_UA } from '../../__tests__/harness';
import { Browser, SignInResult } from '../../__tests__/browser';

/**
 * Rules that only show when NocoBase's own behaviour stops hiding them: a site whose first enabled
 * authenticator is a WeCom one (so NocoBase's fallback for an unknown name lands on a WeCom authenticator),
 * a cold token cache under a burst of sign-ins, one state presented twice at the same moment, and the exact
 * answer of NocoBase's generic `auth:signIn`.
 */
const UNKNOWN_METHOD = /No enabled WeCom sign-in method/;
const BAD_STATE = 'This sign-in link is invalid or has expired. Please start WeCom sign-in again.';

/** Follows a path of the site (workbench, callback) the way the harness follows any URL of the site. */
const visit = (browser: Browser, pathAndQuery: string): Promise<SignInResult> =>
  browser.follow(new URL(pathAndQuery, 'http://site.invalid'));

/** Starts a flow in `browser` and returns WeCom's callback URL for it (as `userid`), without following it. */
async function callbackFor(site: Site, browser: Browser, authenticator: string, userid: string): Promise<URL> {
  const res = await browser.getAuthUrl({ authenticator });
  expect(res.status).toBe(200);
  site.wecom.loginAs = userid;
  return browser.visitWecom(res.body.data.url);
}

describe('on a site whose first enabled authenticator is a WeCom one', () => {
  let site: Site;
  let first: string;
  const authenticators = () => site.app.db.getRepository('authenticators');
  const setEnabled = (name: string, enabled: boolean) =>
    authenticators().update({ filter: { name }, values: { enabled } });

  beforeAll(async () => {
    site = await startSite();
    // NocoBase's fallback for a name it does not know is the first enabled authenticator: make that a WeCom
    // one, with auto-signup on, so a sign-in that fell back to it would succeed (and so be seen).
    await setEnabled('basic', false);
    first = await site.addAuthenticator({ public: { autoSignup: true } });
    site.wecom.setMember(member('fallback', { mobile: '13700000001' }));
  });
  afterAll(async () => {
    if (site) {
      await setEnabled('basic', true);
      await site.close();
    }
  });

  it('refuses unknown and disabled WeCom names, though NocoBase would fall back to a WeCom authenticator', async () => {
    const disabled = await site.addAuthenticator({ public: { autoSignup: true } });
    await setEnabled(disabled, false);
    // The premise: for both names NocoBase itself hands out the first WeCom authenticator.
    for (const name of ['no-such-one', disabled]) {
      expect((await storedAuthenticator(site, name))?.name).toBe(first);
    }
    for (const authenticator of ['no-such-one', disabled]) {
      const res = await site.browser(WXWORK_UA).getAuthUrl({ authenticator });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(UNKNOWN_METHOD);
      expect(JSON.stringify(res.body)).not.toContain('"url"');
      const workbench = await visit(site.browser(WXWORK_UA), `/wecom:workbench?authenticator=${authenticator}`);
      expect(workbench.location.pathname).toMatch(/\/signin$/);
      expect(workbench.error).toMatch(UNKNOWN_METHOD);
      expect(workbench.token).toBeUndefined();
    }
  });

  it('refuses a callback whose authenticator was disabled or deleted after the flow started', async () => {
    const usersBefore = await site.app.db.getRepository('users').count();
    const retirements = [
      (name: string) => setEnabled(name, false),
      (name: string) => authenticators().destroy({ filter: { name } }),
    ];
    for (const retire of retirements) {
      const name = await site.addAuthenticator({ public: { autoSignup: true } });
      const browser = site.browser(WXWORK_UA);
      const callback = await callbackFor(site, browser, name, 'fallback');
      await retire(name);
      expect((await storedAuthenticator(site, name))?.name).toBe(first);
      const result = await browser.follow(callback);
      expect(result.token).toBeUndefined();
      expect(result.location.pathname).toMatch(/\/signin$/);
      expect(result.error).toMatch(/No enabled WeCom sign-in method|invalid or has expired/);
    }
    // Nothing was signed up or bound through the authenticator NocoBase fell back to.
    expect(await site.app.db.getRepository('users').count()).toBe(usersBefore);
    expect(await site.app.db.getRepository('usersAuthenticators').count({ filter: { authenticator: first } })).toBe(0);
  });

  it("answers NocoBase's generic auth:signIn with a WeCom code by 401 and the invalid-state message", async () => {
    const code = site.wecom.issueCode('fallback');
    const res = await site.browser().agent.post('/auth:signIn').set('X-Authenticator', first).send({ code });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.message).toBe(BAD_STATE);
    expect(JSON.stringify(res.body)).not.toContain('token');
    expect(res.body.data?.token).toBeUndefined();
  });
});

/**
 * Concurrency: SQLite in memory cannot take concurrent NocoBase requests at all (NocoBase itself fails), so on
 * SQLite these run on a database file. The emulator has its own Secret, so no token of it exists anywhere yet
 * (neither in the shared cache nor in this process's copy) and the first burst finds the cache cold.
 */
describe('concurrent callbacks (database file on SQLite)', () => {
  const SECRET = `fresh-${randomBytes(12).toString('hex')}`;
  const BURST = 10;
  let site: Site;
  let name: string;

  beforeAll(async () => {
    // WeCom answers slowly, so the burst's requests all wait for the token at once.
    site = await startSite({ secret: SECRET, latencyMs: 300 }, { sqliteFile: true });
    name = await site.addAuthenticator({ wecom: { secret: SECRET } });
  });
  afterAll(() => site?.close());

  /**
   * A user bound to `userid` through the database (as a sign-in binds: lower-case uuid, userid and Corp ID in
   * `meta`), so that its QR sign-in needs only the token and getuserinfo, and writes nothing.
   */
  async function boundMember(userid: string) {
    const user = await site.app.db.getRepository('users').create({ values: { nickname: userid } });
    await site.app.db.getRepository('usersAuthenticators').create({
      values: {
        authenticator: name,
        userId: user.id,
        uuid: userid.toLowerCase(),
        nickname: userid,
        meta: { userid, corpId: CORP_ID },
      },
    });
    site.wecom.setMember(member(userid));
    return user;
  }

  it(`fetches the access token once for ${BURST} simultaneous sign-ins on a cold cache`, async () => {
    const flows: { browser: Browser; url: URL; userId: number }[] = [];
    for (let i = 0; i < BURST; i++) {
      const userid = `burst${i}`;
      const user = await boundMember(userid);
      const browser = site.browser(DESKTOP_UA);
      flows.push({ browser, url: await callbackFor(site, browser, name, userid), userId: user.id });
    }
    expect(site.wecom.calls.gettoken).toBe(0);
    const results = await Promise.all(flows.map(({ browser, url }) => browser.follow(url)));
    for (const [i, result] of results.entries()) {
      expect(result.error).toBeUndefined();
      expect((await site.browser().check(name, result.token as string)).id).toBe(flows[i].userId);
    }
    expect(site.wecom.calls.getuserinfo).toBe(BURST);
    expect(site.wecom.calls.gettoken).toBe(1);
  });

  it('lets one of two simultaneous callbacks of one state sign in, and refuses the other as an invalid state', async () => {
    const user = await boundMember('twice');
    const before = await site.app.db.getRepository('users').count();
    for (let round = 0; round < 3; round++) {
      const browser = site.browser(DESKTOP_UA);
      const callback = await callbackFor(site, browser, name, 'twice');
      site.wecom.resetCalls();
      const results = await withSlowCache(() => Promise.all([browser.follow(callback), browser.follow(callback)]));
      const signedIn = results.filter((result) => result.token);
      expect(signedIn).toHaveLength(1);
      expect((await site.browser().check(name, signedIn[0].token as string)).id).toBe(user.id);
      const refused = results.find((result) => !result.token) as SignInResult;
      expect(refused.location.pathname).toMatch(/\/signin$/);
      expect(refused.error).toMatch(/invalid or has expired/);
      expect(refused.error).not.toMatch(/expired or was already used/);
      // The refused one never reached WeCom with the code.
      expect(site.wecom.calls.getuserinfo).toBe(1);
    }
    expect(await site.app.db.getRepository('users').count()).toBe(before);
  });
});

/**
 * Runs `work` while every read, write and delete of every NocoBase cache takes a few milliseconds, as a cache
 * across a network does: a check-then-act on a cache that is not made atomic then shows as a race.
 */
async function withSlowCache<T>(work: () => Promise<T>): Promise<T> {
  const spies = (['get', 'set', 'del'] as const).map((method) => {
    const original = Cache.prototype[method];
    return jest.spyOn(Cache.prototype, method).mockImplementation(async function (this: Cache, ...args: any[]) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return (original as any).apply(this, args);
    });
  });
  try {
    return await work();
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

/** What NocoBase's authenticator store hands out for a name (its fallback included). */
function storedAuthenticator(site: Site, name: string): Promise<{ name?: string } | undefined> {
  const manager = site.app.authManager as unknown as { storer: { get(name: string): Promise<{ name?: string }> } };
  return manager.storer.get(name);
}
