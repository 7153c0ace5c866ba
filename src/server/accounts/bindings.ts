import type Database from '@nocobase/database';
import type { Model, Transaction } from '@nocobase/database';
import { WecomMember } from '../wecom/types';

/**
 * The bindings of one WeCom authenticator: rows of NocoBase's `usersAuthenticators` (one per user and
 * authenticator) that tie a WeCom member (`uuid` = userid in lower case) to a NocoBase user. Each records the
 * member's userid as WeCom spells it (`meta.userid`) and the Corp ID it was made under (`meta.corpId`).
 *
 * WeCom userids are unique only within a company, so a binding made under another Corp ID (the admin
 * changed the authenticator's company) is stale: it never signs anyone in, and it is replaced when a member
 * of the current company is bound in its place. A legacy binding (made before Corp IDs were recorded) is
 * taken as one of the current company once, and gets the Corp ID recorded.
 */
export interface BindingScope {
  authenticator: string;
  /** The Corp ID the authenticator is set to now. */
  corpId: string;
}

/** WeCom userids are case-insensitive: bindings keep them in lower case (the original is in `meta.userid`). */
export const bindingUuid = (userid: string) => userid.toLowerCase();

type Standing = 'current' | 'legacy' | 'stale';

/**
 * How a binding came to be (`meta.linkedBy`): a mobile, email or username match, auto-signup, a link from the
 * user center (`link`), a pending link its owner confirmed after signing in another way (`confirmed`), a sync.
 */
export type LinkedBy = 'phone' | 'email' | 'username' | 'signup' | 'link' | 'confirmed' | 'sync';

function standingOf(binding: Model, scope: BindingScope): Standing {
  const recorded = (binding.get('meta') as { corpId?: string } | null)?.corpId;
  if (!recorded) {
    return 'legacy';
  }
  return recorded === scope.corpId ? 'current' : 'stale';
}

const links = (db: Database) => db.getRepository('usersAuthenticators');

/** The id of the user bound to `userid` in the current company, or null (stale bindings do not count). */
export async function boundUserId(db: Database, scope: BindingScope, userid: string): Promise<number | null> {
  const rows = await links(db).find({ filter: { authenticator: scope.authenticator, uuid: bindingUuid(userid) } });
  const current = rows.find((row: Model) => standingOf(row, scope) === 'current');
  if (current) {
    return current.get('userId') as number;
  }
  const legacy = rows.find((row: Model) => standingOf(row, scope) === 'legacy');
  if (!legacy) {
    return null;
  }
  await links(db).update({
    filter: { authenticator: scope.authenticator, userId: legacy.get('userId') },
    values: { meta: { ...(legacy.get('meta') as object), corpId: scope.corpId } },
  });
  return legacy.get('userId') as number;
}

/** How many members the authenticator has bound (for limits: stale bindings of another Corp ID are counted). */
export const countBindings = (db: Database, scope: BindingScope): Promise<number> =>
  links(db).count({ filter: { authenticator: scope.authenticator } });

/** True when the user is bound to a member of the current company (a legacy binding counts). */
export async function isUserBound(db: Database, scope: BindingScope, userId: number): Promise<boolean> {
  const existing = await links(db).findOne({ filter: { authenticator: scope.authenticator, userId } });
  return Boolean(existing) && standingOf(existing, scope) !== 'stale';
}

/**
 * Binds `member` to the user: stale bindings in the way (the member's uuid, or this user, under another Corp
 * ID) are deleted, never reused. The caller has checked that the user has no binding of the current company.
 */
export async function bindMember(
  db: Database,
  scope: BindingScope,
  userId: number,
  member: WecomMember,
  transaction?: Transaction,
  linkedBy?: LinkedBy,
) {
  const uuid = bindingUuid(member.userid);
  const inTheWay = await links(db).find({
    filter: { authenticator: scope.authenticator, $or: [{ uuid }, { userId }] },
    transaction,
  });
  const stale = inTheWay
    .filter((row: Model) => standingOf(row, scope) === 'stale')
    .map((row: Model) => row.get('userId'));
  if (stale.length) {
    await links(db).destroy({ filter: { authenticator: scope.authenticator, userId: { $in: stale } }, transaction });
  }
  await links(db).create({ values: bindingValues(scope, userId, member, linkedBy), transaction });
}

/** The row of a new binding. */
function bindingValues(scope: BindingScope, userId: number, member: WecomMember, linkedBy?: LinkedBy) {
  return {
    authenticator: scope.authenticator,
    userId,
    uuid: bindingUuid(member.userid),
    nickname: member.name || '',
    avatar: member.avatar || '',
    // When: the row's createdAt. How: meta.linkedBy (bindings from before it was recorded have none).
    meta: { userid: member.userid, corpId: scope.corpId, ...(linkedBy ? { linkedBy } : {}) },
  };
}

/** A binding of the current company (or a legacy one), as a contacts sync reads them all at once. */
export interface CurrentBinding {
  userId: number;
  legacy: boolean;
}

/**
 * The authenticator's bindings of the current company by uuid (stale ones left out), in one query: `uuids`
 * narrows it to some members. A legacy binding counts, as in `boundUserId`.
 */
