/**
 * Every knob of the benchmark, read once from the environment. The defaults fit in about five minutes on a
 * 2-core machine with SQLite, plus the sync row (BENCH_SYNC_MEMBERS; 10,000 members: a full sync of about 20 s
 * and a re-sync of a few seconds on 2 busy cores, 2026-11-29; 0 skips it), plus the first imports (kinds
 * `sync-first` and `sync-100k`, each on fresh servers: see README, "Performance").
 */
import os from 'os';
import path from 'path';

export interface BenchConfig {
  /** Project root (for results and profiles). */
  root: string;
  /** The bundled server entry the driver forks. */
  serverScript: string;
  /** Members bound to the WeCom authenticator; each measured run of QR, floor and password signs each in once. */
  members: number;
  /** Members never signed in before; each run of "first sign-in" signs in this many, then they are unbound again. */
  firstMembers: number;
  /** Sign-ins of each kind per (latency, concurrency), at least `rounds` × 4 × concurrency. */
  signIns: number;
  /** Each kind's sign-ins are split into this many slices, interleaved with the other kinds' (noise hits all alike). */
  rounds: number;
  /** The kinds to measure (all by default; one kind is handy with BENCH_CPU_PROF). */
  kinds: string[];
  concurrency: number[];
  latenciesMs: number[];
  /** Concurrent QR sign-ins of the cold burst (empty token cache). */
  burst: number;
  /**
   * getAuthUrl calls never followed by a callback (people who open the QR page and leave), then QR sign-ins.
   * The default, 20,000 (about 17 s at the 1,170/s of getAuthUrl at concurrency 32 on 2 cores), is ten times
   * the 2,000 entries of NocoBase's memory cache that such a flood used to push the access_token out of, and
   * keeps `npm run bench` about as long as before; BENCH_ABANDONED=100000 is the full flood (about 85 s).
   */
  abandoned: number;
  /** Untimed sign-ins of each kind before the measured runs (JIT, caches, connection pools). */
  warmup: number;
  /** The memory run: this many QR sign-ins, RSS checkpoints every `rssEvery`. 0 skips it. */
  rssSignIns: number;
  rssEvery: number;
  rssConcurrency: number;
  /** The sync row: members of the emulated organisation (departments: one per 20, at most 500). 0 skips it. */
  syncMembers: number;
  /** `sync-first`: members of a first import into a NocoBase with none of them (one department per 20). 0 skips it. */
  syncFirstMembers: number;
  /** `sync-first`: members of the side-by-side run through NocoBase's own writers (and the fast path again). */
  syncRatioMembers: number;
  /** `sync-100k`: members of the large first import (one department per 20). 0 skips it. */
  syncBigMembers: number;
  /** The notification row: receivers of the one send to everyone (one `message/send` per 1,000). 0 skips it. */
  notifyReceivers: number;
  /** The notification row: timed sends of 1,000 receivers, each of WeCom and of the floor. */
  notifyRounds: number;
  /** Write a CPU profile of the NocoBase server over the side-by-side runs to bench/results/profiles. */
  cpuProfile: boolean;
  resultsDir: string;
  db: Record<string, string>;
}

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};

const list = (name: string, fallback: number[]) => {
  const raw = process.env[name];
  if (!raw) {
    return fallback;
  }
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new Error(`${name} must be a comma-separated list of numbers, got "${raw}"`);
  }
  return values;
};

const KINDS = ['qr', 'first', 'floor', 'password', 'start', 'notify', 'sync-first', 'sync-100k'];
/** The rows that are not sign-ins: notifications, and the first imports (each on fresh servers of its own). */
const OTHER_ROWS = ['notify', 'sync-first', 'sync-100k'];
/** The kinds that are sign-ins (the side-by-side table); the sync row of matched users runs after them. */
export const signInKinds = (config: Pick<BenchConfig, 'kinds'>) =>
  config.kinds.filter((kind) => !OTHER_ROWS.includes(kind));

