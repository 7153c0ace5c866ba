/**
 * Runs jobs at a fixed concurrency (a closed loop: each of `concurrency` workers starts its next job when
 * its last one ends) and times each job. Samples of several runs can be merged before they are summarized.
 */
import { performance } from 'perf_hooks';

export interface Sample {
  attempted: number;
  /** Latency of each job that succeeded, in ms. */
  latencies: number[];
  wallMs: number;
  firstError?: string;
}

export async function runAtConcurrency(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<unknown>,
): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      try {
        await job(index);
        latencies.push(performance.now() - started);
      } catch (error: any) {
        firstError ??= String(error?.message || error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { attempted: count, latencies, wallMs: performance.now() - started, firstError };
}

export function mergeSamples(samples: Sample[]): Sample {
  return {
    attempted: samples.reduce((sum, s) => sum + s.attempted, 0),
    latencies: samples.flatMap((s) => s.latencies),
    wallMs: samples.reduce((sum, s) => sum + s.wallMs, 0),
    firstError: samples.find((s) => s.firstError)?.firstError,
  };
}
