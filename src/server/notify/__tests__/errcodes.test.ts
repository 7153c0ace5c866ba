import { CORP_ID } from '../../__tests__/harness';
import { NotifySite, startNotifySite, until } from './notify-site';

/**
 * What the send log says when WeCom refuses, and how the channel copes: every errcode with the fix the admin
 * needs, a busy WeCom (-1) tried again after a pause, a rejected token replaced once, and a send that ends well
 * inside the notification queue's 15 seconds whatever WeCom does.
 */
describe('the WeCom channel when WeCom refuses', () => {
  let site: NotifySite;
  let alice: number;
  const message = { content: { title: 'Shift change', body: 'Tomorrow 9:00' } };

  beforeAll(async () => {
    site = await startNotifySite();
    alice = await site.boundUser('alice');
  });
  afterAll(() => site?.close());
  beforeEach(() => {
    site.wecom.clearFaults();
    site.wecom.clearMessages();
    site.wecom.resetCalls();
  });

  it.each([
    [45009, 'Too many calls to WeCom. Please try again in a minute.'],
    [48002, 'The WeCom app lacks permission for this API. Grant it in the WeCom admin console.'],
    [45033, 'Too many calls to WeCom. Please try again in a minute.'],
    [40056, 'WeCom rejected the AgentId. Check the AgentId in the authenticator settings.'],
    [301002, 'WeCom rejected the AgentId. Check the AgentId in the authenticator settings.'],
    [60011, 'You are not in the visible range of the WeCom app.'],
    [99999, 'WeCom answered with error 99999.'],
  ])('errcode %i: failure with what to do', async (errcode, text) => {
    site.wecom.failNext('message/send', { errcode });
    const log = await site.sendNow(message, [alice]);
    expect(log.status).toBe('failure');
    expect(log.reason).toContain('Sent to 0 of 1 users');
    expect(log.reason).toContain(`Not sent to users ${alice}.`);
    expect(log.reason).toContain(text);
    expect(site.wecom.received('alice')).toEqual([]);
  });

  it('an unreachable WeCom: the address to check', async () => {
    const closed = await site.addAuthenticator({
      wecom: { apiBaseUrl: 'http://127.0.0.1:9', origin: 'https://nb.example.com' },
    });
    const channel = await site.addChannel({ authenticator: closed });
    const user = await site.plainUser();
    await site.app.db.getRepository('usersAuthenticators').create({
      values: { authenticator: closed, userId: user, uuid: 'alice', meta: { userid: 'alice', corpId: CORP_ID } },
    });
    const log = await site.sendNow(message, [user], channel);
    expect(log.status).toBe('failure');
    expect(log.reason).toContain("Cannot reach WeCom at 127.0.0.1:9. Check the server's network or the API base URL.");
  });

  it('60020: names the IP WeCom saw', async () => {
    site.wecom.update({ blockedIp: '203.0.113.9' });
    try {
      const log = await site.sendNow(message, [alice]);
      expect(log.status).toBe('failure');
      expect(log.reason).toContain(
        'WeCom refused the call from IP 203.0.113.9. Add this IP to the trusted IPs of the WeCom app.',
      );
    } finally {
      site.wecom.update({ blockedIp: undefined });
    }
  });

  it('81013: nobody valid, the users named and the visible range to check', async () => {
    const outside = await site.boundUser('outside1', { member: { inScope: false } });
    const log = await site.sendNow(message, [outside]);
    expect(log.status).toBe('failure');
    expect(log.reason).toContain(`outside the WeCom app's visible range: users ${outside}.`);
    expect(log.reason).toContain("WeCom found none of the receivers among the app's members (81013)");
  });

  it('a busy WeCom (-1) is tried again after a pause, and gives up with a message when it stays busy', async () => {
    site.wecom.failNext('message/send', { errcode: -1 });
    expect(await site.sendNow(message, [alice])).toMatchObject({ status: 'success' });
    expect(site.wecom.calls['message/send']).toBe(2);
    expect(site.wecom.received('alice')).toHaveLength(1);

    site.wecom.resetCalls();
    site.wecom.failNext('message/send', { errcode: -1 }, 10);
    const log = await site.sendNow(message, [alice]);
    expect(log.status).toBe('failure');
    expect(log.reason).toContain('WeCom is busy. Please try again in a moment.');
    expect(site.wecom.calls['message/send']).toBe(4);
  });

  it('a rejected token is replaced once, never in a loop', async () => {
    await site.sendNow(message, [alice]);
    site.wecom.resetCalls();
    site.wecom.expireTokens(42001);
    expect(await site.sendNow(message, [alice])).toMatchObject({ status: 'success' });
    expect(site.wecom.calls).toMatchObject({ gettoken: 1, 'message/send': 2 });

    site.wecom.resetCalls();
    site.wecom.failNext('message/send', { errcode: 40014 }, 5);
    const log = await site.sendNow(message, [alice]);
    expect(log).toMatchObject({ status: 'failure' });
    expect(log.reason).toContain('WeCom rejected the access token');
    expect(site.wecom.calls['message/send']).toBe(2);
  });

  it('a WeCom that never answers: the queued send is logged well within the queue’s 15 seconds', async () => {
    site.wecom.failNext('message/send', { hang: true });
    const logs = site.app.db.getRepository('notificationSendLogs');
    const before = await logs.count({ filter: { channelName: site.channel } });
    const started = Date.now();
    const queued = await site.manager.send({
      channelName: site.channel,
      message,
      triggerFrom: 'test',
      receivers: { type: 'userId', value: [alice] },
    });
    expect(queued).toMatchObject({ status: 'success', queued: true });
    const log = await until(async () => {
      const rows = await logs.find({ filter: { channelName: site.channel }, sort: ['createdAt'] });
      return rows.length > before ? rows[rows.length - 1].toJSON() : undefined;
    });
    expect(Date.now() - started).toBeLessThan(13_000);
    expect(log).toMatchObject({ status: 'failure', triggerFrom: 'test' });
    expect(log.reason).toMatch(/WeCom did not answer within \d+ seconds/);
  });
});
