import type Application from '@nocobase/server';
import type { Releaser } from '@nocobase/lock-manager';
import { BindingScope, bindingsOf, bindingUuid, bindMember, bindMembers, boundUserId } from '../accounts/bindings';
import { bindLockKey, createUser } from '../accounts/users';
import { WecomContact } from '../wecom/contacts';
import { Tally } from './tally';
import { IndexedUser, UserIndex } from '../accounts/user-index';

/**
 * The bindings a pull decided to make, written a chunk at a time. A sign-in binding the same member at the
 * same moment holds the member's `bindLockKey`, as each chunk holds the keys of all its members (taken in one
 * order, so two pulls never wait on each other in a circle): after taking them the chunk reads the bindings of
 * its members and users again, skips a member a sign-in bound meanwhile (that binding is the member's) and a
 * user bound meanwhile to another member (linked elsewhere), and inserts the rest at once. A node whose locks
 * this one cannot see is stopped by the table's keys: the insert fails as a whole, and the chunk is redone one
 * member at a time, each checked again.
 */
export interface PlannedBind {
  member: WecomContact;
  userId: number;
}

export interface Outcome {
  /** The member's user (by uuid) once bound. */
  userOf: Map<string, number>;
  tally: Tally;
  logger?: { warn(message: string, meta?: Record<string, unknown>): unknown };
}

/** Members per chunk: one insert, and the locks of as many members held for about as long as it takes. */
const CHUNK = 500;
const LOCK_TTL_MS = 60_000;

export async function bindPlanned(app: Application, scope: BindingScope, planned: PlannedBind[], to: Outcome) {
  for (let at = 0; at < planned.length; at += CHUNK) {
    await bindChunk(app, scope, planned.slice(at, at + CHUNK), to);
  }
}

async function bindChunk(app: Application, scope: BindingScope, chunk: PlannedBind[], to: Outcome) {
  const db = app.db;
  await withMemberLocks(app, scope, chunk, async () => {
    const uuids = chunk.map((entry) => bindingUuid(entry.member.userid));
    const now = await bindingsOf(db, scope, { uuids, userIds: chunk.map((entry) => entry.userId) });
    const ready: PlannedBind[] = [];
    for (const entry of chunk) {
      const uuid = bindingUuid(entry.member.userid);
      const raced = now.byUuid.get(uuid);
      if (raced) {
        to.userOf.set(uuid, raced.userId);
        to.tally.bound++;
      } else if (now.boundUserIds.has(entry.userId)) {
        to.tally.unbound.linkedElsewhere = (to.tally.unbound.linkedElsewhere ?? 0) + 1;
      } else {
        ready.push(entry);
      }
    }
    try {
      await db.sequelize.transaction((transaction) =>
        bindMembers(db, scope, ready.map(asBinding), now.stale, 'sync', transaction),
      );
      for (const entry of ready) {
        to.userOf.set(bindingUuid(entry.member.userid), entry.userId);
        to.tally.matched++;
      }
    } catch (error) {
      to.logger?.warn('WeCom sync: binding a chunk of members at once failed, binding them one at a time', {
        method: 'wecom-sync',
        error: String(error),
      });
      for (const entry of ready) {
        await bindOne(app, scope, entry, to);
      }
    }
  });
}

/**
 * Runs `work` holding the sign-in lock (`bindLockKey`) of every member of `chunk`, taken in one order (so two runs
 * never wait on each other in a circle) and released in reverse.
 */
export async function withMemberLocks<T>(
  app: Application,
  scope: BindingScope,
  chunk: { member: { userid: string } }[],
  work: () => Promise<T>,
): Promise<T> {
  const keys = [...new Set(chunk.map((entry) => bindLockKey(scope.authenticator, entry.member.userid)))].sort();
  const releases: Releaser[] = [];
  try {
    for (const key of keys) {
      releases.push(await app.lockManager.acquire(key, LOCK_TTL_MS));
    }
    return await work();
  } finally {
    for (const release of releases.reverse()) {
      await release();
    }
  }
}

const asBinding = (entry: PlannedBind) => ({
  userId: entry.userId,
  member: { userid: entry.member.userid, name: entry.member.name, mobile: entry.member.mobile, inClient: false },
});

/** One member, checked again (the caller holds the member's lock). */
async function bindOne(app: Application, scope: BindingScope, entry: PlannedBind, to: Outcome) {
  const uuid = bindingUuid(entry.member.userid);
  try {
    const raced = await boundUserId(app.db, scope, entry.member.userid);
    if (raced !== null) {
      to.userOf.set(uuid, raced);
      to.tally.bound++;
      return;
    }
    await app.db.sequelize.transaction((transaction) =>
      bindMember(app.db, scope, entry.userId, asBinding(entry).member, transaction, 'sync'),
    );
    to.userOf.set(uuid, entry.userId);
    to.tally.matched++;
  } catch (error) {
    to.logger?.warn('WeCom sync: could not bind a member', { wecomUserid: entry.member.userid, error: String(error) });
    to.tally.unbound.error = (to.tally.unbound.error ?? 0) + 1;
  }
}

/**
 * A new user for a member no user matches (`createUnmatched`), one at a time under the member's lock as a
 * sign-in's auto-signup (NocoBase's user creation, with its hooks and default role); added to `users`.
 */
export async function createForMember(
  app: Application,
  scope: BindingScope,
  users: UserIndex,
  member: WecomContact,
  to: Outcome,
) {
  try {
    const userId = await app.lockManager.runExclusive(
      bindLockKey(scope.authenticator, member.userid),
      async () => {
        const raced = await boundUserId(app.db, scope, member.userid);
        if (raced !== null) {
          return raced;
        }
        const wecomMember = { userid: member.userid, name: member.name, mobile: member.mobile, email: member.email };
        const user = await createUser(app.db, { ...wecomMember, inClient: false }, scope, 'sync');
        users.add({ ...(user.get({ plain: true }) as IndexedUser), id: Number(user.get('id')), privileged: [] });
        to.tally.created++;
        return Number(user.get('id'));
      },
      30_000,
    );
    to.userOf.set(bindingUuid(member.userid), userId);
  } catch (error) {
    to.logger?.warn('WeCom sync: could not bind a member', { wecomUserid: member.userid, error: String(error) });
    to.tally.unbound.error = (to.tally.unbound.error ?? 0) + 1;
  }
}
