/**
 * The fields of a WeCom contacts sync source (Settings → Synchronize user data → WeCom), in display order, and the
 * callback URL the admin copies into WeCom. The v1 (formily) and v2 (antd) forms both render this list. Paths are
 * relative to the source's `options`.
 */
import { ACTION_CONTACTS_CALLBACK, DEFAULTS, RESOURCE } from '../../constants';
import { type SettingField } from '../admin-form/settings-fields';
import { corpIdWarning } from '../admin-form/settings-checks';

export const SYNC_FIELDS: SettingField[] = [
  {
    path: ['corpId'],
    kind: 'text',
    label: 'Corp ID',
    description: 'Found in the WeCom admin console under My Company → Company Information.',
    required: true,
    warning: corpIdWarning,
  },
  {
    path: ['secret'],
    kind: 'password',
    label: 'Secret',
    description:
      "The self-built app's Secret: names and departments of the app's visible range (no mobiles for apps created after 2022-06-20). Or the contacts-sync Secret: the whole company with mobiles, but only from an IP trusted before 2022-08-15.",
    required: true,
    writeOnly: true,
  },
  {
    path: ['authenticator'],
    kind: 'text',
    label: 'WeCom authenticator',
    description:
      'The Auth UID of the WeCom authenticator (same Corp ID) whose bindings this source keeps: every synced member can then sign in with it. The sync calls WeCom as that authenticator does (its API base URL and proxy) and matches members by its "Match existing users by".',
    required: true,
  },
  {
    path: ['createUnmatched'],
    kind: 'checkbox',
    label: 'Create users for members no user matches',
    description:
      'Off (the default): a member no user matches stays unbound until their first sign-in inside WeCom. On: each becomes a new user. An app that gets no mobiles from WeCom (self-built apps since 2022-06-20) matches nobody by mobile, so everyone without a match becomes a new user: run Preview first. Administrator accounts are never matched.',
  },
  {
    path: ['removeLeavers'],
    kind: 'checkbox',
    label: 'Delete the users of members who leave',
    description:
      'A member who left, was disabled or is out of sight always loses the binding; this also deletes the user of a member who left the company. Never for a disabled member or a narrowed visible range, never root or a privileged role.',
  },
  {
    path: ['maxRemovals'],
    kind: 'number',
    label: 'Most unbinds at once',
    description:
      'A sync, or an hour of change events, that would unbind more members stops and writes nothing, and its task says how many. Empty: 10% of the bound members, at least 20.',
    placeholder: '20',
  },
  {
    path: ['confirmRemovals'],
    kind: 'checkbox',
    label: 'Allow the next sync to go over the limit',
    description:
      "Once: the next sync turns it off again. Check WeCom first: a narrowed visible range or another app's Secret also looks like many members leaving.",
  },
  {
    path: ['token'],
    kind: 'password',
    label: 'Token',
    description: 'Change events: the Token of Contacts Sync → "Set the server to receive events" in WeCom.',
    writeOnly: true,
  },
  { path: ['encodingAESKey'], kind: 'password', label: 'EncodingAESKey', writeOnly: true },
  { path: ['timeoutMs'], kind: 'number', label: 'Timeout (ms)', placeholder: String(DEFAULTS.timeoutMs) },
];

/**
 * `ORIGIN<api base>wecom:contactsCallback?source=NAME`, the URL of WeCom's "receive events" server; in a sub-app
 * `ORIGIN<api base>__app/<sub-app>/...` (WeCom's requests carry no `X-App` header).
 */
export function contactsCallbackUrlOf(
  origin: string,
  apiBasePath: string,
  source: string | undefined | null,
  subApp?: string | null,
): string | null {
  if (!source) return null;
  const app = subApp ? `__app/${encodeURIComponent(subApp)}/` : '';
  return `${origin}${apiBasePath}${app}${RESOURCE}:${ACTION_CONTACTS_CALLBACK}?source=${encodeURIComponent(source)}`;
}
