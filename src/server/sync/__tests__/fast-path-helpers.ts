import type { Model } from '@nocobase/database';
import type { EmulatorDepartment } from '../../../../test/wecom-emulator/contacts';
import type { EmulatorMember } from '../../../../test/wecom-emulator/types';
import { member, Site } from '../../__tests__/harness';

/**
 * A small company for comparing the fast path with NocoBase's own writers, and what a pull leaves in NocoBase as
 * plain rows with every id replaced by what names the row in both apps (a user by its binding's uuid or its
 * username, a department by its WeCom id), so that two apps' rows compare equal when they hold the same things.
 */
export const DEPARTMENTS: EmulatorDepartment[] = [
  { id: 1, name: 'Company', parentid: 0, order: 100 },
  { id: 2, name: 'Sales', parentid: 1, order: 300, leaders: ['m2'] },
  { id: 3, name: 'R&D', parentid: 1, order: 200 },
  { id: 4, name: 'Support', parentid: 3, order: 100, leaders: ['m4', 'm9'] },
  { id: 5, name: 'Operations', parentid: 1, order: 100 },
  { id: 6, name: 'Finance', parentid: 5, order: 100 },
  // WeCom may list a department before its parent: Audit (under Legal) and Contracts (under Audit) come first.
  { id: 9, name: 'Contracts', parentid: 7, order: 100 },
  { id: 7, name: 'Audit', parentid: 8, order: 100 },
  { id: 8, name: 'Legal', parentid: 5, order: 50 },
  { id: 11, name: 'Archive', parentid: 8, order: 100 },
];

/**
 * 30 members: every other one with a mobile, some with an email, a second department for every fourth (the main
 * one for every eighth), leaders by the member and by the department; one nameless; two with one mobile.
 */
export function members(): EmulatorMember[] {
  const out: EmulatorMember[] = [];
  for (let i = 1; i <= 28; i++) {
    const first = 2 + (i % 5);
    const second = 2 + ((i + 2) % 5);
    const department = i % 4 === 0 ? [first, second] : [first];
    out.push(
      member(`m${i}`, {
        name: i === 7 ? '' : `Member ${i}`,
        ...(i % 2 ? { mobile: `139000000${String(i).padStart(2, '0')}` } : {}),
        ...(i % 5 === 0 ? { email: `m${i}@example.com` } : {}),
        department,
        ...(i % 8 === 0 ? { mainDepartment: second } : {}),
        ...(i % 6 === 0 ? { leaderOf: [first] } : {}),
      }),
    );
  }
  // Same mobile as m1: one person for the sign-in's rules, so no second user.
  out.push(member('twin', { name: 'Twin of m1', mobile: '13900000001', department: [3] }));
  out.push(member('Upper', { name: 'Upper Case', mobile: '13900000099', department: [6, 2, 9], mainDepartment: 2 }));
  return out;
}

type Row = Record<string, unknown>;

const omit = (row: Row, keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));

const TIMES = ['createdAt', 'updatedAt'];

/** JSON with sorted keys: rows order the same whatever order a database keeps their keys in. */
const canonical = (value: unknown): string =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonical((value as Row)[key])}`)
        .join(',')}}`
    : Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : JSON.stringify(value ?? null);

const byKey = (a: unknown, b: unknown) => (canonical(a) < canonical(b) ? -1 : 1);

/** Everything a pull may write, as plain rows with ids mapped (see above), sorted. */
export async function rowsOf(site: Site) {
  const db = site.app.db;
  const find = async (name: string): Promise<Row[]> =>
    (await db.getRepository(name).find({})).map((row: Model) => row.toJSON() as Row);
  const bindings = await find('usersAuthenticators');
  const users = await find('users');
  const userKey = new Map<string, string>();
  users.forEach((user) => userKey.set(String(user.id), `username:${user.username}`));
  bindings.forEach((binding) => userKey.set(String(binding.userId), `member:${binding.uuid}`));
  const links = await find('userDataSyncRecordsResources');
  const records = await find('userDataSyncRecords');
  const departmentKey = new Map<string, string>();
  for (const link of links.filter((item) => item.resource === 'departments')) {
    const record = records.find((item) => item.id === link.recordId && item.dataType === 'department');
    if (record) {
      departmentKey.set(String(link.resourcePk), `department:${record.sourceUk}`);
    }
  }
  const user = (id: unknown) => (id === null || id === undefined ? null : (userKey.get(String(id)) ?? `#${id}`));
  const department = (id: unknown) =>
    id === null || id === undefined ? null : (departmentKey.get(String(id)) ?? `#${id}`);
  const roles = await find('rolesUsers');
  return {
    users: users
      .map((row) => ({
        ...omit(row, ['id', 'password', ...TIMES]),
        id: user(row.id),
        mainDepartmentId: department(row.mainDepartmentId),
        roles: roles
          .filter((role) => String(role.userId) === String(row.id))
          .map((role) => ({ ...omit(role, ['userId', ...TIMES]) }))
          .sort(byKey),
      }))
      .sort(byKey),
    departments: (await find('departments'))
      .map((row) => ({ ...omit(row, TIMES), id: department(row.id), parentId: department(row.parentId) }))
      .sort(byKey),
    memberships: (await find('departmentsUsers'))
      .map((row) => ({ ...omit(row, TIMES), userId: user(row.userId), departmentId: department(row.departmentId) }))
      .sort(byKey),
    records: records
      .map((row) => ({
        ...omit(row, ['id', ...TIMES]),
        links: links
          .filter((link) => link.recordId === row.id)
          .map((link) => ({
            resource: link.resource,
            pk: link.resource === 'users' ? user(link.resourcePk) : department(link.resourcePk),
          }))
          .sort(byKey),
      }))
      .sort(byKey),
    bindings: bindings.map((row) => ({ ...omit(row, ['id', ...TIMES]), userId: user(row.userId) })).sort(byKey),
  };
}
