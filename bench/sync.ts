/**
 * The sync row: an organisation of BENCH_SYNC_MEMBERS members in 500 departments (one per 20 members, at most
 * 500) in the emulator, NocoBase users with their mobiles, then a full pull of the `wecom` source through
 * NocoBase's user data synchronization and a second pull with nothing changed. Runs after every sign-in row.
 */
import type { WecomEmulator } from '../test/wecom-emulator';
import { organise } from './company';
import type { BenchConfig } from './config';
import { mb } from './scenarios';
import type { ServerProcess } from './server-process';
import type { TargetResult } from './targets';

/** The contacts-sync Secret (whole company, mobiles): its own token, so at most one gettoken per pull. */
export const SYNC_SECRET = 'bench-contacts-sync-secret';
const SYNC_ENDPOINTS = ['gettoken', 'department/list', 'user/list', 'department/get', 'user/get'] as const;
export const SYNC_FULL_MAX_MS = 60_000;

export interface SyncRun {
  status: string;
  message: string;
  ms: number;
  /** RSS sampled every 50 ms while the task ran, and the process's peak RSS so far (getrusage). */
  peakRss: number;
  maxRss: number;
  peakHeap: number;
  writes: Record<string, number>;
}

export type PullRun = SyncRun & { calls: Record<string, number> };

export interface SyncMeasurement {
  members: number;
  departments: number;
  full: PullRun;
  again: PullRun;
}

const pad = (index: number) => String(index).padStart(5, '0');
const syncPerson = (index: number) => ({
  userid: `Sync${pad(index)}`,
  username: `sync_${pad(index)}`,
  phone: `1370${pad(index).padStart(7, '0')}`,
});

/** One `userData:pull` of the sync source, with the WeCom calls it made. */
export async function pullOnce(
  server: ServerProcess,
  wecom: WecomEmulator,
  label: string,
  log: (line: string) => void,
): Promise<PullRun> {
  wecom.resetCalls();
  const run = await server.send<SyncRun>('sync');
  const calls = Object.fromEntries(SYNC_ENDPOINTS.map((name) => [name, wecom.calls[name]]));
  log(`sync ${label}: ${run.status} in ${(run.ms / 1000).toFixed(1)} s — ${run.message}`);
  return { ...run, calls };
}

export async function measureSync(
  config: BenchConfig,
  server: ServerProcess,
  wecom: WecomEmulator,
  log: (line: string) => void,
): Promise<SyncMeasurement> {
  const members = config.syncMembers;
  const departments = Math.min(500, Math.max(1, Math.ceil(members / 20)));
  organise(wecom, departments);
  const people = Array.from({ length: members }, (_, index) => syncPerson(index));
  people.forEach((person, index) => {
    const home = 1 + (index % departments);
    // Every tenth member is also in a second department; the first member of each department leads it.
    const second = index % 10 === 9 && departments > 1 ? [1 + ((index + 7) % departments)] : [];
    wecom.setMember({
      userid: person.userid,
      name: person.username,
      mobile: person.phone,
      department: [home, ...second.filter((id) => id !== home)],
      leaderOf: index < departments ? [home] : [],
    });
  });
  wecom.setSecretPolicy(SYNC_SECRET, { contactsSync: true });
  const seeded = await server.send('seedSync', {
    emulatorUrl: wecom.baseUrl,
    secret: SYNC_SECRET,
    people: people.map(({ username, phone }) => ({ username, phone })),
  });
  log(`sync: ${members} members in ${departments} departments; seeded ${JSON.stringify(seeded)}`);
  const full = await pullOnce(server, wecom, 'full', log);
  const again = await pullOnce(server, wecom, 'again', log);
  return { members, departments, full, again };
}

export const total = (writes: Record<string, number>) => Object.values(writes).reduce((sum, n) => sum + n, 0);
export const byTable = (writes: Record<string, number>) =>
  Object.entries(writes)
    .sort(([, a], [, b]) => b - a)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ') || 'none';

export function syncTable(m: SyncMeasurement): string {
  const lines = [`Contacts sync: ${m.members} members in ${m.departments} departments (userData:pull, wecom source)`];
  for (const [label, run] of [
    ['full sync', m.full],
    ['re-sync, nothing changed', m.again],
  ] as const) {
    lines.push(
      `  ${label}: ${run.status}, ${(run.ms / 1000).toFixed(1)} s, peak server RSS ${mb(run.peakRss)}`,
      `    upstream calls: ${callsLine(run)}`,
      `    write statements (a bulk insert counts once): ${total(run.writes)} (${byTable(run.writes)})`,
      `    task message: ${run.message}`,
    );
  }
  return lines.join('\n');
}

/** The calls one pull may make: department/list once, user/list once per department, at most one gettoken. */
export function callsAtMinimum(run: PullRun, departments: number) {
  const { gettoken, 'department/list': list, 'user/list': users, ...rest } = run.calls;
  const others = Object.values(rest).reduce((sum, n) => sum + n, 0);
  return list === 1 && users === departments && gettoken <= 1 && others === 0;
}

export const callsLine = (run: PullRun) =>
  Object.entries(run.calls)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

export function syncTargets(m: SyncMeasurement): TargetResult[] {
  const expected = `1 + ${m.departments} (+ ≤ 1 gettoken)`;
  const calls = (run: PullRun) =>
    `${run.calls['department/list'] + run.calls['user/list']} + ${run.calls.gettoken} gettoken`;
  return [
    {
      name: `sync: full sync of ${m.members} members ≤ ${SYNC_FULL_MAX_MS / 1000} s`,
      pass: m.full.status === 'success' && m.full.ms <= SYNC_FULL_MAX_MS,
      detail: `${m.full.status}, ${(m.full.ms / 1000).toFixed(1)} s`,
    },
    {
      name: 'sync: a re-sync with nothing changed writes nothing',
      pass: m.again.status === 'success' && total(m.again.writes) === 0,
      detail: `${total(m.again.writes)} write statements (${byTable(m.again.writes)}), ${(m.again.ms / 1000).toFixed(1)} s`,
    },
    {
      name: `sync: upstream calls per pull = ${expected}`,
      pass: callsAtMinimum(m.full, m.departments) && callsAtMinimum(m.again, m.departments),
      detail: `full ${calls(m.full)}; re-sync ${calls(m.again)}`,
    },
  ];
}
