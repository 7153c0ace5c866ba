/**
 * WeCom API logic of the loopback emulator (see index.ts): tokens, codes, user_tickets and
 * members, answering as WeCom documents them (docs/wecom-api.md). Choices where the documentation is silent are
 * marked "Emulator choice".
 */
import { createHash, randomBytes } from 'crypto';
import { agentGet } from './agent';
import { EmulatorContacts, EmulatorMembers, memberJson, type ContactsEndpoint, type SecretPolicy } from './contacts';
import { EmulatorMessages } from './message';
import type { EmulatorEndpoint, EmulatorMember, EmulatorOptions } from './types';

export type Json = Record<string, unknown>;

/** Random URL-safe text (base64url). */
export const rand = (bytes: number): string => randomBytes(bytes).toString('base64url');
/** Stable pseudo-identifiers (openid, open_userid, ...) derived from the corp and the userid. */
const derive = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('base64url').replace(/[-_]/g, 'A');

const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40008: 'invalid message type',
  40035: 'invalid parameter',
  40056: 'invalid agentid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  41009: 'missing userid',
  42001: 'access_token expired',
  42022: 'code has been used',
  43002: 'require POST method',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  48009: 'api forbidden',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  50001: 'redirect_uri not authorized',
  50002: 'user out of agent privilege',
  60011: 'no privilege to access/modify contact/party/agent',
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
  82001: 'invalid touser, toparty and totag',
};

/** An error answer shaped like WeCom's: `<message>, hint: [...], more info at ...`. */
export function wxError(errcode: number, errmsg?: string): Json {
  const more = `more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
  return { errcode, errmsg: errmsg ?? `${MESSAGES[errcode] ?? 'error'}, hint: [${rand(6)}], ${more}` };
}

function ipBlocked(ip: string): Json {
  const more = `more info at https://open.work.weixin.qq.com/devtool/query?e=60020`;
  return { errcode: 60020, errmsg: `not allow to access from your ip, hint: [${rand(6)}], from ip: ${ip}, ${more}` };
}

interface TokenRec {
  expiresAt: number;
  revokedWith?: number;
  secret?: string;
}
interface CodeRec {
  userid: string;
  withTicket: boolean;
  expiresAt: number;
  used: boolean;
}
interface TicketRec {
  userid: string;
  expiresAt: number;
}

export class EmulatorCore {
  readonly members = new EmulatorMembers(); // key: lower-cased userid
  readonly contacts: EmulatorContacts;
  /** `message/send` and every member's received messages. */
  readonly messages: EmulatorMessages;
  private tokens = new Map<string, TokenRec>();
  private current?: string;
  /** Current tokens of the other Secrets (secretPolicies), by Secret. */
  private currentOf = new Map<string, string>();
  private codes = new Map<string, CodeRec>();
  private tickets = new Map<string, TicketRec>();

  constructor(readonly opts: EmulatorOptions) {
    for (const m of opts.members ?? []) this.setMember(m);
    this.contacts = new EmulatorContacts(opts.departments);
    this.messages = new EmulatorMessages(String(opts.agentId));
  }

  /** How WeCom treats the Secret a token was issued for (an app created today by default). */
  policyOf(token: string | null): SecretPolicy {
    const secret = (token && this.tokens.get(token)?.secret) || this.opts.secret;
    return this.opts.secretPolicies?.[secret] ?? { restricted: true };
  }

  setMember(member: EmulatorMember): void {
    this.members.set(member.userid.toLowerCase(), { ...member });
  }

  member(userid: string): EmulatorMember | undefined {
    return this.members.get(userid.toLowerCase());
  }

  issueCode(userid: string, withTicket: boolean): string {
    const m = this.member(userid);
    if (!m) throw new Error(`WecomEmulator: no member "${userid}"`);
    const code = rand(32);
    const ttl = this.opts.codeTtlSeconds ?? 300;
    this.codes.set(code, { userid: m.userid, withTicket, expiresAt: Date.now() + ttl * 1000, used: false });
    return code;
  }

  /** Every access_token handed out so far (for tests that prove no token leaks anywhere). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  expireTokens(errcode: number): void {
    for (const rec of this.tokens.values()) rec.revokedWith = errcode;
    this.current = undefined;
    this.currentOf.clear();
  }

  /** The JSON answer of an API endpoint (the IP allow-list is checked first, as WeCom's gateway does). */
  api(endpoint: EmulatorEndpoint, method: string, q: URLSearchParams, body: string): Json {
    if (this.opts.blockedIp) return ipBlocked(this.opts.blockedIp);
    if (endpoint === 'gettoken') return this.gettoken(q);
    const bad = this.checkToken(q.get('access_token'));
    if (bad) return bad;
    if (endpoint === 'agent/get') return agentGet(this.opts, q, wxError);
    if (endpoint === 'getuserinfo') return this.getuserinfo(q.get('code'));
    if (endpoint === 'getuserdetail') return this.getuserdetail(method, body);
    if (endpoint === 'message/send') {
      return this.messages.send(method, body, [...this.members.values()], this.contacts.departments, wxError);
    }
    const policy = this.policyOf(q.get('access_token'));
    if (endpoint !== 'user/get') {
      return this.contacts.answer(endpoint as ContactsEndpoint, q, body, policy, this.members, wxError);
    }
    return this.contacts.refusal(endpoint, policy, wxError) ?? this.userGet(q.get('userid'), policy);
  }

