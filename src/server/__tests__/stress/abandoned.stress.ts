import http from 'http';
import { performance } from 'perf_hooks';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { DESKTOP_UA, member, Site, startSite, WXWORK_UA } from '../harness';
import { HttpBrowser } from './http-browser';
import { listen, useSqliteFileUnderLoad } from './listen';
import { recordRow } from './summary';

/**
 * A flood of abandoned flows (getAuthUrl, never a callback: people who open the QR page and leave, or anyone
 * calling the public action in a loop) costs the server nothing: the flow lives in the caller's cookie, the
 * server writes nothing until a callback. So a sign-in started before the flood still completes, the cached
 * access_token is still there (no extra gettoken), and the server's memory does not grow.
 *
 * Jest runs the server in this process, so memory is measured here: RSS after a forced full GC (global.gc, or
 * V8's exposed one), once after a warm-up flood (JIT, sockets, heap high-water) and once after the flood.
 */
const FLOWS = Number(process.env.STRESS_ABANDONED_FLOWS) || 100_000;
const WARMUP = Math.min(5_000, FLOWS);
const CONCURRENCY = 16;
/** The whole flood must end well within the 10 minutes a flow lives (the early sign-in's flow must not expire). */
const DEADLINE_MS = (Number(process.env.STRESS_ABANDONED_SECONDS) || 480) * 1000;

describe('a flood of abandoned sign-in flows', () => {
  let site: Site;
  let server: { baseUrl: string; close: () => Promise<void> };
  let name: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    useSqliteFileUnderLoad();
    site = await startSite();
    name = await site.addAuthenticator();
    for (const userid of ['early', 'warm']) {
      const user = await site.app.db.getRepository('users').create({ values: { nickname: `Flood ${userid}` } });
      await site.app.db
        .getRepository('usersAuthenticators')
        .create({ values: { authenticator: name, userId: user.id, uuid: userid } });
      site.wecom.setMember(member(userid));
    }
    server = await listen(site.app);
  });
  afterAll(async () => {
    agent.destroy();
    await server?.close();
    await site?.close();
  });

  /** One getAuthUrl of a new visitor (no cookies): whether it answered 200 with a flow cookie. */
  function startOne(userAgent: string): Promise<boolean> {
    const url = `${server.baseUrl}/wecom:getAuthUrl?authenticator=${name}`;
    return new Promise((resolve) => {
      const req = http.get(url, { agent, headers: { 'User-Agent': userAgent } }, (res) => {
        res.resume();
        const cookie = (res.headers['set-cookie'] || []).some((line) => line.startsWith('wecom_flow_'));
        res.on('end', () => resolve(res.statusCode === 200 && cookie));
        res.on('error', () => resolve(false));
      });
      req.on('error', () => resolve(false));
    });
  }

  /** `count` abandoned flows at CONCURRENCY, stopping at `deadline`. */
  async function flood(count: number, deadline: number) {
    let started = 0;
    let failed = 0;
    const worker = async () => {
      while (started < count && performance.now() < deadline) {
        const i = started++;
        if (!(await startOne(i % 4 ? DESKTOP_UA : WXWORK_UA))) {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { started, failed };
  }

  async function memory() {
    const gc: () => void = (global as any).gc ?? (setFlagsFromString('--expose-gc'), runInNewContext('gc'));
    for (let round = 0; round < 4; round++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed };
  }

  it(`keeps an earlier sign-in, the access token and the memory through ${FLOWS} abandoned flows`, async () => {
    const deadline = performance.now() + DEADLINE_MS;
    // A sign-in before anything: the access token is fetched and cached.
    const warm = await new HttpBrowser(server.baseUrl, DESKTOP_UA).signIn(name, () => site.wecom.issueCode('warm'));
    expect(warm.errorId).toBeUndefined();
    expect((await flood(WARMUP, deadline)).failed).toBe(0);
    const before = await memory();

    // A person opens the QR page (their browser keeps its flow cookie), then the flood comes.
    const person = new HttpBrowser(server.baseUrl, DESKTOP_UA);
    const { url } = await person.start(name);
    site.wecom.resetCalls();
    const t0 = performance.now();
    const { started, failed } = await flood(FLOWS, deadline);
    const seconds = (performance.now() - t0) / 1000;
    const after = await memory();
    const growth = after.rss / before.rss - 1;
    const calls = { ...site.wecom.calls };

    // ... and finishes it with WeCom after the flood.
    const outcome = await person.finish(await person.land(person.callbackUrl(url!, site.wecom.issueCode('early'))));
    const user = outcome.token ? await site.browser().check(name, outcome.token) : undefined;
    const upstream = { ...site.wecom.calls };
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    const note =
      `${started} flows in ${seconds.toFixed(0)} s (${(started / seconds).toFixed(0)}/s @${CONCURRENCY}); ` +
      `RSS after GC ${mb(before.rss)} -> ${mb(after.rss)} MB (${(growth * 100).toFixed(1)}%), ` +
      `heap ${((after.heapUsed - before.heapUsed) / Math.max(1, started)).toFixed(1)} B/flow; ` +
      `upstream during flood ${calls.gettoken + calls.getuserinfo}, then ${upstream.gettoken} gettoken + ${upstream.getuserinfo} getuserinfo`;
    console.info(note);
    recordRow({
      case: `abandoned: ${FLOWS} getAuthUrl never finished, then an earlier sign-in (${process.env.DB_DIALECT})`,
      requests: WARMUP + started + 4,
      failures: {
        ...(failed ? { 'getAuthUrl not 200 with a flow cookie': failed } : {}),
        ...(started < FLOWS ? { [`flood cut at ${DEADLINE_MS / 1000} s`]: FLOWS - started } : {}),
        ...(outcome.token ? {} : { [outcome.errorId ?? 'no token']: 1 }),
      },
      usersCreated: 0,
      note,
    });

    expect(started).toBe(FLOWS);
    expect(failed).toBe(0);
    expect(outcome.errorId).toBeUndefined();
    expect(user?.nickname).toBe('Flood early');
    // The flood called WeCom for nothing, and the token cached before it served the sign-in after it.
    expect(calls).toMatchObject({ gettoken: 0, getuserinfo: 0 });
    expect(upstream).toMatchObject({ gettoken: 0, getuserinfo: 1 });
    expect(growth).toBeLessThan(0.05);
  });
});
