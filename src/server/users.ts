import { MSG, SignInError } from './messages';
import { normalizePhone, phoneSearchFragment } from './phone';
import { WecomMember } from './wecom/types';

/**
 * From a WeCom member to a NocoBase user, by the rules of the README:
 * the user bound to this authenticator with the member's userid → else the one user whose phone is the member's
 * mobile (then bound) → else a new user when auto-signup is on (bound too) → else a refusal that says why.
 * Knows nothing of HTTP or WeCom calls.
 */
export interface MatchOptions {
  authenticator: string;
  autoSignup: boolean;
}

/** WeCom userids are case-insensitive: bindings keep them in lower case (the original is in `meta.userid`). */
export const bindingUuid = (userid: string) => userid.toLowerCase();

export async function userForMember(app: any, member: WecomMember, options: MatchOptions) {
  const bound = await findBoundUser(app.db, options.authenticator, member.userid);
  if (bound) {
    return bound;
  }
  if (!member.mobile) {
    // A QR sign-in never carries a mobile; only an in-client one does.
    throw new SignInError(member.inClient ? MSG.noMobileShared : MSG.notLinkedYet);
  }
  // One binding at a time per member: concurrent first sign-ins must not create two users.
  const lockKey = `wecom:bind:${options.authenticator}:${bindingUuid(member.userid)}`;
  try {
    return await app.lockManager.runExclusive(lockKey, () => bindOrCreate(app.db, member, options), 30_000);
  } catch (error) {
    // Another node (whose lock this one cannot see) bound the member first: the database's unique keys
    // (users.phone, one binding per user and authenticator) refused the duplicate. Use what it made.
    const winner = isUniqueViolation(error) && (await findBoundUser(app.db, options.authenticator, member.userid));
    if (winner) {
      return winner;
    }
    throw error;
  }
}

const isUniqueViolation = (error: any) => error?.name === 'SequelizeUniqueConstraintError';

async function findBoundUser(db: any, authenticator: string, userid: string) {
  const binding = await db.getRepository('usersAuthenticators').findOne({
    filter: { authenticator, uuid: bindingUuid(userid) },
    fields: ['userId'],
  });
  if (!binding) {
    return null;
  }
  return db.getRepository('users').findOne({ filterByTk: binding.get('userId') });
}

async function bindOrCreate(db: any, member: WecomMember, options: MatchOptions) {
  // Another request for the same member may have finished while this one waited for the lock.
  const bound = await findBoundUser(db, options.authenticator, member.userid);
  if (bound) {
    return bound;
  }
  const matches = await usersWithPhone(db, member.mobile as string);
  if (matches.length > 1) {
    throw new SignInError(MSG.duplicatePhone);
  }
  if (matches.length === 1) {
    return bind(db, matches[0], member, options.authenticator);
  }
  if (!options.autoSignup) {
    throw new SignInError(MSG.noUserNoSignup);
  }
  return createUser(db, member, options.authenticator);
}

/** Users whose phone is the member's mobile in any spelling (`users.phone` is unique only as a string). */
async function usersWithPhone(db: any, mobile: string) {
  const wanted = normalizePhone(mobile);
  if (!wanted) {
    return [];
  }
  const candidates = await db.getRepository('users').find({
    filter: { phone: { $includes: phoneSearchFragment(wanted) } },
  });
  return candidates.filter((user: any) => normalizePhone(user.get('phone')) === wanted);
}

async function bind(db: any, user: any, member: WecomMember, authenticator: string) {
  const links = db.getRepository('usersAuthenticators');
  const existing = await links.findOne({ filter: { authenticator, userId: user.get('id') } });
  if (existing) {
    // This user is already bound to another member of this authenticator: never rebind silently.
    throw new SignInError(MSG.linkedElsewhere);
  }
  await links.create({ values: bindingValues(user.get('id'), member, authenticator) });
  return user;
}

async function createUser(db: any, member: WecomMember, authenticator: string) {
  return db.sequelize.transaction(async (transaction: any) => {
    const users = db.getRepository('users');
    // An email another user already has is left out rather than failing the sign-up (users.email is unique).
    const emailTaken = member.email ? await users.count({ filter: { email: member.email }, transaction }) : 0;
    const user = await users.create({
      values: {
        nickname: member.name || member.userid,
        phone: member.mobile,
        ...(member.email && !emailTaken ? { email: member.email } : {}),
      },
      transaction,
    });
    await db.getRepository('usersAuthenticators').create({
      values: bindingValues(user.get('id'), member, authenticator),
      transaction,
    });
    return user;
  });
}

function bindingValues(userId: number, member: WecomMember, authenticator: string) {
  return {
    authenticator,
    userId,
    uuid: bindingUuid(member.userid),
    nickname: member.name || '',
    avatar: member.avatar || '',
    meta: { userid: member.userid },
  };
}
