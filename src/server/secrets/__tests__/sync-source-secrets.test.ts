import { randomBytes } from 'crypto';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import { newEncodingAESKey } from '../../../../test/wecom-emulator/contact-events';

/**
 * A WeCom sync source's Secret, change-event Token and EncodingAESKey, and its proxy password, are write-only like
 * the authenticator's: no answer of NocoBase's user data synchronization carries them (the source's own actions,
 * a task's `appends=source`, the source's tasks), and the form saved back unchanged keeps them.
 */
const SYNC_SECRET = `sync-${randomBytes(8).toString('hex')}`;
const TOKEN = `Tok${randomBytes(6).toString('hex')}`;
const AES_KEY = newEncodingAESKey();
const PROXY_PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

describe('write-only secrets of a WeCom sync source', () => {
  let site: Site;
  let root: any;
  let authenticator: string;
  const answers: string[] = [];

  beforeAll(async () => {
    site = await startSite(
      {
        members: [member('wo_sync', { name: 'Synced', department: [1] })],
        departments: [{ id: 1, name: 'Company', parentid: 0, order: 100 }],
        secretPolicies: { [SYNC_SECRET]: { contactsSync: true } },
      },
      { plugins: ['user-data-sync', 'departments'] },
    );
    authenticator = await site.addAuthenticator();
    root = await site.app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
  });
  afterAll(() => site?.close());

  const as = async () => site.app.agent().login(root, 'root');
  const remember = (res: any) => {
    answers.push(res.text);
    return res;
  };
  const stored = async (id: number) =>
    (await site.app.db.getRepository('userDataSyncSources').findOne({ filterByTk: id })).get('options');
  async function create(proxy?: string) {
    const res = remember(
      await (await as()).resource('userDataSyncSources').create({
        values: {
          name: `wo_${randomBytes(3).toString('hex')}`,
          sourceType: 'wecom',
          enabled: true,
          options: {
            corpId: CORP_ID,
            secret: SYNC_SECRET,
            token: TOKEN,
            encodingAESKey: AES_KEY,
            authenticator,
            apiBaseUrl: site.wecom.baseUrl,
            ...(proxy ? { proxy } : {}),
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    return res.body.data as { id: number; name: string; options: any };
  }
  /** `userData:pull`, then the task's outcome once NocoBase has run it. */
  async function pull(source: { id: number; name: string }) {
    expect((await (await as()).post(`/userData:pull?name=${source.name}`)).status).toBe(200);
    for (let i = 0; i < 600; i++) {
      const [task] = await site.app.db
        .getRepository('userDataSyncTasks')
        .find({ filter: { sourceId: source.id }, sort: ['-id'] });
      if (task && !['init', 'processing'].includes(task.get('status'))) return task.get('status');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the sync task did not end');
  }

  it('no answer carries the Secret, the Token, the EncodingAESKey or the proxy password', async () => {
    const source = await create(`http://syncer:${PROXY_PASSWORD}@127.0.0.1:3128`);
    const agent = await as();
    const got = remember(await agent.resource('userDataSyncSources').get({ filterByTk: source.id })).body.data;
    expect(got.options).toMatchObject({
      corpId: CORP_ID,
      authenticator,
      proxy: 'http://syncer:********@127.0.0.1:3128',
      storedSecrets: ['secret', 'token', 'encodingAESKey'],
    });
    expect(Object.keys(got.options)).not.toEqual(expect.arrayContaining(['secret']));
    remember(await agent.resource('userDataSyncSources').list());
    remember(
      await agent.resource('userDataSyncSources').update({ filterByTk: source.id, values: { displayName: 'X' } }),
    );
    expect(await pull(source)).toBe('failed'); // nothing listens at the proxy's port: a task that names it
    remember(await agent.get('/userDataSyncTasks:list').query({ appends: ['source'] }));
    remember(await agent.get(`/userDataSyncSources/${source.id}/tasks:list`).query({ appends: ['source'] }));
    const all = answers.join('\n');
    expect(all).toContain('storedSecrets');
    for (const secret of [SYNC_SECRET, TOKEN, AES_KEY, PROXY_PASSWORD]) {
      expect(all).not.toContain(secret);
    }
  });

  it('saving the form back as it was answered keeps every secret: the next sync still runs', async () => {
    const source = await create();
    const agent = await as();
    const form = (await agent.resource('userDataSyncSources').get({ filterByTk: source.id })).body.data;
    const saved = await agent
      .resource('userDataSyncSources')
      .update({ filterByTk: source.id, values: { ...form, displayName: 'Contacts' } });
    expect(saved.status).toBe(200);
    expect(await stored(source.id)).toMatchObject({ secret: SYNC_SECRET, token: TOKEN, encodingAESKey: AES_KEY });
    expect(await stored(source.id)).not.toHaveProperty('storedSecrets');
    expect(await pull(source)).toBe('success');
    // null clears one on purpose: change events are then off for this source.
    await agent
      .resource('userDataSyncSources')
      .update({ filterByTk: source.id, values: { options: { ...form.options, token: null } } });
    expect(await stored(source.id)).not.toHaveProperty('token');
    expect((await stored(source.id)).secret).toBe(SYNC_SECRET);
  });

  it("refuses a filter on a source's options, also through a task's source", async () => {
    const agent = await as();
    const direct = await agent
      .get('/userDataSyncSources:list')
      .query({ filter: JSON.stringify({ 'options.secret': { $startsWith: 'sync-' } }) });
    expect(direct.status).toBe(400);
    const through = await agent
      .get('/userDataSyncTasks:list')
      .query({ filter: JSON.stringify({ 'source.options.token': { $startsWith: 'Tok' } }) });
    expect(through.status).toBe(400);
    expect(through.body.errors[0].message).toMatch(/cannot be searched/);
  });
});
