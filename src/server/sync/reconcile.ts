import type { FormatUser } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { bindingUuid, boundUserId, countBindings, unbindMember } from '../accounts/bindings';
import { MatchStep, matchSteps } from '../accounts/match-keys';
import { WecomContact } from '../wecom/contacts';
import { bindPlanned } from './bind-many';
import { createUnmatched } from './create-many';
import type { DirectWriter } from './direct-writer';
import { writeMembers } from './member-records';
import { SyncSettings } from './options';
import { goneUids, Known, loadKnown } from './known';
import { leave, LeavePlan, Leaver, planLeaves, removalsOf } from './leavers';
import { Removals } from './removal-guard';
import { decideMembers, MemberPlan } from './member-plan';
import { Tally } from './tally';

/**
 * Members → bindings and user records, by the sign-in's rules (README, "How a sign-in finds its user"):
 * the user bound to the member; else the one user the member's keys point at, by the authenticator's `matchBy`
 * in its order (the first key that finds anyone decides), never a privileged one, never one bound to another
 * member; else a new user when the admin allows it; else the member stays unbound. A member who left, was
 * disabled or is gone loses the binding (root's is kept); the user is deleted only with `removeLeavers`, only
 * for a member who left the company (status 5, or `delete_user` and WeCom no longer knows the userid), never a
 * privileged one. Runs after WeCom was read in full: a failed read never gets here; and before any write, the
 * removals it would make go through `guard` (removal-guard.ts).
 *
 * Everything is read first (bindings, users, the source's rows) and decided in memory (member-plan.ts, whose
 * plan Preview reports without writing); the writes go in bulk (bind-many.ts, writeRecords), so a pull of 10,000 members makes a few dozen queries, not a few per member.
 */
export interface Logger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** 1 active, 4 not activated yet: members. 2 disabled, 5 left: leavers. */
const isPresent = (member: WecomContact) => member.status === 1 || member.status === 4;

/** Few members (an event): read only their bindings, rows and candidate users. A whole pull reads all at once. */
const NARROW = 200;

export interface ReconcileOptions {
  /** Members WeCom no longer shows (change events); a whole pull finds its own, never as `left`. */
  gone?: Leaver[];
  whole: boolean;
  leaders?: Map<number, Set<string>>;
  logger?: Logger;
  /** Writes the users it accepts itself (see direct-writer.ts); the others are returned for NocoBase. */
  direct?: DirectWriter;
  /** Sees what the run would remove before anything is written, and throws to stop it (removal-guard.ts). */
  guard(removals: Removals, bound: () => Promise<number>): Promise<void>;
}

/** A run read and decided up to its first write: what it knows, each member's match keys, the leavers' fate. */
export interface Prepared {
  members: WecomContact[];
  present: WecomContact[];
  steps: MatchStep[][];
  known: Known;
  leaves: LeavePlan[];
}

/** Reads what the members need and plans the leavers; `options.guard` may stop the run here, before any write. */
export async function prepareMembers(
  app: Application,
  settings: SyncSettings,
  members: WecomContact[],
  options: ReconcileOptions,
): Promise<Prepared> {
  const present = members.filter(isPresent);
  const steps = present.map((member) => matchSteps(member, settings.matchBy));
  const uids = [...members.map((member) => bindingUuid(member.userid)), ...(options.gone ?? []).map((g) => g.uid)];
  const narrow = options.whole || uids.length > NARROW ? undefined : { uids, keys: steps.flat().map((s) => s.keys) };
  const known = await loadKnown(app, settings, narrow);
  const gone = options.whole ? goneUids(known.rows, members).map((uid) => ({ uid, left: false })) : options.gone;
  const leavers = members
    .filter((member) => !isPresent(member))
    .map((member) => ({ uid: bindingUuid(member.userid), left: member.status === 5 }));
  const leaves = planLeaves(settings, known, [...leavers, ...(gone ?? [])]);
  const bound = async () => (narrow ? countBindings(app.db, settings.scope) : known.bindings.byUuid.size);
  await options.guard(removalsOf(leaves), bound);
  return { members, present, steps, known, leaves };
}

/** Decides (member-plan.ts), then carries the plan out. */
export async function reconcileMembers(
  app: Application,
  settings: SyncSettings,
  prepared: Prepared,
  options: ReconcileOptions,
  tally: Tally,
): Promise<FormatUser[]> {
  return applyMembers(app, settings, prepared, decideMembers(settings, prepared), options, tally);
}

/** Writes what `plan` says: bindings, new users, the members' rows, the leavers; counts it all in `tally`. */
export async function applyMembers(
  app: Application,
  settings: SyncSettings,
  prepared: Prepared,
  plan: MemberPlan,
  options: ReconcileOptions,
  tally: Tally,
): Promise<FormatUser[]> {
  const db = app.db;
  const { known, present } = prepared;
  const userOf = new Map<string, number>();
  const outcome = { userOf, tally, logger: options.logger };
  tally.members += prepared.members.length;
  for (const { member, userId, legacy } of plan.bound) {
    if (legacy) {
      await boundUserId(db, settings.scope, member.userid); // records the Corp ID on a legacy binding
    }
    tally.bound++;
    userOf.set(bindingUuid(member.userid), userId);
  }
  for (const { member, userId } of plan.stale) {
    // The bound user was deleted in NocoBase: the binding leads nowhere.
    await unbindMember(db, settings.scope, member.userid, userId);
  }
  for (const { member, reason, userId, roles } of plan.unbound) {
    tally.unbound[reason] = (tally.unbound[reason] ?? 0) + 1;
    if (reason === 'privileged') {
      options.logger?.warn(
        "WeCom sync: a user with administrator rights has the member's key and is not linked automatically",
        {
          method: 'wecom-sync',
          authenticator: settings.scope.authenticator,
          wecomUserid: member.userid,
          userId,
          roles,
        },
      );
    }
  }
  await bindPlanned(app, settings.scope, plan.link, outcome);
  // The new users, in one step (in bulk when the direct writer takes the pull's users).
  const claimed = new Set(plan.link.map((entry) => entry.userId));
  const isBound = (userId: number) => known.bindings.boundUserIds.has(userId) || claimed.has(userId);
  const creations = plan.create.map((member) => ({ member, steps: matchSteps(member, settings.matchBy) }));
  await createUnmatched(app, settings.scope, known.users, creations, {
    ...outcome,
    isBound,
    bulk: Boolean(options.direct),
  });
  const out = await writeMembers(app, settings.sourceName, known, present, userOf, options);
  for (const leaver of plan.leaves) {
    out.push(...(await leave(app, settings, known, leaver, tally)));
  }
  return out;
}
