/**
 * The sample company of the WeCom sandbox, and the NocoBase users it is matched against. Each member
 * shows one case of the README's "How a sign-in finds its user".
 */
import type { EmulatorDepartment } from '../test/wecom-emulator/contacts';
import type { EmulatorMember } from '../test/wecom-emulator/types';

export const SANDBOX_CORP = { corpId: 'ww0000000000000a01', agentId: '1000002' } as const;

/** The company's departments, for the contacts sync (README, "Syncing WeCom contacts"). */
export const DEPARTMENTS: EmulatorDepartment[] = [
  { id: 1, name: 'Sandbox Co. 沙箱公司', parentid: 0, order: 100 },
  { id: 2, name: 'Sales 销售部', parentid: 1, order: 300, leaders: ['ZhangWei'] },
  { id: 3, name: 'R&D 研发部', parentid: 1, order: 200 },
  { id: 4, name: 'Beijing office 北京', parentid: 2, order: 100 },
];

export const MEMBERS: EmulatorMember[] = [
  // Matched by mobile to the user "Zhang Wei" below, then remembered.
  {
    userid: 'ZhangWei',
    name: 'Zhang Wei 张伟',
    mobile: '13800000001',
    email: 'zhang.wei@example.com',
    department: [2],
    leaderOf: [2],
  },
  // Matched too: the user's phone is spelled differently (+86, spaces), the number is the same.
  {
    userid: 'LiNa',
    name: 'Li Na 李娜',
    mobile: '+86 138 0000 0002',
    email: 'li.na@example.com',
    department: [3, 4],
    mainDepartment: 4,
  },
  // No user has this mobile, and automatic sign-up is off: refused with a message that says so.
  { userid: 'WangFang', name: 'Wang Fang 王芳', mobile: '13800000003', department: [3] },
  // Disabled in WeCom: refused, although a user has this mobile.
  { userid: 'ChenJie', name: 'Chen Jie 陈杰', mobile: '13800000004', status: 2, department: [4] },
  // A WeChat user, not a member of the company: refused.
  { userid: 'wechat-visitor', name: 'WeChat visitor', nonMember: true },
];

/** NocoBase users created (once) at start, with the phones the members above are matched by. */
export const SAMPLE_USERS = [
  { username: 'zhangwei', nickname: 'Zhang Wei', phone: '13800000001' },
  { username: 'lina', nickname: 'Li Na', phone: '13800000002' },
  { username: 'chenjie', nickname: 'Chen Jie', phone: '13800000004' },
] as const;
