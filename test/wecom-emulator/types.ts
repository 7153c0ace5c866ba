/** Public types of the WeCom emulator (re-exported by index.ts). */
import type { ContactsEndpoint, EmulatorDepartment, SecretPolicy } from './contacts';

export interface EmulatorMember {
  userid: string;
  name: string;
  mobile?: string;
  email?: string;
  /** The corporate email: getuserdetail's `biz_mail`. */
  bizMail?: string;
  avatar?: string;
  gender?: string;
  /** 1 active (default), 2 disabled, 4 not activated, 5 left; user/get reports it. */
  status?: 1 | 2 | 4 | 5;
  /** Default true; false → 50002 from getuserinfo (60011 from user/get). */
  inScope?: boolean;
  /** A WeChat user outside the corp: getuserinfo answers openid + external_userid, no userid. */
  nonMember?: boolean;
  /** Contacts: the member's departments (default [1]), main department (default the first), led departments. */
  department?: number[];
  mainDepartment?: number;
  leaderOf?: number[];
  position?: string;
  /** Messages: a member without an interop license (WeCom reports them in `unlicenseduser`, nothing delivered). */
  unlicensed?: boolean;
}

export type EmulatorEndpoint =
  | 'gettoken'
  | 'getuserinfo'
  | 'getuserdetail'
  | 'user/get'
  | 'authorize'
  | 'sso'
  | 'agent/get'
  | 'message/send'
  | ContactsEndpoint;

/** The app's setup in WeCom's console, as `agent/get` reports it (see agent.ts for defaults). */
export interface EmulatorAgent {
  name?: string;
  /** true → `close: 1` (the app is disabled). */
  close?: boolean;
  /** `redirect_domain`; default: `trustedDomain`, else ''. */
  redirectDomain?: string;
  /** `home_url`; default ''. */
  homeUrl?: string;
  /** The visible range; default: department 1 only. */
  users?: string[];
  departments?: number[];
  tags?: number[];
}

export type Fault =
  | { errcode: number; errmsg?: string } // 200 with this errcode (an error page on authorize/sso)
  | { httpStatus: number } // e.g. 502 with an HTML body
  | { body: string } // 200 with this raw body, under the usual Content-Type
  | { truncate: true } // the real answer (side effects included) cut in half, then the socket ends
  | { hang: true } // never answer (until stop())
  | { destroy: true } // reset the connection without answering
  | { delayMs: number }; // answer normally after a delay

export interface EmulatorOptions {
  corpId: string;
  agentId: string;
  secret: string;
  members?: EmulatorMember[];
  /** expires_in of gettoken, default 7200; fractions allowed for tests. Tokens really expire (→ 42001). */
  tokenTtlSeconds?: number;
  /** Default 300. */
  codeTtlSeconds?: number;
  /** Lifetime of a user_ticket, default 1800 (an addition, for tests). */
  ticketTtlSeconds?: number;
  /** If set, authorize/sso refuse a redirect_uri whose raw host[:port] differs (50001 page). */
  trustedDomain?: string;
  /** If set, every API call answers 60020 with `from ip: <blockedIp>` in errmsg. */
  blockedIp?: string;
  /** Added to every API answer (not to the pages). */
  latencyMs?: number;
  /** Sandbox: authorize/sso show a "pick a member" page instead of redirecting at once. */
  interactive?: boolean;
  /** The app's own setup for `agent/get`; update({ agent }) replaces it as a whole. */
  agent?: EmulatorAgent;
  /** Default 0 (random); the host is always 127.0.0.1. */
  port?: number;
  /** Contacts: the department tree (default: department 1 alone). */
  departments?: EmulatorDepartment[];
  /** Contacts: how WeCom treats each Secret; other Secrets than `secret` listed here are valid too (contacts sync). */
  secretPolicies?: Record<string, SecretPolicy>;
}
