import { member, Site, startSite, WXWORK_UA } from '../../__tests__/harness';
import { Browser } from '../../__tests__/browser';

/**
 * Many first sign-ins of one member at once (a double tap, a retrying client, two devices) must make one user
 * and one binding. SQLite in memory cannot take concurrent requests at all (NocoBase itself fails), so on
 * SQLite this suite uses a database file.
 */
describe('concurrent first sign-ins of one member', () => {
  const CONCURRENCY = 20;
  let site: Site;
  let name: string;

  beforeAll(async () => {
    site = await startSite({}, { sqliteFile: true });
    name = await site.addAuthenticator({ public: { autoSignup: true } });
  });
  afterAll(() => site?.close());

  /** Starts `CONCURRENCY` in-client flows as `userid` (each its own browser, state and code), all at once. */
  async function burst(userid: string) {
    const callbacks: { browser: Browser; url: URL }[] = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const browser = site.browser(WXWORK_UA);
      const res = await browser.getAuthUrl({ authenticator: name });
      site.wecom.loginAs = userid;
      callbacks.push({ browser, url: await browser.visitWecom(res.body.data.url) });
    }
    return Promise.all(callbacks.map(({ browser, url }) => browser.follow(url)));
  }

  const usersWithPhone = (phone: string) => site.app.db.getRepository('users').find({ filter: { phone } });
  const bindingsOf = (uuid: string) =>
    site.app.db.getRepository('usersAuthenticators').find({ filter: { authenticator: name, uuid } });

  it('creates exactly one user and one binding for a new member', async () => {
    site.wecom.setMember(member('newcomer', { mobile: '13600000001' }));
    const results = await burst('newcomer');
    const users = await usersWithPhone('13600000001');
    expect(users).toHaveLength(1);
    expect(await bindingsOf('newcomer')).toHaveLength(1);
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect((await site.browser().check(name, result.token as string)).id).toBe(users[0].id);
    }
  });

  it('binds an existing user matched by phone exactly once', async () => {
    const userId = await site.addMatchingUser('existing', '13600000002', 'Existing');
    const results = await burst('existing');
    expect(results.filter((result) => result.token).length).toBe(CONCURRENCY);
    const bindings = await bindingsOf('existing');
    expect(bindings.map((binding: any) => binding.userId)).toEqual([userId]);
    expect(await usersWithPhone('13600000002')).toHaveLength(1);
  });
});
