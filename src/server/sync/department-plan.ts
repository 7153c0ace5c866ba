import type { Model } from '@nocobase/database';
import type { FormatDepartment } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { WecomDepartment } from '../wecom/contacts';
import { departmentRecords } from './org';
import { DEPARTMENTS_RESOURCE, isDeletedRow, linkedId, loadSyncRecords, SyncRow, unchanged } from './sync-records';

/**
 * What a pull hands NocoBase of the departments, decided from one read of WeCom and the source's rows, before
 * anything is written: the new and changed ones (parents first), then the deleted ones. A pull writes it
 * (source.ts); Preview reports it (`describeDepartments`).
 */
export interface DepartmentPlan {
  /** The Departments plugin is optional: without it NocoBase keeps no departments, and none are handed over. */
  withDepartments: boolean;
  all: FormatDepartment[];
  /** New in WeCom, or changed since NocoBase wrote them (or their NocoBase department is gone). */
  changed: FormatDepartment[];
  deleted: FormatDepartment[];
  rows: Map<string, SyncRow>;
  /** Ids of the departments NocoBase has. */
  existing: Set<string>;
}

export async function planDepartments(
  app: Application,
  sourceName: string,
  departments: WecomDepartment[],
): Promise<DepartmentPlan> {
  const all = departmentRecords(departments);
  const listed = new Set(all.map((department) => department.uid));
  const rows = await loadSyncRecords(app.db, sourceName, 'department');
  const withDepartments = Boolean(app.db.getCollection('departments'));
  const found: Model[] = withDepartments ? await app.db.getRepository('departments').find({ fields: ['id'] }) : [];
  const existing = new Set(found.map((department) => String(department.get('id'))));
  // Unchanged in WeCom since NocoBase wrote them, and still there: nothing to hand over.
  const changed = all.filter((record) => {
    const row = rows.get(record.uid);
    const id = row && linkedId(row, DEPARTMENTS_RESOURCE);
    return !(id && existing.has(id) && unchanged(row, record, DEPARTMENTS_RESOURCE, id));
  });
  const deleted: FormatDepartment[] = [...rows.entries()]
    .filter(([uid, row]) => !listed.has(uid) && !isDeletedRow(row) && linkedId(row, DEPARTMENTS_RESOURCE))
    .map(([uid]) => ({ uid, isDeleted: true }));
  return { withDepartments, all, changed, deleted, rows, existing };
}

/** Department titles, split as an admin asks: created, moved (another parent), otherwise changed, deleted. */
export function describeDepartments(plan: DepartmentPlan) {
  const created: string[] = [];
  const moved: string[] = [];
  const updated: string[] = [];
  for (const record of plan.changed) {
    const row = plan.rows.get(record.uid);
    const id = linkedId(row, DEPARTMENTS_RESOURCE);
    const title = String(record.title ?? record.uid);
    if (!id || !plan.existing.has(id)) {
      created.push(title);
    } else if ((row?.metaData?.parentUid ?? null) !== (record.parentUid ?? null)) {
      moved.push(title);
    } else {
      updated.push(title);
    }
  }
  const deleted = plan.deleted.map(({ uid }) => String(plan.rows.get(uid)?.metaData?.title ?? uid));
  return { created, moved, updated, deleted };
}
