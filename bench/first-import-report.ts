/** The first-import rows' figures (printed lines) and their targets (issue 23, "Targets"). */
import type { FirstImportMeasurement, ImportRun } from './first-import';
import { mb } from './scenarios';
import { byTable, callsAtMinimum, callsLine, PullRun, SYNC_FULL_MAX_MS, total } from './sync';
import type { TargetResult } from './targets';

/** What a large pull may add to the idle server's RSS. */
export const BIG_PULL_MAX_EXTRA_RSS = 2 ** 30;

const seconds = (run: PullRun) => `${(run.ms / 1000).toFixed(1)} s`;
const peakOf = (run: PullRun) => Math.max(run.peakRss, run.maxRss);
const complete = (run: ImportRun) => run.checks.every((check) => check.ok === check.of);
const writers = (run: ImportRun) => (run.writers === 'plugin' ? "the plugin's writers" : "NocoBase's own writers");

function runLines(run: ImportRun): string[] {
  const lines = [
    `  ${run.label}: ${run.members} members in ${run.departments} departments into a fresh app, ${writers(run)}`,
    `    first import: ${run.full.status}, ${seconds(run.full)}, ${(run.members / (run.full.ms / 1000)).toFixed(0)} members/s; ` +
      `server CPU ${(run.cpuMs / 1000).toFixed(1)} s`,
    `    server RSS: idle ${mb(run.idleRss)} (after GC), peak ${mb(peakOf(run.full))} during the pull ` +
      `(getrusage; sampled every 50 ms ${mb(run.full.peakRss)}), ` +
      `+${mb(peakOf(run.full) - run.idleRss)}; peak V8 heap in use ${mb(run.full.peakHeap)}; ` +
      `after the pull and a GC ${mb(run.after.rss)} (heap ${mb(run.after.heapUsed)})`,
    `    upstream calls: ${callsLine(run.full)}`,
    `    write statements (a bulk insert counts once): ${total(run.full.writes)} (${byTable(run.full.writes)})`,
    `    task message: ${run.full.message}`,
    '    afterwards, by SQL (members it holds for):',
    ...run.checks.map(
      (check) => `      ${check.ok === check.of ? 'ok  ' : 'BAD '} ${check.name}: ${check.ok}/${check.of}`,
    ),
  ];
  if (run.again) {
    lines.push(
      `    second pull: ${run.again.status}, ${seconds(run.again)}, ${total(run.again.writes)} write statements ` +
        `(${byTable(run.again.writes)}); calls: ${callsLine(run.again)}`,
    );
  }
  return lines;
}

export function firstImportTable(m: FirstImportMeasurement): string {
  const lines = [`First import of WeCom contacts (${m.dialect}; userData:pull, wecom source, createUnmatched)`];
  for (const run of [m.first, m.ratio?.plugin !== m.first ? m.ratio?.plugin : undefined, m.ratio?.nocobase, m.big]) {
    if (run) lines.push(...runLines(run));
  }
  if (m.ratio) {
    const { plugin, nocobase } = m.ratio;
    lines.push(
      `  side by side, ${plugin.members} members each into a fresh app: the plugin ${seconds(plugin.full)}, ` +
        `NocoBase's own writers ${seconds(nocobase.full)} = ${(nocobase.full.ms / plugin.full.ms).toFixed(1)} x` +
        (plugin.members !== m.first?.members
          ? ` (a smaller size than the first import: NocoBase's writers take minutes there)`
          : ''),
    );
  }
  return lines.join('\n');
}

const failedChecks = (run: ImportRun) =>
  run.checks
    .filter((check) => check.ok !== check.of)
    .map((check) => `${check.name} ${check.ok}/${check.of}`)
    .join('; ');

export function firstImportTargets(m: FirstImportMeasurement): TargetResult[] {
  const results: TargetResult[] = [];
  const { first, ratio, big } = m;
  if (first) {
    results.push(
      {
        name: `sync-first: first import of ${first.members} members (${first.departments} departments) ≤ ${SYNC_FULL_MAX_MS / 1000} s`,
        pass: first.full.status === 'success' && first.full.ms <= SYNC_FULL_MAX_MS,
        detail: `${first.full.status}, ${seconds(first.full)} (server CPU ${(first.cpuMs / 1000).toFixed(1)} s)`,
      },
      {
        name: 'sync-first: every user with nickname, phone / email, departments, main department, leader flags, binding, sync record',
        pass: complete(first),
        detail: complete(first) ? `all ${first.checks.length} checks hold for every member` : failedChecks(first),
      },
      {
        name: 'sync-first: a second pull writes nothing',
        pass: first.again?.status === 'success' && total(first.again.writes) === 0,
        detail: first.again
          ? `${total(first.again.writes)} write statements (${byTable(first.again.writes)}), ${seconds(first.again)}`
          : 'not run',
      },
      {
        name: `sync-first: upstream calls per pull = 1 + ${first.departments} (+ ≤ 1 gettoken)`,
        pass:
          callsAtMinimum(first.full, first.departments) &&
          (!first.again || callsAtMinimum(first.again, first.departments)),
        detail: `first import: ${callsLine(first.full)}`,
      },
    );
  }
  if (ratio) {
    const { plugin, nocobase } = ratio;
    const both = [plugin, nocobase].every((run) => run.full.status === 'success' && complete(run));
    results.push({
      name: `sync-first: the plugin's writers vs NocoBase's own, the same pull of ${plugin.members} members (fresh app each)`,
      pass: both && plugin.full.ms < nocobase.full.ms,
      detail:
        `${seconds(plugin.full)} vs ${seconds(nocobase.full)} = ${(nocobase.full.ms / plugin.full.ms).toFixed(1)} x faster; ` +
        `both complete: ${both ? 'yes' : [failedChecks(plugin), failedChecks(nocobase)].filter(Boolean).join(' | ')}`,
    });
  }
  if (big) {
    const extra = peakOf(big.full) - big.idleRss;
    results.push(
      {
        name: `sync-100k: the first import of ${big.members} members (${big.departments} departments) finishes, every user complete`,
        pass: big.full.status === 'success' && complete(big),
        detail: `${big.full.status}, ${seconds(big.full)}${complete(big) ? '' : `; ${failedChecks(big)}`}`,
      },
      {
        name: `sync-100k: server peak RSS − idle RSS < ${mb(BIG_PULL_MAX_EXTRA_RSS)}`,
        pass: extra < BIG_PULL_MAX_EXTRA_RSS,
        detail: `idle ${mb(big.idleRss)}, peak ${mb(peakOf(big.full))}: +${mb(extra)}`,
      },
      {
        name: `sync-100k: upstream calls = 1 department/list + ${big.departments} user/list + ≤ 1 gettoken`,
        pass: callsAtMinimum(big.full, big.departments),
        detail: callsLine(big.full),
      },
    );
  }
  return results;
}
