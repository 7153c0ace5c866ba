import type Application from '@nocobase/server';
import { AUTH_TYPE, DEFAULTS, SYNC_SOURCE_TYPE } from '../../constants';
import { BindingScope } from '../accounts/bindings';
import { MSG, MessageKey, MessageParams, toSignInError } from '../failures';
import { privilegedRoles, renderVariables } from '../settings';
import { parseProxyUrl } from '../wecom/proxy';
import { WecomConfig } from '../wecom/types';
import { WecomApiError } from '../wecom/errors';

/** The source type this plugin registers with NocoBase's user data synchronization. */
export const SOURCE_TYPE = SYNC_SOURCE_TYPE;

/** A WeCom sync source's options (`userDataSyncSources.options`), read and checked once, with its authenticator's. */
export interface SyncSettings {
  sourceName: string;
  config: WecomConfig;
  /** The bindings the sync maintains: the chosen WeCom authenticator, under the source's Corp ID. */
  scope: BindingScope;
  privilegedRoles: string[];
  /** Change events: the Token and EncodingAESKey of WeCom's "receive events" server. */
  token: string;
  encodingAESKey: string;
  /** Create a user for a member no existing user matches (default off: the member stays unbound). */
  createUnmatched: boolean;
  /** Delete the NocoBase user of a member who left or was disabled (default off: only the binding goes). */
  removeLeavers: boolean;
  /** Also match a member whose userid is a user's username (default off). */
  matchUsername: boolean;
}

/** Thrown when a sync cannot run; its message is the admin-facing text of `messageKey`. */
export class SyncError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(fill(messageKey, params));
    this.name = 'SyncError';
  }
}

const fill = (key: string, params: MessageParams) =>
  key.replace(/{{(\w+)}}/g, (whole, name) => (name in params ? String(params[name]) : whole));

/** Errors a sync meets while reading WeCom, as one SyncError with the message the sign-in side would show. */
const SYNC_ERRCODES: Record<number, MessageKey> = {
  48009: MSG.contactsIpRestricted,
  301002: MSG.contactsNoPermission,
  60011: MSG.contactsOutOfRange,
};

export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) {
    return error;
  }
  if (error instanceof WecomApiError && error.kind === 'errcode' && SYNC_ERRCODES[error.errcode as number]) {
    return new SyncError(SYNC_ERRCODES[error.errcode as number]);
  }
  const signIn = toSignInError(error);
  return new SyncError(signIn.messageKey, signIn.params);
}

/** An http(s) URL without a trailing slash, or a refusal that names the setting. */
function httpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    }
  } catch {
    // refused below
  }
  throw new SyncError(MSG.badUrl, { field: 'apiBaseUrl' });
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/** The source's settings, with `{{$env.NAME}}` references resolved; the authenticator must be a WeCom one. */
export async function readSyncSettings(app: Application, sourceName: string, raw: unknown): Promise<SyncSettings> {
  const options = (renderVariables(app, raw || {}) || {}) as Record<string, unknown>;
  const missing = [
    ['corpId', 'Corp ID'],
    ['secret', 'Secret'],
  ].filter(([name]) => !text(options[name]));
  if (missing.length) {
    throw new SyncError(MSG.notSetUp, { fields: missing.map(([, label]) => label).join(', ') });
  }
  const authenticatorName = text(options.authenticator);
  const authenticator = authenticatorName
    ? await app.db.getRepository('authenticators').findOne({ filter: { name: authenticatorName, authType: AUTH_TYPE } })
    : null;
  if (!authenticator) {
    throw new SyncError(MSG.syncNoAuthenticator, { name: authenticatorName || '?' });
  }
  const corpId = text(options.corpId);
  const secret = text(options.secret);
  const authOptions = renderVariables(app, authenticator.get('options') || {});
  const wecom = authOptions?.wecom || {};
  if (text(wecom.corpId) && text(wecom.corpId) !== corpId) {
    throw new SyncError(MSG.syncOtherCorp, { name: authenticatorName });
  }
  // The same Secret as the authenticator's app: the same token cache entry, so no second gettoken.
  const agentId = text(wecom.secret) === secret ? text(wecom.agentId) : '';
  const timeoutMs = Number(options.timeoutMs);
  const apiBaseUrl = httpUrl(text(options.apiBaseUrl) || DEFAULTS.apiBaseUrl);
  const proxy = text(options.proxy);
  if (proxy && !parseProxyUrl(proxy)) {
    throw new SyncError(MSG.badUrl, { field: 'proxy' });
  }
  return {
    sourceName,
    config: {
      corpId,
      agentId,
      secret,
      apiBaseUrl,
      oauthBaseUrl: DEFAULTS.oauthBaseUrl,
      ssoBaseUrl: DEFAULTS.ssoBaseUrl,
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : DEFAULTS.timeoutMs,
      proxy: proxy ? parseProxyUrl(proxy) : undefined,
    },
    scope: { authenticator: authenticatorName, corpId },
    privilegedRoles: privilegedRoles(wecom.privilegedRoles),
    token: text(options.token),
    encodingAESKey: text(options.encodingAESKey),
    createUnmatched: options.createUnmatched === true,
    removeLeavers: options.removeLeavers === true,
    matchUsername: options.matchUsername === true,
  };
}
