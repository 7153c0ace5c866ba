/** Summaries of one measured run: throughput and latency percentiles. */
import type { Sample } from './load';

export interface RunStats {
  /** Sign-ins attempted and sign-ins that ended with a token. */
  attempted: number;
  succeeded: number;
  /** The first failure's message, when any failed. */
  firstError?: string;
  wallMs: number;
  /** Successful sign-ins per second of wall time. */
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) {
    return NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize({ latencies, attempted, wallMs, firstError }: Sample): RunStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    attempted,
    succeeded: sorted.length,
    firstError,
    wallMs,
    perSecond: wallMs > 0 ? (sorted.length * 1000) / wallMs : 0,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}
