import { RESOURCE } from '../../../constants';
import { member, SECRET, Site, startSite, WXWORK_UA } from '../../__tests__/harness';

/**
 * The access tokens live in a cache of the plugin's own (on Redis in a cluster, where anyone who can read the
 * store can list it): a token is keyed by a hash of the app's Corp ID, AgentId and Secret, never the Secret itself.
 */
interface RawStore {
  keys(): Promise<string[]>;
  mget(...keys: string[]): Promise<unknown[]>;
}

describe('the access-token cache', () => {
  let site: Site;

  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('keeps the Secret out of every key and value it stores', async () => {
    const name = await site.addAuthenticator();
    await site.app.db.getRepository('users').create({ values: { nickname: 'Cached', phone: '13500000002' } });
    site.wecom.setMember(member('cached', { mobile: '13500000002' }));
    expect((await site.browser(WXWORK_UA).signIn(name, 'cached')).token).toBeDefined();

    // What the store itself holds, full keys as they are written (an admin of Redis would see these).
    const store = (site.app.cacheManager.getCache(`${RESOURCE}-tokens`).store as unknown as { store: RawStore }).store;
    const keys = await store.keys();
    const values = keys.length ? await store.mget(...keys) : [];
    const tokens = site.wecom.issuedTokens();
    expect(tokens.length).toBe(1);
    expect(JSON.stringify(values)).toContain(tokens[0]); // the token is cached (so these are the token's entries) ...
    expect(JSON.stringify([keys, values])).not.toContain(SECRET); // ... and the Secret is in none of them
  });
});
