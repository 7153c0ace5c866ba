import type Application from '@nocobase/server';
import { DEFAULT_MATCH_BY, DEFAULTS, MATCH_KEYS, MatchKey, PROFILE_FIELDS, ProfileField } from '../constants';
import { httpUrl, optionText as text } from '../option-text';
import { MSG, SignInError } from './failures';
import { parseProxyUrl } from './wecom/proxy';
import { WecomConfig } from './wecom/types';

/** An authenticator's options, read and checked once, at the edge. */
export interface WecomSettings {
  config: WecomConfig;
  autoSignup: boolean;
  autoLogin: boolean;
  /** The site's public origin when the admin set one; else the request's is used. */
  origin?: string;
  redirectPath: string;
  /** Roles whose users are never linked to WeCom automatically (root is refused too, listed or not: see users.ts). */
  privilegedRoles: string[];
  /** The role given to users made by auto-signup; none → NocoBase's default role. */
  signupRole?: string;
  /** The keys an unbound member is matched to a user by, in the order of trust (mobile → email → username). */
  matchBy: MatchKey[];
  /** The user fields an in-client sign-in updates from WeCom; none by default. */
  syncProfile: ProfileField[];
}

/** `options.wecom.privilegedRoles` when the admin set none (the admin form's placeholder says the same). */
export const DEFAULT_PRIVILEGED_ROLES = ['root', 'admin'];

/** The options a browser may see (`authenticators:publicList`): never the Secret or anything under `wecom`. */
/** An authenticator's `options` as stored: `public` (seen by browsers) and `wecom` (server only), unchecked. */
export interface StoredOptions {
  public?: Record<string, unknown>;
  wecom?: Record<string, unknown>;
}

export function publicOptions(options: StoredOptions = {}) {
  return {
    autoSignup: Boolean(options?.public?.autoSignup),
    autoLogin: Boolean(options?.public?.autoLogin),
  };
}

/** Label keys of the required fields, as the admin form names them. */
const REQUIRED = [
  ['corpId', 'Corp ID'],
  ['agentId', 'AgentId'],
  ['secret', 'Secret'],
] as const;

export function readSettings(options: StoredOptions = {}): WecomSettings {
  const wecom: Record<string, unknown> = options?.wecom || {};
  const missing = REQUIRED.filter(([name]) => !text(wecom[name])).map(([, label]) => label);
  if (missing.length) {
    throw new SignInError(MSG.notSetUp, { fields: missing.join(', ') }, 400);
  }
  const baseUrl = (field: 'apiBaseUrl' | 'oauthBaseUrl' | 'ssoBaseUrl') =>
    urlSetting(field, text(wecom[field]) || DEFAULTS[field]);
  const timeoutMs = Number(wecom.timeoutMs);
  return {
    config: {
      corpId: text(wecom.corpId),
      agentId: text(wecom.agentId),
      secret: text(wecom.secret),
      apiBaseUrl: baseUrl('apiBaseUrl'),
      oauthBaseUrl: baseUrl('oauthBaseUrl'),
      ssoBaseUrl: baseUrl('ssoBaseUrl'),
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : DEFAULTS.timeoutMs,
      proxy: proxySetting(text(wecom.proxy)),
    },
    ...publicOptions(options),
    origin: text(wecom.origin) ? urlSetting('origin', text(wecom.origin)) : undefined,
    redirectPath: text(wecom.redirectPath) || DEFAULTS.redirectPath,
    privilegedRoles: privilegedRoles(wecom.privilegedRoles),
    signupRole: text(wecom.signupRole) || undefined,
    matchBy: choices(wecom.matchBy, MATCH_KEYS, DEFAULT_MATCH_BY),
    syncProfile: choices(wecom.syncProfile, PROFILE_FIELDS, []),
  };
}

/**
 * The known values of a list option, in the order `known` gives them (for `matchBy`, the order of trust), from an
 * array (the forms, the API) or a text separated by commas or spaces; unset → `fallback`, an empty list stays empty.
 */
export function choices<T extends string>(value: unknown, known: readonly T[], fallback: T[]): T[] {
  if (value === undefined || value === null) {
    return [...fallback];
  }
  const given = new Set(
    (Array.isArray(value) ? value : [value]).flatMap((item) =>
      typeof item === 'string' ? item.split(/[\s,，、;；]+/) : [],
    ),
  );
  return known.filter((name) => given.has(name));
}

/** Role names from an array (the API) or a text of names separated by commas or spaces (the admin form); none → the default. */
export function privilegedRoles(value: unknown): string[] {
  const names = (Array.isArray(value) ? value : [value])
    .flatMap((item) => (typeof item === 'string' ? item.split(/[\s,，、;；]+/) : []))
    .filter(Boolean);
  return names.length ? [...new Set(names)] : [...DEFAULT_PRIVILEGED_ROLES];
}

/** `options.wecom.proxy`: empty (the environment decides), or `http(s)://[user:pass@]host:port`; never echoed. */
function proxySetting(value: string): string | undefined {
  if (!value) {
    return undefined;
  }
  const proxy = parseProxyUrl(value);
  if (!proxy) {
    throw new SignInError(MSG.badUrl, { field: 'proxy' }, 400);
  }
  return proxy;
}

/** An http(s) URL without a trailing slash, or a refusal that names the setting. */
function urlSetting(field: string, value: string): string {
  const url = httpUrl(value);
  if (url === null) {
    throw new SignInError(MSG.badUrl, { field }, 400);
  }
  return url;
}

/** `{{$env.NAME}}` references resolved through NocoBase's environment (a no-op without variables). */
export function renderVariables<T>(app: Application, options: T): T {
  const environment = app?.environment;
  return typeof environment?.renderJsonTemplate === 'function' ? environment.renderJsonTemplate(options) : options;
}
