import { ChildProcess, fork } from 'child_process';
import { buildSync } from 'esbuild';
import path from 'path';
import { AUTH_TYPE } from '../../../constants';
import { AGENT_ID, CORP_ID, DESKTOP_UA, member, SECRET } from '../harness';
import { WecomEmulator } from '../wecom-emulator';
import { HttpBrowser, pool } from './http-browser';
import { countBy, recordRow } from './summary';

const REDIS_URL = process.env.CLUSTER_REDIS_URL || 'redis://127.0.0.1:6379';
const onPostgres = process.env.DB_DIALECT === 'postgres';

/** A NocoBase node in a child process, driven over IPC. */
class Node {
  private calls = 0;
  private pending = new Map<number, (message: any) => void>();
  constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.on('message', (message: any) => this.pending.get(message.id)?.(message));
  }

  static async start(script: string, appName: string, install: boolean): Promise<Node> {
    const child = fork(script, [appName, install ? 'install' : 'join', REDIS_URL], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
      child.on('message', (message: any) => message.ready && resolve(message.ready));
    });
    return new Node(child, baseUrl);
  }

  request(message: Record<string, unknown>): Promise<any> {
    const id = ++this.calls;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (answer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer.result)));
      this.child.send({ ...message, id });
    });
  }
}

/** Two NocoBase nodes of one app on one PostgreSQL database and one Redis cache, behind no balancer. */
(onPostgres ? describe : describe.skip)('two NocoBase nodes sharing PostgreSQL and Redis', () => {
  let wecom: WecomEmulator;
  let nodes: Node[] = [];
  const authenticator = 'wecom_cluster';
  const COLD = 'wecom_cold';

  beforeAll(async () => {
    // Inside node_modules, so the bundle's external packages resolve from the project.
    const script = path.resolve(__dirname, '../../../../node_modules/.cache/wecom-stress/cluster-node.js');
    buildSync({ entryPoints: [path.join(__dirname, 'cluster-node.ts')], bundle: true, platform: 'node', packages: 'external', outfile: script, logLevel: 'error' });
    wecom = await WecomEmulator.start({ corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET });
    const appName = `wecom_cluster_${process.pid}`;
    nodes.push(await Node.start(script, appName, true));
    nodes.push(await Node.start(script, appName, false));
    await nodes[0].request({ cmd: 'create', collection: 'authenticators', values: authenticatorValues(authenticator, AGENT_ID) });
    // Created before any request: each node caches the authenticator list in memory, and without NocoBase's
    // pub/sub adapter (not part of this test) node 2 would not hear of later changes.
    await nodes[0].request({ cmd: 'create', collection: 'authenticators', values: authenticatorValues(COLD, '1000999') });
    for (let i = 0; i < 40; i++) {
      const user = await nodes[0].request({ cmd: 'create', collection: 'users', values: { nickname: `Node user ${i}` } });
      for (const name of [authenticator, COLD]) {
        await nodes[0].request({ cmd: 'create', collection: 'usersAuthenticators', values: { authenticator: name, userId: user.id, uuid: `m${i}` } });
      }
      wecom.setMember(member(`m${i}`));
    }
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.request({ cmd: 'stop' }).catch(() => node.child.kill())));
    await wecom?.stop();
  });

  function authenticatorValues(name: string, agentId: string) {
    const base = wecom.baseUrl;
    return {
      name,
      authType: AUTH_TYPE,
      enabled: true,
      options: { public: {}, wecom: { corpId: CORP_ID, agentId, secret: SECRET, apiBaseUrl: base, oauthBaseUrl: base, ssoBaseUrl: base } },
    };
  }

  /** Starts a flow on node `from` and returns its WeCom callback URL pointed at node `to`. */
  async function flowAcross(browser: HttpBrowser, name: string, userid: string, to: Node) {
    const res = await browser.get(`/wecom:getAuthUrl?authenticator=${name}`);
    const url = new URL(((await res.json()) as any).data.url);
    const callback = new URL(url.searchParams.get('redirect_uri') as string);
    callback.searchParams.set('code', wecom.issueCode(userid));
    callback.searchParams.set('state', url.searchParams.get('state') as string);
    return new URL(`${callback.pathname}${callback.search}`, to.baseUrl);
  }

  const landing = async (browser: HttpBrowser, url: URL) => {
    const res = await browser.get(url.toString());
    return new URL(res.headers.get('location') as string);
  };

  it('completes on node 2 a flow started on node 1, and refuses its replay on node 1', async () => {
    const browser = new HttpBrowser(nodes[0].baseUrl, DESKTOP_UA);
    const callback = await flowAcross(browser, authenticator, 'm1', nodes[1]);
    const done = await landing(browser, callback);
    expect(done.searchParams.get('token')).toBeTruthy();
    const replay = await landing(browser, new URL(`${callback.pathname}${callback.search}`, nodes[0].baseUrl));
    expect(replay.searchParams.get('token')).toBeNull();
    expect(replay.searchParams.get('error')).toMatch(/invalid or has expired/);
    // The same callback sent to both nodes at once: one sign-in, one refusal.
    const twice = await flowAcross(browser, authenticator, 'm2', nodes[0]);
    const both = await Promise.all(
      nodes.map((node) => landing(browser, new URL(`${twice.pathname}${twice.search}`, node.baseUrl))),
    );
    expect(both.filter((url) => url.searchParams.get('token'))).toHaveLength(1);
    recordRow({ case: 'cluster: flow node 1 → node 2, replays on both nodes', requests: 7, failures: {}, usersCreated: 0 });
  });

  it('fetches at most one access token per node in a cold burst across both nodes', async () => {
    // Its own AgentId gives COLD its own token cache key: the burst starts with no token anywhere.
    wecom.resetCalls();
    const outcomes = await pool(40, 40, async (i) => {
      const browser = new HttpBrowser(nodes[i % 2].baseUrl, DESKTOP_UA);
      const callback = await flowAcross(browser, COLD, `m${i}`, nodes[i % 2]);
      return landing(browser, callback);
    });
    const failed = outcomes.filter((url) => !url.searchParams.get('token'));
    expect(failed.map((url) => url.searchParams.get('error'))).toEqual([]);
    expect(wecom.calls.gettoken).toBeGreaterThanOrEqual(1);
    expect(wecom.calls.gettoken).toBeLessThanOrEqual(2);
    recordRow({
      case: 'cluster: cold burst of 40 across 2 nodes',
      requests: 80,
      failures: countBy(failed, (url) => url.searchParams.get('error') ?? 'no token'),
      usersCreated: 0,
      note: `${wecom.calls.gettoken} gettoken call(s), ${wecom.calls.getuserinfo} getuserinfo`,
    });
  });
});
