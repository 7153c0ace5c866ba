import type Database from '@nocobase/database';
import type { Model } from '@nocobase/database';
import type { FormatUser } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { bindingUuid, bindMember, boundUserId, currentBindings, CurrentBinding, unbindMember } from '../bindings';
import { toE164 } from '../phone';
import { bindLockKey, createUser, matchUserForKeys, ROOT_ROLE } from '../users';
import { WecomContact } from '../wecom/contacts';
import { memberDepartments } from './org';
import { SyncSettings } from './options';
import { isDeletedRow, linkRecord, loadSyncRecords, markLeft, unchanged, USERS_RESOURCE } from './sync-records';
import { Tally, UnboundReason } from './tally';

/**
 * Members → bindings and user records, by the sign-in's rules (README, "How a sign-in finds its user"):
 * the user bound to the member; else the one user the member's mobile (E.164) or email points at, never a
 * privileged one, never one bound to another member; else a new user when the admin allows it; else the member
 * stays unbound. A member who left or was disabled loses the binding (root's is kept); their user is deleted
 * only with `removeLeavers`. Runs after WeCom was read in full: a failed read never gets here.
 */
export interface Logger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** 1 active, 4 not activated yet: members. 2 disabled, 5 left: leavers. */
const isPresent = (member: WecomContact) => member.status === 1 || member.status === 4;

/** Few members (an event): read only their bindings and rows. A whole pull reads all of them at once. */
const NARROW = 200;

interface Known {
  bindings: Map<string, CurrentBinding>;
  rows: Map<string, Model>;
  users: Map<number, Model>;
}

export async function reconcileMembers(
  app: Application,
  settings: SyncSettings,
  members: WecomContact[],
  options: { gone?: string[]; whole: boolean; leaders?: Map<number, Set<string>>; logger?: Logger },
  tally: Tally,
): Promise<FormatUser[]> {
  const db = app.db;
  const uids = [...members.map((member) => bindingUuid(member.userid)), ...(options.gone ?? [])];
  const known = await load(db, settings, options.whole ? undefined : uids);
  const gone = options.whole ? goneUids(known.rows, members) : (options.gone ?? []);
  const out: FormatUser[] = [];
  for (const member of members) {
    tally.members++;
    const uid = bindingUuid(member.userid);
    if (!isPresent(member)) {
      out.push(...(await leave(db, settings, known, uid, options.logger, tally)));
      continue;
    }
    const record: FormatUser = {
      uid,
      ...(member.name ? { nickname: member.name } : {}),
      departments: memberDepartments(member, options.leaders),
    };
    const user = await userOf(app, settings, known, member, options.logger, tally);
    const row = known.rows.get(uid);
    await linkRecord(db, settings.sourceName, row, record, user?.get('id') as number | undefined);
    const full = user ? { ...record, ...(await blanks(db, user, member)) } : undefined;
    if (user && full && !unchanged(row, full, USERS_RESOURCE, String(user.get('id')))) {
      out.push(full);
    }
  }
  for (const uid of gone) {
    out.push(...(await leave(db, settings, known, uid, options.logger, tally)));
  }
  return out;
}

async function load(db: Database, settings: SyncSettings, uids?: string[]): Promise<Known> {
  const narrow = uids && uids.length <= NARROW ? uids : undefined;
  const bindings = await currentBindings(db, settings.scope, narrow);
  const rows = await loadSyncRecords(db, settings.sourceName, 'user', narrow);
  const ids = [...new Set([...bindings.values()].map((binding) => binding.userId))];
  const found: Model[] = ids.length
    ? await db.getRepository('users').find({ filter: { id: { $in: ids } }, appends: ['roles'] })
    : [];
  return { bindings, rows, users: new Map(found.map((user) => [user.get('id') as number, user])) };
}

/** Members this source saw before (their row is not marked left) and WeCom no longer lists. */
function goneUids(rows: Map<string, Model>, members: WecomContact[]): string[] {
  const listed = new Set(members.map((member) => bindingUuid(member.userid)));
  return [...rows.entries()].filter(([uid, row]) => !listed.has(uid) && !isDeletedRow(row)).map(([uid]) => uid);
}

