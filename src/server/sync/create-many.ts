import type Database from '@nocobase/database';
import type { Model, Transaction } from '@nocobase/database';
import type Application from '@nocobase/server';
import { BindingScope, bindingsOf, bindingUuid, bindMembers } from '../accounts/bindings';
import { MatchStep } from '../accounts/match-keys';
import { IndexedUser, UserIndex } from '../accounts/user-index';
import { WecomContact } from '../wecom/contacts';
import { createForMember, Outcome, withMemberLocks } from './bind-many';
import { matchByKeys } from './member-plan';
import { UnboundReason } from './tally';

/**
 * The new users of a pull's unmatched members (`createUnmatched`). Each ends as NocoBase's own creation of a user
 * leaves it (plugin-users' `users` resource and the sign-in's auto-signup both call the users repository's
 * `create`): nickname (the userid when WeCom gives no name), phone and email where WeCom gives them (an email another
 * user has is left out), NocoBase's default role, and the member's binding (`linkedBy: 'sync'`, the Corp ID).
 *
 * When the direct writer takes the pull's users (direct-writer.ts), they are made a chunk at a time: one
 * `bulkCreate` of the users collection's model (NocoBase's field hooks for bulk creation run: the sort value,
 * dates, the created-by fields), the default role in one insert, the bindings in one insert, then the caches
 * NocoBase's hooks would drop (listeners.ts names what listens for a user's creation and what stands in for it;
 * while anything else listens, the direct writer is not used, and users are created one at a time through the
 * repository, with every hook).
 * Each chunk holds its members' sign-in locks as bind-many.ts does: a member a sign-in bound meanwhile keeps that
 * binding and gets no new user; a chunk the database refuses (a key another node took) is rolled back whole and
 * redone one member at a time.
 */
export interface Creation {
  member: WecomContact;
  steps: MatchStep[];
}

export interface CreateOutcome extends Outcome {
  /** True for a user already bound to a member (before this run, or claimed by it). */
  isBound(userId: number): boolean;
  /** Create in bulk: the direct writer takes the pull's users (so nothing else listens: listeners.ts). */
  bulk: boolean;
}

interface Planned {
  member: WecomContact;
  values: { nickname: string; phone?: string; email?: string };
}

const CHUNK = 500;

/** Creates and binds a user for each member (in the pull's order); `users` gets them. */
export async function createUnmatched(
  app: Application,
  scope: BindingScope,
  users: UserIndex,
  creations: Creation[],
  to: CreateOutcome,
) {
  if (!to.bulk) {
    return createOneByOne(app, scope, users, creations, to);
  }
  const planned = await plan(app.db, creations, to);
  for (let at = 0; at < planned.length; at += CHUNK) {
    const redo = await createChunk(app, scope, users, planned.slice(at, at + CHUNK), to);
    for (const entry of redo) {
      await createForMember(app, scope, users, entry.member, to);
    }
  }
}

/** NocoBase's creation, a member at a time (each under the member's lock), as a sign-in's auto-signup. */
async function createOneByOne(
  app: Application,
  scope: BindingScope,
  users: UserIndex,
  creations: Creation[],
  to: CreateOutcome,
) {
  const created = new Set<number>();
  const isBound = (userId: number) => to.isBound(userId) || created.has(userId);
  for (const { member, steps } of creations) {
    // A user created for an earlier member of this pull may have the same key: as a sign-in would.
    const again = matchByKeys(users, steps, isBound).match;
    if ('refused' in again && again.refused !== 'noUser') {
      count(to, again.refused);
      continue;
    }
    await createForMember(app, scope, users, member, to);
    const userId = to.userOf.get(bindingUuid(member.userid));
    if (userId !== undefined) {
      created.add(userId);
    }
  }
}

/**
 * The users to create, decided in memory as one at a time would: a member whose key a user planned for an earlier
 * member has is refused as a sign-in would refuse them; an email a user has (or an earlier new user takes) is left out.
 */
