import type { Model } from '@nocobase/database';
import { CORP_ID, member, SECRET, Site, startSite } from '../../__tests__/harness';
import { CallbackKeys, newEncodingAESKey } from '../../../../test/wecom-emulator/contact-events';
import { bindingOf, eventsApplied, lastTask, pullSource, sendEvent, snapshotOf } from './sync-helpers';

/**
 * No mass change by accident: a pull or a burst of change events that would unbind more members than the limit
 * writes nothing and says so; deleting users (`removeLeavers`) only for members who left the company.
 */
const SOURCE = 'wecom_removals';
const KEYS: CallbackKeys = { token: 'Tok3nForRemovals', encodingAESKey: newEncodingAESKey(), corpId: CORP_ID };
const PEOPLE = 30;
const userid = (index: number) => `m${String(index).padStart(2, '0')}`;
const mobile = (index: number) => `1380000${String(index).padStart(4, '0')}`;

describe('removals by a contacts sync', () => {
  let site: Site;
  let root: Model;
  let authenticator: string;
  const repo = (name: string) => site.app.db.getRepository(name);
  const pull = () => pullSource(site, root, SOURCE);
  const setOptions = async (options: Record<string, unknown>) => {
    const source = await repo('userDataSyncSources').findOne({ filter: { name: SOURCE } });
    await repo('userDataSyncSources').update({
      filterByTk: source.get('id'),
      values: { options: { ...source.get('options'), ...options } },
    });
  };
  const optionsNow = async () =>
    (await repo('userDataSyncSources').findOne({ filter: { name: SOURCE } })).get('options') as Record<string, unknown>;
  const bound = async (index: number) => Boolean(await bindingOf(site, authenticator, userid(index)));
  const userOf = (index: number) => repo('users').findOne({ filter: { phone: mobile(index) } });
  /** Every member 0..PEOPLE-1 in WeCom, active, and bound (a pull matches them by mobile). */
  const everyoneBack = async () => {
    for (let index = 0; index < PEOPLE; index++) {
      site.wecom.setMember(member(userid(index), { name: `Member ${index}`, mobile: mobile(index) }));
    }
    await setOptions({ maxRemovals: null, confirmRemovals: false, removeLeavers: false });
    expect(await pull()).toMatchObject({ status: 'success' });
  };
  const snapshot = () => snapshotOf(site);

  beforeAll(async () => {
    site = await startSite(
      { secretPolicies: { 'contacts-sync-secret': { contactsSync: true } } },
      { plugins: ['user-data-sync', 'departments'] },
    );
    authenticator = await site.addAuthenticator();
    root = await repo('users').findOne({ filter: { 'roles.name': 'root' } });
    for (let index = 0; index < PEOPLE; index++) {
      await repo('users').create({ values: { nickname: `Member ${index}`, phone: mobile(index) } });
    }
    await repo('userDataSyncSources').create({
      values: {
        name: SOURCE,
        sourceType: 'wecom',
        enabled: true,
        options: { ...KEYS, secret: 'contacts-sync-secret', authenticator },
      },
    });
    await everyoneBack();
  });
  afterAll(() => site?.close());

  it('writes nothing when a pull would unbind more than 10% of the bound members (at least 20), and names the numbers', async () => {
    for (let index = 0; index < 21; index++) {
      site.wecom.removeMember(userid(index));
    }
    site.wecom.setDepartment({ id: 9, name: 'Never written', parentid: 1 });
    await setOptions({ removeLeavers: true });
    const before = await snapshot();
    const refused = await pull();
    expect(refused).toEqual({
      status: 'failed',
      message: expect.stringMatching(/would unbind 21 of 30 bound members \(delete 0 users\), over the limit of 20/),
    });
    expect(await snapshot()).toEqual(before);

    // The admin raises the limit: the members out of sight are unbound; their users stay (nobody said they left).
    await setOptions({ maxRemovals: 21 });
    expect(await pull()).toMatchObject({ status: 'success', message: expect.stringMatching(/leavers unbound 21/) });
    expect(await bound(0)).toBe(false);
    expect(await userOf(0)).not.toBeNull();
    site.wecom.removeDepartment(9);
  });

  it('goes over the limit once when the admin confirms, then asks again', async () => {
    await everyoneBack();
    for (let index = 0; index < 21; index++) {
      site.wecom.setMember(member(userid(index), { name: `Member ${index}`, mobile: mobile(index), status: 2 }));
    }
    await setOptions({ confirmRemovals: true });
    expect(await pull()).toMatchObject({ status: 'success', message: expect.stringMatching(/leavers unbound 21/) });
    expect(await optionsNow()).toMatchObject({ confirmRemovals: false });
    await everyoneBack();
    for (let index = 0; index < 21; index++) {
      site.wecom.removeMember(userid(index));
    }
    expect(await pull()).toMatchObject({ status: 'failed' });
  });

  it('deletes a user only for a member who left the company, never a disabled, out-of-range or privileged one', async () => {
    await everyoneBack();
    const admin = await userOf(3);
    await repo('users').update({ filterByTk: admin.get('id'), values: { roles: ['admin'] } });
    site.wecom.setMember(member(userid(0), { mobile: mobile(0), status: 5 }));
    site.wecom.setMember(member(userid(1), { mobile: mobile(1), status: 2 }));
    site.wecom.removeMember(userid(2));
    site.wecom.setMember(member(userid(3), { mobile: mobile(3), status: 5 }));
    await setOptions({ removeLeavers: true });
    expect(await pull()).toMatchObject({
      status: 'success',
      message: expect.stringMatching(/leavers unbound 4, deleted 1/),
    });
    expect(await userOf(0)).toBeNull();
    for (const index of [1, 2, 3]) {
      expect([index, await bound(index), Boolean(await userOf(index))]).toEqual([index, false, true]);
    }

    // Change events: deleted in WeCom (60111) is a leaver; outside the app's range (60011) is not.
    await setOptions({ secret: SECRET });
    site.wecom.removeMember(userid(4));
    site.wecom.setMember(member(userid(5), { mobile: mobile(5), inScope: false }));
    for (const index of [4, 5]) {
      expect(await sendEvent(site, KEYS, SOURCE, { ChangeType: 'delete_user', UserID: userid(index) })).toBe(200);
    }
    await eventsApplied(site);
    await setOptions({ secret: 'contacts-sync-secret' });
    expect([await bound(4), Boolean(await userOf(4))]).toEqual([false, false]);
    expect([await bound(5), Boolean(await userOf(5))]).toEqual([false, true]);
  });

  it('holds back the unbinds of a burst of change events past the limit, and tells the admin in the task list', async () => {
    await everyoneBack();
    const boundBefore = await repo('usersAuthenticators').count({ filter: { authenticator } });
    await setOptions({ maxRemovals: 3 });
    for (let index = 10; index < 15; index++) {
      site.wecom.removeMember(userid(index));
      expect(await sendEvent(site, KEYS, SOURCE, { ChangeType: 'delete_user', UserID: userid(index) })).toBe(200);
    }
    await eventsApplied(site);
    expect(await Promise.all([10, 11, 12, 13, 14].map(bound))).toEqual([false, false, false, true, true]);
    const held = await lastTask(site, SOURCE, () => true);
    expect(held).toEqual({
      status: 'failed',
      // Three were unbound already: the fourth would make four within the hour.
      message: expect.stringMatching(
        new RegExp(
          `change events would unbind 4 of ${boundBefore - 3} bound members within an hour, over the limit of 3`,
        ),
      ),
    });
    // The admin's pull puts it right (within the limit), and events count afresh.
    await setOptions({ maxRemovals: null });
    expect(await pull()).toMatchObject({ status: 'success', message: expect.stringMatching(/leavers unbound 2/) });
    site.wecom.removeMember(userid(15));
    expect(await sendEvent(site, KEYS, SOURCE, { ChangeType: 'delete_user', UserID: userid(15) })).toBe(200);
    await eventsApplied(site);
    expect(await bound(15)).toBe(false);
  });
});
