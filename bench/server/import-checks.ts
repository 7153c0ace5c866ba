/**
 * What a first import left, read back with a few plain SELECTs and held against the emulated company
 * (../company.ts): per member, the user bound to it and that user's nickname, phone, email, departments, leader
 * flags, main department, role and the source's row linked to it. Each check is a count of members it holds for.
 */
import type { MockServer } from '@nocobase/test';
import { departmentsFor, importMember } from '../company';
import { WECOM_AUTHENTICATOR } from '../people';
import { SYNC_SOURCE } from './sync';

export interface ImportCheck {
  name: string;
  ok: number;
  of: number;
}

type Row = Record<string, any>;
const select = (app: MockServer, collection: string, attributes: string[], where: Row = {}) =>
  app.db.getModel(collection).findAll({ attributes, where, raw: true }) as unknown as Promise<Row[]>;

const groupBy = <T extends Row>(rows: T[], key: string) => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = String(row[key]);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
};

/** The source's rows of one data type: uid → the NocoBase ids they are linked to in `resource`. */
async function linksOf(app: MockServer, dataType: string, resource: string) {
  const records = await select(app, 'userDataSyncRecords', ['id', 'sourceUk'], { sourceName: SYNC_SOURCE, dataType });
  const links = groupBy(
    await select(app, 'userDataSyncRecordsResources', ['recordId', 'resourcePk'], { resource }),
    'recordId',
  );
  return new Map(
    records.map((row) => [String(row.sourceUk), (links.get(String(row.id)) ?? []).map((l) => String(l.resourcePk))]),
  );
}

export async function checkImport(app: MockServer, request: { members: number }): Promise<ImportCheck[]> {
  const departments = departmentsFor(request.members);
  const users = new Map(
    (await select(app, 'users', ['id', 'nickname', 'phone', 'email', 'mainDepartmentId'])).map((u) => [
      String(u.id),
      u,
    ]),
  );
  const bindings = new Map(
    (await select(app, 'usersAuthenticators', ['uuid', 'userId'], { authenticator: WECOM_AUTHENTICATOR })).map((b) => [
      String(b.uuid),
      String(b.userId),
    ]),
  );
  const memberships = groupBy(await select(app, 'departmentsUsers', ['userId', 'departmentId', 'isOwner']), 'userId');
  const defaults = (await select(app, 'roles', ['name'], { default: true })).map((role) => String(role.name));
  const roles = groupBy(await select(app, 'rolesUsers', ['userId', 'roleName']), 'userId');
  const userRecords = await linksOf(app, 'user', 'users');
  const departmentIds = new Map(
    [...(await linksOf(app, 'department', 'departments'))].map(([uid, ids]) => [uid, ids[0]]),
  );
  const count = { users: 0, nickname: 0, phone: 0, email: 0, departments: 0, leaders: 0, main: 0, role: 0, record: 0 };
  let withMobile = 0;
  let withEmail = 0;
  const bound = new Set<string>();
  for (let index = 0; index < request.members; index++) {
    const member = importMember(index, departments);
    withMobile += member.mobile ? 1 : 0;
    withEmail += member.email ? 1 : 0;
    const uid = member.userid.toLowerCase();
    const userId = bindings.get(uid);
    const user = userId === undefined ? undefined : users.get(userId);
    if (!user) continue;
    bound.add(userId!);
    count.users++;
    count.nickname += user.nickname === member.name ? 1 : 0;
    count.phone += (user.phone || undefined) === member.mobile ? 1 : 0;
    count.email += (user.email || undefined) === member.email ? 1 : 0;
    const mine = memberships.get(userId!) ?? [];
    const wanted = member.departments.map((id) => departmentIds.get(String(id)));
    const byId = new Map(mine.map((row) => [String(row.departmentId), row]));
    count.departments += mine.length === wanted.length && wanted.every((id) => id && byId.has(id)) ? 1 : 0;
    const owners = member.departments.every((id, at) => {
      const row = byId.get(String(wanted[at]));
      return row && Boolean(row.isOwner) === member.leaderOf.includes(id);
    });
    count.leaders += owners ? 1 : 0;
    count.main += String(user.mainDepartmentId ?? '') === String(departmentIds.get(String(member.main)) ?? '-') ? 1 : 0;
    const given = (roles.get(userId!) ?? []).map((row) => String(row.roleName)).sort();
    count.role += given.join() === [...defaults].sort().join() ? 1 : 0;
    count.record += userRecords.get(uid)?.includes(userId!) ? 1 : 0;
  }
  const others = [...users.keys()].filter((id) => !bound.has(id)).length;
  const n = request.members;
  return [
    { name: 'users bound to their member (binding)', ok: count.users, of: n },
    { name: 'other users (root only)', ok: others === 1 ? 1 : 0, of: 1 },
    { name: 'nickname = WeCom name', ok: count.nickname, of: n },
    { name: `phone = WeCom mobile (${withMobile} have one, the rest none)`, ok: count.phone, of: n },
    { name: `email = WeCom email (${withEmail} have one, the rest none)`, ok: count.email, of: n },
    { name: 'departments = WeCom departments', ok: count.departments, of: n },
    { name: 'leader flags (isOwner) = WeCom', ok: count.leaders, of: n },
    { name: 'main department = WeCom main_department', ok: count.main, of: n },
    { name: `roles = NocoBase's default (${defaults.join(', ') || 'none'})`, ok: count.role, of: n },
    { name: "the source's row, linked to the user", ok: count.record, of: n },
    {
      name: "departments with the source's row, linked",
      ok: [...departmentIds.values()].filter(Boolean).length,
      of: departments,
    },
  ];
}
