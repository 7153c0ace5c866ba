/**
 * `message/send` of the WeCom emulator (docs/wecom-api.md, "Sending app messages"), with WeCom's limits: at most
 * 1000 `touser`, 100 `toparty` / `totag`; ids reported back in lower case; texts past their byte limit cut by
 * WeCom itself (mid-character if it falls there); per member at most 30 messages a minute and 1000 an hour, the
 * rest dropped without an error. Each member's received messages are kept (`inbox`), for the tests, the sandbox's
 * "phone" and the e2e. Choices where the documentation is silent are marked "Emulator choice".
 */
import { randomBytes } from 'crypto';
import type { EmulatorDepartment } from './contacts';
import type { EmulatorMember } from './types';

type Json = Record<string, unknown>;
type WxError = (errcode: number, errmsg?: string) => Json;

/** A message as one member received it: the `msgtype` object after WeCom's own truncation. */
export interface ReceivedMessage {
  msgid: string;
  msgtype: string;
  agentid: number;
  /** The `text` / `textcard` / `markdown` / `template_card` object as delivered. */
  content: Record<string, unknown>;
  /** Fields WeCom had to cut because they were over their limit (the sender should never let this happen). */
  cut: string[];
  safe: number;
  at: number;
}

export const MAX_USERS = 1000;
export const MAX_PARTIES = 100;
export const MAX_TAGS = 100;
export const PER_MINUTE = 30;
export const PER_HOUR = 1000;
/** Byte limits WeCom cuts at (UTF-8), and the one limit in characters (`btntxt`). */
export const LIMITS = { text: 2048, title: 128, description: 512, url: 2048, markdown: 2048, btntxt: 4 };

const MSGTYPES = new Set(['text', 'textcard', 'markdown', 'template_card']);

/** Cuts `value` to `max` UTF-8 bytes as WeCom does: a character split in two becomes U+FFFD. */
function cutBytes(value: string, max: number): string {
  const bytes = Buffer.from(value, 'utf8');
  return bytes.length <= max ? value : bytes.subarray(0, max).toString('utf8');
}

export class EmulatorMessages {
  /** Received messages by lower-cased userid. */
  readonly inbox = new Map<string, ReceivedMessage[]>();
  /** Messages WeCom accepted but did not deliver (a member over 30 a minute or 1000 an hour). */
  dropped = 0;
  private readonly deliveries = new Map<string, number[]>();

  constructor(private readonly agentId: string) {}

  received(userid: string): ReceivedMessage[] {
    return this.inbox.get(userid.toLowerCase()) ?? [];
  }

  clear(): void {
    this.inbox.clear();
    this.deliveries.clear();
    this.dropped = 0;
  }

  /**
   * Emulator choices: a GET answers 43002; a body that is not a JSON object 47001; an agentid that is not this
   * app's (a number) 40056; an unknown msgtype 40008; more than 1000 users or 100 parties / tags 40035.
   */
  send(
    method: string,
    body: string,
    members: EmulatorMember[],
    departments: Map<number, EmulatorDepartment>,
    error: WxError,
  ): Json {
    if (method !== 'POST') return error(43002);
    let request: Json;
    try {
      request = JSON.parse(body);
    } catch {
      return error(47001);
    }
    if (!request || typeof request !== 'object' || Array.isArray(request)) return error(47001);
    if (typeof request.agentid !== 'number' || String(request.agentid) !== this.agentId) return error(40056);
    const msgtype = String(request.msgtype ?? '');
    if (!MSGTYPES.has(msgtype)) return error(40008, 'invalid message type');
    const list = (field: string) =>
      String(request[field] ?? '')
        .split('|')
        .map((id) => id.trim())
        .filter(Boolean);
    const users = list('touser');
    const parties = list('toparty');
    const tags = list('totag');
    if (!users.length && !parties.length && !tags.length) return error(82001, 'invalid touser, toparty and totag');
    if (users.length > MAX_USERS || parties.length > MAX_PARTIES || tags.length > MAX_TAGS) {
      return error(40035, 'too many receivers');
    }
    const content = this.content(msgtype, request[msgtype], error);
    if ('errcode' in content) return content.errcode as Json;

    const reachable = members.filter((m) => !m.nonMember && m.inScope !== false && (m.status ?? 1) === 1);
    const byId = new Map(reachable.map((m) => [m.userid.toLowerCase(), m]));
    const targets = new Map<string, EmulatorMember>();
    const invaliduser: string[] = [];
    if (users.includes('@all')) reachable.forEach((m) => targets.set(m.userid.toLowerCase(), m));
    for (const id of users.filter((u) => u !== '@all')) {
      const m = byId.get(id.toLowerCase());
      if (m) targets.set(id.toLowerCase(), m);
      else invaliduser.push(id.toLowerCase());
    }
    const invalidparty: string[] = [];
    for (const party of parties) {
      const id = Number(party);
      if (!departments.has(id)) {
        invalidparty.push(party);
        continue;
      }
      const inside = descendants(departments, id);
      reachable
        .filter((m) => (m.department ?? [1]).some((d) => inside.has(d)))
        .forEach((m) => targets.set(m.userid.toLowerCase(), m));
    }
    // Emulator choice: the emulator has no tags; every tag id is invalid.
    const invalidtag = tags;
    if (!targets.size) return error(81013, 'user & party & tag all invalid');

    const unlicenseduser: string[] = [];
    const msgid = randomBytes(24).toString('base64url');
    for (const [id, m] of targets) {
      if (m.unlicensed) {
        unlicenseduser.push(id);
        continue;
      }
      this.deliver(id, {
        msgid,
        msgtype,
        agentid: request.agentid,
        content: content.value,
        cut: content.cut,
        safe: Number(request.safe) === 1 ? 1 : 0,
        at: Date.now(),
      });
    }
    return {
      errcode: 0,
      errmsg: 'ok',
      invaliduser: invaliduser.join('|'),
      invalidparty: invalidparty.join('|'),
      invalidtag: invalidtag.join('|'),
      unlicenseduser: unlicenseduser.join('|'),
      msgid,
      response_code: '',
    };
  }

