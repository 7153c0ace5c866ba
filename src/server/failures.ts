import { InactiveMemberError, NotAMemberError } from './wecom/api';
import { MessageId, messageIdOf, MSG, MessageKey, MessageParams } from '../messages';
import { WecomApiError } from './wecom/errors';

/** Failures → messages: the one place where any error becomes one of the shared messages (`../messages`). */
export { MSG };
export type { MessageKey, MessageParams };

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

  /** The message's id, as URLs and JSON answers carry it. */
  get id(): MessageId {
    return messageIdOf(this.messageKey) ?? 'failed';
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
  // A token of another app's Secret than the AgentId's (message/send, agent/get).
  301002: MSG.badAgentId,
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

function isRethrownSignInError(error: unknown): error is SignInError {
  const key = (error as { messageKey?: unknown } | null)?.messageKey;
  return typeof key === 'string' && (Object.values(MSG) as string[]).includes(key);
}

function wecomMessage(error: WecomApiError): [MessageKey, MessageParams] {
  switch (error.kind) {
    case 'timeout':
      return [MSG.timeout, { seconds: Math.max(1, Math.round((error.timeoutMs || 0) / 1000)) }];
    case 'network':
      if (error.proxy) {
        return [error.httpStatus === 407 ? MSG.proxyRefused : MSG.proxyUnreachable, { host: error.proxy }];
      }
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