/** The member's user: bound already, matched by a key and bound now, or created (`createUnmatched`). */
async function userOf(
  app: Application,
  settings: SyncSettings,
  known: Known,
  member: WecomContact,
  logger: Logger | undefined,
  tally: Tally,
): Promise<Model | undefined> {
  const db = app.db;
  const binding = known.bindings.get(bindingUuid(member.userid));
  const boundUser = binding && known.users.get(binding.userId);
  if (binding && boundUser) {
    if (binding.legacy) {
      await boundUserId(db, settings.scope, member.userid); // records the Corp ID on a legacy binding
    }
    tally.bound++;
    return boundUser;
  }
  if (binding) {
    // The bound user was deleted in NocoBase: the binding leads nowhere.
    await unbindMember(db, settings.scope, member.userid, binding.userId);
  }
  const decide = async (): Promise<Model | UnboundReason> => {
    const raced = await boundUserId(db, settings.scope, member.userid);
    if (raced !== null) {
      return (await db.getRepository('users').findOne({ filterByTk: raced })) ?? 'error';
    }
    const keys = {
      userid: member.userid,
      mobile: member.mobile,
      email: member.email,
      username: settings.matchUsername,
    };
    const match = await matchUserForKeys(db, keys, { ...settings.scope, privilegedRoles: settings.privilegedRoles });
    const wecomMember = { userid: member.userid, name: member.name, mobile: member.mobile, inClient: false };
    if ('user' in match) {
      await bindMember(db, settings.scope, match.user.get('id'), wecomMember, undefined, 'sync');
      tally.matched++;
      return match.user;
    }
    if (match.refused === 'privileged') {
      logger?.warn(
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
    if (match.refused !== 'noUser') {
      return match.refused;
    }
    if (!settings.createUnmatched) {
      return member.mobile || member.email || settings.matchUsername ? 'noUser' : 'noKey';
    }
    const created = await createUser(db, { ...wecomMember, email: member.email }, settings.scope, 'sync');
    tally.created++;
    return created;
  };
  let outcome: Model | UnboundReason;
  try {
    outcome = await app.lockManager.runExclusive(
      bindLockKey(settings.scope.authenticator, member.userid),
      decide,
      30_000,
    );
  } catch (error) {
    logger?.warn('WeCom sync: could not bind a member', { wecomUserid: member.userid, error: String(error) });
    outcome = 'error';
  }
  if (typeof outcome === 'string') {
    tally.unbound[outcome] = (tally.unbound[outcome] ?? 0) + 1;
    return undefined;
  }
  return outcome;
}

/** Phone and email from WeCom for a user who has none yet, when no other user has them. */
async function blanks(db: Database, user: Model, member: WecomContact): Promise<Partial<FormatUser>> {
  const users = db.getRepository('users');
  const values: Partial<FormatUser> = {};
  const phone = toE164(member.mobile);
  if (phone && !user.get('phone')) {
    const others: Model[] = await users.find({ filter: { phone: { $includes: phone.slice(-4) } } });
    if (!others.some((other) => toE164(other.get('phone')) === phone)) {
      values.phone = member.mobile;
    }
  }
  const email = member.email?.trim().toLowerCase();
  if (email && !user.get('email')) {
    const others: Model[] = await users.find({ filter: { email: { $includes: email } } });
    if (
      !others.some(
        (other) =>
          String(other.get('email') || '')
            .trim()
            .toLowerCase() === email,
      )
    ) {
      values.email = member.email;
    }
  }
  return values;
}

/** A member who left, was disabled or is gone: unbound (root's binding kept); deleted with `removeLeavers`. */
async function leave(
  db: Database,
  settings: SyncSettings,
  known: Known,
  uid: string,
  logger: Logger | undefined,
  tally: Tally,
): Promise<FormatUser[]> {
  const row = known.rows.get(uid);
  const binding = known.bindings.get(uid);
  const user = binding && known.users.get(binding.userId);
  const out: FormatUser[] = [];
  if (binding && user) {
    const roles = ((user.get('roles') as Model[] | undefined) ?? []).map((role) => String(role.get('name')));
    if (roles.includes(ROOT_ROLE)) {
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
    known.bindings.delete(uid);
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
