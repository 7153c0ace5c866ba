/**
 * Browser side of the WeCom emulator: the checks of the authorize / sso sign-in pages, the error pages
 * WeCom shows instead of redirecting, and the sandbox page where a human picks the member to sign in
 * as. Every dynamic value in the HTML is escaped.
 */
import { wxError, type Json } from './errors';
import type { EmulatorMember, EmulatorOptions } from './types';

/** A pending sandbox sign-in: what the picker needs to finish the redirect. */
export interface PickFlow {
  kind: 'authorize' | 'sso';
  redirectUri: string;
  state: string;
  withTicket: boolean;
  createdAt: number;
}

/** Appends `params` to a URL's query, keeping its own query and fragment untouched (no re-encoding). */
export function appendQuery(uri: string, params: Record<string, string>): string {
  const at = uri.indexOf('#');
  const base = at < 0 ? uri : uri.slice(0, at);
  const fragment = at < 0 ? '' : uri.slice(at);
  const qs = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const sep = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return base + sep + qs + fragment;
}

export type LoginCheck = { error: Json } | { redirectUri: string; state: string; withTicket: boolean };

/**
 * Checks of the in-client authorize page and of the web/QR login page, in this order. Emulator choices:
 * a bad scope, response_type, login_type or state shows 40035 (invalid parameter); a missing or
 * non-http(s) redirect_uri shows 50001; `lang` is not checked; the User-Agent is not checked either
 * (the sandbox is used from an ordinary browser). The trusted domain must equal the raw authority of
 * redirect_uri (hostname[:port], case-insensitive), so an explicit `:443` fails as it does for users.
 */
export function checkLogin(kind: 'authorize' | 'sso', q: URLSearchParams, o: EmulatorOptions): LoginCheck {
  const fail = (errcode: number, errmsg?: string): LoginCheck => ({ error: wxError(errcode, errmsg) });
  const scope = q.get('scope');
  if (kind === 'sso' && q.get('login_type') !== 'CorpApp') return fail(40035, 'invalid login_type (only CorpApp)');
  if (q.get('appid') !== o.corpId) return fail(40013);
  if (kind === 'authorize' && q.get('response_type') !== 'code') return fail(40035, 'invalid response_type');
  if (kind === 'authorize' && scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo') {
    return fail(40035, 'invalid scope');
  }
  // agentid is required by the web login; in-client it is optional but, when given, must be right.
  const agentid = q.get('agentid') || null;
  if ((kind === 'sso' || agentid !== null) && agentid !== o.agentId) return fail(40056);
  const redirectUri = q.get('redirect_uri') ?? '';
  const authority = /^https?:\/\/([^/?#]+)/i.exec(redirectUri)?.[1];
  if (!authority) return fail(50001, 'invalid redirect_uri');
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (o.trustedDomain && host !== o.trustedDomain.toLowerCase()) return fail(50001);
  const state = q.get('state') ?? '';
  if (!/^[A-Za-z0-9]{0,128}$/.test(state)) return fail(40035, 'invalid state (a-zA-Z0-9, at most 128 bytes)');
  // Without agentid, snsapi_privateinfo is treated as snsapi_base: no user_ticket.
  const withTicket = kind === 'authorize' && scope === 'snsapi_privateinfo' && agentid === o.agentId;
  return { redirectUri, state, withTicket };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

const STATUS: Record<number, string> = { 1: 'active', 2: 'disabled', 4: 'not activated', 5: 'left the company' };

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1f2329}
.banner{background:#b42318;color:#fff;padding:10px 16px;font-weight:600}
main{max-width:640px;margin:24px auto;padding:0 16px}
ul{list-style:none;padding:0}
li a{display:block;background:#fff;border:1px solid #d0d5dd;border-radius:6px;padding:10px 14px;margin:8px 0;
color:inherit;text-decoration:none}
li a:hover{border-color:#0b6bcb}
li.muted a{background:#f2f2f2;color:#667085}
code{background:#eef;padding:1px 4px;border-radius:3px}
.tag{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;background:#fde2e1;color:#912018;
font-size:12px}
.mobile{color:#475467;margin-left:8px}`;

function layout(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
    '<div class="banner">WeCom sandbox — not the real WeCom</div>' +
    `<main>${body}</main></body></html>`
  );
}

/** WeCom shows an error page (HTTP 200) rather than redirecting when the sign-in request is wrong. */
export function errorPage(error: { errcode?: unknown; errmsg?: unknown }): string {
  return layout(
    `errcode ${escapeHtml(error.errcode)}`,
    `<h1>Error</h1><p>errcode: <code id="errcode">${escapeHtml(error.errcode)}</code></p>` +
      `<p id="errmsg">${escapeHtml(error.errmsg)}</p>`,
  );
}

/** What a gateway in front of WeCom answers for an injected HTTP status. */
export function httpErrorPage(status: number): string {
  return (
    `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr>` +
    '<center>stgw</center></body></html>'
  );
}

/** The body that goes with a 302. */
export function redirectPage(location: string): string {
  return `<html><body>Redirecting to <a href="${escapeHtml(location)}">${escapeHtml(location)}</a></body></html>`;
}

function memberTags(m: EmulatorMember): string[] {
  const tags: string[] = [];
  const status = m.status ?? 1;
  if (status !== 1) tags.push(STATUS[status] ?? `status ${status}`);
  if (m.nonMember) tags.push('not in the corp (WeChat user)');
  if (m.inScope === false) tags.push("outside the app's visibility");
  return tags;
}

/** The "pick a member" page of the sandbox; each entry finishes the redirect for that member. */
export function pickerPage(flowId: string, flow: PickFlow, members: EmulatorMember[]): string {
  let target = flow.redirectUri;
  try {
    target = new URL(flow.redirectUri).host;
  } catch {
    /* show the raw redirect_uri */
  }
  const what =
    flow.kind === 'sso'
      ? 'Web / QR login (userid only)'
      : flow.withTicket
        ? 'In-client authorization, snsapi_privateinfo (the app also receives a user_ticket: mobile, email)'
        : 'In-client authorization, snsapi_base (userid only)';
  const items = members.map((m) => {
    const href = `/sandbox/pick?flow=${encodeURIComponent(flowId)}&userid=${encodeURIComponent(m.userid)}`;
    const tags = memberTags(m);
    const mobile = m.mobile ? `<span class="mobile">${escapeHtml(m.mobile)}</span>` : '';
    return (
      `<li${tags.length ? ' class="muted"' : ''}><a href="${escapeHtml(href)}">` +
      `<strong>${escapeHtml(m.name)}</strong> <code>${escapeHtml(m.userid)}</code>${mobile}` +
      tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join('') +
      '</a></li>'
    );
  });
  return layout(
    'WeCom sandbox — pick a member',
    '<h1>Sign in as…</h1>' +
      `<p>${escapeHtml(what)}.<br>Returns to <code>${escapeHtml(target)}</code>.</p>` +
      (items.length ? `<ul>${items.join('')}</ul>` : '<p>No member is configured in the emulator.</p>'),
  );
}
