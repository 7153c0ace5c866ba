import { CORP_ID } from '../../__tests__/harness';
import { logsOf, NotifySite, startNotifySite, until } from './notify-site';

/**
 * The `wecom` channel of NocoBase's notification manager: NocoBase users → WeCom members through the
 * authenticator's bindings (current Corp ID only), one `message/send` per 1000 members, and a send log that names
 * the users who did not get the message.
 */
describe('the WeCom notification channel', () => {
  let site: NotifySite;

  beforeAll(async () => {
    site = await startNotifySite();
  });
  afterAll(() => site?.close());
  beforeEach(() => {
    site.wecom.clearMessages();
    site.wecom.resetCalls();
  });

  it('is a channel type of the notification manager', () => {
    expect(site.manager.channelTypes.get('wecom')).toMatchObject({ useQueue: true });
  });

  it('sends a text card to the bound members and names the users nobody could reach', async () => {
    const alice = await site.boundUser('Alice');
    const bob = await site.boundUser('bob');
    const unbound = await site.plainUser();
    const gone = await site.boundUser('gone', { inWecom: false });
    const unlicensed = await site.boundUser('nolicense', { member: { unlicensed: true } });

    const log = await site.sendNow({ content: { title: 'Order 42 approved', body: 'By <Zhang San>' } }, [
      alice,
      bob,
      unbound,
      gone,
      unlicensed,
    ]);

    expect(log.status).toBe('success');
    expect(log.reason).toContain('Sent to 2 of 5 users through WeCom.');
    expect(log.reason).toContain(`Not linked to a WeCom account: users ${unbound}.`);
    expect(log.reason).toContain(`outside the WeCom app's visible range: users ${gone}.`);
    expect(log.reason).toContain(`Without a WeCom license for the app: users ${unlicensed}.`);
    expect(log.reason).not.toMatch(/alice|gone|nolicense/i);
    for (const userid of ['alice', 'bob']) {
      const [received] = site.wecom.received(userid);
      expect(received.msgtype).toBe('textcard');
      expect(received.content).toMatchObject({ title: 'Order 42 approved', description: 'By <Zhang San>' });
      expect(received.cut).toEqual([]);
    }
    expect(site.wecom.calls['message/send']).toBe(1);
  });

  it('fails when nobody got it, and when there is nobody to send to', async () => {
    const unbound = await site.plainUser();
    const log = await site.sendNow({ content: { title: 'T', body: 'B' } }, [unbound]);
    expect(log).toMatchObject({ status: 'failure' });
    expect(log.reason).toContain('Sent to 0 of 1 users');
    expect(log.reason).toContain(`Not linked to a WeCom account: users ${unbound}.`);
    expect(site.wecom.calls['message/send']).toBe(0);

    expect(await site.sendNow({ content: { title: 'T' } }, [])).toMatchObject({
      status: 'failure',
      reason: 'No user to send to: the receivers select nobody.',
    });
  });

  it('uses only bindings of the current Corp ID (and those from before Corp IDs were recorded)', async () => {
    const stale = await site.boundUser('stale1', { corpId: 'wwOtherCompany' });
    const legacy = await site.plainUser();
    site.wecom.setMember({ userid: 'legacy1', name: 'Legacy' });
    await site.app.db.getRepository('usersAuthenticators').create({
      values: { authenticator: site.authenticator, userId: legacy, uuid: 'legacy1', meta: { userid: 'legacy1' } },
    });
    const log = await site.sendNow({ content: { title: 'Hi' } }, [stale, legacy]);
    expect(log.reason).toContain('Sent to 1 of 2 users');
    expect(log.reason).toContain(`Not linked to a WeCom account: users ${stale}.`);
    expect(site.wecom.received('stale1')).toEqual([]);
    expect(site.wecom.received('legacy1')).toHaveLength(1);
  });

  it('sends one message/send per 1000 members', async () => {
    // Written straight to the tables (NocoBase's own user hooks cost seconds for a thousand users).
    const created = await site.app.db.getModel('users').bulkCreate(
      Array.from({ length: 1001 }, (_, i) => ({ nickname: `Bulk ${i}` })),
      { returning: true },
    );
    const ids = created.map((user) => user.get('id') as number);
    ids.forEach((_, i) => site.wecom.setMember({ userid: `bulk${i}`, name: `Bulk ${i}` }));
    await site.app.db.getModel('usersAuthenticators').bulkCreate(
      ids.map((userId, i) => ({
        authenticator: site.authenticator,
        userId,
        uuid: `bulk${i}`,
        meta: { userid: `bulk${i}`, corpId: CORP_ID },
      })),
    );
    const log = await site.sendNow({ msgType: 'text', content: { body: 'Inventory count tonight' } }, ids);
    expect(log).toMatchObject({ status: 'success', reason: 'Sent to 1001 of 1001 users through WeCom.' });
    expect(site.wecom.calls['message/send']).toBe(2);
    expect(site.wecom.received('bulk0')).toHaveLength(1);
    expect(site.wecom.received('bulk1000')).toHaveLength(1);
  });

  it('reads receivers from the message when the caller passes none: ids, variables and filters, never everyone', async () => {
    const alice = await site.boundUser('rcv_alice');
    const bob = await site.boundUser('rcv_bob');
    const carol = await site.boundUser('rcv_carol');
    await site.app.db.getRepository('users').update({ filterByTk: carol, values: { nickname: 'Carol Filtered' } });
    const log = await site.sendNow({
      receivers: [
        alice,
        `${bob}`,
        { filter: { nickname: { $eq: 'Carol Filtered' } } },
        { filter: {} },
        { filter: { $and: [] } },
      ],
      content: { title: 'Hello' },
    });
    expect(log.reason).toBe('Sent to 3 of 3 users through WeCom.');
    const empty = await site.sendNow({ receivers: [{ filter: {} }], content: { title: 'Hello' } });
    expect(empty).toMatchObject({ status: 'failure', reason: 'No user to send to: the receivers select nobody.' });
  });

  it('an unexpected failure (a filter on a field that is gone) fails the send with a pointer to the server log', async () => {
    const log = await site.sendNow({ receivers: [{ filter: { noSuchField: { $eq: 'x' } } }], content: { title: 'x' } });
    expect(log.status).toBe('failure');
    expect(log.reason).toMatch(
      /^Sending through WeCom failed unexpectedly \(\w+\)\. The server log has the details\.$/,
    );
  });

  it('works for sendToUsers callers (other plugins): queued, then sent and logged', async () => {
    const dana = await site.boundUser('dana');
    const results = await site.manager.sendToUsers({
      userIds: [dana],
      channels: [site.channel],
      message: { title: 'Reminder {{name}}', content: 'Due today', options: { url: '/admin/tasks' } },
      data: { name: 'Q3' },
    });
    expect(results).toEqual([expect.objectContaining({ status: 'success', queued: true })]);
    const [received] = await until(async () =>
      site.wecom.received('dana').length ? site.wecom.received('dana') : undefined,
    );
    expect(received.content).toMatchObject({ title: 'Reminder Q3', description: 'Due today' });
    const log = await until(async () =>
      (await logsOf(site, site.channel)).find((row) => (row as { triggerFrom?: string }).triggerFrom === 'sendToUsers'),
    );
    expect(log).toMatchObject({ status: 'success', reason: 'Sent to 1 of 1 users through WeCom.' });
  });

  it('refuses a channel whose authenticator is missing or disabled, without calling WeCom', async () => {
    const user = await site.boundUser('cfg_user');
    const orphan = await site.addChannel({ authenticator: 'nope' });
    expect(await site.sendNow({ content: { title: 'x' } }, [user], orphan)).toMatchObject({
      status: 'failure',
      reason: 'No enabled WeCom sign-in method is named "nope".',
    });
    expect(site.wecom.calls['message/send']).toBe(0);
  });
});