  /**
   * Like WeCom, a valid token is handed out again (with its remaining lifetime) until it expires.
   * Emulator choice: changing the secret with update() does not revoke tokens already issued.
   */
  private gettoken(q: URLSearchParams): Json {
    const corpid = q.get('corpid');
    const secret = q.get('corpsecret');
    if (!corpid) return wxError(41002);
    if (!secret) return wxError(41004);
    if (corpid !== this.opts.corpId) return wxError(40013);
    if (secret !== this.opts.secret && !this.opts.secretPolicies?.[secret]) return wxError(40001);
    if (secret !== this.opts.secret) return this.otherToken(secret);
    const now = Date.now();
    let rec = this.current ? this.tokens.get(this.current) : undefined;
    if (!this.current || !rec || rec.revokedWith || rec.expiresAt <= now) {
      this.current = rand(128); // 171 URL-safe characters, under the 512-byte limit
      rec = { expiresAt: now + (this.opts.tokenTtlSeconds ?? 7200) * 1000 };
      this.tokens.set(this.current, rec);
    }
    // A fractional test TTL is reported as at least 1 second.
    const expiresIn = Math.max(1, Math.round((rec.expiresAt - now) / 1000));
    return { errcode: 0, errmsg: 'ok', access_token: this.current, expires_in: expiresIn };
  }

  /** A token of another Secret than the app's (the contacts-sync one): the same rules, kept apart. */
  private otherToken(secret: string): Json {
    const now = Date.now();
    const token = this.currentOf.get(secret);
    let rec = token ? this.tokens.get(token) : undefined;
    let issued = token;
    if (!issued || !rec || rec.revokedWith || rec.expiresAt <= now) {
      issued = rand(128);
      rec = { expiresAt: now + (this.opts.tokenTtlSeconds ?? 7200) * 1000, secret };
      this.tokens.set(issued, rec);
      this.currentOf.set(secret, issued);
    }
    const expiresIn = Math.max(1, Math.round((rec.expiresAt - now) / 1000));
    return { errcode: 0, errmsg: 'ok', access_token: issued, expires_in: expiresIn };
  }

  private checkToken(token: string | null): Json | undefined {
    if (!token) return wxError(41001);
    const rec = this.tokens.get(token);
    if (!rec) return wxError(40014);
    if (rec.revokedWith) return wxError(rec.revokedWith);
    if (rec.expiresAt <= Date.now()) return wxError(42001);
    return undefined;
  }

  /**
   * Emulator choices: an unknown code and an expired one both answer 40029 (WeCom forgets expired
   * codes); a code already consumed answers 42022, even once expired. Only a successful answer
   * consumes the code: a call refused for the token, the IP or the visibility scope leaves it usable.
   */
  private getuserinfo(code: string | null): Json {
    if (!code) return wxError(41008);
    const rec = this.codes.get(code);
    if (!rec) return wxError(40029);
    if (rec.used) return wxError(42022);
    if (rec.expiresAt <= Date.now()) return wxError(40029);
    const m = this.member(rec.userid);
    if (!m) return wxError(40029);
    if (m.nonMember) {
      rec.used = true;
      const id = derive(this.opts.corpId, m.userid);
      return { errcode: 0, errmsg: 'ok', openid: `o${id.slice(0, 27)}`, external_userid: `wm${id.slice(4, 34)}` };
    }
    if (m.inScope === false) return wxError(50002);
    rec.used = true;
    const answer: Json = { errcode: 0, errmsg: 'ok', userid: m.userid };
    if (rec.withTicket) {
      const ticket = rand(64);
      const ttl = this.opts.ticketTtlSeconds ?? 1800;
      this.tickets.set(ticket, { userid: m.userid, expiresAt: Date.now() + ttl * 1000 });
      answer.user_ticket = ticket;
    }
    return answer;
  }

  /**
   * Emulator choices: a GET answers 43002; a body that is not a JSON object answers 47001; a missing,
   * unknown or expired user_ticket answers 40029 "invalid user_ticket" — the ticket stands for the
   * sign-in code, and the remedy is the same (start sign-in again). A token errcode would be wrong
   * here: it would make the client refresh its access_token for nothing. A ticket can be used again
   * while it lives.
   */
  private getuserdetail(method: string, body: string): Json {
    if (method !== 'POST') return wxError(43002);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return wxError(47001);
    }
    if (!parsed || typeof parsed !== 'object') return wxError(47001);
    const ticket = (parsed as { user_ticket?: unknown }).user_ticket;
    const rec = typeof ticket === 'string' ? this.tickets.get(ticket) : undefined;
    const m = rec && rec.expiresAt > Date.now() ? this.member(rec.userid) : undefined;
    if (!m) return wxError(40029, `invalid user_ticket, hint: [${rand(6)}]`);
    const vcode = derive('qr', this.opts.corpId, m.userid).slice(0, 24);
    return {
      errcode: 0,
      errmsg: 'ok',
      userid: m.userid,
      gender: m.gender ?? '0',
      avatar: m.avatar ?? '',
      qr_code: `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=${vcode}`,
      mobile: m.mobile ?? '',
      email: m.email ?? '',
      biz_mail: m.bizMail ?? '',
      address: '',
    };
  }

  /**
   * Post-2022 app: no mobile, email, avatar, gender, biz_mail, qr_code or address. Emulator choices: a
   * non-member is unknown (60111); a member outside the visibility scope answers 60011.
   */
  private userGet(userid: string | null, policy: SecretPolicy): Json {
    if (!userid) return wxError(41009);
    const m = this.member(userid);
    if (!m || m.nonMember) return wxError(60111);
    if (m.inScope === false && !policy.contactsSync) return wxError(60011);
    return {
      errcode: 0,
      errmsg: 'ok',
      ...memberJson(m, policy),
      alias: '',
      open_userid: `wo${derive('open', this.opts.corpId, m.userid).slice(0, 30)}`,
    };
  }
}
