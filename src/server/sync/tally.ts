/** What a pull or a change event did with the members, for the task's message and the log. */
export type UnboundReason = 'noKey' | 'noUser' | 'ambiguous' | 'privileged' | 'linkedElsewhere' | 'error';

export interface Tally {
  departments: number;
  members: number;
  /** Bound before this run. */
  bound: number;
  /** Bound now to the existing user their key points at (the authenticator's `matchBy`). */
  matched: number;
  /** Bound now to a new user (`createUnmatched`). */
  created: number;
  /** Present in WeCom, left without a binding, by reason. */
  unbound: Partial<Record<UnboundReason, number>>;
  /** Left, disabled or gone in WeCom: bindings removed, root's kept, users deleted (`removeLeavers`, left only). */
  left: { unbound: number; rootKept: number; removed: number };
}

export const newTally = (): Tally => ({
  departments: 0,
  members: 0,
  bound: 0,
  matched: 0,
  created: 0,
  unbound: {},
  left: { unbound: 0, rootKept: 0, removed: 0 },
});

const REASONS: Record<UnboundReason, string> = {
  noKey: 'WeCom gives none of the keys they are matched by',
  noUser: 'no user has their key',
  ambiguous: 'their keys point at several users',
  privileged: 'administrator accounts are never linked automatically',
  linkedElsewhere: 'the user is linked to another member',
  error: 'failed, see the log',
};

/** One line for the task list (NocoBase keeps at most 255 characters of it). */
export function summary(tally: Tally): string {
  const unbound = Object.entries(tally.unbound).filter(([, count]) => count);
  const left = tally.left;
  const parts = [
    `${tally.departments} departments, ${tally.members} members`,
    `already bound ${tally.bound}, matched ${tally.matched}, created ${tally.created}`,
    `left unbound ${unbound.reduce((sum, [, count]) => sum + (count as number), 0)}${
      unbound.length
        ? ` (${unbound.map(([reason, count]) => `${REASONS[reason as UnboundReason]}: ${count}`).join('; ')})`
        : ''
    }`,
    `leavers unbound ${left.unbound}${left.removed ? `, deleted ${left.removed}` : ''}${
      left.rootKept ? `, root kept ${left.rootKept}` : ''
    }`,
  ];
  return fitTaskMessage(`WeCom: ${parts.join('; ')}.`);
}

/** A task's message as NocoBase can keep it (255 characters: on PostgreSQL a longer one fails the task's save). */
export const fitTaskMessage = (text: string) => (text.length > 255 ? `${text.slice(0, 252)}...` : text);
