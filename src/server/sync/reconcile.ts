import type { FormatUser } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { bindingsOf, bindingUuid, boundUserId, unbindMember } from '../accounts/bindings';
import { ROOT_ROLE } from '../accounts/users';
import { WecomContact } from '../wecom/contacts';
import { bindPlanned, createForMember, PlannedBind } from './bind-many';
import type { DirectWriter } from './direct-writer';
import { writeMembers } from './member-records';
import { SyncSettings } from './options';
import { isDeletedRow, linkRecord, loadSyncRecords, markLeft, SyncRow } from './sync-records';
import { Tally, UnboundReason } from './tally';
import { MemberKeys, UserIndex } from '../accounts/user-index';

/**
 * Members → bindings and user records, by the sign-in's rules (README, "How a sign-in finds its user"):
 * the user bound to the member; else the one user the member's mobile (E.164) or email points at, never a
 * privileged one, never one bound to another member; else a new user when the admin allows it; else the member
 * stays unbound. A member who left or was disabled loses the binding (root's is kept); their user is deleted
 * only with `removeLeavers`. Runs after WeCom was read in full: a failed read never gets here.
 *
 * Everything is read first (bindings, users, the source's rows) and decided in memory; the writes go in bulk
 * (bind-many.ts, writeRecords), so a pull of 10,000 members makes a few dozen queries, not a few per member.
 */
export interface Logger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** 1 active, 4 not activated yet: members. 2 disabled, 5 left: leavers. */
const isPresent = (member: WecomContact) => member.status === 1 || member.status === 4;

/** Few members (an event): read only their bindings, rows and candidate users. A whole pull reads all at once. */
const NARROW = 200;

interface Known {
  bindings: Awaited<ReturnType<typeof bindingsOf>>;
  rows: Map<string, SyncRow>;
  users: UserIndex;
}

export interface ReconcileOptions {
  gone?: string[];
  whole: boolean;
  leaders?: Map<number, Set<string>>;
  logger?: Logger;
  /** Writes the users it accepts itself (see direct-writer.ts); the others are returned for NocoBase. */
  direct?: DirectWriter;
}

export async function reconcileMembers(
  app: Application,
  settings: SyncSettings,
  members: WecomContact[],
  options: ReconcileOptions,
  tally: Tally,
): Promise<FormatUser[]> {
  const db = app.db;
  const present = members.filter(isPresent);
  const keys = present.map((member) => keysOf(settings, member));
  const uids = [...members.map((member) => bindingUuid(member.userid)), ...(options.gone ?? [])];
  const known = await load(app, settings, options.whole || uids.length > NARROW ? undefined : { uids, keys });
  const gone = options.whole ? goneUids(known.rows, members) : (options.gone ?? []);
  const userOf = new Map<string, number>();
  const planned: PlannedBind[] = [];
  const creations: WecomContact[] = [];
  const claimed = new Set<number>();
  const isBound = (userId: number) => known.bindings.boundUserIds.has(userId) || claimed.has(userId);
  tally.members += members.length;
  for (const [at, member] of present.entries()) {
    const uid = bindingUuid(member.userid);
    const binding = known.bindings.byUuid.get(uid);
    if (binding && known.users.byId.has(binding.userId)) {
      if (binding.legacy) {
        await boundUserId(db, settings.scope, member.userid); // records the Corp ID on a legacy binding
      }
      tally.bound++;
      userOf.set(uid, binding.userId);
      continue;
    }
    if (binding) {
      // The bound user was deleted in NocoBase: the binding leads nowhere.
      await unbindMember(db, settings.scope, member.userid, binding.userId);
    }
    const match = known.users.match(keys[at], isBound);
    if ('user' in match) {
      claimed.add(match.user.id);
      planned.push({ member, userId: match.user.id });
    } else if (match.refused === 'noUser' && settings.createUnmatched) {
      creations.push(member);
    } else {
      const reason: UnboundReason =
        match.refused === 'noUser' && !(member.mobile || member.email || settings.matchUsername)
          ? 'noKey'
          : match.refused;
      count(tally, reason);
      if (match.refused === 'privileged') {
        options.logger?.warn(
          "WeCom sync: a user with administrator rights has the member's key and is not linked automatically",
          {
            method: 'wecom-sync',
            authenticator: settings.scope.authenticator,
            wecomUserid: member.userid,
            userId: match.userId,
            roles: match.roles,
          },
        );
      }
    }
  }
  await bindPlanned(app, settings.scope, planned, { userOf, tally, logger: options.logger });
  for (const member of creations) {
    // A user created for an earlier member of this pull may have the same mobile or email: as a sign-in would.
    const again = known.users.match(keysOf(settings, member), isBound);
    if ('refused' in again && again.refused !== 'noUser') {
      count(tally, again.refused);
      continue;
    }
    await createForMember(app, settings.scope, known.users, member, { userOf, tally, logger: options.logger });
    const created = userOf.get(bindingUuid(member.userid));
    if (created !== undefined) {
      claimed.add(created);
    }
  }
  const out = await writeMembers(app, settings.sourceName, known, present, userOf, options);
  for (const uid of [...members.filter((member) => !isPresent(member)).map((m) => bindingUuid(m.userid)), ...gone]) {
    out.push(...(await leave(app, settings, known, uid, options.logger, tally)));
  }
  return out;
}

