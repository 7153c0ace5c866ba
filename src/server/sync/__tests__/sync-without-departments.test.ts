import type { Model } from '@nocobase/database';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import { pullSource } from './sync-helpers';

/** The Departments plugin is optional: without it a pull still binds members, and writes no departments. */
describe('syncing WeCom contacts without the Departments plugin', () => {
  const SYNC_SECRET = 'contacts-sync-secret';
  let site: Site;
  let root: Model;
  let authenticator: string;

  beforeAll(async () => {
    site = await startSite(
      {
        members: [member('zhangsan', { name: 'Zhang San', mobile: '13800000001', department: [2] })],
        departments: [
          { id: 1, name: 'Company', parentid: 0, order: 100 },
          { id: 2, name: 'Sales', parentid: 1, order: 200 },
        ],
        secretPolicies: { [SYNC_SECRET]: { contactsSync: true } },
      },
      { plugins: ['user-data-sync'] },
    );
    authenticator = await site.addAuthenticator();
    root = await site.app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
    await site.app.db.getRepository('users').create({ values: { nickname: 'Zhang', phone: '13800000001' } });
    await site.app.db.getRepository('userDataSyncSources').create({
      values: {
        name: 'wecom_plain',
        sourceType: 'wecom',
        enabled: true,
        options: { corpId: CORP_ID, secret: SYNC_SECRET, authenticator, apiBaseUrl: site.wecom.baseUrl },
      },
    });
  });
  afterAll(() => site?.close());

  it('binds the matched member and succeeds', async () => {
    expect(await pullSource(site, root, 'wecom_plain')).toMatchObject({ status: 'success' });
    const binding = await site.app.db
      .getRepository('usersAuthenticators')
      .findOne({ filter: { authenticator, uuid: 'zhangsan' } });
    expect(binding).toBeTruthy();
  });
});
