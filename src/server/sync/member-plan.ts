import type { MatchKey } from '../../constants';
import { bindingUuid } from '../accounts/bindings';
import { MatchStep } from '../accounts/match-keys';
import { IndexMatch, UserIndex } from '../accounts/user-index';
import { WecomContact } from '../wecom/contacts';
import type { Known } from './known';
import type { LeavePlan } from './leavers';
import { SyncSettings } from './options';
import { UnboundReason } from './tally';

/**
 * What a run would do with its members, decided in memory from what it read (reconcile.ts `prepareMembers`), before
 * anything is written. A pull carries it out (reconcile.ts `applyMembers`); Preview only reports it (preview.ts):
 * both take the same decisions from here.
 *
 * The rules (README, "How a sign-in finds its user"): the user bound to the member; else the one user the member's
 * keys point at, by the authenticator's `matchBy` in its order (the first key that finds anyone decides), never a
 * privileged one, never one bound to another member; else a new user when the admin allows it (`createUnmatched`);
 * else the member stays unbound, with the reason.
 */
export interface MemberPlan {
  /** Bound already (`legacy`: a binding without the Corp ID, which the pull records). */
  bound: { member: WecomContact; userId: number; legacy: boolean }[];
  /** Bound to a user deleted in NocoBase: the binding goes (the member is then matched like any other). */
  stale: { member: WecomContact; userId: number }[];
  /** To bind to the existing user `key` found. */
  link: { member: WecomContact; userId: number; key: MatchKey }[];
  /** To bind to a new user each. */
  create: WecomContact[];
  /** Left unbound, and why (`userId`, `roles`: the privileged user a key found). */
  unbound: { member: WecomContact; reason: UnboundReason; userId?: number; roles?: string[] }[];
  /** The leavers' fate (leavers.ts). */
  leaves: LeavePlan[];
}

/** What `decideMembers` reads: the run's present members, their match keys, what NocoBase knows, the leavers. */
export interface Decidable {
  present: WecomContact[];
  steps: MatchStep[][];
  known: Known;
  leaves: LeavePlan[];
}

export function decideMembers(settings: Pick<SyncSettings, 'createUnmatched'>, prepared: Decidable): MemberPlan {
  const { known, present, steps } = prepared;
  const plan: MemberPlan = { bound: [], stale: [], link: [], create: [], unbound: [], leaves: prepared.leaves };
  const claimed = new Set<number>();
  const isBound = (userId: number) => known.bindings.boundUserIds.has(userId) || claimed.has(userId);
  const creating: number[] = [];
  for (const [at, member] of present.entries()) {
    const binding = known.bindings.byUuid.get(bindingUuid(member.userid));
    if (binding && known.users.byId.has(binding.userId)) {
      plan.bound.push({ member, userId: binding.userId, legacy: Boolean(binding.legacy) });
      continue;
    }
    if (binding) {
      plan.stale.push({ member, userId: binding.userId });
    }
    const { match, key } = matchByKeys(known.users, steps[at], isBound);
    if ('user' in match && key) {
      claimed.add(match.user.id);
      plan.link.push({ member, userId: match.user.id, key });
    } else if ('refused' in match && match.refused === 'noUser' && settings.createUnmatched) {
      creating.push(at);
    } else if ('refused' in match) {
      const reason = match.refused === 'noUser' && !steps[at].length ? 'noKey' : match.refused;
      plan.unbound.push({ member, reason, userId: match.userId, roles: match.roles });
    }
  }
  // A user created for an earlier member of this run may have the same key: as a sign-in would, the later
  // member then finds a user bound to another member.
  const fresh = new UserIndex();
  for (const at of creating) {
    const member = present[at];
    const { match } = matchByKeys(fresh, steps[at], () => true);
    if ('refused' in match && match.refused !== 'noUser') {
      plan.unbound.push({ member, reason: match.refused });
      continue;
    }
    const email = member.bizMail || member.email;
    const emailFree = email && !known.users.hasOtherWithEmail(email, 0) && !fresh.hasOtherWithEmail(email, 0);
    fresh.add({
      id: -(plan.create.length + 1),
      nickname: member.name ?? null,
      phone: member.mobile ?? null,
      email: emailFree ? email : null,
      username: null,
      privileged: [],
    });
    plan.create.push(member);
  }
  return plan;
}

/** The sign-in's rule: the member's keys in the order of trust; the first that finds any user decides. */
export function matchByKeys(
  users: UserIndex,
  steps: MatchStep[],
  isBound: (userId: number) => boolean,
): { match: IndexMatch; key?: MatchKey } {
  for (const step of steps) {
    const match = users.match(step.keys, isBound);
    if (!('refused' in match) || match.refused !== 'noUser') {
      return { match, key: step.key };
    }
  }
  return { match: { refused: 'noUser' } };
}
