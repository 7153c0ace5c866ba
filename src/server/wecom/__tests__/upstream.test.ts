import { createServer } from 'net';
import { DESKTOP_UA, member, Site, startWecomSite, WXWORK_UA } from '../../__tests__/harness';

/** How the sign-in behaves when WeCom, or the way to it, misbehaves. */
describe('WeCom upstream failures', () => {
  let site: Site;
  let name: string;

  beforeAll(async () => {
    ({ site, name } = await startWecomSite({ wecom: { timeoutMs: 1000 } }));
    await site.addMatchingUser('bound', '13700000001', 'Bound');
    expect((await site.browser(WXWORK_UA).signIn(name, 'bound')).token).toBeDefined();
  });
  afterAll(() => site?.close());

  const signIn = () => site.browser(DESKTOP_UA).signIn(name, 'bound');

  it('refreshes a token WeCom dropped early, once, and signs in', async () => {
    for (const errcode of [42001, 40014] as const) {
      site.wecom.expireTokens(errcode);
      site.wecom.resetCalls();
      const result = await signIn();
      expect(result.error).toBeUndefined();
      expect(result.token).toBeDefined();
      expect(site.wecom.calls.gettoken).toBe(1);
      expect(site.wecom.calls.getuserinfo).toBe(2);
    }
  });

  it('keeps its access token through a flood of sign-ins nobody finishes', async () => {
    expect((await signIn()).token).toBeDefined();
    // More unfinished flows than NocoBase's memory cache holds entries (2,000): each stores a state there.
    const browser = site.browser();
    for (let i = 0; i < 2200; i++) {
      expect((await browser.getAuthUrl({ authenticator: name })).status).toBe(200);
    }
    site.wecom.resetCalls();
    expect((await signIn()).token).toBeDefined();
    expect(site.wecom.calls.gettoken).toBe(0);
  }, 180_000); // 2,200 requests one after another: minutes on a busy machine

  it('turns each upstream fault into a clear message, then signs in once WeCom is healthy', async () => {
    const faults = [
      [{ errcode: -1 }, /WeCom is busy/],
      [{ errcode: 45009 }, /Too many calls to WeCom/],
      [{ errcode: 48002 }, /lacks permission/],
      [{ httpStatus: 502 }, /unexpected answer/],
      [{ body: '<html>gateway</html>' }, /unexpected answer/],
      [{ truncate: true }, /unexpected answer/],
      [{ destroy: true }, /unexpected answer/],
      [{ hang: true }, /did not answer within 1 seconds/],
    ] as const;
    for (const [fault, message] of faults) {
      site.wecom.failNext('getuserinfo', fault as any);
      const started = Date.now();
      const result = await signIn();
      expect({ fault, error: result.error }).toEqual({ fault, error: expect.stringMatching(message) });
      expect(result.location.pathname).toBe('/signin');
      // A WeCom that never answers is given up after `timeoutMs` (1 s), not waited for: well under 1 s + 5 s.
      expect(Date.now() - started).toBeLessThan(1000 + 5000);
      expect((await signIn()).token).toBeDefined();
    }
  });

  it('names the setting to fix when WeCom rejects the Secret', async () => {
    const wrongSecret = await site.addAuthenticator({ wecom: { secret: 'not-the-secret' } });
    expect((await site.browser().signIn(wrongSecret, 'bound')).error).toBe(
      'WeCom rejected the Secret. Check the Secret of this app in the authenticator settings.',
    );
  });

  it("shows the server's IP when WeCom refuses calls from it (60020)", async () => {
    site.wecom.update({ blockedIp: '203.0.113.7' });
    try {
      const result = await signIn();
      expect(result.error).toBe(
        'WeCom refused the call from IP 203.0.113.7. Add this IP to the trusted IPs of the WeCom app.',
      );
    } finally {
      site.wecom.update({ blockedIp: undefined });
    }
  });

  it('says WeCom cannot be reached when nothing listens at the API address', async () => {
    const port = await closedPort();
    const unreachable = await site.addAuthenticator({ wecom: { apiBaseUrl: `http://127.0.0.1:${port}` } });
    const result = await site.browser().signIn(unreachable, 'bound');
    expect(result.error).toBe(
      `Cannot reach WeCom at 127.0.0.1:${port}. Check the server's network or the API base URL.`,
    );
  });

  it('tells members outside the app visibility what to ask for', async () => {
    site.wecom.setMember(member('hidden', { mobile: '13700000002', inScope: false }));
    expect((await site.browser(WXWORK_UA).signIn(name, 'hidden')).error).toMatch(/not in the visible range/);
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
