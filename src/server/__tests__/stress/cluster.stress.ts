import { ChildProcess, fork } from 'child_process';
import { buildSync } from 'esbuild';
import path from 'path';
import { AUTH_TYPE } from '../../../constants';
import { AGENT_ID, CORP_ID, DESKTOP_UA, member, SECRET } from '../harness';
import { errorText } from '../browser';
import { WecomEmulator } from '../../../../test/wecom-emulator';
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
    const child = fork(script, [appName, install ? 'install' : 'join', REDIS_URL], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
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
  const nodes: Node[] = [];
  const authenticator = 'wecom_cluster';
  const COLD = 'wecom_cold';

  beforeAll(async () => {
    // Inside node_modules, so the bundle's external packages resolve from the project.
    const script = path.resolve(__dirname, '../../../../node_modules/.cache/wecom-stress/cluster-node.js');
    buildSync({
      entryPoints: [path.join(__dirname, 'cluster-node.ts')],
      bundle: true,
      platform: 'node',
      packages: 'external',
      outfile: script,
      logLevel: 'error',
    });
    wecom = await WecomEmulator.start({ corpId: CORP_ID, agentId: AGENT_ID, secret: SECRET });
    const appName = `wecom_cluster_${process.pid}`;
    // One process installs the app and leaves; the two nodes then start on the installed database, as the
    // nodes of a real cluster do. (A node that installed the app in-process answers its sign-ins with
    // "The client is closed" from Redis: install reloads the app, which closes the cache clients.)
    const installer = await Node.start(script, appName, true);
    await installer.request({ cmd: 'stop' });
    nodes.push(await Node.start(script, appName, false));
    nodes.push(await Node.start(script, appName, false));
    await nodes[0].request({
      cmd: 'create',
      collection: 'authenticators',
      values: authenticatorValues(authenticator, AGENT_ID),
    });
    // Created before any request: each node caches the authenticator list in memory, and without NocoBase's
    // pub/sub adapter (not part of this test) node 2 would not hear of later changes.
    await nodes[0].request({
      cmd: 'create',
      collection: 'authenticators',
      values: authenticatorValues(COLD, '1000999'),
    });
    for (let i = 0; i < 40; i++) {
      const user = await nodes[0].request({
        cmd: 'create',
        collection: 'users',
        values: { nickname: `Node user ${i}` },
      });
      for (const name of [authenticator, COLD]) {
        await nodes[0].request({
          cmd: 'create',
          collection: 'usersAuthenticators',
          values: { authenticator: name, userId: user.id, uuid: `m${i}` },
        });
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
      options: {
        public: {},
        wecom: { corpId: CORP_ID, agentId, secret: SECRET, apiBaseUrl: base, oauthBaseUrl: base, ssoBaseUrl: base },
      },
    };
  }

  /** Starts a flow on the browser's node and returns its WeCom callback URL pointed at node `to`. */
  async function flowAcross(browser: HttpBrowser, name: string, userid: string, to: Node) {
    const { url, outcome } = await browser.start(name);
    if (!url) {
      throw new Error(`getAuthUrl answered ${outcome?.status}: ${outcome?.error}`);
    }
    return browser.callbackUrl(url, wecom.issueCode(userid), to.baseUrl);
  }

  const on = (node: Node, url: URL) => new URL(`${url.pathname}${url.search}`, node.baseUrl);
  const userOf = async (node: Node, token: string) => {
    const res = await fetch(`${node.baseUrl}/auth:check`, {
      headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': authenticator },
    });
    return ((await res.json()) as any)?.data;
  };

  it('completes on node 2 a flow started on node 1, hands off on node 1, and refuses replays on both', async () => {
    const browser = new HttpBrowser(nodes[0].baseUrl, DESKTOP_UA);
    const callback = await flowAcross(browser, authenticator, 'm1', nodes[1]);
    const done = await browser.land(callback);
    expect(done.location.searchParams.get('token')).toBeNull();
    // The used-once marks are in Redis: the hand-off issued on node 2 is exchanged on node 1, once.
    const code = done.location.searchParams.get('handoff') as string;
    const token = await browser.handoff(code, nodes[0].baseUrl);
    expect(token.errorId).toBeUndefined();
    expect((await userOf(nodes[1], token.token!))?.nickname).toBe('Node user 1');
    expect((await browser.handoff(code, nodes[1].baseUrl)).errorId).toBe('handoffInvalid');
    const replay = await browser.land(on(nodes[0], callback));
    expect(replay.location.searchParams.get('handoff')).toBeNull();
    expect(replay.location.searchParams.get('error')).toBe('badState');
    expect(errorText(replay.location)).toMatch(/invalid or has expired/);

    // The same callback sent to both nodes at once: one sign-in, one refusal.
    const twice = await flowAcross(browser, authenticator, 'm2', nodes[0]);
    const both = await Promise.all(nodes.map((node) => browser.land(on(node, twice))));
    const landed = both.filter((answer) => answer.location.searchParams.get('handoff'));
    expect(landed).toHaveLength(1);
    expect(both.map((answer) => answer.location.searchParams.get('error')).filter(Boolean)).toEqual(['badState']);

    // One hand-off code exchanged on both nodes at once: exactly one token.
    const shared = landed[0].location.searchParams.get('handoff') as string;
    const exchanges = await Promise.all(nodes.map((node) => browser.handoff(shared, node.baseUrl)));
    const tokens = exchanges.filter((outcome) => outcome.token);
    expect(tokens).toHaveLength(1);
    expect(exchanges.filter((outcome) => !outcome.token).map((outcome) => outcome.errorId)).toEqual(['handoffInvalid']);
    expect((await userOf(nodes[0], tokens[0].token!))?.nickname).toBe('Node user 2');
    recordRow({
      case: 'cluster: flow node 1 → node 2, hand-off across nodes, replays on both',
      requests: 13,
      failures: {},
      usersCreated: 0,
      note: 'a callback and a hand-off code each sent to both nodes at once: 1 sign-in, 1 token',
    });
  });

  it('exchanges hand-offs on the other node under concurrency, each code once', async () => {
    // 40 sign-ins finished on one node and exchanged on the other, each code also tried a second time there.
    const outcomes = await pool(40, 20, async (i) => {
      const [from, to] = i % 2 ? [nodes[0], nodes[1]] : [nodes[1], nodes[0]];
      const browser = new HttpBrowser(from.baseUrl, DESKTOP_UA);
      const landing = await browser.land(await flowAcross(browser, authenticator, `m${i}`, from));
      const code = landing.location.searchParams.get('handoff') ?? '';
      const pair = await Promise.all([browser.handoff(code, to.baseUrl), browser.handoff(code, from.baseUrl)]);
      return { landing, pair };
    });
    const tokens = outcomes.map(({ pair }) => pair.filter((outcome) => outcome.token).length);
    expect(outcomes.map(({ landing }) => landing.location.searchParams.get('error')).filter(Boolean)).toEqual([]);
    expect(tokens.filter((n) => n !== 1)).toEqual([]);
    recordRow({
      case: 'cluster: 40 hand-offs, each sent to both nodes at once',
      requests: 160,
      failures: countBy(
        tokens.filter((n) => n !== 1),
        (n) => `${n} tokens for one code`,
      ),
      usersCreated: 0,
    });
  });

  it('runs Check setup once for admins asking on both nodes at the same moment', async () => {
    // The rate limit's mark is taken atomically in the shared cache: a read-then-write would let several through.
    const token = await nodes[0].request({ cmd: 'rootToken' });
    const saved = await nodes[0].request({
      cmd: 'create',
      collection: 'authenticators',
      values: authenticatorValues('wecom_checked', AGENT_ID),
    });
    const form = { id: saved.id, name: 'wecom_checked', options: { wecom: { corpId: CORP_ID, agentId: AGENT_ID } } };
    const statuses = await pool(20, 20, async (i) => {
      const res = await fetch(`${nodes[i % 2].baseUrl}/wecom:checkSetup`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': 'basic', 'Content-Type': 'application/json' },
        body: JSON.stringify(form),
      });
      return res.status;
    });
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    recordRow({
      case: 'cluster: 20 Check setups of one authenticator across 2 nodes at once',
      requests: 20,
      failures: countBy(
        statuses.filter((status) => status !== 429 && status !== 200),
        (status) => `HTTP ${status}`,
      ),
      usersCreated: 0,
      note: `${statuses.filter((status) => status === 200).length} ran, ${statuses.filter((s) => s === 429).length} refused (429)`,
    });
  });

  it('fetches at most one access token per node in a cold burst across both nodes', async () => {
    // Its own AgentId gives COLD its own token cache key: the burst starts with no token anywhere.
    wecom.resetCalls();
    const outcomes = await pool(40, 40, async (i) => {
      const browser = new HttpBrowser(nodes[i % 2].baseUrl, DESKTOP_UA);
      const callback = await flowAcross(browser, COLD, `m${i}`, nodes[i % 2]);
      return browser.finish(await browser.land(callback));
    });
    const failed = outcomes.filter((outcome) => !outcome.token);
    expect(failed.map((outcome) => outcome.errorId)).toEqual([]);
    expect(wecom.calls.gettoken).toBeGreaterThanOrEqual(1);
    expect(wecom.calls.gettoken).toBeLessThanOrEqual(2);
    recordRow({
      case: 'cluster: cold burst of 40 across 2 nodes',
      requests: 120,
      failures: countBy(failed, (outcome) => outcome.errorId ?? 'no token'),
      usersCreated: 0,
      note: `${wecom.calls.gettoken} gettoken call(s), ${wecom.calls.getuserinfo} getuserinfo`,
    });
  });
});
