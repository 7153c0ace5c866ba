import { WecomApiError } from './errors';
import type { WecomEnvelope } from './http';
import type { WecomRuntime } from './runtime';
import { WecomConfig } from './types';

/**
 * The contacts calls a sync makes (docs/wecom-api.md, "Contacts and change events"), with the same cached token
 * as every other call of the app. Since 2022 a new app's Secret gets no mobile or email here: they are optional.
 */

/** A department as `department/list` and `department/get` report it. */
export interface WecomDepartment {
  id: number;
  name: string;
  /** 0 for the root department (id 1). */
  parentId: number;
  /** Bigger first among siblings. */
  order: number;
  /** Userids of the department's leaders (`department_leader`), when WeCom gives them. */
  leaders: string[];
}

/** A member as `user/list` and `user/get` report them. */
export interface WecomContact {
  userid: string;
  name?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status: number;
  departments: number[];
  mainDepartment?: number;
  /** Parallel to `departments`: 1 where the member leads that department. */
  leaderIn: number[];
  mobile?: string;
  email?: string;
  /** The corporate email (`biz_mail`), matched before `email` as a sign-in does. */
  bizMail?: string;
}

interface RawDepartment {
  id?: number | string;
  name?: string;
  parentid?: number | string;
  order?: number | string;
  department_leader?: string[];
}

interface RawUser {
  userid?: string;
  name?: string;
  status?: number | string;
  department?: (number | string)[];
  main_department?: number | string;
  is_leader_in_dept?: (number | string)[];
  mobile?: string;
  email?: string;
  biz_mail?: string;
}

/** errcodes that mean "this member or department does not exist (any more), or this app cannot see it". */
const GONE = new Set([60111, 60003, 60123, 60011]);

/** True when WeCom says the member or department is gone (or outside the range of this Secret). */
export const isGone = (error: unknown) =>
  error instanceof WecomApiError && error.kind === 'errcode' && GONE.has(error.errcode as number);

/** True when WeCom says it knows no member of that userid (60111): the member left the company. */
export const isUnknownUserid = (error: unknown) =>
  error instanceof WecomApiError && error.kind === 'errcode' && error.errcode === 60111;

export interface ContactsClient {
  /** `department/list` without an id: every department of the Secret's range, in one call. */
  listDepartments(): Promise<WecomDepartment[]>;
  getDepartment(id: number): Promise<WecomDepartment>;
  /** `user/list` of one department: its direct members (a member of several departments is in each list). */
  listMembers(departmentId: number): Promise<WecomContact[]>;
  getMember(userid: string): Promise<WecomContact>;
}

export function createContactsClient(config: WecomConfig, wecom: WecomRuntime): ContactsClient {
  const get = <T extends WecomEnvelope>(path: string, query: Record<string, string>) =>
    wecom.callWithToken<T>(config, { path, query });
  return {
    async listDepartments() {
      const answer = await get<WecomEnvelope & { department?: RawDepartment[] }>('/cgi-bin/department/list', {});
      return (answer.department ?? []).map(toDepartment).filter((department) => department.id > 0);
    },
    async getDepartment(id) {
      const answer = await get<WecomEnvelope & { department?: RawDepartment }>('/cgi-bin/department/get', {
        id: String(id),
      });
      return toDepartment(answer.department ?? { id });
    },
    async listMembers(departmentId) {
      const answer = await get<WecomEnvelope & { userlist?: RawUser[] }>('/cgi-bin/user/list', {
        department_id: String(departmentId),
      });
      return (answer.userlist ?? []).map(toContact).filter((contact) => contact.userid);
    },
    async getMember(userid) {
      return toContact(await get<WecomEnvelope & RawUser>('/cgi-bin/user/get', { userid }));
    },
  };
}

const numbers = (values: unknown): number[] =>
  (Array.isArray(values) ? values : []).map(Number).filter((value) => Number.isFinite(value));

function toDepartment(raw: RawDepartment): WecomDepartment {
  return {
    id: Number(raw.id) || 0,
    name: String(raw.name ?? ''),
    parentId: Number(raw.parentid) || 0,
    order: Number(raw.order) || 0,
    leaders: Array.isArray(raw.department_leader) ? raw.department_leader.map(String) : [],
  };
}

function toContact(raw: RawUser): WecomContact {
  const main = Number(raw.main_department);
  return {
    userid: String(raw.userid ?? ''),
    name: raw.name || undefined,
    status: Number(raw.status ?? 1) || 1,
    departments: numbers(raw.department),
    mainDepartment: Number.isFinite(main) && main > 0 ? main : undefined,
    leaderIn: numbers(raw.is_leader_in_dept),
    mobile: raw.mobile || undefined,
    email: raw.email || raw.biz_mail || undefined,
    bizMail: raw.biz_mail || undefined,
  };
}
