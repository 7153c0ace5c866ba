/**
 * The sandbox's WeCom "phones": a page on the sandbox's port that shows what a member received from the WeCom app
 * (the emulator's `message/send` inbox), drawn the way WeCom's client draws each message type. Tapping a card
 * opens its link, as WeCom's client does (open the page in a WeCom User-Agent, e.g. the e2e's phone, to see the
 * silent sign-in; any other browser gets the page itself, which asks for a sign-in).
 *
 *   GET /sandbox/phone                 the members, each with a link to their phone
 *   GET /sandbox/phone?userid=<id>     that member's messages, newest first (reloads when a new one arrives)
 *
 * Texts are shown as WeCom shows them: HTML only where WeCom renders it (a text card's description with its
 * `<div class>` styles, a text message's `<a href>`), a few markdown marks, plain text everywhere else.
 */
import type { ReceivedMessage } from '../test/wecom-emulator';
import { escapeHtml } from '../test/wecom-emulator/pages';
import type { EmulatorMember } from '../test/wecom-emulator/types';

export const PHONE_PATH = '/sandbox/phone';

type Fields = Record<string, any>;

/** A link WeCom would open: http(s) only. */
function href(url: unknown): string | undefined {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? escapeHtml(url) : undefined;
}

/** HTML as WeCom renders it in a card's description or a text: only the tags it knows survive, as tags. */
function wecomHtml(value: unknown, allowLinks: boolean): string {
  return String(value ?? '')
    .replace(/<(\/?)([^<>]*)>|[<>"']/g, (tag, slash: string | undefined, inner: string | undefined) => {
      if (inner !== undefined) {
        const div = /^div class="(gray|normal|highlight)"$/.exec(inner);
        if (!slash && div) return `<div class="wx-${div[1]}">`;
        if (slash && inner === 'div') return '</div>';
        const link = allowLinks && !slash ? /^a href="(https?:\/\/[^"]*)"$/.exec(inner) : null;
        if (link) return `<a href="${link[1].replace(/&(?!amp;|lt;|gt;|quot;|#)/g, '&amp;')}">`;
        if (allowLinks && slash && inner === 'a') return '</a>';
      }
      return escapeHtml(tag);
    })
    .replace(/\n/g, '<br>');
}

/** The few markdown marks WeCom's client shows: bold, links, line breaks; everything else as text. */
function markdown(value: unknown): string {
  return escapeHtml(String(value ?? ''))
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\n/g, '<br>');
}

function messageHtml(message: ReceivedMessage): string {
  const c = message.content as Fields;
  const time = new Date(message.at).toLocaleTimeString('en-GB');
  const head = `<div class="meta">${escapeHtml(message.msgtype)} · ${time}</div>`;
  switch (message.msgtype) {
    case 'textcard': {
      const url = href(c.url);
      return (
        `<a class="card" data-msgtype="textcard"${url ? ` href="${url}"` : ''}>${head}` +
        `<div class="title">${escapeHtml(c.title)}</div><div class="desc">${wecomHtml(c.description, false)}</div>` +
        `<div class="button">${escapeHtml(c.btntxt || '详情')} ›</div></a>`
      );
    }
    case 'template_card': {
      const url = href(c.card_action?.url);
      const jumps = (Array.isArray(c.jump_list) ? c.jump_list : [])
        .map((jump: Fields) => `<div class="button">${escapeHtml(jump.title)} ›</div>`)
        .join('');
      return (
        `<a class="card" data-msgtype="template_card"${url ? ` href="${url}"` : ''}>${head}` +
        `<div class="title">${escapeHtml(c.main_title?.title ?? '')}</div>` +
        `<div class="desc">${escapeHtml(c.sub_title_text ?? '')}</div>${jumps}</a>`
      );
    }
    case 'markdown':
      return `<div class="card" data-msgtype="markdown">${head}<div class="desc">${markdown(c.content)}</div></div>`;
    default:
      return `<div class="card" data-msgtype="text">${head}<div class="desc">${wecomHtml(c.content, true)}</div></div>`;
  }
}

function layout(title: string, body: string, script = ''): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
    '<div class="banner">WeCom sandbox — not the real WeCom</div>' +
    `${body}${script}</body></html>`
  );
}

/** The members, each with a link to their phone. */
export function phoneIndexPage(members: EmulatorMember[]): string {
  const items = members
    .filter((member) => !member.nonMember)
    .map(
      (member) =>
        `<li><a href="${PHONE_PATH}?userid=${encodeURIComponent(member.userid)}">${escapeHtml(member.name ?? member.userid)}</a></li>`,
    );
  return layout(
    'WeCom sandbox — phones',
    `<main><h1>Phones</h1><p>What each member received from the WeCom app.</p><ul>${items.join('')}</ul></main>`,
  );
}

/** One member's phone: the app's messages, newest first; it reloads itself when another arrives. */
export function phonePage(member: EmulatorMember, messages: ReceivedMessage[]): string {
  const list = [...messages].reverse().map(messageHtml).join('') || '<p class="empty">No message yet.</p>';
  const poll = `${PHONE_PATH}/count?userid=${encodeURIComponent(member.userid)}`;
  const script =
    `<script>setInterval(function(){fetch(${JSON.stringify(poll)}).then(function(r){return r.json()})` +
    `.then(function(j){if(j.count!==${messages.length})location.reload()}).catch(function(){})},2000)</script>`;
  return layout(
    `${member.name ?? member.userid} — WeCom`,
    `<header class="app"><span>‹</span><b>NocoBase (sandbox)</b><span class="who">${escapeHtml(member.name ?? member.userid)}</span></header>` +
      `<main class="phone" data-count="${messages.length}">${list}</main>`,
    script,
  );
}

const STYLE = `
body{font-family:system-ui,-apple-system,"PingFang SC","WenQuanYi Micro Hei",sans-serif;margin:0;background:#ededed;color:#1f2329}
.banner{background:#b42318;color:#fff;padding:8px 14px;font-weight:600;font-size:13px}
header.app{display:flex;gap:10px;align-items:center;background:#f7f7f7;border-bottom:1px solid #ddd;padding:12px 14px;font-size:16px}
header.app .who{margin-left:auto;color:#667085;font-size:13px}
main{max-width:460px;margin:0 auto;padding:12px}
main h1{font-size:20px}
.card{display:block;background:#fff;border-radius:8px;margin:12px 0;padding:14px 16px;color:inherit;text-decoration:none;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.meta{color:#98a2b3;font-size:12px;margin-bottom:6px}
.title{font-size:17px;font-weight:600;margin-bottom:8px;word-break:break-word}
.desc{font-size:14px;line-height:1.5;word-break:break-word}
.wx-gray{color:#98a2b3}.wx-normal{color:#1f2329}.wx-highlight{color:#1a7cff}
.button{border-top:1px solid #eee;margin-top:12px;padding-top:10px;font-size:14px;color:#1f2329}
.empty{color:#667085;text-align:center;margin-top:40px}`;
