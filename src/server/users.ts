import { BindingScope, bindMember, boundUserId, bindingUuid, isUserBound, LinkedBy } from './bindings';
import { MSG, SignInError } from './messages';
import { phoneSearchFragment, toE164 } from './phone';
import { WecomMember } from './wecom/types';

/**
 * From a WeCom member to a NocoBase user, by the rules of the README ("How a sign-in finds its user"):
 * the user bound to this authenticator with the member's userid in the current company → else the one user
 * whose phone is the member's mobile, unless that user has a privileged role (then bound) → else a new user
 * when auto-signup is on (bound too) → else a refusal that says why.
 * Knows nothing of HTTP or WeCom calls; the caller passes a logger for the entries worth an admin's eye.
 */
export interface MatchOptions extends BindingScope {
  autoSignup: boolean;
  /** Roles whose users are never linked by phone; `root` is refused whether listed or not. */
  privilegedRoles: string[];
  /** The role of a user made by auto-signup (`options.wecom.signupRole`); none → NocoBase's default role. */
  signupRole?: string;
  logger?: MatchLogger;
}

export interface MatchLogger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** The role of NocoBase's super administrator: never linked by phone, whatever the settings say. */
export const ROOT_ROLE = 'root';

export { bindingUuid };

export async function userForMember(app: any, member: WecomMember, options: MatchOptions) {
  if (!options.corpId) {
    // Without it a binding of another company could not be told apart: never guess.
    throw new Error('userForMember needs the Corp ID the authenticator is set to');
  }
  const bound = await findBoundUser(app.db, options, member.userid);
  if (bound) {
    return bound;
  }
  if (!member.mobile) {
    // A QR sign-in never carries a mobile; only an in-client one does.
    throw new SignInError(member.inClient ? MSG.noMobileShared : MSG.notLinkedYet);
  }
  // One binding at a time per member: concurrent first sign-ins must not create two users.
  const lockKey = bindLockKey(options.authenticator, member.userid);
  try {
    return await app.lockManager.runExclusive(lockKey, () => bindOrCreate(app.db, member, options), 30_000);
  } catch (error) {
    // Another node (whose lock this one cannot see) bound the member first: the database's unique keys
    // (users.phone, one binding per user and authenticator) refused the duplicate. Use what it made.
    const winner = isUniqueViolation(error) && (await findBoundUser(app.db, options, member.userid));
    if (winner) {
      return winner;
    }
    throw error;
  }
}

const isUniqueViolation = (error: any) => error?.name === 'SequelizeUniqueConstraintError';

async function findBoundUser(db: any, scope: BindingScope, userid: string) {
  const userId = await boundUserId(db, scope, userid);
  return userId === null ? null : db.getRepository('users').findOne({ filterByTk: userId });
}

async function bindOrCreate(db: any, member: WecomMember, options: MatchOptions) {
  // Another request for the same member may have finished while this one waited for the lock.
  const bound = await findBoundUser(db, options, member.userid);
  if (bound) {
    return bound;
  }
  const matches = await usersWithPhone(db, member.mobile as string);
  if (matches.length > 1) {
    throw new SignInError(MSG.duplicatePhone);
  }
  if (matches.length === 1) {
    return bindMatchedUser(db, matches[0], member, options);
  }
  if (!options.autoSignup) {
    throw new SignInError(MSG.noUserNoSignup);
  }
  return createUser(db, member, options);
}

/** Users whose phone is the member's mobile as E.164 (`users.phone` is free text, unique only as a string). */
async function usersWithPhone(db: any, mobile: string) {
  const wanted = toE164(mobile);
  if (!wanted) {
    return [];
  }
  const candidates = await db.getRepository('users').find({
    filter: { phone: { $includes: phoneSearchFragment(wanted) } },
    appends: ['roles'],
  });
  return candidates.filter((user: any) => toE164(user.get('phone')) === wanted);
}

async function bindMatchedUser(db: any, user: any, member: WecomMember, options: MatchOptions) {
  const privileged = privilegedRolesOf(user, options.privilegedRoles);
  if (privileged.length) {
    // A phone number is typed by people and never verified: it must not open an administrator's account.
    options.logger?.warn(
      "WeCom sign-in refused: a user with administrator rights has the member's mobile number and is not linked automatically",
      {
        method: 'wecom',
        authenticator: options.authenticator,
        wecomUserid: member.userid,
        userId: user.get('id'),
        roles: privileged,
      },
    );
    throw new SignInError(MSG.privilegedNoAutoLink);
  }
  if (await isUserBound(db, options, user.get('id'))) {
    // This user is already bound to another member of this company: never rebind silently.
    throw new SignInError(MSG.linkedElsewhere);
  }
  await db.sequelize.transaction((transaction: any) =>
    bindMember(db, options, user.get('id'), member, transaction, 'phone'),
  );
  return user;
}

