/**
 * Every message a sign-in can end with, shared by the server (which picks one) and both clients (which show it).
 * The sign-in page's URL carries only a message id (`?error=badState`) and the parameters below; the client
 * renders the text from its own locale files, so nothing an attacker writes into a URL is ever shown.
 * The values are the keys of the locale files (NocoBase uses the English text as the key).
 */
export const MSG = {
  notSetUp:
    'WeCom sign-in is not set up: {{fields}} missing. Ask the administrator to complete the authenticator settings.',
  badUrl: 'The {{field}} setting is not a valid http(s) URL.',
  unknownAuthenticator: 'No enabled WeCom sign-in method is named "{{name}}".',
  badRedirect: 'The address to return to after sign-in must be a path on this site.',
  badHost: 'This request does not say which site it is for (its Host header is missing or malformed).',
  handoffInvalid: 'This sign-in could not be completed in this browser, or it has expired. Please sign in again.',
  badState: 'This sign-in link is invalid or has expired. Please start WeCom sign-in again.',
  otherBrowser: 'This sign-in was started in another browser. Please start WeCom sign-in again here.',
  noCode: 'WeCom did not send an authorization code. Please start sign-in again.',
  notMember: 'Your WeCom account is not a member of this company, so it cannot sign in here.',
  inactive: 'Your WeCom account is disabled, not activated, or has left the company. Ask your WeCom administrator.',
  notLinkedYet:
    'Your WeCom account is not linked to a user yet. Open this app once from the WeCom workbench so that your mobile number can be matched.',
  noMobileShared:
    'WeCom did not share your mobile number. Ask the administrator to allow the app to read mobile numbers, then agree when WeCom asks.',
  noUserNoSignup:
    'No user has your mobile number, and automatic sign-up is off. Ask the administrator to create your account.',
  duplicatePhone:
    'More than one user has your mobile number, so nothing was linked. Ask the administrator to resolve the duplicate accounts.',
  linkedElsewhere:
    'The user with your mobile number is already linked to another WeCom account. Ask the administrator to check the link.',
  duplicateMatch:
    'More than one user matches your WeCom account, so nothing was linked. Ask the administrator to resolve the duplicate accounts.',
  matchLinkedElsewhere:
    'The user matching your WeCom account is already linked to another WeCom account. Ask the administrator to check the link.',
  autoLoginTaken:
    'Only one WeCom authenticator can sign in automatically in the WeCom browser; "{{name}}" already does.',
  busy: 'WeCom is busy. Please try again in a moment.',
  badSecret: 'WeCom rejected the Secret. Check the Secret of this app in the authenticator settings.',
  badCorpId: 'WeCom rejected the Corp ID. Check the Corp ID in the authenticator settings.',
  badAgentId: 'WeCom rejected the AgentId. Check the AgentId in the authenticator settings.',
  codeUsed: 'This WeCom authorization has expired or was already used. Please sign in again.',
  rateLimited: 'Too many calls to WeCom. Please try again in a minute.',
  apiForbidden: 'The WeCom app lacks permission for this API. Grant it in the WeCom admin console.',
  untrustedDomain:
    "This site is not a trusted domain of the WeCom app. Set the app's trusted domain to this site's domain.",
  outOfScope: 'You are not in the visible range of the WeCom app. Ask the administrator to add you or your department.',
  ipNotAllowed: 'WeCom refused the call from IP {{ip}}. Add this IP to the trusted IPs of the WeCom app.',
  memberNotFound: 'This member was not found in WeCom.',
  tokenRejected: 'WeCom rejected the access token. Please try again.',
  otherErrcode: 'WeCom answered with error {{errcode}}. Please try again, or give this code to the administrator.',
  timeout: 'WeCom did not answer within {{seconds}} seconds. Please try again.',
  unreachable: "Cannot reach WeCom at {{host}}. Check the server's network or the API base URL.",
  badResponse: 'WeCom sent an unexpected answer. Please try again.',
  failed: 'WeCom sign-in failed. Please try again.',
  privilegedNoAutoLink:
    'WeCom is not linked automatically to accounts with administrator rights. Sign in with your password, and ask an administrator to link your WeCom account.',
  // The outbound proxy (options.wecom.proxy or HTTPS_PROXY): named by host:port, never with its password.
  proxyUnreachable:
    'Cannot reach the outbound proxy at {{host}}. Check the proxy setting and that the proxy is running.',
  proxyRefused:
    'The outbound proxy at {{host}} refused to connect to WeCom. Check the user name and password in the proxy setting.',
  // "Check setup" (admin only, never in a URL): what to change in the WeCom admin console.
  agentClosed: 'The WeCom app is disabled. Enable it in the WeCom admin console under App Management → this app.',
  trustedDomainMissing:
    'The WeCom app has no trusted domain. In App Management → this app → "Web authorization and JS-SDK", set the trusted domain to {{expected}}.',
  trustedDomainMismatch:
    'The trusted domain of the WeCom app is "{{actual}}", but this site is "{{expected}}". In App Management → this app → "Web authorization and JS-SDK", set it to {{expected}} (no scheme, no :443).',
  homepageMissing:
    'The WeCom app has no homepage. In App Management → this app, set "Application homepage" to {{expected}}',
  homepageMismatch:
    'The homepage of the WeCom app is {{actual}}, not the workbench link. In App Management → this app, set "Application homepage" to {{expected}}',
  emptyRange:
    'Nobody can sign in: the visible range of the WeCom app is empty. In App Management → this app → "Visible range", add the members or departments who sign in.',
  checkTooOften: 'Check setup has just run for this authenticator. Please wait a few seconds and try again.',
  // Write-only settings (server secrets/): a saved secret is never answered, and goes nowhere else than where it was
  // saved for.
  secretNotKept:
    'The saved Secret is used only with the API base URL and the proxy it was saved with. Enter the Secret again to use it with new ones.',
  proxyPasswordNotKept:
    'The saved proxy password is used only with the proxy it was saved for. Type the password in the proxy setting instead of ********.',
  variablesNeedSave:
    'Save the authenticator first: NocoBase variables in its settings are used only with the saved API base URL and proxy.',
  writeOnlyFilter:
    'The settings of WeCom authenticators and sync sources cannot be searched: they hold write-only secrets.',
  // Linking accounts (pending-link.ts, link-on-sign-in.ts): a member NocoBase does not know yet links WeCom
  // by signing in another way.
  linkPending: 'Sign in with your NocoBase account to link WeCom ({{name}}).',
  linked: 'WeCom ({{name}}) is now linked to your account.',
  linkTaken: 'This WeCom account was linked to another user in the meantime, so nothing was linked.',
  linkUserHasOther:
    'Your account is already linked to another WeCom account, so nothing was linked. Unlink that one first.',
  linkExpired: 'The WeCom link has expired or its sign-in method has changed. Sign in with WeCom again to link it.',
  linkRootRefused: 'WeCom is never linked to the root account after a sign-in, so nothing was linked.',
  linkNotYours:
    'This WeCom link waits for the confirmation of the account that signed in where it was offered, so nothing was linked.',
  // The user center's "Link" (link-mode.ts) and "Unlink".
  linkNeedsSignIn: 'Sign in first to link your WeCom account.',
  memberLinkedToOther:
    'This WeCom account is already linked to another user. Ask the administrator to unlink it there first.',
  unlinked: 'WeCom ({{name}}) is no longer linked to your account.',
  // Syncing WeCom contacts (sync/): the task's message when a pull cannot run (admin-facing, never in a URL).
  contactsIpRestricted:
    "WeCom refuses to read contacts with this Secret from this server's IP (48009: the contacts-sync Secret only gives ids to IPs added after 2022-08-15). Use the Secret of the self-built app instead.",
  contactsNoPermission:
    'This Secret may not read contacts (301002). Use the Secret of the self-built app, or give its app access to contacts.',
  contactsOutOfRange:
    "A department or member is outside the visible range of the app whose Secret the sync uses (60011). Check the app's visible range.",
  syncNoAuthenticator: 'The sync source needs an existing WeCom authenticator; "{{name}}" is not one.',
  syncOtherCorp: 'The WeCom authenticator "{{name}}" is set to another Corp ID than this sync source.',
  syncOtherWecom:
    'This source calls WeCom at another API base URL or proxy than the authenticator "{{name}}", so it may not bind members. Clear its API base URL and proxy to use the authenticator\'s.',
  syncTooManyRemovals:
    'Nothing written: this sync would unbind {{unbind}} of {{bound}} bound members (delete {{remove}} users), over the limit of {{limit}}. Preview lists who would be unbound: check WeCom, then raise "Most unbinds at once" or tick "Allow the next sync to go over the limit".',
  syncEventsTooManyRemovals:
    'Held back: change events would unbind {{unbind}} of {{bound}} bound members within an hour, over the limit of {{limit}}. Preview lists who would be unbound: check WeCom, then raise "Most unbinds at once" or tick "Allow the next sync to go over the limit", and sync.',
  syncStopped:
    'The sync stopped before it finished (the server log has the cause). Sync again: the next sync finishes what this one began.',
  syncPreviewNoSource: 'No saved WeCom sync source is named "{{name}}". Save the source first, then preview it.',
} as const;

