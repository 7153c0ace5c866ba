/**
 * Which user a WeCom member's keys (mobile, email, userid as username) point at, by the rules of the README ("How a
 * sign-in finds its user"): exactly one user, without a privileged role, not bound to another member.
 */
import type Database from '@nocobase/database';
import type { Model } from '@nocobase/database';
import { BindingScope, isUserBound } from './bindings';
import { phoneSearchFragment, toE164 } from './phone';

/** The role of NocoBase's super administrator: never linked automatically, whatever the settings say. */
export const ROOT_ROLE = 'root';

/** A member's keys to look users up by: mobile (as E.164), email, and the userid as username when asked. */
export interface MatchKeys {
  userid: string;
  mobile?: string;
  email?: string;
  username?: boolean;
}

/** Why no user is bound: nobody has the keys, several do, a privileged one does, or one bound to another member. */
export type KeyRefusal = {
  refused: 'noUser' | 'ambiguous' | 'privileged' | 'linkedElsewhere';
  roles?: string[];
  userId?: number;
};

/** What a member's keys point at: one user to bind, or why none. */
export type KeyMatch = { user: Model } | KeyRefusal;

/**
 * The user a member's keys point at, all keys together: exactly one user, without a privileged role, not bound to
 * another member of the company (a sign-in asks one key at a time, in the order of trust; the contacts sync's
 * user index applies the same rules to many members at once). Binds nothing; the caller holds `bindLockKey`.
 */
export async function matchUserForKeys(
  db: Database,
  keys: MatchKeys,
  options: BindingScope & { privilegedRoles: string[] },
): Promise<KeyMatch> {
  const users = db.getRepository('users');
  const found = new Map<number, Model>();
  const add = (list: Model[]) => list.forEach((user) => found.set(user.get('id') as number, user));
  if (keys.mobile) {
    add(await usersWithPhone(db, keys.mobile));
  }
  const email = keys.email?.trim().toLowerCase();
  if (email) {
    const candidates: Model[] = await users.find({ filter: { email: { $includes: email } }, appends: ['roles'] });
    const normalized = (user: Model) => String(user.get('email') || '').trim();
    add(candidates.filter((user) => normalized(user).toLowerCase() === email));
  }
  if (keys.username) {
    add(await users.find({ filter: { username: keys.userid }, appends: ['roles'] }));
  }
  if (found.size === 0) {
    return { refused: 'noUser' };
  }
  if (found.size > 1) {
    return { refused: 'ambiguous' };
  }
  const [user] = found.values();
  const userId = user.get('id') as number;
  const roles = privilegedRolesOf(user, options.privilegedRoles);
  if (roles.length) {
    return { refused: 'privileged', roles, userId };
  }
  if (await isUserBound(db, options, userId)) {
    return { refused: 'linkedElsewhere', userId };
  }
  return { user };
}

/** Users whose phone is the member's mobile as E.164 (`users.phone` is free text, unique only as a string). */
async function usersWithPhone(db: Database, mobile: string): Promise<Model[]> {
  const wanted = toE164(mobile);
  if (!wanted) {
    return [];
  }
  const candidates: Model[] = await db.getRepository('users').find({
    filter: { phone: { $includes: phoneSearchFragment(wanted) } },
    appends: ['roles'],
  });
  return candidates.filter((user) => toE164(user.get('phone') as string) === wanted);
}

/** The user's roles that forbid linking automatically: those listed, and root always. */
function privilegedRolesOf(user: Model, listed: string[]): string[] {
  const privileged = new Set([ROOT_ROLE, ...listed]);
  const roles = (user.get('roles') as Array<Model | { name: string }> | undefined) || [];
  return roles
    .map((role) => String(role instanceof Object && 'get' in role ? role.get('name') : role.name))
    .filter((name) => privileged.has(name));
}
