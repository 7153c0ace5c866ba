/** The emulator's user/list by department follows every change of the members (fast: no NocoBase server). */
import { WecomEmulator } from '..';

const CORP = 'wwcorp0002';
const SECRET = 'app-secret';
const SYNC_SECRET = 'contacts-sync-secret';

let emu: WecomEmulator;
const get = async (path: string): Promise<any> => (await fetch(emu.baseUrl + path)).json();
const list = async (department: number): Promise<string[]> => {
  const { access_token } = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SYNC_SECRET}`);
  const answer = await get(`/cgi-bin/user/list?access_token=${access_token}&department_id=${department}`);
  return answer.userlist.map((member: { userid: string }) => member.userid);
};

beforeAll(async () => {
  emu = await WecomEmulator.start({
    corpId: CORP,
    agentId: '1000002',
    secret: SECRET,
    departments: [
      { id: 1, name: 'Company', parentid: 0 },
      { id: 2, name: 'Sales', parentid: 1 },
    ],
    members: [
      { userid: 'A', name: 'A', department: [1] },
      { userid: 'B', name: 'B', department: [1, 2] },
      { userid: 'Guest', name: 'Guest', nonMember: true },
    ],
    secretPolicies: { [SYNC_SECRET]: { contactsSync: true } },
  });
});
afterAll(() => emu.stop());

test('user/list answers the members of the department as they are now', async () => {
  expect(await list(1)).toEqual(['A', 'B']);
  expect(await list(2)).toEqual(['B']);
  emu.setMember({ userid: 'C', name: 'C', department: [2] });
  emu.setMember({ userid: 'B', name: 'B', department: [1] });
  expect(await list(2)).toEqual(['C']);
  expect(await list(1)).toEqual(['A', 'B']);
  emu.removeMember('a');
  expect(await list(1)).toEqual(['B']);
});
