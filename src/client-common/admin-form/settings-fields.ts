/**
 * The fields of the WeCom authenticator settings, in display order. The v1 (formily) and v2 (antd)
 * forms both render this list, so the two stay the same. Paths are relative to `options`.
 */
import { DEFAULT_MATCH_BY, DEFAULTS } from '../../constants';
import { corpIdWarning, originError, redirectPathError } from './settings-checks';

export type SettingKind = 'checkbox' | 'text' | 'password' | 'number' | 'choices';

/** One box of a `choices` field: the value saved, and the locale key of its label. */
export interface SettingChoice {
  value: string;
  label: string;
}

/** The boxes of a `choices` field from `{ value: label }`, in that order. */
const choicesOf = (labels: Record<string, string>): SettingChoice[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export interface SettingField {
  /** Path under the record's `options`, e.g. `['wecom', 'corpId']`. */
  path: string[];
  kind: SettingKind;
  /** Locale key of the label. */
  label: string;
  /** Locale key of the help text under the field. */
  description?: string;
  required?: boolean;
  /** Never sent back by the server (see write-only.ts): the field says "set" and keeps the saved value when empty. */
  writeOnly?: boolean;
  /** The boxes of a `choices` field (saved as the array of the values ticked). */
  choices?: SettingChoice[];
  /** The value a new authenticator starts with, the same as the server's default for an unset option. */
  defaultValue?: unknown;
  /** Placeholder shown as is (defaults), or 'this-site' for the page's own origin. */
  placeholder?: string | 'this-site';
  /** Returns a locale key when the value is wrong (refuses saving). */
  error?: (value: unknown) => string | undefined;
  /** Returns a locale key when the value looks odd (does not refuse saving). */
  warning?: (value: unknown) => string | undefined;
}

/** The proxy setting's help, for the authenticator and the sync source alike. */
export const PROXY_DESCRIPTION =
  'Every call to WeCom goes through this HTTP proxy: http(s)://[user:password@]host:port. Leave empty to use the HTTPS_PROXY and NO_PROXY environment variables of the server. A saved password is never shown: it appears as ******** and is kept while you leave it so.';

export const BASIC_FIELDS: SettingField[] = [
  {
    path: ['public', 'autoSignup'],
    kind: 'checkbox',
    label: 'Sign up automatically when the phone number matches no user',
  },
  {
    path: ['wecom', 'corpId'],
    kind: 'text',
    label: 'Corp ID',
    description: 'Found in the WeCom admin console under My Company → Company Information.',
    required: true,
    warning: corpIdWarning,
  },
  {
    path: ['wecom', 'agentId'],
    kind: 'text',
    label: 'AgentId',
    description: 'AgentId and Secret are on the page of your self-built app under App Management.',
    required: true,
  },
  { path: ['wecom', 'secret'], kind: 'password', label: 'Secret', required: true, writeOnly: true },
  {
    path: ['wecom', 'origin'],
    kind: 'text',
    label: 'Origin',
    description:
      'Public address of this NocoBase: scheme and host, with the port if it is not the default. Leave empty to use the address each request arrives on.',
    placeholder: 'this-site',
    error: originError,
  },
  {
    path: ['wecom', 'redirectPath'],
    kind: 'text',
    label: 'Path after sign-in',
    description: 'Where users land after signing in, unless the sign-in page asked for another page.',
    placeholder: DEFAULTS.redirectPath,
    error: redirectPathError,
  },
  {
    path: ['public', 'autoLogin'],
    kind: 'checkbox',
    label: 'Sign in automatically in the WeCom browser',
    description:
      'When the sign-in page opens inside WeCom, start WeCom sign-in without a click. Only one WeCom authenticator can have this on.',
  },
];

/**
 * Folded under "Advanced": addresses for WeCom private deployments and egress relays, who is never linked
 * automatically, how members are matched to users and which profile fields follow WeCom.
 */
export const ADVANCED_FIELDS: SettingField[] = [
  { path: ['wecom', 'apiBaseUrl'], kind: 'text', label: 'API base URL', placeholder: DEFAULTS.apiBaseUrl },
  { path: ['wecom', 'oauthBaseUrl'], kind: 'text', label: 'OAuth base URL', placeholder: DEFAULTS.oauthBaseUrl },
  { path: ['wecom', 'ssoBaseUrl'], kind: 'text', label: 'SSO base URL', placeholder: DEFAULTS.ssoBaseUrl },
  { path: ['wecom', 'timeoutMs'], kind: 'number', label: 'Timeout (ms)', placeholder: String(DEFAULTS.timeoutMs) },
  {
    path: ['wecom', 'proxy'],
    kind: 'text',
    label: 'Outbound proxy',
    description: PROXY_DESCRIPTION,
  },
  {
    // Text of comma-separated names (the forms have no tag input); the server also takes an array.
    path: ['wecom', 'privilegedRoles'],
    kind: 'text',
    label: 'Roles never linked automatically',
    description:
      'Role names (role UIDs), separated by commas. A user with one of these roles, or with the root role, is never linked to WeCom automatically (by mobile number, email or username): an administrator links them. Leave empty for root and admin.',
    placeholder: 'root, admin', // the server's default (DEFAULT_PRIVILEGED_ROLES)
  },
  {
    path: ['wecom', 'matchBy'],
    kind: 'choices',
    label: 'Match existing users by',
    description:
      'A member not linked yet is linked to the one user with the same key, tried in this order: mobile number, email (the corporate one first), WeCom userid as username; the first key that finds a user decides. Users with a role listed above, or root, are never linked automatically. A QR sign-in carries only the userid, so only the username works there.',
    choices: choicesOf({ mobile: 'Mobile number', email: 'Email', username: 'WeCom userid as username' }),
    defaultValue: DEFAULT_MATCH_BY, // the server's default for an unset option
  },
  {
    path: ['wecom', 'syncProfile'],
    kind: 'choices',
    label: 'Update from WeCom at each sign-in',
    description:
      "At each sign-in inside WeCom, the fields ticked follow the member's WeCom profile. Email: the corporate email when there is one, never one another user has. Avatar: only when the users collection has a text field named avatar.",
    choices: choicesOf({ nickname: 'Nickname', email: 'Email', avatar: 'Avatar' }),
  },
  {
    path: ['wecom', 'signupRole'],
    kind: 'text',
    label: 'Role of auto-signup users',
    description:
      "The role name (role UID) given to the users auto-signup creates. Leave empty for NocoBase's default role. The root role is never given.",
  },
];

export const ADVANCED_DESCRIPTION =
  "The addresses are only for WeCom private deployments or an egress relay: leave them empty to use WeCom's public addresses.";

/** The placeholder text to show for `field` on a page served from `siteOrigin`. */
export function placeholderOf(field: SettingField, siteOrigin: string): string | undefined {
  return field.placeholder === 'this-site' ? siteOrigin : field.placeholder;
}