export async function currentBindings(db: Database, scope: BindingScope, uuids?: string[]) {
  const rows = await links(db).find({
    filter: { authenticator: scope.authenticator, ...(uuids ? { uuid: { $in: uuids } } : {}) },
  });
  return currentOf(rows, scope);
}

function currentOf(rows: Model[], scope: BindingScope) {
  const found = new Map<string, CurrentBinding>();
  for (const row of rows) {
    const standing = standingOf(row, scope);
    const uuid = String(row.get('uuid'));
    if (standing !== 'stale' && !(found.get(uuid)?.legacy === false)) {
      found.set(uuid, { userId: Number(row.get('userId')), legacy: standing === 'legacy' });
    }
  }
  return found;
}

/**
 * The authenticator's bindings of the members `uuids` or of the users `userIds` (all of them when both are
 * undefined), as a contacts sync reads them before binding many members at once: the current (or legacy)
 * binding of each member, the users bound to a member of the current company, and the stale rows.
 */
export async function bindingsOf(db: Database, scope: BindingScope, which?: { uuids: string[]; userIds: number[] }) {
  const or = which ? [{ uuid: { $in: which.uuids } }, { userId: { $in: which.userIds } }] : undefined;
  const rows: Model[] =
    which && !which.uuids.length && !which.userIds.length
      ? []
      : await links(db).find({ filter: { authenticator: scope.authenticator, ...(or ? { $or: or } : {}) } });
  const live = rows.filter((row) => standingOf(row, scope) !== 'stale');
  return {
    byUuid: currentOf(rows, scope),
    boundUserIds: new Set(live.map((row) => Number(row.get('userId')))),
    stale: rows
      .filter((row) => standingOf(row, scope) === 'stale')
      .map((row) => ({ uuid: String(row.get('uuid')), userId: Number(row.get('userId')) })),
  };
}

/**
 * Binds many members at once (a contacts sync), in the caller's transaction: the stale bindings in the way
 * (of these members' uuids or users) deleted, then one insert. The caller holds each member's `bindLockKey`
 * and has checked, after taking them, that neither the members nor the users are bound; the table's keys
 * (one binding per user and authenticator) refuse the whole insert if another node bound one meanwhile.
 */
export async function bindMembers(
  db: Database,
  scope: BindingScope,
  entries: { userId: number; member: WecomMember }[],
  stale: { uuid: string; userId: number }[],
  linkedBy: LinkedBy,
  transaction: Transaction,
) {
  if (!entries.length) {
    return;
  }
  const uuids = new Set(entries.map((entry) => bindingUuid(entry.member.userid)));
  const userIds = new Set(entries.map((entry) => entry.userId));
  const inTheWay = stale.filter((row) => uuids.has(row.uuid) || userIds.has(row.userId)).map((row) => row.userId);
  if (inTheWay.length) {
    await links(db).destroy({ filter: { authenticator: scope.authenticator, userId: { $in: inTheWay } }, transaction });
  }
  await db.getModel('usersAuthenticators').bulkCreate(
    entries.map((entry) => bindingValues(scope, entry.userId, entry.member, linkedBy)),
    { transaction },
  );
}

/** Removes the member's binding of the current company (legacy included): WeCom no longer signs them in. */
export async function unbindMember(
  db: Database,
  scope: BindingScope,
  userid: string,
  userId: number,
  transaction?: Transaction,
) {
  await links(db).destroy({
    filter: { authenticator: scope.authenticator, uuid: bindingUuid(userid), userId },
    transaction,
  });
}

/**
 * A member whose userid changed in WeCom: their binding of the current company (or a legacy one) takes the new
 * userid, keeping its `meta` (how it was linked) with the new userid and the Corp ID recorded. `taken` when the
 * new userid is bound already (nothing moves); a stale binding of the new userid is deleted, as `bindMember` does.
 */
export async function renameBinding(
  db: Database,
  scope: BindingScope,
  from: string,
  to: string,
): Promise<'moved' | 'none' | 'taken'> {
  const [oldUuid, newUuid] = [bindingUuid(from), bindingUuid(to)];
  const rows: Model[] = await links(db).find({
    filter: { authenticator: scope.authenticator, uuid: { $in: [oldUuid, newUuid] } },
  });
  const live = (uuid: string) => rows.filter((row) => row.get('uuid') === uuid && standingOf(row, scope) !== 'stale');
  const [mine] = live(oldUuid);
  if (!mine) {
    return 'none';
  }
  if (live(newUuid).length) {
    return 'taken';
  }
  const stale = rows.filter((row) => row.get('uuid') === newUuid).map((row) => row.get('userId'));
  await db.sequelize.transaction(async (transaction) => {
    if (stale.length) {
      await links(db).destroy({ filter: { authenticator: scope.authenticator, userId: { $in: stale } }, transaction });
    }
    await links(db).update({
      filter: { authenticator: scope.authenticator, userId: mine.get('userId') },
      values: { uuid: newUuid, meta: { ...(mine.get('meta') as object), userid: to, corpId: scope.corpId } },
      transaction,
    });
  });
  return 'moved';
}
