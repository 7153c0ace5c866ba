import type Database from '@nocobase/database';

/**
 * Who in NocoBase listens for the writes the fast path makes beside NocoBase's own writers (users created, a
 * user's main department set, memberships written or removed, default roles given), and what the fast path does
 * in their place (direct-writer.ts, create-many.ts):
 * - the database itself, `afterCreate` / `afterUpdate` on every collection: marks a model instance's associations
 *   as saved; the fast path reads nothing back as instances, so there is nothing to mark.
 * - plugin-acl: `users.afterCreateWithAssociations` gives a user without roles the default role → given;
 *   `rolesUsers.afterSave` / `afterDestroy` drop the user's role caches (`roles:ID`, `roles:ID:defaultRole`) → dropped.
 * - plugin-auth: `users.afterSave` caches the user for token checks (`auth:ID`), `users.afterDestroy` drops it →
 *   dropped for every user created or whose main department changes (the cache is read through: a miss reads the
 *   database).
 * - plugin-departments: `users.afterSaveWithAssociations` and `departmentsUsers.afterSave` / `afterDestroy` recompute
 *   the main department from the memberships and drop the user's department cache (`departments:ID`) → the direct
 *   writer writes the main department the record names (what NocoBase's departments resource ends with) and drops
 *   the cache.
 * Any other listener on these events (a workflow on Users or on their departments, "after record added / updated",
 * or another plugin's hook) and the fast path is not taken: NocoBase writes every user itself, with every hook.
 */
const KNOWN: Record<string, number> = {
  afterCreate: 1,
  afterUpdate: 1,
  'users.afterSave': 1,
  'users.afterDestroy': 1,
  'users.afterCreateWithAssociations': 1,
  'users.afterSaveWithAssociations': 1,
  'departmentsUsers.afterSave': 1,
  'departmentsUsers.afterDestroy': 1,
  'rolesUsers.afterSave': 1,
  'rolesUsers.afterDestroy': 1,
};

const COLLECTIONS = ['', 'users.', 'departmentsUsers.', 'rolesUsers.'];
const EVENTS = [
  'afterCreate',
  'afterUpdate',
  'afterSave',
  'afterDestroy',
  'afterBulkCreate',
  'afterBulkUpdate',
  'afterBulkDestroy',
  'afterCreateWithAssociations',
  'afterUpdateWithAssociations',
  'afterSaveWithAssociations',
];

/** True while nothing but the listeners above hears users, memberships and roles being written. */
export function onlyKnownListeners(db: Database): boolean {
  return COLLECTIONS.every((prefix) =>
    EVENTS.every((event) => db.listenerCount(`${prefix}${event}`) <= (KNOWN[`${prefix}${event}`] ?? 0)),
  );
}

/**
 * True while nothing but the database's own listeners hears departments being written (department-writer.ts):
 * a workflow on Departments, or another plugin's hook, and NocoBase writes every department itself.
 */
export function onlyKnownDepartmentListeners(db: Database): boolean {
  return EVENTS.every((event) => db.listenerCount(`departments.${event}`) === 0);
}
