/**
 * HTML pages of the WeCom emulator: the error pages WeCom shows instead of redirecting, and the
 * sandbox page where a human picks the member to sign in as. Every dynamic value is escaped.
 */
import type { EmulatorMember } from './wecom-emulator';

/** A pending sandbox sign-in: what the picker needs to finish the redirect. */
export interface PickFlow {
  kind: 'authorize' | 'sso';
  redirectUri: string;
  state: string;
  withTicket: boolean;
  createdAt: number;
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
.tag{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;background:#fde2e1;color:#912018;font-size:12px}
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
  return `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr>` +
    '<center>stgw</center></body></html>';
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
