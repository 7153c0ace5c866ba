import { CORP_ID } from '../../__tests__/harness';
import { linkTarget } from '../link';
import { logsOf, NotifySite, ORIGIN, startNotifySite, until } from './notify-site';

/**
 * A real workflow: a new record triggers it, its Notification node sends through the `wecom` channel (queued, as
 * NocoBase queues every send), and the send log tells what happened. Values from the record fill the title, the
 * text and the link, and cannot change the message: a `{{` stays text, HTML stays text.
 */
describe('a workflow that notifies through WeCom', () => {
  let site: NotifySite;
  let assignee: number;

  beforeAll(async () => {
    site = await startNotifySite({ workflow: true });
    assignee = await site.boundUser('Assignee');
    site.app.db.collection({
      name: 'orders',
      fields: [
        { type: 'string', name: 'title' },
        { type: 'string', name: 'secret' },
        { type: 'bigInt', name: 'assigneeId' },
      ],
    });
    await site.app.db.sync();
    const workflow = await site.app.db.getRepository('workflows').create({
      values: { enabled: true, type: 'collection', config: { mode: 1, collection: 'orders' } },
    });
    await workflow.createNode({
      type: 'notification',
      config: {
        channelName: site.channel,
        receivers: ['{{$context.data.assigneeId}}'],
        msgType: 'textcard',
        content: {
          title: 'Order {{$context.data.title}}',
          body: 'Please review {{$context.data.title}}',
          link: '/admin/orders/{{$context.data.id}}',
          buttonText: '去审批',
        },
      },
    });
  });
  afterAll(() => site?.close());

  it('sends the card with the record’s values and logs success', async () => {
    const order = await site.app.db
      .getRepository('orders')
      .create({ values: { title: '{{$context.data.secret}} <b>A&B</b>', secret: 'TOPSECRET', assigneeId: assignee } });

    const [log] = await until(async () => {
      const logs = await logsOf(site, site.channel);
      return logs.length ? logs : undefined;
    });
    expect(log).toMatchObject({ status: 'success', reason: 'Sent to 1 of 1 users through WeCom.' });
    const [received] = site.wecom.received('assignee');
    const card = received.content as { title: string; description: string; url: string; btntxt: string };
    // Shown as typed: the title is plain text; the description is HTML to WeCom, so the value stays escaped there.
    expect(card.title).toBe('Order {{$context.data.secret}} <b>A&B</b>');
    expect(card.description).toBe('Please review {{$context.data.secret}} &lt;b&gt;A&amp;B&lt;/b&gt;');
    expect(JSON.stringify(received)).not.toContain('TOPSECRET');
    expect(card.btntxt).toBe('去审批');

    const url = new URL(card.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/wecom:open`);
    expect([...url.searchParams.keys()]).toEqual(['to']);
    expect(linkTarget(url.searchParams.get('to'))).toMatchObject({
      authenticator: site.authenticator,
      corpId: CORP_ID,
      path: `/admin/orders/${order.get('id')}`,
      receivers: ['assignee'],
    });
  });
});
