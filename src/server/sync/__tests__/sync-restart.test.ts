import type { Model } from '@nocobase/database';
import { CORP_ID, member, Site, startSite } from '../../__tests__/harness';
import { CallbackKeys, newEncodingAESKey } from '../../../../test/wecom-emulator/contact-events';
import { bindingOf, eventsApplied, pullSource, sendEvent } from './sync-helpers';

/** A change event WeCom got its answer for is not lost when the server stops before applying it. */
const SOURCE = 'wecom_restart';
const KEYS: CallbackKeys = { token: 'Tok3nForRestart', encodingAESKey: newEncodingAESKey(), corpId: CORP_ID };

describe('a change event answered before the server stops', () => {
  let site: Site;
  let authenticator: string;
  let root: Model;
  const repo = (name: string) => site.app.db.getRepository(name);

  beforeAll(async () => {
    site = await startSite(
      {
        members: [member('zoe', { name: 'Zoe', mobile: '13800000301' })],
        secretPolicies: { 'contacts-sync-secret': { contactsSync: true } },
      },
      { plugins: ['user-data-sync', 'departments'], sqliteFile: true },
    );
    authenticator = await site.addAuthenticator();
    await repo('users').create({ values: { nickname: 'Zoe', phone: '13800000301' } });
    await repo('userDataSyncSources').create({
      values: {
        name: SOURCE,
        sourceType: 'wecom',
        enabled: true,
        options: { ...KEYS, secret: 'contacts-sync-secret', authenticator, timeoutMs: 1000 },
      },
    });
    root = await repo('users').findOne({ filter: { 'roles.name': 'root' } });
    expect(await pullSource(site, root, SOURCE)).toMatchObject({ status: 'success' });
  });
  afterAll(() => site?.close());

  it('is applied when the server starts again on the same database', async () => {
    site.wecom.setMember(member('zoe', { name: 'Zoe Renamed', mobile: '13800000301' }));
    // WeCom does not answer the event's user/get: the event is still being applied when the server stops.
    site.wecom.failNext('user/get', { hang: true });
    expect(await sendEvent(site, KEYS, SOURCE, { ChangeType: 'update_user', UserID: 'zoe' })).toBe(200);
    await site.restart();
    await eventsApplied(site);
    const zoe = await repo('users').findOne({ filter: { phone: '13800000301' } });
    expect(zoe.get('nickname')).toBe('Zoe Renamed');
    expect(Number((await bindingOf(site, authenticator, 'zoe')).get('userId'))).toBe(Number(zoe.get('id')));
    expect(await repo('wecomContactEvents').count()).toBe(0);
  });

  it('keeps the stored events out of reach of every role, root included', async () => {
    const agent = await site.app.agent().login(root);
    expect((await agent.get('/wecomContactEvents:list')).status).toBe(403);
    const forged = { sourceName: SOURCE, event: { sourceName: SOURCE, changeType: 'delete_user', userid: 'zoe' } };
    expect((await agent.post('/wecomContactEvents:create').send(forged)).status).toBe(403);
    expect(await repo('wecomContactEvents').count()).toBe(0);
  });
});
