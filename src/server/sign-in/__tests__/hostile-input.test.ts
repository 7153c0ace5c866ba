import { sameSitePath } from '../../web/site';
import { DESKTOP_UA, Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';
import { listen } from '../../__tests__/stress/listen';

/** Input of every odd shape on the public actions: a 4xx or the usual refusal, never a 5xx or a stack trace. */
describe('hostile input on the public actions', () => {
  let site: Site;
  let name: string;
  let server: { baseUrl: string; close: () => Promise<void> };

  beforeAll(async () => {
    ({ site, name } = await startWecomSite());
    server = await listen(site.app);
  });
  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  /** Over real HTTP, as any client could send it. */
  async function send(path: string, init: RequestInit = {}) {
    const res = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual', ...init });
    return { status: res.status, text: `${res.headers.get('location') ?? ''}\n${await res.text()}` };
  }

  const queries = (n: string) => [
    `authenticator=${n}&locale[]=x`,
    `authenticator=${n}&locale[a]=b`,
    `authenticator[]=${n}`,
    `authenticator[a]=${n}`,
    `authenticator=${n}&redirect[]=/admin`,
    `authenticator=${n}&redirect[a]=/admin`,
    `authenticator=${n}&code[]=x&state[]=y`,
    `authenticator=${n}&code[a]=x&state[a][b]=y`,
    `authenticator=${n}&state=${'0'.repeat(76)}`,
    `authenticator=${n}&redirect=${'/admin'.repeat(400)}`,
  ];

  it('answers arrays and objects in any parameter with a 4xx or a redirect', async () => {
    for (const ua of [WXWORK_UA, DESKTOP_UA]) {
      for (const action of ['getAuthUrl', 'workbench', 'redirect']) {
        for (const query of queries(name)) {
          const res = await send(`/wecom:${action}?${query}`, { headers: { 'User-Agent': ua } });
          expect([action, query, res.status < 500]).toEqual([action, query, true]);
          expect(res.text).not.toMatch(/\n\s+at |node_modules|Error: /);
        }
      }
    }
  });

  it('takes any X-Locale and any Host, and answers in a known language', async () => {
    for (const locale of ['xx-YY', '../../etc/passwd', 'zh-CN'.repeat(500), '{{constructor}}', '']) {
      const res = await send(`/wecom:getAuthUrl?authenticator=nope`, { headers: { 'X-Locale': locale } });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(
        locale.startsWith('zh') ? /没有名为“nope”/ : /No enabled WeCom sign-in method is named \\"nope\\"/,
      );
    }
    for (const host of ['exa mple.com', 'a/b', '@evil', '[::1', 'x'.repeat(300), 'evil.example:65536', '[::1]:99999']) {
      const refused = await send(`/wecom:getAuthUrl?authenticator=${name}`, { headers: { 'X-Forwarded-Host': host } });
      expect([host, refused.status]).toEqual([host, 400]);
      const res = await send(`/wecom:workbench?authenticator=${name}`, { headers: { 'X-Forwarded-Host': host } });
      expect([host, res.status]).toEqual([host, 302]);
      expect(new URL(res.text.split('\n')[0], 'http://relative.invalid').searchParams.get('error')).toBe('badHost');
    }
  });

  it('answers odd hand-off bodies and very long headers with a 4xx', async () => {
    const bodies = [
      '{"code":["a"]}',
      '{"code":{"a":1}}',
      '{"code":null}',
      '[]',
      'not json',
      '{"code":"' + 'a'.repeat(5000) + '"}',
    ];
    for (const body of bodies) {
      const res = await send('/wecom:handoff', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      });
      expect([body.slice(0, 20), res.status >= 400 && res.status < 500]).toEqual([body.slice(0, 20), true]);
    }
    const long = await send(`/wecom:getAuthUrl?authenticator=${name}`, {
      headers: { Cookie: `x=${'a'.repeat(20000)}` },
    });
    expect(long.status).toBe(431);
  });
});

describe('sameSitePath', () => {
  it('never returns a path that leads to another host', () => {
    for (const value of [
      '/.//evil.example/x',
      '/./\\evil.example',
      '//evil.example',
      '/%2e%2e//evil.example',
      '/a/..//evil.example',
    ]) {
      const path = sameSitePath(value);
      expect([value, path === null || (typeof path === 'string' && !path.startsWith('//'))]).toEqual([value, true]);
    }
    expect(sameSitePath('/.//evil.example/x')).toBeNull();
    // A protocol-relative address is another site: refused, never read as this site's /admin.
    expect(sameSitePath('//evil.example/admin')).toBeNull();
    expect(sameSitePath('/admin/./x?y=1#z')).toBe('/admin/x?y=1#z');
    expect(sameSitePath('')).toBeUndefined();
    expect(sameSitePath(['/admin'])).toBeNull();
  });
});
