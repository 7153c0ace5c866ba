/** One row of `wecom:linkedUsers`: what the server answers and the admin's table shows. Nothing here imports NocoBase. */
export interface LinkedUser {
  userId: number;
  nickname: string | null;
  username: string | null;
  /** The WeCom userid as WeCom spells it, and the member's WeCom name. */
  userid: string;
  name: string;
  linkedAt: string | null;
  /** How the binding was made: 'phone' | 'signup' | 'link' | 'sync'. */
  linkedBy: string | null;
  /** Made under another Corp ID: it signs nobody in. */
  stale: boolean;
}

/** The answer of `wecom:linkedUsers?authenticator=NAME&page=P&pageSize=S`: one page, newest first, and the count. */
export interface LinkedUsersPage {
  users: LinkedUser[];
  count: number;
  page: number;
  pageSize: number;
}
