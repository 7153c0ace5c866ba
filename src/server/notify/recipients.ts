import type Database from '@nocobase/database';
import { bindingsOf, BindingScope } from '../accounts/bindings';

/**
 * NocoBase users → the WeCom members to send to, through the authenticator's bindings of its current Corp ID (a
 * binding made under another Corp ID does not count; one from before Corp IDs were recorded does, as at sign-in).
 */
export interface Recipients {
  /** WeCom userid (lower case, as bindings and WeCom's answers spell it) → the NocoBase user id. */
  byUserid: Map<string, number>;
  /** Users with no WeCom binding: nothing can reach them through WeCom. */
  unbound: number[];
}

/** Bindings are read this many users at a time (a database's limit on query parameters). */
const READ_CHUNK = 1000;

export async function recipientsOf(db: Database, scope: BindingScope, userIds: number[]): Promise<Recipients> {
  const byUserid = new Map<string, number>();
  const bound = new Set<number>();
  for (let start = 0; start < userIds.length; start += READ_CHUNK) {
    const chunk = userIds.slice(start, start + READ_CHUNK);
    const { byUuid } = await bindingsOf(db, scope, { uuids: [], userIds: chunk });
    const asked = new Set(chunk);
    for (const [uuid, binding] of byUuid) {
      if (asked.has(binding.userId) && !bound.has(binding.userId)) {
        byUserid.set(uuid, binding.userId);
        bound.add(binding.userId);
      }
    }
  }
  return { byUserid, unbound: userIds.filter((id) => !bound.has(id)) };
}
