/**
 * A failed sign-in comes back as `?authenticator=NAME&error=<message id>&error_<param>=<value>...`. The URL
 * never carries text: the message is this plugin's own, from its locale files, and a parameter is shown only
 * when its value has the shape `MESSAGE_PARAMS` allows (else '?'). An id that is not one of ours, or free
 * text in `error`, shows the generic failure; nothing written into the URL is ever shown as such.
 */
import { MESSAGE_PARAMS, MSG, type MessageId, messageParamKey } from '../messages';
import type { Translate } from './locale';

export type { MessageId };

/** Shown for a parameter that is missing or of the wrong shape. */
export const UNSAFE_PARAM = '?';

/** A message of this plugin, with the parameters it may show. */
export interface CallbackError {
  id: MessageId;
  params: Record<string, string>;
}

export function isMessageId(value: unknown): value is MessageId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MSG, value);
}

/** The `{{name}}` placeholders of a message. */
function placeholdersOf(key: string): string[] {
  return [...key.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]);
}

/** The callback error of the query string `search` meant for the authenticator `name`, or null. */
export function callbackErrorFor(search: string, name: string): CallbackError | null {
  const query = new URLSearchParams(search);
  const error = query.get('error');
  if (!error || query.get('authenticator') !== name) return null;
  if (!isMessageId(error)) return { id: 'failed', params: {} };

  const params: Record<string, string> = {};
  for (const param of placeholdersOf(MSG[error])) {
    const value = query.get(messageParamKey(param));
    const shape = Object.prototype.hasOwnProperty.call(MESSAGE_PARAMS, param) ? MESSAGE_PARAMS[param] : undefined;
    params[param] = value !== null && shape?.test(value) ? value : UNSAFE_PARAM;
  }
  return { id: error, params };
}

/** The text of a callback error in the page's language; `notSetUp` also translates the field labels it names. */
export function callbackErrorText({ id, params }: CallbackError, t: Translate): string {
  const values: Record<string, string> = { ...params };
  if (id === 'notSetUp' && values.fields && values.fields !== UNSAFE_PARAM) {
    values.fields = values.fields
      .split(', ')
      .map((label) => t(label))
      .join(', ');
  }
  // React escapes the text; the values are of safe shapes anyway. No nesting: a value is never read as a key.
  return t(MSG[id], { ...values, interpolation: { escapeValue: false, skipOnVariables: true } });
}
