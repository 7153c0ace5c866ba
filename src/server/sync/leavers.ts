import type { FormatUser } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { unbindMember } from '../accounts/bindings';
import { ROOT_ROLE } from '../accounts/users';
import type { Known } from './known';
import { SyncSettings } from './options';
import { Removals } from './removal-guard';
import { linkRecord, markLeft } from './sync-records';
import { Tally } from './tally';

/**
 * Members who are no longer members: disabled (status 2), left the company (status 5), or not shown by WeCom any
 * more (not listed by a pull, or `user/get` answers that the userid is unknown or outside the app's range). Each
 * loses the binding, except root's. The user is deleted only with `removeLeavers`, only when the member `left`
 * the company (status 5, or `delete_user` with the userid unknown to WeCom), and never a user with root or a
 * privileged role: a narrowed visible range, 60011 or a disabled member only unbinds.
 */
export interface Leaver {
  uid: string;
  /** WeCom says the member left the company (not merely out of sight or disabled). */
  left: boolean;
}

export interface LeavePlan {
  uid: string;
  action: 'none' | 'rootKept' | 'unbind' | 'remove';
  userId?: number;
}

/** What happens to each leaver, decided before anything is written. */
export function planLeaves(settings: SyncSettings, known: Known, leavers: Leaver[]): LeavePlan[] {
  return leavers.map(({ uid, left }) => {
    const binding = known.bindings.byUuid.get(uid);
    const user = binding && known.users.byId.get(binding.userId);
    if (!binding || !user) {
      return { uid, action: 'none' };
    }
    if (user.privileged.includes(ROOT_ROLE)) {
      return { uid, action: 'rootKept', userId: user.id };
    }
    const remove = settings.removeLeavers && left && !user.privileged.length;
    return { uid, action: remove ? 'remove' : 'unbind', userId: user.id };
  });
}

export const removalsOf = (plans: LeavePlan[]): Removals => ({
  unbind: plans.filter((plan) => plan.action === 'unbind' || plan.action === 'remove').length,
  remove: plans.filter((plan) => plan.action === 'remove').length,
});

/** Carries out one plan; returns the deleted user's record for NocoBase when the user goes. */
export async function leave(
  app: Application,
  { scope, sourceName }: SyncSettings,
  known: Known,
  plan: LeavePlan,
  tally: Tally,
): Promise<FormatUser[]> {
  const { uid, userId } = plan;
  const row = known.rows.get(uid);
  if (plan.action === 'rootKept') {
    tally.left.rootKept++;
    app.logger.warn('WeCom sync: the member left WeCom, but the root user they are bound to is never changed', {
      method: 'wecom-sync',
      authenticator: scope.authenticator,
      wecomUserid: uid,
      userId,
    });
    return [];
  }
  if (userId !== undefined && plan.action !== 'none') {
    await unbindMember(app.db, scope, uid, userId);
    known.bindings.byUuid.delete(uid);
    tally.left.unbound++;
  }
  if (userId !== undefined && plan.action === 'remove') {
    const gone: FormatUser = { uid, isDeleted: true };
    await linkRecord(app.db, sourceName, row, gone, userId);
    tally.left.removed++;
    return [gone];
  }
  await markLeft(app.db, row);
  return [];
}
