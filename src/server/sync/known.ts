import type Application from '@nocobase/server';
import { bindingsOf, bindingUuid } from '../accounts/bindings';
import { MemberKeys, UserIndex } from '../accounts/user-index';
import { WecomContact } from '../wecom/contacts';
import { SyncSettings } from './options';
import { isDeletedRow, loadSyncRecords, SyncRow } from './sync-records';

/**
 * What NocoBase knows about the members of a run, read before anything is decided: the authenticator's bindings,
 * the users the members' keys may point at, and the source's rows. A whole pull reads all of them at once; a
 * change event only those of its members.
 */
export interface Known {
  bindings: Awaited<ReturnType<typeof bindingsOf>>;
  rows: Map<string, SyncRow>;
  users: UserIndex;
}

export async function loadKnown(
  app: Application,
  settings: SyncSettings,
  narrow?: { uids: string[]; keys: MemberKeys[] },
): Promise<Known> {
  const db = app.db;
  const withDepartments = Boolean(db.getCollection('departments'));
  const rows = await loadSyncRecords(db, settings.sourceName, 'user', narrow?.uids);
  const bindings = await bindingsOf(db, settings.scope, narrow && { uuids: narrow.uids, userIds: [] });
  const bound = [...bindings.byUuid.values()].map((binding) => binding.userId);
  const users = await UserIndex.load(db, settings.privilegedRoles, {
    ...(narrow ? { members: narrow.keys, ids: bound } : {}),
    withDepartments,
  });
  if (narrow) {
    // Whether the users the keys point at are bound to another member.
    const theirs = await bindingsOf(db, settings.scope, { uuids: [], userIds: [...users.byId.keys()] });
    theirs.boundUserIds.forEach((id) => bindings.boundUserIds.add(id));
  }
  return { bindings, rows, users };
}

/** Members this source saw before (their row is not marked left) and WeCom no longer lists. */
export function goneUids(rows: Map<string, SyncRow>, members: WecomContact[]): string[] {
  const listed = new Set(members.map((member) => bindingUuid(member.userid)));
  return [...rows.entries()].filter(([uid, row]) => !listed.has(uid) && !isDeletedRow(row)).map(([uid]) => uid);
}
