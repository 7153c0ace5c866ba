import { Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';

/** Flows live in the browser, one cookie each: several tabs finish their own, and a browser holds a few at most. */
describe('sign-in flows of one browser', () => {
  let site: Site;
  let name: string;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
    await site.addMatchingUser('tabs', '13400000001', 'Tabs');
    site.wecom.loginAs = 'tabs';
  });
  afterAll(() => site?.close());

  /** Starts `count` flows in `browser` (one per tab) and returns WeCom's callback URL of each, oldest first. */
  async function startFlows(browser: ReturnType<Site['browser']>, count: number) {
    const callbacks: URL[] = [];
    for (let i = 0; i < count; i++) {
      const res = await browser.getAuthUrl({ authenticator: name, redirect: `/admin/tab-${i}` });
      callbacks.push(await browser.visitWecom(res.body.data.url));
    }
    return callbacks;
  }

  const flowCookies = (browser: ReturnType<Site['browser']>) =>
    browser.agent.jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .filter((cookie: { name: string }) => cookie.name.startsWith('wecom_flow_')).length;

  it('lets two tabs each finish their own flow, in any order', async () => {
    const browser = site.browser(WXWORK_UA);
    const [first, second] = await startFlows(browser, 2);
    const late = await browser.follow(second);
    const early = await browser.follow(first);
    expect(late.location.pathname).toBe('/admin/tab-1');
    expect(early.location.pathname).toBe('/admin/tab-0');
    expect(early.token).toBeDefined();
  });

  it('keeps at most four unfinished flows: the oldest beyond that no longer completes', async () => {
    const browser = site.browser(WXWORK_UA);
    const callbacks = await startFlows(browser, 6);
    expect(flowCookies(browser)).toBe(4);
    for (const dropped of callbacks.slice(0, 2)) {
      expect((await browser.follow(dropped)).error).toMatch(/started in another browser/);
    }
    for (const kept of callbacks.slice(2)) {
      expect((await browser.follow(kept)).token).toBeDefined();
    }
    expect(flowCookies(browser)).toBe(0);
  });
});
