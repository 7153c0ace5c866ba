/**
 * The access_tokens of the loopback emulator (see index.ts): `gettoken` for the app's Secret and for the other
 * Secrets a test lists (secretPolicies, e.g. the contacts-sync one), kept apart; expiry and revocation with
 * WeCom's errcodes.
 */
import { rand, wxError, type Json } from './errors';
import type { EmulatorOptions } from './types';

interface TokenRec {
  expiresAt: number;
  revokedWith?: number;
  secret?: string;
}
export class EmulatorTokens {
  private tokens = new Map<string, TokenRec>();
  private current?: string;
  /** Current tokens of the other Secrets (secretPolicies), by Secret. */
  private currentOf = new Map<string, string>();

  constructor(private readonly opts: EmulatorOptions) {}

  /** The Secret a token was issued for, when not the app's. */
  secretOf(token: string): string | undefined {
    return this.tokens.get(token)?.secret;
  }

  /** Every access_token handed out so far (for tests that prove no token leaks anywhere). */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  expireTokens(errcode: number): void {
    for (const rec of this.tokens.values()) rec.revokedWith = errcode;
    this.current = undefined;
    this.currentOf.clear();
  }

  /**
   * Like WeCom, a valid token is handed out again (with its remaining lifetime) until it expires.
   * Emulator choice: changing the secret with update() does not revoke tokens already issued.
   */
  gettoken(q: URLSearchParams): Json {
    const corpid = q.get('corpid');
    const secret = q.get('corpsecret');
    if (!corpid) return wxError(41002);
    if (!secret) return wxError(41004);
    if (corpid !== this.opts.corpId) return wxError(40013);
    if (secret !== this.opts.secret && !this.opts.secretPolicies?.[secret]) return wxError(40001);
    if (secret !== this.opts.secret) return this.otherToken(secret);
    const now = Date.now();
    let rec = this.current ? this.tokens.get(this.current) : undefined;
    if (!this.current || !rec || rec.revokedWith || rec.expiresAt <= now) {
      this.current = rand(128); // 171 URL-safe characters, under the 512-byte limit
      rec = { expiresAt: now + (this.opts.tokenTtlSeconds ?? 7200) * 1000 };
      this.tokens.set(this.current, rec);
    }
    // A fractional test TTL is reported as at least 1 second.
    const expiresIn = Math.max(1, Math.round((rec.expiresAt - now) / 1000));
    return { errcode: 0, errmsg: 'ok', access_token: this.current, expires_in: expiresIn };
  }

  /** A token of another Secret than the app's (the contacts-sync one): the same rules, kept apart. */
  private otherToken(secret: string): Json {
    const now = Date.now();
    const token = this.currentOf.get(secret);
    let rec = token ? this.tokens.get(token) : undefined;
    let issued = token;
    if (!issued || !rec || rec.revokedWith || rec.expiresAt <= now) {
      issued = rand(128);
      rec = { expiresAt: now + (this.opts.tokenTtlSeconds ?? 7200) * 1000, secret };
      this.tokens.set(issued, rec);
      this.currentOf.set(secret, issued);
    }
    const expiresIn = Math.max(1, Math.round((rec.expiresAt - now) / 1000));
    return { errcode: 0, errmsg: 'ok', access_token: issued, expires_in: expiresIn };
  }

  check(token: string | null): Json | undefined {
    if (!token) return wxError(41001);
    const rec = this.tokens.get(token);
    if (!rec) return wxError(40014);
    if (rec.revokedWith) return wxError(rec.revokedWith);
    if (rec.expiresAt <= Date.now()) return wxError(42001);
    return undefined;
  }
}
