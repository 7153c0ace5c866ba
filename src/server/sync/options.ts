import type Application from '@nocobase/server';
import { AUTH_TYPE, DEFAULTS, MatchKey, SYNC_SOURCE_TYPE } from '../../constants';
import { httpUrl, optionText as text } from '../../option-text';
import { BindingScope } from '../accounts/bindings';
import { MSG, MessageKey, MessageParams, toSignInError } from '../failures';
import { readSettings, renderVariables } from '../settings';
import { parseProxyUrl } from '../wecom/proxy';
import { WecomConfig } from '../wecom/types';
import { WecomApiError } from '../wecom/errors';

/** The source type this plugin registers with NocoBase's user data synchronization. */
export const SOURCE_TYPE = SYNC_SOURCE_TYPE;

/** A WeCom sync source's options (`userDataSyncSources.options`), read and checked once, with its authenticator's. */
export interface SyncSettings {
  sourceName: string;
  /** WeCom as the authenticator reaches it (API base URL, proxy), with the source's Corp ID, Secret and timeout. */
  config: WecomConfig;
  /** The bindings the sync maintains: the chosen WeCom authenticator, under the source's Corp ID. */
  scope: BindingScope;
  /** The authenticator's: who is never linked (nor deleted), and the keys members are matched by, in order. */
  privilegedRoles: string[];
  matchBy: MatchKey[];
  /** Change events: the Token and EncodingAESKey of WeCom's "receive events" server. */
  token: string;
  encodingAESKey: string;
  /** Create a user for a member no existing user matches (default off: the member stays unbound). */
  createUnmatched: boolean;
  /** Delete the NocoBase user of a member who left the company (default off: only the binding goes). */
  removeLeavers: boolean;
  /** The most bindings one run may remove (`maxRemovals`); unset: 10% of the bound members, at least 20. */
  maxRemovals?: number;
  /** `confirmRemovals`: the admin lets the next pull go over `maxRemovals`, once. */
  confirmRemovals: boolean;
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
  const known =
    error instanceof WecomApiError && error.kind === 'errcode' ? SYNC_ERRCODES[Number(error.errcode)] : undefined;
  if (error instanceof SyncError) {
    return error;
  }
  const { messageKey, params } = known ? { messageKey: known, params: {} } : toSignInError(error);
  // Not a WeCom or settings failure (the database, a bug): say what it means for the sync, not for a sign-in.
  return new SyncError(messageKey === MSG.failed ? MSG.syncStopped : messageKey, params);
}

/**
 * The source's settings, with `{{$env.NAME}}` references resolved. The authenticator must be a WeCom one set to the
 * source's Corp ID, and the source must reach WeCom as the authenticator does (its API base URL and proxy, which
 * only the authenticator's managers set): bindings made by the sync sign people in through that authenticator, so
 * a source pointed at another WeCom could otherwise bind any userid to any user.
 */
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
  const auth = readSettings(renderVariables(app, authenticator.get('options') || {}));
  if (auth.config.corpId !== corpId) {
    throw new SyncError(MSG.syncOtherCorp, { name: authenticatorName });
  }
  const apiBaseUrl = text(options.apiBaseUrl);
  const proxy = text(options.proxy);
  if (
    (apiBaseUrl && (httpUrl(apiBaseUrl) ?? apiBaseUrl) !== auth.config.apiBaseUrl) ||
    (proxy && (parseProxyUrl(proxy) ?? proxy) !== auth.config.proxy)
  ) {
    throw new SyncError(MSG.syncOtherWecom, { name: authenticatorName });
  }
  const timeoutMs = Number(options.timeoutMs);
  const maxRemovals = text(options.maxRemovals) === '' ? NaN : Number(options.maxRemovals);
  return {
    sourceName,
    config: {
      ...auth.config,
      // The same Secret as the authenticator's app: the same token cache entry, so no second gettoken.
      agentId: auth.config.secret === secret ? auth.config.agentId : '',
      secret,
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : DEFAULTS.timeoutMs,
    },
    scope: { authenticator: authenticatorName, corpId },
    privilegedRoles: auth.privilegedRoles,
    matchBy: auth.matchBy,
    token: text(options.token),
    encodingAESKey: text(options.encodingAESKey),
    createUnmatched: options.createUnmatched === true,
    removeLeavers: options.removeLeavers === true,
    maxRemovals: Number.isInteger(maxRemovals) && maxRemovals >= 0 ? maxRemovals : undefined,
    confirmRemovals: options.confirmRemovals === true,
  };
}
