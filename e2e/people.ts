/** The sandbox's people the end-to-end steps sign in as (sandbox/members.ts). */
import { MEMBERS, SAMPLE_USERS } from '../sandbox/members';

export const ZHANG_WEI = MEMBERS[0];
export const ZHANG_WEI_USER = SAMPLE_USERS[0];
export const DISABLED = MEMBERS.find((member) => member.status === 2)!;
export const WANG_FANG = MEMBERS.find((member) => member.userid === 'WangFang')!;

/** How the sandbox's member picker names a member: the first two words ("Zhang Wei 张伟" → "Zhang Wei"). */
export const pickerName = (member: { name: string }) => member.name.split(' ').slice(0, 2).join(' ');
