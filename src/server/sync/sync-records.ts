import type Database from '@nocobase/database';
import type { Model } from '@nocobase/database';
import type { SyncDataType, UserDataRecord } from '@nocobase/plugin-user-data-sync';

/**
 * The rows NocoBase's user data synchronization keeps per source record (`userDataSyncRecords`, with the
 * NocoBase records each one was written to in `userDataSyncRecordsResources`). The WeCom source keeps one row
 * for every member it has seen, bound or not, so that a member who disappears from WeCom is noticed, and links
 * each bound member's row to the user of the binding before NocoBase writes users: NocoBase then updates that
 * user instead of creating another one.
 */
export const USERS_RESOURCE = 'users';
export const DEPARTMENTS_RESOURCE = 'departments';

const records = (db: Database) => db.getRepository('userDataSyncRecords');
const resources = (db: Database) => db.getRepository('userDataSyncRecordsResources');

/** The source's rows of one data type by uid (all, or those of `uids`), with their resources. */
export async function loadSyncRecords(db: Database, sourceName: string, dataType: SyncDataType, uids?: string[]) {
  const rows: Model[] = await records(db).find({
    filter: { sourceName, dataType, ...(uids ? { sourceUk: { $in: uids } } : {}) },
    appends: ['resources'],
  });
  return new Map(rows.map((row) => [String(row.get('sourceUk')), row]));
}

/** The NocoBase record (of `resource`: users by default) a row was written to, if any. */
export function linkedId(row: Model | undefined, resource = USERS_RESOURCE): string | undefined {
  const links = (row?.get('resources') as Model[] | undefined) ?? [];
  const link = links.find((item) => item.get('resource') === resource);
  return link ? String(link.get('resourcePk')) : undefined;
}

/** True when the row says the record was deleted (a member who left, a department that went). */
export const isDeletedRow = (row: Model) => Boolean((row.get('metaData') as UserDataRecord | null)?.isDeleted);

/**
 * Makes `record`'s row exist and point at `userId` (or at no user when `userId` is undefined, for a member left
 * unbound). Writes nothing when it already does.
 */
export async function linkRecord(
  db: Database,
  sourceName: string,
  row: Model | undefined,
  record: UserDataRecord,
  userId?: number,
) {
  if (!row) {
    await records(db).create({
      values: {
        sourceName,
        sourceUk: record.uid,
        dataType: 'user',
        metaData: record,
        resources: userId === undefined ? [] : [{ resource: USERS_RESOURCE, resourcePk: String(userId) }],
      },
    });
    return;
  }
  if (userId === undefined || linkedId(row) === String(userId)) {
    return;
  }
  await resources(db).destroy({ filter: { recordId: row.get('id'), resource: USERS_RESOURCE } });
  await resources(db).create({
    values: { recordId: row.get('id'), resource: USERS_RESOURCE, resourcePk: String(userId) },
  });
}

/** Records in the row that the member left, so the next pull does not count them again. */
export async function markLeft(db: Database, row: Model | undefined) {
  if (row && !isDeletedRow(row)) {
    await records(db).update({
      filterByTk: row.get('id') as number,
      values: { lastMetaData: row.get('metaData'), metaData: { uid: row.get('sourceUk'), isDeleted: true } },
    });
  }
}

/** JSON with sorted keys: the same record compares equal however the database stored it (jsonb reorders). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * True when the row already holds this very record and points at `resourcePk` in `resource`: NocoBase wrote it
 * last time, WeCom has not changed it since, and handing it over again would only touch timestamps.
 */
export function unchanged(row: Model | undefined, record: UserDataRecord, resource: string, resourcePk?: string) {
  return (
    resourcePk !== undefined &&
    linkedId(row, resource) === resourcePk &&
    canonical(row?.get('metaData')) === canonical(record)
  );
}
