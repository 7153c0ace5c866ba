/**
 * Which user a WeCom member's keys (mobile, email, userid as username) point at, by the rules of the README ("How a
 * sign-in finds its user"): exactly one user, without a privileged role, not bound to another member.
 */
import type Database from '@nocobase/database';
import type { Model } from '@nocobase/database';
import { DEFAULT_MATCH_BY, MatchKey } from '../../constants';
import { BindingScope, isUserBound, LinkedBy } from './bindings';
import { IndexMatch, MemberKeys, UserIndex } from './user-index';

export { ROOT_ROLE } from './user-index';

/** A member's keys to look users up by: mobile (as E.164), email, and the userid as username when asked. */
export type MatchKeys = MemberKeys;

/** Why no user is bound: nobody has the keys, several do, a privileged one does, or one bound to another member. */
export type KeyRefusal = Exclude<IndexMatch, { user: unknown }>;

/** What a member's keys point at: one user to bind, or why none. */
export type KeyMatch = { user: Model } | KeyRefusal;

/**
 * The user a member's keys point at, by the user index's rules (a sign-in asks one key at a time, in the order of
 * trust; the contacts sync asks the same index for many members at once). Binds nothing; the caller holds
 * `bindLockKey`.
 */
export async function matchUserForKeys(
  db: Database,
  keys: MatchKeys,
  options: BindingScope & { privilegedRoles: string[] },
): Promise<KeyMatch> {
  const index = await UserIndex.load(db, options.privilegedRoles, { members: [keys], withDepartments: false });
  const match = index.match(keys, () => false);
  if (!('user' in match)) {
    return match;
  }
  const userId = match.user.id;
  if (await isUserBound(db, options, userId)) {
    return { refused: 'linkedElsewhere', userId };
  }
  return { user: (await db.getRepository('users').findOne({ filterByTk: userId })) as Model };
}

/** One key of the member to look a user up by, and what a binding made by it records. */
export interface MatchStep {
  key: MatchKey;
  keys: MatchKeys;
  linkedBy: LinkedBy;
}

/** What a member offers to be matched by (a sign-in's member, a contact of the sync). */
export interface KeyHolder {
  userid: string;
  mobile?: string;
  email?: string;
  bizMail?: string;
}

/**
 * The member's keys the admin chose (`options.wecom.matchBy`), in the order of trust: mobile, email (the corporate
 * one before the personal one), userid as username. A sign-in and the contacts sync both try them in this order,
 * and the first key that finds any user decides.
 */
export function matchSteps(member: KeyHolder, matchBy: readonly MatchKey[] = DEFAULT_MATCH_BY): MatchStep[] {
  const chosen = new Set(matchBy);
  const { userid } = member;
  const steps: MatchStep[] = [];
  if (chosen.has('mobile') && member.mobile) {
    steps.push({ key: 'mobile', keys: { userid, mobile: member.mobile }, linkedBy: 'phone' });
  }
  if (chosen.has('email')) {
    const emails = new Set([member.bizMail, member.email].filter((email): email is string => Boolean(email)));
    emails.forEach((email) => steps.push({ key: 'email', keys: { userid, email }, linkedBy: 'email' }));
  }
  if (chosen.has('username')) {
    steps.push({ key: 'username', keys: { userid, username: true }, linkedBy: 'username' });
  }
  return steps;
}
