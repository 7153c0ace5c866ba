import { AppSupervisor } from '@nocobase/server';
import type { IncomingMessage } from 'http';
import type { Socket } from 'net';
import { RESOURCE } from '../../constants';
import { tokenKey } from '../wecom/token';
import { AGENT_ID, CORP_ID, SECRET, Site, startSite, WXWORK_UA } from './harness';

/**
 * Two NocoBase apps in one process, as sub-apps run: each with its own WeCom app (its own Secret). The plugin of
 * each app keeps its own connections and tokens, and an app that stops takes its connections with it.
 */
describe('two apps in one process', () => {
  const OTHER_SECRET = `${SECRET}-other`;
  let first: Site;
  let second: Site;
  let firstDestroyed = false;

  beforeAll(async () => {
    first = await startSite({}, { ownSchema: 'wecom_two_first' });
    second = await startSite({ secret: OTHER_SECRET }, { ownSchema: 'wecom_two_second' });
    await first.addAuthenticator({ name: 'wecom' });
    await second.addAuthenticator({ name: 'wecom', wecom: { secret: OTHER_SECRET } });
    for (const site of [first, second]) {
      await site.addMatchingUser('two', '13600000022', 'Two');
    }
  });
  afterAll(async () => {
    await second?.close();
    if (firstDestroyed) {
      await first?.wecom.stop();
    } else {
      await first?.close();
    }
  });

  /** The token the app's plugin keeps for a Secret (its own cache, in the app's cache manager). */
  const storedToken = (site: Site, secret: string) =>
    site.app.cacheManager
      .getCache(`${RESOURCE}-tokens`)
      .get<string>(tokenKey({ corpId: CORP_ID, agentId: AGENT_ID, secret }));

  const signIn = async (site: Site) => {
    const result = await site.browser(WXWORK_UA).signIn('wecom', 'two');
    expect(result.error).toBeUndefined();
    expect((await site.browser().check('wecom', result.token as string))?.nickname).toBe('Two');
  };

  it('signs in to each with its own access token, fetched once per app and kept by that app', async () => {
    await signIn(first);
    await signIn(second);
    await signIn(first);
    await signIn(second);
    expect(first.wecom.calls.gettoken).toBe(1);
    expect(second.wecom.calls.gettoken).toBe(1);
    const firstToken = await storedToken(first, SECRET);
    const secondToken = await storedToken(second, OTHER_SECRET);
    expect(firstToken).toBe(first.wecom.issuedTokens()[0]);
    expect(secondToken).toBe(second.wecom.issuedTokens()[0]);
    expect(firstToken).not.toBe(secondToken);
    // Neither app holds the other's token.
    expect(await storedToken(first, OTHER_SECRET)).toBeFalsy();
    expect(await storedToken(second, SECRET)).toBeFalsy();
  });

  it("closes an app's connections to WeCom when it is destroyed, and the other app keeps signing in", async () => {
    // The connections the plugin of the first app opened to its WeCom (the API calls, not the browser's pages).
    const apiSockets = new Set<Socket>();
    const server = first.wecom['server'];
    const track = (req: IncomingMessage) => {
      if (req.url?.startsWith('/cgi-bin/')) {
        apiSockets.add(req.socket);
      }
    };
    server.on('request', track);
    await signIn(first);
    server.off('request', track);
    expect(apiSockets.size).toBeGreaterThan(0);
    expect([...apiSockets].some((socket) => !socket.destroyed)).toBe(true); // kept open between calls

    await first.app.destroy();
    firstDestroyed = true;
    // Destroying an app resets NocoBase's app supervisor; the second app is still served alone.
    AppSupervisor.getInstance().runningMode = 'single';
    for (let waited = 0; waited < 2000 && [...apiSockets].some((socket) => !socket.destroyed); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...apiSockets].filter((socket) => !socket.destroyed).length).toBe(0);

    second.wecom.resetCalls();
    await signIn(second);
    expect(second.wecom.calls.gettoken).toBe(0);
  });
});
