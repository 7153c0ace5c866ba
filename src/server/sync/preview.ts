import type Application from '@nocobase/server';
import type { MatchKey } from '../../constants';
import { bindingUuid } from '../accounts/bindings';
import { WecomContact } from '../wecom/contacts';
import { describeDepartments, planDepartments } from './department-plan';
import { decideMembers } from './member-plan';
import { SyncError, SyncSettings } from './options';
import { Org } from './org';
import { prepareMembers } from './reconcile';
import { checkRemovals } from './removal-guard';
import { english, Translator } from './tally';
import { PreviewGroup, SAMPLE_SIZE, SyncPreview, UnboundReason } from '../../sync-preview';

/** The count and the first names in alphabetical order (WeCom lists members in no fixed order). */
const group = (names: string[]): PreviewGroup => ({
  count: names.length,
  sample: [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, SAMPLE_SIZE),
});
const nameOf = (member: WecomContact) => member.name || member.userid;

/**
 * Preview: what a pull of the source would do now, from a full read of WeCom, writing nothing. It reads what a pull
 * reads and takes the same decisions (member-plan.ts, department-plan.ts, leavers.ts), then counts them, with a
 * few names of each kind, instead of carrying them out. A pull the removal limit would stop is previewed all the
 * same, with the message the pull would end with (`stop`).
 */
export async function previewSync(
  app: Application,
  settings: SyncSettings,
  org: Org,
  t: Translator = english,
): Promise<SyncPreview> {
  let stop: SyncPreview['stop'];
  const prepared = await prepareMembers(app, settings, org.members, {
    whole: true,
    guard: (removals, bound) =>
      checkRemovals(settings, removals, bound, 'pull').catch((error) => {
        if (!(error instanceof SyncError)) throw error;
        stop = t(error.messageKey, error.params);
      }),
  });
  const plan = decideMembers(settings, prepared);
  const departments = await planDepartments(app, settings.sourceName, org.departments);
  const byKey: Partial<Record<MatchKey, number>> = {};
  plan.link.forEach(({ key }) => (byKey[key] = (byKey[key] ?? 0) + 1));
  const reasons = new Map<UnboundReason, string[]>();
  for (const { member, reason } of plan.unbound) {
    // Appended in place: a company whose members WeCom gives no keys for leaves 100,000 under one reason.
    const list = reasons.get(reason) ?? [];
    list.push(nameOf(member));
    reasons.set(reason, list);
  }
  // A leaver's name: WeCom's when it still lists the member, else the bound user's nickname.
  const names = new Map(org.members.map((member) => [bindingUuid(member.userid), nameOf(member)]));
  const leaverName = (uid: string, userId?: number) =>
    names.get(uid) ?? (userId === undefined ? undefined : prepared.known.users.byId.get(userId)?.nickname) ?? uid;
  const leavers = (action: string) =>
    group(plan.leaves.filter((leave) => leave.action === action).map((leave) => leaverName(leave.uid, leave.userId)));
  const changes = describeDepartments(departments);
  return {
    departments: departments.all.length,
    members: org.members.length,
    bound: plan.bound.length,
    linked: { ...group(plan.link.map(({ member }) => nameOf(member))), byKey },
    created: group(plan.create.map(nameOf)),
    unbound: [...reasons.entries()].map(([reason, list]) => ({ reason, ...group(list) })),
    leavers: { unbind: leavers('unbind'), remove: leavers('remove'), rootKept: leavers('rootKept') },
    departmentChanges: departments.withDepartments
      ? {
          created: group(changes.created),
          moved: group(changes.moved),
          updated: group(changes.updated),
          deleted: group(changes.deleted),
        }
      : null,
    ...(stop ? { stop } : {}),
  };
}
