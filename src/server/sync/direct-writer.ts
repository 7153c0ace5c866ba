import type Database from '@nocobase/database';
import type { Transaction } from '@nocobase/database';
import type { FormatUser, FormatUserDepartment, UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import {
  DEPARTMENTS_RESOURCE,
  linkedId,
  loadSyncRecords,
  RecordWrite,
  SyncRow,
  USERS_RESOURCE,
  writeRecords,
} from './sync-records';
import { IndexedUser } from '../accounts/user-index';
import { onlyKnownListeners } from './listeners';

/**
 * NocoBase's user data synchronization writes a user record one at a time, with about twenty queries and the
 * hooks of each (plugin-users' `users` resource: find the user, compare, save; plugin-departments'
 * `departments` resource: the user's departments, each membership's owner flag, the main department, then a
 * link per department in the source's row): about 40 users/s, four minutes for a company of 10,000.
 *
 * Most members of a pull need none of the `users` resource's work: their user already has their nickname (and
 * the phone / email the pull would fill in). For those this writer does, in bulk, exactly what the two
 * resources would end with, in their own tables: the memberships (`departmentsUsers`, with `isOwner`), the
 * main department (`users.mainDepartmentId`; the Departments plugin's user-department cache entry dropped, as
 * its hooks do), and the source's row (record, previous record, links to the user and the departments), so
 * that the next pull, NocoBase's task list and a retry see what NocoBase itself would have left. Users whose
 * fields differ, deleted records, and every user while another resource also accepts users (a plugin this
 * writer knows nothing of) still go to NocoBase; so do all of them while another plugin listens for users',
 * memberships' or roles' writes (listeners.ts: a workflow on Users, say).
 */
export interface DirectEntry {
  uid: string;
  row?: SyncRow;
  record: FormatUser;
  userId: number;
  user: IndexedUser;
}

export interface DirectWriter {
  accepts(record: FormatUser, user: IndexedUser): boolean;
  write(entries: DirectEntry[]): Promise<void>;
}

/** The fields of a user record plugin-users compares with the user and writes (departments are not its). */
const USER_FIELDS = ['nickname', 'phone', 'email', 'username'] as const;
const CHUNK = 500;

/** The writer, when NocoBase's resources for users are plugin-users' and (optionally) plugin-departments'. */
export function directWriter(
  app: Application,
  sourceName: string,
  resources: UserDataResourceManager,
): DirectWriter | undefined {
  const names = resources.resources.nodes
    .filter((resource) => resource.accepts.includes('user'))
    .map((resource) => resource.name);
  const known = [USERS_RESOURCE, DEPARTMENTS_RESOURCE];
  if (!names.includes(USERS_RESOURCE) || names.some((name) => !known.includes(name)) || !onlyKnownListeners(app.db)) {
    return undefined;
  }
  const withDepartments = names.includes(DEPARTMENTS_RESOURCE) && Boolean(app.db.getCollection('departments'));
  return {
    accepts: (record, user) =>
      !record.isDeleted && USER_FIELDS.every((field) => record[field] === undefined || record[field] === user[field]),
    write: async (entries) => {
      const departmentIds = withDepartments ? await departmentIdsByUid(app.db, sourceName) : undefined;
      for (let at = 0; at < entries.length; at += CHUNK) {
        const chunk = entries.slice(at, at + CHUNK);
        const touched = await app.db.sequelize.transaction((transaction) =>
          writeChunk(app.db, sourceName, chunk, departmentIds, transaction),
        );
        // What NocoBase's hooks do after a membership or the main department changes: the Departments plugin's
        // cache of the user's departments, the Auth plugin's of the user (listeners.ts).
        if (touched.length) {
          await app.cache.mdel(...touched.flatMap((userId) => [`departments:${userId}`, `auth:${userId}`]));
        }
      }
    },
  };
}

/** Department uid → NocoBase id, for the departments that exist (as plugin-departments looks them up). */
async function departmentIdsByUid(db: Database, sourceName: string) {
  const rows = await loadSyncRecords(db, sourceName, 'department');
  const existing = new Set(
    ((await db.getModel('departments').findAll({ attributes: ['id'], raw: true })) as unknown as { id: number }[]).map(
      (row) => String(row.id),
    ),
  );
  const ids = new Map<string, string>();
  for (const [uid, row] of rows) {
    const id = linkedId(row, DEPARTMENTS_RESOURCE);
    if (id && existing.has(id)) {
      ids.set(uid, id);
    }
  }
  return ids;
}

type Membership = { userId: number; departmentId: number; isOwner: boolean };

/** One chunk's memberships, main departments and rows; returns the users whose memberships or main changed. */
async function writeChunk(
  db: Database,
  sourceName: string,
  chunk: DirectEntry[],
  departmentIds: Map<string, string> | undefined,
  transaction: Transaction,
): Promise<number[]> {
  const writes: RecordWrite[] = [];
  const touched: number[] = [];
  if (!departmentIds) {
    for (const entry of chunk) {
      writes.push({ ...recordWrite(entry), links: { [USERS_RESOURCE]: [String(entry.userId)] } });
    }
    await writeRecords(db, sourceName, writes, transaction);
    return touched;
  }
  const memberships = db.getModel('departmentsUsers');
  const current = (await memberships.findAll({
    attributes: ['userId', 'departmentId', 'isOwner'],
    where: { userId: chunk.map((entry) => entry.userId) },
    transaction,
    raw: true,
  })) as unknown as Membership[];
  const byUser = new Map<number, Membership[]>();
  current.forEach((row) => byUser.set(Number(row.userId), [...(byUser.get(Number(row.userId)) ?? []), row]));
  const added: Membership[] = [];
  const mains = new Map<string, number[]>();
  for (const entry of chunk) {
    const target = targetOf(entry.record.departments ?? [], departmentIds);
    const mine = byUser.get(entry.userId) ?? [];
    const removed = mine.filter((row) => !target.owners.has(String(row.departmentId)));
    let changed = removed.length > 0;
    if (removed.length) {
      const departmentId = removed.map((row) => row.departmentId);
      await memberships.destroy({ where: { userId: entry.userId, departmentId }, transaction });
    }
    for (const [departmentId, isOwner] of target.owners) {
      const row = mine.find((item) => String(item.departmentId) === departmentId);
      if (!row) {
        added.push({ userId: entry.userId, departmentId: Number(departmentId), isOwner });
        changed = true;
      } else if (Boolean(row.isOwner) !== isOwner) {
        await memberships.update({ isOwner }, { where: { userId: entry.userId, departmentId }, transaction });
        changed = true;
      }
    }
    const main = target.main ?? '';
    if (String(entry.user.mainDepartmentId ?? '') !== main) {
      mains.set(main, [...(mains.get(main) ?? []), entry.userId]);
      changed = true;
    }
    if (changed) {
      touched.push(entry.userId);
    }
    const links = { [USERS_RESOURCE]: [String(entry.userId)], [DEPARTMENTS_RESOURCE]: [...target.owners.keys()] };
    writes.push({ ...recordWrite(entry), links });
  }
  if (added.length) {
    await memberships.bulkCreate(added, { transaction });
  }
  for (const [main, ids] of mains) {
    await db
      .getModel('users')
      .update({ mainDepartmentId: main ? Number(main) : null }, { where: { id: ids }, transaction });
  }
  await writeRecords(db, sourceName, writes, transaction);
  return touched;
}

const recordWrite = (entry: DirectEntry): Omit<RecordWrite, 'links'> => ({
  uid: entry.uid,
  row: entry.row,
  record: entry.record,
  written: true,
});

/** The memberships a record asks for (department id → owner), and its main department, as plugin-departments reads it. */
function targetOf(departments: (FormatUserDepartment | string | number)[], ids: Map<string, string>) {
  const owners = new Map<string, boolean>();
  let main: string | undefined;
  for (const department of departments) {
    const item = typeof department === 'object' ? department : { uid: String(department) };
    const id = ids.get(String(item.uid));
    if (!id) {
      continue;
    }
    owners.set(id, Boolean(item.isOwner));
    if (item.isMain) {
      main = id;
    }
  }
  return { owners, main };
}
