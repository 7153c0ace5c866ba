import { CORP_ID, DESKTOP_UA, Site, startSite, WXWORK_UA } from '../../__tests__/harness';
import { captureLogs, LogCapture } from '../../__tests__/log-capture';
import { seal } from '../../web/seal';
import { linkTarget, LINK_TTL_MS } from '../link';
import { NotifySite, startNotifySite } from './notify-site';

const ORIGIN = 'http://nb.example.com';
const PAGE = '/admin/orders/7';

/**
 * The link of a WeCom message (`wecom:open`): inside WeCom it signs the member in silently and lands on the page
 * through the usual callback and one-time hand-off; whoever opens it is who WeCom says they are (a forwarded card
 * never signs anyone in as its receiver); outside WeCom it is the page itself; a link this server did not seal, or
 * one into the API, lands nowhere with a session.
 */
describe('the link of a WeCom message', () => {
  let site: NotifySite;
  let alice: number;
  let bob: number;
  let logs: LogCapture;
  const FORWARDED = 'A WeCom message link was opened by a member it was not sent to';

  beforeAll(async () => {
    logs = captureLogs();
    site = await startNotifySite({ origin: ORIGIN });
    alice = await site.boundUser('alice');
    bob = await site.boundUser('bob');
    site.wecom.setMember({ userid: 'carol', name: 'Carol' }); // a member no NocoBase user is linked to
  });
  afterAll(async () => {
    await site?.close();
    logs.stop();
  });

  /** Sends a card to `userIds` and gives the link `userid` received. */
  async function cardLink(userid: string, userIds: number[], link = PAGE): Promise<URL> {
    site.wecom.clearMessages();
    const log = await site.sendNow({ content: { title: 'Order 7', body: 'Ready', link } }, userIds);
    expect(log.status).toBe('success');
    return new URL((site.wecom.received(userid)[0].content as { url: string }).url);
  }

  /** Opens `link` in the WeCom browser as `userid`: the authorize page, then the callback, as the page's client would. */
  async function openInWecom(link: URL, userid: string) {
    const browser = site.browser(WXWORK_UA);
    const opened = await browser.get(`${link.pathname}${link.search}`);
    expect(opened.status).toBe(302);
    const authorize = new URL(opened.headers.location);
    expect(authorize.searchParams.get('scope')).toBe('snsapi_base');
    site.wecom.loginAs = userid;
    const result = await browser.follow(await browser.visitWecom(authorize.toString()));
    return { browser, result };
  }

  it('inside WeCom: the receiver lands on the page signed in as themself, with no token in any URL', async () => {
    const link = await cardLink('alice', [alice]);
    expect(`${link.origin}${link.pathname}`).toBe(`${ORIGIN}/wecom:open`);
    const { browser, result } = await openInWecom(link, 'alice');
    expect(`${result.location.origin}${result.location.pathname}`).toBe(`${ORIGIN}${PAGE}`);
    expect(result.location.searchParams.get('handoff')).toMatch(/^[0-9a-f]{32}$/);
    expect((await browser.check(site.authenticator, result.token as string)).id).toBe(alice);
    const answers = browser.seen.map((text) => JSON.parse(text));
    expect(answers.filter((answer) => String(answer.headers.location ?? '').includes(result.token as string))).toEqual(
      [],
    );
    expect(browser.seen.some((text) => /[?&]token=/.test(text))).toBe(false);
    expect(logs.text()).not.toContain(FORWARDED);
  });

  it('a forwarded card signs its opener in as themself, never as the receiver', async () => {
    const link = await cardLink('alice', [alice]);
    const { browser, result } = await openInWecom(link, 'bob');
    expect(result.location.pathname).toBe(PAGE);
    expect((await browser.check(site.authenticator, result.token as string)).id).toBe(bob);
    await logs.waitForFile(/opened by a member it was not sent to/); // in the files an admin ships, too
    const line = logs
      .text()
      .split('\n')
      .find((text) => text.includes(FORWARDED));
    expect(line).toContain('bob');
  });

  it('a member not linked yet meets the link prompt, whose sign-in then leads to the page', async () => {
    const link = await cardLink('alice', [alice]);
    const { result } = await openInWecom(link, 'carol');
    expect(result.token).toBeUndefined();
    expect(result.location.pathname).toBe('/signin');
    expect(result.errorId).toBe('notLinkedYet');
    expect(result.location.searchParams.get('link')).toBe('pending');
    expect(result.location.searchParams.get('redirect')).toBe(PAGE);
  });

  it('outside WeCom, or past its time, the link is the page itself: no WeCom, no session', async () => {
    const link = await cardLink('alice', [alice]);
    const desktop = await site.browser(DESKTOP_UA).get(`${link.pathname}${link.search}`);
    expect(desktop.status).toBe(302);
    expect(desktop.headers.location).toBe(`${ORIGIN}${PAGE}`);
    expect(desktop.headers['set-cookie']).toBeUndefined();

    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + LINK_TTL_MS + 1000);
    try {
      const expired = await site.browser(WXWORK_UA).get(`${link.pathname}${link.search}`);
      expect(expired.headers.location).toBe(`${ORIGIN}${PAGE}`);
    } finally {
      later.mockRestore();
    }
  });

  it('a link this server did not seal, or of another app, ends on the sign-in page; one into the API too', async () => {
    const link = await cardLink('alice', [alice]);
    const sealed = link.searchParams.get('to') as string;
    const target = linkTarget(sealed)!;
    const tampered = `${sealed.slice(0, 40)}${sealed[40] === 'A' ? 'B' : 'A'}${sealed.slice(41)}`;
    const forged = [
      tampered,
      '',
      seal('link', target), // sealed, but for another purpose
      seal('open', { ...target, app: 'another_app' }),
    ];
    for (const to of forged) {
      const res = await site.browser(WXWORK_UA).get(`/wecom:open?to=${encodeURIComponent(to)}`);
      const location = new URL(res.headers.location);
      expect(location.pathname).toBe('/signin');
      expect(location.searchParams.get('error')).toBe('badState');
    }
    for (const path of ['/api/users:list', '/storage/uploads/x.pdf', '//evil.example/admin']) {
      const res = await site.browser(WXWORK_UA).get(`/wecom:open?to=${seal('open', { ...target, path })}`);
      const location = new URL(res.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(`${ORIGIN}/signin`);
      expect(location.searchParams.get('error')).toBe('badRedirect');
    }
  });

  it('after the authenticator moved to another Corp ID, or was disabled, the link is the page itself', async () => {
    const link = await cardLink('alice', [alice]);
    const authenticators = site.app.db.getRepository('authenticators');
    const record = await authenticators.findOne({ filter: { name: site.authenticator } });
    const options = record.get('options');
    const open = async () => (await site.browser(WXWORK_UA).get(`${link.pathname}${link.search}`)).headers.location;
    try {
      await authenticators.update({
        filter: { name: site.authenticator },
        values: { options: { ...options, wecom: { ...options.wecom, corpId: 'wwAnotherCompany' } } },
      });
      expect(await open()).toBe(`${ORIGIN}${PAGE}`);
      await authenticators.update({ filter: { name: site.authenticator }, values: { options, enabled: false } });
      expect(new URL(await open()).pathname).toBe(PAGE);
    } finally {
      await authenticators.update({ filter: { name: site.authenticator }, values: { options, enabled: true } });
    }
    expect(new URL(await open()).searchParams.get('scope')).toBe('snsapi_base');
  });

  it('refuses to send a link that is not a page of this site, and accepts a URL of this site', async () => {
    for (const link of ['https://evil.example/admin', '/api/users:list', 'javascript:alert(1)', '//evil.example/x']) {
      site.wecom.resetCalls();
      const log = await site.sendNow({ content: { title: 'x', link } }, [alice]);
      expect(log).toMatchObject({
        status: 'failure',
        reason: "The message's link must be a page of this site (a path such as /admin/…, or a URL of this site).",
      });
      expect(site.wecom.calls['message/send']).toBe(0);
    }
    const url = await cardLink('alice', [alice], `${ORIGIN}/admin/orders/8?tab=2`);
    expect(linkTarget(url.searchParams.get('to'))?.path).toBe('/admin/orders/8?tab=2');
  });

  it('never carries a session into the page: token, authenticator and hand-off parameters are dropped', async () => {
    const link = await cardLink('alice', [alice], '/admin/x?token=ATTACKER&authenticator=basic&handoff=00&tab=1');
    const target = linkTarget(link.searchParams.get('to'))!;
    expect(target.path).toBe('/admin/x?tab=1');
    const crafted = seal('open', { ...target, path: '/admin/x?token=ATTACKER&authenticator=basic&tab=1' });
    const res = await site.browser(DESKTOP_UA).get(`/wecom:open?to=${crafted}`);
    expect(res.headers.location).toBe(`${ORIGIN}/admin/x?tab=1`);
  });
});

