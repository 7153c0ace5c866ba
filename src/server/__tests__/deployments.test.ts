import supertest from 'supertest';
import { DESKTOP_UA, Site, startSite, startWecomSite, WXWORK_UA } from './harness';
import { errorText } from './browser';

/**
 * The same sign-in on the deployment shapes NocoBase supports: a public path (`APP_PUBLIC_PATH`), the v2 shell
 * (`/v/`, or `APP_MODERN_CLIENT_PREFIX`), an https reverse proxy (forwarded headers), and a sub-app of the app
 * supervisor (`/apps/<name>/`, its API under `/api/__app/<name>/`).
 */

/** A browser that keeps its own cookie jar by name, so `Secure` cookies behind an https proxy are kept too. */
class ProxiedBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly site: Site,
    readonly headers: Record<string, string>,
  ) {}

  async request(method: 'get' | 'post', path: string, body?: unknown) {
    const req = supertest(this.site.app.callback())[method](path).set('User-Agent', DESKTOP_UA).set(this.headers);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await (cookie ? req.set('Cookie', cookie) : req).send(body as object);
    for (const line of (res.headers['set-cookie'] as unknown as string[]) || []) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }
}

describe('deployment shapes', () => {
  let site: Site;
  let name: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
    await site.addMatchingUser('deploy', '13600000001', 'Deploy');
    site.wecom.loginAs = 'deploy';
  });
  afterAll(() => site?.close());
  afterEach(() => {
    for (const key of ['APP_PUBLIC_PATH', 'APP_MODERN_CLIENT_PREFIX']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  /** Where a sign-in asked for with `redirect` lands, and where its failure would go (the same flow). */
  async function landingAndFailure(redirect?: string) {
    const query: Record<string, string> = redirect ? { redirect } : {};
    const ok = await site.browser(WXWORK_UA).signIn(name, 'deploy', query);
    const failing = site.browser(WXWORK_UA);
    const res = await failing.getAuthUrl({ authenticator: name, ...query });
    const callback = await failing.visitWecom(res.body.data.url);
    callback.searchParams.set('code', 'forged-code');
    const failed = await failing.follow(callback);
    return { ok, failed };
  }

  it('follows APP_PUBLIC_PATH for landing and failure pages, in the v1 and v2 shells', async () => {
    process.env.APP_PUBLIC_PATH = '/nocobase/';
    const v1 = await landingAndFailure('/admin/page-1');
    expect(v1.ok.location.pathname).toBe('/nocobase/admin/page-1');
    expect(v1.ok.token).toBeDefined();
    expect(v1.failed.location.pathname).toBe('/nocobase/signin');
    expect(v1.failed.error).toMatch(/expired or was already used/);
    expect((await landingAndFailure()).ok.location.pathname).toBe('/nocobase/admin');

    const v2 = await landingAndFailure('/nocobase/v/admin/page-2');
    expect(v2.ok.location.pathname).toBe('/nocobase/v/admin/page-2');
    expect(v2.failed.location.pathname).toBe('/nocobase/v/signin');

    for (const redirect of ['/nocobase/api/users:destroy', '/nocobase/storage/uploads/a.html', '/api/pm:remove']) {
      expect((await site.browser().getAuthUrl({ authenticator: name, redirect })).status).toBe(400);
    }
  });

  it('honours APP_MODERN_CLIENT_PREFIX for the v2 shell', async () => {
    process.env.APP_MODERN_CLIENT_PREFIX = 'modern';
    const v2 = await landingAndFailure('/modern/admin');
    expect(v2.ok.location.pathname).toBe('/modern/admin');
    expect(v2.failed.location.pathname).toBe('/modern/signin');
  });

  it('behind an https proxy: https callback and landing, Secure __Host- cookies, and the Origin option wins', async () => {
    const browser = new ProxiedBrowser(site, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'nb.example.com' });
    const res = await browser.request('get', `/wecom:getAuthUrl?authenticator=${name}`);
    const url = new URL(res.body.data.url);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^https:\/\/nb\.example\.com\/wecom:redirect\?/);
    const setCookie = (res.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(setCookie).toMatch(
      /^__Host-wecom_flow_[0-9a-f]{32}=[\w-]+; path=\/; expires=[^;]+; samesite=lax; secure; httponly$/m,
    );

    const callback = await site.browser().visitWecom(url.toString());
    // A cookie of the same value under the plain name (an http hop, a sibling subdomain) does not count.
    const planted = new ProxiedBrowser(site, browser.headers);
    for (const [cookie, value] of browser.cookies) planted.cookies.set(cookie.replace('__Host-', ''), value);
    const refused = await planted.request('get', `${callback.pathname}${callback.search}`);
    expect(errorText(new URL(refused.headers.location))).toMatch(/started in another browser/);

    const answer = await browser.request('get', `${callback.pathname}${callback.search}`);
    const landing = new URL(answer.headers.location);
    expect(landing.origin).toBe('https://nb.example.com');
    expect(browser.cookies.has('__Host-wecom_handoff')).toBe(true);
    const exchanged = await browser.request('post', '/wecom:handoff', { code: landing.searchParams.get('handoff') });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.data.token).toBeTruthy();

    const pinned = await site.addAuthenticator({ wecom: { origin: 'https://nocobase.example.com' } });
    const spoofed = new ProxiedBrowser(site, { 'X-Forwarded-Host': 'evil.example' });
    const pinnedUrl = new URL(
      (await spoofed.request('get', `/wecom:getAuthUrl?authenticator=${pinned}`)).body.data.url,
    );
    expect(pinnedUrl.searchParams.get('redirect_uri')).toMatch(/^https:\/\/nocobase\.example\.com\/wecom:redirect\?/);
  });

  it('answers a malformed Host with a 400, never a 500', async () => {
    for (const host of ['exa mple.com', 'a/b', '@evil', '[::1']) {
      const res = await site.browser().getAuthUrl({ authenticator: name }, { 'X-Forwarded-Host': host });
      expect([host, res.status]).toEqual([host, 400]);
    }
  });
});

