import { captureLogs, LogCapture } from './log-capture';
import { DESKTOP_UA, SECRET, Site, startSite, WXWORK_UA } from './harness';

/**
 * The Secret and the access tokens must not reach the log, whether a sign-in succeeds or fails. The server
 * logs at debug level to files (the log files an admin would ship) and to the console; both are searched.
 */
describe('what the server logs during WeCom sign-ins', () => {
  let site: Site;
  let logs: LogCapture;

  beforeAll(async () => {
    logs = captureLogs();
    site = await startSite();
  });
  afterAll(async () => {
    await site?.close();
    logs.stop();
  });

  it('logs failures with what to fix, but never the Secret or a token', async () => {
    const name = await site.addAuthenticator({ wecom: { timeoutMs: 500 } });
    await site.addMatchingUser('logged', '13500000001', 'Logged');
    const signIn = (ua = DESKTOP_UA) => site.browser(ua).signIn(name, 'logged');

    expect((await signIn(WXWORK_UA)).token).toBeDefined();
    site.wecom.expireTokens(40014);
    expect((await signIn()).token).toBeDefined();
    for (const fault of [
      { errcode: 40001 },
      { errcode: 99999 },
      { httpStatus: 502 },
      { hang: true },
      { truncate: true },
    ]) {
      site.wecom.failNext('getuserinfo', fault as any);
      expect((await signIn()).error).toBeDefined();
    }
    site.wecom.update({ blockedIp: '198.51.100.9' });
    site.wecom.expireTokens(42001);
    expect((await signIn()).error).toMatch(/198\.51\.100\.9/);
    site.wecom.update({ blockedIp: undefined });
    const wrong = await site.addAuthenticator({ wecom: { secret: `${SECRET}-old` } });
    expect((await site.browser().signIn(wrong, 'logged')).error).toMatch(/rejected the Secret/);

    await logs.waitForFile(/WeCom errcode 40001/); // the last failure's line, so every earlier one too
    const log = logs.text();
    // The failures were logged (so an admin can act on them) ...
    expect(log).toMatch(/WeCom errcode 99999/);
    expect(log).toMatch(/WeCom errcode 40001/);
    // ... and nothing secret was.
    const tokens = site.wecom.issuedTokens();
    expect(tokens.length).toBe(2);
    expect(log).not.toContain(SECRET);
    for (const token of tokens) {
      expect(log).not.toContain(token);
    }
  });
});
