import type Database from '@nocobase/database';
import type { Model } from '@nocobase/database';
import { phoneSearchFragment, toE164 } from './phone';

/**
 * The users a member's keys may point at, read once and looked up in memory: by mobile (E.164), by email (trimmed,
 * lower case) and by username, with the rules of the README ("How a sign-in finds its user"): exactly one user,
 * none with a privileged role, none bound to another member. A sign-in loads the users one member's key points
 * at (match-keys.ts); a whole pull reads every user in two queries instead of three per member; a change event
 * reads only the users its members' keys point at.
 */
/** The role of NocoBase's super administrator: never linked automatically, whatever the settings say. */
export const ROOT_ROLE = 'root';

export interface IndexedUser {
  id: number;
  nickname: string | null;
  phone: string | null;
  email: string | null;
  username: string | null;
  mainDepartmentId?: number | null;
  /** Its roles among root and `privilegedRoles`. */
  privileged: string[];
}

export interface MemberKeys {
  userid: string;
  mobile?: string;
  email?: string;
  /** Also match the userid as a username (`matchUsername`). */
  username?: boolean;
}

export type IndexMatch =
  | { user: IndexedUser }
  | { refused: 'noUser' | 'ambiguous' | 'privileged' | 'linkedElsewhere'; roles?: string[]; userId?: number };

const emailKey = (value: unknown) =>
  String(value ?? '')
    .trim()
    .toLowerCase();

const USER_FIELDS = ['id', 'nickname', 'phone', 'email', 'username'];

export class UserIndex {
  readonly byId = new Map<number, IndexedUser>();
  private readonly byPhone = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byUsername = new Map<string, number[]>();

  /**
   * Every user (`members` undefined), or the users the members' keys may point at. `withDepartments` adds
   * `mainDepartmentId` (a column of the Departments plugin).
   */
  static async load(
    db: Database,
    privilegedRoles: string[],
    options: { members?: MemberKeys[]; ids?: number[]; withDepartments: boolean },
  ): Promise<UserIndex> {
    const index = new UserIndex();
    const filter = options.members ? candidatesFilter(options.members, options.ids ?? []) : undefined;
    if (filter === null) {
      return index;
    }
    const attributes = [...USER_FIELDS, ...(options.withDepartments ? ['mainDepartmentId'] : [])];
    const rows: IndexedUser[] = filter
      ? (await db.getRepository('users').find({ filter, fields: attributes })).map(
          (user: Model) => user.get({ plain: true }) as IndexedUser,
        )
      : ((await db.getModel('users').findAll({ attributes, raw: true })) as unknown as IndexedUser[]);
    const ids = rows.map((row) => row.id);
    const roles = new Map<number, string[]>();
    if (ids.length) {
      const privileged = [...new Set([ROOT_ROLE, ...privilegedRoles])];
      const links = (await db.getModel('rolesUsers').findAll({
        attributes: ['userId', 'roleName'],
        where: { roleName: privileged, ...(options.members ? { userId: ids } : {}) },
        raw: true,
      })) as unknown as { userId: number; roleName: string }[];
      for (const { roleName, userId } of links) {
        roles.set(Number(userId), [...(roles.get(Number(userId)) ?? []), roleName]);
      }
    }
    for (const row of rows) {
      index.add({ ...row, id: Number(row.id), privileged: roles.get(Number(row.id)) ?? [] });
    }
    return index;
  }

  add(user: IndexedUser) {
    this.byId.set(user.id, user);
    const push = (map: Map<string, number[]>, key: string) => key && map.set(key, [...(map.get(key) ?? []), user.id]);
    push(this.byPhone, toE164(user.phone));
    push(this.byEmail, emailKey(user.email));
    push(this.byUsername, user.username ?? '');
  }

  /** Users other than `userId` whose phone is `mobile` as E.164, or whose email is `email`. */
  hasOtherWithPhone = (mobile: string | undefined, userId: number) =>
    (this.byPhone.get(toE164(mobile)) ?? []).some((id) => id !== userId);
  hasOtherWithEmail = (email: string | undefined, userId: number) =>
    (this.byEmail.get(emailKey(email)) ?? []).some((id) => id !== userId);

  /** The one user the keys point at, by the sign-in's rules; `isBound(userId)`: bound to a member already. */
  match(keys: MemberKeys, isBound: (userId: number) => boolean): IndexMatch {
    const found = new Set<number>();
    const phone = toE164(keys.mobile);
    const email = emailKey(keys.email);
    (phone ? (this.byPhone.get(phone) ?? []) : []).forEach((id) => found.add(id));
    (email ? (this.byEmail.get(email) ?? []) : []).forEach((id) => found.add(id));
    (keys.username ? (this.byUsername.get(keys.userid) ?? []) : []).forEach((id) => found.add(id));
    if (found.size === 0) {
      return { refused: 'noUser' };
    }
    if (found.size > 1) {
      return { refused: 'ambiguous' };
    }
    const user = this.byId.get([...found][0]) as IndexedUser;
    if (user.privileged.length) {
      return { refused: 'privileged', roles: user.privileged, userId: user.id };
    }
    if (isBound(user.id)) {
      return { refused: 'linkedElsewhere', userId: user.id };
    }
    return { user };
  }
}

/**
 * A filter for the users a few members' keys may point at, as the sign-in searches them (narrowed by the
 * database, decided in memory), or null when they have no key.
 */
function candidatesFilter(members: MemberKeys[], ids: number[]) {
  const or: Record<string, unknown>[] = ids.length ? [{ id: { $in: ids } }] : [];
  for (const member of members) {
    const phone = toE164(member.mobile);
    if (phone) {
      or.push({ phone: { $includes: phoneSearchFragment(phone) } });
    }
    const email = emailKey(member.email);
    if (email) {
      or.push({ email: { $includes: email } });
    }
    if (member.username) {
      or.push({ username: member.userid });
    }
  }
  return or.length ? { $or: or } : null;
}
