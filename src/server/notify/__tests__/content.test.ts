import { linkTarget } from '../link';
import { NotifySite, startNotifySite } from './notify-site';

/**
 * What a member's phone shows: each message type within WeCom's limits, cut by the channel on a character boundary
 * with "…" (so WeCom never cuts, and never splits a character), and values from records unable to change the
 * message: HTML stays escaped where WeCom renders HTML and reads as typed where it shows plain text.
 */
describe('the texts of a WeCom message', () => {
  let site: NotifySite;
  let user: number;

  beforeAll(async () => {
    site = await startNotifySite();
    user = await site.boundUser('reader');
  });
  afterAll(() => site?.close());

  const bytes = (text: unknown) => Buffer.byteLength(String(text), 'utf8');

  /** Sends `message` compiled with `data` (as NocoBase does) and gives what the member received. */
  async function received(message: Record<string, unknown>, data: Record<string, unknown> = {}) {
    site.wecom.clearMessages();
    const log = await site.sendNow(message, [user], undefined, data);
    expect(log.status).toBe('success');
    const [got] = site.wecom.received('reader');
    expect(got.cut).toEqual([]); // WeCom never had to cut anything
    expect(JSON.stringify(got.content)).not.toContain('\uFFFD');
    return got;
  }

  it('text card: title and description cut to 128 and 512 bytes, never inside a character or an escape', async () => {
    const got = await received(
      { content: { title: '{{title}}', body: 'Note: {{note}}', buttonText: 'Details' } },
      { title: '审批'.repeat(30) + '😀'.repeat(20), note: 'a&b<c>'.repeat(100) },
    );
    const card = got.content as Record<string, string>;
    expect(bytes(card.title)).toBeLessThanOrEqual(128);
    expect(card.title).toMatch(/^(审批)+审?…$/);
    expect(bytes(card.description)).toBeLessThanOrEqual(512);
    expect(card.description).toMatch(/^Note: (a&amp;b&lt;c&gt;)+(a(&amp;b)?(&lt;c)?)?…$/);
    expect(card.btntxt).toBe('Det…');

    const emoji = await received({ content: { title: '{{t}}', body: 'x' } }, { t: '😀'.repeat(40) });
    expect((emoji.content as Record<string, string>).title).toBe(`${'😀'.repeat(31)}…`);
  });

  it('text: title, text and the link, the text cut so that the link stays whole within 2048 bytes', async () => {
    const got = await received(
      {
        msgType: 'text',
        content: { title: 'Daily report', body: '{{body}}', link: '/admin/reports', buttonText: 'Open' },
      },
      { body: '<script>x</script>' + '数据'.repeat(600) },
    );
    const content = (got.content as { content: string }).content;
    expect(bytes(content)).toBeLessThanOrEqual(2048);
    expect(content.startsWith('Daily report\n&lt;script&gt;x&lt;/script&gt;数据')).toBe(true);
    const link = /\n<a href="([^"]+)">Open<\/a>$/.exec(content);
    expect(link).not.toBeNull();
    expect(linkTarget(new URL(link![1]).searchParams.get('to'))?.path).toBe('/admin/reports');
    expect(content).toMatch(/…\n<a href=/);
  });

  it('markdown: a bold title, the text, and the link as a markdown link, within 2048 bytes', async () => {
    const got = await received(
      {
        msgType: 'markdown',
        content: { title: 'Alert {{name}}', body: '{{body}}', link: '/admin', buttonText: '[Go]' },
      },
      { name: '<font color="warning">x</font>', body: 'x'.repeat(3000) },
    );
    const content = (got.content as { content: string }).content;
    expect(bytes(content)).toBeLessThanOrEqual(2048);
    expect(content.startsWith('**Alert &lt;font color&#x3D;&quot;warning&quot;&gt;x&lt;/font&gt;**\nxxx')).toBe(true);
    expect(content).toMatch(/x…\n\[Go\]\(http[^)]+\/wecom:open\?to=[\w-]+\)$/);
  });

  it('template card (text notice): title and text as plain text within the advised lengths, opened by the link', async () => {
    const got = await received(
      { msgType: 'template_card', content: { title: '{{title}}', body: '{{body}}', buttonText: 'View the order now' } },
      { title: 'R&D <budget> '.repeat(5), body: '说明'.repeat(100) },
    );
    const card = got.content as {
      card_type: string;
      main_title: { title: string };
      sub_title_text: string;
      jump_list: { title: string; url: string }[];
      card_action: { type: number; url: string };
    };
    expect(card.card_type).toBe('text_notice');
    expect(card.main_title.title).toBe(`${'R&D <budget> '.repeat(5).slice(0, 35)}…`);
    expect([...card.sub_title_text]).toHaveLength(160);
    expect(card.jump_list).toEqual([{ type: 1, title: 'View the ord…', url: card.card_action.url }]);
    expect(card.card_action.type).toBe(1);
    expect(linkTarget(new URL(card.card_action.url).searchParams.get('to'))?.path).toBe('/admin');
  });

  it('a message in the in-app shape of sendToUsers callers (title, content, options.url) becomes a text card', async () => {
    const got = await received({ title: 'New comment', content: 'On task #5', options: { url: '/admin/tasks/5' } });
    const card = got.content as { title: string; description: string; url: string };
    expect(card).toMatchObject({ title: 'New comment', description: 'On task #5' });
    expect(linkTarget(new URL(card.url).searchParams.get('to'))?.path).toBe('/admin/tasks/5');
  });

  it('refuses a message with neither a title nor a content', async () => {
    expect(await site.sendNow({ content: { title: '  ', body: '' } }, [user])).toMatchObject({
      status: 'failure',
      reason: 'The message has neither a title nor a content.',
    });
  });
});
