/**
 * WeCom API logic of the loopback emulator (see index.ts): codes, user_tickets and members (tokens: tokens.ts,
 * errors: errors.ts), answering as WeCom documents them (docs/wecom-api.md). Choices where the documentation is silent are
 * marked "Emulator choice".
 */
import { createHash } from 'crypto';
import { agentGet } from './agent';
import { ipBlocked, rand, wxError, type Json } from './errors';
import { EmulatorContacts, EmulatorMembers, memberJson, type ContactsEndpoint, type SecretPolicy } from './contacts';
import { EmulatorMessages } from './message';
import { EmulatorTokens } from './tokens';
import type { EmulatorEndpoint, EmulatorMember, EmulatorOptions } from './types';

/** Stable pseudo-identifiers (openid, open_userid, ...) derived from the corp and the userid. */
const derive = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('base64url').replace(/[-_]/g, 'A');

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
  /** access_tokens: the app's Secret's and those of the other Secrets (secretPolicies). */
  readonly tokens: EmulatorTokens;
  private codes = new Map<string, CodeRec>();
  private tickets = new Map<string, TicketRec>();

  constructor(readonly opts: EmulatorOptions) {
    for (const m of opts.members ?? []) this.setMember(m);
    this.tokens = new EmulatorTokens(opts);
    this.contacts = new EmulatorContacts(opts.departments);
    this.messages = new EmulatorMessages(String(opts.agentId));
  }

  /** How WeCom treats the Secret a token was issued for (an app created today by default). */
  policyOf(token: string | null): SecretPolicy {
    const secret = (token && this.tokens.secretOf(token)) || this.opts.secret;
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

  /** The JSON answer of an API endpoint (the IP allow-list is checked first, as WeCom's gateway does). */
  api(endpoint: EmulatorEndpoint, method: string, q: URLSearchParams, body: string): Json {
    if (this.opts.blockedIp) return ipBlocked(this.opts.blockedIp);
    if (endpoint === 'gettoken') return this.tokens.gettoken(q);
    const bad = this.tokens.check(q.get('access_token'));
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
