/**
 * What a WeCom message holds, as the server reads it (`src/server/notify/compose.ts`, docs/notifications.md):
 * `receivers`, `msgType`, and the texts under `content` (`title`, `body`, `link`, `buttonText`). The texts sit
 * under `content` on purpose: NocoBase compiles that object's strings once, where the workflow resolves the other
 * fields' variables before NocoBase compiles every string again.
 */
import { NOTIFY_DEFAULT_MESSAGE_TYPE, NOTIFY_MESSAGE_TYPES, type NotifyMessageType } from '../../constants';

/** A form field's name below the form's `namePrefix` (the workflow node's is `['config']`). */
export type NamePath = Array<string | number>;

export const RECEIVERS: NamePath = ['receivers'];
export const MESSAGE_TYPE: NamePath = ['msgType'];

/** The locale keys of the message types' names, in the order offered (the default first). */
export const MESSAGE_TYPE_LABELS: Record<NotifyMessageType, string> = {
  textcard: 'Text card',
  markdown: 'Markdown',
  text: 'Text',
  template_card: 'Template card (text notice)',
};
export const MESSAGE_TYPE_OPTIONS = NOTIFY_MESSAGE_TYPES.map((value) => ({ value, label: MESSAGE_TYPE_LABELS[value] }));
export const DEFAULT_MESSAGE_TYPE = NOTIFY_DEFAULT_MESSAGE_TYPE;

export interface TextField {
  name: NamePath;
  label: string;
  description: string;
  /** A multi-line text. */
  multiline?: boolean;
  required?: boolean;
}

export const TEXT_FIELDS: TextField[] = [
  {
    name: ['content', 'title'],
    label: 'Title',
    description:
      'A text card shows up to 128 bytes, a template card about 36 characters; a longer title is cut with "…".',
  },
  {
    name: ['content', 'body'],
    label: 'Content',
    description:
      'Text and markdown: up to 2048 bytes; a text card: 512 bytes (it may use <div class="gray">, "normal" or "highlight"); a template card: about 160 characters. A longer text is cut with "…".',
    multiline: true,
    required: true,
  },
  {
    name: ['content', 'link'],
    label: 'Page to open',
    description:
      'A page of this site: a path such as /admin/… (variables allowed) or a URL of this site. Opened in WeCom, it signs the member in first. A card without one opens the landing page of the authenticator.',
  },
  {
    name: ['content', 'buttonText'],
    label: 'Button text',
    description:
      "The text card's button (at most 4 characters), the link's text in a text or markdown message, the template card's jump link.",
  },
];

export const RECEIVERS_LABEL = 'Receivers';
export const RECEIVERS_DESCRIPTION =
  "NocoBase users linked to WeCom through the channel's authenticator. From a node's result, only user IDs (or a list of them) match; a filter with no condition selects nobody.";
export const RECEIVERS_REQUIRED = 'Add at least one receiver';

/** `[...prefix, ...name]`: antd's name path of a field below the form's prefix. */
export const under = (prefix: NamePath | undefined, name: NamePath): NamePath => [...(prefix ?? []), ...name];
