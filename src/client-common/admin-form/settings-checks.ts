/**
 * Checks of the admin settings that both forms (v1 formily, v2 antd) apply. Each returns the locale
 * key of its message, or undefined when the value is fine. Empty values pass: `required` is separate.
 */
import { optionText } from '../../option-text';

/** `ww` + 16 hex digits is the usual Corp ID; others exist, so this is only a warning. */
export function corpIdWarning(value: unknown): string | undefined {
  const text = optionText(value);
  if (!text || /^ww[0-9a-f]{16}$/i.test(text)) return undefined;
  return 'This does not look like a WeCom Corp ID (usually "ww" followed by 16 letters and digits). Check it under My Company → Company Information.';
}

/** Origin must be scheme + host (+ port), nothing more. */
export function originError(value: unknown): string | undefined {
  const text = optionText(value);
  if (!text || /^https?:\/\/[^/?#\s]+\/?$/i.test(text)) return undefined;
  return 'Enter only the scheme and host, e.g. https://nocobase.example.com';
}

/** The redirect path must be a path on this site. */
export function redirectPathError(value: unknown): string | undefined {
  const text = optionText(value);
  if (!text || (text.startsWith('/') && !text.startsWith('//'))) return undefined;
  return 'Enter a path that starts with /, e.g. /admin';
}
