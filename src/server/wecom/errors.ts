/**
 * Every way a call to WeCom can fail, as one typed error. It says what happened, not what to tell a user:
 * the mapping to localized messages lives in `../messages.ts`. Nothing here may carry the Secret or a token.
 */
export type WecomErrorKind =
  | 'errcode' // WeCom answered with a non-zero errcode
  | 'timeout' // no answer within timeoutMs
  | 'network' // connection refused, reset, DNS, ...
  | 'bad-response'; // HTTP status other than 200, a body that is not JSON, a truncated body

export class WecomApiError extends Error {
  readonly kind: WecomErrorKind;
  readonly errcode?: number;
  /** WeCom's own errmsg; kept for the log and for the IP of 60020, never shown as is. */
  readonly errmsg?: string;
  readonly httpStatus?: number;
  /** The host that was called (no path, no query: the query holds the token). */
  readonly host?: string;
  readonly timeoutMs?: number;
  /** `host:port` of the proxy when it is the part that failed (unreachable, or refused the tunnel: 407). */
  readonly proxy?: string;

  constructor(
    kind: WecomErrorKind,
    details: {
      errcode?: number;
      errmsg?: string;
      httpStatus?: number;
      host?: string;
      timeoutMs?: number;
      proxy?: string;
    } = {},
  ) {
    super(describe(kind, details));
    this.name = 'WecomApiError';
    this.kind = kind;
    Object.assign(this, details);
  }

  /** The token was refused: fetch a new one and retry the call once. */
  get isTokenRejected(): boolean {
    return this.kind === 'errcode' && TOKEN_REJECTED.has(this.errcode as number);
  }

  /** For 60020 WeCom puts the caller's IP in errmsg (`from ip: 1.2.3.4`). */
  get callerIp(): string | undefined {
    return /from ip:\s*([0-9a-fA-F.:]+)/.exec(this.errmsg || '')?.[1];
  }
}

const TOKEN_REJECTED = new Set([40014, 42001]);

function describe(
  kind: WecomErrorKind,
  d: { errcode?: number; errmsg?: string; httpStatus?: number; host?: string; proxy?: string },
) {
  if (kind === 'network' && d.proxy) {
    return `proxy ${d.proxy} ${d.httpStatus === 407 ? 'refused the tunnel (HTTP 407)' : 'unreachable'} (WeCom at ${d.host})`;
  }
  switch (kind) {
    case 'errcode':
      return `WeCom errcode ${d.errcode}: ${d.errmsg ?? ''}`.trim();
    case 'timeout':
      return `WeCom did not answer in time (${d.host})`;
    case 'network':
      return `WeCom unreachable (${d.host})`;
    default:
      return `WeCom sent an unexpected answer (${d.host}${d.httpStatus ? `, HTTP ${d.httpStatus}` : ''})`;
  }
}
