import { member, Site, startSite, WXWORK_UA } from '../harness';
import { recordRow } from './summary';

/**
 * A node whose app reloads (enabling a plugin does that) keeps signing people in: NocoBase closes its cache
 * clients on reload, so the plugin's "used once" marks must follow the app's new cache manager. On Redis, as a
 * cluster runs; a store that kept the old client answered "The client is closed" to every callback.
 */
describe('sign-in across an app reload, with the cache on Redis', () => {
  let site: Site;
  let name: string;

  beforeAll(async () => {
    site = await startSite({}, { redisCache: true, sqliteFile: true }); // a reload reopens the database
    name = await site.addAuthenticator();
    await site.app.db.getRepository('users').create({ values: { nickname: 'Reload', phone: '13500000001' } });
    site.wecom.setMember(member('reload', { mobile: '13500000001' }));
  });
  afterAll(() => site?.close());

  it('signs in before and after app.reload()', async () => {
    const before = await site.browser(WXWORK_UA).signIn(name, 'reload');
    expect(before.error).toBeUndefined();
    await site.app.reload();
    const after = await site.browser(WXWORK_UA).signIn(name, 'reload');
    expect(after.error).toBeUndefined();
    expect(after.token).toBeTruthy();
    recordRow({
      case: 'app reload with the cache on Redis',
      requests: 2,
      failures: {},
      usersCreated: 0,
      note: 'sign-in works after reload',
    });
  });
});