function kinds(): string[] {
  const wanted = (process.env.BENCH_KINDS || KINDS.join(',')).split(',').map((kind) => kind.trim());
  const unknown = wanted.filter((kind) => !KINDS.includes(kind));
  if (unknown.length) {
    throw new Error(`BENCH_KINDS: unknown kind ${unknown.join(', ')} (known: ${KINDS.join(', ')})`);
  }
  return wanted;
}

/** The database: `DB_*` from the environment (PostgreSQL etc.), else a fresh SQLite file in a temp folder. */
function database(): Record<string, string> {
  const db: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('DB_') && value !== undefined) {
      db[key] = value;
    }
  }
  db.DB_DIALECT ||= 'sqlite';
  if (db.DB_DIALECT === 'sqlite' && (!db.DB_STORAGE || db.DB_STORAGE === ':memory:')) {
    // A file, not :memory: (NocoBase's own sign-in breaks under concurrency on :memory:).
    db.DB_STORAGE = path.join(os.tmpdir(), `wecom-bench-${process.pid}`, 'db.sqlite');
  }
  return db;
}

/** Sign-ins of one kind in one slice: enough to keep `concurrency` workers busy twice over. */
export function sliceSize(config: Pick<BenchConfig, 'signIns' | 'rounds'>, concurrency: number): number {
  return Math.ceil(Math.max(config.signIns, config.rounds * 2 * concurrency) / config.rounds);
}

export function readConfig(): BenchConfig {
  const root = process.env.WECOM_BENCH_ROOT || path.resolve(__dirname, '..', '..', '..');
  const members = int('BENCH_MEMBERS', 200);
  const config: BenchConfig = {
    root,
    serverScript: process.env.WECOM_BENCH_SERVER || path.join(__dirname, 'server.js'),
    members,
    firstMembers: int('BENCH_FIRST_MEMBERS', 0),
    signIns: Math.max(1, int('BENCH_SIGNINS', 160)),
    rounds: Math.max(1, int('BENCH_ROUNDS', 4)),
    kinds: kinds(),
    concurrency: list('BENCH_CONCURRENCY', [1, 8, 32]),
    latenciesMs: list('BENCH_LATENCIES', [0, 50]),
    burst: int('BENCH_BURST', 200),
    abandoned: int('BENCH_ABANDONED', 20_000),
    warmup: int('BENCH_WARMUP', 50),
    rssSignIns: int('BENCH_RSS_SIGNINS', 10_000),
    rssEvery: Math.max(1, int('BENCH_RSS_EVERY', 1_000)),
    rssConcurrency: Math.max(1, int('BENCH_RSS_CONCURRENCY', 32)),
    syncMembers: int('BENCH_SYNC_MEMBERS', 10_000),
    syncFirstMembers: int('BENCH_SYNC_FIRST_MEMBERS', 10_000),
    syncRatioMembers: int('BENCH_SYNC_RATIO_MEMBERS', 2_000),
    syncBigMembers: int('BENCH_SYNC_BIG_MEMBERS', 100_000),
    notifyReceivers: int('BENCH_NOTIFY_RECEIVERS', 10_000),
    notifyRounds: Math.max(1, int('BENCH_NOTIFY_ROUNDS', 5)),
    cpuProfile: process.env.BENCH_CPU_PROF === '1',
    resultsDir: path.join(root, 'bench', 'results'),
    db: database(),
  };
  // A slice of first sign-ins needs that many members who have never signed in.
  const needed = Math.max(1, ...config.concurrency.map((c) => sliceSize(config, c)));
  if (!config.firstMembers) {
    config.firstMembers = needed;
  } else if (config.firstMembers < needed) {
    throw new Error(`BENCH_FIRST_MEMBERS must be at least ${needed} (one slice of first sign-ins)`);
  }
  return config;
}
