/**
 * Texts of a WeCom message: cut to WeCom's limits ourselves (WeCom cuts bytes, and may split a character), on a
 * character boundary, with "…"; and the HTML escapes of NocoBase's template engine undone in fields WeCom shows as
 * plain text.
 */
export const ELLIPSIS = '…';

/**
 * NocoBase compiles every message string with Handlebars before a channel sees it: `{{value}}` comes out with
 * these characters escaped. Where WeCom renders HTML (text, card description, markdown) the escapes stay, so a
 * value from a record cannot add a tag; where it shows plain text (titles, buttons, template cards) they are undone.
 */
const HANDLEBARS_ESCAPES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};

export function plainText(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => HANDLEBARS_ESCAPES[entity]);
}

const bytes = (value: string) => Buffer.byteLength(value, 'utf8');

/**
 * `value` in at most `maxBytes` of UTF-8: unchanged when it fits, else its longest prefix of whole characters that
 * leaves room for "…", then "…". With `html`, the cut never falls inside an entity (`&amp;`) or a tag (`<div …>`).
 */
export function fitBytes(value: string, maxBytes: number, options: { html?: boolean } = {}): string {
  if (bytes(value) <= maxBytes) {
    return value;
  }
  const room = maxBytes - bytes(ELLIPSIS);
  let kept = '';
  let used = 0;
  for (const character of value) {
    const size = bytes(character);
    if (used + size > room) {
      break;
    }
    kept += character;
    used += size;
  }
  if (options.html) {
    kept = kept.replace(/&[#\w]*$/, '').replace(/<[^>]*$/, '');
  }
  return `${kept}${ELLIPSIS}`;
}

/** `value` in at most `maxChars` characters (code points), the last one "…" when it had to be cut. */
export function fitChars(value: string, maxChars: number): string {
  const characters = [...value];
  return characters.length <= maxChars ? value : `${characters.slice(0, maxChars - 1).join('')}${ELLIPSIS}`;
}

/** A message field as text: strings as they are, numbers as digits, anything else (objects, null) as ''. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') {
    return value.trim();
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}