/** Why a synced member stays unbound: the task's message and Preview say it (server `sync/tally.ts`). */
export const UNBOUND_REASONS = {
  noKey: 'WeCom gives none of the keys they are matched by',
  noUser: 'no user has their key',
  ambiguous: 'their keys point at several users',
  privileged: 'administrator accounts are never linked automatically',
  linkedElsewhere: 'the user is linked to another member',
  error: 'failed, see the log',
} as const;

export type MessageId = keyof typeof MSG;
export type MessageKey = (typeof MSG)[MessageId];
export type MessageParams = Record<string, string | number>;

/** The required fields a `notSetUp` message may name (their labels are locale keys too). */
export const REQUIRED_FIELD_LABELS = ['Corp ID', 'AgentId', 'Secret'] as const;

/**
 * The only parameters a message may carry in a URL, each with the shape its value must have. A value of
 * another shape is dropped by the server and ignored by the client.
 */
export const MESSAGE_PARAMS: Record<string, RegExp> = {
  ip: /^[0-9A-Fa-f.:]{2,45}$/,
  errcode: /^-?\d{1,9}$/,
  seconds: /^\d{1,4}$/,
  status: /^\d{1,2}$/,
  host: /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/,
  field: /^(apiBaseUrl|oauthBaseUrl|ssoBaseUrl|origin|redirectPath|proxy)$/,
  fields: /^(Corp ID|AgentId|Secret)(, (Corp ID|AgentId|Secret)){0,2}$/,
  name: /^[A-Za-z0-9_.-]{1,64}$/,
};

/** The URL query key of a message parameter (`error_ip=...`), beside `error=<id>`. */
export const messageParamKey = (param: string) => `error_${param}`;

const ID_BY_KEY = new Map<string, MessageId>(Object.entries(MSG).map(([id, key]) => [key, id as MessageId]));

/** The id of a message key (its English text), or undefined for a text that is not one of ours. */
export function messageIdOf(key: string): MessageId | undefined {
  return ID_BY_KEY.get(key);
}

/** The parameters worth putting in a URL: known names whose values have the expected shape. */
export function safeMessageParams(params: MessageParams): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const text = String(value);
    if (MESSAGE_PARAMS[name]?.test(text)) {
      safe[name] = text;
    }
  }
  return safe;
}
