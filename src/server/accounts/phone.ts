/**
 * Phone numbers compared as E.164 (`+8613855551234`), the way people type them into `users.phone`
 * (free text, never verified) and the way WeCom reports a member's mobile.
 *
 * - spaces, hyphens, dots and parentheses are ignored;
 * - `+` or `00` in front: an international number, its country code included (`+1 385-555-1234` is
 *   `+13855551234`, a US number, never the Chinese mobile 13855551234);
 * - a bare 11-digit number starting with 1: a Chinese mobile (`+86`);
 * - any other bare number has no country code: it cannot be compared and matches nothing.
 */

/** E.164 has at most 15 digits; the shortest numbers in use have 7 or so. */
const INTERNATIONAL = /^\+[1-9]\d{6,14}$/;
const CN_MOBILE = /^1\d{10}$/;

/** The E.164 form of a phone number, or '' when it has no country code or is not a phone number at all. */
export function toE164(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return '';
  }
  const text = String(value).replace(/[\s\-().]/g, '');
  let international: string;
  if (text.startsWith('+')) {
    international = text;
  } else if (text.startsWith('00')) {
    international = `+${text.slice(2)}`;
  } else if (CN_MOBILE.test(text)) {
    international = `+86${text}`;
  } else {
    return '';
  }
  return INTERNATIONAL.test(international) ? international : '';
}

/** True when both are the same phone number; a number that cannot be compared equals nothing. */
export function samePhone(a: unknown, b: unknown): boolean {
  const first = toE164(a);
  return first !== '' && first === toE164(b);
}

/**
 * A run of digits every spelling of the E.164 number `e164` contains (its last four, unless a separator
 * splits them): narrows the database search, whose candidates are then compared with `toE164`.
 */
export function phoneSearchFragment(e164: string): string {
  return e164.slice(-4);
}