/** The user's roles that forbid linking by phone: those listed, and root always. */
function privilegedRolesOf(user: any, listed: string[]): string[] {
  const privileged = new Set([ROOT_ROLE, ...listed]);
  const roles: any[] = user.get('roles') || [];
  return roles.map((role) => String(role.get ? role.get('name') : role.name)).filter((name) => privileged.has(name));
}

/** What a new user is made with: the binding's scope, and for auto-signup the role and where to warn. */
export type NewUserOptions = BindingScope & Partial<Pick<MatchOptions, 'signupRole' | 'logger'>>;

/**
 * A new user for the member (nickname, phone, email), bound to it: the auto-signup of a sign-in, or a sync's.
 * With `signupRole`, the user gets that role only (NocoBase adds its default role only to users with none); a
 * role that does not exist, or root, is never given: the user gets the default role and the log says why.
 */
export async function createUser(db: any, member: WecomMember, options: NewUserOptions, linkedBy: LinkedBy = 'signup') {
  const role = options.signupRole ? await signupRoleOf(db, options) : undefined;
  return db.sequelize.transaction(async (transaction: any) => {
    const users = db.getRepository('users');
    // An email another user already has is left out rather than failing the sign-up (users.email is unique).
    const emailTaken = member.email ? await users.count({ filter: { email: member.email }, transaction }) : 0;
    const user = await users.create({
      values: {
        nickname: member.name || member.userid,
        phone: member.mobile,
        ...(member.email && !emailTaken ? { email: member.email } : {}),
        ...(role ? { roles: [role] } : {}),
      },
      transaction,
    });
    await bindMember(db, options, user.get('id'), member, transaction, linkedBy);
    return user;
  });
}

async function signupRoleOf(db: any, options: NewUserOptions): Promise<string | undefined> {
  const name = options.signupRole as string;
  const exists = name !== ROOT_ROLE && (await db.getRepository('roles').count({ filter: { name } })) > 0;
  if (!exists) {
    options.logger?.warn(`WeCom auto-signup: the role "${name}" cannot be given, the new user gets the default role`, {
      method: 'wecom',
      authenticator: options.authenticator,
      role: name,
    });
  }
  return exists ? name : undefined;
}

/** The lock a member's binding is made under: a sign-in and a contacts sync never bind one member twice. */
export const bindLockKey = (authenticator: string, userid: string) =>
  `wecom:bind:${authenticator}:${bindingUuid(userid)}`;

/** What a member's keys point at: one user to bind, or why none (a contacts sync leaves the member unbound then). */
export type KeyMatch =
  | { user: any }
  | { refused: 'noUser' | 'ambiguous' | 'privileged' | 'linkedElsewhere'; roles?: string[]; userId?: number };

/**
 * The user a member's keys (mobile as E.164, email, and the userid as username when asked) point at, by the
 * sign-in's rules: exactly one user, without a privileged role, not bound to another member of the company.
 * Binds nothing; the caller holds `bindLockKey`.
 */
export async function matchUserForKeys(
  db: any,
  keys: { userid: string; mobile?: string; email?: string; username?: boolean },
  options: BindingScope & { privilegedRoles: string[] },
): Promise<KeyMatch> {
  const users = db.getRepository('users');
  const found = new Map<number, any>();
  const add = (list: any[]) => list.forEach((user) => found.set(user.get('id'), user));
  if (keys.mobile) {
    add(await usersWithPhone(db, keys.mobile));
  }
  const email = keys.email?.trim().toLowerCase();
  if (email) {
    const candidates = await users.find({ filter: { email: { $includes: email } }, appends: ['roles'] });
    const normalized = (user: any) => String(user.get('email') || '').trim();
    const sameEmail = (user: any) => normalized(user).toLowerCase() === email;
    add(candidates.filter(sameEmail));
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
  const roles = privilegedRolesOf(user, options.privilegedRoles);
  if (roles.length) {
    return { refused: 'privileged', roles, userId: user.get('id') };
  }
  if (await isUserBound(db, options, user.get('id'))) {
    return { refused: 'linkedElsewhere', userId: user.get('id') };
  }
  return { user };
}
