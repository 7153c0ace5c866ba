import { appendFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

/** One row of the stress summary table (printed by summary-reporter.js at the end of the run). */
export interface StressRow {
  case: string;
  requests: number;
  /** Failure kinds (the message, or `HTTP 500`, ...) and how often they happened. */
  failures: Record<string, number>;
  usersCreated: number;
  note?: string;
}

export const SUMMARY_FILE = path.join(tmpdir(), `wecom-stress-summary-${process.env.WECOM_STRESS_RUN || 'last'}.jsonl`);

export function recordRow(row: StressRow) {
  appendFileSync(SUMMARY_FILE, `${JSON.stringify(row)}\n`);
}

export function countBy<T>(items: T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k) {
      counts[k] = (counts[k] || 0) + 1;
    }
  }
  return counts;
}
