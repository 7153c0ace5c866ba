/** What the WeCom client needs to know about one WeCom app, checked once by the caller. */
export interface WecomConfig {
  corpId: string;
  agentId: string;
  secret: string;
  apiBaseUrl: string;
  oauthBaseUrl: string;
  ssoBaseUrl: string;
  timeoutMs: number;
  /**
   * Outbound proxy for every call (`http(s)://[user:pass@]host:port`); none → the standard HTTPS_PROXY /
   * HTTP_PROXY / NO_PROXY environment variables decide. Holds a password: never log or show it.
   */
  proxy?: string;
}

/** A key/value store with expiry; a NocoBase cache fits (memory on one node, Redis in a cluster). */
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
  /** The corporate email (`biz_mail`), preferred over the personal `email`. */
  bizMail?: string;
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
  /** The corporate email (`biz_mail`): preferred over `email` for a new user and the profile. */
  bizMail?: string;
  avatar?: string;
  /** True when the code came from an in-client authorization (so a missing mobile was withheld, not unknown). */
  inClient: boolean;
}

/** `user/get` status values. */
export const MEMBER_STATUS_ACTIVE = 1;

/** `agent/get`: the app's own setup, as the admin set it in WeCom's console. */
export interface WecomAgentInfo {
  agentId: string;
  name?: string;
  /** True when the app is disabled (`close: 1`). */
  closed: boolean;
  /** The trusted domain for web authorization (`redirect_domain`), '' when none is set. */
  redirectDomain: string;
  /** The app's homepage (`home_url`), '' when none is set. */
  homeUrl: string;
  /** The visible range: members, departments and tags the app is visible to. */
  visible: { users: string[]; departments: number[]; tags: number[] };
}
