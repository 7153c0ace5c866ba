import { randomBytes } from 'crypto';
import { createServer } from 'net';
import { ConnectProxy } from '../../__tests__/connect-proxy';
import { captureLogs, LogCapture } from '../../__tests__/log-capture';
import { AGENT_ID, CORP_ID, DESKTOP_UA, Site, startSite, WXWORK_UA } from '../../__tests__/harness';

/**
 * Every call to WeCom through an outbound proxy (the `proxy` option, else HTTP(S)_PROXY / NO_PROXY), against a
 * real loopback CONNECT proxy. The proxy's password must reach no answer and no log line.
 */
describe('outbound proxy to WeCom', () => {
  let site: Site;
  let proxy: ConnectProxy;
  let root: any;
  const credentials = { user: 'relay', password: `p@ss:${randomBytes(8).toString('hex')}` };
  const basic = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  const answers: string[] = [];
  const saved = { ...process.env };
  let logs: LogCapture;

  beforeAll(async () => {
    logs = captureLogs();
    site = await startSite();
    proxy = await ConnectProxy.start(credentials);
    root = await site.app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
    await site.addMatchingUser('proxied', '13400000001', 'Proxied');
  });
  afterAll(async () => {
    await site?.close();
    await proxy?.stop();
    logs.stop();
    for (const key of ['HTTP_PROXY', 'NO_PROXY']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  async function signIn(name: string, ua = DESKTOP_UA) {
    const browser = site.browser(ua);
    const result = await browser.signIn(name, 'proxied');
    answers.push(...browser.seen);
    return result;
  }
  /** Check setup of a saved authenticator, its Secret left to the server, with `wecom` as typed in the form. */
  /** The saved authenticator's id: its form sends it, and only its form gets the saved Secret. */
  const idOf = async (name: string) =>
    (await site.app.db.getRepository('authenticators').findOne({ filter: { name } })).get('id');
  async function checkSetup(name: string, wecom: Record<string, unknown> = {}) {
    const admin = await site.app.agent().login(root, 'root');
    const options = { wecom: { corpId: CORP_ID, agentId: AGENT_ID, apiBaseUrl: site.wecom.baseUrl, ...wecom } };
    const res = await admin.post('/wecom:checkSetup').send({ id: await idOf(name), name, options });
    answers.push(res.text);
    return res.body.data.lines.find((line: any) => line.check !== 'settings' || line.status === 'fail');
  }

  it('sends every WeCom call through the proxy option, with its credentials, keeping tunnels and the token', async () => {
    const name = await site.addAuthenticator({ wecom: { proxy: proxy.url() } });
    site.wecom.resetCalls();
    expect((await signIn(name, WXWORK_UA)).token).toBeDefined();
    const tunnels = proxy.connects;
    expect(tunnels).toBeGreaterThanOrEqual(1);
    expect(proxy.authorizations).toEqual(Array(tunnels).fill(basic));

    expect((await signIn(name)).token).toBeDefined();
    expect(proxy.connects).toBe(tunnels); // keep-alive: the open tunnel carried the next sign-in
    expect(site.wecom.calls.gettoken).toBe(1); // the token cache works as without a proxy
  });

  it('says the proxy cannot be reached when nothing listens there', async () => {
    const port = await closedPort();
    const name = await site.addAuthenticator({
      wecom: { proxy: `http://relay:${credentials.password}@127.0.0.1:${port}` },
    });
    const text = `Cannot reach the outbound proxy at 127.0.0.1:${port}. Check the proxy setting and that the proxy is running.`;
    expect((await signIn(name)).error).toBe(text);
    // (Its token may still be cached from the sign-ins: then the line that fails is the app's, agent/get.)
    const admin = await site.app.agent().login(root, 'root');
    const wecom = {
      corpId: CORP_ID,
      agentId: AGENT_ID,
      apiBaseUrl: site.wecom.baseUrl,
      proxy: `http://relay:${credentials.password}@127.0.0.1:${port}`,
    };
    const res = await admin.post('/wecom:checkSetup').send({ id: await idOf(name), name, options: { wecom } });
    answers.push(res.text);
    expect(res.body.data.lines).toContainEqual({
      check: expect.stringMatching(/^(credentials|agent)$/),
      status: 'fail',
      message: 'proxyUnreachable',
      params: { host: `127.0.0.1:${port}` },
    });
  });

  it('says the proxy refused when its credentials are wrong', async () => {
    const name = await site.addAuthenticator({ wecom: { proxy: proxy.url({ user: 'relay', password: 'wrong' }) } });
    expect((await signIn(name)).error).toBe(
      `The outbound proxy at 127.0.0.1:${proxy.port} refused to connect to WeCom. Check the user name and password in the proxy setting.`,
    );
  });

  it('refuses a proxy setting that is not http(s)://host:port, without repeating it', async () => {
    const name = await site.addAuthenticator({
      wecom: { proxy: `socks5://relay:${credentials.password}@127.0.0.1:1080` },
    });
    const res = await site.browser().getAuthUrl({ authenticator: name });
    answers.push(res.text);
    expect(res.status).toBe(400);
    expect(res.text).toContain('The proxy setting is not a valid http(s) URL.');
  });

  it('honours HTTP_PROXY and NO_PROXY when the option is empty', async () => {
    const name = await site.addAuthenticator();
    const open = await ConnectProxy.start();
    try {
      process.env.HTTP_PROXY = open.url();
      expect((await checkSetup(name)).status).toBe('ok');
      expect(open.connects).toBe(1);
      process.env.NO_PROXY = 'localhost,127.0.0.1';
      site.wecom.resetCalls();
      await signIn(name);
      expect(site.wecom.calls.getuserinfo).toBe(1); // WeCom was reached ...
      expect(open.connects).toBe(1); // ... straight, not through the proxy
    } finally {
      delete process.env.HTTP_PROXY;
      delete process.env.NO_PROXY;
      await open.stop();
    }
  });

  it("never shows or logs the proxy's password", async () => {
    // An admin saves an authenticator with the proxy through NocoBase's API: the request log must not keep it.
    const admin = await site.app.agent().login(root, 'root');
    const wecom = {
      corpId: CORP_ID,
      agentId: AGENT_ID,
      secret: 'saved-secret',
      apiBaseUrl: site.wecom.baseUrl,
      proxy: proxy.url(),
    };
    const saved = await admin
      .resource('authenticators')
      .create({ values: { name: 'proxied_save', authType: 'wecom', options: { wecom } } });
    expect(saved.status).toBe(200);
    await logs.waitForFile(/authenticators:create/); // the request log's line of that save
    const log = logs.text();
    const everything = [...answers, log].join('\n');
    expect(log).toMatch(/refused the tunnel/); // the failures were logged ...
    expect(log).toMatch(/proxy 127\.0\.0\.1:\d+ unreachable/);
    expect(log).not.toContain('saved-secret');
    for (const secret of [credentials.password, encodeURIComponent(credentials.password), basic.slice(6)]) {
      expect(everything).not.toContain(secret); // ... and the password nowhere
    }
  });
});

/** A port nothing listens on: bind one, then close it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as any;
      server.close(() => resolve(port));
    });
  });
}