describe('a sub-app of the app supervisor', () => {
  let main: Site;
  let sub: Site;

  beforeAll(async () => {
    main = await startSite({}, { name: 'main', subApp: true, ownSchema: 'wecom_app_main' });
    sub = await startSite({}, { name: 'a', subApp: true, ownSchema: 'wecom_app_a' });
    for (const site of [main, sub]) {
      await site.addAuthenticator({ name: 'wecom' });
      await site.addMatchingUser('sub', '13600000002', 'Sub');
      site.wecom.loginAs = 'sub';
    }
  });
  afterAll(async () => {
    await sub?.close();
    await main?.close();
  });

  it("sends WeCom back to the sub-app's own API and lands on its pages", async () => {
    const browser = sub.browser(WXWORK_UA);
    const res = await browser.getAuthUrl({ authenticator: 'wecom', redirect: '/admin/x' });
    const callback = await browser.visitWecom(res.body.data.url);
    expect(callback.pathname).toBe('/__app/a/wecom:redirect');
    // NocoBase's gateway routes `<api>/__app/a/...` to sub-app a as `<api>/...`.
    callback.pathname = '/wecom:redirect';
    const result = await browser.follow(callback);
    expect(result.location.pathname).toBe('/apps/a/admin/x');
    expect(result.token).toBeDefined();
    expect((await browser.getAuthUrl({ authenticator: 'wecom', redirect: '/apps/b/admin' })).status).toBe(400);
    const v2 = await sub.browser(WXWORK_UA).getAuthUrl({ authenticator: 'wecom', redirect: '/v/apps/a/admin' });
    expect(v2.status).toBe(200);
  });

  it('never completes a flow of the sub-app in the main app', async () => {
    const browser = sub.browser(WXWORK_UA);
    const res = await browser.getAuthUrl({ authenticator: 'wecom' });
    const callback = await browser.visitWecom(res.body.data.url);
    const inMain = main.browser(WXWORK_UA);
    (inMain.agent as any).jar = (browser.agent as any).jar; // the same browser, its cookies included
    const result = await inMain.follow(new URL(`http://main.invalid/wecom:redirect${callback.search}`));
    expect(result.token).toBeUndefined();
    expect(result.error).toMatch(/invalid or has expired/);
    expect(result.location.pathname).toBe('/signin');
  });
});
