import type Application from '@nocobase/server';
import { MSG } from '../failures';
import { SyncError, SyncSettings } from './options';

/**
 * No mass change by accident: a pull, or an hour of change events, that would remove more bindings than the
 * source's limit writes nothing and says so with the numbers. A narrowed visible range, a Secret of another app or
 * a department deleted by mistake all look like many members leaving at once; the admin checks WeCom, then raises
 * the limit (`maxRemovals`) or lets the next pull go over it once (`confirmRemovals`).
 */
export const MIN_REMOVAL_LIMIT = 20;
export const REMOVAL_SHARE = 0.1;
/** Change events' removals are counted over this window. */
export const EVENT_WINDOW_MS = 60 * 60 * 1000;

/** What a run would remove: bindings (`unbind`, users deleted included) and, of those, users deleted. */
export interface Removals {
  unbind: number;
  remove: number;
}

/** The most bindings one run may remove: the source's `maxRemovals`, else 10% of the bound members, at least 20. */
export const removalLimit = (settings: Pick<SyncSettings, 'maxRemovals'>, bound: number) =>
  settings.maxRemovals ?? Math.max(MIN_REMOVAL_LIMIT, Math.ceil(bound * REMOVAL_SHARE));

/**
 * Refuses (SyncError naming the numbers) when `removals` go over the limit, unless a pull was confirmed, or
 * always when `held` (change events of a source already held back). `bound` counts the authenticator's bound
 * members; it is only asked for when the removals could be too many.
 */
export async function checkRemovals(
  settings: SyncSettings,
  removals: Removals,
  bound: () => Promise<number>,
  by: 'pull' | 'events',
  held = false,
) {
  const few = removals.unbind <= (settings.maxRemovals ?? MIN_REMOVAL_LIMIT);
  if (!held && (few || (by === 'pull' && settings.confirmRemovals))) {
    return;
  }
  const members = await bound();
  const limit = removalLimit(settings, members);
  if (held || removals.unbind > limit) {
    const key = by === 'pull' ? MSG.syncTooManyRemovals : MSG.syncEventsTooManyRemovals;
    throw new SyncError(key, { ...removals, bound: members, limit });
  }
}

/**
 * The removals change events made lately, per source, on this node: counted over an hour. Once events were held
 * back, every later removal by events is held too, until a pull of that source ends well (the admin's say).
 */
class EventRemovals {
  private readonly made = new Map<string, number[]>();
  private readonly held = new Set<string>();

  /** Removals by events in the window. */
  recent(sourceName: string, now = Date.now()): number {
    const kept = (this.made.get(sourceName) ?? []).filter((at) => now - at < EVENT_WINDOW_MS);
    this.made.set(sourceName, kept);
    return kept.length;
  }

  isHeld = (sourceName: string) => this.held.has(sourceName);

  add(sourceName: string, count: number, now = Date.now()) {
    this.made.set(sourceName, [...(this.made.get(sourceName) ?? []), ...Array<number>(count).fill(now)]);
  }

  /** Returns true the first time the source's removals are held (one message for the admin, not one an event). */
  hold(sourceName: string): boolean {
    const first = !this.held.has(sourceName);
    this.held.add(sourceName);
    return first;
  }

  /** A pull of the source ended well: events start counting again. */
  reset(sourceName: string) {
    this.held.delete(sourceName);
    this.made.delete(sourceName);
  }
}

const TRACKER = Symbol.for('@nocobase-wecom/plugin-auth-wecom:event-removals');

/** The app's record of removals by change events (a property of the app: see wecom/app-runtime.ts). */
export function eventRemovals(app: Application): EventRemovals {
  const holder = app as unknown as { [TRACKER]?: EventRemovals };
  holder[TRACKER] ??= new EventRemovals();
  return holder[TRACKER];
}
