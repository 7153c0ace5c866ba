import type { Model } from '@nocobase/database';
import { AGENT_ID, CORP_ID, member, SECRET, Site, startSite } from '../../__tests__/harness';
import { MSG } from '../../../messages';
import zhCN from '../../../locale/zh-CN.json';
import { CallbackKeys, newEncodingAESKey } from '../../../../test/wecom-emulator/contact-events';
import { WecomEmulator } from '../../../../test/wecom-emulator';
import { bindingOf, eventsApplied, pullSource, sendEvent } from './sync-helpers';

/**
 * Who may bind: a sync source binds members only through the WeCom its authenticator reaches (the authenticator's
 * API base URL and proxy, its Corp ID), by the authenticator's "Match existing users by"; a rename event moves a
 * binding only as WeCom says, keeping what it was.
 */
const SYNC_SECRET = 'contacts-sync-secret';
const KEYS: CallbackKeys = { token: 'Tok3nForAuthority', encodingAESKey: newEncodingAESKey(), corpId: CORP_ID };

describe('a sync source binds only through its authenticator', () => {
  let site: Site;
  let fake: WecomEmulator;
  let root: Model;
  let authenticator: string;
  const repo = (name: string) => site.app.db.getRepository(name);
  const addSource = (name: string, options: Record<string, unknown>) =>
    repo('userDataSyncSources').create({
      values: {
        name,
        sourceType: 'wecom',
        enabled: true,
        options: { corpId: CORP_ID, secret: SYNC_SECRET, ...options },
      },
    });
  const userWith = (values: Record<string, unknown>) => repo('users').create({ values });
  const idOf = (user: Model) => Number(user.get('id'));
  const boundTo = async (name: string, uuid: string) => {
    const binding = await bindingOf(site, name, uuid);
    return binding ? Number(binding.get('userId')) : null;
  };

  beforeAll(async () => {
    const secretPolicies = { [SYNC_SECRET]: { contactsSync: true } };
    site = await startSite(
      {
        members: [
          member('alice', { name: 'Alice', mobile: '13800000101', email: 'alice@example.com' }),
          member('bob', { name: 'Bob' }),
        ],
        secretPolicies,
      },
      { plugins: ['user-data-sync', 'departments'] },
    );
    // Another "WeCom" with the same Corp ID, whose member has the mobile of a user they are not.
    fake = await WecomEmulator.start({
      corpId: CORP_ID,
      agentId: AGENT_ID,
      secret: SECRET,
      members: [member('mallory', { name: 'Mallory', mobile: '13800000199' })],
      secretPolicies,
    });
    root = await repo('users').findOne({ filter: { 'roles.name': 'root' } });
    authenticator = await site.addAuthenticator();
    await userWith({ nickname: 'Victim', phone: '13800000199' });
  });
  afterAll(async () => {
    await fake?.stop();
    await site?.close();
  });

  it("refuses a source that calls another WeCom than its authenticator's, in the admin's language, binding nothing", async () => {
    await addSource('fake_api', { authenticator, apiBaseUrl: fake.baseUrl });
    const refused = await pullSource(site, root, 'fake_api', 'zh-CN');
    expect(refused.status).toBe('failed');
    const zh = (zhCN as Record<string, string>)[MSG.syncOtherWecom].replace('{{name}}', authenticator);
    expect(refused.message).toBe(zh);
    expect(await pullSource(site, root, 'fake_api')).toEqual({
      status: 'failed',
      message: MSG.syncOtherWecom.replace('{{name}}', authenticator),
    });
    await addSource('fake_proxy', { authenticator, proxy: 'http://127.0.0.1:9' });
    expect((await pullSource(site, root, 'fake_proxy')).message).toMatch(/another API base URL or proxy/);
    expect(fake.calls.gettoken).toBe(0);
    expect(await bindingOf(site, authenticator, 'mallory')).toBeNull();

    await addSource('other_corp', { authenticator, corpId: 'ww00000000000000ff' });
    expect((await pullSource(site, root, 'other_corp')).message).toMatch(/another Corp ID/);
  });

  it("calls the authenticator's WeCom when the source names none (or the same)", async () => {
    await addSource('own_api', { authenticator, apiBaseUrl: `${site.wecom.baseUrl}/` });
    expect(await pullSource(site, root, 'own_api')).toMatchObject({ status: 'success' });
    await addSource('inherits', { authenticator });
    expect(await pullSource(site, root, 'inherits')).toMatchObject({ status: 'success' });
  });

  it('matches members by the authenticator\'s "Match existing users by", the first key that finds anyone deciding', async () => {
    const byMobile = await userWith({ nickname: 'Alice by mobile', phone: '+86 138 0000 0101' });
    const byEmail = await userWith({ nickname: 'Alice by email', email: 'Alice@example.com' });
    const byUsername = await userWith({ nickname: 'Bob by username', username: 'bob' });
    const cases: [string, string[], number | null, number | null][] = [
      ['mobile', ['mobile'], idOf(byMobile), null],
      ['email', ['email'], idOf(byEmail), null],
      ['username', ['username'], null, idOf(byUsername)],
      // The mobile finds a user first: the email is never tried.
      ['both', ['email', 'mobile'], idOf(byMobile), null],
    ];
    for (const [name, matchBy, alice, bob] of cases) {
      const by = await site.addAuthenticator({ name: `by_${name}`, wecom: { matchBy } });
      await addSource(`by_${name}`, { authenticator: by });
      expect(await pullSource(site, root, `by_${name}`)).toMatchObject({ status: 'success' });
      expect([name, await boundTo(by, 'alice'), await boundTo(by, 'bob')]).toEqual([name, alice, bob]);
    }
  });

  describe('a member renamed in WeCom (update_user with NewUserID)', () => {
    let renames: string;
    const bind = (userId: number, userid: string, meta: Record<string, unknown> = {}) =>
      repo('usersAuthenticators').create({
        values: { authenticator: renames, userId, uuid: userid, meta: { userid, corpId: CORP_ID, ...meta } },
      });
    const rename = async (from: string, to: string, stillThere = false) => {
      site.wecom.setMember(member(to, { name: `Renamed ${from}` }));
      if (stillThere) {
        site.wecom.setMember(member(from, { name: from }));
      } else {
        site.wecom.removeMember(from);
      }
      expect(await sendEvent(site, KEYS, 'renames', { ChangeType: 'update_user', UserID: from, NewUserID: to })).toBe(
        200,
      );
      await eventsApplied(site);
    };

    beforeAll(async () => {
      renames = await site.addAuthenticator({ name: 'renames' });
      await addSource('renames', { authenticator: renames, token: KEYS.token, encodingAESKey: KEYS.encodingAESKey });
    });

    it('moves the binding with how it was made, under the Corp ID', async () => {
      const carol = await userWith({ nickname: 'Carol' });
      await bind(idOf(carol), 'carol', { linkedBy: 'phone' });
      await rename('carol', 'Carol2');
      expect(await bindingOf(site, renames, 'carol')).toBeNull();
      const moved = await bindingOf(site, renames, 'carol2');
      expect(Number(moved.get('userId'))).toBe(idOf(carol));
      expect(moved.get('meta')).toEqual({ userid: 'Carol2', corpId: CORP_ID, linkedBy: 'phone' });
    });

    it('leaves a binding made under another Corp ID where it is', async () => {
      const frank = await userWith({ nickname: 'Frank' });
      await bind(idOf(frank), 'frank', { corpId: 'ww00000000000000ff' });
      await rename('frank', 'frank2');
      expect(await boundTo(renames, 'frank2')).toBeNull();
      expect((await bindingOf(site, renames, 'frank')).get('meta')).toMatchObject({ corpId: 'ww00000000000000ff' });
    });

    it('refuses when the new userid is bound already, and when WeCom still knows the old one', async () => {
      const [dave, erin, gina] = [
        await userWith({ nickname: 'Dave' }),
        await userWith({ nickname: 'Erin' }),
        await userWith({ nickname: 'Gina' }),
      ];
      await bind(idOf(dave), 'dave');
      await bind(idOf(erin), 'erin');
      await rename('dave', 'erin');
      expect(await boundTo(renames, 'dave')).toBe(idOf(dave));
      expect(await boundTo(renames, 'erin')).toBe(idOf(erin));
      // An event alone (whoever knows the source's Token can write one) never moves a binding.
      await bind(idOf(gina), 'gina');
      await rename('gina', 'mallory2', true);
      expect(await boundTo(renames, 'gina')).toBe(idOf(gina));
      expect(await boundTo(renames, 'mallory2')).toBeNull();
    });
  });
});
