import type Database from '@nocobase/database';
import type { Transaction } from '@nocobase/database';
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

/** A row as a pull reads it: plain values (10,000 rows with their links read as models took 20 s). */
export interface SyncRow {
  id: number;
  sourceUk: string;
  metaData: UserDataRecord | null;
  /** Its `userDataSyncRecordsResources`. */
  links: { resource: string; resourcePk: string }[];
}

/** JSON columns come back parsed on PostgreSQL and as text from SQLite when read raw. */
const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : (value ?? null));

/** The source's rows of one data type by uid (all, or those of `uids`), with their links: two queries. */
export async function loadSyncRecords(
  db: Database,
  sourceName: string,
  dataType: SyncDataType,
  uids?: string[],
): Promise<Map<string, SyncRow>> {
  const found = (await db.getModel('userDataSyncRecords').findAll({
    attributes: ['id', 'sourceUk', 'metaData'],
    where: { sourceName, dataType, ...(uids ? { sourceUk: uids } : {}) },
    raw: true,
  })) as unknown as { id: number; sourceUk: string; metaData: unknown }[];
  const rows = new Map<number, SyncRow>();
  for (const row of found) {
    rows.set(Number(row.id), {
      id: Number(row.id),
      sourceUk: String(row.sourceUk),
      metaData: json(row.metaData),
      links: [],
    });
  }
  const links = rows.size
    ? ((await db.getModel('userDataSyncRecordsResources').findAll({
        attributes: ['recordId', 'resource', 'resourcePk'],
        where: { recordId: [...rows.keys()] },
        raw: true,
      })) as unknown as { recordId: number; resource: string; resourcePk: string }[])
    : [];
  for (const link of links) {
    rows.get(Number(link.recordId))?.links.push({ resource: link.resource, resourcePk: String(link.resourcePk) });
  }
  return new Map([...rows.values()].map((row) => [row.sourceUk, row]));
}

/** The NocoBase record (of `resource`: users by default) a row was written to, if any. */
export function linkedId(row: SyncRow | undefined, resource = USERS_RESOURCE): string | undefined {
  return row?.links.find((link) => link.resource === resource)?.resourcePk;
}

/** True when the row says the record was deleted (a member who left, a department that went). */
export const isDeletedRow = (row: SyncRow) => Boolean(row.metaData?.isDeleted);

/**
 * Makes `record`'s row exist and point at `userId` (or at no user when `userId` is undefined, for a member left
 * unbound). Writes nothing when it already does.
 */
export async function linkRecord(
  db: Database,
  sourceName: string,
  row: SyncRow | undefined,
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
  await resources(db).destroy({ filter: { recordId: row.id, resource: USERS_RESOURCE } });
  await resources(db).create({ values: { recordId: row.id, resource: USERS_RESOURCE, resourcePk: String(userId) } });
}

/** A member's row as a pull wants it: its record and the NocoBase records it was written to. */
export interface RecordWrite {
  uid: string;
  row?: SyncRow;
  record: UserDataRecord;
  /** The links the row must have, by resource (a resource left out keeps its links). */
  links: Partial<Record<string, string[]>>;
  /** Store `record` as the row's metaData (what NocoBase does once it has written it); else only new rows get it. */
  written?: boolean;
}

const CHUNK = 500;

/**
 * Many members' (or departments') rows at once, in the caller's transaction: new rows in one insert per chunk (with `record`), the
 * record of existing ones replaced where `written` (the previous one kept as lastMetaData, as NocoBase does),
 * and the links of each row set to `links` (only rows whose links differ are touched).
 */
export async function writeRecords(
  db: Database,
  sourceName: string,
  writes: RecordWrite[],
  transaction?: Transaction,
  dataType: SyncDataType = 'user',
) {
  const model = db.getModel('userDataSyncRecords');
  const fresh = writes.filter((write) => !write.row);
  const ids = new Map<string, number>();
  for (let at = 0; at < fresh.length; at += CHUNK) {
    const chunk = fresh.slice(at, at + CHUNK);
    const values = chunk.map((write) => ({
      sourceName,
      sourceUk: write.uid,
      dataType,
      metaData: write.record,
      // NocoBase saves a row the source wrote before handing it over with that record as the previous one too.
      ...(write.written ? { lastMetaData: write.record } : {}),
    }));
    await model.bulkCreate(values, { transaction });
    const created = (await model.findAll({
      attributes: ['id', 'sourceUk'],
      where: { sourceName, dataType, sourceUk: chunk.map((write) => write.uid) },
      transaction,
      raw: true,
    })) as unknown as { id: number; sourceUk: string }[];
    created.forEach((row) => ids.set(row.sourceUk, row.id));
  }
  for (const write of writes) {
    if (write.row) {
      ids.set(write.uid, write.row.id);
      if (write.written && canonical(write.row.metaData) !== canonical(write.record)) {
        await model.update(
          { lastMetaData: write.row.metaData, metaData: write.record },
          { where: { id: write.row.id }, transaction },
        );
      }
    }
  }
  const relinked = writes.flatMap((write) =>
    Object.entries(write.links)
      .filter(([resource, pks]) => !sameLinks(write.row, resource, pks ?? []))
      .map(([resource, pks]) => ({ recordId: ids.get(write.uid) as number, resource, pks: pks ?? [] })),
  );
  const links = db.getModel('userDataSyncRecordsResources');
  for (let at = 0; at < relinked.length; at += CHUNK) {
    const chunk = relinked.slice(at, at + CHUNK);
    for (const resource of new Set(chunk.map((link) => link.resource))) {
      const recordIds = chunk.filter((link) => link.resource === resource).map((link) => link.recordId);
      await links.destroy({ where: { recordId: recordIds, resource }, transaction });
    }
    const values = chunk.flatMap((link) =>
      link.pks.map((resourcePk) => ({ recordId: link.recordId, resource: link.resource, resourcePk })),
    );
    if (values.length) {
      await links.bulkCreate(values, { transaction });
    }
  }
}

function sameLinks(row: SyncRow | undefined, resource: string, pks: string[]) {
  const linked = (row?.links ?? []).filter((link) => link.resource === resource).map((link) => link.resourcePk);
  return canonical([...linked].sort()) === canonical([...pks].sort());
}

/** Records in the row that the member left, so the next pull does not count them again. */
export async function markLeft(db: Database, row: SyncRow | undefined) {
  if (row && !isDeletedRow(row)) {
    await records(db).update({
      filterByTk: row.id,
      values: { lastMetaData: row.metaData, metaData: { uid: row.sourceUk, isDeleted: true } },
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
export function unchanged(row: SyncRow | undefined, record: UserDataRecord, resource: string, resourcePk?: string) {
  return (
    resourcePk !== undefined && linkedId(row, resource) === resourcePk && canonical(row?.metaData) === canonical(record)
  );
}
