import type Database from '@nocobase/database';
import type { Transaction } from '@nocobase/database';
import type { FormatDepartment, UserDataResourceManager } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { DepartmentPlan } from './department-plan';
import { onlyKnownDepartmentListeners } from './listeners';
import { DEPARTMENTS_RESOURCE, linkedId, RecordWrite, writeRecords } from './sync-records';

/**
 * plugin-departments' `departments` resource of the user data synchronization writes a new department with about
 * a dozen queries (its source row saved, looked up again with its links, the department created, its parent's
 * row and department looked up, the parent set, the parent marked as no leaf, a link added): ~100 departments in
 * 10 to 20 s. When the direct writer takes the pull (direct-writer.ts), the departments that are new to NocoBase
 * (no row yet, or a row whose department is gone) are written here instead, in one transaction, ending exactly
 * as that resource ends: each department with its title and sort, `parentId` the parent's department (none when
 * the parent is not in NocoBase), `isLeaf` false when a department got a child (the existing parents of new
 * departments too), the source's row holding the record (the previous one as `lastMetaData` when the row was
 * there) and linked to the department. Changed, moved and deleted departments still go to NocoBase.
 *
 * The departments are created through their model's `bulkCreate`, one insert per depth of the tree (parents
 * before children, whatever order WeCom lists them in), with the collection's bulk hooks: the snowflake id and
 * the sort field (which keeps the sort the record gives) are set there, as for a single create. What listens for
 * a department's creation one at a time: the database's own `afterCreate` (marks a model instance's associations
 * as saved; nothing here is read back as an instance) and NocoBase's `createdBy` / `updatedBy` fields (they take
 * the user of a request's context, and a sync writes without one: left empty both ways). plugin-departments
 * itself has no hook on departments (its `isLeaf`, owners and cache upkeep are request middlewares, and its
 * caches are per user, not touched by a new department). While anything else listens for departments being
 * written (a workflow on Departments, say: listeners.ts) or another resource takes department records, every
 * department goes to NocoBase.
 */
export async function writeNewDepartments(
  app: Application,
  plan: DepartmentPlan,
  sourceName: string,
  resources: UserDataResourceManager,
): Promise<FormatDepartment[]> {
  const takers = resources.resources.nodes.filter((resource) => resource.accepts.includes('department'));
  const ids = new Map<string, string>();
  for (const [uid, row] of plan.rows) {
    const id = linkedId(row, DEPARTMENTS_RESOURCE);
    if (id && plan.existing.has(id)) {
      ids.set(uid, id);
    }
  }
  const fresh = plan.changed.filter((record) => !ids.has(record.uid));
  const onlyDepartments = takers.length === 1 && takers[0].name === DEPARTMENTS_RESOURCE;
  if (!plan.withDepartments || !fresh.length || !onlyDepartments || !onlyKnownDepartmentListeners(app.db)) {
    return plan.changed;
  }
  await app.db.sequelize.transaction((transaction) =>
    createDepartments(app.db, sourceName, plan, fresh, ids, transaction),
  );
  app.logger.info('WeCom sync: new departments written', {
    method: 'wecom-sync',
    source: sourceName,
    count: fresh.length,
  });
  return plan.changed.filter((record) => !fresh.includes(record));
}

/** What plugin-departments leaves out of a department record when it writes the department. */
const NOT_WRITTEN = [
  'id',
  'uid',
  'createdAt',
  'updatedAt',
  'createdById',
  'updatedById',
  'isDeleted',
  'parentId',
  'parentUid',
];

async function createDepartments(
  db: Database,
  sourceName: string,
  plan: DepartmentPlan,
  fresh: FormatDepartment[],
  ids: Map<string, string>,
  transaction: Transaction,
) {
  const byUid = new Map(fresh.map((record) => [record.uid, record]));
  const depths = new Map<string, number>();
  const depth = (record: FormatDepartment, seen = new Set<string>()): number => {
    const parent = record.parentUid ? byUid.get(record.parentUid) : undefined;
    if (!depths.has(record.uid)) {
      // A parent that is itself new is written first; a cycle (WeCom has none) is cut where it closes.
      const below = parent && !seen.has(parent.uid) ? depth(parent, seen.add(record.uid)) + 1 : 0;
      depths.set(record.uid, below);
    }
    return depths.get(record.uid) as number;
  };
  const levels: FormatDepartment[][] = [];
  for (const record of fresh) {
    (levels[depth(record)] ??= []).push(record);
  }
  const parents = new Set(fresh.map((record) => record.parentUid).filter((uid): uid is string => Boolean(uid)));
  const model = db.getModel('departments');
  for (const level of levels.filter(Boolean)) {
    const values = level.map((record) => ({
      isLeaf: !parents.has(record.uid),
      ...Object.fromEntries(Object.entries(record).filter(([key]) => !NOT_WRITTEN.includes(key))),
      parentId: (record.parentUid && ids.get(record.parentUid)) || null,
    }));
    const created = await model.bulkCreate(values, { transaction });
    level.forEach((record, index) => ids.set(record.uid, String(created[index].get('id'))));
  }
  // Departments NocoBase had that now have a child: no leaf any more (as the resource marks a new child's parent).
  const grown = [...parents].filter((uid) => !byUid.has(uid) && ids.has(uid)).map((uid) => ids.get(uid));
  if (grown.length) {
    await db
      .getRepository('departments')
      .update({ filter: { id: { $in: grown } }, values: { isLeaf: false }, transaction });
  }
  const rows = db.getModel('userDataSyncRecords');
  const writes: RecordWrite[] = [];
  for (const record of fresh) {
    const row = plan.rows.get(record.uid);
    if (row) {
      // NocoBase saves the record into the row before writing it, keeping the one before.
      await rows.update({ lastMetaData: row.metaData, metaData: record }, { where: { id: row.id }, transaction });
    }
    writes.push({ uid: record.uid, row, record, links: { [DEPARTMENTS_RESOURCE]: [ids.get(record.uid) as string] } });
  }
  await writeRecords(db, sourceName, writes, transaction, 'department');
}
