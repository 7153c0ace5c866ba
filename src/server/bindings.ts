import { WecomMember } from './wecom/types';

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

/** How a binding came to be (`meta.linkedBy`): phone match, auto-signup, link after another sign-in, contacts sync. */
export type LinkedBy = 'phone' | 'signup' | 'link' | 'sync';

function standingOf(binding: any, scope: BindingScope): Standing {
  const recorded = binding.get('meta')?.corpId;
  if (!recorded) {
    return 'legacy';
  }
  return recorded === scope.corpId ? 'current' : 'stale';
}

const links = (db: any) => db.getRepository('usersAuthenticators');

/** The id of the user bound to `userid` in the current company, or null (stale bindings do not count). */
export async function boundUserId(db: any, scope: BindingScope, userid: string): Promise<number | null> {
  const rows = await links(db).find({ filter: { authenticator: scope.authenticator, uuid: bindingUuid(userid) } });
  const current = rows.find((row: any) => standingOf(row, scope) === 'current');
  if (current) {
    return current.get('userId');
  }
  const legacy = rows.find((row: any) => standingOf(row, scope) === 'legacy');
  if (!legacy) {
    return null;
  }
  await links(db).update({
    filter: { authenticator: scope.authenticator, userId: legacy.get('userId') },
    values: { meta: { ...legacy.get('meta'), corpId: scope.corpId } },
  });
  return legacy.get('userId');
}

/** True when the user is bound to a member of the current company (a legacy binding counts). */
export async function isUserBound(db: any, scope: BindingScope, userId: number): Promise<boolean> {
  const existing = await links(db).findOne({ filter: { authenticator: scope.authenticator, userId } });
  return Boolean(existing) && standingOf(existing, scope) !== 'stale';
}

/**
 * Binds `member` to the user: stale bindings in the way (the member's uuid, or this user, under another Corp
 * ID) are deleted, never reused. The caller has checked that the user has no binding of the current company.
 */
export async function bindMember(
  db: any,
  scope: BindingScope,
  userId: number,
  member: WecomMember,
  transaction?: any,
  linkedBy?: LinkedBy,
) {
  const uuid = bindingUuid(member.userid);
  const inTheWay = await links(db).find({
    filter: { authenticator: scope.authenticator, $or: [{ uuid }, { userId }] },
    transaction,
  });
  const stale = inTheWay.filter((row: any) => standingOf(row, scope) === 'stale').map((row: any) => row.get('userId'));
  if (stale.length) {
    await links(db).destroy({ filter: { authenticator: scope.authenticator, userId: { $in: stale } }, transaction });
  }
  await links(db).create({
    values: {
      authenticator: scope.authenticator,
      userId,
      uuid,
      nickname: member.name || '',
      avatar: member.avatar || '',
      // When: the row's createdAt. How: meta.linkedBy (bindings from before it was recorded have none).
      meta: { userid: member.userid, corpId: scope.corpId, ...(linkedBy ? { linkedBy } : {}) },
    },
    transaction,
  });
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
export async function currentBindings(db: any, scope: BindingScope, uuids?: string[]) {
  const rows = await links(db).find({
    filter: { authenticator: scope.authenticator, ...(uuids ? { uuid: { $in: uuids } } : {}) },
  });
  const found = new Map<string, CurrentBinding>();
  for (const row of rows) {
    const standing = standingOf(row, scope);
    if (standing !== 'stale' && !(found.get(row.get('uuid'))?.legacy === false)) {
      found.set(row.get('uuid'), { userId: row.get('userId'), legacy: standing === 'legacy' });
    }
  }
  return found;
}

/** Removes the member's binding of the current company (legacy included): WeCom no longer signs them in. */
export async function unbindMember(db: any, scope: BindingScope, userid: string, userId: number, transaction?: any) {
  await links(db).destroy({
    filter: { authenticator: scope.authenticator, uuid: bindingUuid(userid), userId },
    transaction,
  });
}
