/**
 * The sync row's server side: users for the organisation's members (matched by mobile, as a company that
 * already has its people in NocoBase), a `wecom` source of NocoBase's user data synchronization, and a pull run
 * as `userData:pull` runs it, timed to its task's end, with the peak RSS and the rows it wrote.
 */
import type { Model } from '@nocobase/database';
import type { MockServer } from '@nocobase/test';
import { SYNC_SOURCE_TYPE } from '../../src/constants';
import { CORP, WECOM_AUTHENTICATOR } from '../people';

export const SYNC_SOURCE = 'wecom_bench_contacts';

export interface SyncSeedRequest {
  emulatorUrl: string;
  secret: string;
  people: { username: string; phone: string }[];
}

export interface SyncRun {
  status: string;
  message: string;
  ms: number;
  peakRss: number;
  /** The V8 heap in use at its sampled peak (live objects and garbage not collected yet). */
  peakHeap: number;
  /**
   * The process's peak RSS (getrusage) when the pull raised it, which a busy event loop cannot hide from the
   * sampler; else the sampled peak (the process's peak was earlier, e.g. while NocoBase installed).
   */
  maxRss: number;
  /** INSERT / UPDATE / DELETE statements by table while the task ran (its own task row left out). */
  writes: Record<string, number>;
}

/** Users with the members' mobiles, written at once (hooks off: the bench needs the rows, not their side effects). */
export async function seedSync(app: MockServer, request: SyncSeedRequest) {
  const now = new Date();
  const rows = request.people.map((person) => ({
    username: person.username,
    nickname: person.username,
    phone: person.phone,
    createdAt: now,
    updatedAt: now,
  }));
  for (let at = 0; at < rows.length; at += 1000) {
    await app.db.getModel('users').bulkCreate(rows.slice(at, at + 1000), { hooks: false });
  }
  await createSource(app, request.emulatorUrl, request.secret);
  return { users: rows.length };
}

/** The `wecom` source of the sync rows (`createUnmatched` for a first import). */
export async function createSource(app: MockServer, emulatorUrl: string, secret: string, createUnmatched = false) {
  await app.db.getRepository('userDataSyncSources').create({
    values: {
      name: SYNC_SOURCE,
      sourceType: SYNC_SOURCE_TYPE,
      enabled: true,
      options: {
        corpId: CORP.corpId,
        secret,
        authenticator: WECOM_AUTHENTICATOR,
        apiBaseUrl: emulatorUrl,
        timeoutMs: 30_000,
        ...(createUnmatched ? { createUnmatched: true } : {}),
      },
    },
  });
}

// The table after the keyword, without a schema (PostgreSQL writes "public"."users").
const WRITE = /^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(?:[`"[]?\w+[`"\]]?\.)?[`"[]?(\w+)/i;

const agents = new WeakMap<MockServer, any>();

/**
 * Root's agent, signed in once per app: a sign-in writes NocoBase's token table (and may clean it up afterwards,
 * unawaited), which is the bench's doing, not the pull's, and must not count among a pull's writes.
 */
async function rootAgent(app: MockServer) {
  if (!agents.has(app)) {
    const root = await app.db.getRepository('users').findOne({ filter: { 'roles.name': 'root' } });
    agents.set(app, await app.agent().login(root));
  }
  return agents.get(app);
}

/** `userData:pull` as root, then the task's end; RSS sampled every 50 ms, writes counted per statement. */
export async function runSync(app: MockServer): Promise<SyncRun> {
  const writes: Record<string, number> = {};
  // Sequelize's AbstractQuery carries the statement as `sql` (not in its type).
  const count = (_options: unknown, query: unknown) => {
    const match = WRITE.exec((query as { sql?: string } | undefined)?.sql ?? '');
    if (match && match[2] !== 'userDataSyncTasks') {
      writes[match[2]] = (writes[match[2]] ?? 0) + 1;
    }
  };
  let peakRss = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 50);
  const sources = app.db.getRepository('userDataSyncSources');
  const tasks = app.db.getRepository('userDataSyncTasks');
  const source = await sources.findOne({ filter: { name: SYNC_SOURCE } });
  const agent = await rootAgent(app);
  const [last]: Model[] = await tasks.find({ filter: { sourceId: source.get('id') }, sort: ['-id'] });
  app.db.sequelize.addHook('afterQuery', 'wecom-bench-writes', count);
  const started = performance.now();
  try {
    const res = await agent.post(`/userData:pull?name=${SYNC_SOURCE}`);
    if (res.status !== 200) {
      throw new Error(`userData:pull answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    while (performance.now() - started < 1_800_000) {
      const [task]: Model[] = await tasks.find({ filter: { sourceId: source.get('id') }, sort: ['-id'] });
      const status = String(task?.get('status') ?? '');
      if (task && task.get('id') !== last?.get('id') && status !== 'init' && status !== 'processing') {
        return {
          status,
          message: String(task.get('message') ?? ''),
          ms: performance.now() - started,
          peakRss,
          peakHeap,
          maxRss: process.resourceUsage().maxRSS > maxBefore ? process.resourceUsage().maxRSS * 1024 : peakRss,
          writes,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the sync task did not end within 30 minutes');
  } finally {
    app.db.sequelize.removeHook('afterQuery', 'wecom-bench-writes');
    clearInterval(sampler);
  }
}
