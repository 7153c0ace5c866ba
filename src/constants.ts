/** Names shared by the server and both client bundles. Nothing here may import NocoBase. */

/** The `authType` of the authenticator records this plugin serves. */
export const AUTH_TYPE = 'wecom';

/** i18n namespace: NocoBase keys plugin translations by package name. */
export const NAMESPACE = '@nocobase-wecom/plugin-auth-wecom';

/** The public resource and its actions (`/api/wecom:getAuthUrl`, ...). */
export const RESOURCE = 'wecom';
export const ACTION_GET_AUTH_URL = 'getAuthUrl';
export const ACTION_REDIRECT = 'redirect';
export const ACTION_WORKBENCH = 'workbench';
/** "Check setup" of the admin form: not public (authenticator managers only). */
export const ACTION_CHECK_SETUP = 'checkSetup';
/** `POST wecom:handoff` `{ code }`: the landing page trades the callback's one-time code for the token. */
export const ACTION_HANDOFF = 'handoff';
/** Linking accounts: this browser's pending link (`GET`, public) and its Cancel / "Not me" (`POST`, public). */
export const ACTION_PENDING_LINK = 'pendingLink';
export const ACTION_CANCEL_LINK = 'cancelLink';
/**
 * After a sign-in on the page that showed the pending link: what is about to be linked (`GET`) and the owner's
 * confirmation, the only thing that binds (`POST` `{ id }`); both for the signed-in user only.
 */
export const ACTION_LINK_CONFIRMATION = 'linkConfirmation';
export const ACTION_CONFIRM_LINK = 'confirmLink';
/** The user center: the signed-in user's binding (`GET`), and "Unlink" (`POST`); "Link" is `getAuthUrl?mode=link`. */
export const ACTION_MY_LINK = 'myLink';
export const ACTION_UNLINK = 'unlink';
/** Admins (authenticator managers only): an authenticator's bindings (`GET`), and removing one (`POST`). */
export const ACTION_LINKED_USERS = 'linkedUsers';
export const ACTION_UNLINK_USER = 'unlinkUser';
export const LINK_MODE = 'link';
/** The sign-in page's query says a pending link waits: `?authenticator=NAME&error=<id>&link=pending`. */
export const LINK_PARAM = 'link';
/**
 * On the request of an `auth:signIn` made on the page that shows the pending link: the link's id, as
 * `wecom:pendingLink` gave it to that page. A sign-in without it (another page, another tab, an API client)
 * links nothing and drops the pending link.
 */
export const LINK_PROMPT_HEADER = 'x-wecom-link-prompt';
/**
 * On the answer of a successful `auth:signIn` that carried the prompt: `confirm` (the page now asks the user to
 * confirm the link) or a refusal's message id; and the member's WeCom name, URL-encoded.
 */
export const LINK_OUTCOME_HEADER = 'x-wecom-link';
export const LINK_NAME_HEADER = 'x-wecom-link-name';
export const LINK_CONFIRM = 'confirm';

/** The source type of NocoBase's user data synchronization this plugin adds (contacts sync, server `sync/`). */
export const SYNC_SOURCE_TYPE = 'wecom';
/** `GET|POST wecom:contactsCallback?source=NAME`: WeCom's contacts change events (public). */
export const ACTION_CONTACTS_CALLBACK = 'contactsCallback';
/** `POST wecom:previewSync` `{ name }`: what a pull of the saved source would do, writing nothing (sync managers). */
export const ACTION_PREVIEW_SYNC = 'previewSync';

/** The channel type of NocoBase's notification manager this plugin adds (server `notify/`, client-common `notify/`). */
export const NOTIFY_CHANNEL_TYPE = 'wecom';
/** A WeCom message's `msgType`: a text card (the default), markdown, text, or a template card (text notice). */
export const NOTIFY_MESSAGE_TYPES = ['textcard', 'markdown', 'text', 'template_card'] as const;
export type NotifyMessageType = (typeof NOTIFY_MESSAGE_TYPES)[number];
export const NOTIFY_DEFAULT_MESSAGE_TYPE: NotifyMessageType = 'textcard';

/** Defaults of `options.wecom.*` (see README, "Options"). */
export const DEFAULTS = {
  redirectPath: '/admin',
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
  oauthBaseUrl: 'https://open.weixin.qq.com',
  ssoBaseUrl: 'https://login.work.weixin.qq.com',
  timeoutMs: 5000,
} as const;

/**
 * `options.wecom.matchBy`: the keys a sign-in matches an unbound member to an existing user by, tried in this
 * order of trust (mobile, then email, then the WeCom userid as the username); by default the mobile only.
 */
export const MATCH_KEYS = ['mobile', 'email', 'username'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];
export const DEFAULT_MATCH_BY: MatchKey[] = ['mobile'];

/** `options.wecom.syncProfile`: the user fields an in-client sign-in keeps in step with WeCom; none by default. */
export const PROFILE_FIELDS = ['nickname', 'email', 'avatar'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The WeCom in-app browser announces itself with `wxwork` in its User-Agent (plain WeChat does not). */
export function isWecomBrowser(userAgent: string | undefined | null): boolean {
  return /wxwork/i.test(userAgent || '');
}
