/**
 * The emulated companies of the sync rows, derived from a member count so that the driver (the emulator's
 * contacts) and the server process (the checks of what a pull left) agree without passing 100,000 members around.
 *
 * A first import's company: one department per 20 members in a tree three levels deep; every member has a name,
 * nine in ten a mobile, one in four an email; every tenth is in a second department (every other one of those with
 * the second as main department); the first member of each department leads it.
 */
import type { WecomEmulator } from '../test/wecom-emulator';

/** Department 1 the root, 2–21 under it, the rest under those: three levels, as a mid-size company. */
export function organise(wecom: WecomEmulator, departments: number) {
  for (let id = 1; id <= departments; id++) {
    const parentid = id === 1 ? 0 : id <= 21 ? 1 : 2 + ((id - 22) % 20);
    wecom.setDepartment({ id, name: id === 1 ? 'Bench Corp' : `Dept ${id}`, parentid, order: 1000 - id });
  }
}

export const departmentsFor = (members: number) => Math.max(1, Math.ceil(members / 20));

export interface ImportMember {
  userid: string;
  name: string;
  mobile?: string;
  email?: string;
  /** WeCom department ids, the first the home department. */
  departments: number[];
  main: number;
  leaderOf: number[];
}

const pad = (index: number) => String(index).padStart(6, '0');

export function importMember(index: number, departments: number): ImportMember {
  const home = 1 + (index % departments);
  const other = 1 + ((index + 7) % departments);
  const second = index % 10 === 9 && other !== home ? [other] : [];
  return {
    userid: `Imp${pad(index)}`,
    name: `Member ${pad(index)}`,
    ...(index % 10 === 3 ? {} : { mobile: `136${pad(index).padStart(8, '0')}` }),
    ...(index % 4 === 0 ? { email: `imp${pad(index)}@bench.example` } : {}),
    departments: [home, ...second],
    main: second.length && index % 20 === 19 ? second[0] : home,
    leaderOf: index < departments ? [home] : [],
  };
}

/** The company of `members` members in the emulator; the contacts-sync Secret sees all of it. */
export function setUpCompany(wecom: WecomEmulator, members: number) {
  const departments = departmentsFor(members);
  organise(wecom, departments);
  for (let index = 0; index < members; index++) {
    const member = importMember(index, departments);
    wecom.setMember({
      userid: member.userid,
      name: member.name,
      mobile: member.mobile,
      email: member.email,
      department: member.departments,
      mainDepartment: member.main,
      leaderOf: member.leaderOf,
    });
  }
  return departments;
}
