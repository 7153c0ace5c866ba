import { InactiveMemberError, NotAMemberError } from './wecom/api';
import { WecomApiError } from './wecom/errors';

/**
 * Every message a user or an admin can get from the server, by name. The values are the keys of the
 * locale files (NocoBase uses the English text as the key).
 */
export const MSG = {
  notSetUp:
    'WeCom sign-in is not set up: {{fields}} missing. Ask the administrator to complete the authenticator settings.',
  badUrl: 'The {{field}} setting is not a valid http(s) URL.',
  unknownAuthenticator: 'No enabled WeCom sign-in method is named "{{name}}".',
  badRedirect: 'The address to return to after sign-in must be a path on this site.',
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
  outOfScope:
    'You are not in the visible range of the WeCom app. Ask the administrator to add you or your department.',
  ipNotAllowed: 'WeCom refused the call from IP {{ip}}. Add this IP to the trusted IPs of the WeCom app.',
  memberNotFound: 'This member was not found in WeCom.',
  tokenRejected: 'WeCom rejected the access token. Please try again.',
  otherErrcode: 'WeCom answered with error {{errcode}}. Please try again, or give this code to the administrator.',
  timeout: 'WeCom did not answer within {{seconds}} seconds. Please try again.',
  unreachable: "Cannot reach WeCom at {{host}}. Check the server's network or the API base URL.",
  badResponse: 'WeCom sent an unexpected answer. Please try again.',
  failed: 'WeCom sign-in failed. Please try again.',
} as const;

export type MessageKey = (typeof MSG)[keyof typeof MSG];
export type MessageParams = Record<string, string | number>;

/** A refusal with a message for the person in front of the browser. `status` is for JSON answers. */
export class SignInError extends Error {
  readonly messageKey: MessageKey;
  readonly params: MessageParams;
  readonly status: number;
  /** Set when the cause is worth a line in the server log (an unexpected failure, a misconfiguration). */
  readonly cause?: unknown;

  constructor(messageKey: MessageKey, params: MessageParams = {}, status = 401, cause?: unknown) {
    super(messageKey);
    this.name = 'SignInError';
    this.messageKey = messageKey;
    this.params = params;
    this.status = status;
    this.cause = cause;
  }
}

const ERRCODE_MESSAGES: Record<number, MessageKey> = {
  [-1]: MSG.busy,
  40001: MSG.badSecret,
  40091: MSG.badSecret,
  40013: MSG.badCorpId,
  40014: MSG.tokenRejected,
  42001: MSG.tokenRejected,
  40029: MSG.codeUsed,
  42022: MSG.codeUsed,
  40056: MSG.badAgentId,
  45009: MSG.rateLimited,
  45033: MSG.rateLimited,
  48002: MSG.apiForbidden,
  50001: MSG.untrustedDomain,
  50002: MSG.outOfScope,
  60011: MSG.outOfScope,
  60020: MSG.ipNotAllowed,
  60111: MSG.memberNotFound,
};

/** The one place where any failure becomes a message. */
export function toSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) {
    return error;
  }
  if (isRethrownSignInError(error)) {
    // BaseAuth.signIn() re-throws validate()'s errors as HTTP errors carrying their fields.
    return new SignInError(error.messageKey, error.params, error.status, error.cause);
  }
  if (error instanceof NotAMemberError) {
    return new SignInError(MSG.notMember);
  }
  if (error instanceof InactiveMemberError) {
    return new SignInError(MSG.inactive, { status: error.status });
  }
  if (error instanceof WecomApiError) {
    return new SignInError(...wecomMessage(error), 502, error);
  }
  return new SignInError(MSG.failed, {}, 500, error);
}

function isRethrownSignInError(error: any): error is SignInError {
  return Boolean(error) && Object.values(MSG).includes(error.messageKey);
}

function wecomMessage(error: WecomApiError): [MessageKey, MessageParams] {
  switch (error.kind) {
    case 'timeout':
      return [MSG.timeout, { seconds: Math.max(1, Math.round((error.timeoutMs || 0) / 1000)) }];
    case 'network':
      return [MSG.unreachable, { host: error.host || '' }];
    case 'bad-response':
      return [MSG.badResponse, {}];
    default: {
      const key = ERRCODE_MESSAGES[error.errcode as number];
      if (key === MSG.ipNotAllowed) {
        return [key, { ip: error.callerIp || '?' }];
      }
      return key ? [key, {}] : [MSG.otherErrcode, { errcode: error.errcode ?? '?' }];
    }
  }
}
