/**
 * The targets of the issue, judged on one run's figures. Throughput is a node's capacity: the best rate
 * over the concurrency levels of a kind. Latency targets use concurrency 1 (no queueing).
 */
import type { BenchConfig } from './config';
import { API_ENDPOINTS, MemoryCheckpoint, Measurement, Scenario } from './scenarios';

export interface TargetResult {
  name: string;
  pass: boolean | null; // null: not measured in this run
  detail: string;
}

/**
 * QR sign-ins per second against the floor (one `auth:signIn` that finds the same user with no upstream call).
 * It was 0.8 when a WeCom sign-in was two NocoBase requests (getAuthUrl, then the callback that put the token in
 * the landing URL). Since the hand-off it is three, on purpose: the callback lands on the page with a one-time
 * code and an httpOnly cookie, and the page's client POSTs `wecom:handoff` for the token, so that no session
 * token ever travels in a URL (browser history, proxy and access logs, Referer). Security over speed: the
 * extra request costs about what getAuthUrl costs (NocoBase's middleware, a cookie to unseal, a used-once mark),
 * 1.1–1.5 ms at concurrency 1 against the floor's 9–11 ms.
 *
 * Measured side by side (2026-11-29, SQLite, 2 shared cores, p50 of each request at concurrency 1, 0 ms
 * upstream): floor 9.7 ms; a QR sign-in = getAuthUrl 1.2 + WeCom's page 0.4 + callback 11.7 + hand-off 1.3 ms,
 * i.e. 0.12 + 1.2 + 0.13 floors. The callback itself still does the floor's work plus the state check, one
 * upstream call and the hand-off seal, so QR ≈ 1 / 1.45–1.6 ≈ 0.63–0.69 × floor, and even a callback that cost
 * no more than the floor would leave 1 / 1.25 = 0.8. Runs gave 0.65 (BENCH_SIGNINS=160; server CPU capacity
 * 0.71) and 0.54 (BENCH_SIGNINS=32, a floor peak at c=8 on a busy machine; CPU capacity 0.66). The target is the
 * new flow's figure less a margin for a shared machine's noise; the CPU figures in its detail are the steadier
 * check. On PostgreSQL, where the database work is cheaper, the extra requests weigh more (0.64 there before
 * the hand-off, against the old 0.8): not measured with the hand-off yet.
 */
export const QR_VS_FLOOR = 0.6;

/**
 * What a QR sign-in may add to the floor's p50 besides WeCom's own 50 ms, at concurrency 1. It was "+ 60 ms" in
 * all (10 ms over the upstream call) when a sign-in was two requests; the hand-off made it three, and the two
 * requests around the callback plus the state check and the hand-off seal cost 8–14 ms at p50 (side by side,
 * 2026-11-29, SQLite: 70.3 − 12.2 − 50 = 8.1 ms, and 71.6 − 12.2 − 50 = 9.4 ms for the commit before; in a full
 * busy run 79.1 − 15.5 − 50 = 13.6 ms). The old 10 ms failed that busy run while the same code passed a quiet
 * one: 20 ms is the three-request flow's own figure with a margin, and a regression of the callback still shows.
 */
export const QR_LATENCY_OVERHEAD_MS = 20;

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function runs(all: Measurement[], scenario: Scenario, latencyMs?: number) {
  return all.filter((m) => m.scenario === scenario && (latencyMs === undefined || m.latencyMs === latencyMs));
}

const medianOf = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

const peakRate = (list: Measurement[]) => (list.length ? Math.max(...list.map((m) => m.stats.perSecond)) : NaN);

/** Upstream calls per successful sign-in, by endpoint and in total. */
export function callsPerSignIn(m: Measurement): Record<string, number> & { total: number } {
  const per = (count: number) => (m.stats.succeeded ? count / m.stats.succeeded : NaN);
  const byEndpoint = Object.fromEntries(API_ENDPOINTS.map((name) => [name, per(m.upstreamCalls[name])]));
  const total = per(API_ENDPOINTS.reduce((sum, name) => sum + m.upstreamCalls[name], 0));
  return { ...byEndpoint, total };
}

/** Server CPU time per successful sign-in, in ms: what one sign-in costs a node, whatever else runs. */
export const serverCpuPerSignIn = (m: Measurement) => (m.stats.succeeded ? m.cpuMs.server / m.stats.succeeded : NaN);

