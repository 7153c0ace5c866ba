/**
 * The notification row: BENCH_NOTIFY_RECEIVERS members (10,000) bound to the WeCom authenticator, one queued send to
 * all of them (how many `message/send` calls: one per 1,000), then sends of 1,000 receivers timed from NocoBase's
 * `send()` to the send log's row, side by side with the floor: the same send with the WeCom call stubbed out
 * (server/notify.ts). `BENCH_KINDS=notify` runs this row alone.
 */
import type { WecomEmulator } from '../test/wecom-emulator';
import type { BenchConfig } from './config';
import type { ServerProcess } from './server-process';
import { FLOOR_NOTIFY_CHANNEL, NOTIFY_CHANNEL, notifyUserid, NotifySend } from './people';
import type { TargetResult } from './targets';

/** One queued send of this many receivers is the timed unit (WeCom's own limit per call). */
export const TIMED_RECEIVERS = 1000;
export const NOTIFY_MAX_MS = 2000;

export interface NotifyMeasurement {
  receivers: number;
  /** The send to everyone: its send log and the `message/send` calls it made. */
  all: NotifySend & { calls: number };
  /** Timed sends of TIMED_RECEIVERS, in the order run (WeCom and floor alternate). */
  wecom: NotifySend[];
  floor: NotifySend[];
}

export async function measureNotify(
  config: BenchConfig,
  server: ServerProcess,
  wecom: WecomEmulator,
  log: (line: string) => void,
): Promise<NotifyMeasurement> {
  const receivers = config.notifyReceivers;
  for (let index = 0; index < receivers; index++) {
    const userid = notifyUserid(index);
    wecom.setMember({ userid, name: userid, department: [1] });
  }
  const seeded = await server.send('seedNotify', { receivers, emulatorUrl: wecom.baseUrl });
  log(`notify: ${receivers} members; seeded ${JSON.stringify(seeded)}`);
  wecom.update({ latencyMs: 0 });
  const send = (channel: string, count: number) => server.send<NotifySend>('notifySend', { channel, count });
  // Untimed: the first send of each channel loads and warms what later sends reuse (token, settings, code paths).
  await send(NOTIFY_CHANNEL, 10);
  await send(FLOOR_NOTIFY_CHANNEL, 10);

  wecom.resetCalls();
  const all = { ...(await send(NOTIFY_CHANNEL, receivers)), calls: 0 };
  all.calls = wecom.calls['message/send'];
  log(`notify: ${receivers} receivers in ${(all.ms / 1000).toFixed(2)} s, ${all.calls} message/send — ${all.reason}`);

  const count = Math.min(TIMED_RECEIVERS, receivers);
  const timed: NotifyMeasurement = { receivers, all, wecom: [], floor: [] };
  for (let round = 0; round < config.notifyRounds; round++) {
    // Alternating which goes first: a noisy neighbour hits both alike.
    const order = round % 2 ? [FLOOR_NOTIFY_CHANNEL, NOTIFY_CHANNEL] : [NOTIFY_CHANNEL, FLOOR_NOTIFY_CHANNEL];
    for (const channel of order) {
      const result = await send(channel, count);
      (channel === NOTIFY_CHANNEL ? timed.wecom : timed.floor).push(result);
    }
  }
  return timed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};
const times = (sends: NotifySend[]) => sends.map((s) => s.ms);
const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '-');

export function notifyTable(m: NotifyMeasurement): string {
  const floor = median(times(m.floor));
  const rows = [
    ['WeCom channel', m.wecom],
    ['Floor (WeCom call stubbed out)', m.floor],
  ].map(([label, sends]) => {
    const list = times(sends as NotifySend[]);
    const ok = (sends as NotifySend[]).filter((s) => s.status === 'success').length;
    const value = median(list);
    return `| ${String(label).padEnd(30)} | ${String(list.length).padStart(5)} | ${`${ok}/${list.length}`.padStart(7)} | ${fmt(value).padStart(9)} | ${fmt(Math.min(...list)).padStart(6)} | ${fmt(Math.max(...list)).padStart(6)} | ${(value / floor).toFixed(2).padStart(7)} |`;
  });
  return [
    `Notifications: one queued send of ${Math.min(TIMED_RECEIVERS, m.receivers)} receivers (text card), from send() to the send log`,
    '',
    '| send                           | sends | success | median ms | min ms | max ms | x floor |',
    '|--------------------------------|------:|--------:|----------:|-------:|-------:|--------:|',
    ...rows,
    '',
    `All ${m.receivers} receivers in one send: ${m.all.status}, ${(m.all.ms / 1000).toFixed(2)} s, ${m.all.calls} message/send calls — ${m.all.reason}`,
  ].join('\n');
}

export function notifyTargets(m: NotifyMeasurement): TargetResult[] {
  const expectedCalls = Math.ceil(m.receivers / 1000);
  const wecom = median(times(m.wecom));
  const floor = median(times(m.floor));
  const allOk = m.wecom.every((s) => s.status === 'success') && m.floor.every((s) => s.status === 'success');
  return [
    {
      name: `notify: ${m.receivers} receivers → ${expectedCalls} WeCom calls`,
      pass: m.all.status === 'success' && m.all.calls === expectedCalls,
      detail: `${m.all.calls} message/send, ${m.all.status}: ${m.all.reason}`,
    },
    {
      name: `notify: one queued send of ${Math.min(TIMED_RECEIVERS, m.receivers)} receivers < ${NOTIFY_MAX_MS / 1000} s`,
      pass: m.wecom.length ? allOk && wecom < NOTIFY_MAX_MS : null,
      detail: `median ${fmt(wecom)} ms over ${m.wecom.length} sends, floor (WeCom stubbed out) ${fmt(floor)} ms = ${(wecom / floor).toFixed(2)} x floor`,
    },
  ];
}
