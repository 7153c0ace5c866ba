/**
 * Contacts API of the WeCom emulator (docs/wecom-api.md, "Contacts and change events"): departments, members
 * with their departments and leader flags, and the two 2022 restrictions, switchable per Secret:
 * - an app created after 2022-06-20 (`restricted`) gets no mobile or email from user/get and user/list;
 * - the contacts-sync Secret (`contactsSync`) called from an IP added after 2022-08-15 (`newIp`) gets 48009 from
 *   department/list, department/get, user/get and user/list; only user/list_id and department/simplelist answer.
 * The change events WeCom sends to a callback URL: contact-events.ts.
 */
import type { EmulatorMember } from './types';

type Json = Record<string, unknown>;
type WxError = (errcode: number, errmsg?: string) => Json;

export interface EmulatorDepartment {
  id: number;
  name: string;
  /** 0 for the root department (id 1). */
  parentid: number;
  /** Bigger first; default 0. */
  order?: number;
  leaders?: string[];
}

/** How WeCom treats one Secret. The app's own Secret defaults to `{ restricted: true }` (an app created today). */
export interface SecretPolicy {
  /** The contacts-sync (通讯录同步) Secret: the whole company, not an app's visible range. */
  contactsSync?: boolean;
  /** An app created after 2022-06-20: no mobile or email in user/get and user/list. */
  restricted?: boolean;
  /** The calls come from an IP added after 2022-08-15 (matters for the contacts-sync Secret: 48009). */
  newIp?: boolean;
}

export type ContactsEndpoint =
  | 'department/list'
  | 'department/get'
  | 'department/simplelist'
  | 'user/list'
  | 'user/list_id';

export const CONTACTS_ROUTES: Record<string, ContactsEndpoint> = {
  '/cgi-bin/department/list': 'department/list',
  '/cgi-bin/department/get': 'department/get',
  '/cgi-bin/department/simplelist': 'department/simplelist',
  '/cgi-bin/user/list': 'user/list',
  '/cgi-bin/user/list_id': 'user/list_id',
};

/** Endpoints the contacts-sync Secret may not call from a new IP (user/get included). */
const NEW_IP_BLOCKED = new Set(['department/list', 'department/get', 'user/list', 'user/get']);

export const DEFAULT_DEPARTMENTS: EmulatorDepartment[] = [{ id: 1, name: 'Company', parentid: 0, order: 100000000 }];

/**
 * The members by lower-cased userid, counting its changes: user/list reads them by department from an index
 * built once per version (a pull of 100,000 members makes 5,000 user/list calls; scanning everyone per call
 * made the emulator the slow side).
 */
export class EmulatorMembers extends Map<string, EmulatorMember> {
  version = 0;
  private index?: { version: number; byDepartment: Map<number, EmulatorMember[]> };

  set(key: string, member: EmulatorMember): this {
    this.version++;
    return super.set(key, member);
  }

  delete(key: string): boolean {
    this.version++;
    return super.delete(key);
  }

  clear(): void {
    this.version++;
    super.clear();
  }

  /** The members of one department (WeCom members only, in the order they were set). */
  inDepartment(id: number): EmulatorMember[] {
    if (this.index?.version !== this.version) {
      const byDepartment = new Map<number, EmulatorMember[]>();
      for (const member of this.values()) {
        if (member.nonMember) continue;
        for (const department of new Set(departmentsOf(member))) {
          const list = byDepartment.get(department);
          if (list) list.push(member);
          else byDepartment.set(department, [member]);
        }
      }
      this.index = { version: this.version, byDepartment };
    }
    return this.index.byDepartment.get(id) ?? [];
  }
}

export class EmulatorContacts {
  readonly departments = new Map<number, EmulatorDepartment>();

  constructor(departments: EmulatorDepartment[] = DEFAULT_DEPARTMENTS) {
    for (const department of departments) this.setDepartment(department);
  }

  setDepartment(department: EmulatorDepartment): void {
    this.departments.set(department.id, { ...department });
  }

