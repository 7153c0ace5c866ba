import type Database from '@nocobase/database';
import type { Filter } from '@nocobase/database';
import { isValidFilter } from '@nocobase/utils';

/**
 * Who a message is for, as NocoBase user ids. NocoBase gives them two ways: `sendToUsers` and the `messages:send`
 * action pass `{ type: 'userId', value: [ids] }`; the workflow's Notification node leaves them in the message's own
 * `receivers` setting, as the in-app channel's form writes it: user ids (picked, or from variables the workflow
 * has already resolved: a number, a numeric text, a list of them, a user record) and `{ filter }` queries on users.
 * A filter with no condition (or whose conditions all came out empty) selects nobody, never every user.
 */
export interface ReceiversArgument {
  type: string;
  value: unknown;
  channelType?: string;
}

const POSITIVE_ID = /^[1-9]\d{0,15}$/;

export async function receiverUserIds(
  db: Database,
  message: { receivers?: unknown },
  receivers?: ReceiversArgument,
): Promise<number[]> {
  const selection = receivers ? receivers.value : message.receivers;
  const ids = new Set<number>();
  const filters: Record<string, unknown>[] = [];
  collect(selection, ids, filters);
  for (const filter of filters) {
    const users = await db.getRepository('users').find({ filter: filter as Filter, fields: ['id'] });
    users.forEach((user: { get(name: string): unknown }) => ids.add(Number(user.get('id'))));
  }
  return [...ids];
}

/** Walks a receivers setting: ids into `ids`, usable filters into `filters`; anything else is ignored. */
function collect(item: unknown, ids: Set<number>, filters: Record<string, unknown>[], depth = 0): void {
  if (depth > 8 || item === null || item === undefined) {
    return;
  }
  if (Array.isArray(item)) {
    item.forEach((inner) => collect(inner, ids, filters, depth + 1));
    return;
  }
  if (typeof item === 'number' || typeof item === 'bigint') {
    addId(String(item), ids);
    return;
  }
  if (typeof item === 'string') {
    // A list variable inside a text comes out of the template engine as "1,2,3".
    item.split(',').forEach((part) => addId(part.trim(), ids));
    return;
  }
  if (typeof item === 'object') {
    const { filter, id } = item as { filter?: unknown; id?: unknown };
    if (filter !== undefined) {
      if (filter && typeof filter === 'object' && isValidFilter(filter)) {
        filters.push(filter as Record<string, unknown>);
      }
      return;
    }
    if (id !== undefined) {
      collect(id, ids, filters, depth + 1);
    }
  }
}

function addId(text: string, ids: Set<number>) {
  if (POSITIVE_ID.test(text) && Number.isSafeInteger(Number(text))) {
    ids.add(Number(text));
  }
}
