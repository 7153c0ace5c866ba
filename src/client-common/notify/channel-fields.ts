/**
 * The settings of a WeCom notification channel (`notificationChannels.options`, read by the server's
 * `notify/channel-settings.ts`): which WeCom authenticator sends, and the site's public address for the card's link
 * when that authenticator has no Origin. The v1 (formily) and v2 (antd) forms both draw these.
 */
import type { SettingField } from '../admin-form/settings-fields';
import { originError } from '../admin-form/settings-checks';

export const CHANNEL_AUTHENTICATOR = {
  path: ['authenticator'],
  label: 'WeCom authenticator',
  description:
    'Its WeCom app sends the messages (Corp ID, AgentId, Secret, proxy). A user receives them once linked to WeCom through it: a WeCom sign-in or the contacts sync.',
  required: true,
} as const;

export const CHANNEL_ORIGIN: SettingField = {
  path: ['origin'],
  kind: 'text',
  label: 'Public address of this site',
  description:
    "Used for the messages' links only when the authenticator has no Origin: the scheme and host members reach this NocoBase at, e.g. https://nocobase.example.com.",
  placeholder: 'this-site',
  error: originError,
};

/** Shown in the authenticator select when there is none to pick. */
export const NO_AUTHENTICATOR = 'No WeCom authenticator is enabled: add one under Settings → Authentication.';
