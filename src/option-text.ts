/**
 * Reading the values of settings as the admin typed them: text, http(s) URLs and NocoBase's variables
 * (`{{$env.NAME}}`). Shared by the server and both clients; nothing here imports NocoBase.
 */

/** A setting's value as trimmed text; unset (undefined or null) → ''. */
export function optionText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).trim();
}

/** `value` parsed as an http(s) URL, or null when it is not one. */
export function parseHttpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * An http(s) URL as the settings keep it: no trailing slash, no query, no default port (an explicit :443 breaks
 * WeCom's trusted-domain check); null when `value` is not an http(s) URL.
 */
export function httpUrl(value: string): string | null {
  const url = parseHttpUrl(value);
  return url && `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

const ENV_REFERENCE = /^\s*\{\{\s*\$env\.[\w.]+\s*\}\}\s*$/;

/** A whole value that names one of NocoBase's variables (`{{$env.NAME}}`): a name, not a secret, so it is shown. */
export function isEnvReference(value: unknown): boolean {
  return typeof value === 'string' && ENV_REFERENCE.test(value);
}

/** Whether any text of `value` (an object of settings, as JSON) refers to a NocoBase variable. */
export function mentionsEnvReference(value: unknown): boolean {
  return /\{\{\s*\$env\./.test(JSON.stringify(value ?? null));
}
