import type Database from '@nocobase/database';
import type { Model, Transaction } from '@nocobase/database';
import type Application from '@nocobase/server';
import { MatchKey } from '../../constants';
import { BindingScope, bindMember, boundUserId, bindingUuid, LinkedBy } from './bindings';
import { KeyRefusal, MatchStep, matchSteps, matchUserForKeys, ROOT_ROLE } from './match-keys';
import { MSG, SignInError } from '../failures';
import { WecomMember } from '../wecom/types';

/**
 * From a WeCom member to a NocoBase user, by the rules of the README ("How a sign-in finds its user"):
 * the user bound to this authenticator with the member's userid in the current company → else the one user
 * the member's keys point at (`matchBy`: mobile, then email, then userid as username; the first key that finds
 * anyone decides), unless that user has a privileged role or another binding (then refused) → else a new user
 * when auto-signup is on (bound too) → else a refusal that says why.
 * Knows nothing of HTTP or WeCom calls; the caller passes a logger for the entries worth an admin's eye.
 */
export interface MatchOptions extends BindingScope {
  autoSignup: boolean;
  /** Roles whose users are never linked automatically; `root` is refused whether listed or not. */
  privilegedRoles: string[];
  /** The keys an unbound member is matched by (`options.wecom.matchBy`), tried mobile → email → username. */
  matchBy?: MatchKey[];
  /** The role of a user made by auto-signup (`options.wecom.signupRole`); none → NocoBase's default role. */
  signupRole?: string;
  logger?: MatchLogger;
}

export interface MatchLogger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

export { bindingUuid, ROOT_ROLE };

export async function userForMember(app: Application, member: WecomMember, options: MatchOptions): Promise<Model> {
  if (!options.corpId) {
    // Without it a binding of another company could not be told apart: never guess.
    throw new Error('userForMember needs the Corp ID the authenticator is set to');
  }
  const bound = await findBoundUser(app.db, options, member.userid);
  if (bound) {
    return bound;
  }
  if (!member.mobile && !matchSteps(member, options.matchBy).length) {
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

const isUniqueViolation = (error: unknown) => (error as Error | undefined)?.name === 'SequelizeUniqueConstraintError';

async function findBoundUser(db: Database, scope: BindingScope, userid: string): Promise<Model | null> {
  const userId = await boundUserId(db, scope, userid);
  return userId === null ? null : db.getRepository('users').findOne({ filterByTk: userId });
}

async function bindOrCreate(db: Database, member: WecomMember, options: MatchOptions): Promise<Model> {
  // Another request for the same member may have finished while this one waited for the lock.
  const bound = await findBoundUser(db, options, member.userid);
  if (bound) {
    return bound;
  }
  for (const step of matchSteps(member, options.matchBy)) {
    const match = await matchUserForKeys(db, step.keys, options);
    if ('user' in match) {
      const userId = match.user.get('id') as number;
      await db.sequelize.transaction((transaction: Transaction) =>
        bindMember(db, options, userId, member, transaction, step.linkedBy),
      );
      return match.user;
    }
    if (match.refused !== 'noUser') {
      throw refusalOf(match, step, member, options);
    }
  }
  if (!member.mobile) {
    // Nobody found by the keys a QR sign-in (or a withheld mobile) leaves, and too little to sign anyone up.
    throw new SignInError(member.inClient ? MSG.noMobileShared : MSG.notLinkedYet);
  }
  if (!options.autoSignup) {
    throw new SignInError(MSG.noUserNoSignup);
  }
  return createUser(db, member, options);
}

/** Why a key's match is not bound, for the person signing in (and, for an administrator's account, the log). */
function refusalOf(match: KeyRefusal, step: MatchStep, member: WecomMember, options: MatchOptions): SignInError {
  const byMobile = step.key === 'mobile';
  if (match.refused === 'privileged') {
    // A phone number, an email or a username is typed by people and never verified: none opens an admin's account.
    options.logger?.warn(
      `WeCom sign-in refused: a user with administrator rights has the member's ${KEY_NAMES[step.key]} and is not linked automatically`,
      {
        method: 'wecom',
        authenticator: options.authenticator,
        wecomUserid: member.userid,
        userId: match.userId,
        roles: match.roles,
        matchedBy: step.key,
      },
    );
    return new SignInError(MSG.privilegedNoAutoLink);
  }
  if (match.refused === 'linkedElsewhere') {
    // This user is already bound to another member of this company: never rebind silently.
    return new SignInError(byMobile ? MSG.linkedElsewhere : MSG.matchLinkedElsewhere);
  }
  return new SignInError(byMobile ? MSG.duplicatePhone : MSG.duplicateMatch);
}

const KEY_NAMES: Record<MatchKey, string> = { mobile: 'mobile number', email: 'email', username: 'userid as username' };

/** What a new user is made with: the binding's scope, and for auto-signup the role and where to warn. */
export type NewUserOptions = BindingScope & Partial<Pick<MatchOptions, 'signupRole' | 'logger'>>;

/**
 * A new user for the member (nickname, phone, email: the corporate one first), bound to it: the auto-signup of a
 * sign-in, or a sync's. With `signupRole`, the user gets that role only (NocoBase adds its default role only to
 * users with none); a role that does not exist, or root, is never given: the user gets the default role and the
 * log says why.
 */
export async function createUser(
  db: Database,
  member: WecomMember,
  options: NewUserOptions,
  linkedBy: LinkedBy = 'signup',
): Promise<Model> {
  const role = options.signupRole ? await signupRoleOf(db, options) : undefined;
  const email = member.bizMail || member.email;
  return db.sequelize.transaction(async (transaction: Transaction) => {
    const users = db.getRepository('users');
    // An email another user already has is left out rather than failing the sign-up (users.email is unique).
    const emailTaken = email ? await users.count({ filter: { email }, transaction }) : 0;
    const user: Model = await users.create({
      values: {
        nickname: member.name || member.userid,
        phone: member.mobile,
        ...(email && !emailTaken ? { email } : {}),
        ...(role ? { roles: [role] } : {}),
      },
      transaction,
    });
    await bindMember(db, options, user.get('id') as number, member, transaction, linkedBy);
    return user;
  });
}

async function signupRoleOf(db: Database, options: NewUserOptions): Promise<string | undefined> {
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