const keysOf = (settings: SyncSettings, member: WecomContact): MemberKeys => ({
  userid: member.userid,
  mobile: member.mobile,
  email: member.email,
  username: settings.matchUsername,
});

const count = (tally: Tally, reason: UnboundReason) => (tally.unbound[reason] = (tally.unbound[reason] ?? 0) + 1);

async function load(
  app: Application,
  settings: SyncSettings,
  narrow?: { uids: string[]; keys: MemberKeys[] },
): Promise<Known> {
  const db = app.db;
  const withDepartments = Boolean(db.getCollection('departments'));
  const rows = await loadSyncRecords(db, settings.sourceName, 'user', narrow?.uids);
  const bindings = await bindingsOf(db, settings.scope, narrow && { uuids: narrow.uids, userIds: [] });
  const bound = [...bindings.byUuid.values()].map((binding) => binding.userId);
  const users = await UserIndex.load(db, settings.privilegedRoles, {
    ...(narrow ? { members: narrow.keys, ids: bound } : {}),
    withDepartments,
  });
  if (narrow) {
    // Whether the users the keys point at are bound to another member.
    const theirs = await bindingsOf(db, settings.scope, { uuids: [], userIds: [...users.byId.keys()] });
    theirs.boundUserIds.forEach((id) => bindings.boundUserIds.add(id));
  }
  return { bindings, rows, users };
}

/** Members this source saw before (their row is not marked left) and WeCom no longer lists. */
function goneUids(rows: Map<string, SyncRow>, members: WecomContact[]): string[] {
  const listed = new Set(members.map((member) => bindingUuid(member.userid)));
  return [...rows.entries()].filter(([uid, row]) => !listed.has(uid) && !isDeletedRow(row)).map(([uid]) => uid);
}

/** A member who left, was disabled or is gone: unbound (root's binding kept); deleted with `removeLeavers`. */
async function leave(
  app: Application,
  settings: SyncSettings,
  known: Known,
  uid: string,
  logger: Logger | undefined,
  tally: Tally,
): Promise<FormatUser[]> {
  const db = app.db;
  const row = known.rows.get(uid);
  const binding = known.bindings.byUuid.get(uid);
  const user = binding && known.users.byId.get(binding.userId);
  const out: FormatUser[] = [];
  if (binding && user) {
    if (user.privileged.includes(ROOT_ROLE)) {
      tally.left.rootKept++;
      logger?.warn('WeCom sync: the member left WeCom, but the root user they are bound to is never changed', {
        method: 'wecom-sync',
        authenticator: settings.scope.authenticator,
        wecomUserid: uid,
        userId: binding.userId,
      });
      return out;
    }
    await unbindMember(db, settings.scope, uid, binding.userId);
    known.bindings.byUuid.delete(uid);
    tally.left.unbound++;
    if (settings.removeLeavers) {
      const gone: FormatUser = { uid, isDeleted: true };
      await linkRecord(db, settings.sourceName, row, gone, binding.userId);
      out.push(gone);
      tally.left.removed++;
    }
  }
  if (!out.length) {
    await markLeft(db, row);
  }
  return out;
}
