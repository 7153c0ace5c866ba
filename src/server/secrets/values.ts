/**
 * The write-only settings of the two records that hold WeCom secrets, and what happens to them on the way out (an
 * answer withholds them) and on the way in (a save keeps the stored value when the form leaves the field empty).
 * Pure functions over `options` objects: no NocoBase here.
 */
import { AUTH_TYPE, DEFAULTS, SYNC_SOURCE_TYPE } from '../../constants';
import { isEnvReference, optionText } from '../../option-text';
import { PASSWORD_MASK, STORED_SECRETS } from '../../write-only';

type Options = Record<string, unknown>;

export interface WriteOnlyKind {
  /** The collection of the records, and the field and value that make one a WeCom record. */
  collection: string;
  typeField: string;
  type: string;
  /** Where the WeCom settings sit under `options`: `['wecom']` for an authenticator, the top for a sync source. */
  base: string[];
  /** Settings never answered; `travels`: sent with every call to the API base URL (through the proxy). */
  secrets: Array<{ name: string; travels: boolean }>;
}

export const AUTHENTICATOR_SECRETS: WriteOnlyKind = {
  collection: 'authenticators',
  typeField: 'authType',
  type: AUTH_TYPE,
  base: ['wecom'],
  secrets: [{ name: 'secret', travels: true }],
};

export const SYNC_SOURCE_SECRETS: WriteOnlyKind = {
  collection: 'userDataSyncSources',
  typeField: 'sourceType',
  type: SYNC_SOURCE_TYPE,
  base: [],
  secrets: [
    { name: 'secret', travels: true },
    { name: 'token', travels: false },
    { name: 'encodingAESKey', travels: false },
  ],
};

export const WRITE_ONLY_KINDS = [AUTHENTICATOR_SECRETS, SYNC_SOURCE_SECRETS];

/** Thrown by `keepStored` when a kept value would go somewhere else than where it was saved for. */
export class NotKeptError extends Error {
  constructor(readonly setting: 'secret' | 'proxyPassword') {
    super(`the saved ${setting} is not kept for another destination`);
    this.name = 'NotKeptError';
  }
}

/** A value the answers withhold: set, and not a `{{$env.NAME}}` reference (a name is shown). */
const withheld = (value: unknown) => value !== undefined && value !== null && value !== '' && !isEnvReference(value);

const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

function objectAt(options: Options, path: string[], create = false): Options | undefined {
  let at: Options | undefined = options;
  for (const key of path) {
    if (!at || typeof at !== 'object') return undefined;
    if ((at[key] === undefined || at[key] === null) && create) at[key] = {};
    at = at[key] as Options | undefined;
  }
  return at && typeof at === 'object' ? at : undefined;
}

/** `options` as an answer may show it: withheld values removed and listed, a proxy's password masked. */
export function withholdSecrets(kind: WriteOnlyKind, options: unknown): unknown {
  if (!options || typeof options !== 'object') return options;
  const shown = copy(options) as Options;
  const stored: string[] = [];
  const base = objectAt(shown, kind.base);
  if (base) {
    for (const { name } of kind.secrets) {
      if (withheld(base[name])) {
        delete base[name];
        stored.push([...kind.base, name].join('.'));
      }
    }
    if (typeof base.proxy === 'string') {
      base.proxy = maskedProxy(base.proxy);
    }
  }
  shown[STORED_SECRETS] = stored;
  return shown;
}

/**
 * The `options` to save, from what the form or API sent (`incoming`) and what is stored: a write-only setting left
 * out or empty keeps the stored value, `null` clears it, anything else replaces it. A proxy password sent back as
 * the mask keeps the stored one. A kept value that travels is kept only towards the same API base URL and proxy
 * (host and user), never sent on to another one: `NotKeptError`.
 */
export function keepStored(kind: WriteOnlyKind, incoming: unknown, stored: unknown): Options {
  const next = (copy(incoming) ?? {}) as Options;
  delete next[STORED_SECRETS];
  const before = (stored && typeof stored === 'object' ? stored : {}) as Options;
  const was = objectAt(before, kind.base) ?? {};
  const base = objectAt(next, kind.base, true) as Options;
  for (const { name, travels } of kind.secrets) {
    if (base[name] === null) {
      delete base[name];
    } else if ((base[name] === undefined || base[name] === '') && withheld(was[name])) {
      if (travels && destination(base) !== destination(was)) {
        throw new NotKeptError('secret');
      }
      base[name] = was[name];
    }
  }
  if (typeof base.proxy === 'string' && passwordOf(base.proxy) === PASSWORD_MASK) {
    const saved = typeof was.proxy === 'string' ? was.proxy : '';
    if (!passwordOf(saved) || proxyIdentity(saved) !== proxyIdentity(base.proxy)) {
      throw new NotKeptError('proxyPassword');
    }
    base.proxy = withPassword(base.proxy, passwordOf(saved) as string);
  }
  return next;
}

/** `options` without any write-only value: for a record that stops being a WeCom one. */
export function dropSecrets(kind: WriteOnlyKind, options: unknown): unknown {
  if (!options || typeof options !== 'object') return options;
  const next = copy(options) as Options;
  delete next[STORED_SECRETS];
  const base = objectAt(next, kind.base);
  if (base) {
    for (const { name } of kind.secrets) delete base[name];
    if (typeof base.proxy === 'string' && passwordOf(base.proxy)) base.proxy = withPassword(base.proxy, '');
  }
  return next;
}

/** Where a travelling secret goes: the API base URL and the proxy's scheme and host (not its credentials). */
export function destination(settings: Options): string {
  const api = (optionText(settings.apiBaseUrl) || DEFAULTS.apiBaseUrl).replace(/\/+$/, '');
  const proxy = optionText(settings.proxy);
  return `${api} ${proxyUrl(proxy) ? `${proxyUrl(proxy)?.protocol}//${proxyUrl(proxy)?.host}` : proxy}`;
}

function proxyUrl(proxy: string): URL | undefined {
  try {
    return isEnvReference(proxy) ? undefined : new URL(proxy);
  } catch {
    return undefined;
  }
}

function passwordOf(proxy: string): string | undefined {
  const url = proxyUrl(proxy);
  return url?.password ? decodeURIComponent(url.password) : undefined;
}

/** The proxy a password is meant for: scheme, host, port and user. */
function proxyIdentity(proxy: string): string {
  const url = proxyUrl(proxy);
  return url ? `${url.protocol}//${url.username}@${url.host}` : proxy;
}

function withPassword(proxy: string, password: string): string {
  const url = proxyUrl(proxy) as URL;
  url.password = encodeURIComponent(password);
  return url.toString().replace(/\/$/, '');
}

/** A proxy URL with its password shown as the mask (a reference, or a URL without one, as it is). */
function maskedProxy(proxy: string): string {
  return passwordOf(proxy) === undefined ? proxy : withPassword(proxy, PASSWORD_MASK);
}
