import { NOTIFY_DEFAULT_MESSAGE_TYPE, NOTIFY_MESSAGE_TYPES, type NotifyMessageType } from '../../constants';
import type { AppMessage } from '../wecom/message';
import { fitBytes, fitChars, plainText, textOf } from './text';

/**
 * The WeCom message for a NocoBase message, within WeCom's limits [90236]: a text card (default), markdown, text, or
 * a template card of the text-notice kind. Texts are cut ourselves (bytes of UTF-8, on a character boundary, "…"),
 * so WeCom never cuts one. Where WeCom renders HTML (text, the card's description, markdown) the values the
 * template engine escaped stay escaped; fields WeCom shows as plain text get them back as typed.
 */
export const MESSAGE_TYPES = NOTIFY_MESSAGE_TYPES;
export type MessageType = NotifyMessageType;
export const DEFAULT_MESSAGE_TYPE: MessageType = NOTIFY_DEFAULT_MESSAGE_TYPE;

/** Byte limits of WeCom [90236]; the text card's button text counts characters; template card lengths are advised. */
export const LIMITS = {
  text: 2048,
  markdown: 2048,
  cardTitle: 128,
  cardDescription: 512,
  buttonChars: 4,
  noticeTitleChars: 36,
  noticeTextChars: 160,
  jumpTitleChars: 13,
} as const;

export interface MessageParts {
  type: MessageType;
  title: string;
  body: string;
  /** The page's link as the message gives it (a path or a URL of this site), '' for none. */
  link: string;
  buttonText: string;
}

/**
 * The parts of a message as NocoBase hands it to a channel (already compiled). Two shapes: this channel's forms
 * keep every text under `content` (`{ title, body, link, buttonText }`), which the workflow leaves to the template
 * engine alone — so a `{{` inside a record value stays text; `sendToUsers` callers use the in-app shape
 * (`title`, `content` as text, `options.url`).
 */
export function partsOf(message: Record<string, unknown>): MessageParts {
  const content = message.content;
  const fields: Record<string, unknown> =
    content && typeof content === 'object' && !Array.isArray(content)
      ? (content as Record<string, unknown>)
      : { title: message.title, body: content, link: message.url ?? (message.options as { url?: unknown })?.url };
  const type = MESSAGE_TYPES.find((known) => known === message.msgType) ?? DEFAULT_MESSAGE_TYPE;
  return {
    type,
    title: textOf(fields.title),
    body: textOf(fields.body),
    link: textOf(fields.link),
    buttonText: textOf(fields.buttonText ?? message.buttonText),
  };
}

/** Whether the message type needs a link (WeCom refuses a card without one). */
export const needsLink = (type: MessageType) => type === 'textcard' || type === 'template_card';

/** The WeCom message; `url` is the `wecom:open` link (required for the cards, optional otherwise). */
export function compose(parts: MessageParts, url: string | undefined): AppMessage {
  const { title, body, buttonText } = parts;
  switch (parts.type) {
    case 'text': {
      const link = url ? `\n<a href="${url}">${buttonText || url}</a>` : '';
      return { msgtype: 'text', text: { content: joined(title, body, LIMITS.text - bytes(link)) + link } };
    }
    case 'markdown': {
      const link = url ? `\n[${plainText(buttonText).replace(/[[\]]/g, '') || url}](${url})` : '';
      const heading = title ? `**${title}**` : '';
      return {
        msgtype: 'markdown',
        markdown: { content: joined(heading, body, LIMITS.markdown - bytes(link)) + link },
      };
    }
    case 'template_card':
      return {
        msgtype: 'template_card',
        template_card: {
          card_type: 'text_notice',
          ...(title ? { main_title: { title: fitChars(plainText(title), LIMITS.noticeTitleChars) } } : {}),
          ...(body ? { sub_title_text: fitChars(plainText(body), LIMITS.noticeTextChars) } : {}),
          ...(buttonText
            ? { jump_list: [{ type: 1, title: fitChars(plainText(buttonText), LIMITS.jumpTitleChars), url: url! }] }
            : {}),
          card_action: { type: 1, url: url! },
        },
      };
    default:
      return {
        msgtype: 'textcard',
        textcard: {
          title: fitBytes(plainText(title || firstLine(body)), LIMITS.cardTitle),
          description: fitBytes(body || title, LIMITS.cardDescription, { html: true }),
          url: url!,
          ...(buttonText ? { btntxt: fitChars(plainText(buttonText), LIMITS.buttonChars) } : {}),
        },
      };
  }
}

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');

/** Title and body on their own lines, the body cut so that both fit in `maxBytes` (the title too, if it must). */
function joined(title: string, body: string, maxBytes: number): string {
  if (!title) {
    return fitBytes(body, maxBytes, { html: true });
  }
  const head = fitBytes(title, Math.min(bytes(title), maxBytes), { html: true });
  if (!body) {
    return head;
  }
  const room = maxBytes - bytes(head) - 1;
  return room > bytes('…') ? `${head}\n${fitBytes(body, room, { html: true })}` : head;
}

function firstLine(text: string): string {
  return plainText(text.replace(/<[^>]*>/g, ' '))
    .split('\n', 1)[0]
    .trim();
}
