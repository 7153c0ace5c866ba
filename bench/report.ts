/** The run's figures as one Markdown table (printed) and as JSON (written to bench/results/). */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { BenchConfig } from './config';
import { mb, MemoryCheckpoint, Measurement } from './scenarios';
import type { FirstImportMeasurement } from './first-import';
import type { NotifyMeasurement } from './notify';
import type { SyncMeasurement } from './sync';
import { callsPerSignIn, serverCpuPerSignIn, TargetResult } from './targets';

const LABELS: Record<string, string> = {
  qr: 'WeCom QR (bound)',
  first: 'WeCom first, in client',
  floor: 'Floor (no upstream)',
  password: 'Password (basic)',
  burst: 'Cold burst QR',
  start: 'getAuthUrl alone (no sign-in)',
  abandoned: 'QR after abandoned flows',
};

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const calls = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');

export function table(all: Measurement[]): string {
  const header = [
    'sign-in',
    'upstream latency',
    'conc.',
    'sign-ins',
    'sign-ins/s',
    'x floor',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'gettoken',
    'getuserinfo',
    'getuserdetail',
    'user/get',
    'calls/sign-in',
    'server CPU ms',
    'x floor CPU',
  ];
  const rows = all.map((m) => {
    const floor = all.find(
      (f) => f.scenario === 'floor' && f.latencyMs === m.latencyMs && f.concurrency === m.concurrency,
    );
    const per = callsPerSignIn(m);
    const failed = m.stats.attempted - m.stats.succeeded;
    const cpu = serverCpuPerSignIn(m);
    return [
      LABELS[m.scenario],
      `${m.latencyMs} ms`,
      String(m.concurrency),
      failed ? `${m.stats.succeeded}/${m.stats.attempted}` : String(m.stats.attempted),
      m.stats.perSecond.toFixed(1),
      floor ? (m.stats.perSecond / floor.stats.perSecond).toFixed(2) : '-',
      ms(m.stats.p50Ms),
      ms(m.stats.p95Ms),
      ms(m.stats.p99Ms),
      calls(per.gettoken),
      calls(per.getuserinfo),
      calls(per.getuserdetail),
      calls(per['user/get']),
      calls(per.total),
      cpu.toFixed(2),
      floor ? (cpu / serverCpuPerSignIn(floor)).toFixed(2) : '-',
    ];
  });
  return markdown(header, rows);
}

export function memoryTable(checkpoints: MemoryCheckpoint[]): string {
  const rows = checkpoints.map((c) => [String(c.signIns), mb(c.rss), mb(c.heapUsed), String(c.lockEntries ?? '-')]);
  return markdown(['QR sign-ins done', 'server RSS (after GC)', 'heap used', 'lock table entries'], rows);
}

export function targetLines(targets: TargetResult[]): string {
  const mark = (pass: boolean | null) => (pass === null ? 'SKIP' : pass ? 'PASS' : 'FAIL');
  return targets.map((t) => `${mark(t.pass).padEnd(4)}  ${t.name} — ${t.detail}`).join('\n');
}

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < 3 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Everything but secrets (DB_PASSWORD) and machine paths. */
export function writeJson(
  config: BenchConfig,
  all: Measurement[],
  memory: MemoryCheckpoint[],
  targets: TargetResult[],
  rows: { sync?: SyncMeasurement; notify?: NotifyMeasurement; imports?: FirstImportMeasurement },
) {
  fs.mkdirSync(config.resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const { DB_PASSWORD, DB_STORAGE, ...db } = config.db;
  const document = {
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      platform: process.platform,
    },
    settings: {
      db,
      members: config.members,
      firstMembers: config.firstMembers,
      concurrency: config.concurrency,
      latenciesMs: config.latenciesMs,
      signIns: config.signIns,
      burst: config.burst,
      abandoned: config.abandoned,
      warmup: config.warmup,
      rssSignIns: config.rssSignIns,
      rssConcurrency: config.rssConcurrency,
      syncMembers: config.syncMembers,
      notifyReceivers: config.notifyReceivers,
      notifyRounds: config.notifyRounds,
      syncFirstMembers: config.syncFirstMembers,
      syncRatioMembers: config.syncRatioMembers,
      syncBigMembers: config.syncBigMembers,
    },
    measurements: all,
    memory,
    ...rows,
    targets,
  };
  const file = path.join(config.resultsDir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(document, null, 2)}\n`;
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(config.resultsDir, 'latest.json'), text);
  return path.relative(config.root, file);
}
