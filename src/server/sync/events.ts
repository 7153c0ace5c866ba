import type { FormatDepartment, UserData, UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { bindingUuid, renameBinding } from '../accounts/bindings';
import { bindLockKey } from '../accounts/users';
import { ContactsClient, createContactsClient, isGone, isUnknownUserid, WecomContact } from '../wecom/contacts';
import { wecomRuntime } from '../wecom/app-runtime';
import type { Leaver } from './leavers';
import { readSyncSettings, SyncSettings } from './options';
import { departmentRecord, departmentUid } from './org';
import { prepareMembers, reconcileMembers } from './reconcile';
import { checkRemovals, eventRemovals } from './removal-guard';
import { loadSyncRecords } from './sync-records';
import { newTally } from './tally';

/**
 * Change events, after the callback answered WeCom (the queue is event-queue.ts). Each re-reads the member or
 * department through the API (events from callbacks set up since 2022 carry ids only, an old event may arrive
 * after a newer change, and whoever knows the source's Token could write one), then goes through the same rules,
 * limits and writers as a pull, so a repeat changes nothing.
 */
export interface ContactEvent {
  sourceName: string;
  changeType: string;
  userid?: string;
  newUserid?: string;
  departmentId?: number;
}

const MEMBER_EVENTS = new Set(['create_user', 'update_user', 'delete_user']);
const DEPARTMENT_EVENTS = new Set(['create_party', 'update_party', 'delete_party']);

/** The event's fields that matter, or null for events this source does not handle (tags, other event kinds). */
export function contactEventOf(sourceName: string, fields: Record<string, string>): ContactEvent | null {
  const changeType = fields.ChangeType;
  if (fields.MsgType !== 'event' || fields.Event !== 'change_contact') {
    return null;
  }
  if (MEMBER_EVENTS.has(changeType) && fields.UserID) {
    return { sourceName, changeType, userid: fields.UserID, newUserid: fields.NewUserID || undefined };
  }
  const id = Number(fields.Id);
  if (DEPARTMENT_EVENTS.has(changeType) && Number.isInteger(id) && id > 0) {
    return { sourceName, changeType, departmentId: id };
  }
  return null;
}

/** Applies one event: what NocoBase writes for it goes through `resources`. */
export async function applyContactEvent(app: Application, resources: UserDataResourceManager, event: ContactEvent) {
  const source = await app.db
    .getRepository('userDataSyncSources')
    .findOne({ filter: { name: event.sourceName, enabled: true } });
  if (!source) {
    return;
  }
  const settings = await readSyncSettings(app, event.sourceName, source.get('options'));
  const client = createContactsClient(settings.config, wecomRuntime(app));
  const data = event.departmentId
    ? await departmentData(app, settings, client, event.departmentId)
    : await memberData(app, settings, client, event);
  for (const item of data) {
    await resources.updateOrCreate(item);
  }
}

async function departmentData(
  app: Application,
  settings: SyncSettings,
  client: ContactsClient,
  id: number,
): Promise<UserData[]> {
  let record: FormatDepartment;
  try {
    record = departmentRecord(await client.getDepartment(id));
  } catch (error) {
    if (!isGone(error)) {
      throw error;
    }
    const rows = await loadSyncRecords(app.db, settings.sourceName, 'department', [departmentUid(id)]);
    if (!rows.size) {
      return [];
    }
    record = { uid: departmentUid(id), isDeleted: true };
  }
  return [{ dataType: 'department', sourceName: settings.sourceName, records: [record] }];
}

async function memberData(
  app: Application,
  settings: SyncSettings,
  client: ContactsClient,
  event: ContactEvent,
): Promise<UserData[]> {
  const userid = event.newUserid ?? (event.userid as string);
  const members: WecomContact[] = [];
  const gone: Leaver[] = [];
  try {
    members.push(await client.getMember(userid));
  } catch (error) {
    if (!isGone(error)) {
      throw error;
    }
    // Only `delete_user` with the userid unknown to WeCom says the member left (60011: out of the app's range).
    gone.push({ uid: bindingUuid(userid), left: event.changeType === 'delete_user' && isUnknownUserid(error) });
  }
  if (event.newUserid && event.userid && members.length) {
    await renameMember(app, settings, client, event.userid, event.newUserid);
  }
  const tally = newTally();
  const removals = eventRemovals(app);
  const options = {
    gone,
    whole: false,
    logger: app.logger,
    guard: async (planned: { unbind: number; remove: number }, bound: () => Promise<number>) => {
      const recent = planned.unbind ? removals.recent(settings.sourceName) : 0;
      const total = { unbind: recent + planned.unbind, remove: planned.remove };
      const held = planned.unbind > 0 && removals.isHeld(settings.sourceName);
      await checkRemovals(settings, total, bound, 'events', held);
    },
  };
  const prepared = await prepareMembers(app, settings, members, options);
  const records = await reconcileMembers(app, settings, prepared, options, tally);
  removals.add(settings.sourceName, tally.left.unbound);
  app.logger.info('WeCom sync: change event applied', { method: 'wecom-sync', source: settings.sourceName, ...tally });
  return records.length ? [{ dataType: 'user', sourceName: settings.sourceName, records }] : [];
}

/**
 * A member whose userid changed (`NewUserID`): the binding (with how it was made) and the sync row follow them,
 * nothing else moves. Only when WeCom no longer knows the old userid (the new one was just read): an event alone
 * never moves a binding. Refused when the new userid is bound already.
 */
async function renameMember(
  app: Application,
  settings: SyncSettings,
  client: ContactsClient,
  from: string,
  to: string,
) {
  const oldUid = bindingUuid(from);
  const newUid = bindingUuid(to);
  if (oldUid === newUid) {
    return;
  }
  const stillThere = await client.getMember(from).then(
    () => true,
    (error) => (isGone(error) ? false : Promise.reject(error)),
  );
  const log = { method: 'wecom-sync', source: settings.sourceName, from, to };
  if (stillThere) {
    app.logger.warn('WeCom sync: a rename event names a userid WeCom still knows; the binding stays', log);
    return;
  }
  const keys = [bindLockKey(settings.scope.authenticator, from), bindLockKey(settings.scope.authenticator, to)].sort();
  const outcome = await app.lockManager.runExclusive(
    keys[0],
    () => app.lockManager.runExclusive(keys[1], () => renameBinding(app.db, settings.scope, from, to), 30_000),
    30_000,
  );
  if (outcome === 'taken') {
    app.logger.warn('WeCom sync: the new userid of a renamed member is bound already; the old binding stays', log);
    return;
  }
  const taken = await loadSyncRecords(app.db, settings.sourceName, 'user', [newUid]);
  if (!taken.size) {
    await app.db.getRepository('userDataSyncRecords').update({
      filter: { sourceName: settings.sourceName, dataType: 'user', sourceUk: oldUid },
      values: { sourceUk: newUid },
    });
  }
}