async function plan(db: Database, creations: Creation[], to: CreateOutcome): Promise<Planned[]> {
  const taken = await takenEmails(db, creations.map((creation) => creation.member.email ?? '').filter(Boolean));
  const pending = new UserIndex();
  const planned: Planned[] = [];
  for (const { member, steps } of creations) {
    // Every planned user is bound to its member: one found by the keys refuses this member.
    const again = matchByKeys(pending, steps, () => true).match;
    if ('refused' in again && again.refused !== 'noUser') {
      count(to, again.refused);
      continue;
    }
    const email = member.email && !taken.has(member.email) ? member.email : undefined;
    if (email) {
      taken.add(email);
    }
    const values = {
      nickname: member.name || member.userid,
      ...(member.mobile ? { phone: member.mobile } : {}),
      ...(email ? { email } : {}),
    };
    pending.add({ id: -planned.length - 1, username: null, phone: null, email: null, ...values, privileged: [] });
    planned.push({ member, values });
  }
  return planned;
}

/** The emails among `emails` that a user has (compared as the database compares them). */
async function takenEmails(db: Database, emails: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let at = 0; at < emails.length; at += CHUNK) {
    const rows = (await db.getModel('users').findAll({
      attributes: ['email'],
      where: { email: emails.slice(at, at + CHUNK) },
      raw: true,
    })) as unknown as { email: string }[];
    rows.forEach((row) => taken.add(row.email));
  }
  return taken;
}

/** One chunk under its members' locks; returns the members to create one at a time (the chunk was refused). */
async function createChunk(
  app: Application,
  scope: BindingScope,
  users: UserIndex,
  chunk: Planned[],
  to: CreateOutcome,
): Promise<Planned[]> {
  const db = app.db;
  return withMemberLocks(app, scope, chunk, async () => {
    const uuids = chunk.map((entry) => bindingUuid(entry.member.userid));
    const now = await bindingsOf(db, scope, { uuids, userIds: [] });
    const ready: Planned[] = [];
    for (const entry of chunk) {
      const raced = now.byUuid.get(bindingUuid(entry.member.userid));
      if (raced) {
        // A sign-in bound the member while the pull ran: that binding is the member's.
        to.userOf.set(bindingUuid(entry.member.userid), raced.userId);
        to.tally.bound++;
      } else {
        ready.push(entry);
      }
    }
    if (!ready.length) {
      return [];
    }
    let made: Model[];
    try {
      made = await db.sequelize.transaction((transaction) => insertChunk(db, scope, ready, now.stale, transaction));
    } catch (error) {
      to.logger?.warn('WeCom sync: creating a chunk of users at once failed, creating them one at a time', {
        method: 'wecom-sync',
        error: String(error),
      });
      return ready;
    }
    const ids = made.map((user) => Number(user.get('id')));
    await app.cache.mdel(...ids.flatMap((id) => [`roles:${id}`, `roles:${id}:defaultRole`, `auth:${id}`]));
    made.forEach((user, at) => {
      users.add({ ...(user.get({ plain: true }) as IndexedUser), id: ids[at], privileged: [] });
      to.userOf.set(bindingUuid(ready[at].member.userid), ids[at]);
      to.tally.created++;
    });
    return [];
  });
}

/** The users, their default role and their bindings, in the caller's transaction. */
async function insertChunk(
  db: Database,
  scope: BindingScope,
  ready: Planned[],
  stale: { uuid: string; userId: number }[],
  transaction: Transaction,
): Promise<Model[]> {
  const made = (await db.getModel('users').bulkCreate(
    ready.map((entry) => entry.values),
    { transaction, returning: true },
  )) as Model[];
  const ids = made.map((user) => Number(user.get('id')));
  if (ids.some((id) => !Number.isFinite(id)) || ids.length !== ready.length) {
    throw new Error('the database did not return the ids of the new users');
  }
  const role = await db.getRepository('roles').findOne({ filter: { default: true }, transaction });
  if (role) {
    const roleName = role.get('name') as string;
    await db.getModel('rolesUsers').bulkCreate(
      ids.map((userId) => ({ userId, roleName })),
      { transaction },
    );
  }
  const entries = ready.map((entry, at) => ({
    userId: ids[at],
    member: { userid: entry.member.userid, name: entry.member.name, mobile: entry.member.mobile, inClient: false },
  }));
  await bindMembers(db, scope, entries, stale, 'sync', transaction);
  return made;
}

const count = (to: Outcome, reason: UnboundReason) => (to.tally.unbound[reason] = (to.tally.unbound[reason] ?? 0) + 1);