  /** Over 30 a minute or 1000 an hour for one member, WeCom drops the message without an error. */
  private deliver(userid: string, message: ReceivedMessage): void {
    const now = message.at;
    const recent = (this.deliveries.get(userid) ?? []).filter((at) => at > now - 3600_000);
    if (recent.filter((at) => at > now - 60_000).length >= PER_MINUTE || recent.length >= PER_HOUR) {
      this.dropped++;
      this.deliveries.set(userid, recent);
      return;
    }
    recent.push(now);
    this.deliveries.set(userid, recent);
    this.inbox.set(userid, [...(this.inbox.get(userid) ?? []), message]);
  }

  /**
   * The `msgtype` object as WeCom delivers it. Emulator choices: an empty text, markdown, card title or card
   * description answers 44004; a textcard or template card URL without http(s) or over 2048 bytes 40035; a markdown
   * over 2048 bytes 45002 (WeCom's page says nothing of cutting it); a text notice card needs `card_action` (type 1
   * with a URL) and a `main_title.title` or `sub_title_text` (40035). Card texts of the template card are kept as
   * sent (WeCom only suggests their lengths).
   */
  private content(msgtype: string, raw: unknown, error: WxError) {
    const fail = (errcode: number, errmsg?: string) => ({ errcode: error(errcode, errmsg) });
    if (!raw || typeof raw !== 'object') return fail(44004, 'empty content');
    const value = { ...(raw as Record<string, unknown>) };
    const cut: string[] = [];
    const text = (field: string, max: number) => {
      const before = String(value[field] ?? '');
      const after = cutBytes(before, max);
      if (after !== before) cut.push(field);
      value[field] = after;
      return after;
    };
    const httpUrl = (url: unknown) =>
      typeof url === 'string' && /^https?:\/\//i.test(url) && Buffer.byteLength(url) <= LIMITS.url;
    if (msgtype === 'text' && !text('content', LIMITS.text)) return fail(44004, 'empty content');
    if (msgtype === 'markdown') {
      const md = String(value.content ?? '');
      if (!md) return fail(44004, 'empty content');
      if (Buffer.byteLength(md) > LIMITS.markdown) return fail(45002, 'content size out of limit');
    }
    if (msgtype === 'textcard') {
      if (!text('title', LIMITS.title) || !text('description', LIMITS.description)) return fail(44004);
      if (!httpUrl(value.url)) return fail(40035, 'invalid url');
      if (value.btntxt !== undefined) {
        const chars = [...String(value.btntxt)];
        if (chars.length > LIMITS.btntxt) cut.push('btntxt');
        value.btntxt = chars.slice(0, LIMITS.btntxt).join('');
      }
    }
    if (msgtype === 'template_card') {
      const action = value.card_action as { type?: number; url?: string } | undefined;
      const main = value.main_title as { title?: string } | undefined;
      if (value.card_type !== 'text_notice') return fail(40035, 'invalid card_type');
      if (action?.type !== 1 || !httpUrl(action.url)) return fail(40035, 'invalid card_action');
      if (!main?.title && !value.sub_title_text) return fail(40035, 'main_title.title or sub_title_text required');
    }
    return { value, cut };
  }
}

function descendants(departments: Map<number, EmulatorDepartment>, root: number): Set<number> {
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments.values()) {
      if (found.has(d.parentid) && !found.has(d.id)) {
        found.add(d.id);
        grew = true;
      }
    }
  }
  return found;
}
