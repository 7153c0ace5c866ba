import type { Model } from '@nocobase/database';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';

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
    const res = await (await site.app.agent().login(root)).post('/userData:pull?name=wecom_plain');
    expect(res.status).toBe(200);
    const source = await site.app.db.getRepository('userDataSyncSources').findOne({ filter: { name: 'wecom_plain' } });
    let task: Model | undefined;
    for (let i = 0; i < 600 && !(task && !['init', 'processing'].includes(String(task.get('status')))); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      [task] = await site.app.db
        .getRepository('userDataSyncTasks')
        .find({ filter: { sourceId: source.get('id') }, sort: ['-id'] });
    }
    expect(task?.get('status')).toBe('success');
    const binding = await site.app.db
      .getRepository('usersAuthenticators')
      .findOne({ filter: { authenticator, uuid: 'zhangsan' } });
    expect(binding).toBeTruthy();
  });
});
