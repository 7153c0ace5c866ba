import { UNBOUND_REASONS } from '../../messages';
import type { UnboundReason } from '../../sync-preview';

export type { UnboundReason };

/** What a pull or a change event did with the members, for the task's message and the log. */
export interface Tally {
  departments: number;
  members: number;
  /** Bound before this run. */
  bound: number;
  /** Bound now to the existing user their key points at (the authenticator's `matchBy`). */
  matched: number;
  /** Bound now to a new user (`createUnmatched`). */
  created: number;
  /** Present in WeCom, left without a binding, by reason. */
  unbound: Partial<Record<UnboundReason, number>>;
  /** Left, disabled or gone in WeCom: bindings removed, root's kept, users deleted (`removeLeavers`, left only). */
  left: { unbound: number; rootKept: number; removed: number };
}

export const newTally = (): Tally => ({
  departments: 0,
  members: 0,
  bound: 0,
  matched: 0,
  created: 0,
  unbound: {},
  left: { unbound: 0, rootKept: 0, removed: 0 },
});

/** NocoBase keeps at most this much of a task's message (on PostgreSQL a longer one fails the task's save). */
const TASK_MESSAGE_MAX = 255;

/** Why members stay unbound, as the task's message and Preview say it (keys of the locale files). */
export const REASONS: Record<UnboundReason, string> = UNBOUND_REASONS;

/** The parts of the task's message (keys of the locale files, English texts). */
export const SUMMARY = {
  whole: 'WeCom: {{parts}}.',
  counts: '{{departments}} departments, {{members}} members',
  members: 'already bound {{bound}}, matched {{matched}}, created {{created}}',
  unbound: 'left unbound {{count}}',
  leavers: 'leavers unbound {{unbound}}',
  deleted: ', deleted {{removed}}',
  rootKept: ', root kept {{rootKept}}',
  took: 'Took {{duration}}.',
  seconds: '{{seconds}} s',
  minutes: '{{minutes}} min {{seconds}} s',
} as const;

/** Fills a text's `{{name}}`s: a translator for a message nobody reads in another language (logs, tests). */
export type Translator = (key: string, params?: Record<string, string | number>) => string;
export const english: Translator = (key, params = {}) =>
  key.replace(/{{(\w+)}}/g, (whole, name) => (name in params ? String(params[name]) : whole));

/** One line for the task list (NocoBase keeps at most 255 characters of it), in the language `t` writes. */
export function summary(tally: Tally, t: Translator = english): string {
  const unbound = Object.entries(tally.unbound).filter(([, count]) => count);
  const left = tally.left;
  const total = unbound.reduce((sum, [, count]) => sum + (count as number), 0);
  const reasons = unbound.map(([reason, count]) => `${t(REASONS[reason as UnboundReason])}: ${count}`).join('; ');
  const parts = [
    t(SUMMARY.counts, { departments: tally.departments, members: tally.members }),
    t(SUMMARY.members, { bound: tally.bound, matched: tally.matched, created: tally.created }),
    `${t(SUMMARY.unbound, { count: total })}${unbound.length ? ` (${reasons})` : ''}`,
    `${t(SUMMARY.leavers, { unbound: left.unbound })}${left.removed ? t(SUMMARY.deleted, { removed: left.removed }) : ''}${
      left.rootKept ? t(SUMMARY.rootKept, { rootKept: left.rootKept }) : ''
    }`,
  ];
  return fitTaskMessage(t(SUMMARY.whole, { parts: parts.join('; ') }));
}

/** The summary and how long the run took: the duration always fits, the summary is cut if need be. */
export function withDuration(text: string, ms: number, t: Translator = english): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const duration =
    seconds < 60
      ? t(SUMMARY.seconds, { seconds })
      : t(SUMMARY.minutes, { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
  const tail = ` ${t(SUMMARY.took, { duration })}`;
  return `${fitTaskMessage(text, TASK_MESSAGE_MAX - tail.length)}${tail}`;
}

/** A task's message as NocoBase can keep it (or cut to `max`). */
export const fitTaskMessage = (text: string, max = TASK_MESSAGE_MAX) =>
  text.length > max ? `${text.slice(0, max - 3)}...` : text;
