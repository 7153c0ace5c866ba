/** What the WeCom client needs to know about one WeCom app, checked once by the caller. */
export interface WecomConfig {
  corpId: string;
  agentId: string;
  secret: string;
  apiBaseUrl: string;
  oauthBaseUrl: string;
  ssoBaseUrl: string;
  timeoutMs: number;
}

/** A key/value store with expiry; NocoBase's `app.cache` fits (memory on one node, Redis in a cluster). */
export interface TokenStore {
  get<T>(key: string): Promise<T | undefined | null>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
}

/** `auth/getuserinfo`: a member has a userid (and a user_ticket in the client); a non-member has an openid. */
export interface WecomIdentity {
  userid?: string;
  userTicket?: string;
  openid?: string;
}

/** `auth/getuserdetail`: the fields only an in-client snsapi_privateinfo authorization reveals. */
export interface WecomPrivateInfo {
  userid: string;
  mobile?: string;
  email?: string;
  avatar?: string;
  gender?: string;
}

/** `user/get`: the profile (since 2022 without mobile, email or avatar). */
export interface WecomProfile {
  userid: string;
  name?: string;
  status?: number;
}

/** A WeCom member as a sign-in sees it. `mobile` is only known after an in-client authorization. */
export interface WecomMember {
  userid: string;
  name?: string;
  mobile?: string;
  email?: string;
  avatar?: string;
  /** True when the code came from an in-client authorization (so a missing mobile was withheld, not unknown). */
  inClient: boolean;
}

/** `user/get` status values. */
export const MEMBER_STATUS_ACTIVE = 1;