describe('the link without a site address', () => {
  let site: NotifySite;

  beforeAll(async () => {
    site = await startNotifySite({ origin: null });
  });
  afterAll(() => site?.close());

  it('needs the authenticator’s Origin or the channel’s site address for a card; a text needs none', async () => {
    const user = await site.boundUser('dave');
    expect(await site.sendNow({ content: { title: 'x' } }, [user])).toMatchObject({
      status: 'failure',
      reason:
        "The message's link needs this site's public address: set the Origin of the WeCom authenticator, or the site address of the channel.",
    });
    expect(await site.sendNow({ msgType: 'text', content: { body: 'x' } }, [user])).toMatchObject({
      status: 'success',
    });
    const channel = await site.addChannel({
      authenticator: site.authenticator,
      origin: 'https://nb.example.org/ignored',
    });
    site.wecom.clearMessages();
    expect(await site.sendNow({ content: { title: 'x' } }, [user], channel)).toMatchObject({ status: 'success' });
    const card = site.wecom.received('dave')[0].content as { url: string };
    expect(card.url).toMatch(/^https:\/\/nb\.example\.org\/wecom:open\?to=[\w-]+$/);
    expect(linkTarget(new URL(card.url).searchParams.get('to'))?.path).toBe('/admin');
  });
});

describe('without the notification manager', () => {
  let site: Site;

  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site?.close());

  it('the plugin loads, and a card sent earlier still opens its page', async () => {
    expect(site.app.pm.get('notification-manager')).toBeFalsy();
    const authenticator = await site.addAuthenticator({ wecom: { origin: ORIGIN } });
    const to = seal('open', {
      app: site.app.name,
      authenticator,
      corpId: CORP_ID,
      path: PAGE,
      expiresAt: Date.now() + LINK_TTL_MS,
    });
    const res = await site.browser(DESKTOP_UA).get(`/wecom:open?to=${to}`);
    expect(res.headers.location).toBe(`${ORIGIN}${PAGE}`);
  });
});
