/**
 * The fields of the WeCom authenticator settings, in display order. The v1 (formily) and v2 (antd)
 * forms both render this list, so the two stay the same. Paths are relative to `options`.
 */
import { DEFAULTS } from '../../constants';
import { corpIdWarning, originError, redirectPathError } from './settings-checks';

export type SettingKind = 'checkbox' | 'text' | 'password' | 'number';

export interface SettingField {
  /** Path under the record's `options`, e.g. `['wecom', 'corpId']`. */
  path: string[];
  kind: SettingKind;
  /** Locale key of the label. */
  label: string;
  /** Locale key of the help text under the field. */
  description?: string;
  required?: boolean;
  /** Placeholder shown as is (defaults), or 'this-site' for the page's own origin. */
  placeholder?: string | 'this-site';
  /** Returns a locale key when the value is wrong (refuses saving). */
  error?: (value: unknown) => string | undefined;
  /** Returns a locale key when the value looks odd (does not refuse saving). */
  warning?: (value: unknown) => string | undefined;
}

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
  { path: ['wecom', 'secret'], kind: 'password', label: 'Secret', required: true },
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

/** Folded under "Advanced": addresses for WeCom private deployments and egress relays, and who is never linked by phone. */
export const ADVANCED_FIELDS: SettingField[] = [
  { path: ['wecom', 'apiBaseUrl'], kind: 'text', label: 'API base URL', placeholder: DEFAULTS.apiBaseUrl },
  { path: ['wecom', 'oauthBaseUrl'], kind: 'text', label: 'OAuth base URL', placeholder: DEFAULTS.oauthBaseUrl },
  { path: ['wecom', 'ssoBaseUrl'], kind: 'text', label: 'SSO base URL', placeholder: DEFAULTS.ssoBaseUrl },
  { path: ['wecom', 'timeoutMs'], kind: 'number', label: 'Timeout (ms)', placeholder: String(DEFAULTS.timeoutMs) },
  {
    path: ['wecom', 'proxy'],
    kind: 'text',
    label: 'Outbound proxy',
    description:
      'Every call to WeCom goes through this HTTP proxy: http(s)://[user:password@]host:port. Leave empty to use the HTTPS_PROXY and NO_PROXY environment variables of the server.',
  },
  {
    // Text of comma-separated names (the forms have no tag input); the server also takes an array.
    path: ['wecom', 'privilegedRoles'],
    kind: 'text',
    label: 'Roles never linked by phone',
    description:
      'Role names (role UIDs), separated by commas. A user with one of these roles, or with the root role, is never linked to WeCom by mobile number: an administrator links them. Leave empty for root and admin.',
    placeholder: 'root, admin', // the server's default (DEFAULT_PRIVILEGED_ROLES)
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