  removeDepartment(id: number): void {
    this.departments.delete(id);
  }

  /** 48009 for a call the Secret may not make, else undefined. */
  refusal(endpoint: string, policy: SecretPolicy, wxError: WxError): Json | undefined {
    if (policy.contactsSync && policy.newIp && NEW_IP_BLOCKED.has(endpoint)) {
      return wxError(48009, 'api forbidden for the contacts-sync secret from a new ip');
    }
    return undefined;
  }

  answer(
    endpoint: ContactsEndpoint,
    q: URLSearchParams,
    body: string,
    policy: SecretPolicy,
    members: EmulatorMembers,
    wxError: WxError,
  ): Json {
    const refused = this.refusal(endpoint, policy, wxError);
    if (refused) return refused;
    const inRange = (m: EmulatorMember) => !m.nonMember && (policy.contactsSync || m.inScope !== false);
    const ok = (extra: Json): Json => ({ errcode: 0, errmsg: 'ok', ...extra });
    if (endpoint === 'department/list') return ok({ department: [...this.departments.values()].map(departmentJson) });
    if (endpoint === 'department/simplelist') {
      return ok({
        department_id: [...this.departments.values()].map((d) => ({
          id: d.id,
          parentid: d.parentid,
          order: d.order ?? 0,
        })),
      });
    }
    if (endpoint === 'department/get') {
      const department = this.departments.get(Number(q.get('id')));
      return department ? ok({ department: departmentJson(department) }) : wxError(60123, 'invalid party id');
    }
    if (endpoint === 'user/list') {
      const id = Number(q.get('department_id'));
      if (!this.departments.has(id)) return wxError(60003, 'department not found');
      return ok({
        userlist: members
          .inDepartment(id)
          .filter(inRange)
          .map((m) => memberJson(m, policy)),
      });
    }
    return this.listIds(body, policy, [...members.values()].filter(inRange), wxError);
  }

  /** user/list_id: one row per member × department, paged by an opaque cursor (contacts-sync Secret only). */
  private listIds(body: string, policy: SecretPolicy, members: EmulatorMember[], wxError: WxError): Json {
    if (!policy.contactsSync) return wxError(48002, 'api forbidden');
    let request: { cursor?: string; limit?: number };
    try {
      request = JSON.parse(body || '{}');
    } catch {
      return wxError(47001);
    }
    const rows = members.flatMap((m) => departmentsOf(m).map((department) => ({ userid: m.userid, department })));
    const start = request.cursor ? Number(Buffer.from(request.cursor, 'base64url').toString()) || 0 : 0;
    const limit = Math.min(Math.max(Number(request.limit) || 1000, 1), 10000);
    const end = start + limit;
    const next = end < rows.length ? Buffer.from(String(end)).toString('base64url') : '';
    return { errcode: 0, errmsg: 'ok', next_cursor: next, dept_user: rows.slice(start, end) };
  }
}

const departmentsOf = (m: EmulatorMember) => m.department ?? [1];

function departmentJson(d: EmulatorDepartment): Json {
  return {
    id: d.id,
    name: d.name,
    name_en: '',
    department_leader: d.leaders ?? [],
    parentid: d.parentid,
    order: d.order ?? 0,
  };
}

/** The user/get (and user/list) fields of a member; mobile and email only for an unrestricted Secret. */
export function memberJson(m: EmulatorMember, policy: SecretPolicy): Json {
  const status = m.status ?? 1;
  const departments = departmentsOf(m);
  return {
    userid: m.userid,
    name: m.name,
    department: departments,
    order: departments.map(() => 0),
    position: m.position ?? '',
    is_leader_in_dept: departments.map((id) => (m.leaderOf?.includes(id) ? 1 : 0)),
    status,
    enable: status === 2 ? 0 : 1,
    main_department: m.mainDepartment ?? departments[0],
    ...(policy.restricted ? {} : { mobile: m.mobile ?? '', email: m.email ?? '', gender: m.gender ?? '0' }),
  };
}
