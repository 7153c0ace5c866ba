import type { FormatDepartment, FormatUserDepartment } from '@nocobase/plugin-user-data-sync';
import { ContactsClient, WecomContact, WecomDepartment } from '../wecom/contacts';

/** The company as one read of WeCom sees it: every department and member of the Secret's range. */
export interface Org {
  departments: WecomDepartment[];
  /** One entry per member (a member of several departments is listed by each). */
  members: WecomContact[];
}

/** `user/list` calls in flight at once: well under WeCom's per-API limits, and a 500-department read is quick. */
const PARALLEL = 4;

/**
 * Reads the whole range in the fewest calls the API allows: `department/list` once (ids, names, parents, order,
 * leaders), then `user/list` once per department (names, status, departments, leader flags). Any failure
 * rejects the whole read: nothing is written from half a company.
 */
export async function readOrg(client: ContactsClient): Promise<Org> {
  const departments = await client.listDepartments();
  const members = new Map<string, WecomContact>();
  let next = 0;
  const worker = async () => {
    while (next < departments.length) {
      const department = departments[next++];
      for (const member of await client.listMembers(department.id)) {
        members.set(member.userid.toLowerCase(), member);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, departments.length) }, worker));
  return { departments, members: [...members.values()] };
}

/** The sync key of a department: its WeCom id. */
export const departmentUid = (id: number) => String(id);

/**
 * Department records, parents before children (a new department's parent exists when it is written): title,
 * parent (none when the parent is outside the range) and `sort`, the rank among siblings by WeCom's order
 * (bigger first).
 */
export function departmentRecords(departments: WecomDepartment[]): FormatDepartment[] {
  const known = new Map(departments.map((department) => [department.id, department]));
  const children = new Map<number, WecomDepartment[]>();
  for (const department of departments) {
    const parent = known.has(department.parentId) ? department.parentId : 0;
    children.set(parent, [...(children.get(parent) ?? []), department]);
  }
  const records: FormatDepartment[] = [];
  const visit = (parent: number) => {
    const siblings = (children.get(parent) ?? []).sort((a, b) => b.order - a.order || a.id - b.id);
    siblings.forEach((department, index) => {
      records.push({
        uid: departmentUid(department.id),
        title: department.name || departmentUid(department.id),
        ...(parent ? { parentUid: departmentUid(parent) } : {}),
        sort: index + 1,
      });
      visit(department.id);
    });
  };
  visit(0);
  return records;
}

/** A department record without its sort (a change event reads one department, not its siblings). */
export function departmentRecord(department: WecomDepartment): FormatDepartment {
  return {
    uid: departmentUid(department.id),
    title: department.name || departmentUid(department.id),
    ...(department.parentId ? { parentUid: departmentUid(department.parentId) } : {}),
  };
}

/** The member's departments with the main one and the leader flags (from `is_leader_in_dept` or the department). */
export function memberDepartments(member: WecomContact, leaders?: Map<number, Set<string>>): FormatUserDepartment[] {
  const main = member.mainDepartment ?? member.departments[0];
  return member.departments.map((id, index) => ({
    uid: departmentUid(id),
    isMain: id === main,
    isOwner: member.leaderIn[index] === 1 || Boolean(leaders?.get(id)?.has(member.userid.toLowerCase())),
  }));
}

/** Department id → its leaders' userids (lower case), from `department/list`. */
export function leadersOf(departments: WecomDepartment[]): Map<number, Set<string>> {
  return new Map(departments.map((d) => [d.id, new Set(d.leaders.map((userid) => userid.toLowerCase()))]));
}