export function evaluateTargets(config: BenchConfig, all: Measurement[], memory: MemoryCheckpoint[]): TargetResult[] {
  const results: TargetResult[] = [];

  const failed = all.filter((m) => m.stats.succeeded !== m.stats.attempted);
  results.push({
    name: 'Every sign-in of every run succeeded',
    pass: failed.length === 0,
    detail: failed.length
      ? failed.map((m) => `${m.scenario}@${m.latencyMs}ms c=${m.concurrency}: ${m.stats.firstError}`).join('; ')
      : `${all.length} runs`,
  });

  const oneCallEach = (m: Measurement) =>
    m.upstreamCalls.getuserinfo === m.stats.succeeded && callsPerSignIn(m).total === 1;
  const exactCalls = (list: Measurement[]) => {
    const worst = list.reduce<Measurement | undefined>(
      (a, b) => (!a || callsPerSignIn(b).total > callsPerSignIn(a).total ? b : a),
      undefined,
    );
    if (!worst) {
      return 'not run';
    }
    const c = worst.upstreamCalls;
    return (
      `worst run: ${worst.stats.succeeded} sign-ins made ${c.getuserinfo} getuserinfo, ${c.gettoken} gettoken, ` +
      `${c.getuserdetail + c['user/get']} other calls (${fmt(callsPerSignIn(worst).total, 3)} per sign-in)`
    );
  };
  const qr = runs(all, 'qr');
  results.push({
    name: 'Steady-state upstream calls per QR sign-in = 1.00 (only auth/getuserinfo)',
    pass: qr.length ? qr.every(oneCallEach) : null,
    detail: exactCalls(qr),
  });
  const abandoned = runs(all, 'abandoned');
  const floodCalls = (m: Measurement) =>
    m.flood ? API_ENDPOINTS.reduce((sum, name) => sum + m.flood!.upstreamCalls[name], 0) : NaN;
  results.push({
    name: `1.00 upstream call per QR sign-in after ${config.abandoned} abandoned flows (getAuthUrl, never a callback), 0 gettoken`,
    pass: abandoned.length
      ? abandoned.every((m) => oneCallEach(m) && m.upstreamCalls.gettoken === 0 && floodCalls(m) === 0)
      : null,
    detail: abandoned.length
      ? `${exactCalls(abandoned)}; the flood itself: ${abandoned.map((m) => `${m.flood?.flows} flows in ${fmt(m.flood?.seconds ?? NaN, 1)} s, ${floodCalls(m)} upstream calls`).join(', ')}`
      : 'not run',
  });

  const bursts = runs(all, 'burst');
  results.push({
    name: `Cold burst of ${config.burst}: exactly 1 gettoken call`,
    pass: bursts.length ? bursts.every((m) => m.upstreamCalls.gettoken === 1) : null,
    detail: bursts.map((m) => `${m.latencyMs} ms: ${m.upstreamCalls.gettoken}`).join(', ') || 'not run',
  });

  const qrRate0 = peakRate(runs(all, 'qr', 0));
  const floorRate0 = peakRate(runs(all, 'floor', 0));
  const cpu = (scenario: Scenario) => medianOf(runs(all, scenario, 0).map(serverCpuPerSignIn));
  results.push({
    name: `QR sign-ins/s >= ${QR_VS_FLOOR} x floor at 0 ms upstream latency`,
    pass: Number.isFinite(qrRate0 / floorRate0) ? qrRate0 >= QR_VS_FLOOR * floorRate0 : null,
    detail:
      `${fmt(qrRate0, 1)}/s vs floor ${fmt(floorRate0, 1)}/s = ${fmt(qrRate0 / floorRate0)} x; server CPU per sign-in ` +
      `QR ${fmt(cpu('qr'))} ms, floor ${fmt(cpu('floor'))} ms (capacity ${fmt(cpu('floor') / cpu('qr'))} x), ` +
      `of which getAuthUrl alone ${fmt(cpu('start'))} ms`,
  });

  const byLatency = config.latenciesMs
    .map((latency) => {
      const q = peakRate(runs(all, 'qr', latency));
      const p = peakRate(runs(all, 'password', latency));
      return { latency, q, p, pass: Number.isFinite(q) && Number.isFinite(p) ? q >= p : null };
    })
    .filter((r) => r.pass !== null);
  results.push({
    name: 'QR sign-ins/s >= password sign-ins/s',
    pass: byLatency.length ? byLatency.every((r) => r.pass) : null,
    detail: byLatency.map((r) => `${r.latency} ms: ${fmt(r.q, 1)}/s vs ${fmt(r.p, 1)}/s`).join('; '),
  });

  const qr50 = runs(all, 'qr', 50).find((m) => m.concurrency === 1);
  const floor50 = runs(all, 'floor', 50).find((m) => m.concurrency === 1);
  results.push({
    name: `At 50 ms upstream latency, QR p50 <= floor p50 + 50 ms + ${QR_LATENCY_OVERHEAD_MS} ms (concurrency 1)`,
    pass: qr50 && floor50 ? qr50.stats.p50Ms <= floor50.stats.p50Ms + 50 + QR_LATENCY_OVERHEAD_MS : null,
    detail:
      qr50 && floor50
        ? `${fmt(qr50.stats.p50Ms, 1)} ms vs ${fmt(floor50.stats.p50Ms, 1)} + 50 + ${QR_LATENCY_OVERHEAD_MS} ms`
        : 'needs latency 50 and concurrency 1',
  });

  const base = memory.find((c) => c.signIns >= 1000);
  const last = memory[memory.length - 1];
  const measurable = base && last && last.signIns > base.signIns;
  results.push({
    name: `RSS after ${last?.signIns ?? 0} sign-ins within 10% of RSS after ${base?.signIns ?? 1000}`,
    pass: measurable ? last.rss <= base.rss * 1.1 : null,
    detail: measurable
      ? `${fmt(base.rss / 2 ** 20, 1)} MB -> ${fmt(last.rss / 2 ** 20, 1)} MB (${fmt((last.rss / base.rss - 1) * 100, 1)}%), ` +
        `lock table ${base.lockEntries} -> ${last.lockEntries} entries`
      : 'needs BENCH_RSS_SIGNINS > 1000',
  });
  const signIns = measurable ? last.signIns - base.signIns : 0;
  const lockGrowth =
    measurable && last.lockEntries !== null && base.lockEntries !== null ? last.lockEntries - base.lockEntries : NaN;
  results.push({
    name: "Nothing grows per sign-in (NocoBase's in-process lock table; heap after GC shown)",
    pass: Number.isFinite(lockGrowth) ? lockGrowth <= 0 : null,
    detail: measurable
      ? `over ${signIns} sign-ins: lock table +${lockGrowth} entries (${fmt(lockGrowth / signIns)} per sign-in), ` +
        `heap ${fmt((last.heapUsed - base.heapUsed) / signIns, 0)} bytes per sign-in`
      : 'needs BENCH_RSS_SIGNINS > 1000',
  });
  return results;
}
