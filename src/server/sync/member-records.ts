import type { FormatUser } from '@nocobase/plugin-user-data-sync';
import type Application from '@nocobase/server';
import { bindingUuid } from '../accounts/bindings';
import { WecomContact } from '../wecom/contacts';
import type { DirectEntry, DirectWriter } from './direct-writer';
import { memberDepartments } from './org';
import { RecordWrite, SyncRow, unchanged, USERS_RESOURCE, writeRecords } from './sync-records';
import { IndexedUser, UserIndex } from '../accounts/user-index';

/**
 * The source's row of every present member (so that one who disappears is noticed), linked to the member's
 * user; the users whose record changed go to the direct writer when it takes them, else back to NocoBase.
 */
export async function writeMembers(
  app: Application,
  sourceName: string,
  known: { rows: Map<string, SyncRow>; users: UserIndex },
  present: WecomContact[],
  userOf: Map<string, number>,
  options: { leaders?: Map<number, Set<string>>; direct?: DirectWriter },
): Promise<FormatUser[]> {
  const writes: RecordWrite[] = [];
  const direct: DirectEntry[] = [];
  const out: FormatUser[] = [];
  for (const member of present) {
    const uid = bindingUuid(member.userid);
    const row = known.rows.get(uid);
    const record: FormatUser = {
      uid,
      ...(member.name ? { nickname: member.name } : {}),
      departments: memberDepartments(member, options.leaders),
    };
    const userId = userOf.get(uid);
    if (userId === undefined) {
      if (!row) {
        writes.push({ uid, record, links: {} });
      }
      continue;
    }
    const user = known.users.byId.get(userId);
    const full: FormatUser = { ...record, ...(user ? blanks(known.users, user, member) : {}) };
    if (unchanged(row, full, USERS_RESOURCE, String(userId))) {
      continue;
    }
    if (user && options.direct?.accepts(full, user)) {
      direct.push({ uid, row, record: full, userId, user });
    } else {
      writes.push({ uid, row, record, links: { [USERS_RESOURCE]: [String(userId)] } });
      out.push(full);
    }
  }
  if (writes.length) {
    await app.db.sequelize.transaction((transaction) => writeRecords(app.db, sourceName, writes, transaction));
  }
  if (direct.length && options.direct) {
    await options.direct.write(direct);
  }
  return out;
}

/** Phone and email from WeCom for a user who has none yet, when no other user has them. */
function blanks(users: UserIndex, user: IndexedUser, member: WecomContact): Partial<FormatUser> {
  const values: Partial<FormatUser> = {};
  if (member.mobile && !user.phone && !users.hasOtherWithPhone(member.mobile, user.id)) {
    values.phone = member.mobile;
  }
  if (member.email?.trim() && !user.email && !users.hasOtherWithEmail(member.email, user.id)) {
    values.email = member.email;
  }
  return values;
}
